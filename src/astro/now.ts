/**
 * The build's "now". Reproducible builds set `SOURCE_DATE_EPOCH` (seconds since
 * 1970, https://reproducible-builds.org/specs/source-date-epoch/): then two builds
 * of the same reports give the same overdue marks whatever the day.
 */

/**
 * "Now" for the checks and the pages.
 *
 * @param env the environment (`process.env`)
 */
export function buildNow(env: Record<string, string | undefined> = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  return new Date();
}
