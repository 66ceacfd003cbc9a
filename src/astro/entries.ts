/**
 * The typed boundary between Hindsight's loaders and the pages. Each loader
 * declares a schema for its entries, so Astro's generated types
 * (`.astro/content.d.ts`) give `getCollection('postmortems')` a `SiteReport` and
 * `getEntry('corpus', …)` a `SiteCorpus`: the pages read them without a cast.
 */
import type { Loader } from 'astro/loaders';
import type { ZodType } from 'astro/zod';

/**
 * A content-layer loader whose `schema` carries its entries' type. Astro's `Loader`
 * types `schema` as any Zod schema, which the generated types cannot infer an entry
 * type from; a loader function returning this type keeps it.
 */
export type TypedLoader<Data> = Loader & { schema: ZodType<Data> };

/**
 * An entry's data as Astro's data store takes it (`Record<string, unknown>`), without a cast.
 *
 * The entries are interfaces (`SiteReport`, `SiteCorpus`), and TypeScript gives an interface no
 * implicit index signature (it could gain members by declaration merging), so one is not
 * assignable to a record. A shallow copy of its own properties is: the same plain data, in the
 * same order, which the store serializes as it would the original.
 *
 * @param data an entry's plain data, as a loader made it
 */
export function entryData(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data));
}
