/**
 * `hindsight sync` and `check --github` when GitHub, the cache or the
 * configuration misbehave: junk answers are not synced, a server that only fails
 * is given up on quickly, an unwritable cache fails `sync` (and only warns in
 * `check`), credentials in `GITHUB_API_URL` go nowhere, and references that would
 * climb out of the API path (`acme/..#105`) are reported and never requested.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveStates } from '../../src/lib/github/client.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { makeProject, runCli } from '../helpers.ts';
import { startFakeGithub, type FakeGithub } from './fake-server.ts';

const token = 'ghp_syncHardeningToken0123456789abcdEF';
const path = 'postmortems/2024-03-01-api-down.md';
const cacheFile = 'node_modules/.cache/hindsight/github.json';

/** A report whose action items link `count` issues, `acme/api#1` up to `#count`. */
function reportWith(count: number, extraItems: string[] = []): string {
  const items = Array.from({ length: count }, (_, position) => `- [ ] Follow-up ${position + 1}: acme/api#${position + 1}`);
  return report({ body: completeBody.replace('- [ ] Add a canary stage to deploys: acme/api#101\n', `${[...items, ...extraItems].join('\n')}\n`) });
}

let fake: FakeGithub;
let root: string;
let env: Record<string, string>;

beforeEach(async () => {
  const issues = Object.fromEntries(
    Array.from({ length: 41 }, (_, position) => [
      `acme/api#${position + 1}`,
      { title: `Follow-up ${position + 1}`, state: position % 2 === 0 ? ('closed' as const) : ('open' as const) },
    ]),
  );
  fake = await startFakeGithub(issues, token);
  root = await makeProject({ [path]: reportWith(7) });
  env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
});

afterEach(async () => {
  await fake.close();
});

async function cached(project = root): Promise<Record<string, { state: string; title?: string }>> {
  return JSON.parse(await readFile(join(project, cacheFile), 'utf8')).apis[fake.url];
}

/** Makes the next sync unconditional (no ETags), so that the fake's junk is a 200 and not a 304. */
async function forgetEtags(project = root): Promise<void> {
  const cache = JSON.parse(await readFile(join(project, cacheFile), 'utf8'));
  for (const entry of Object.values(cache.apis[fake.url]) as { etag?: string }[]) delete entry.etag;
  await writeFile(join(project, cacheFile), JSON.stringify(cache));
}

describe('sync with junk answers', () => {
  it('syncs nothing and exits 1 when every answer is an HTML page, keeping the cached states', async () => {
    expect((await runCli(['sync'], root, env)).code).toBe(0);
    await forgetEtags();
    fake.always = { kind: 'html' };
    const result = await runCli(['sync'], root, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Could not sync: none of 7 GitHub references from 1 report could be fetched/);
    expect(result.stderr).toMatch(
      /^hindsight: warning: GitHub: 7 of 7 references could not be fetched \(invalid answer from GitHub \(an HTML page\) ×5; 2 not requested after that\)|GitHub failed 5 times in a row/,
    );
    const cache = await cached();
    expect(cache['acme/api#1']).toMatchObject({ state: 'closed', title: 'Follow-up 1' });
    expect(cache['acme/api#2']).toMatchObject({ state: 'open', title: 'Follow-up 2' });
  });

  it('counts a junk answer as not synced, and says so in the summary', async () => {
    await runCli(['sync'], root, env);
    await forgetEtags();
    fake.failures.set('/repos/acme/api/issues/3', [{ kind: 'invalid-json' }]);
    fake.failures.set('/repos/acme/api/issues/5', [{ kind: 'truncated' }]);
    const result = await runCli(['sync'], root, env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Synced 5 of 7 GitHub references from 1 report in \d+\.\d\d s; 2 not synced \(see the warnings on stderr\)\n/);
    expect(result.stdout).toContain('  fetched: 5, from cache after a failure: 2, unknown: 0\n');
    expect(result.stderr).toMatch(
      /could not be fetched \(invalid answer from GitHub \(invalid JSON\); invalid answer from GitHub \(a truncated body\)\); 2 from the cache, 0 unknown/,
    );
    expect((await cached())['acme/api#3']).toMatchObject({ state: 'closed', title: 'Follow-up 3' });
  });
});

describe('a server that only fails', () => {
  it('is given up on in a few seconds, for check --github and sync, with one warning', async () => {
    const project = await makeProject({ [path]: reportWith(41) });
    fake.always = { kind: 'status', status: 500 };
    const started = performance.now();
    const check = await runCli(['check', '--github', '--format', 'json'], project, env);
    const checkSeconds = (performance.now() - started) / 1000;
    expect(checkSeconds).toBeLessThan(5);
    expect(check.code).toBe(0);
    expect(check.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(check.stderr).toMatch(/^hindsight: warning: GitHub: 41 of 41 references could not be fetched \(GitHub failed 5 times in a row \(last: HTTP 500\)/);
    const sync = await runCli(['sync'], project, env);
    expect(sync.code).toBe(1);
    expect(fake.requests.length).toBeLessThanOrEqual(16);
    console.info(`always-500, 41 references: check --github ${checkSeconds.toFixed(1)} s, ${fake.requests.length} requests in two runs`);
  });
});

describe('an unwritable cache', () => {
  it('fails sync with a message naming the path', async () => {
    await writeFile(join(root, 'node_modules'), 'a file where the cache folder should be');
    const result = await runCli(['sync'], root, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Synced 7 of 7/);
    expect(result.stdout).toContain(`  cache: ${cacheFile} (not written)\n`);
    expect(result.stderr).toMatch(
      new RegExp(
        `^hindsight sync: could not write the GitHub cache ${cacheFile.replaceAll('.', '\\.')} \\((ENOTDIR|EEXIST)\\), so the states fetched were not saved; make its folder writable, or set \`github.cacheDir\` in hindsight.config.yaml\\n$`,
      ),
    );
  });

  it('only warns in check --github', async () => {
    await writeFile(join(root, 'node_modules'), 'a file where the cache folder should be');
    const result = await runCli(['check', '--github', '--format', 'json'], root, env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^hindsight: warning: could not write the GitHub cache .*github\.json \((ENOTDIR|EEXIST)\); the next run will fetch again\n$/,
    );
  });
});

describe('credentials in GITHUB_API_URL', () => {
  it('are never sent, stored or printed', async () => {
    const secret = 'ghp_secretInTheApiUrl0123456789abcdef';
    const withCredentials = fake.url.replace('http://', `http://robot:${secret}@`);
    const runs = [
      await runCli(['sync'], root, { GITHUB_API_URL: withCredentials, GITHUB_TOKEN: token }),
      await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: `${withCredentials}/`, GITHUB_TOKEN: token }),
      await runCli(['sync'], root, { GITHUB_API_URL: withCredentials }),
    ];
    expect(runs.map((run) => run.code)).toEqual([0, 0, 1]);
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(run.stdout + run.stderr).not.toContain('robot');
    }
    expect(runs[0]!.stderr).toContain(
      `hindsight: warning: GITHUB_API_URL has a user name or password in it: they are ignored, never sent, printed or stored (the token belongs in GITHUB_TOKEN); the API is ${fake.url}\n`,
    );
    const text = await readFile(join(root, cacheFile), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('robot');
    expect(Object.keys(JSON.parse(text).apis)).toEqual([fake.url]);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((request) => request.authorization === `token ${token}`)).toBe(true);
  });

  it('a URL that is not http(s) is refused without quoting it', async () => {
    const result = await runCli(['sync'], root, { GITHUB_API_URL: 'ftp://robot:pw-secret-value@ghe.example/', GITHUB_TOKEN: token });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GITHUB_API_URL is not an http\(s\) URL: nothing is requested, and GitHub state is unknown/);
    expect(result.stdout + result.stderr).not.toContain('pw-secret-value');
  });
});

describe('references that would climb out of the API path', () => {
  const refused = [
    'acme/..#105',
    'acme/.#106',
    '-acme/api#107',
    'ac--me/api#108',
    `${'a'.repeat(40)}/api#109`,
    `acme/${'r'.repeat(101)}#110`,
    'ac__me/api#111',
  ];

  it('are reported where they are written, and never requested', async () => {
    const project = await makeProject({
      [path]: report({
        extra: 'resolution_prs: [acme/..#120]\n',
        body: completeBody.replace(
          '- [ ] Add a canary stage to deploys: acme/api#101\n',
          [...refused.map((reference, position) => `- [ ] Item ${position}: ${reference}`), '- [ ] A URL: https://github.com/-acme/api/issues/112', ''].join(
            '\n',
          ),
        ),
      }),
    });
    const check = await runCli(['check', '--format', 'json'], project, env);
    const messages = (JSON.parse(check.stdout) as { messages: { ruleId: string; message: string; line: number; column: number }[] }).messages;
    for (const reference of [...refused, 'https://github.com/-acme/api/issues/112']) {
      // Long values are shortened in messages: their first characters are enough to find them.
      const quoted = reference.length > 40 ? `Unexpected \`${reference.slice(0, 30)}` : `Unexpected \`${reference}\`, expected \`owner/repo#123\``;
      expect(
        messages.some((message) => message.ruleId === 'action-item-link' && message.message.startsWith(quoted)),
        reference,
      ).toBe(true);
    }
    // Named once each, not also as items without a reference.
    expect(messages.filter((message) => message.message.includes('without a tracker reference'))).toEqual([]);
    expect(messages.find((message) => message.message.includes('acme/..#105'))?.message).toBe(
      'Unexpected `acme/..#105`, expected `owner/repo#123` with an owner and a repository name GitHub accepts (`..` is not a repository name)',
    );
    expect(messages.some((message) => message.ruleId === 'frontmatter' && message.message.includes('acme/..#120'))).toBe(true);

    const sync = await runCli(['sync'], project, env);
    expect(sync.stdout).toMatch(/^No GitHub references in 1 report; nothing to sync\.\n$/);
    await runCli(['check', '--github'], project, env);
    expect(fake.requests).toEqual([]);
  });

  it('are refused by the client too, and every path segment is encoded', async () => {
    const result = await resolveStates(
      [
        { owner: 'acme', repo: '..', number: 105 },
        { owner: 'acme/../..', repo: 'api', number: 1 },
        { owner: 'acme', repo: 'api', number: 2 },
      ],
      { mode: 'live', cacheFile: join(root, cacheFile), apiUrl: fake.url, token },
    );
    expect(result.states.map((state) => state.state)).toEqual(['unknown', 'unknown', 'open']);
    expect(result.states[0]?.problem).toBe('not requested: `..` is not a repository name');
    expect(fake.requests.map((request) => request.rawUrl)).toEqual(['/repos/acme/api/issues/2']);
  });
});
