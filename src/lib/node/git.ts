/**
 * Reading Git, read-only and without a shell.
 *
 * - For `check --changed`: the base a branch is compared with, the merge base, and
 *   the files changed since it (committed on the branch, staged, unstaged and
 *   untracked). Failures are `GitError`s that say what to do.
 * - For `hindsight init`: the github.com repository of a remote and the branch
 *   pushes deploy from. Any failure (no Git, no repository, no remote) means
 *   "unknown", never an error: init then leaves those settings for the user.
 *
 * Credentials in remote URLs are never printed: `GitError` masks every message, and
 * init parses remote URLs here and never returns them.
 */
import { execFile } from 'node:child_process';
import { chooseDefaultBranch, parseGithubRemote, type GithubRepository } from '../init/remote.ts';
import { redactSecrets } from '../secrets.ts';

/**
 * Why the changes could not be read from Git (not a repository, no base branch, a
 * shallow clone without the merge base, no `git` at all). The message says what to
 * do, in the house style, and never carries a credential.
 */
export class GitError extends Error {
  constructor(message: string) {
    // Masked here, once, so that no message of this class can print a token from a remote URL or a ref.
    super(maskCredentials(message));
    this.name = 'GitError';
  }
}

/** How git is run. */
export interface GitOptions {
  /**
   * The environment of the git processes (`PATH`, `HOME`, `GIT_*`). Default: this
   * process's. The CLI passes its own view of the environment, so tests control it.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Which base to compare with; the first one given wins. */
export interface BaseChoice {
  /** `--since <ref>`: a branch, tag or commit, taken as given. */
  since?: string;
  /**
   * `GITHUB_BASE_REF`: the base branch's name in a `pull_request` workflow (`main`),
   * tried as `origin/<name>`, then `<name>`. Empty (as in other workflows) means unset.
   */
  githubBaseRef?: string;
}

/** The changes of a work tree since its merge base with a base branch. */
export interface Changes {
  /** The base as shown to people: `origin/main`, or the `--since` ref as given. */
  base: string;
  /** Where the base came from. */
  source: 'since' | 'GITHUB_BASE_REF' | 'default';
  /** The full hash of `git merge-base <base> HEAD`. */
  mergeBase: string;
  /**
   * Files changed since the merge base and still present, relative to the root
   * Git ran in, `/`-separated, sorted: committed, staged, unstaged and untracked
   * (ignored files excluded). A renamed file is listed under its new path; deleted
   * files and files outside the root are not listed.
   */
  files: string[];
}

/** Branches tried, in order, when no base is named: the remote's own default first. */
const defaultBranchCandidates = ['origin/main', 'origin/master', 'main', 'master'];

/** Enough for the file lists of very large repositories; execFile's default (1 MiB) is not. */
const maxOutputBytes = 256 * 1024 * 1024;

interface GitResult {
  /** The exit code (0 success, 1 "no" for some commands, 128 fatal). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Replaces the user-info of URLs (`https://user:token@host`) and any known credential with a mask. */
export function maskCredentials(text: string): string {
  return redactSecrets(text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@'));
}

/** Runs `git -C <root> <args>`; resolves with the exit code instead of rejecting on a non-zero one. */
function runGit(root: string, args: readonly string[], options: GitOptions): Promise<GitResult> {
  const env = {
    ...(options.env ?? process.env),
    // English messages (matched below), no optional index lock taken behind a user's editor, never a prompt.
    LC_ALL: 'C',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
  };
  return new Promise((resolvePromise, reject) => {
    execFile('git', ['-C', root, ...args], { env, encoding: 'utf8', maxBuffer: maxOutputBytes, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolvePromise({ code: 0, stdout, stderr });
      const code = (error as NodeJS.ErrnoException).code as string | number | undefined;
      if (typeof code === 'number') return resolvePromise({ code, stdout, stderr });
      if (code === 'ENOENT') {
        return reject(new GitError('Unexpected missing `git` command, expected Git installed and on the `PATH`: `--changed` reads the changes from Git'));
      }
      reject(new GitError(`Unexpected failure running \`git ${args[0] ?? ''}\` (${error.message}), expected it to run`));
    });
  });
}

/** The error for a git command that failed for a reason this module does not expect. */
function unexpectedFailure(args: readonly string[], result: GitResult): GitError {
  const reason = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
  return new GitError(`Unexpected failure of \`git ${args.join(' ')}\` (${reason}), expected it to succeed`);
}

/** Runs git and returns its output, throwing a `GitError` on any non-zero exit. */
async function gitOutput(root: string, args: readonly string[], options: GitOptions): Promise<string> {
  const result = await runGit(root, args, options);
  if (result.code !== 0) throw unexpectedFailure(args, result);
  return result.stdout;
}

/** Fails clearly unless `root` is inside a Git work tree. */
async function requireWorkTree(root: string, options: GitOptions): Promise<void> {
  const args = ['rev-parse', '--is-inside-work-tree'];
  const result = await runGit(root, args, options);
  if (result.code === 0 && result.stdout.trim() === 'true') return;
  if (result.code === 0 || /not a git repository/i.test(result.stderr)) {
    throw new GitError(
      `Unexpected folder \`${root}\` outside a Git work tree, expected a Git repository: \`--changed\` compares the reports with the Git history`,
    );
  }
  throw unexpectedFailure(args, result);
}

/**
 * The commit `ref` names, or `undefined` when there is none. Refs starting with `-`
 * are refused: git would read them as options.
 */
async function commitOf(root: string, ref: string, options: GitOptions): Promise<string | undefined> {
  if (ref.startsWith('-')) throw new GitError(`Unexpected ref \`${ref}\`, expected a branch, tag or commit name (not an option)`);
  const result = await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], options);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** The remote's default branch as `origin/<name>`, from `origin/HEAD` (set by `git clone`). */
async function remoteDefaultBranch(root: string, options: GitOptions): Promise<string | undefined> {
  const result = await runGit(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'], options);
  const target = result.stdout.trim();
  return result.code === 0 && target.startsWith('refs/remotes/') ? target.slice('refs/remotes/'.length) : undefined;
}

/** Picks the base and the commit it names, or says which refs were tried and how to get one. */
async function resolveBase(root: string, choice: BaseChoice, options: GitOptions): Promise<{ base: string; source: Changes['source']; commit: string }> {
  if (choice.since !== undefined) {
    const commit = await commitOf(root, choice.since, options);
    if (commit) return { base: choice.since, source: 'since', commit };
    throw new GitError(
      `Unexpected \`--since ${choice.since}\` that Git does not know, expected a branch, tag or commit of this repository (in a shallow clone, fetch it first: \`fetch-depth: 0\` on actions/checkout)`,
    );
  }
  if (choice.githubBaseRef) {
    const candidates = [`origin/${choice.githubBaseRef}`, choice.githubBaseRef];
    for (const base of candidates) {
      const commit = await commitOf(root, base, options);
      if (commit) return { base, source: 'GITHUB_BASE_REF', commit };
    }
    throw new GitError(
      `Unexpected missing base branch \`${candidates[0]}\` (from \`GITHUB_BASE_REF\`; \`${candidates[1]}\` does not exist either), expected it fetched: actions/checkout fetches only the commit under test unless \`fetch-depth: 0\` is set`,
    );
  }
  const remoteDefault = await remoteDefaultBranch(root, options);
  const candidates = [...new Set([...(remoteDefault ? [remoteDefault] : []), ...defaultBranchCandidates])];
  for (const base of candidates) {
    const commit = await commitOf(root, base, options);
    if (commit) return { base, source: 'default', commit };
  }
  throw new GitError(
    `Unexpected repository without a base branch (tried \`origin/HEAD\`, ${candidates.map((base) => `\`${base}\``).join(', ')}), expected one of them, or the base named with \`--since <ref>\``,
  );
}

/** `git merge-base <base> HEAD`, with what to do when there is none (a shallow clone, unrelated histories). */
async function mergeBaseOf(root: string, base: string, commit: string, options: GitOptions): Promise<string> {
  if (!(await commitOf(root, 'HEAD', options))) {
    throw new GitError('Unexpected repository without commits, expected a `HEAD` commit to compare with the base branch');
  }
  const args = ['merge-base', commit, 'HEAD'];
  const result = await runGit(root, args, options);
  if (result.code === 0) return result.stdout.trim();
  // Exit code 1 with no output is merge-base's "no common commit".
  if (result.code !== 1 || result.stderr.trim() !== '') throw unexpectedFailure(args, result);
  const shallow = (await gitOutput(root, ['rev-parse', '--is-shallow-repository'], options)).trim() === 'true';
  if (shallow) {
    throw new GitError(
      `Unexpected shallow clone without the merge base of \`${base}\` and \`HEAD\`, expected the history back to where the branch started: set \`fetch-depth: 0\` on actions/checkout (or run \`git fetch --unshallow\`)`,
    );
  }
  throw new GitError(
    `Unexpected histories of \`${base}\` and \`HEAD\` without a common commit, expected \`HEAD\` to be a branch of \`${base}\` (name another base with \`--since <ref>\`)`,
  );
}

/** Splits git's `-z` output (NUL-terminated, never quoted: spaces and Unicode arrive as they are). */
function splitNul(output: string): string[] {
  return output.split('\0').filter((path) => path !== '');
}

/**
 * The files changed in the work tree at `root` since the commit `mergeBase`, as
 * `Changes['files']` describes them.
 */
export async function changedFilesSince(root: string, mergeBase: string, options: GitOptions = {}): Promise<string[]> {
  // The work tree against the merge base covers commits on the branch, staged and unstaged edits at once.
  // --no-renames lists a rename as its old path (deleted, filtered out) and its new one (added);
  // --relative keeps to `root` and names files relative to it, whatever `diff.relative` says.
  const tracked = await gitOutput(
    root,
    ['diff', '-z', '--name-only', '--no-renames', '--no-ext-diff', '--relative', '--diff-filter=d', mergeBase, '--'],
    options,
  );
  // Untracked files that are not ignored: a new report not yet added is a change too.
  const untracked = await gitOutput(root, ['ls-files', '-z', '--others', '--exclude-standard', '--'], options);
  return [...new Set([...splitNul(tracked), ...splitNul(untracked)])].sort();
}

/**
 * The changes of the work tree at `root` since its merge base with the chosen base:
 * `choice.since`, else `choice.githubBaseRef` (`origin/<name>`, then `<name>`), else the
 * remote's default branch (`origin/HEAD`, then `origin/main`, `origin/master`, `main`,
 * `master`).
 *
 * @throws {GitError} when `root` is not in a Git work tree, the base does not exist,
 *   there is no merge base (a shallow clone) or git cannot be run
 */
export async function changesSince(root: string, choice: BaseChoice = {}, options: GitOptions = {}): Promise<Changes> {
  await requireWorkTree(root, options);
  const { base, source, commit } = await resolveBase(root, choice, options);
  const mergeBase = await mergeBaseOf(root, base, commit, options);
  return { base, source, mergeBase, files: await changedFilesSince(root, mergeBase, options) };
}

// `hindsight init`'s part, below, keeps its own runner: it wants "unknown" on any failure, not errors.

/** What Git says about the repository of a folder. */
export interface GitFacts {
  /** The github.com repository of the first remote that is one (`origin` first). */
  repository?: GithubRepository;
  /** That remote's name. */
  remoteName?: string;
  /** The branch pushes deploy from. */
  defaultBranch: string;
}

/** Runs `git` in `cwd`; its trimmed output, or `undefined` when it fails. */
function git(cwd: string, args: string[], options: GitOptions): Promise<string | undefined> {
  const env = options.env === undefined ? undefined : { ...options.env };
  return new Promise((resolve) => {
    // Local commands only; a bound on time in case a hook or a lock stalls Git.
    execFile('git', args, { cwd, env, timeout: 5000, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });
}

/** Reads the GitHub repository and default branch of the Git repository holding `folder`. */
export async function readGitFacts(folder: string, options: GitOptions = {}): Promise<GitFacts> {
  const remotes = (await git(folder, ['remote'], options))?.split('\n').filter(Boolean) ?? [];
  // `origin` is where a clone came from; `upstream` is the usual name for a fork's source.
  const ordered = [
    ...remotes.filter((name) => name === 'origin'),
    ...remotes.filter((name) => name === 'upstream'),
    ...remotes.filter((name) => name !== 'origin' && name !== 'upstream'),
  ];
  let repository: GithubRepository | undefined;
  let remoteName: string | undefined;
  for (const name of ordered) {
    const url = await git(folder, ['remote', 'get-url', name], options);
    repository = url === undefined ? undefined : parseGithubRemote(url);
    if (repository) {
      remoteName = name;
      break;
    }
  }
  const remoteHead = remoteName
    ? (await git(folder, ['symbolic-ref', '--quiet', '--short', `refs/remotes/${remoteName}/HEAD`], options))?.replace(`${remoteName}/`, '')
    : undefined;
  const currentBranch = await git(folder, ['symbolic-ref', '--quiet', '--short', 'HEAD'], options);
  return { repository, remoteName, defaultBranch: chooseDefaultBranch(remoteHead, currentBranch) };
}
