/**
 * Fetches the state of GitHub issues and pull requests, politely and safely.
 *
 * - @octokit/rest with the throttling and retry plugins: rate limits are waited
 *   out once when the wait is short, server errors are retried with backoff.
 * - Conditional requests: every cached entry's ETag goes out as `If-None-Match`;
 *   a 304 costs no rate limit and is served from the cache.
 * - Deduplicated (one request per issue however many reports link it) and run
 *   with bounded concurrency; every HTTP attempt has a timeout.
 * - Never fails a run: a reference that cannot be fetched falls back to its cached
 *   state, or `unknown`, and a warning says why. After a network failure (refused
 *   connection, DNS, timeout), a primary rate limit or a rejected token, the
 *   remaining references are not requested at all: they would fail the same way.
 * - The token goes only into the `Authorization` header: it is never printed,
 *   never written to the cache, and scrubbed from every message just in case.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { readCache, writeCache, type CacheData, type CacheEntry } from './cache.ts';
import {
  issueStates,
  lookupFromStates,
  referenceKey,
  unknownState,
  type GithubTarget,
  type IssueState,
  type ReferenceState,
  type StateLookup,
} from './state.ts';

/** GitHub's public API; `GITHUB_API_URL` overrides it (GitHub Enterprise Server, tests). */
export const defaultApiUrl = 'https://api.github.com';

/** How states are resolved: `live` asks the API (refreshing the cache); `offline` reads the cache only. */
export type ResolveMode = 'live' | 'offline';

/** Options for `resolveStates`. */
export interface ResolveOptions {
  mode: ResolveMode;
  /** The cache file (see `cacheFilePath`). */
  cacheFile: string;
  /** API base URL; default `https://api.github.com`. */
  apiUrl?: string;
  /** A token; without one nothing is requested and states come from the cache or are unknown. */
  token?: string;
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
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
  /** Retries of a server error (5xx). Default 2. */
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
  /** References answered by the API in this run (200, 304 or 404). */
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
}

/** Octokit with the throttling and retry plugins, as GitHub recommends for API clients. */
const GithubClient = Octokit.plugin(throttling, retry);

/** A failure before any HTTP status: a refused connection, a DNS failure, a reset, a timeout. */
class NetworkFailure extends Error {
  /** `timeout` or `network`. */
  readonly failure: 'timeout' | 'network';

  constructor(failure: 'timeout' | 'network', message: string) {
    super(message);
    // Octokit passes an `AbortError` through unchanged (no 500 wrapping), so the
    // retry plugin does not retry it: a server that does not answer is not asked again.
    this.name = 'AbortError';
    this.failure = failure;
  }
}

/** The HTTP status (and headers) of an Octokit error, if it has them. */
function statusOf(error: unknown): { status?: number; headers: Record<string, string | undefined>; message: string } {
  const candidate = error as { status?: number; response?: { headers?: Record<string, string | undefined> }; message?: string };
  return {
    status: typeof candidate?.status === 'number' ? candidate.status : undefined,
    headers: candidate?.response?.headers ?? {},
    message: typeof candidate?.message === 'string' ? candidate.message : String(error),
  };
}

/** Why a request failed, in words, and whether the remaining requests should be skipped. */
interface FailureReason {
  /** For messages: "timed out after 10000 ms", "HTTP 503", "rate limited (secondary)". */
  reason: string;
  /** Whether every remaining request would fail the same way. */
  stopAll: boolean;
}

function classify(error: unknown, timeoutMs: number): FailureReason {
  if (error instanceof NetworkFailure) {
    return error.failure === 'timeout'
      ? { reason: `timed out after ${timeoutMs} ms`, stopAll: true }
      : { reason: `network unavailable (${error.message})`, stopAll: true };
  }
  const { status, headers, message } = statusOf(error);
  if (status === 401) return { reason: 'the token was rejected (HTTP 401); check GITHUB_TOKEN', stopAll: true };
  if (status === 403 || status === 429) {
    if (/secondary rate/i.test(message)) return { reason: `rate limited (secondary rate limit, HTTP ${status})`, stopAll: true };
    if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)) {
      const reset = Number(headers['x-ratelimit-reset']);
      const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
      return { reason: `rate limited (API quota exhausted${when}, HTTP ${status})`, stopAll: true };
    }
    return { reason: `access denied (HTTP ${status}); the token may lack access to this repository`, stopAll: false };
  }
  if (status !== undefined && status >= 500) return { reason: `GitHub server error (HTTP ${status})`, stopAll: false };
  if (status !== undefined) return { reason: `unexpected HTTP ${status}`, stopAll: false };
  return { reason: 'unexpected error', stopAll: false };
}

/** The network error's cause in a few words (`ECONNREFUSED`, `ENOTFOUND`), never a URL with credentials. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'connection failed';
}

/** Counters the instrumented `fetch` keeps. */
interface Counters {
  requests: number;
  notModified: number;
  conditional: number;
}

/**
 * Wraps `fetch`: a timeout on every attempt, counts of requests, conditional
 * requests and 304s, and network failures turned into `NetworkFailure`.
 */
function instrumentedFetch(base: typeof fetch, timeoutMs: number, counters: Counters): typeof fetch {
  return async (input, init) => {
    counters.requests++;
    const headers = new Headers(init?.headers);
    if (headers.has('if-none-match')) counters.conditional++;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await base(input, { ...init, signal });
      if (response.status === 304) counters.notModified++;
      return response;
    } catch (error) {
      if (timeout.aborted) throw new NetworkFailure('timeout', `no answer within ${timeoutMs} ms`);
      throw new NetworkFailure('network', networkCause(error));
    }
  };
}

/** Turns GitHub's issue JSON into a cache entry (without ETags or time). */
function fromIssue(body: Record<string, unknown>): Omit<CacheEntry, 'fetchedAt'> {
  const entry: Omit<CacheEntry, 'fetchedAt'> = {
    state: body.state === 'closed' ? 'closed' : 'open',
    kind: body.pull_request ? 'pull' : 'issue',
  };
  if (typeof body.title === 'string') entry.title = body.title;
  if (Array.isArray(body.labels)) {
    entry.labels = body.labels
      .map((label: unknown) => (typeof label === 'string' ? label : (label as { name?: unknown })?.name))
      .filter((name): name is string => typeof name === 'string');
  }
  if (Array.isArray(body.assignees)) {
    entry.assignees = body.assignees.map((user: unknown) => (user as { login?: unknown })?.login).filter((login): login is string => typeof login === 'string');
  }
  if (typeof body.closed_at === 'string') entry.closedAt = body.closed_at;
  if (entry.state === 'closed' && (body.state_reason === 'completed' || body.state_reason === 'not_planned')) entry.reason = body.state_reason;
  return entry;
}

/** Scrubs a secret from a message, in case a library ever put it there. */
function scrub(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[REDACTED]') : text;
}

/** A state from a cache entry. */
function fromCache(key: string, entry: CacheEntry, source: 'live' | 'cache', problem?: string): ReferenceState {
  const { etag: _etag, pullEtag: _pullEtag, ...data } = entry;
  const state: ReferenceState = { key, ...data, source };
  if (problem !== undefined) state.problem = problem;
  return state;
}

/**
 * Resolves the state of each target: live from the API (refreshing the cache) or
 * from the cache only. Never throws for network, API or cache problems.
 *
 * @param targets the issues and pull requests, duplicates allowed (they are requested once)
 */
export async function resolveStates(targets: readonly GithubTarget[], options: ResolveOptions): Promise<ResolveResult> {
  const started = performance.now();
  const clock = options.clock ?? (() => new Date());
  const apiUrl = (options.apiUrl ?? defaultApiUrl).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const token = options.token && options.token.trim() !== '' ? options.token.trim() : undefined;
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(scrub(message, token));

  const unique = new Map<string, GithubTarget>();
  for (const target of targets) if (!unique.has(referenceKey(target))) unique.set(referenceKey(target), target);

  const { cache, problem: cacheProblem } = await readCache(options.cacheFile);
  if (cacheProblem) warn(cacheProblem);
  const entries: Record<string, CacheEntry> = (cache.apis[apiUrl] ??= {});

  const counters: Counters = { requests: 0, notModified: 0, conditional: 0 };
  const results = new Map<string, ReferenceState>();
  const failures = new Map<string, number>();
  let fetched = 0;
  /** Set once a failure means every remaining request would fail too. */
  let stopReason: string | undefined;

  const fallback = (key: string, target: GithubTarget, problem: string): ReferenceState => {
    const cached = entries[key];
    return cached ? fromCache(key, cached, 'cache', problem) : unknownState(target, problem);
  };

  const live = options.mode === 'live' && token !== undefined && unique.size > 0;
  if (options.mode === 'live' && token === undefined && unique.size > 0) {
    warn('GITHUB_TOKEN is not set: GitHub state comes from the cache where it has it, and is unknown elsewhere');
  }

  if (live) {
    const octokit = new GithubClient({
      auth: token,
      baseUrl: apiUrl,
      userAgent: 'hindsight',
      headers: { 'x-github-api-version': '2022-11-28' },
      request: { fetch: instrumentedFetch(options.fetch ?? globalThis.fetch, timeoutMs, counters) },
      // Octokit's own log lines could name URLs and headers; our warnings say what matters.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      throttle: {
        retryAfterBaseValue: options.retryUnitMs ?? 1000,
        fallbackSecondaryRateRetryAfter: 60,
        // Wait a rate limit out once when the wait is short; otherwise fall back to the cache now.
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          retryCount < 1 && retryAfter <= (options.maxRateLimitWaitSeconds ?? 60),
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          retryCount < 1 && retryAfter <= (options.maxRateLimitWaitSeconds ?? 60),
      },
      retry: {
        retries: options.serverErrorRetries ?? 2,
        retryAfterBaseValue: options.retryUnitMs ?? 1000,
        // 4xx answers are answers; rate limits are the throttling plugin's job.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
    });

    const fetchOne = async (key: string, target: GithubTarget): Promise<ReferenceState> => {
      const cached = entries[key];
      const fetchedAt = clock().toISOString();
      const parameters = { owner: target.owner, repo: target.repo };
      try {
        let entry: CacheEntry;
        try {
          const response = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
            ...parameters,
            issue_number: target.number,
            headers: cached?.etag ? { 'if-none-match': cached.etag } : {},
          });
          const body = response.data as unknown as Record<string, unknown>;
          entry = { ...fromIssue(body), fetchedAt };
          if (response.headers.etag) entry.etag = response.headers.etag;
          if (entry.kind === 'pull') {
            await addMergeState(entry, body, cached, target);
          }
        } catch (error) {
          // 304: the issue is unchanged, so its pull request cannot have been merged since either.
          if (statusOf(error).status === 304 && cached) {
            fetched++;
            entries[key] = { ...cached, fetchedAt };
            return fromCache(key, entries[key], 'live');
          }
          throw error;
        }
        fetched++;
        entries[key] = entry;
        return fromCache(key, entry, 'live');
      } catch (error) {
        const { status } = statusOf(error);
        if (status === 404 || status === 410) {
          fetched++;
          entries[key] = { state: 'missing', fetchedAt };
          return fromCache(key, entries[key], 'live');
        }
        const { reason, stopAll } = classify(error, timeoutMs);
        if (stopAll) stopReason ??= reason;
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
        return fallback(key, target, reason);
      }
    };

    /** Reads `merged` from the pull request endpoint; the issue's `pull_request.merged_at` if that fails. */
    const addMergeState = async (entry: CacheEntry, issue: Record<string, unknown>, cached: CacheEntry | undefined, target: GithubTarget) => {
      try {
        const response = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner: target.owner,
          repo: target.repo,
          pull_number: target.number,
          headers: cached?.pullEtag ? { 'if-none-match': cached.pullEtag } : {},
        });
        if (response.headers.etag) entry.pullEtag = response.headers.etag;
        if (response.data.merged) {
          entry.state = 'merged';
          if (response.data.merged_at) entry.mergedAt = response.data.merged_at;
          delete entry.reason;
        }
      } catch (error) {
        if (statusOf(error).status === 304 && cached) {
          if (cached.pullEtag) entry.pullEtag = cached.pullEtag;
          if (cached.state === 'merged') {
            entry.state = 'merged';
            if (cached.mergedAt) entry.mergedAt = cached.mergedAt;
            delete entry.reason;
          }
          return;
        }
        const mergedAt = (issue.pull_request as { merged_at?: unknown } | undefined)?.merged_at;
        if (typeof mergedAt === 'string') {
          entry.state = 'merged';
          entry.mergedAt = mergedAt;
          delete entry.reason;
        } else if (mergedAt === undefined && entry.state === 'closed') {
          // Closed, but whether it was merged is not known: do not claim either.
          throw error;
        }
      }
    };

    const queue = [...unique];
    let done = 0;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [key, target] = next;
        const state = stopReason ? fallback(key, target, `not requested: ${stopReason}`) : await fetchOne(key, target);
        results.set(key, state);
        options.onProgress?.(++done, unique.size);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, unique.size)) }, worker));
  } else {
    let done = 0;
    const problem = options.mode === 'offline' ? 'offline and not in the cache' : 'GITHUB_TOKEN is not set';
    for (const [key, target] of unique) {
      const cached = entries[key];
      results.set(key, cached ? fromCache(key, cached, 'cache') : unknownState(target, problem));
      options.onProgress?.(++done, unique.size);
    }
  }

  if (live) {
    try {
      await writeCache(options.cacheFile, cache);
    } catch (error) {
      warn(`could not write the GitHub cache ${options.cacheFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the next run will fetch again`);
    }
  }

  const states = [...unique.keys()].map((key) => results.get(key)!);
  const byState = Object.fromEntries(issueStates.map((state) => [state, 0])) as Record<IssueState, number>;
  let fromCacheCount = 0;
  let unknown = 0;
  for (const state of states) {
    byState[state.state]++;
    if (state.source === 'cache') fromCacheCount++;
    if (state.state === 'unknown') unknown++;
  }
  if (options.mode === 'offline' && unknown > 0) {
    warn(`${unknown} of ${states.length} GitHub reference${states.length === 1 ? ' is' : 's are'} not in the cache (unknown); run \`hindsight sync\` to fetch them`);
  }
  if (live && (failures.size > 0 || stopReason)) {
    const skipped = states.filter((state) => state.problem?.startsWith('not requested')).length;
    const reasons = [...failures].map(([reason, count]) => (count > 1 ? `${reason} ×${count}` : reason));
    if (skipped > 0) reasons.push(`${skipped} not requested after that`);
    const failed = [...failures.values()].reduce((sum, count) => sum + count, 0) + skipped;
    warn(
      `GitHub: ${failed} of ${states.length} reference${states.length === 1 ? '' : 's'} could not be fetched (${reasons.join('; ')}); ` +
        `${fromCacheCount} from the cache, ${unknown} unknown`,
    );
  }

  return {
    states,
    lookup: lookupFromStates(states),
    stats: {
      references: states.length,
      requests: counters.requests,
      notModified: counters.notModified,
      conditional: counters.conditional,
      fetched,
      fromCache: fromCacheCount,
      unknown,
      byState,
      elapsedMs: performance.now() - started,
    },
    warnings,
  };
}
