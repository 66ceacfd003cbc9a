/**
 * The `corpus` collection: one entry holding what the site knows about all
 * reports together (statistics, repeat chains, possible repeats; see
 * src/lib/site/corpus.ts).
 *
 * It is computed from the report loader's own sync (the same parse, checks and
 * graph), never from a second reading of the files: the report loader publishes
 * each sync into a channel and this collection's loader stores what it receives.
 * Astro runs every collection's loader at once, so the first load waits for the
 * report loader's first sync; in dev, later syncs (a report edited) update the
 * entry as they come.
 */
import type { LoaderContext } from 'astro/loaders';
import { z } from 'astro/zod';
import { siteCorpus, type SiteCorpus, type SiteCorpusInput } from '../lib/site/corpus.ts';
import { corpusImages } from '../lib/site/images.ts';
import { entryData, type TypedLoader } from './entries.ts';
import { publishImages } from './media.ts';

/** The id of the collection's one entry. */
export const corpusEntryId = 'corpus';

/** Connects the report loader (which publishes) to the corpus loader (which stores). */
export interface CorpusChannel {
  /** Called by the report loader after each sync. */
  publish(input: SiteCorpusInput): void;
  /** The `corpus` collection's loader: one `SiteCorpus` entry. */
  loader(): TypedLoader<SiteCorpus>;
}

/** A new channel: one per content configuration (each makes its own loaders). */
export function corpusChannel(): CorpusChannel {
  let latest: SiteCorpus | undefined;
  const listeners = new Set<(corpus: SiteCorpus) => void>();
  // The dev server's listener: replaced, not added to, when the collection loads again.
  let follow: ((corpus: SiteCorpus) => void) | undefined;

  function store(context: LoaderContext, corpus: SiteCorpus): void {
    const digest = context.generateDigest(JSON.stringify(corpus));
    if (context.store.get(corpusEntryId)?.digest === digest) return;
    // No `parseData`: the schema only declares the type, and the entry is our own typed plain data.
    context.store.set({ id: corpusEntryId, data: entryData(corpus), digest });
  }

  return {
    publish(input) {
      latest = siteCorpus(input);
      // The images reports show from their folder: the integration copies them into the built site (media.ts).
      publishImages(corpusImages(input.reports, input.config.content));
      for (const listener of listeners) listener(latest);
    },
    loader: () => ({
      name: 'hindsight-corpus',
      // The entry's type, for Astro's generated types; not a validation: `siteCorpus` made the entry.
      schema: z.custom<SiteCorpus>(),
      async load(context) {
        const first =
          latest ??
          (await new Promise<SiteCorpus>((resolve) => {
            const once = (corpus: SiteCorpus) => {
              listeners.delete(once);
              resolve(corpus);
            };
            listeners.add(once);
          }));
        store(context, first);
        // In dev the report loader syncs again when a report changes: follow it.
        if (context.watcher) {
          if (follow) listeners.delete(follow);
          follow = (corpus) => store(context, corpus);
          listeners.add(follow);
        }
      },
    }),
  };
}
