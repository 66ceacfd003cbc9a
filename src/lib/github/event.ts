/**
 * What a GitHub Actions run says about its pull request: the event payload
 * (`GITHUB_EVENT_PATH`), `GITHUB_REF`, `GITHUB_REPOSITORY`. Used for the pull
 * request comment: which pull request to comment on, and the head commit its
 * line links point at (in a `pull_request` workflow `GITHUB_SHA` is a merge commit
 * GitHub makes for the run, which later pushes replace).
 *
 * Nothing here fails: a missing, unreadable or unexpected value is `undefined`, and
 * the caller says what to pass instead.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isGithubOwner, isGithubRepository } from '../references.ts';

/** What the event payload says about the run's pull request. */
export interface PullRequestFacts {
  /** The pull request's number. */
  number?: number;
  /** The pull request's head commit. */
  headSha?: string;
}

/** An event payload larger than this is not read (GitHub's are a few hundred KB at most). */
const maxEventBytes = 25 * 1024 * 1024;

/** Whether `value` is a commit hash: 7 to 64 hexadecimal digits (SHA-1 or SHA-256, or abbreviated). */
export function isCommitSha(value: string): boolean {
  return /^[0-9a-f]{7,64}$/i.test(value);
}

/** A whole positive number, such as a pull request's. */
function pullNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * The pull request of an event payload: `pull_request` (the `pull_request` and
 * `pull_request_target` events, reviews) or an issue comment on a pull request.
 */
export function pullRequestOf(payload: unknown): PullRequestFacts {
  const event = payload as { pull_request?: { number?: unknown; head?: { sha?: unknown } }; issue?: { number?: unknown; pull_request?: unknown } } | null;
  const facts: PullRequestFacts = {};
  const pull = event?.pull_request;
  if (pull && typeof pull === 'object') {
    const number = pullNumber(pull.number);
    if (number !== undefined) facts.number = number;
    const sha = pull.head?.sha;
    if (typeof sha === 'string' && isCommitSha(sha)) facts.headSha = sha;
  } else if (event?.issue && typeof event.issue === 'object' && event.issue.pull_request) {
    const number = pullNumber(event.issue.number);
    if (number !== undefined) facts.number = number;
  }
  return facts;
}

/** A pull request number as written (`--pull 7`), or `undefined` when it is not one. */
export function parsePullNumber(value: string): number | undefined {
  return /^\d{1,15}$/.test(value.trim()) ? pullNumber(Number(value.trim())) : undefined;
}

/** The pull request number in `refs/pull/<n>/merge` (or `/head`), as `GITHUB_REF` names it in a pull request's run. */
export function pullNumberFromRef(ref: string | undefined): number | undefined {
  const match = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref ?? '');
  return match ? pullNumber(Number(match[1])) : undefined;
}

/** `owner/repo` read, when both names are ones GitHub accepts. */
export function parseRepository(value: string | undefined): { owner: string; repo: string } | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value?.trim() ?? '');
  if (!match || !isGithubOwner(match[1]!) || !isGithubRepository(match[2]!)) return undefined;
  return { owner: match[1]!, repo: match[2]! };
}

/**
 * Reads the event payload at `GITHUB_EVENT_PATH`; `{}` when it is unset, missing,
 * too large or not JSON.
 *
 * @param cwd the folder a relative path is read from
 */
export async function readPullRequestEvent(env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<PullRequestFacts> {
  const path = env.GITHUB_EVENT_PATH?.trim();
  if (!path) return {};
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    if ((await stat(file)).size > maxEventBytes) return {};
    return pullRequestOf(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return {};
  }
}
