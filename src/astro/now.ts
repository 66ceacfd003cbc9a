/**
 * The build's "now" (see `src/lib/clock.ts`: `SOURCE_DATE_EPOCH` when set).
 */
import { nowFromEnvironment } from '../lib/clock.ts';

/**
 * "Now" for the checks and the pages.
 *
 * @param env the environment (`process.env`)
 */
export function buildNow(env: Record<string, string | undefined> = process.env): Date {
  return nowFromEnvironment(env);
}
