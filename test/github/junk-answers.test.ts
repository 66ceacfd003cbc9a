/**
 * Answers GitHub never sends, against the fake server: an HTML page with status
 * 200, invalid or truncated JSON, a body that stalls, JSON of another shape, an
 * issue too large to keep, a server that only ever answers 5xx. None of them may
 * reach the cache: the cached state is kept, a warning says why, and the run ends
 * in bounded time.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxTitleLength } from '../../src/lib/github/answers.ts';
import { resolveStates, type ResolveOptions } from '../../src/lib/github/client.ts';
import type { GithubTarget } from '../../src/lib/issue-state.ts';
import { startFakeGithub, type FakeFailure, type FakeGithub } from './fake-server.ts';

const token = 'ghp_junkAnswersToken0123456789abcdefAB';
const closed: GithubTarget = { owner: 'acme', repo: 'api', number: 102 };
const open: GithubTarget = { owner: 'acme', repo: 'api', number: 101 };
const merged: GithubTarget = { owner: 'acme', repo: 'api', number: 201 };

let fake: FakeGithub;
let cacheFile: string;

beforeEach(async () => {
  fake = await startFakeGithub(
    {
      'acme/api#101': { title: 'Add a canary stage', state: 'open' },
      'acme/api#102': { title: 'Alert on expiry', state: 'closed', closedAt: '2024-01-10T12:00:00Z' },
      'acme/api#201': { title: 'Commit the rotated secret', state: 'closed', pull: { merged: true, mergedAt: '2024-01-05T09:00:00Z' } },
    },
    token,
  );
  cacheFile = join(await mkdtemp(join(tmpdir(), 'hindsight-junk-')), 'github.json');
});

afterEach(async () => {
  await fake.close();
});

function options(extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return { mode: 'live', cacheFile, apiUrl: fake.url, token, retryUnitMs: 20, timeoutMs: 2000, ...extra };
}

/** Fills the cache with the real states, then makes the next answer for `target` junk. */
async function cachedThenJunk(target: GithubTarget, failure: FakeFailure) {
  await resolveStates([target], options());
  const before = await readFile(cacheFile, 'utf8');
  fake.requests.length = 0;
  // Cleared ETags make the next request unconditional, so the junk is a 200 and not a 304.
  const cache = JSON.parse(before);
  for (const entry of Object.values(cache.apis[fake.url]) as { etag?: string }[]) delete entry.etag;
  const { writeFile } = await import('node:fs/promises');
  await writeFile(cacheFile, JSON.stringify(cache));
  fake.failures.set(`/repos/${target.owner}/${target.repo}/issues/${target.number}`, [failure]);
  const result = await resolveStates([target], options());
  return { result, cache: JSON.parse(await readFile(cacheFile, 'utf8')) };
}

describe('junk answers keep the cached state', () => {
  const cases: [string, FakeFailure, RegExp][] = [
    ['an HTML page with status 200', { kind: 'html' }, /invalid answer from GitHub \(an HTML page\)/],
    ['invalid JSON', { kind: 'invalid-json' }, /invalid answer from GitHub \(invalid JSON\)/],
    ['a body cut short of its Content-Length', { kind: 'truncated' }, /invalid answer from GitHub \(a truncated body\)/],
    ['an empty object', { kind: 'json', body: {} }, /invalid answer from GitHub \(JSON that is not an issue\)/],
    ['a list', { kind: 'json', body: [] }, /invalid answer from GitHub \(a JSON list, not an issue\)/],
    ['null', { kind: 'json', body: null }, /invalid answer from GitHub \(JSON null, not an issue\)/],
    ['a string', { kind: 'json', body: 'closed' }, /invalid answer from GitHub \(a JSON string, not an issue\)/],
    ['a state GitHub does not have', { kind: 'json', body: { number: 102, state: 'reopened', title: 'x' } }, /not an issue/],
    ['an issue without a title', { kind: 'json', body: { number: 102, state: 'open' } }, /not an issue/],
    ['another issue', { kind: 'json', body: { number: 7, state: 'open', title: 'Something else' } }, /issue #7 instead of #102/],
  ];
  for (const [name, failure, problem] of cases) {
    it(`keeps the cached state after ${name}`, async () => {
      const { result, cache } = await cachedThenJunk(closed, failure);
      expect(result.states[0]).toMatchObject({ state: 'closed', source: 'cache', title: 'Alert on expiry' });
      expect(result.states[0]?.problem).toMatch(problem);
      expect(result.stats).toMatchObject({ fetched: 0, fromCache: 1 });
      expect(result.warnings.join('\n')).toMatch(/GitHub: 1 of 1 reference could not be fetched \(invalid answer from GitHub/);
      expect(cache.apis[fake.url]['acme/api#102']).toMatchObject({ state: 'closed', title: 'Alert on expiry' });
    });
  }

  it('times out a body that stalls after its headers, and keeps the cached state', async () => {
    await resolveStates([closed, open], options());
    fake.requests.length = 0;
    fake.always = { kind: 'stall' };
    const started = performance.now();
    const result = await resolveStates([closed, open], options({ timeoutMs: 300, concurrency: 1 }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.states.map((state) => [state.state, state.source])).toEqual([
      ['closed', 'cache'],
      ['open', 'cache'],
    ]);
    expect(result.states[0]?.problem).toBe('timed out after 300 ms');
    // A stalled body is a timeout like any other: the rest is not requested.
    expect(fake.requests).toHaveLength(1);
  });

  it('checks the pull request answer too, and keeps the cached merge state when it is junk', async () => {
    await resolveStates([merged], options());
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    delete cache.apis[fake.url]['acme/api#201'].etag;
    delete cache.apis[fake.url]['acme/api#201'].pullEtag;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(cacheFile, JSON.stringify(cache));
    fake.failures.set('/repos/acme/api/pulls/201', [{ kind: 'json', body: { number: 201, state: 'closed', merged: 'yes' } }]);
    const result = await resolveStates([merged], options());
    // The issue's own `pull_request.merged_at` still says it was merged.
    expect(result.states[0]).toMatchObject({ state: 'merged', source: 'live', mergedAt: '2024-01-05T09:00:00Z' });
  });

  it("treats an HTML 404 (a wrong API URL) as junk, and only GitHub's JSON 404 as a missing issue", async () => {
    const html = await cachedThenJunk(closed, { kind: 'status', status: 404, html: true });
    expect(html.result.states[0]).toMatchObject({ state: 'closed', source: 'cache', problem: 'invalid answer from GitHub (an HTML page)' });
    const json = await cachedThenJunk(closed, { kind: 'status', status: 404 });
    expect(json.result.states[0]).toMatchObject({ state: 'missing', source: 'live' });
  });
});

describe('sizes are bounded', () => {
  it('caps a long title in the state and the cache', async () => {
    fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'huge-title', length: 100_000 }]);
    const result = await resolveStates([open], options());
    const title = result.states[0]?.title ?? '';
    expect(result.states[0]).toMatchObject({ state: 'open', source: 'live' });
    expect(title.length).toBeLessThanOrEqual(maxTitleLength);
    expect(title.endsWith('…')).toBe(true);
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    expect(cache.apis[fake.url]['acme/api#101'].title.length).toBeLessThanOrEqual(maxTitleLength);
  });

  it('abandons an answer over the size limit, streamed or declared, without reading it all', async () => {
    await resolveStates([open], options());
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    delete cache.apis[fake.url]['acme/api#101'].etag;
    const { writeFile } = await import('node:fs/promises');
    for (const declareLength of [false, true]) {
      await writeFile(cacheFile, JSON.stringify(cache));
      // 300 MB if it were read: the fake only writes what the client takes.
      fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'huge-title', length: 300 * 1024 * 1024, declareLength }]);
      const started = performance.now();
      const result = await resolveStates([open], options());
      expect(performance.now() - started).toBeLessThan(5000);
      expect(result.states[0]).toMatchObject({
        state: 'open',
        source: 'cache',
        title: 'Add a canary stage',
        problem: 'invalid answer from GitHub (larger than 1 MB)',
      });
    }
  });

  it('strips control characters (terminal escapes) from titles', async () => {
    fake.issues.set('acme/api#101', { title: 'Fix \u001b[2Jthe\u0007 deploy\nnow', state: 'open', labels: ['a\u001b[31mred'] });
    const result = await resolveStates([open], options());
    expect(result.states[0]?.title).toBe('Fix  [2Jthe  deploy now');
    expect(result.states[0]?.labels).toEqual(['a [31mred']);
  });
});

describe('server errors stop the run', () => {
  const many = Array.from({ length: 41 }, (_, position): GithubTarget => ({ owner: 'acme', repo: 'api', number: 1000 + position }));

  for (const status of [500, 502, 503]) {
    it(`stops after a few HTTP ${status} answers in a row, with GitHub's own retry waits`, async () => {
      fake.always = { kind: 'status', status };
      const started = performance.now();
      // The default wait unit (1 s, GitHub's): the breaker, not a short test unit, keeps this fast.
      const result = await resolveStates(many, options({ retryUnitMs: undefined }));
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(4000);
      expect(fake.requests.length).toBeLessThanOrEqual(8);
      expect(result.states.every((state) => state.state === 'unknown')).toBe(true);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(
        new RegExp(
          `^GitHub: 41 of 41 references could not be fetched \\(GitHub failed 5 times in a row \\(last: HTTP ${status}\\)( ×\\d+)?; \\d+ not requested after that\\); 0 from the cache, 41 unknown$`,
        ),
      );
    });
  }

  it('stops after junk answers in a row too', async () => {
    fake.always = { kind: 'html' };
    const result = await resolveStates(many, options());
    expect(fake.requests.length).toBeLessThanOrEqual(8);
    expect(result.warnings.join('\n')).toMatch(/GitHub failed 5 times in a row \(last: an HTML page\)/);
  });

  it('keeps going when the errors are not in a row', async () => {
    for (const target of many.slice(0, 10)) {
      fake.issues.set(`acme/api#${target.number}`, { title: `Issue ${target.number}`, state: 'open' });
    }
    // Every other issue fails once (and is retried): never five failures in a row.
    for (const target of many.slice(0, 10).filter((_, position) => position % 2 === 0)) {
      fake.failures.set(`/repos/acme/api/issues/${target.number}`, [{ kind: 'status', status: 502 }]);
    }
    const result = await resolveStates(many.slice(0, 10), options({ concurrency: 1 }));
    expect(result.stats.fetched).toBe(10);
    expect(result.warnings).toEqual([]);
  });

  it('waits one unit before each first retry, however many requests fail at once', async () => {
    const four = many.slice(0, 4);
    for (const target of four) {
      fake.issues.set(`acme/api#${target.number}`, { title: `Issue ${target.number}`, state: 'open' });
      fake.failures.set(`/repos/acme/api/issues/${target.number}`, [{ kind: 'status', status: 502 }]);
    }
    const started = performance.now();
    // The retry plugin keeps its attempt count in `options.request`: shared, four first retries would wait 1, 4, 4, 4 s.
    const result = await resolveStates(four, options({ retryUnitMs: 1000, concurrency: 4 }));
    expect(performance.now() - started).toBeLessThan(2500);
    expect(result.stats.fetched).toBe(4);
  });

  it('bounds the whole run in time', async () => {
    fake.always = { kind: 'status', status: 500 };
    const started = performance.now();
    const result = await resolveStates(many, options({ maxConsecutiveFailures: 1000, totalTimeoutMs: 500, retryUnitMs: 200, concurrency: 2 }));
    expect(performance.now() - started).toBeLessThan(2500);
    expect(result.warnings.join('\n')).toMatch(/the GitHub requests took longer than 0.5 s in all/);
    expect(result.states.every((state) => state.state === 'unknown')).toBe(true);
  });
});
