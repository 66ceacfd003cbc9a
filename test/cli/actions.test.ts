/**
 * `hindsight actions`: the sample reports' action items with the state the fake
 * GitHub server gave them (through the cache `sync` fills, or live).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionItemRow } from '../../src/lib/github/items.ts';
import { completeBody, report as example } from '../../src/lib/rules/examples.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { startFakeGithub, type FakeGithub } from '../github/fake-server.ts';
import { makeProject, runCli } from '../helpers.ts';

const token = 'ghp_actionsTestToken0123456789abcdefKL';
const projectRoot = join(import.meta.dirname, '..', '..');
const samples = ['postmortems/2022-08-31-utoronto-azuread-secret-expired.md', 'postmortems/2022-09-07-utoronto-hub-login-500.md'];

let fake: FakeGithub;
let root: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await startFakeGithub(
    {
      '2i2c-org/infrastructure#1650': { title: 'Rotate the AzureAD client secret', state: 'closed' },
      '2i2c-org/infrastructure#1651': { title: 'Commit the new secret', state: 'open' },
      '2i2c-org/infrastructure#1652': { title: 'Alert before credentials expire', state: 'open' },
      '2i2c-org/infrastructure#1688': { title: 'Commit the rotated secret', state: 'closed', pull: { merged: true } },
      '2i2c-org/infrastructure#1690': { title: 'Link earlier reports during triage', state: 'closed' },
      '2i2c-org/infrastructure#1691': { title: 'Deploy credentials only through CI', state: 'open' },
      '2i2c-org/infrastructure#1693': { title: 'Fail deploys on expiring secrets', state: 'closed', stateReason: 'not_planned' },
    },
    token,
  );
  const files: Record<string, Uint8Array> = {};
  for (const path of samples) files[path] = await readFile(join(projectRoot, path));
  root = await makeProject(files);
  env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
});

afterEach(async () => {
  await fake.close();
});

async function jsonRows(argv: string[], environment: Record<string, string> = env): Promise<ActionItemRow[]> {
  const result = await runCli(['actions', '--format', 'json', ...argv], root, environment);
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { items: ActionItemRow[] }).items;
}

describe('hindsight actions', () => {
  it('lists every item with the state `sync` cached, without requests of its own', async () => {
    expect((await runCli(['sync'], root, env)).code).toBe(0);
    const requests = fake.requests.length;
    const rows = await jsonRows([]);
    expect(fake.requests.length).toBe(requests);
    expect(rows.map((row) => [row.references[0]?.label, row.state, row.done, row.overdue, row.owner ?? null, row.due ?? null])).toEqual([
      ['2i2c-org/infrastructure#1650', 'closed', true, false, 'alice', null],
      ['2i2c-org/infrastructure#1651', 'open', false, true, 'bob', '2022-09-02'],
      ['2i2c-org/infrastructure#1652', 'open', false, false, 'alice', null],
      ['2i2c-org/infrastructure#1690', 'closed', true, false, 'alice', null],
      ['2i2c-org/infrastructure#1691', 'open', false, false, 'bob', null],
      ['2i2c-org/infrastructure#1688', 'merged', true, false, 'alice', null],
      ['2i2c-org/infrastructure#1693', 'closed', true, false, 'bob', '2022-10-15'],
      ['2i2c-org/infrastructure#1694', 'missing', false, true, 'alice', '2023-08-01'],
    ]);
    expect(rows[1]).toMatchObject({
      report: { id: '2022-08-31-utoronto-azuread-secret-expired', path: 'postmortems/2022-08-31-utoronto-azuread-secret-expired.md', status: 'reviewed' },
      line: 59,
      column: 1,
      checked: false,
      references: [
        {
          label: '2i2c-org/infrastructure#1651',
          url: 'https://github.com/2i2c-org/infrastructure/issues/1651',
          tracker: 'github',
          state: 'open',
          source: 'cache',
          title: 'Commit the new secret',
        },
      ],
    });
  });

  it('filters with --open and --overdue', async () => {
    await runCli(['sync'], root, env);
    expect((await jsonRows(['--open'])).map((row) => row.references[0]?.label)).toEqual([
      '2i2c-org/infrastructure#1651',
      '2i2c-org/infrastructure#1652',
      '2i2c-org/infrastructure#1691',
      '2i2c-org/infrastructure#1694',
    ]);
    expect((await jsonRows(['--overdue'])).map((row) => row.references[0]?.label)).toEqual(['2i2c-org/infrastructure#1651', '2i2c-org/infrastructure#1694']);
  });

  it('prints a table for people', async () => {
    await runCli(['sync'], root, env);
    const result = await runCli(['actions', '--open'], root, env);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^STATE\s+DUE\s+OWNER\s+REPORT\s+REFERENCES\s+ITEM$/);
    expect(lines[1]).toMatch(
      /^Open\s+2022-09-02 overdue\s+@bob\s+postmortems\/2022-08-31-utoronto-azuread-secret-expired\.md:59\s+2i2c-org\/infrastructure#1651\s+Commit the new secret/,
    );
    expect(lines[4]).toMatch(/^Missing\s+2023-08-01 overdue\s+@alice/);
    expect(result.stdout.endsWith('\n4 items: 4 not done, 2 overdue\n')).toBe(true);
  });

  it('falls back to the checkbox when the state is unknown, and says the cache is empty', async () => {
    const result = await runCli(['actions', '--format', 'json'], root, env);
    expect(fake.requests).toEqual([]);
    expect(result.stderr).toBe('hindsight: warning: 8 of 8 GitHub references are not in the cache (unknown); run `hindsight sync` to fetch them\n');
    const rows = (JSON.parse(result.stdout) as { items: ActionItemRow[] }).items;
    expect(rows.map((row) => [row.state, row.done])).toEqual([
      ['unknown', true],
      ['unknown', false],
      ['unknown', false],
      ['unknown', true],
      ['unknown', false],
      ['unknown', true],
      ['unknown', false],
      ['unknown', false],
    ]);
    const table = await runCli(['actions'], root, env);
    expect(table.stdout.split('\n')[1]).toMatch(/^Done\s/);
  });

  it('fetches live with --github', async () => {
    const rows = await jsonRows(['--github', '--overdue']);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(rows.map((row) => [row.references[0]?.label, row.references[0]?.source])).toEqual([
      ['2i2c-org/infrastructure#1651', 'live'],
      ['2i2c-org/infrastructure#1694', 'live'],
    ]);
  });

  it('says so when nothing matches, and refuses an unknown format', async () => {
    await runCli(['sync'], root, env);
    const fresh = await makeProject({ 'postmortems/_template.md': '' });
    expect(await runCli(['actions'], fresh, env)).toEqual({ code: 0, stdout: 'No action items.\n', stderr: '' });
    const wrong = await runCli(['actions', '--format', 'xml'], root, env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unexpected format `xml`, expected `table` or `json`/);
  });
});

describe('hindsight actions on archived reports', () => {
  const items = (lines: string[]) => completeBody.replace(/## Action Items[\s\S]*$/, ['## Action Items', '', ...lines, ''].join('\n'));
  const files = {
    'postmortems/2019-06-01-old-outage.md': example({
      date: '2019-06-01',
      status: 'archived',
      body: items(['- [ ] Shard the queue: acme/api#1 @alice due: 2019-07-01', '- [x] Add an alert: acme/api#2 @bob']),
    }),
    'postmortems/2024-03-01-api-down.md': example({ body: items(['- [ ] Add a canary stage: acme/api#3 @alice due: 2024-03-15']) }),
  };

  it('lists an archived report’s items not done as archived: neither open (`--open`) nor overdue (`--overdue`)', async () => {
    const project = await makeProject(files);
    const rows = async (argv: string[]) => {
      const result = await runCli(['actions', '--format', 'json', ...argv], project, {});
      expect(result.code).toBe(0);
      return (JSON.parse(result.stdout) as { items: ActionItemRow[] }).items.map((row) => [row.report.id, row.progress, row.label, row.done, row.overdue]);
    };
    expect(await rows([])).toEqual([
      ['2019-06-01-old-outage', 'archived', 'Archived', false, false],
      ['2019-06-01-old-outage', 'done', 'Done', true, false],
      ['2024-03-01-api-down', 'open', 'Open', false, true],
    ]);
    expect(await rows(['--open'])).toEqual([['2024-03-01-api-down', 'open', 'Open', false, true]]);
    expect(await rows(['--overdue'])).toEqual([['2024-03-01-api-down', 'open', 'Open', false, true]]);
    const table = await runCli(['actions'], project, {});
    expect(table.stdout.split('\n')[1]).toMatch(/^Archived\s+2019-07-01\s+@alice\s+postmortems\/2019-06-01-old-outage\.md:/);
    expect(table.stdout.endsWith('\n3 items: 1 not done, 1 overdue, 1 not done in archived reports\n')).toBe(true);
  });
});

describe('hindsight actions on hostile reports', () => {
  const secret = ['gh', 'p_', syntheticToken(36, 21)].join('');
  const hostileItems = [
    '## Action Items',
    '',
    '### ::warning::a group',
    '',
    '- [ ] \u001b[2J\u001b[31mWipe the screen\u001b[0m: acme/api#1 @alice due: 2024-07-01',
    '- [ ] ::error file=a.md::injected acme/api#2',
    `- [ ] Rotate the key ${secret}: acme/api#3`,
    '- [ ] One-byte CSI \u009b2J and a bidi \u202eswitch: acme/api#4',
    '',
  ].join('\n');
  const files = {
    'postmortems/2024-03-01-\u001b[31mred.md': example({ body: completeBody.replace(/## Action Items[\s\S]*$/, hostileItems) }),
    'postmortems/::error file=x::pwned.md': example({ body: completeBody.replace('acme/api#101', `acme/api#101 ${secret}`) }),
  };

  /** Every way the output could act on a terminal or a CI log. */
  function expectInert(output: string) {
    expect(output).not.toMatch(/[\u001b\u009b\u202e]/);
    expect(output).not.toContain(secret.slice(4, 14));
    for (const line of output.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
  }

  it('prints the table with escapes shown, tokens masked and no line a workflow command', async () => {
    const project = await makeProject(files);
    const result = await runCli(['actions'], project, {});
    expect(result.code).toBe(0);
    expectInert(result.stdout);
    expect(result.stdout).toContain('\\u001b[2J\\u001b[31mWipe the screen\\u001b[0m: acme/api#1');
    expect(result.stdout).toContain('postmortems/2024-03-01-\\u001b[31mred.md:');
    expect(result.stdout).toContain('Rotate the key ghp_…: acme/api#3');
  });

  it('prints JSON that decodes to the items as written, tokens masked', async () => {
    const project = await makeProject(files);
    const result = await runCli(['actions', '--format', 'json'], project, {});
    expect(result.code).toBe(0);
    expectInert(result.stdout);
    const items = (JSON.parse(result.stdout) as { items: ActionItemRow[] }).items;
    expect(items.map((item) => item.text)).toEqual([
      '\u001b[2J\u001b[31mWipe the screen\u001b[0m: acme/api#1 @alice due: 2024-07-01',
      '::error file=a.md::injected acme/api#2',
      'Rotate the key ghp_…: acme/api#3',
      'One-byte CSI \u009b2J and a bidi \u202eswitch: acme/api#4',
      'Add a canary stage to deploys: acme/api#101 ghp_…',
    ]);
    expect(items[0]).toMatchObject({ group: '::warning::a group', report: { path: 'postmortems/2024-03-01-\u001b[31mred.md' } });
  });
});
