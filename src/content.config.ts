/**
 * One collection: the reports, loaded by Hindsight's own loader (the same parser
 * and checks as the CLI), never by Astro's Markdown entry type.
 */
import { defineCollection } from 'astro:content';
import { hindsightLoader } from './astro/loader.ts';

export const collections = {
  postmortems: defineCollection({ loader: hindsightLoader() }),
};
