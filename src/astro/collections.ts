/**
 * The content collections a Hindsight site needs, for the project's
 * `src/content.config.ts`:
 *
 * ```ts
 * import { hindsightCollections } from 'hindsight-postmortems/astro';
 * export const collections = hindsightCollections();
 * ```
 *
 * Two collections: the reports, loaded by Hindsight's own loader (the same
 * parser and checks as the CLI), never by Astro's Markdown entry type; and
 * `corpus`, one entry of corpus-wide data (statistics, repeat chains) that the
 * report loader publishes after each sync.
 */
// Not `astro:content`: this module is also imported with the Astro config, where Node resolves imports itself.
import { defineCollection } from 'astro/content/config';
import { corpusChannel } from './corpus.ts';
import { hindsightLoader } from './loader.ts';

/** The collections' names: a project's own collections must use other names. */
export const collectionNames = ['postmortems', 'corpus'] as const;

/** Hindsight's content collections, to export from `src/content.config.ts` (spread them beside a project's own). */
export function hindsightCollections() {
  const corpus = corpusChannel();
  return {
    postmortems: defineCollection({ loader: hindsightLoader({ onSync: corpus.publish }) }),
    corpus: defineCollection({ loader: corpus.loader() }),
  };
}
