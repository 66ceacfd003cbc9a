/**
 * `hindsight check --github` end to end: the CLI in a temporary project, the real
 * client against the fake GitHub server, the rules on what it answers.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { makeProject, runCli } from '../helpers.ts';
import { closedPort, startFakeGithub, type FakeGithub } from './fake-server.ts';

const token = 'ghp_checkGithubSecretToken0123456789AB';
const path = 'postmortems/2024-03-01-api-down.md';

/** A closed report exercising every case of `action-item-state` (line numbers in comments; `resolution_prs` is line 10, `expires` 13). */
const closedReport = report({
  status: 'closed',
  extra: 'resolution_prs: [acme/api#150, acme/api#151]\nwatch:\n  - name: API signing certificate\n    expires: 2024-05-15\n    issue: acme/api#300\n',
  body: completeBody.replace(
    '- [ ] Add a canary stage to deploys: acme/api#101\n',
    [
      '- [ ] Add a canary stage to deploys: acme/api#101 @alice due: 2024-05-01', // 39: open, overdue, in a closed report
      '- [x] Alert on the error rate per release: acme/api#102 @bob', //             40: ticked but open, in a closed report
      '- [ ] Remove the old deployer: acme/api#999', //                             41: does not exist
      '- [x] Document the rollback: acme/api#103', //                               42: closed: fine
      '',
    ].join('\n'),
  ),
});

interface JsonOutput {
  errors: number;
  warnings: number;
  messages: { line: number; column: number; ruleId: string; severity: string; message: string }[];
}

const issues = {
  'acme/api#101': { title: 'Add a canary stage', state: 'open' as const },
  'acme/api#102': { title: 'Alert per release', state: 'open' as const },
  'acme/api#103': { title: 'Document the rollback', state: 'closed' as const },
  'acme/api#150': { title: 'Make the fix permanent', state: 'closed' as const, pull: { merged: true } },
  'acme/api#151': { title: 'Follow-up fix', state: 'open' as const, pull: { merged: false } },
  'acme/api#300': { title: 'Renew the signing certificate', state: 'open' as const },
};

let fake: FakeGithub;
let root: string;

beforeEach(async () => {
  fake = await startFakeGithub(issues, token);
  root = await makeProject({ [path]: closedReport });
});

afterEach(async () => {
  await fake.close();
});

/** The diagnostics as `line:column severity ruleId`, and the messages of one rule. */
function summary(output: JsonOutput) {
  return output.messages.map((message) => `${message.line}:${message.column} ${message.severity} ${message.ruleId}`);
}

describe('check --github', () => {
  it('reports every case of action-item-state against the fake server', async () => {
    const result = await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as JsonOutput;
    expect(summary(output)).toEqual([
      '10:32 error action-item-state', // resolution_prs: acme/api#150 is merged (fine), #151 is open
      '13:14 error watch-expiry', //      expired while acme/api#300 is open
      '39:1 warning action-item-state', // overdue
      '39:1 error action-item-state', //   open in a closed report
      '40:1 error action-item-state', //   open in a closed report
      '40:1 warning action-item-state', // ticked but open
      '41:32 error action-item-state', //  does not exist (a missing issue is not "open")
    ]);
    const messages = output.messages.map((message) => `${message.line}:${message.column}: ${message.message}`);
    expect(messages).toEqual([
      '10:32: Unexpected unmerged pull request `acme/api#151` (still open) in `resolution_prs`, expected a merged pull request: until it is merged the fix is not permanent',
      '13:14: Unexpected expired `API signing certificate` (expired on `2024-05-15`, 17 days ago) while its issue `acme/api#300` is open, expected it renewed and `expires` updated',
      '39:1: Unexpected open action item past its due date `2024-05-01` (`acme/api#101` is open), expected it done by then, or a later `due:` date',
      '39:1: Unexpected open action item (`acme/api#101` is open) in a report with `status: closed`, expected every action item closed before the report is',
      '40:1: Unexpected open action item (`acme/api#102` is open) in a report with `status: closed`, expected every action item closed before the report is',
      '40:1: Unexpected open issue `acme/api#102` for an action item marked done `[x]`, expected the issue closed (or the item unticked)',
      '41:32: Unexpected reference `acme/api#999` to an issue that does not exist on GitHub, expected an existing issue or pull request',
    ]);
  });

  it('checks from the cache only with --offline, making no requests', async () => {
    await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    const requests = fake.requests.length;
    const live = await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    const offline = await runCli(['check', '--github', '--offline', '--format', 'json'], root, { GITHUB_API_URL: fake.url });
    expect(fake.requests.length).toBe(requests * 2 - 2); // the second live run skips the two pull request endpoints
    expect(offline.stdout).toBe(live.stdout);
    expect(offline.stderr).toBe('');
  });

  it('keeps the token out of every output and the cache file', async () => {
    const runs = [
      await runCli(['check', '--github'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token }),
      await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token }),
      await runCli(['check', '--github', '--format', 'github'], root, { GITHUB_API_URL: await closedPort(), GITHUB_TOKEN: token }),
      await runCli(['sync'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token }),
      await runCli(['actions', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token }),
      await runCli(['check', '--github'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'ghp_rejectedTokenValue000111222333' }),
    ];
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(token);
      expect(run.stdout + run.stderr).not.toContain('ghp_rejectedTokenValue000111222333');
    }
    expect(runs[5]!.stderr).toMatch(/token was rejected \(HTTP 401\)/);
    const cache = await readFile(join(root, 'node_modules/.cache/hindsight/github.json'), 'utf8');
    expect(cache).toContain('acme/api#101');
    expect(cache).not.toContain(token);
    expect(fake.requests.every((request) => request.authorization !== undefined)).toBe(true);
  });

  it('never fails on rate limits or server errors: falls back to the cache and warns on stderr', async () => {
    const live = await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'rate-limit', resetInSeconds: 3600 }]);
    const result = await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    const output = JSON.parse(result.stdout) as JsonOutput;
    // Same findings as live: the states that could not be fetched came from the cache.
    expect(result.code).toBe(1);
    expect(summary(output)).toEqual(summary(JSON.parse(live.stdout) as JsonOutput));
    expect(result.stderr).toMatch(
      /^hindsight: warning: GitHub: \d of 7 references could not be fetched \(rate limited \(API quota exhausted until [-\d:.TZ]+, HTTP 403\); \d not requested after that\); \d from the cache, 0 unknown\n$/,
    );
  });

  it('retries a server error, and falls back to the cache after a timeout (configured `github.timeoutMs`)', async () => {
    const project = await makeProject({ [path]: closedReport, 'hindsight.config.yaml': 'github:\n  timeoutMs: 300\n' });
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
    const live = await runCli(['check', '--github', '--format', 'json'], project, env);
    fake.failures.set('/repos/acme/api/issues/101', [{ kind: 'status', status: 500 }]);
    fake.failures.set('/repos/acme/api/issues/102', [{ kind: 'hang' }]);
    const started = performance.now();
    const result = await runCli(['check', '--github', '--format', 'json'], project, env);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.stdout).toBe(live.stdout);
    expect(fake.requests.filter((request) => request.path === '/repos/acme/api/issues/101').map((request) => request.status)).toEqual([200, 500, 304]);
    expect(result.stderr).toMatch(
      /^hindsight: warning: GitHub: \d of 7 references could not be fetched \(timed out after 300 ms(; \d not requested after that)?\); \d from the cache, 0 unknown\n$/,
    );
  });

  it('treats states as unknown without a cache or network: only an expired watch entry warns', async () => {
    const fresh = await makeProject({ [path]: closedReport });
    const result = await runCli(['check', '--github', '--format', 'json'], fresh, { GITHUB_API_URL: await closedPort(), GITHUB_TOKEN: token });
    const output = JSON.parse(result.stdout) as JsonOutput;
    expect(result.code).toBe(0);
    expect(summary(output)).toEqual(['13:14 warning watch-expiry']);
    // Requests already under way fail on their own; the others are not sent once the network is known to be down.
    expect(output.messages[0]?.message).toMatch(/is unknown \((not requested: )?network unavailable \(ECONNREFUSED\)\)/);
    expect(result.stderr).toMatch(/hindsight: warning: GitHub: 7 of 7 references could not be fetched \(network unavailable \(ECONNREFUSED\)/);
  });

  it('works without a token, saying so', async () => {
    const result = await runCli(['check', '--github', '--format', 'json'], root, { GITHUB_API_URL: fake.url });
    expect(result.code).toBe(0);
    expect(fake.requests).toEqual([]);
    expect(result.stderr).toBe('hindsight: warning: GITHUB_TOKEN is not set: GitHub state comes from the cache where it has it, and is unknown elsewhere\n');
  });

  it('refuses --offline without --github', async () => {
    const result = await runCli(['check', '--offline'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unexpected `--offline` without `--github`/);
  });

  it('leaves the checks without --github unchanged: no requests, no GitHub findings', async () => {
    const result = await runCli(['check', '--format', 'json'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    expect(fake.requests).toEqual([]);
    expect(summary(JSON.parse(result.stdout) as JsonOutput)).toEqual(['13:14 warning watch-expiry']);
  });
});
