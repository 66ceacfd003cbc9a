/**
 * `hindsight sync` against the fake GitHub server: the sample reports plus a
 * larger generated one, a first sync, a second one that is only conditional.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { closedPort, startFakeGithub, type FakeGithub, type FakeIssue } from '../github/fake-server.ts';
import { makeProject, runCli } from '../helpers.ts';

const token = 'ghp_syncTestToken0123456789abcdefGHIJ';
const projectRoot = join(import.meta.dirname, '..', '..');
const samples = ['postmortems/2022-08-31-utoronto-azuread-secret-expired.md', 'postmortems/2022-09-07-utoronto-hub-login-500.md'];

/** The sample reports' issues, as GitHub might answer for them. */
const sampleIssues: Record<string, FakeIssue> = {
  '2i2c-org/infrastructure#1650': { title: 'Rotate the AzureAD client secret', state: 'closed', closedAt: '2022-08-31T16:00:00Z' },
  '2i2c-org/infrastructure#1651': { title: 'Commit the new secret', state: 'open', assignees: ['bob'] },
  '2i2c-org/infrastructure#1652': { title: 'Alert before credentials expire', state: 'open' },
  '2i2c-org/infrastructure#1688': { title: 'Commit the rotated secret', state: 'closed', closedAt: '2022-09-07T14:41:00Z', pull: { merged: true } },
  '2i2c-org/infrastructure#1690': { title: 'Link earlier reports during triage', state: 'closed' },
  '2i2c-org/infrastructure#1691': { title: 'Deploy credentials only through CI', state: 'open', labels: ['security'] },
  '2i2c-org/infrastructure#1693': { title: 'Fail deploys on expiring secrets', state: 'closed', stateReason: 'not_planned' },
  // 1694 is missing: a 404.
};

/** A generated report with `count` action items (every third a pull request), for timings. */
function bulkReport(count: number): { text: string; issues: Record<string, FakeIssue> } {
  const issues: Record<string, FakeIssue> = {};
  const lines: string[] = [];
  for (let number = 1; number <= count; number++) {
    const pull = number % 3 === 0;
    issues[`acme/api#${number}`] = pull
      ? { title: `Fix ${number}`, state: 'closed', pull: { merged: number % 2 === 0 } }
      : { title: `Follow-up ${number}`, state: number % 2 === 0 ? 'open' : 'closed', labels: ['postmortem'] };
    lines.push(`- [ ] Follow-up number ${number}: acme/api#${number}`);
  }
  const text = report({ body: completeBody.replace('- [ ] Add a canary stage to deploys: acme/api#101\n', `${lines.join('\n')}\n`) });
  return { text, issues };
}

const bulk = bulkReport(60);
let fake: FakeGithub;
let root: string;

beforeEach(async () => {
  fake = await startFakeGithub({ ...sampleIssues, ...bulk.issues }, token);
  const files: Record<string, string | Uint8Array> = { 'postmortems/2024-03-01-bulk.md': bulk.text };
  for (const path of samples) files[path] = await readFile(join(projectRoot, path));
  root = await makeProject(files);
});

afterEach(async () => {
  await fake.close();
});

/** The numbers in the summary's `requests:` line. */
function requestLine(stdout: string): { requests: number; conditional: number; notModified: number } {
  const match = /requests: (\d+) \((\d+) conditional, (\d+) not modified\)/.exec(stdout);
  expect(match).not.toBeNull();
  return { requests: Number(match![1]), conditional: Number(match![2]), notModified: Number(match![3]) };
}

describe('hindsight sync', () => {
  it('fetches every reference of every report and summarises plainly off a TTY', async () => {
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
    const result = await runCli(['sync'], root, env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Synced 68 of 68 GitHub references from 3 reports in \d+\.\d\d s\n/);
    expect(result.stdout).toContain('  states: open 23, closed 33, merged 11, missing 1, unknown 0\n');
    // 68 issues, plus the pull request endpoint for 21 pull requests.
    expect(requestLine(result.stdout)).toEqual({ requests: 89, conditional: 0, notModified: 0 });
    expect(result.stdout).toContain('  cache: node_modules/.cache/hindsight/github.json\n');
    expect(result.stdout).not.toContain('\r');
    const cache = JSON.parse(await readFile(join(root, 'node_modules/.cache/hindsight/github.json'), 'utf8'));
    expect(cache.apis[fake.url]['2i2c-org/infrastructure#1688']).toMatchObject({ state: 'merged', kind: 'pull', title: 'Commit the rotated secret' });
    expect(cache.apis[fake.url]['2i2c-org/infrastructure#1694']).toMatchObject({ state: 'missing' });
    // The resolution PR, the watch issue and the action items were all requested, each once.
    const paths = fake.requests.map((request) => request.path);
    expect(paths.filter((path) => path === '/repos/2i2c-org/infrastructure/issues/1688')).toHaveLength(1);
    expect(paths).toContain('/repos/2i2c-org/infrastructure/issues/1694');
  });

  it('makes only conditional requests the second time, and fewer of them', async () => {
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
    const first = await runCli(['sync'], root, env);
    const firstRequests = fake.requests.length;
    const firstSeconds = Number(/in (\d+\.\d+) s/.exec(first.stdout)![1]);
    fake.requests.length = 0;
    const second = await runCli(['sync'], root, env);
    const secondSeconds = Number(/in (\d+\.\d+) s/.exec(second.stdout)![1]);
    expect(second.code).toBe(0);
    // Everything that had an ETag is asked conditionally and answered 304; only the 404 (no ETag) is asked again.
    const unconditional = fake.requests.filter((request) => request.ifNoneMatch === undefined);
    expect(unconditional.map((request) => `${request.path} ${request.status}`)).toEqual(['/repos/2i2c-org/infrastructure/issues/1694 404']);
    expect(fake.requests.filter((request) => request.ifNoneMatch !== undefined).every((request) => request.status === 304)).toBe(true);
    expect(fake.requests.some((request) => request.path.includes('/pulls/'))).toBe(false);
    expect(requestLine(second.stdout)).toEqual({ requests: 68, conditional: 67, notModified: 67 });
    expect(second.stdout).toContain('  states: open 23, closed 33, merged 11, missing 1, unknown 0\n');
    // The figures, for the record (timings on a local fake server are small and noisy, so not asserted).
    console.info(
      `sync figures: first ${firstRequests} requests in ${firstSeconds} s; second ${fake.requests.length} requests (67 × 304) in ${secondSeconds} s`,
    );
  });

  it('makes nothing but conditional requests the second time when every reference exists', async () => {
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
    const existing = await makeProject({ 'postmortems/2024-03-01-bulk.md': bulk.text });
    await runCli(['sync'], existing, env);
    fake.requests.length = 0;
    const second = await runCli(['sync'], existing, env);
    expect(fake.requests).toHaveLength(60);
    expect(fake.requests.every((request) => request.ifNoneMatch !== undefined && request.status === 304)).toBe(true);
    expect(requestLine(second.stdout)).toEqual({ requests: 60, conditional: 60, notModified: 60 });
  });

  it('draws a progress bar on a terminal', async () => {
    let stderr = '';
    let stdout = '';
    const code = await run(['sync'], {
      cwd: root,
      env: { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token },
      stdout: { write: (text) => void (stdout += text), isTTY: true },
      stderr: { write: (text) => void (stderr += text), isTTY: true },
    });
    expect(code).toBe(0);
    expect(stderr).toContain('\rSyncing GitHub state [');
    expect(stderr).toContain('] 68/68');
    expect(stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(stdout).toMatch(/^Synced 68 of 68/);
  });

  it('exits 1 when nothing could be fetched: no network, or no token', async () => {
    const offline = await runCli(['sync'], root, { GITHUB_API_URL: await closedPort(), GITHUB_TOKEN: token });
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(/^Could not sync: none of 68 GitHub references from 3 reports could be fetched/);
    expect(offline.stderr).toMatch(/network unavailable \(ECONNREFUSED\)/);
    const tokenless = await runCli(['sync'], root, { GITHUB_API_URL: fake.url });
    expect(tokenless.code).toBe(1);
    expect(tokenless.stderr).toMatch(/GITHUB_TOKEN is not set/);
    expect(fake.requests).toEqual([]);
  });

  it('waits out a short secondary rate limit once', async () => {
    fake.failures.set('/repos/2i2c-org/infrastructure/issues/1651', [{ kind: 'secondary-rate-limit', retryAfterSeconds: 1 }]);
    const result = await runCli(['sync'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(fake.requests.filter((request) => request.path === '/repos/2i2c-org/infrastructure/issues/1651').map((request) => request.status)).toEqual([
      403, 200,
    ]);
  });

  it('exits 0 when some references fail, with a warning naming why', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(root, 'hindsight.config.yaml'), 'github:\n  timeoutMs: 300\n');
    fake.failures.set('/repos/2i2c-org/infrastructure/issues/1651', [{ kind: 'hang' }]);
    const result = await runCli(['sync'], root, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Synced \d+ of 68 GitHub references/);
    expect(result.stderr).toMatch(
      /^hindsight: warning: GitHub: \d+ of 68 references could not be fetched \(timed out after 300 ms(; \d+ not requested after that)?\); 0 from the cache, \d+ unknown\n$/,
    );
  });

  it('says there is nothing to sync when no report links GitHub', async () => {
    const empty = await makeProject({
      'postmortems/2024-03-01-api-down.md': report({ body: completeBody.replace('acme/api#101', 'https://acme.atlassian.net/browse/OPS-1') }),
    });
    const result = await runCli(['sync'], empty, { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token });
    expect(result).toEqual({ code: 0, stdout: 'No GitHub references in 1 report; nothing to sync.\n', stderr: '' });
  });

  it('prints help and refuses arguments', async () => {
    expect((await runCli(['sync', '--help'], root)).stdout).toMatch(/^Usage: hindsight sync/);
    expect((await runCli(['sync', 'extra'], root)).code).toBe(2);
  });
});
