/**
 * Why a request to GitHub failed, in words for the run's one warning, and
 * whether the requests after it are worth sending (a rejected token or an
 * exhausted quota fails them all). Kept apart from the client so the wording
 * of failures can be read, and tested, in one place.
 */
import type { ReferenceState } from '../issue-state.ts';
import { InvalidAnswer, NetworkFailure, RunStopped } from './transport.ts';

/** The HTTP status (and headers) of an Octokit error, if it has them. */
export function statusOf(error: unknown): { status?: number; headers: Record<string, string | undefined>; message: string } {
  const candidate = error as { status?: number; response?: { headers?: Record<string, string | undefined> }; message?: string };
  return {
    status: typeof candidate?.status === 'number' ? candidate.status : undefined,
    headers: candidate?.response?.headers ?? {},
    message: typeof candidate?.message === 'string' ? candidate.message : String(error),
  };
}

/** An answer that arrived whole but is not an issue or a pull request (see `answers.ts`). */
export class JunkAnswer extends Error {
  readonly detail: string;

  constructor(detail: string) {
    super(detail);
    this.detail = detail;
  }
}

/** Why a request failed, in words, and whether the remaining requests should be skipped. */
export interface FailureReason {
  /** For messages: "timed out after 10000 ms", "GitHub server error (HTTP 503)", "rate limited (secondary)". */
  reason: string;
  /** Whether every remaining request would fail the same way. */
  stopAll: boolean;
}

/** Puts a failed request into words, and says whether the requests after it are worth sending. */
export function classify(error: unknown, timeoutMs: number): FailureReason {
  // Ours first: Octokit stamps `status: 500` on every error named `AbortError`.
  if (error instanceof NetworkFailure) {
    return error.failure === 'timeout'
      ? { reason: `timed out after ${timeoutMs} ms`, stopAll: true }
      : { reason: `network unavailable (${error.message})`, stopAll: true };
  }
  if (error instanceof RunStopped) return { reason: error.reason, stopAll: true };
  if (error instanceof InvalidAnswer || error instanceof JunkAnswer) return { reason: `invalid answer from GitHub (${error.detail})`, stopAll: false };
  const { status, headers, message } = statusOf(error);
  if (status === 401) return { reason: 'the token was rejected (HTTP 401); check GITHUB_TOKEN', stopAll: true };
  if (status === 403 || status === 429) {
    if (/secondary rate/i.test(message)) return { reason: `rate limited (secondary rate limit, HTTP ${status})`, stopAll: true };
    if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)) {
      const reset = Number(headers['x-ratelimit-reset']);
      const when = Number.isFinite(reset) && reset > 0 && reset < 1e11 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
      return { reason: `rate limited (API quota exhausted${when}, HTTP ${status})`, stopAll: true };
    }
    return { reason: `access denied (HTTP ${status}); the token may lack access to this repository`, stopAll: false };
  }
  if (status !== undefined && status >= 500) return { reason: `GitHub server error (HTTP ${status})`, stopAll: false };
  if (status !== undefined) return { reason: `unexpected HTTP ${status}`, stopAll: false };
  return { reason: 'unexpected error', stopAll: false };
}

/** Scrubs secrets from a message, in case a library ever put one there. */
export function scrub(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[REDACTED]');
  return scrubbed;
}

/** The one warning about a live run's failures: how many, why, and where their states came from. */
export function failureWarning(states: readonly ReferenceState[], failures: Map<string, number>): string {
  const skipped = states.filter((state) => state.problem?.startsWith('not requested: ') && !failures.has(state.problem)).length;
  const reasons = [...failures].map(([reason, count]) => (count > 1 ? `${reason} ×${count}` : reason));
  if (skipped > 0) reasons.push(`${skipped} not requested after that`);
  const failed = [...failures.values()].reduce((sum, count) => sum + count, 0) + skipped;
  const fromCacheCount = states.filter((state) => state.source === 'cache').length;
  const unknown = states.filter((state) => state.state === 'unknown').length;
  return (
    `GitHub: ${failed} of ${states.length} reference${states.length === 1 ? '' : 's'} could not be fetched (${reasons.join('; ')}); ` +
    `${fromCacheCount} from the cache, ${unknown} unknown`
  );
}
