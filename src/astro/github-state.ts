/**
 * GitHub state for the site, read at build time from the on-disk cache only.
 *
 * `astro build` never asks GitHub anything and never reads a token: a build must
 * work, and give the same bytes twice, on a laptop without network and in CI
 * without secrets. Run `hindsight sync` before building to refresh the cache
 * (default `node_modules/.cache/hindsight/github.json`, folder `github.cacheDir`
 * in hindsight.config.yaml; a CI cache step can keep it between runs). Whatever
 * the cache does not hold is `unknown`, and the pages show the item's checkbox,
 * marked as not verified.
 */
import { cacheFilePath } from '../lib/github/cache.ts';
import { defaultApiUrl, resolveStates } from '../lib/github/client.ts';
import type { GithubTarget, StateLookup } from '../lib/issue-state.ts';
import type { Config } from '../lib/config.ts';

/** What the cache says about some issues and pull requests. */
export interface CachedStates {
  lookup: StateLookup;
  /** Why the cache could not be read (malformed, unreadable), for the build log. */
  warnings: string[];
}

/**
 * Reads the cached state of `targets`. Offline: no request, no token.
 *
 * @param root the project root (the cache folder is relative to it)
 * @param env the environment: only `GITHUB_API_URL` is read, because the cache
 *   keeps states per API (github.com and an Enterprise server never share numbers),
 *   and `hindsight sync` filed them under the same one
 */
export async function cachedGithubStates(
  targets: readonly GithubTarget[],
  root: string,
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CachedStates> {
  const { lookup, warnings } = await resolveStates(targets, {
    mode: 'offline',
    cacheFile: cacheFilePath(root, config),
    apiUrl: env.GITHUB_API_URL?.trim() || defaultApiUrl,
  });
  return { lookup, warnings };
}

/**
 * A logger for the cache's warnings that stays quiet while they stay the same.
 * The dev server builds the site model again on every request (reports change
 * under it), so without this the same "not in the cache" line would be printed
 * for every page served; it is printed again only once the warnings change
 * (after a `hindsight sync`, or a report naming other issues).
 *
 * @param log where a warning goes (the build log)
 */
export function warnWhenChanged(log: (message: string) => void): (warnings: readonly string[]) => void {
  let last: string | undefined;
  return (warnings) => {
    const key = warnings.join('\n');
    if (key === last) return;
    last = key;
    for (const warning of warnings) log(warning);
  };
}
