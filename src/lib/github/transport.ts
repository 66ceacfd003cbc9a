/**
 * The HTTP layer under Octokit: every attempt gets a timeout that covers the body,
 * not just the headers; bodies are read whole (never more than a set size) before
 * Octokit sees them, so a stalled, truncated, oversized or non-JSON answer is a
 * failure here, not data later; and a `RunGuard` stops the whole run once
 * GitHub keeps failing (server errors, junk) or the run takes too long: then
 * requests under way are cut and no retry is sent.
 *
 * Every failure is thrown as an error named `AbortError`: Octokit passes those
 * through unwrapped, and the retry plugin does not retry them (a server that
 * answers junk or nothing is not asked the same again).
 */
import type { Octokit } from '@octokit/rest';

/** A failure before any usable HTTP answer: a refused connection, a DNS failure, a reset, a timeout. */
export class NetworkFailure extends Error {
  /** `timeout` or `network`. */
  readonly failure: 'timeout' | 'network';

  constructor(failure: 'timeout' | 'network', message: string) {
    super(message);
    this.name = 'AbortError';
    this.failure = failure;
  }
}

/** An answer that is not what GitHub sends: an HTML page, invalid or truncated JSON, a body over the size limit. */
export class InvalidAnswer extends Error {
  /** What it was, in a few words: `an HTML page`, `invalid JSON`, `a truncated body`. */
  readonly detail: string;

  constructor(detail: string) {
    super(`invalid answer from GitHub (${detail})`);
    this.name = 'AbortError';
    this.detail = detail;
  }
}

/** A request not sent, or cut short, because the run was stopped (see `RunGuard`). */
export class RunStopped extends Error {
  /** Why the run stopped. */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = 'AbortError';
    this.reason = reason;
  }
}

/**
 * Decides when a run stops asking GitHub: after `maxConsecutiveFailures` server
 * errors or junk answers in a row (a circuit breaker: a server that fails that
 * often will fail the rest too), or when told to (`stop`, for timeouts, rate limits
 * and the run's deadline). Once stopped, no request is sent again.
 */
export class RunGuard {
  /** Why the run stopped; unset while it runs. */
  reason: string | undefined;
  private consecutiveFailures = 0;
  private readonly maxConsecutiveFailures: number;
  private readonly controller = new AbortController();

  constructor(maxConsecutiveFailures: number) {
    this.maxConsecutiveFailures = Math.max(1, maxConsecutiveFailures);
  }

  /** Aborted when the run stops with `cutInFlight`: requests under way end at once. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Stops the run (the first reason wins).
   *
   * @param cutInFlight also abort the requests under way (a deadline or a failing server; after a
   *   timeout or a rate limit they are left to end on their own)
   */
  stop(reason: string, cutInFlight = false): void {
    this.reason ??= reason;
    if (cutInFlight && !this.controller.signal.aborted) this.controller.abort();
  }

  /** A server error or a junk answer; enough of them in a row stop the run. */
  failure(what: string): void {
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.maxConsecutiveFailures) {
      this.stop(`GitHub failed ${this.consecutiveFailures} times in a row (last: ${what})`, true);
    }
  }

  /** A well-formed answer: the failures were not in a row after all. */
  success(): void {
    this.consecutiveFailures = 0;
  }
}

/**
 * Makes every Octokit request end as soon as the run is stopped hard, even one
 * waiting between retries or for a rate limit (the plugins' timers cannot be
 * cancelled; what they start afterwards is refused by `guardedFetch`). Added after
 * the plugins, so it wraps them.
 */
export function endRequestsOnStop(octokit: Pick<Octokit, 'hook'>, guard: RunGuard): void {
  octokit.hook.wrap(
    'request',
    (request, options) =>
      new Promise((resolve, reject) => {
        if (guard.signal.aborted) {
          reject(new RunStopped(guard.reason ?? 'stopped'));
          return;
        }
        const onStop = () => reject(new RunStopped(guard.reason ?? 'stopped'));
        guard.signal.addEventListener('abort', onStop, { once: true });
        Promise.resolve(request(options))
          .then(resolve, reject)
          .finally(() => guard.signal.removeEventListener('abort', onStop));
      }),
  );
}

/**
 * A `request` options object for one Octokit request (`octokit.request(route, { request:
 * ownRetryState() })`). The retry plugin counts attempts in `options.request.retryCount`;
 * without an object per request, every request shares the client's, and concurrent
 * retries wait 4 or 9 units where 1 was meant.
 */
export function ownRetryState(): { retryCount: number } {
  return { retryCount: 0 };
}

/** Counters the guarded `fetch` keeps. */
export interface Counters {
  /** Requests sent (every attempt, retries included). */
  requests: number;
  /** `304 Not Modified` answers. */
  notModified: number;
  /** Requests that carried `If-None-Match`. */
  conditional: number;
}

/** Options of `guardedFetch`. */
export interface GuardedFetchOptions {
  /** The `fetch` underneath. */
  fetch: typeof fetch;
  /** The longest one attempt may take, headers and body, in milliseconds. */
  timeoutMs: number;
  /** The largest body read, in bytes; a larger one is abandoned and counts as junk. */
  maxBytes: number;
  counters: Counters;
  guard: RunGuard;
}

/** A body over the size limit. */
class TooLarge extends Error {}

/** `1 MB`, `512 KB`: a size for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The network error's cause in a few words (`ECONNREFUSED`, `ENOTFOUND`), never a URL with credentials. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'connection failed';
}

/** Reads a body whole, refusing to hold more than `maxBytes` (whatever `Content-Length` claims). */
async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new TooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(new ArrayBuffer(0));
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const decoder = new TextDecoder('utf-8');

/** What is wrong with a body that should be JSON, or undefined when it is JSON. */
function jsonProblem(contentType: string | null, body: Uint8Array): string | undefined {
  const text = decoder.decode(body);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || /^\s*</.test(text)) return 'an HTML page';
  if (type !== 'application/json' && !type.endsWith('+json')) return type === '' ? 'no content type' : `${type}, not JSON`;
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    return 'invalid JSON';
  }
}

/** The same answer with its body already read, for Octokit to parse. */
function withBody(response: Response, body: Uint8Array<ArrayBuffer> | null): Response {
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
  const copy = new Response(nullBody ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

/**
 * Wraps `fetch` for Octokit: the run's guard is asked before each attempt, the
 * timeout covers the whole answer, and the answer is read (bounded) and checked
 * before it is handed on. Server errors and junk count towards the guard's
 * breaker; what counts as a good answer is for the caller to say (`guard.success`).
 */
export function guardedFetch(options: GuardedFetchOptions): typeof fetch {
  const { counters, guard, timeoutMs, maxBytes } = options;
  return async (input, init) => {
    // After a hard stop nothing is sent, not even a retry; after a soft one, references under way finish.
    if (guard.signal.aborted) throw new RunStopped(guard.reason ?? 'stopped');
    counters.requests++;
    if (new Headers(init?.headers).has('if-none-match')) counters.conditional++;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any(init?.signal ? [timeout, guard.signal, init.signal] : [timeout, guard.signal]);
    /** A timeout or a stopped run, which explain any error that follows them. */
    const interrupted = (): Error | undefined => {
      if (timeout.aborted) return new NetworkFailure('timeout', `no answer within ${timeoutMs} ms`);
      if (guard.signal.aborted) return new RunStopped(guard.reason ?? 'stopped');
      return undefined;
    };

    let response: Response;
    try {
      response = await options.fetch(input, { ...init, signal });
    } catch (error) {
      throw interrupted() ?? new NetworkFailure('network', networkCause(error));
    }
    if (response.status === 304) {
      counters.notModified++;
      void response.body?.cancel().catch(() => {});
      return withBody(response, null);
    }

    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readBounded(response, maxBytes);
    } catch (error) {
      const stopped = interrupted();
      if (stopped) throw stopped;
      // The connection closed before the body was complete (a `Content-Length` the body never reached).
      const detail = error instanceof TooLarge ? `larger than ${formatBytes(maxBytes)}` : 'a truncated body';
      guard.failure(detail);
      throw new InvalidAnswer(detail);
    }

    if (response.status >= 500) {
      guard.failure(`HTTP ${response.status}`);
      // The error that trips the breaker is not retried: the run is over.
      if (guard.signal.aborted) throw new RunStopped(guard.reason ?? 'stopped');
    } else if ((response.ok && response.status !== 204 && response.status !== 205) || response.status === 404 || response.status === 410) {
      // These bodies become states; the others (401, 403, 429) are read only for their headers and message.
      const problem = jsonProblem(response.headers.get('content-type'), body);
      if (problem) {
        guard.failure(problem);
        throw new InvalidAnswer(problem);
      }
    } else {
      guard.success();
    }
    return withBody(response, body);
  };
}
