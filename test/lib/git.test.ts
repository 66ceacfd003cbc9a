import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedFilesSince, changesSince, GitError, maskCredentials } from '../../src/lib/node/git.ts';

/**
 * Git that does the same everywhere: no system or global configuration (so no
 * signing, hooks or `diff.relative` from the machine running the tests), fixed
 * identities and dates, and no search for a repository above the temporary folder.
 */
let environment: Record<string, string | undefined>;
/** Every temporary folder made, removed at the end. */
const created: string[] = [];

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'hindsight-git-home-'));
  created.push(home);
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
});

afterAll(async () => {
  await Promise.all(created.map((path) => rm(path, { recursive: true, force: true })));
});

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

/** A new empty folder, optionally a fresh repository. */
async function folder(init = true): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hindsight-git-'));
  created.push(root);
  if (init) git(root, 'init', '--quiet');
  return root;
}

/** Writes files and commits them all. */
async function commit(root: string, files: Record<string, string>, message = 'change'): Promise<string> {
  await write(root, files);
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

describe('changedFilesSince', () => {
  it('lists committed, staged, unstaged and untracked files; a rename under its new path; no deleted or ignored files', async () => {
    const root = await folder();
    const base = await commit(root, { 'kept.md': 'a\n', 'edited.md': 'a\n', 'moved.md': 'moved\n', 'gone.md': 'a\n', '.gitignore': 'ignored.md\n' });
    git(root, 'switch', '--quiet', '-c', 'feature');
    git(root, 'mv', 'moved.md', 'moved-here.md');
    git(root, 'rm', '--quiet', 'gone.md');
    await commit(root, { 'committed.md': 'b\n' });
    await write(root, { 'staged.md': 'c\n', 'edited.md': 'unstaged edit\n', 'untracked.md': 'd\n', 'ignored.md': 'e\n' });
    git(root, 'add', 'staged.md');

    expect(await changedFilesSince(root, base, { env: environment })).toEqual(['committed.md', 'edited.md', 'moved-here.md', 'staged.md', 'untracked.md']);
  });

  it('passes names with spaces, Unicode, quotes and newlines through unquoted', async () => {
    const root = await folder();
    const base = await commit(root, { 'a.md': 'a\n' });
    const names = ['with space.md', 'café ünïcode.md', 'quote"d.md', 'new\nline.md', 'tab\there.md'];
    await commit(root, { [names[0]!]: 'x\n', [names[1]!]: 'x\n' });
    await write(root, { [names[2]!]: 'x\n', [names[3]!]: 'x\n', [names[4]!]: 'x\n' });
    expect(await changedFilesSince(root, base, { env: environment })).toEqual([...names].sort());
  });

  it('keeps to the folder it runs in, with names relative to it (a project inside a larger repository)', async () => {
    const root = await folder();
    const base = await commit(root, { 'docs/incidents/a.md': 'a\n' });
    await commit(root, { 'docs/incidents/b.md': 'b\n', 'other/c.md': 'c\n', 'top.md': 'x\n' });
    await write(root, { 'docs/incidents/untracked.md': 'u\n', 'other/untracked.md': 'u\n' });
    expect(await changedFilesSince(join(root, 'docs'), base, { env: environment })).toEqual(['incidents/b.md', 'incidents/untracked.md']);
  });
});

describe('changesSince', () => {
  /** A remote with `main` (two commits) and `release` (the first), cloned, with a `feature` branch in the clone. */
  async function cloned(): Promise<{ clone: string; first: string; second: string }> {
    const upstream = await folder();
    const first = await commit(upstream, { 'one.md': '1\n' });
    git(upstream, 'branch', 'release');
    const second = await commit(upstream, { 'two.md': '2\n' });
    const parent = await folder(false);
    git(parent, 'clone', '--quiet', upstream, 'clone');
    const clone = join(parent, 'clone');
    git(clone, 'switch', '--quiet', '-c', 'feature');
    await commit(clone, { 'three.md': '3\n' });
    return { clone, first, second };
  }

  it('compares with the remote default branch (`origin/HEAD`) when no base is named', async () => {
    const { clone, second } = await cloned();
    expect(await changesSince(clone, {}, { env: environment })).toEqual({ base: 'origin/main', source: 'default', mergeBase: second, files: ['three.md'] });
  });

  it('prefers `--since`, then `GITHUB_BASE_REF` as `origin/<name>`, then as `<name>`', async () => {
    const { clone, first, second } = await cloned();
    expect(await changesSince(clone, { since: 'HEAD', githubBaseRef: 'release' }, { env: environment })).toMatchObject({
      base: 'HEAD',
      source: 'since',
      files: [],
    });
    expect(await changesSince(clone, { githubBaseRef: 'release' }, { env: environment })).toEqual({
      base: 'origin/release',
      source: 'GITHUB_BASE_REF',
      mergeBase: first,
      files: ['three.md', 'two.md'],
    });
    // A branch that exists only locally (a workflow that created it, or a mirror without `origin`).
    git(clone, 'branch', 'local-only', first);
    expect(await changesSince(clone, { githubBaseRef: 'local-only' }, { env: environment })).toMatchObject({ base: 'local-only', mergeBase: first });
    // An empty `GITHUB_BASE_REF` (any event but a pull request) is unset.
    expect(await changesSince(clone, { githubBaseRef: '' }, { env: environment })).toMatchObject({ base: 'origin/main', mergeBase: second });
  });

  it('falls back to `main`, then `master`, without a remote', async () => {
    const root = await folder();
    const first = await commit(root, { 'a.md': 'a\n' });
    git(root, 'switch', '--quiet', '-c', 'feature');
    await commit(root, { 'b.md': 'b\n' });
    expect(await changesSince(root, {}, { env: environment })).toEqual({ base: 'main', source: 'default', mergeBase: first, files: ['b.md'] });
    git(root, 'branch', '--quiet', '-m', 'main', 'master');
    expect(await changesSince(root, {}, { env: environment })).toMatchObject({ base: 'master', mergeBase: first });
  });

  /** The message of the `GitError` that `promise` rejects with. */
  async function failure(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(GitError);
    return (error as GitError).message;
  }

  it('says so outside a repository', async () => {
    const root = await folder(false);
    expect(await failure(changesSince(root, {}, { env: environment }))).toBe(
      `Unexpected folder \`${root}\` outside a Git work tree, expected a Git repository: \`--changed\` compares the reports with the Git history`,
    );
  });

  it('says which bases it tried when there is none', async () => {
    const root = await folder();
    git(root, 'switch', '--quiet', '-c', 'trunk');
    await commit(root, { 'a.md': 'a\n' });
    expect(await failure(changesSince(root, {}, { env: environment }))).toBe(
      'Unexpected repository without a base branch (tried `origin/HEAD`, `origin/main`, `origin/master`, `main`, `master`), expected one of them, or the base named with `--since <ref>`',
    );
    expect(await failure(changesSince(root, { since: 'nope' }, { env: environment }))).toMatch(
      /^Unexpected `--since nope` that Git does not know, expected a branch, tag or commit/,
    );
    expect(await failure(changesSince(root, { since: '--output=x' }, { env: environment }))).toBe(
      'Unexpected ref `--output=x`, expected a branch, tag or commit name (not an option)',
    );
    expect(await failure(changesSince(root, { githubBaseRef: 'main' }, { env: environment }))).toMatch(
      /^Unexpected missing base branch `origin\/main` \(from `GITHUB_BASE_REF`; `main` does not exist either\), expected it fetched: .*`fetch-depth: 0`/,
    );
  });

  it('says so in a repository without commits', async () => {
    const root = await folder();
    expect(await failure(changesSince(root, { since: 'main' }, { env: environment }))).toMatch(/^Unexpected `--since main` that Git does not know/);
    await commit(root, { 'a.md': 'a\n' });
    const other = await folder();
    git(other, 'fetch', '--quiet', root, 'main:base');
    expect(await failure(changesSince(other, { since: 'base' }, { env: environment }))).toBe(
      'Unexpected repository without commits, expected a `HEAD` commit to compare with the base branch',
    );
  });

  it('says so when the histories share no commit', async () => {
    const root = await folder();
    await commit(root, { 'a.md': 'a\n' });
    git(root, 'switch', '--quiet', '--orphan', 'unrelated');
    await commit(root, { 'b.md': 'b\n' });
    expect(await failure(changesSince(root, {}, { env: environment }))).toBe(
      'Unexpected histories of `main` and `HEAD` without a common commit, expected `HEAD` to be a branch of `main` (name another base with `--since <ref>`)',
    );
  });

  it('says to fetch the history in a shallow clone without the merge base', async () => {
    const upstream = await folder();
    await commit(upstream, { 'a.md': 'a\n' });
    await commit(upstream, { 'b.md': 'b\n' });
    git(upstream, 'switch', '--quiet', '-c', 'feature');
    await commit(upstream, { 'c.md': 'c\n' });
    git(upstream, 'switch', '--quiet', 'main');
    await commit(upstream, { 'd.md': 'd\n' });
    const parent = await folder(false);
    // A file:// URL, since git ignores --depth for plain local paths.
    git(parent, 'clone', '--quiet', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${upstream}`, 'shallow');
    expect(await failure(changesSince(join(parent, 'shallow'), {}, { env: environment }))).toBe(
      'Unexpected shallow clone without the merge base of `origin/main` and `HEAD`, expected the history back to where the branch started: set `fetch-depth: 0` on actions/checkout (or run `git fetch --unshallow`)',
    );
  });

  it('says so when git cannot be run', async () => {
    const root = await folder(false);
    expect(await failure(changesSince(root, {}, { env: { ...environment, PATH: join(root, 'no-such-folder') } }))).toBe(
      'Unexpected missing `git` command, expected Git installed and on the `PATH`: `--changed` reads the changes from Git',
    );
  });

  it('never prints a credential from a ref or a URL', async () => {
    const root = await folder();
    await commit(root, { 'a.md': 'a\n' });
    const message = await failure(changesSince(root, { since: 'https://x-access-token:hunter2hunter2@github.com/acme/infra.git' }, { env: environment }));
    expect(message).toContain('https://***@github.com/acme/infra.git');
    expect(message).not.toContain('hunter2');
  });
});

describe('maskCredentials', () => {
  it('masks the user-info of URLs and known tokens', () => {
    expect(maskCredentials('fatal: could not read from https://user:s3cretS3cret@example.com/repo.git')).toBe(
      'fatal: could not read from https://***@example.com/repo.git',
    );
    expect(maskCredentials('remote ssh://git@example.com/r, https://example.com/plain')).toBe('remote ssh://***@example.com/r, https://example.com/plain');
    expect(maskCredentials(`token ghp_${'a1B2c3D4e5'.repeat(3)}123456`)).not.toContain('a1B2c3D4e5');
  });
});
