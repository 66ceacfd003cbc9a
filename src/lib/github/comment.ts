/**
 * Posts Hindsight's pull request comment: one sticky comment, updated on every run
 * and never duplicated.
 *
 * The pull request's comments are listed (paginated, oldest first) until the first
 * one that starts with the hidden marker and was written by the token's user; that
 * one is updated (`PATCH`), or a new one is created (`POST`) when there is none.
 * The token's user comes from `GET /user`; the `GITHUB_TOKEN` of GitHub Actions
 * (an app installation) may not read it, and then the marker is trusted only on
 * comments by bots (`github-actions[bot]`), so a person's comment that quotes the
 * marker is never overwritten.
 *
 * Octokit is built as the state client builds it (`octokit.ts`): the throttling and
 * retry plugins, the guarded `fetch` of `transport.ts` underneath (a timeout that
 * covers the body, bounded bodies), the token only in the `Authorization` header.
 * A `POST` is never retried: a server error after the comment was stored would
 * otherwise post it twice.
 */
import { commentMarker, githubCommentLimit, updateOnlyMarker } from '../reporters/github-comment.ts';
import { terminalText } from '../text.ts';
import { readApiBase } from './api-url.ts';
import { defaultApiUrl } from './client.ts';
import { createOctokit } from './octokit.ts';
import { endRequestsOnStop, guardedFetch, InvalidAnswer, NetworkFailure, RunGuard, RunStopped } from './transport.ts';

/** What to post, and where. */
export interface PostCommentOptions {
  /** The API base URL (`GITHUB_API_URL`); default `https://api.github.com`. */
  apiUrl?: string;
  /** A token that may write pull request comments (`pull-requests: write`). Never printed. */
  token: string;
  owner: string;
  repo: string;
  /** The pull request's number. */
  pull: number;
  /** The comment's Markdown; the marker is added as its first line when it lacks it. */
  body: string;
  /** Per-request timeout in milliseconds, body included. Default 10 000. */
  timeoutMs?: number;
  /** The unit of the plugins' waits in milliseconds. Default 1000 (GitHub's seconds); tests make it smaller. */
  retryUnitMs?: number;
  /** Retries of a server error (5xx) for reads and updates; never for a create. Default 1. */
  serverErrorRetries?: number;
  /** The most pages of 100 comments read while looking for the comment. Default 50. */
  maxPages?: number;
  /** The `fetch` to use. Default the global one. */
  fetch?: typeof fetch;
}

/** What happened. */
export interface PostCommentResult {
  /**
   * `created`, `updated`, `unchanged` (the comment already says this), or `skipped`
   * (an update-only comment, and no comment to update).
   */
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** The comment's id, when there is one. */
  id?: number;
  /** The comment's page on GitHub, as GitHub gave it. */
  url?: string;
}

/** GitHub refused the comment, or could not be reached: the message says which, and what to do. */
export class CommentError extends Error {
  /** The HTTP status, when GitHub answered. */
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.name = 'CommentError';
    this.status = status;
  }
}

/** A comment as the API lists it: the fields that matter here. */
interface ListedComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

/** Comments per page: GitHub's most. */
const perPage = 100;

/** The largest answer read: a page of 100 comments of up to 65,536 characters each, in JSON. */
const maxResponseBytes = 64 * 1024 * 1024;

/** Whether `body` is one of Hindsight's comments: the marker is its first line. */
export function isHindsightComment(body: string | undefined): boolean {
  return body !== undefined && body.trimStart().startsWith(commentMarker);
}

/** The body as posted: the marker first, so the next run finds it. */
export function withMarker(body: string): string {
  return isHindsightComment(body) ? body : `${commentMarker}\n${body}`;
}

/** The HTTP status and GitHub's message of an Octokit error, if it has them. */
function answerOf(error: unknown): { status?: number; message?: string; headers: Record<string, string | undefined> } {
  const candidate = error as { status?: unknown; response?: { data?: { message?: unknown }; headers?: Record<string, string | undefined> } };
  const status = typeof candidate?.status === 'number' ? candidate.status : undefined;
  const message = typeof candidate?.response?.data?.message === 'string' ? candidate.response.data.message : undefined;
  return { status, message, headers: candidate?.response?.headers ?? {} };
}

/** Text from GitHub or a library, safe to print: one line, credentials masked, not too long. */
function safeWords(message: string, secrets: readonly string[]): string {
  let words = message;
  for (const secret of secrets) if (secret.length >= 4) words = words.split(secret).join('[REDACTED]');
  words = terminalText(words);
  return words.length > 200 ? `${words.slice(0, 199)}…` : words;
}

/** GitHub's own message, quoted after a colon, or nothing when it gave none. */
function githubWords(message: string | undefined, secrets: readonly string[]): string {
  return message === undefined || message.trim() === '' ? '' : `: “${safeWords(message, secrets)}”`;
}

/**
 * The error for a failed request, in the house style, with what to do. `doing`
 * says what was asked (`listing the comments of acme/api#7`).
 */
function failure(error: unknown, doing: string, options: PostCommentOptions, apiUrl: string, secrets: readonly string[]): CommentError {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (error instanceof NetworkFailure) {
    const why = error.failure === 'timeout' ? `no answer within ${timeoutMs} ms` : `the connection failed (${error.message})`;
    return new CommentError(
      `Unexpected failure reaching GitHub at ${apiUrl} while ${doing}: ${why}, expected an answer (check the network and \`GITHUB_API_URL\`)`,
    );
  }
  if (error instanceof InvalidAnswer) {
    return new CommentError(
      `Unexpected answer from GitHub at ${apiUrl} while ${doing} (${error.detail}), expected JSON from the GitHub API (check \`GITHUB_API_URL\`)`,
    );
  }
  if (error instanceof RunStopped) return new CommentError(`Unexpected failure while ${doing} (${error.reason}), expected GitHub to answer`);
  const { status, message, headers } = answerOf(error);
  const words = githubWords(message, secrets);
  if (status === 401)
    return new CommentError(`Unexpected HTTP 401 from GitHub while ${doing}${words}, expected the token to be accepted: check \`GITHUB_TOKEN\``, status);
  if (status === 403 || status === 429) {
    if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message ?? '')) {
      return new CommentError(
        `Unexpected HTTP ${status} from GitHub while ${doing}${words}, expected a request within the rate limit: try again later`,
        status,
      );
    }
    return new CommentError(
      `Unexpected HTTP ${status} from GitHub while ${doing}${words}, expected a token that may write pull request comments: give the workflow \`permissions: pull-requests: write\` (a pull request from a fork gets a read-only token)`,
      status,
    );
  }
  if (status === 404) {
    return new CommentError(
      `Unexpected HTTP 404 from GitHub while ${doing}${words}, expected the pull request to exist and the token to see it: check the repository and the pull request number`,
      status,
    );
  }
  if (status !== undefined && status >= 500)
    return new CommentError(`Unexpected HTTP ${status} from GitHub while ${doing}${words}, expected an answer: GitHub may be down, try again later`, status);
  if (status !== undefined) return new CommentError(`Unexpected HTTP ${status} from GitHub while ${doing}${words}, expected it to succeed`, status);
  const detail = error instanceof Error ? error.message : String(error);
  return new CommentError(`Unexpected failure while ${doing} (${safeWords(detail, secrets) || 'no detail'}), expected GitHub to answer`);
}

/** Octokit as the state client sets it up: plugins, our guarded `fetch`, its own logging off. */
function createClient(apiUrl: string, options: PostCommentOptions) {
  const guard = new RunGuard(5);
  const transport = guardedFetch({
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: maxResponseBytes,
    counters: { requests: 0, notModified: 0, conditional: 0 },
    guard,
  });
  const octokit = createOctokit({
    apiUrl,
    token: options.token,
    transport,
    retryUnitMs: options.retryUnitMs ?? 1000,
    serverErrorRetries: options.serverErrorRetries ?? 1,
    maxRateLimitWaitSeconds: 60,
  });
  endRequestsOnStop(octokit, guard);
  return octokit;
}

/**
 * The token's user, or `undefined` when the token may not say (the `GITHUB_TOKEN`
 * of GitHub Actions answers 403). A rejected token (401) is an error: every later
 * request would fail the same way.
 */
async function tokenLogin(octokit: ReturnType<typeof createClient>): Promise<string | undefined> {
  try {
    const { data } = await octokit.request('GET /user');
    const login = (data as { login?: unknown }).login;
    return typeof login === 'string' ? login : undefined;
  } catch (error) {
    const { status } = answerOf(error);
    if (status === 403 || status === 404) return undefined;
    throw error;
  }
}

/**
 * Creates or updates Hindsight's comment on a pull request.
 *
 * @throws {CommentError} when GitHub refuses (401, 403, 404, 422), fails (5xx) or cannot be reached
 */
export async function postComment(options: PostCommentOptions): Promise<PostCommentResult> {
  const base = readApiBase(options.apiUrl ?? defaultApiUrl);
  if ('problem' in base)
    throw new CommentError(`Unexpected \`GITHUB_API_URL\` (${base.problem}), expected the API's http(s) address such as \`https://api.github.com\``);
  const secrets = [options.token, ...base.secrets];
  const body = withMarker(options.body);
  if (body.length > githubCommentLimit) {
    throw new CommentError(`Unexpected comment of ${body.length} characters, expected at most ${githubCommentLimit} (GitHub's limit for a comment)`);
  }
  const octokit = createClient(base.url, options);
  const where = `${options.owner}/${options.repo}#${options.pull}`;
  const route = { owner: options.owner, repo: options.repo };

  let login: string | undefined;
  try {
    login = await tokenLogin(octokit);
  } catch (error) {
    throw failure(error, "reading the token's user", options, base.url, secrets);
  }
  // Whose comments may be ours: the token's user's, or any bot's when the user is unknown (GitHub Actions).
  const mine = (comment: ListedComment) => (login !== undefined ? comment.user?.login === login : comment.user?.type === 'Bot');

  let existing: ListedComment | undefined;
  try {
    let pages = 0;
    const listing = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...route, issue_number: options.pull, per_page: perPage });
    for await (const page of listing) {
      existing = (page.data as ListedComment[]).find((comment) => isHindsightComment(comment.body) && mine(comment));
      if (existing || ++pages >= (options.maxPages ?? 50)) break;
    }
  } catch (error) {
    throw failure(error, `listing the comments of ${where}`, options, base.url, secrets);
  }

  if (existing) {
    if (existing.body === body) return { outcome: 'unchanged', id: existing.id, ...(existing.html_url ? { url: existing.html_url } : {}) };
    try {
      const { data } = await octokit.rest.issues.updateComment({ ...route, comment_id: existing.id, body });
      return { outcome: 'updated', id: data.id, url: data.html_url };
    } catch (error) {
      throw failure(error, `updating comment ${existing.id} on ${where}`, options, base.url, secrets);
    }
  }
  // Nothing to report and nothing said before: a pull request that touches no report gets no comment.
  if (body.includes(updateOnlyMarker)) return { outcome: 'skipped' };
  try {
    const { data } = await octokit.rest.issues.createComment({ ...route, issue_number: options.pull, body, request: { retries: 0 } });
    return { outcome: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    throw failure(error, `creating a comment on ${where}`, options, base.url, secrets);
  }
}
