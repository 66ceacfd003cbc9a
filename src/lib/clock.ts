/**
 * "Now" for a run. Reproducible builds set `SOURCE_DATE_EPOCH` (seconds since
 * 1970, https://reproducible-builds.org/specs/source-date-epoch/): the CLI and the
 * site then agree on "today", and two builds of the same reports give the same
 * overdue marks and expiry warnings whatever the day.
 */

/**
 * The run's "now": `SOURCE_DATE_EPOCH` when it holds whole seconds, else the clock.
 *
 * @param env the environment to read
 */
export function nowFromEnvironment(env: Readonly<Record<string, string | undefined>>): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}
