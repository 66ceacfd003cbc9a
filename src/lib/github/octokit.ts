/**
 * Octokit as Hindsight sets it up, for the state client (client.ts) and the pull
 * request comment (comment.ts): the throttling and retry plugins, our guarded
 * `fetch` underneath (transport.ts), and Octokit's own logging off.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const PluggedOctokit = Octokit.plugin(throttling, retry);

/** What differs between the clients. */
export interface OctokitSettings {
  /** The API base (`https://api.github.com`, or a GitHub Enterprise one). */
  apiUrl: string;
  token: string;
  /** The `fetch` requests go through (guardedFetch: timeouts, size limits, the run's guard). */
  transport: typeof fetch;
  /** The unit of the waits between retries, milliseconds. */
  retryUnitMs: number;
  /** How many times a server error (5xx) is retried, at most 5. */
  serverErrorRetries: number;
  /** The longest rate-limit wait that is waited out (once); a longer one fails now. */
  maxRateLimitWaitSeconds: number;
}

/**
 * A new Octokit for one run, typed as the plain `Octokit` it is used as (the
 * plugins work through its hooks; naming their added type would not survive the
 * package's declaration files).
 */
export function createOctokit(settings: OctokitSettings): Octokit {
  const waitOutOnce = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < 1 && retryAfter <= settings.maxRateLimitWaitSeconds;
  return new PluggedOctokit({
    auth: settings.token,
    baseUrl: settings.apiUrl,
    userAgent: 'hindsight',
    headers: { 'x-github-api-version': '2022-11-28' },
    request: { fetch: settings.transport },
    // Octokit's own log lines could name URLs and headers; our messages say what matters.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      retryAfterBaseValue: settings.retryUnitMs,
      fallbackSecondaryRateRetryAfter: 60,
      // A short rate-limit wait is waited out once; a long one fails now (the caller falls back or says why).
      onRateLimit: waitOutOnce,
      onSecondaryRateLimit: waitOutOnce,
    },
    retry: {
      // Each retry waits longer (1, 4, 9… units): a few are worth it, dozens are not.
      retries: Math.min(Math.max(0, settings.serverErrorRetries), 5),
      retryAfterBaseValue: settings.retryUnitMs,
      // 4xx answers are answers; rate limits are the throttling plugin's job.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
  });
}
