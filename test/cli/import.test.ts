/**
 * `hindsight import` through the CLI: temporary folders, captured output, files
 * on disk, exit codes, and the promise never to overwrite a file.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { makeProject, runCli } from '../helpers.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');

const hubReport = '# 2017-09-27, Hub 403\n\n## Summary\n\nMost users got a 403.\n\n## Timeline\n\nAll times in PST\n\n### 13:06\n\nDeploy to staging.\n';
const pagerduty = await readFile(join(fixtures, 'pagerduty-export.md'), 'utf8');

interface JsonReport {
  files: number;
  imported: number;
  results: Array<{
    source: string;
    status: string;
    output?: string;
    reason?: string;
    date?: string;
    defaults?: string[];
    notes: Array<{ level: string; message: string }>;
    problems?: Array<{ ruleId: string; line: number }>;
  }>;
  ignored: Array<{ path: string; reason: string }>;
}

describe('hindsight import', () => {
  it('converts a folder into archived reports that `check` passes, and prints what it could not place', async () => {
    const cwd = await makeProject({
      'old/2017-09-27-hub-403.md': hubReport,
      'old/nested/pagerduty-export.md': pagerduty,
      'old/README.md': '# Our postmortems\n\n- 2017-09-27: Hub 403\n',
      'old/_template.md': '# Title\n\nDate: YYYY-MM-DD\n',
    });
    const result = await runCli(['import', 'old', '--out', 'postmortems', '--service', 'binder'], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'old/2017-09-27-hub-403.md → postmortems/2017-09-27-hub-403.md',
        'old/nested/pagerduty-export.md → postmortems/2023-03-03-4417-checkout-api-returning-503-for-card-payments.md',
        '  kept in the body only (no Hindsight field): `Acknowledged by`',
        '  headings that match no configured section: `Notes`',
        'old/README.md: not imported: a README, index or template, not a report (name the file to import it anyway)',
        '',
        'Imported 2 of 2 files into postmortems/.',
        '1 gives no severity that maps onto the configured ones: written as `sev4` (choose with `--severity`).',
        '1 names no service: written as `binder` (from `--service`).',
        'Run `hindsight check postmortems` to see the rest; on archived reports most findings are warnings.',
        '',
      ].join('\n'),
    );
    expect((await readdir(join(cwd, 'postmortems'))).sort()).toEqual([
      '2017-09-27-hub-403.md',
      '2023-03-03-4417-checkout-api-returning-503-for-card-payments.md',
    ]);
    const hub = await readFile(join(cwd, 'postmortems/2017-09-27-hub-403.md'), 'utf8');
    expect(hub).toBe(
      [
        '---',
        '# Imported by `hindsight import` from 2017-09-27-hub-403.md; the body below is the original, unchanged.',
        'title: 2017-09-27, Hub 403',
        'date: 2017-09-27',
        'status: archived',
        'severity: sev4',
        'timezone: America/Los_Angeles',
        'services:',
        '  - binder',
        '---',
        '',
        hubReport,
      ].join('\n'),
    );
    const check = await runCli(['check', 'postmortems'], cwd);
    expect(check.code).toBe(0);
  });

  it('never overwrites: the same import again changes nothing, another file of the same name is left alone', async () => {
    const cwd = await makeProject({ 'old/2017-09-27-hub-403.md': hubReport });
    expect((await runCli(['import', 'old', '--out', 'postmortems'], cwd)).code).toBe(0);
    const written = join(cwd, 'postmortems/2017-09-27-hub-403.md');
    const first = await stat(written);

    const again = await runCli(['import', 'old', '--out', 'postmortems'], cwd);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('old/2017-09-27-hub-403.md → postmortems/2017-09-27-hub-403.md (already imported)\n');
    expect(again.stdout).toContain('Imported 1 of 1 file into postmortems/ (1 already there).\n');
    expect((await stat(written)).mtimeMs).toBe(first.mtimeMs);

    await writeFile(written, 'edited by hand\n');
    const edited = await runCli(['import', 'old', '--out', 'postmortems'], cwd);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(
      'old/2017-09-27-hub-403.md → postmortems/2017-09-27-hub-403.md (skipped)\n  Unexpected existing file `postmortems/2017-09-27-hub-403.md`, expected a new report; it is left alone (remove it to import this source again)\n',
    );
    expect(await readFile(written, 'utf8')).toBe('edited by hand\n');
  });

  it('skips a source whose id a report elsewhere in the output folder already has', async () => {
    const cwd = await makeProject({ 'old/2017-09-27-hub-403.md': hubReport, 'postmortems/2017/2017-09-27-hub-403.md': 'mine\n' });
    const result = await runCli(['import', 'old', '--out', 'postmortems'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  Unexpected existing report id `2017-09-27-hub-403` (`postmortems/2017/2017-09-27-hub-403.md`), expected a new id; nothing was written\n',
    );
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['2017']);
  });

  it('gives the second of two sources with the same date and title `-2`', async () => {
    const cwd = await makeProject({ 'a/2017-09-27-hub-403.md': hubReport, 'b/2017-09-27-hub-403.md': `${hubReport}\nAnother copy.\n` });
    const result = await runCli(['import', 'a', 'b', '--out', 'postmortems'], cwd);
    expect(result.code).toBe(0);
    expect((await readdir(join(cwd, 'postmortems'))).sort()).toEqual(['2017-09-27-hub-403-2.md', '2017-09-27-hub-403.md']);
    expect(await readFile(join(cwd, 'postmortems/2017-09-27-hub-403-2.md'), 'utf8')).toContain('Another copy.');
    expect((await runCli(['check', 'postmortems'], cwd)).code).toBe(0);
  });

  it('exits 1 when a file cannot be converted, naming the file and the reason, without a stack trace', async () => {
    const cwd = await makeProject({
      'old/undated.md': await readFile(join(fixtures, 'undated.md'), 'utf8'),
      'old/scan.md': new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]),
      'old/2017-09-27-hub-403.md': hubReport,
      'notes.txt': 'Date: 2020-01-01\n',
    });
    const result = await runCli(['import', 'old', 'notes.txt', '--out', 'postmortems'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('old/scan.md: not converted: Unexpected binary content (a NUL byte), expected a UTF-8 Markdown text file\n');
    expect(result.stdout).toContain(
      'old/undated.md: not converted: Unexpected report without a date, expected one in its frontmatter (`date:`), a header line (`Date: 2022-09-07`), its file name (`2022-09-07-….md`), its title, its timeline or its text; add one and import it again\n',
    );
    expect(result.stdout).toContain('notes.txt: not converted: Unexpected `.txt` file, expected a Markdown file (`.md` or `.markdown`)\n');
    expect(result.stdout).toContain('Imported 1 of 4 files into postmortems/ (3 not converted).\n');
    expect(result.stdout).not.toMatch(/\bat .+:\d+:\d+\)/);
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['2017-09-27-hub-403.md']);
  });

  it('writes a report with a credential but says it fails `check`, and exits 1', async () => {
    const token = ['gh', 'p_', syntheticToken(36, 7)].join('');
    const cwd = await makeProject({ 'old/2024-07-08-leaked-token.md': `# Leaked token\n\nThe token ${token} was in a public log.\n` });
    const result = await runCli(['import', 'old', '--out', 'postmortems'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(token);
    expect(result.stdout).toContain(
      '  warning: Unexpected credential in the source (line 13 of the converted report), expected none: `hindsight check` fails until it is removed; revoke it too, since it was shared\n',
    );
    expect(result.stdout).toMatch(/ {2}error: postmortems\/2024-07-08-leaked-token\.md:13:\d+: Unexpected .+ \(secret\)\n/);
    expect(result.stdout).toContain('1 fails `hindsight check` (the errors are listed above): fix them before publishing.\n');
    expect((await runCli(['check', 'postmortems'], cwd)).code).toBe(1);
  });

  it('writes nothing with --dry-run', async () => {
    const cwd = await makeProject({ 'old/2017-09-27-hub-403.md': hubReport });
    const result = await runCli(['import', 'old', '--out', 'postmortems', '--dry-run'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Would import 1 of 1 file into postmortems/.\n');
    await expect(stat(join(cwd, 'postmortems'))).rejects.toThrow();
  });

  it('prints a JSON report with --format json', async () => {
    const cwd = await makeProject({ 'old/2017-09-27-hub-403.md': hubReport, 'old/undated.md': '# Nothing dated\n' });
    const result = await runCli(['import', 'old', '--out', 'postmortems', '--format', 'json'], cwd);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report).toMatchObject({ files: 2, imported: 1, ignored: [] });
    expect(report.results).toEqual([
      expect.objectContaining({
        source: 'old/2017-09-27-hub-403.md',
        status: 'imported',
        output: 'postmortems/2017-09-27-hub-403.md',
        date: '2017-09-27',
        defaults: ['severity', 'services'],
        problems: [],
      }),
      expect.objectContaining({ source: 'old/undated.md', status: 'not-converted', reason: expect.stringMatching(/^Unexpected report without a date/) }),
    ]);
  });

  it('imports a file named explicitly even when a walk would skip it', async () => {
    const cwd = await makeProject({ 'old/README.md': '# Outage of 2020-01-02\n\nText.\n' });
    const result = await runCli(['import', 'old/README.md', '--out', 'postmortems'], cwd);
    expect(result.code).toBe(0);
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['2020-01-02-outage.md']);
  });

  it('exits 2 on usage errors', async () => {
    const cwd = await makeProject({ 'old/2017-09-27-hub-403.md': hubReport });
    const cases: Array<[string[], string]> = [
      [['import', 'old'], 'hindsight import: Unexpected missing `--out`, expected the folder to write the reports to, such as `--out postmortems`\n'],
      [
        ['import', '--out', 'postmortems'],
        'hindsight import: Unexpected missing paths, expected the files or folders to import, such as `hindsight import old-postmortems --out postmortems`\n',
      ],
      [
        ['import', 'nowhere', '--out', 'postmortems'],
        'hindsight import: Unexpected path `nowhere` that does not exist, expected a report file or a folder of reports\n',
      ],
      [
        ['import', 'old', '--out', 'postmortems', '--severity', 'P1'],
        'hindsight import: Unexpected severity `P1`, expected `sev1`, `sev2`, `sev3` or `sev4`\n',
      ],
      [['import', 'old', '--out', 'postmortems', '--format', 'xml'], 'hindsight import: Unexpected format `xml`, expected `pretty` or `json`\n'],
    ];
    for (const [argv, stderr] of cases) {
      const result = await runCli(argv, cwd);
      expect({ code: result.code, stderr: result.stderr }, argv.join(' ')).toEqual({ code: 2, stderr });
    }
    await expect(stat(join(cwd, 'postmortems'))).rejects.toThrow();
  });

  it('does not import the output folder into itself, and refuses an output that is a file', async () => {
    const cwd = await makeProject({ 'postmortems/2017-09-27-hub-403.md': hubReport, 'old/2020-01-02-outage.md': '# Outage\n', 'taken.md': 'x\n' });
    const result = await runCli(['import', '.', 'postmortems/2017-09-27-hub-403.md', '--out', 'postmortems'], cwd);
    expect(result.stdout).toContain('old/2020-01-02-outage.md → postmortems/2020-01-02-outage.md\n');
    expect(result.stdout).toContain('postmortems/2017-09-27-hub-403.md: not imported: it is in the output folder: imported reports are not imported again\n');
    expect(result.stdout).toContain('Imported 1 of 2 files');
    const file = await runCli(['import', 'old', '--out', 'taken.md'], cwd);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(
      /^hindsight import: Unexpected `--out` `taken\.md` that cannot be a folder \(E[A-Z]+\), expected a folder to write the reports to\n$/,
    );
  });

  it('has help, and is listed in the CLI help', async () => {
    const cwd = await makeProject({});
    const help = await runCli(['import', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: hindsight import <files\|folders…> --out <folder> \[options\]\n/);
    expect((await runCli(['--help'], cwd)).stdout).toContain(
      '  import <paths…>  convert existing Markdown postmortems into archived reports; --out <folder>\n',
    );
  });
});
