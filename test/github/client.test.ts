/**
 * The GitHub client against the fake server: the real Octokit, its plugins and
 * its HTTP path, with conditional requests, rate limits, errors and timeouts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveStates, type ResolveOptions } from '../../src/lib/github/client.ts';
import type { GithubTarget } from '../../src/lib/issue-state.ts';
import { closedPort, startFakeGithub, type FakeGithub } from './fake-server.ts';

const token = 'ghp_fakeTokenForTests0123456789abcdefABCD';

const targets = {
  open: { owner: 'acme', repo: 'api', number: 101 },
  closed: { owner: 'acme', repo: 'api', number: 102 },
  notPlanned: { owner: 'acme', repo: 'api', number: 103 },
  merged: { owner: 'acme', repo: 'api', number: 201 },
  unmerged: { owner: 'acme', repo: 'api', number: 202 },
  missing: { owner: 'acme', repo: 'api', number: 999 },
} satisfies Record<string, GithubTarget>;

let fake: FakeGithub;
let cacheFile: string;

beforeEach(async () => {
  fake = await startFakeGithub(
    {
      'acme/api#101': { title: 'Add a canary stage', state: 'open', labels: ['reliability'], assignees: ['alice'] },
      'acme/api#102': { title: 'Alert on expiry', state: 'closed', closedAt: '2024-01-10T12:00:00Z' },
      'acme/api#103': { title: 'Rewrite the deployer', state: 'closed', stateReason: 'not_planned', closedAt: '2024-02-01T08:00:00Z' },
      'acme/api#201': {
        title: 'Commit the rotated secret',
        state: 'closed',
        closedAt: '2024-01-05T09:00:00Z',
        pull: { merged: true, mergedAt: '2024-01-05T09:00:00Z' },
      },
      'acme/api#202': { title: 'Try a fix', state: 'open', pull: { merged: false } },
    },
    token,
  );
  cacheFile = join(await mkdtemp(join(tmpdir(), 'hindsight-cache-')), 'github.json');
});

afterEach(async () => {
  await fake.close();
});

function options(extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return { mode: 'live', cacheFile, apiUrl: fake.url, token, retryUnitMs: 20, timeoutMs: 2000, ...extra };
}

describe('resolveStates', () => {
  it('reads open, closed (with reason), merged, unmerged and missing references', async () => {
    const result = await resolveStates(Object.values(targets), options());
    const byNumber = new Map(result.states.map((state) => [state.key, state]));
    expect(byNumber.get('acme/api#101')).toMatchObject({
      state: 'open',
      kind: 'issue',
      title: 'Add a canary stage',
      labels: ['reliability'],
      assignees: ['alice'],
      source: 'live',
    });
    expect(byNumber.get('acme/api#102')).toMatchObject({ state: 'closed', reason: 'completed', closedAt: '2024-01-10T12:00:00Z' });
    expect(byNumber.get('acme/api#103')).toMatchObject({ state: 'closed', reason: 'not_planned' });
    expect(byNumber.get('acme/api#201')).toMatchObject({ state: 'merged', kind: 'pull', mergedAt: '2024-01-05T09:00:00Z' });
    expect(byNumber.get('acme/api#202')).toMatchObject({ state: 'open', kind: 'pull' });
    expect(byNumber.get('acme/api#999')).toMatchObject({ state: 'missing', source: 'live' });
    expect(result.warnings).toEqual([]);
    // Six issue requests and two pull request requests, none conditional the first time.
    expect(fake.requests.map((request) => request.path).sort()).toEqual([
      '/repos/acme/api/issues/101',
      '/repos/acme/api/issues/102',
      '/repos/acme/api/issues/103',
      '/repos/acme/api/issues/201',
      '/repos/acme/api/issues/202',
      '/repos/acme/api/issues/999',
      '/repos/acme/api/pulls/201',
      '/repos/acme/api/pulls/202',
    ]);
    expect(result.stats).toMatchObject({ references: 6, requests: 8, notModified: 0, conditional: 0, fetched: 6, unknown: 0 });
    expect(fake.requests.every((request) => request.authorization === `token ${token}`)).toBe(true);
  });

  it('requests each issue once however often it is named', async () => {
    const result = await resolveStates([targets.open, { owner: 'ACME', repo: 'Api', number: 101 }, targets.open], options());
    expect(result.states).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });

  it('makes only conditional requests the second time and serves 304s from the cache', async () => {
    await resolveStates(Object.values(targets), options());
    fake.requests.length = 0;
    const second = await resolveStates(Object.values(targets), options());
    // The 404 has no ETag, so it is asked again unconditionally; everything else is conditional.
    const withEtag = fake.requests.filter((request) => request.path !== '/repos/acme/api/issues/999');
    expect(withEtag.length).toBeGreaterThan(0);
    expect(withEtag.every((request) => request.ifNoneMatch !== undefined && request.status === 304)).toBe(true);
    // An unchanged issue means an unchanged pull request: no pull request requests at all.
    expect(fake.requests.some((request) => request.path.includes('/pulls/'))).toBe(false);
    expect(second.stats).toMatchObject({ notModified: 5, conditional: 5, requests: 6 });
    expect(second.states.find((state) => state.key === 'acme/api#201')).toMatchObject({ state: 'merged', source: 'live', title: 'Commit the rotated secret' });
  });

  it('sees a change after a conditional request (new ETag, new state)', async () => {
    await resolveStates([targets.open], options());
    fake.issues.set('acme/api#101', { title: 'Add a canary stage', state: 'closed', closedAt: '2024-05-01T00:00:00Z' });
    const second = await resolveStates([targets.open], options());
    expect(fake.requests.at(-1)).toMatchObject({ status: 200 });
    expect(fake.requests.at(-1)?.ifNoneMatch).toBeDefined();
    expect(second.states[0]).toMatchObject({ state: 'closed', source: 'live' });
  });

  it('waits out a secondary rate limit (`retry-after`) and then succeeds', async () => {
    fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'secondary-rate-limit', retryAfterSeconds: 2 }]);
    const result = await resolveStates([targets.open], options());
    expect(fake.requests.map((request) => request.status)).toEqual([403, 200]);
    expect(result.states[0]).toMatchObject({ state: 'open', source: 'live' });
    expect(result.warnings).toEqual([]);
  });

  it('falls back to the cache when the secondary rate limit persists, and says so', async () => {
    await resolveStates([targets.open, targets.closed], options());
    fake.failures.set('/repos/acme/api/issues/101', [
      { kind: 'secondary-rate-limit', retryAfterSeconds: 1 },
      { kind: 'secondary-rate-limit', retryAfterSeconds: 1 },
    ]);
    const result = await resolveStates([targets.open, targets.closed], options({ concurrency: 1 }));
    expect(result.states[0]).toMatchObject({ key: 'acme/api#101', state: 'open', source: 'cache' });
    expect(result.states[0]?.problem).toMatch(/secondary rate limit/);
    // After a rate limit the rest is not requested: it would be refused too.
    expect(result.states[1]).toMatchObject({ key: 'acme/api#102', state: 'closed', source: 'cache' });
    expect(result.warnings.join('\n')).toMatch(
      /2 of 2 references could not be fetched \(rate limited \(secondary rate limit, HTTP 403\); 1 not requested after that\); 2 from the cache, 0 unknown/,
    );
  });

  it('does not wait for a primary rate limit reset an hour away', async () => {
    fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'rate-limit', resetInSeconds: 3600 }]);
    const started = performance.now();
    const result = await resolveStates([targets.open], options({ retryUnitMs: 1000 }));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.states[0]).toMatchObject({ state: 'unknown', source: 'none' });
    expect(result.warnings.join('\n')).toMatch(/API quota exhausted until/);
  });

  it('retries a server error and then succeeds', async () => {
    fake.failures.set('/repos/acme/api/issues/102', [{ kind: 'status', status: 500 }]);
    const result = await resolveStates([targets.closed], options());
    expect(fake.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(result.states[0]).toMatchObject({ state: 'closed', source: 'live' });
    expect(result.warnings).toEqual([]);
  });

  it('falls back to the cache after repeated server errors', async () => {
    await resolveStates([targets.closed], options());
    fake.failures.set('/repos/acme/api/issues/102', [
      { kind: 'status', status: 502 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 502 },
    ]);
    const result = await resolveStates([targets.closed], options());
    expect(result.states[0]).toMatchObject({ state: 'closed', source: 'cache', problem: 'GitHub server error (HTTP 502)' });
    expect(result.warnings).toEqual(['GitHub: 1 of 1 reference could not be fetched (GitHub server error (HTTP 502)); 1 from the cache, 0 unknown']);
  });

  it('gives up on a server that never answers after the timeout', async () => {
    fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'hang' }]);
    const started = performance.now();
    const result = await resolveStates([targets.open, targets.closed], options({ timeoutMs: 300, concurrency: 1 }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.states[0]).toMatchObject({ state: 'unknown', problem: 'timed out after 300 ms' });
    // The hung request is not retried, and the next one is not sent.
    expect(fake.requests).toHaveLength(1);
    expect(result.warnings.join('\n')).toMatch(/timed out after 300 ms/);
  });

  it('works with no network at all', async () => {
    await resolveStates([targets.closed], options());
    const result = await resolveStates([targets.open, targets.closed], options({ apiUrl: await closedPort(), concurrency: 1 }));
    // The cache is per API URL: a different server has nothing cached.
    expect(result.states.map((state) => state.state)).toEqual(['unknown', 'unknown']);
    expect(result.states[0]?.problem).toMatch(/network unavailable \(ECONNREFUSED\)/);
    expect(result.stats.requests).toBe(1);
  });

  it('reads only the cache offline, and asks nothing without a token', async () => {
    await resolveStates([targets.closed], options());
    const requestsBefore = fake.requests.length;
    const offline = await resolveStates([targets.open, targets.closed], options({ mode: 'offline' }));
    expect(offline.states.map((state) => [state.state, state.source])).toEqual([
      ['unknown', 'none'],
      ['closed', 'cache'],
    ]);
    const tokenless = await resolveStates([targets.open, targets.closed], options({ token: undefined }));
    expect(tokenless.states.map((state) => state.state)).toEqual(['unknown', 'closed']);
    expect(tokenless.warnings.join('\n')).toMatch(/GITHUB_TOKEN is not set/);
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('reports a rejected token without printing it', async () => {
    const result = await resolveStates([targets.open, targets.closed], options({ token: 'ghp_wrongTokenValue1234567890', concurrency: 1 }));
    expect(result.states.map((state) => state.state)).toEqual(['unknown', 'unknown']);
    expect(result.warnings.join('\n')).toMatch(/token was rejected \(HTTP 401\)/);
    expect(JSON.stringify(result)).not.toContain('ghp_wrongTokenValue1234567890');
  });

  it('keeps the token out of the cache file', async () => {
    await resolveStates(Object.values(targets), options());
    const text = await readFile(cacheFile, 'utf8');
    expect(text).toContain('"acme/api#101"');
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/authorization/i);
  });

  it('starts over from a corrupt cache file with a warning', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(cacheFile, '{ not json');
    const result = await resolveStates([targets.open], options());
    expect(result.states[0]).toMatchObject({ state: 'open', source: 'live' });
    expect(result.warnings.join('\n')).toMatch(/not valid JSON; starting empty/);
  });
});
