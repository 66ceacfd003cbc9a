/**
 * What the integration resolved (the configuration with its options applied,
 * the build's "now"), handed to the content loader.
 *
 * The integration is loaded with the Astro config and the loader with the
 * content config, through two different module graphs, so no module-level
 * variable reaches both. They run in one process, though: the integration
 * publishes its settings under a registered symbol and the loader reads them.
 * Without the integration (a unit test calling the loader), the loader reads
 * `hindsight.config.yaml` itself.
 */
import type { Config } from '../lib/config.ts';
import type { Audience } from '../lib/publish/audience.ts';

/** The integration's resolved settings. */
export interface HindsightSettings {
  /** The configuration, with the integration's options applied (`site.base` includes the route prefix). */
  config: Config;
  /** The build's "now", as ISO 8601 (`SOURCE_DATE_EPOCH` when set). */
  now: string;
  /** Who the site is for: the loader stores the public edition alone when `public`. Absent: `internal`. */
  audience?: Audience;
}

const key = Symbol.for('hindsight-postmortems.settings');

/** Publishes the settings of the integration that runs in this process. */
export function publishSettings(settings: HindsightSettings): void {
  (globalThis as Record<symbol, unknown>)[key] = settings;
}

/** The settings the integration published in this process, if it ran. */
export function publishedSettings(): HindsightSettings | undefined {
  return (globalThis as Record<symbol, unknown>)[key] as HindsightSettings | undefined;
}
