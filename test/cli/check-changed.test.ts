import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { makeProject, runCli } from '../helpers.ts';

/**
 * Git that does the same everywhere: no system or global configuration, fixed
 * identities and dates, and no search for a repository above the temporary folder.
 * The CLI gets the same environment (it runs git with `io.env`).
 */
let environment: Record<string, string | undefined>;
/** Every temporary folder made, removed at the end. */
const created: string[] = [];

/** Runs git in `cwd` for building a fixture; returns its trimmed output. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env: environment, encoding: 'utf8' }).trim();
}

/** Writes files under `root`, creating folders. */
async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A new empty temporary folder. */
async function folder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hindsight-changed-'));
  created.push(root);
  return root;
}

/** Writes files and commits everything. */
function commitAll(root: string, message: string): void {
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '-m', message);
}

/** The CLI in `cwd` with the test's git environment plus `env`. */
function check(argv: string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(['check', ...argv], cwd, { ...environment, ...env });
}

/** `file ruleId severity` of each JSON message, for compact assertions. */
function messagesOf(stdout: string): string[] {
  const output = JSON.parse(stdout) as { messages: { file: string; ruleId: string; severity: string }[] };
  return output.messages.map((message) => `${message.file} ${message.ruleId} ${message.severity}`);
}

const broken = (date: string) => report({ date, severity: 'sev9' });
const missingTimeline = (date: string) => report({ date, status: 'draft', body: completeBody.replace('## Timeline', '## Notes') });

/**
 * A clone (so `origin/HEAD` is `origin/main`) on a branch `feature` whose changes
 * cover every case: committed, renamed, deleted, staged, unstaged, untracked,
 * ignored, outside the content folder. The remote also has `release`, one commit
 * behind `main`.
 */
let work: string;
let mainCommit: string;
let releaseCommit: string;

beforeAll(async () => {
  const home = await folder();
  environment = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CEILING_DIRECTORIES: await realpath(tmpdir()),
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_AUTHOR_DATE: '2024-06-01T00:00:00Z',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_COMMITTER_DATE: '2024-06-01T00:00:00Z',
  };

  const upstream = await folder();
  git(upstream, 'init', '--quiet');
  await write(upstream, {
    'package.json': '{}\n',
    'README.md': '# Incidents\n',
    '.gitignore': 'postmortems/2024-02-09-ignored.md\n',
    // Identical sample texts would all read as repeats of each other.
    'hindsight.config.yaml': 'rules: { possible-repeat: off }\n',
    'postmortems/_template.md': '# template\n',
    'postmortems/2024-01-01-old-broken.md': broken('2024-01-01'),
    'postmortems/2024-01-02-kept.md': report({ date: '2024-01-02' }),
    'postmortems/2024-01-03-moved.md': report({ date: '2024-01-03' }),
    'postmortems/2024-01-04-gone.md': report({ date: '2024-01-04' }),
  });
  commitAll(upstream, 'first reports');
  releaseCommit = git(upstream, 'rev-parse', 'HEAD');
  git(upstream, 'branch', 'release');
  await write(upstream, { 'postmortems/2024-01-05-later-broken.md': broken('2024-01-05') });
  commitAll(upstream, 'a later report, on main only');
  mainCommit = git(upstream, 'rev-parse', 'HEAD');

  const parent = await folder();
  git(parent, 'clone', '--quiet', upstream, 'work');
  work = join(parent, 'work');
  git(work, 'switch', '--quiet', '-c', 'feature');
  git(work, 'mv', 'postmortems/2024-01-03-moved.md', 'postmortems/2024-01-03-moved-here.md');
  git(work, 'rm', '--quiet', 'postmortems/2024-01-04-gone.md');
  await write(work, {
    'postmortems/2024-02-01-new-broken.md': broken('2024-02-01'),
    'postmortems/_template.md': '# template, edited\n',
    'README.md': '# Incidents, edited\n',
    'docs/2024-02-05-elsewhere.md': broken('2024-02-05'),
  });
  commitAll(work, 'feature work');
  await write(work, {
    // Uncommitted: an unstaged edit, a staged new report (that links an unchanged one), an untracked one, an ignored one.
    'postmortems/2024-01-02-kept.md': missingTimeline('2024-01-02'),
    'postmortems/2024-02-02-staged.md': report({ date: '2024-02-02', extra: 'repeat_of: [2024-01-01-old-broken]\n' }),
    'postmortems/2024-02-03-café down.md': report({ date: '2024-02-03' }),
    'postmortems/2024-02-09-ignored.md': broken('2024-02-09'),
  });
  git(work, 'add', 'postmortems/2024-02-02-staged.md');
});

afterAll(async () => {
  await Promise.all(created.map((path) => rm(path, { recursive: true, force: true })));
});

const changedReports = [
  'postmortems/2024-01-02-kept.md',
  'postmortems/2024-01-03-moved-here.md',
  'postmortems/2024-02-01-new-broken.md',
  'postmortems/2024-02-02-staged.md',
  'postmortems/2024-02-03-café down.md',
];

describe('hindsight check --changed', () => {
  it('reports only the changed reports, while every report is read', async () => {
    // Without --changed, the old broken report (and the ignored one) fail the run.
    const everything = await check(['--format', 'json'], work);
    expect(messagesOf(everything.stdout)).toContain('postmortems/2024-01-01-old-broken.md frontmatter error');

    const result = await check(['--changed', '--format', 'json'], work);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`5 reports changed since origin/main (${mainCommit.slice(0, 7)})\n`);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ files: changedReports.length, errors: 1, warnings: 2 });
    // The staged report's `repeat_of` resolves: the unchanged reports were read.
    // The kept draft is also long past its review due date (the CLI's "now" is 2024-06-01).
    expect(messagesOf(result.stdout)).toEqual([
      'postmortems/2024-01-02-kept.md review-overdue warning',
      'postmortems/2024-01-02-kept.md required-section warning',
      'postmortems/2024-02-01-new-broken.md frontmatter error',
    ]);
  });

  it('checks every changed report: renamed, staged, untracked, names with spaces and Unicode', async () => {
    // A named file is checked when changed; `--max-warnings 0` makes a clean one visible by its exit code.
    for (const path of changedReports.filter((path) => !/kept|broken/.test(path))) {
      expect(await check(['--changed', '--max-warnings', '0', path], work)).toMatchObject({ code: 0, stdout: expect.stringContaining('✔ 1 file checked') });
    }
    const pretty = await check(['--changed'], work);
    expect(pretty.stdout.split('\n')[0]).toBe(`5 reports changed since origin/main (${mainCommit.slice(0, 7)})`);
    expect(pretty.stdout).toContain('5 files checked');
    expect(pretty.stdout).not.toContain('old-broken');
    expect(pretty.stdout).not.toContain('ignored');
    expect(pretty.stdout).not.toContain('elsewhere');
  });

  it('narrows the changes to the named paths', async () => {
    const result = await check(['--changed', '--format', 'json', 'postmortems/2024-01-01-old-broken.md', 'postmortems/2024-02-01-new-broken.md'], work);
    expect(JSON.parse(result.stdout)).toMatchObject({ files: 1, errors: 1 });
    expect(messagesOf(result.stdout)).toEqual(['postmortems/2024-02-01-new-broken.md frontmatter error']);
  });

  it('names files relative to the working directory, from a subfolder', async () => {
    const result = await check(['--changed', '--format', 'json'], join(work, 'postmortems'));
    expect(messagesOf(result.stdout)).toEqual([
      '2024-01-02-kept.md review-overdue warning',
      '2024-01-02-kept.md required-section warning',
      '2024-02-01-new-broken.md frontmatter error',
    ]);
  });

  it('compares with `--since <ref>`, which implies --changed', async () => {
    // Since HEAD, only the uncommitted changes remain.
    for (const argv of [
      ['--changed', '--since', 'HEAD'],
      ['--since', 'HEAD'],
    ]) {
      const result = await check([...argv, '--format', 'json'], work);
      expect(result).toMatchObject({ code: 0, stderr: `3 reports changed since HEAD (${git(work, 'rev-parse', '--short=7', 'HEAD')})\n` });
      expect(JSON.parse(result.stdout)).toMatchObject({ files: 3, errors: 0, warnings: 2 });
    }
  });

  it('compares with the pull request base branch from `GITHUB_BASE_REF`', async () => {
    const result = await check(['--changed', '--format', 'json'], work, { GITHUB_BASE_REF: 'release' });
    expect(result.stderr).toBe(`6 reports changed since origin/release (${releaseCommit.slice(0, 7)})\n`);
    expect(messagesOf(result.stdout)).toContain('postmortems/2024-01-05-later-broken.md frontmatter error');
    // `--since` wins over the environment.
    const since = await check(['--since', 'origin/main', '--format', 'json'], work, { GITHUB_BASE_REF: 'release' });
    expect(JSON.parse(since.stdout)).toMatchObject({ files: 5 });
  });

  it('annotates only the changed reports on GitHub, and sums them up in the step summary', async () => {
    const summaryFolder = await folder();
    const result = await check(['--changed'], work, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(summaryFolder, 'summary.md') });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`5 reports changed since origin/main (${mainCommit.slice(0, 7)})`);
    expect(lines.filter((line) => line.startsWith('::')).map((line) => line.replace(/,line=.*/, ''))).toEqual([
      '::warning file=postmortems/2024-01-02-kept.md',
      '::warning file=postmortems/2024-01-02-kept.md',
      '::error file=postmortems/2024-02-01-new-broken.md',
    ]);
    expect(lines.at(-1)).toBe('5 files checked: 1 error, 2 warnings');
    const summary = await readFile(join(summaryFolder, 'summary.md'), 'utf8');
    expect(summary).toContain('### ❌ Hindsight: 5 files checked: 1 error, 2 warnings');
    expect(summary).not.toContain('old-broken');
  });
});

describe('hindsight check --changed with nothing changed', () => {
  it('exits 0 and says so in every format, with a valid JSON object', async () => {
    const root = await folder();
    git(root, 'init', '--quiet');
    await write(root, { 'postmortems/2024-01-01-old-broken.md': broken('2024-01-01'), 'README.md': '# x\n' });
    commitAll(root, 'reports');
    // A change outside the content folder is not a changed report.
    await write(root, { 'README.md': '# edited\n' });
    const message = `No reports changed since main (${git(root, 'rev-parse', '--short=7', 'HEAD')})`;

    expect(await check(['--changed'], root)).toEqual({ code: 0, stdout: `✔ ${message}\n`, stderr: '' });
    expect(await check(['--changed', '--format', 'github'], root)).toEqual({ code: 0, stdout: `${message}\n`, stderr: '' });
    const json = await check(['--changed', '--format', 'json'], root);
    expect(json).toMatchObject({ code: 0, stderr: `${message}\n` });
    expect(JSON.parse(json.stdout)).toEqual({ files: 0, errors: 0, warnings: 0, messages: [] });

    await check(['--changed'], root, { GITHUB_STEP_SUMMARY: 'summary.md' });
    expect(await readFile(join(root, 'summary.md'), 'utf8')).toBe(`### ✅ Hindsight: ${message}\n`);
  });
});

describe('hindsight check --changed when Git cannot tell', () => {
  it('exits 2 outside a repository', async () => {
    const root = await makeProject({ 'postmortems/2024-01-01-x.md': report({ date: '2024-01-01' }) });
    created.push(root);
    const result = await check(['--changed'], root);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `hindsight check: Unexpected folder \`${root}\` outside a Git work tree, expected a Git repository: \`--changed\` compares the reports with the Git history\n`,
    });
  });

  it('exits 2 in a shallow clone without the merge base, saying to fetch the history', async () => {
    const upstream = await folder();
    git(upstream, 'init', '--quiet');
    await write(upstream, { 'postmortems/2024-01-01-a.md': report({ date: '2024-01-01' }) });
    commitAll(upstream, 'one');
    await write(upstream, { 'postmortems/2024-01-02-b.md': report({ date: '2024-01-02' }) });
    commitAll(upstream, 'two');
    git(upstream, 'switch', '--quiet', '-c', 'feature');
    await write(upstream, { 'postmortems/2024-01-03-c.md': report({ date: '2024-01-03' }) });
    commitAll(upstream, 'three');
    git(upstream, 'switch', '--quiet', 'main');
    await write(upstream, { 'postmortems/2024-01-04-d.md': report({ date: '2024-01-04' }) });
    commitAll(upstream, 'four');
    const parent = await folder();

    // What actions/checkout does by default: one commit, one branch. The base branch is not even there.
    git(parent, 'clone', '--quiet', '--depth', '1', '--single-branch', '--branch', 'feature', `file://${upstream}`, 'checkout');
    const checkout = await check(['--changed'], join(parent, 'checkout'), { GITHUB_BASE_REF: 'main' });
    expect(checkout.code).toBe(2);
    expect(checkout.stderr).toBe(
      'hindsight check: Unexpected missing base branch `origin/main` (from `GITHUB_BASE_REF`; `main` does not exist either), expected it fetched: actions/checkout fetches only the commit under test unless `fetch-depth: 0` is set\n',
    );

    // With the base branch fetched, but not deep enough.
    git(parent, 'clone', '--quiet', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${upstream}`, 'shallow');
    const shallow = await check(['--changed', '--format', 'json'], join(parent, 'shallow'));
    expect(shallow).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hindsight check: Unexpected shallow clone without the merge base of `origin/main` and `HEAD`, expected the history back to where the branch started: set `fetch-depth: 0` on actions/checkout (or run `git fetch --unshallow`)\n',
    });

    // With the whole history, the feature's one report.
    git(parent, 'clone', '--quiet', '--branch', 'feature', `file://${upstream}`, 'full');
    expect(JSON.parse((await check(['--changed', '--format', 'json'], join(parent, 'full'))).stdout)).toMatchObject({ files: 1, errors: 0 });
  });

  it('exits 2 when there is no merge base or the base does not exist', async () => {
    const root = await folder();
    git(root, 'init', '--quiet');
    await write(root, { 'postmortems/2024-01-01-a.md': report({ date: '2024-01-01' }) });
    commitAll(root, 'one');
    git(root, 'switch', '--quiet', '--orphan', 'unrelated');
    await write(root, { 'postmortems/2024-01-02-b.md': report({ date: '2024-01-02' }) });
    commitAll(root, 'unrelated');
    const unrelated = await check(['--changed'], root);
    expect(unrelated).toMatchObject({ code: 2, stdout: '' });
    expect(unrelated.stderr).toBe(
      'hindsight check: Unexpected histories of `main` and `HEAD` without a common commit, expected `HEAD` to be a branch of `main` (name another base with `--since <ref>`)\n',
    );
    const unknown = await check(['--since', 'v9.9'], root);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^hindsight check: Unexpected `--since v9\.9` that Git does not know, expected a branch, tag or commit of this repository/);
  });

  it('documents the options in --help', async () => {
    const root = await folder();
    const { stdout } = await runCli(['check', '--help'], root);
    expect(stdout).toContain('--changed');
    expect(stdout).toContain('--since <ref>');
    expect(stdout).toContain('fetch-depth: 0');
  });
});
