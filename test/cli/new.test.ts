import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/lib/parse.ts';
import { builtInTemplate, scaffoldReport, slugify } from '../../src/lib/scaffold.ts';
import { localDate } from '../../src/lib/time.ts';
import { makeConfig, makeProject, runCli } from '../helpers.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The project's own template, as shipped. */
const shippedTemplate = await readFile(join(projectRoot, 'postmortems/_template.md'), 'utf8');

interface JsonOutput {
  files: number;
  errors: number;
  warnings: number;
  messages: { file: string; line: number; ruleId: string; severity: string; message: string }[];
}

async function checkJson(cwd: string): Promise<JsonOutput> {
  const result = await runCli(['check', '--format', 'json'], cwd);
  return JSON.parse(result.stdout) as JsonOutput;
}

describe('hindsight new', () => {
  it('refuses a template that links to a file outside the project, and copies nothing from it', async () => {
    const outside = await makeProject({ 'secret.txt': 'root:x:0:0:root:/root:/bin/bash\n' });
    const cwd = await makeProject({});
    await mkdir(join(cwd, 'postmortems'), { recursive: true });
    await symlink(join(outside, 'secret.txt'), join(cwd, 'postmortems/_template.md'));
    const result = await runCli(['new', 'API down', '--date', '2024-03-01'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected template `postmortems/_template.md` that links to a file outside the project');
    expect(result.stderr).not.toContain('root:x');
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['_template.md']);
  });

  it('follows a template linked to a file inside the project', async () => {
    const cwd = await makeProject({ 'templates/incident.md': shippedTemplate });
    await mkdir(join(cwd, 'postmortems'), { recursive: true });
    await symlink(join(cwd, 'templates/incident.md'), join(cwd, 'postmortems/_template.md'));
    const result = await runCli(['new', 'API down', '--date', '2024-03-01'], cwd);
    expect(result.code).toBe(0);
  });

  it('writes a draft from the project template and prints its path', async () => {
    const cwd = await makeProject({ 'postmortems/_template.md': shippedTemplate });
    const result = await runCli(
      ['new', 'API down: 500s after a deploy', '--date', '2024-03-01', '--service', 'api', '--service', 'web app', '--severity', 'sev1'],
      cwd,
    );
    expect(result).toEqual({ code: 0, stdout: 'postmortems/2024-03-01-api-down-500s-after-a-deploy.md\n', stderr: '' });
    const text = await readFile(join(cwd, 'postmortems/2024-03-01-api-down-500s-after-a-deploy.md'), 'utf8');
    const report = parseReport('postmortems/2024-03-01-api-down-500s-after-a-deploy.md', text, makeConfig());
    expect(report.frontmatterIssues).toEqual([]);
    expect(report.data).toMatchObject({
      title: 'API down: 500s after a deploy',
      date: '2024-03-01',
      status: 'draft',
      severity: 'sev1',
      services: ['api', 'web app'],
      timezone: 'UTC',
    });
    // The impact times are still to be written: commented out, with the date filled in.
    expect(report.data?.impact).toBeUndefined();
    expect(text).toContain('# impact:\n  # start: 2024-03-01THH:MM\n  # end: 2024-03-01THH:MM\n  # detected: 2024-03-01THH:MM\n');
    expect(text).toContain('\n# API down: 500s after a deploy\n');
    expect(text).not.toContain('One line that says what users saw');
    // Everything else in the template is kept as written.
    expect(text).toContain('<!-- Why it happened. Contributing factors, not people. -->');
    expect(text.split('\n').length).toBe(shippedTemplate.split('\n').length);
  });

  it('gives a draft that `check` passes with warnings only for what is still to be written', async () => {
    const cwd = await makeProject({ 'postmortems/_template.md': shippedTemplate });
    expect((await runCli(['new', 'Disk full on the database host', '--service', 'db'], cwd)).code).toBe(0);
    const output = await checkJson(cwd);
    expect(output.errors).toBe(0);
    expect(output.messages.map((message) => `${message.line} ${message.severity} ${message.ruleId}`)).toEqual([
      '21 warning empty-section',
      '25 warning empty-section',
      // The template's `| HH:MM | What happened |` row is not a time yet.
      '35 warning timeline-order',
      '37 warning empty-section',
      '41 warning empty-section',
      // The template's example item still links `owner/repo#123`.
      '49 warning action-item-link',
    ]);
    expect((await runCli(['check'], cwd)).code).toBe(0);
  });

  it('uses a built-in template when there is none, and creates the content folder', async () => {
    const cwd = await makeProject({ 'README.md': '# A project\n' });
    const result = await runCli(['new', 'Disk full'], cwd);
    // runCli's clock is 2024-06-01T00:00Z; the default zone is UTC.
    expect(result).toEqual({ code: 0, stdout: 'postmortems/2024-06-01-disk-full.md\n', stderr: '' });
    const text = await readFile(join(cwd, 'postmortems/2024-06-01-disk-full.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: Disk full\ndate: 2024-06-01\nstatus: draft\nseverity: sev4\ntimezone: UTC\n# impact:\n/);
    expect(text).toContain('services: [service-name]');
    const output = await checkJson(cwd);
    expect(output.errors).toBe(0);
    expect(output.messages.map((message) => message.message)).toEqual([
      'Unexpected empty section `Overview`, expected content',
      'Unexpected empty section `Impact`, expected content',
      'Unexpected empty section `Timeline`, expected content',
      'Unexpected empty section `Resolution`, expected content',
      'Unexpected empty section `Action Items`, expected content',
    ]);
  });

  it('takes today in the configured time zone, the content folder and severities from the config', async () => {
    const cwd = await makeProject({
      'hindsight.config.yaml': 'timezone: America/Toronto\ncontent: docs/incidents\nseverities: [critical, major, minor]\npreset: google-sre\n',
    });
    const result = await runCli(['new', 'Queue', 'backlog', '--severity', 'major'], cwd);
    // 2024-06-01T00:00Z is still May 31 in Toronto; unquoted words make one title.
    expect(result).toEqual({ code: 0, stdout: 'docs/incidents/2024-05-31-queue-backlog.md\n', stderr: '' });
    const text = await readFile(join(cwd, 'docs/incidents/2024-05-31-queue-backlog.md'), 'utf8');
    expect(text).toContain('severity: major\ntimezone: America/Toronto\n');
    expect(text).toContain('## Root Cause');
    expect((await checkJson(cwd)).errors).toBe(0);
    expect((await runCli(['new', 'Other', '--severity', 'sev1'], cwd)).stderr).toBe(
      'hindsight new: Unexpected severity `sev1`, expected `critical`, `major` or `minor`\n',
    );
  });

  it('writes the configured time zone into the shipped template, not its `UTC`', async () => {
    const cwd = await makeProject({ 'postmortems/_template.md': shippedTemplate, 'hindsight.config.yaml': 'timezone: Europe/Berlin\n' });
    const result = await runCli(['new', 'Disk full', '--date', '2024-06-01'], cwd);
    expect(result.code).toBe(0);
    const text = await readFile(join(cwd, 'postmortems/2024-06-01-disk-full.md'), 'utf8');
    expect(shippedTemplate).toContain('\ntimezone: UTC\n');
    expect(text).toContain('\ntimezone: Europe/Berlin\n');
    expect(text).not.toContain('timezone: UTC');
    // Only that value changes: every other line of the template stays where it was.
    expect(text.split('\n').length).toBe(shippedTemplate.split('\n').length);
    const config = makeConfig({ timezone: 'Europe/Berlin' });
    expect(scaffoldReport('---\ntitle: x\ntimezone: "UTC" # the team zone\n---\n', { title: 'Disk full', date: '2024-06-01' }, config)).toContain(
      'timezone: Europe/Berlin # the team zone\n',
    );
  });

  it('never overwrites an existing report', async () => {
    const original = '---\ntitle: Written by hand\n---\n\nKeep me.\n';
    const cwd = await makeProject({ 'postmortems/2024-03-01-api-down.md': original });
    const result = await runCli(['new', 'API down', '--date', '2024-03-01'], cwd);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'hindsight new: Unexpected existing file `postmortems/2024-03-01-api-down.md`, expected a new report; edit that file, or choose another title or `--date`\n',
    );
    expect(await readFile(join(cwd, 'postmortems/2024-03-01-api-down.md'), 'utf8')).toBe(original);
  });

  it('refuses an id that a report in a subfolder already has', async () => {
    const original = '---\ntitle: Filed by team\n---\n';
    const cwd = await makeProject({ 'postmortems/platform/2024-03-01-api-down.md': original });
    const result = await runCli(['new', 'API down', '--date', '2024-03-01'], cwd);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hindsight new: Unexpected report id `2024-03-01-api-down` already used by `postmortems/platform/2024-03-01-api-down.md`, expected a new id; edit that report, or choose another title or `--date`\n',
    });
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['platform']);
  });

  it('writes into the project content folder when run from inside it', async () => {
    const cwd = await makeProject({ 'package.json': '{}\n', 'postmortems/_template.md': shippedTemplate, 'hindsight.config.yaml': 'timezone: UTC\n' });
    const result = await runCli(['new', 'Disk full', '--date', '2024-03-02'], join(cwd, 'postmortems'));
    // Paths stay relative to the working directory; the template is the project's.
    expect(result).toEqual({ code: 0, stdout: '2024-03-02-disk-full.md\n', stderr: '' });
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['2024-03-02-disk-full.md', '_template.md']);
    expect(await readFile(join(cwd, 'postmortems/2024-03-02-disk-full.md'), 'utf8')).toContain('<!-- Why it happened. Contributing factors, not people. -->');
  });

  it.each([
    [['new'], 'Unexpected empty title, expected a title such as `hindsight new "API down after a bad deploy"`'],
    [['new', '   '], 'Unexpected empty title, expected a title such as `hindsight new "API down after a bad deploy"`'],
    [['new', '!!!'], 'Unexpected title `!!!`, expected a title with letters or digits (it names the file)'],
    [['new', 'Outage', '--date', '2024-02-30'], 'Unexpected date `2024-02-30`, expected a real date written `YYYY-MM-DD`'],
    [['new', 'Outage', '--date', '01/02/2024'], 'Unexpected date `01/02/2024`, expected a real date written `YYYY-MM-DD`'],
    [['new', 'Outage', '--severity', 'huge'], 'Unexpected severity `huge`, expected `sev1`, `sev2`, `sev3` or `sev4`'],
    [['new', 'Outage', '--service', ' '], 'Unexpected service ``, expected a service name'],
  ])('refuses %j with exit 2 and writes nothing', async (argv, message) => {
    const cwd = await makeProject({ 'postmortems/_template.md': shippedTemplate });
    const result = await runCli(argv, cwd);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `hindsight new: ${message}\n` });
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['_template.md']);
  });

  it('refuses unknown options and a template it cannot fill in', async () => {
    const cwd = await makeProject({ 'postmortems/_template.md': '---js\n{ title: "x" }\n---\n\n# x\n' });
    const unknown = await runCli(['new', 'Outage', '--sevrity', 'sev1'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--sevrity'");
    const template = await runCli(['new', 'Outage'], cwd);
    expect(template.code).toBe(2);
    expect(template.stderr).toBe(
      'hindsight new: Unexpected template `postmortems/_template.md` that cannot be filled in: Unexpected frontmatter language `js`, expected YAML (`---` or `---yaml`); code in frontmatter is never run (line 1)\n',
    );
    expect(await readdir(join(cwd, 'postmortems'))).toEqual(['_template.md']);
  });

  it('prints its help and is listed in the main help', async () => {
    const cwd = await makeProject({});
    const help = await runCli(['new', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hindsight new <title> [options]');
    expect((await runCli(['--help'], cwd)).stdout).toContain('new <title>');
  });

  it('writes the file even when the same name appears concurrently, exactly once', async () => {
    const cwd = await makeProject({});
    const results = await Promise.all([1, 2, 3].map(() => runCli(['new', 'Race', '--date', '2024-01-01'], cwd)));
    expect(results.map((result) => result.code).sort()).toEqual([0, 2, 2]);
  });
});

describe('scaffoldReport', () => {
  const config = makeConfig();
  const options = { title: 'Cache stampede', date: '2024-04-02' };

  it('fills fields in wherever they are and however they are written', () => {
    const template = [
      '---',
      "title: 'Old'",
      'date:',
      'status: in-review',
      'services:',
      '  - one',
      '  - two',
      'impact: {start: YYYY-MM-DDT10:00, end: YYYY-MM-DDTHH:MM}',
      '---',
      '',
      'Title',
      '=====',
      '',
    ].join('\n');
    expect(scaffoldReport(template, { ...options, services: ['cache'] }, config)).toBe(
      [
        '---',
        'title: Cache stampede',
        'date: 2024-04-02',
        'status: draft',
        'services: [cache]',
        '# impact: {start: 2024-04-02T10:00, end: 2024-04-02THH:MM}',
        'severity: sev4',
        '---',
        '',
        '# Cache stampede',
        '',
      ].join('\n'),
    );
  });

  it('keeps impact times that become valid and comments out only the rest', () => {
    const template = '---\ntitle: x\nimpact:\n  start: YYYY-MM-DDT09:30\n  end: YYYY-MM-DDTHH:MM\nservices: [a]\n---\n';
    const text = scaffoldReport(template, options, config);
    expect(text).toContain('impact:\n  start: 2024-04-02T09:30\n  # end: 2024-04-02THH:MM\nservices: [a]\n');
    const report = parseReport('postmortems/2024-04-02-cache-stampede.md', text, config);
    expect(report.frontmatterIssues).toEqual([]);
    expect(report.data?.impact).toEqual({ start: '2024-04-02T09:30' });
  });

  it('adds a frontmatter block to a template without one, and quotes titles YAML would misread', () => {
    const text = scaffoldReport('# Heading\n\n## Overview\n', { ...options, title: '#1: "yes" - no' }, config);
    expect(text).toBe(
      `---\ntitle: '#1: "yes" - no'\ndate: 2024-04-02\nstatus: draft\nseverity: sev4\nservices: [service-name]\n---\n\n# #1: "yes" - no\n\n## Overview\n`,
    );
    expect(parseReport('postmortems/2024-04-02-x.md', text, config).data).toMatchObject({ title: '#1: "yes" - no' });
  });

  it('keeps Windows line endings', () => {
    const text = scaffoldReport('---\r\ntitle: x\r\nservices: [a]\r\n---\r\n\r\n# x\r\n', options, config);
    expect(text).toBe(
      '---\r\ntitle: Cache stampede\r\nservices: [a]\r\ndate: 2024-04-02\r\nstatus: draft\r\nseverity: sev4\r\n---\r\n\r\n# Cache stampede\r\n',
    );
  });

  it("makes a built-in template with the preset's required sections", () => {
    expect(builtInTemplate(makeConfig({ preset: 'pagerduty' }))).toContain('## Summary');
    expect(builtInTemplate(config).match(/^## .*/gm)).toEqual(['## Overview', '## Impact', '## Timeline', '## Resolution', '## Action Items']);
  });
});

describe('slugs and dates', () => {
  it('slugifies titles for file names', () => {
    expect(slugify('API down: 500s after a deploy!')).toBe('api-down-500s-after-a-deploy');
    expect(slugify("Ünïcode café — it's down")).toBe('unicode-cafe-its-down');
    expect(slugify('Ошибка входа')).toBe('ошибка-входа');
    expect(slugify('   ')).toBe('');
    const long = slugify('A very long title that goes on and on about everything that went wrong during the outage');
    expect(long).toBe('a-very-long-title-that-goes-on-and-on-about-everything-that');
    expect(long.length).toBeLessThanOrEqual(60);
  });

  it('gives the calendar day in a zone', () => {
    const instant = new Date('2024-06-01T02:00:00Z');
    expect(localDate(instant, 'UTC')).toBe('2024-06-01');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2024-05-31');
    expect(localDate(new Date('2024-06-01T22:00:00Z'), 'Asia/Tokyo')).toBe('2024-06-02');
  });
});
