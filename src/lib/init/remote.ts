/**
 * Which GitHub repository a Git remote points at, and where GitHub Pages serves
 * its site. Pure: the URL comes from `git` (src/lib/node/git.ts); nothing here
 * prints a URL, so credentials embedded in one (`https://user:token@github.com/…`)
 * can never reach the output.
 */

/** A repository on github.com. */
export interface GithubRepository {
  owner: string;
  /** The repository's name, without `.git`. */
  name: string;
}

/** The hosts that serve github.com repositories over HTTPS, SSH and the Git protocol. */
const githubHosts = new Set(['github.com', 'www.github.com', 'ssh.github.com']);
/** GitHub account names: letters, digits and single inner hyphens, at most 39 characters. */
const ownerPattern = /^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}$/;
/** Repository names: letters, digits, `.`, `_`, `-`; never `.` or `..` alone. */
const namePattern = /^(?!\.\.?$)[\w.-]{1,100}$/;

/**
 * Reads a Git remote URL of a github.com repository in any of the forms Git accepts:
 * `https://github.com/owner/repo.git` (with or without credentials), `git@github.com:owner/repo.git`,
 * `ssh://git@github.com/owner/repo`, `ssh://git@ssh.github.com:443/owner/repo.git`,
 * `git://github.com/owner/repo.git`, `git+https://…`.
 *
 * @returns the repository, or `undefined` for another host, a local path or a malformed URL
 */
export function parseGithubRemote(url: string): GithubRepository | undefined {
  const trimmed = url.trim();
  let host: string;
  let path: string;
  // scp-like syntax (`[user@]host:path`): no scheme, and no slash before the colon.
  const scpLike = /^(?:[^@/:]+@)?([^@/:]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (scpLike && !/^[a-z][a-z\d+.-]*:\/\//i.test(trimmed)) {
    host = scpLike[1]!;
    path = scpLike[2]!;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (!/^(?:https?|ssh|git|git\+https|git\+ssh):$/.test(parsed.protocol)) return undefined;
    host = parsed.hostname;
    path = decodeURIComponent(parsed.pathname);
  }
  if (!githubHosts.has(host.toLowerCase())) return undefined;
  const segments = path.replace(/^\/+|\/+$/g, '').split('/');
  if (segments.length !== 2) return undefined;
  const owner = segments[0]!;
  const name = segments[1]!.replace(/\.git$/i, '');
  if (!ownerPattern.test(owner) || !namePattern.test(name)) return undefined;
  return { owner, name };
}

/** Where GitHub Pages serves a repository's site. */
export interface PagesSite {
  /** The origin, `https://<owner>.github.io` (lower case: host names are). */
  url: string;
  /** `/<repository>/` for a project site; `/` for the `<owner>.github.io` repository, the user or organisation site. */
  base: string;
}

/** The GitHub Pages address of a repository's site (without a custom domain). */
export function pagesSite(repository: GithubRepository): PagesSite {
  const host = `${repository.owner.toLowerCase()}.github.io`;
  const userSite = repository.name.toLowerCase() === host;
  return { url: `https://${host}`, base: userSite ? '/' : `/${repository.name}/` };
}

/**
 * The branch pushes deploy from: the remote's default branch when Git knows it
 * (`refs/remotes/origin/HEAD`, set by `git clone`), else the current branch when it is
 * `main` or `master`, else `main` (GitHub's default for new repositories).
 */
export function chooseDefaultBranch(remoteHead: string | undefined, currentBranch: string | undefined): string {
  if (remoteHead && isBranchName(remoteHead)) return remoteHead;
  if (currentBranch === 'main' || currentBranch === 'master') return currentBranch;
  return 'main';
}

/** A branch name safe to write unquoted into a workflow's `branches:` list. */
function isBranchName(name: string): boolean {
  return /^[\w][\w./-]*$/.test(name) && !name.includes('..');
}
