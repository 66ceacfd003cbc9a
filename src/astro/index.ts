/**
 * `hindsight-postmortems/astro`: the Astro integration (default export) and the
 * content collections it reads.
 *
 * ```js
 * // astro.config.mjs
 * import hindsight from 'hindsight-postmortems/astro';
 * export default defineConfig({ integrations: [hindsight()] });
 * ```
 */
export { default } from './integration.ts';
export { hindsightCollections } from './collections.ts';
export { hindsightLoader, type HindsightLoaderOptions } from './loader.ts';
export type { HindsightOptions } from './options.ts';
