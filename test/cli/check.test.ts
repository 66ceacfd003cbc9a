import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { makeProject, runCli } from '../helpers.ts';

const clean = { 'postmortems/2024-03-01-api-down.md': report() };
const broken = {
  'postmortems/2024-03-01-api-down.md': report({ severity: 'sev9' }),
  'postmortems/2024-03-02-db-slow.md': report({ date: '2024-03-02', status: 'draft', body: completeBody.replace('## Timeline', '## Notes') }),
};

describe('hindsight check', () => {
  it('exits 0 on clean reports and says so', async () => {
    const root = await makeProject(clean);
    const result = await runCli(['check'], root);
    expect(result).toEqual({ code: 0, stdout: '✔ 1 file checked: 0 errors, 0 warnings\n', stderr: '' });
  });

  it('exits 1 on errors, with pretty output naming file, line, column and rule', async () => {
    const root = await makeProject(broken);
    const result = await runCli(['check'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('postmortems/2024-03-01-api-down.md');
    expect(result.stdout).toMatch(/5:11-5:15\s+error\s+Unexpected `sev9` for `severity`.*frontmatter\s+hindsight/);
    expect(result.stdout).toMatch(/warning\s+Unexpected missing section `Timeline`.*required-section/);
    expect(result.stdout).toContain('2 files checked');
    expect(result.stderr).toBe('');
  });

  it('names the file of a cause that is in another file', async () => {
    const root = await makeProject({ ...clean, 'postmortems/archive/2024-03-01-api-down.md': report() });
    const { stdout } = await runCli(['check'], root);
    expect(stdout).toMatch(/\[cause\]:\n\s+1:1-1:4\s+info\s+First used here \(in postmortems\/2024-03-01-api-down\.md\)/);
  });

  it('prints the documented JSON shape', async () => {
    const root = await makeProject(broken);
    const result = await runCli(['check', '--format', 'json', 'postmortems'], root);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(['files', 'errors', 'warnings', 'messages']);
    expect(output).toMatchObject({ files: 2, errors: 1, warnings: 1 });
    expect(output.messages[0]).toEqual({
      file: 'postmortems/2024-03-01-api-down.md',
      line: 5,
      column: 11,
      endLine: 5,
      endColumn: 15,
      ruleId: 'frontmatter',
      severity: 'error',
      message: 'Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`',
      url: '/rules/frontmatter/',
    });
    expect(output.messages[1]).toMatchObject({ file: 'postmortems/2024-03-02-db-slow.md', ruleId: 'required-section', severity: 'warning' });
  });

  it('prints GitHub annotations by default on Actions and appends a step summary', async () => {
    const root = await makeProject(broken);
    const result = await runCli(['check'], root, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: 'summary.md' });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      '::error file=postmortems/2024-03-01-api-down.md,line=5,endLine=5,col=11,endColumn=15,title=hindsight(frontmatter)::Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`%0A/rules/frontmatter/',
    );
    expect(lines[1]).toMatch(/^::warning file=postmortems\/2024-03-02-db-slow\.md,line=\d+,/);
    expect(lines.at(-1)).toBe('2 files checked: 1 error, 1 warning');
    const summary = await readFile(join(root, 'summary.md'), 'utf8');
    expect(summary).toContain('### ❌ Hindsight: 2 files checked: 1 error, 1 warning');
    expect(summary).toContain('| postmortems/2024-03-01-api-down.md | 5 | error | [frontmatter](/rules/frontmatter/) |');
  });

  it('escapes annotation properties and data like the actions toolkit', async () => {
    const root = await makeProject({ 'postmortems/a,b:c%.md': '# no frontmatter\n' });
    const result = await runCli(['check', '--format', 'github'], root);
    expect(result.stdout).toContain('::error file=postmortems/a%2Cb%3Ac%25.md,line=1,');
  });

  it('fails on warnings over --max-warnings', async () => {
    const root = await makeProject({ 'postmortems/2024-03-02-db-slow.md': broken['postmortems/2024-03-02-db-slow.md'] });
    expect((await runCli(['check'], root)).code).toBe(0);
    expect((await runCli(['check', '--max-warnings', '1'], root)).code).toBe(0);
    expect((await runCli(['check', '--max-warnings', '0'], root)).code).toBe(1);
  });

  it.each([
    [['check', '--format', 'xml'], /Unexpected format `xml`, expected `pretty`, `github` or `json`/],
    [['check', '--max-warnings', 'many'], /Unexpected `--max-warnings many`, expected a whole number/],
    [['check', '--colour'], /Unknown option '--colour'/],
    [['check', 'nowhere'], /Unexpected path `nowhere` that does not exist/],
    [['frobnicate'], /Unexpected command `frobnicate`/],
  ])('exits 2 on usage errors: %j', async (argv, message) => {
    const root = await makeProject(clean);
    const result = await runCli(argv, root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an invalid configuration with a friendly message', async () => {
    const root = await makeProject({ ...clean, 'hindsight.config.yaml': 'serverities: [p1]\ntimezone: Nowhere/Land\n' });
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration in hindsight.config.yaml:');
    expect(result.stderr).toContain('- **(top level)**: Unexpected key `serverities`');
    expect(result.stderr).toContain('- **timezone**: must be an IANA time zone');
  });

  it('exits 2 on a rule id that does not exist instead of ignoring its level', async () => {
    const root = await makeProject({ ...clean, 'hindsight.config.yaml': 'rules:\n  possible-repeats: off\n  secret: error\n' });
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('- **rules.possible-repeats**: Unexpected rule `possible-repeats`, expected one of `file`, `frontmatter`,');
    expect(result.stderr).not.toContain('rules.secret');
    // Reported together with the schema's own problems.
    const both = await runCli(['check'], await makeProject({ ...clean, 'hindsight.config.yaml': 'timezone: Nowhere/Land\nrules: { secrets: off }\n' }));
    expect(both.stderr).toContain('- **timezone**: must be an IANA time zone');
    expect(both.stderr).toContain('- **rules.secrets**: Unexpected rule `secrets`');
  });

  it('exits 2 when there is no content folder', async () => {
    const root = await makeProject({ 'README.md': '# nothing\n' });
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected path `postmortems` that does not exist');
  });

  it('skips files and folders starting with `_` when walking, but checks them when named', async () => {
    const root = await makeProject({ ...clean, 'postmortems/_template.md': '# template\n', 'postmortems/_drafts/x.md': '# x\n' });
    expect(await runCli(['check'], root)).toMatchObject({ code: 0 });
    expect(await runCli(['check', 'postmortems/_template.md'], root)).toMatchObject({ code: 1 });
  });

  it('resolves links from a named file against the whole content folder', async () => {
    const root = await makeProject({
      ...clean,
      'postmortems/2024-03-08-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
    });
    const result = await runCli(['check', '--format', 'json', 'postmortems/2024-03-08-again.md'], root);
    expect(JSON.parse(result.stdout)).toMatchObject({ files: 1, errors: 0 });
  });

  it('finds the project from a subfolder: links resolve, paths stay relative to the working directory', async () => {
    const root = await makeProject({
      ...clean,
      'package.json': '{}\n',
      'postmortems/2024-03-08-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\nrelated: [2024-03-01-api-dwn]\n' }),
    });
    const inside = join(root, 'postmortems');
    const named = JSON.parse((await runCli(['check', '--format', 'json', '2024-03-08-again.md'], inside)).stdout);
    expect(named).toMatchObject({ files: 1, errors: 1 });
    expect(named.messages.map((message: { file: string; line: number; ruleId: string }) => [message.file, message.line, message.ruleId])).toEqual([
      ['2024-03-08-again.md', 11, 'reference'],
    ]);
    expect(JSON.parse((await runCli(['check', '--format', 'json'], inside)).stdout)).toMatchObject({ files: 2, errors: 1 });
  });

  it('reads the content folder from the configuration', async () => {
    const root = await makeProject({ 'docs/incidents/2024-03-01-api-down.md': report(), 'hindsight.config.yaml': 'content: docs/incidents\n' });
    expect(JSON.parse((await runCli(['check', '--format', 'json'], root)).stdout)).toMatchObject({ files: 1, errors: 0 });
  });

  it('prints help and version', async () => {
    const root = await makeProject(clean);
    expect(await runCli(['check', '--help'], root)).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: hindsight check') });
    expect(await runCli(['--version'], root)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(await runCli([], root)).toMatchObject({ code: 2, stdout: expect.stringContaining('Commands:') });
  });
});
