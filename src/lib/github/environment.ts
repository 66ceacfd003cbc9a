/**
 * Where the GitHub settings of a run come from: the environment (`GITHUB_TOKEN`,
 * `GITHUB_API_URL`, as GitHub Actions sets them) and the project configuration.
 */
import type { Config } from '../config.ts';
import { cacheFilePath } from './cache.ts';
import { defaultApiUrl, type ResolveMode, type ResolveOptions } from './client.ts';

/**
 * The resolve options for a project: token from `GITHUB_TOKEN`, API base from
 * `GITHUB_API_URL` (GitHub Enterprise Server; default `https://api.github.com`),
 * cache and timeout from the configuration.
 *
 * @param env the process environment
 * @param root the project root (the cache folder is relative to it)
 */
export function resolveOptionsFor(env: Readonly<Record<string, string | undefined>>, root: string, config: Config, mode: ResolveMode): ResolveOptions {
  const options: ResolveOptions = {
    mode,
    cacheFile: cacheFilePath(root, config),
    apiUrl: env.GITHUB_API_URL?.trim() || defaultApiUrl,
    timeoutMs: config.github.timeoutMs,
  };
  const token = env.GITHUB_TOKEN?.trim();
  if (token) options.token = token;
  return options;
}

/**
 * A one-line progress bar for a terminal: `[#####·····] 12/40`. Redraws in place;
 * `finish` clears the line so the summary starts clean.
 */
export function progressBar(write: (text: string) => void, label: string): { update(done: number, total: number): void; finish(): void } {
  const width = 24;
  let drawn = false;
  return {
    update(done, total) {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      write(`\r${label} [${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    finish() {
      if (drawn) write('\r\u001b[2K');
    },
  };
}
