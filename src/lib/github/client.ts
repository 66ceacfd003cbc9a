/**
 * Fetches the state of GitHub issues and pull requests, politely and safely.
 *
 * - @octokit/rest with the throttling and retry plugins: rate limits are waited
 *   out once when the wait is short, server errors are retried with backoff.
 * - Conditional requests: every cached entry's ETag goes out as `If-None-Match`;
 *   a 304 costs no rate limit and is served from the cache.
 * - Deduplicated (one request per issue however many reports link it) and run
 *   with bounded concurrency; every attempt has a timeout that covers its body.
 * - Every answer is validated (`answers.ts`) before it reaches the cache: an HTML
 *   page, invalid, truncated or oversized JSON, or JSON of another shape keeps the
 *   cached state and is counted as not fetched.
 * - Never fails a run: a reference that cannot be fetched falls back to its cached
 *   state, or `unknown`, and a warning says why. After a network failure (refused
 *   connection, DNS, timeout), a primary rate limit, a rejected token, server
 *   errors or junk several times in a row, or the run's time budget, the remaining
 *   references are not requested at all: they would fail the same way.
 * - Owner and repository names are checked and encoded before they go into a
 *   path, so `acme/..#105` never becomes `/repos/issues/105`.
 * - The token goes only into the `Authorization` header: it is never printed,
 *   never written to the cache, and scrubbed from every message just in case; a
 *   user name or password in the API URL is dropped (`api-url.ts`).
 */
import type { Octokit } from '@octokit/rest';
import { githubNameProblem } from '../references.ts';
import { readApiBase } from './api-url.ts';
import { readIssueAnswer, readPullAnswer, type IssueAnswer } from './answers.ts';
import { emptyMap, entryFromIssue, readCache, writeCache, type CacheEntry } from './cache.ts';
import {
  issueStates,
  lookupFromStates,
  referenceKey,
  unknownState,
  type GithubTarget,
  type IssueState,
  type ReferenceState,
  type StateLookup,
} from '../issue-state.ts';
import { classify, failureWarning, JunkAnswer, scrub, statusOf } from './failures.ts';
import { createOctokit } from './octokit.ts';
import { endRequestsOnStop, guardedFetch, ownRetryState, RunGuard, type Counters } from './transport.ts';

/** GitHub's public API; `GITHUB_API_URL` overrides it (GitHub Enterprise Server, tests). */
export const defaultApiUrl = 'https://api.github.com';

/** How states are resolved: `live` asks the API (refreshing the cache); `offline` reads the cache only. */
export type ResolveMode = 'live' | 'offline';

/** Options for `resolveStates`. */
export interface ResolveOptions {
  mode: ResolveMode;
  /** The cache file (see `cacheFilePath`). */
  cacheFile: string;
  /** API base URL; default `https://api.github.com`. A user name or password in it is ignored. */
  apiUrl?: string;
  /** A token; without one nothing is requested and states come from the cache or are unknown. */
  token?: string;
  /** Per-request timeout in milliseconds, body included. Default 10 000. */
  timeoutMs?: number;
  /** The longest the whole resolution may take, in milliseconds; what is left then is not requested. Default 300 000. */
  totalTimeoutMs?: number;
  /** The largest answer read, in bytes; a larger one counts as junk. Default 1 MB (issues are a few KB). */
  maxResponseBytes?: number;
  /** Server errors (5xx) or junk answers in a row after which nothing more is requested. Default 5. */
  maxConsecutiveFailures?: number;
  /** How many requests run at once. Default 4. */
  concurrency?: number;
  /**
   * The unit of the plugins' waits in milliseconds (a `retry-after: 2` waits two
   * units; server errors wait 1, 4 units before their retries). Default 1000, GitHub's
   * seconds; tests make it smaller.
   */
  retryUnitMs?: number;
  /** The longest rate-limit wait, in seconds, worth waiting out once. Default 60. */
  maxRateLimitWaitSeconds?: number;
  /** Retries of a server error (5xx). Default 2, at most 5. */
  serverErrorRetries?: number;
  /** The current time, for `fetchedAt` and cache ages. Default the system clock. */
  clock?: () => Date;
  /** Called after each reference is resolved (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** The `fetch` to use. Default the global one. */
  fetch?: typeof fetch;
}

/** Counts of one resolution, for summaries. */
export interface ResolveStats {
  /** Distinct issues and pull requests resolved. */
  references: number;
  /** HTTP requests sent (every attempt, retries included). */
  requests: number;
  /** Responses that were `304 Not Modified` (served from the cache). */
  notModified: number;
  /** Requests that carried `If-None-Match`. */
  conditional: number;
  /** References answered by the API in this run with a valid answer (200, 304 or 404). */
  fetched: number;
  /** References that fell back to the cache. */
  fromCache: number;
  /** References whose state is unknown. */
  unknown: number;
  /** References by state. */
  byState: Record<IssueState, number>;
  /** Wall time of the resolution, in milliseconds. */
  elapsedMs: number;
}

/** What `resolveStates` returns. */
export interface ResolveResult {
  /** One state per distinct reference, in the order first given. */
  states: ReferenceState[];
  /** A lookup over `states` for the rules. */
  lookup: StateLookup;
  stats: ResolveStats;
  /** Things to tell the user (on stderr): why states came from the cache or are unknown. */
  warnings: string[];
  /**
   * Set when a live run could not write the cache (its warning is among `warnings`):
   * `check` only warns; `sync`, whose whole job is the cache, fails.
   */
  cacheWriteError?: {
    /** The system's error code (`EACCES`, `ENOTDIR`, `ENOSPC`…). */
    code: string;
    /** The warning as it appears in `warnings`. */
    warning: string;
  };
}

/** Octokit with the throttling and retry plugins, as GitHub recommends for API clients (octokit.ts). */
type Client = Octokit;

/** A state from a cache entry. */
function fromCache(key: string, entry: CacheEntry, source: 'live' | 'cache', problem?: string): ReferenceState {
  const { etag: _etag, pullEtag: _pullEtag, ...data } = entry;
  const state: ReferenceState = { key, ...data, source };
  if (problem !== undefined) state.problem = problem;
  return state;
}

/** A target that must not be requested, and why (`..` as a repository would climb out of the path). */
function targetProblem(target: GithubTarget): string | undefined {
  const names = githubNameProblem(target.owner, target.repo);
  if (names) return names;
  if (!Number.isSafeInteger(target.number) || target.number < 0) return `\`${String(target.number)}\` is not an issue number`;
  return undefined;
}

/**
 * The API path of an issue or pull request. Octokit would encode `{owner}` too, but
 * not `.` and `..`: the names are checked (`targetProblem`, before any request)
 * and every segment encoded here, whatever the caller checked before.
 */
function apiPath(target: GithubTarget, endpoint: 'issues' | 'pulls'): string {
  return `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/${endpoint}/${target.number}`;
}

/** ETags worth keeping: GitHub's are short; anything else is not sent back. */
function keepEtag(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= 256 ? value : undefined;
}

/** Octokit set up for one run: our `fetch` underneath, bounded retries, Octokit's own logging off. */
function createClient(apiUrl: string, token: string, options: ResolveOptions, transport: typeof fetch): Client {
  return createOctokit({
    apiUrl,
    token,
    transport,
    retryUnitMs: options.retryUnitMs ?? 1000,
    serverErrorRetries: options.serverErrorRetries ?? 2,
    maxRateLimitWaitSeconds: options.maxRateLimitWaitSeconds ?? 60,
  });
}

/** What one live run shares between its requests. */
interface LiveRun {
  octokit: Client;
  /** The cache entries of this API URL; written as answers arrive. */
  entries: Record<string, CacheEntry>;
  guard: RunGuard;
  clock: () => Date;
  timeoutMs: number;
  /** Failure reasons and how many references each. */
  failures: Map<string, number>;
  /** References answered validly. */
  fetched: number;
}

/** The state of a reference that could not be fetched: its cached state, else unknown. */
function fallback(run: Pick<LiveRun, 'entries'>, key: string, target: GithubTarget, problem: string): ReferenceState {
  const cached = run.entries[key];
  return cached ? fromCache(key, cached, 'cache', problem) : unknownState(target, problem);
}

/** Records a failure; one that every later request would share stops the run. */
function failed(run: LiveRun, key: string, target: GithubTarget, error: unknown): ReferenceState {
  const { reason, stopAll } = classify(error, run.timeoutMs);
  if (stopAll) run.guard.stop(reason);
  run.failures.set(reason, (run.failures.get(reason) ?? 0) + 1);
  return fallback(run, key, target, reason);
}

/** Fetches one issue (and, for a pull request, its merge state) and updates the cache entry. */
async function fetchReference(run: LiveRun, key: string, target: GithubTarget): Promise<ReferenceState> {
  const problem = targetProblem(target);
  if (problem) {
    const reason = `not requested: ${problem}`;
    run.failures.set(reason, (run.failures.get(reason) ?? 0) + 1);
    return fallback(run, key, target, reason);
  }
  const cached = run.entries[key];
  const fetchedAt = run.clock().toISOString();
  let response: Awaited<ReturnType<Client['request']>>;
  try {
    response = await run.octokit.request(`GET ${apiPath(target, 'issues')}`, {
      headers: cached?.etag ? { 'if-none-match': cached.etag } : {},
      request: ownRetryState(),
    });
  } catch (error) {
    const { status } = statusOf(error);
    if (error instanceof Error && error.name === 'AbortError') return failed(run, key, target, error);
    // 304: the issue is unchanged, so its pull request cannot have been merged since either.
    if (status === 304 && cached) {
      run.guard.success();
      run.fetched++;
      run.entries[key] = { ...cached, fetchedAt };
      return fromCache(key, run.entries[key], 'live');
    }
    if (status === 404 || status === 410) {
      run.guard.success();
      run.fetched++;
      run.entries[key] = { state: 'missing', fetchedAt };
      return fromCache(key, run.entries[key], 'live');
    }
    return failed(run, key, target, error);
  }

  const read = readIssueAnswer(response.data, target.number);
  if ('junk' in read) {
    run.guard.failure(read.junk);
    return failed(run, key, target, new JunkAnswer(read.junk));
  }
  run.guard.success();
  const entry: CacheEntry = { ...entryFromIssue(read.answer), fetchedAt };
  const etag = keepEtag(response.headers.etag);
  if (etag) entry.etag = etag;
  if (entry.kind === 'pull') {
    try {
      await addMergeState(run, entry, read.answer, cached, target);
    } catch (error) {
      return failed(run, key, target, error);
    }
  }
  run.fetched++;
  run.entries[key] = entry;
  return fromCache(key, entry, 'live');
}

/**
 * Reads `merged` from the pull request endpoint; the issue's `pull_request.merged_at`
 * if that fails. Throws when neither says whether a closed pull request was merged.
 */
async function addMergeState(run: LiveRun, entry: CacheEntry, issue: IssueAnswer, cached: CacheEntry | undefined, target: GithubTarget): Promise<void> {
  const markMerged = (mergedAt: string | undefined) => {
    entry.state = 'merged';
    if (mergedAt !== undefined) entry.mergedAt = mergedAt;
    delete entry.reason;
  };
  let failure: unknown;
  try {
    const response = await run.octokit.request(`GET ${apiPath(target, 'pulls')}`, {
      headers: cached?.pullEtag ? { 'if-none-match': cached.pullEtag } : {},
      request: ownRetryState(),
    });
    const read = readPullAnswer(response.data, target.number);
    if ('answer' in read) {
      run.guard.success();
      const etag = keepEtag(response.headers.etag);
      if (etag) entry.pullEtag = etag;
      if (read.answer.merged) markMerged(read.answer.merged_at ?? undefined);
      return;
    }
    run.guard.failure(read.junk);
    failure = new JunkAnswer(read.junk);
  } catch (error) {
    if (statusOf(error).status === 304 && cached && !(error instanceof Error && error.name === 'AbortError')) {
      run.guard.success();
      if (cached.pullEtag) entry.pullEtag = cached.pullEtag;
      if (cached.state === 'merged') markMerged(cached.mergedAt);
      return;
    }
    failure = error;
  }
  const mergedAt = issue.pull_request?.merged_at;
  if (typeof mergedAt === 'string') markMerged(mergedAt);
  // Closed, but whether it was merged is not known: do not claim either.
  else if (mergedAt === undefined && entry.state === 'closed') throw failure;
}

/** Fetches every target with bounded concurrency; once the run stops, the rest are not requested. */
async function fetchAll(run: LiveRun, unique: Map<string, GithubTarget>, options: ResolveOptions): Promise<Map<string, ReferenceState>> {
  const results = new Map<string, ReferenceState>();
  const queue = [...unique];
  let done = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, target] = next;
      const state = run.guard.reason !== undefined ? fallback(run, key, target, `not requested: ${run.guard.reason}`) : await fetchReference(run, key, target);
      results.set(key, state);
      options.onProgress?.(++done, unique.size);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, unique.size)) }, worker));
  return results;
}

/** States from the cache alone (offline, no token, or no usable API URL). */
function fromCacheOnly(
  entries: Record<string, CacheEntry>,
  unique: Map<string, GithubTarget>,
  problem: string,
  options: ResolveOptions,
): Map<string, ReferenceState> {
  const results = new Map<string, ReferenceState>();
  let done = 0;
  for (const [key, target] of unique) {
    const cached = entries[key];
    results.set(key, cached ? fromCache(key, cached, 'cache') : unknownState(target, problem));
    options.onProgress?.(++done, unique.size);
  }
  return results;
}

/**
 * Resolves the state of each target: live from the API (refreshing the cache) or
 * from the cache only. Never throws for network, API or cache problems.
 *
 * @param targets the issues and pull requests, duplicates allowed (they are requested once)
 */
export async function resolveStates(targets: readonly GithubTarget[], options: ResolveOptions): Promise<ResolveResult> {
  const started = performance.now();
  const token = options.token && options.token.trim() !== '' ? options.token.trim() : undefined;
  const base = readApiBase(options.apiUrl ?? defaultApiUrl);
  const secrets = [...(token ? [token] : []), ...('secrets' in base ? base.secrets : [])];
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(scrub(message, secrets));

  const unique = new Map<string, GithubTarget>();
  for (const target of targets) if (!unique.has(referenceKey(target))) unique.set(referenceKey(target), target);

  const { cache, problem: cacheProblem } = await readCache(options.cacheFile);
  if (cacheProblem) warn(cacheProblem);
  if ('problem' in base) warn(`${base.problem}: nothing is requested, and GitHub state is unknown`);
  else if (base.secrets.length > 0) {
    warn(
      `GITHUB_API_URL has a user name or password in it: they are ignored, never sent, printed or stored (the token belongs in GITHUB_TOKEN); the API is ${base.url}`,
    );
  }
  const apiUrl = 'url' in base ? base.url : undefined;
  const entries = apiUrl === undefined ? emptyMap<CacheEntry>() : (cache.apis[apiUrl] ??= emptyMap<CacheEntry>());

  const live = options.mode === 'live' && token !== undefined && apiUrl !== undefined && unique.size > 0;
  if (options.mode === 'live' && token === undefined && unique.size > 0) {
    warn('GITHUB_TOKEN is not set: GitHub state comes from the cache where it has it, and is unknown elsewhere');
  }

  const counters: Counters = { requests: 0, notModified: 0, conditional: 0 };
  let results: Map<string, ReferenceState>;
  let run: LiveRun | undefined;
  let cacheWriteError: ResolveResult['cacheWriteError'];
  if (live) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const totalTimeoutMs = options.totalTimeoutMs ?? 300_000;
    const guard = new RunGuard(options.maxConsecutiveFailures ?? 5);
    const transport = guardedFetch({
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs,
      maxBytes: options.maxResponseBytes ?? 1024 * 1024,
      counters,
      guard,
    });
    const octokit = createClient(apiUrl, token, options, transport);
    endRequestsOnStop(octokit, guard);
    run = { octokit, entries, guard, clock: options.clock ?? (() => new Date()), timeoutMs, failures: new Map(), fetched: 0 };
    // The run's time budget: requests under way are cut, the rest not sent.
    const deadline = setTimeout(() => guard.stop(`the GitHub requests took longer than ${totalTimeoutMs / 1000} s in all`, true), totalTimeoutMs);
    try {
      results = await fetchAll(run, unique, options);
    } finally {
      clearTimeout(deadline);
    }
    try {
      await writeCache(options.cacheFile, cache);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      warn(`could not write the GitHub cache ${options.cacheFile} (${code}); the next run will fetch again`);
      cacheWriteError = { code, warning: warnings.at(-1)! };
    }
  } else {
    const problem = 'problem' in base ? base.problem : options.mode === 'offline' ? 'offline and not in the cache' : 'GITHUB_TOKEN is not set';
    results = fromCacheOnly(entries, unique, problem, options);
  }

  const states = [...unique.keys()].map((key) => results.get(key)!);
  const byState = Object.fromEntries(issueStates.map((state) => [state, 0])) as Record<IssueState, number>;
  for (const state of states) byState[state.state]++;
  const fromCacheCount = states.filter((state) => state.source === 'cache').length;
  const unknown = byState.unknown;
  if (options.mode === 'offline' && unknown > 0) {
    warn(
      `${unknown} of ${states.length} GitHub reference${states.length === 1 ? ' is' : 's are'} not in the cache (unknown); run \`hindsight sync\` to fetch them`,
    );
  }
  if (run && (run.failures.size > 0 || run.guard.reason !== undefined)) warn(failureWarning(states, run.failures));

  const result: ResolveResult = {
    states,
    lookup: lookupFromStates(states),
    stats: {
      references: states.length,
      requests: counters.requests,
      notModified: counters.notModified,
      conditional: counters.conditional,
      fetched: run?.fetched ?? 0,
      fromCache: fromCacheCount,
      unknown,
      byState,
      elapsedMs: performance.now() - started,
    },
    warnings,
  };
  if (cacheWriteError !== undefined) result.cacheWriteError = cacheWriteError;
  return result;
}
