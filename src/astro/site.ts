/**
 * The pages' one way to the data: the stored reports, the configuration and the
 * build's "now", turned into the site model by src/lib/site (pure functions).
 */
import { getCollection, getEntry } from 'astro:content';
import { AstroError } from 'astro/errors';
import config, { now, root } from 'virtual:hindsight/config';
import type { Config } from '../lib/config.ts';
import { actionItemTargets, trackActionItems } from '../lib/site/action-states.ts';
import type { SiteReport } from '../lib/site/report.ts';
import { buildSite, type Site } from '../lib/site/site.ts';
import { corpusEntryId } from './corpus.ts';
import { cachedGithubStates, warnWhenChanged } from './github-state.ts';

let cached: Promise<Site> | undefined;
// Once per process, not per request in dev: see warnWhenChanged.
const warnCache = warnWhenChanged((warning) => console.warn(`hindsight: ${warning}`));

/** The site model, built once per build (again on every request in dev, where reports change). */
export function getSite(): Promise<Site> {
  if (cached && !import.meta.env.DEV) return cached;
  cached = (async () => {
    // The loaders' schemas type the entries (src/astro/entries.ts); Astro's generated types carry them here.
    const entries: { data: SiteReport }[] = await getCollection('postmortems');
    const stored = entries.map((entry) => entry.data);
    // Action items' GitHub state, from the cache `hindsight sync` writes: never the network (see github-state.ts).
    const github = await cachedGithubStates(actionItemTargets(stored), root, config);
    warnCache(github.warnings);
    const reports = trackActionItems(stored, github.lookup);
    // The integration set Astro's `base` from the same `site.base`.
    // Statistics, repeat chains and possible repeats: the `corpus` collection's one entry (see corpus.ts).
    const corpus = await getEntry('corpus', corpusEntryId);
    if (!corpus) {
      throw new AstroError(
        'hindsight: the `corpus` collection has no entry; the report loader did not sync',
        'Export `hindsightCollections()` from `src/content.config.ts` (both `postmortems` and `corpus`), then build again.',
      );
    }
    return buildSite({ reports, config, now: new Date(now), corpus: corpus.data });
  })();
  return cached;
}

/** The validated configuration. */
export function getConfig(): Config {
  return config;
}
