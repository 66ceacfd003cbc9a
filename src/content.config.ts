/**
 * Two collections: the reports, loaded by Hindsight's own loader (the same parser
 * and checks as the CLI), never by Astro's Markdown entry type; and `corpus`, one
 * entry of corpus-wide data (statistics, repeat chains) that the report loader
 * publishes after each sync.
 */
import { defineCollection } from 'astro:content';
import { corpusChannel } from './astro/corpus.ts';
import { hindsightLoader } from './astro/loader.ts';

const corpus = corpusChannel();

export const collections = {
  postmortems: defineCollection({ loader: hindsightLoader({ onSync: corpus.publish }) }),
  corpus: defineCollection({ loader: corpus.loader() }),
};
