/**
 * How the site writes days and durations. Instants in a zone are written by
 * `formatInZone` in src/lib/time.ts; these are the rest, pure and locale-free so
 * that two builds agree.
 */

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2022-09-07` → `Sep 7, 2022`. Returns the input when it is not a date. */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return `${monthNames[Number(match[2]) - 1] ?? match[2]} ${Number(match[3])}, ${match[1]}`;
}

/**
 * A duration for people: `42 m`, `5 h 23 m`, `2 d 3 h`. Seconds are dropped;
 * anything under a minute is `< 1 m`.
 */
export function formatDuration(milliseconds: number): string {
  const totalMinutes = Math.floor(Math.abs(milliseconds) / 60_000);
  if (totalMinutes === 0) return Math.abs(milliseconds) > 0 ? '< 1 m' : '0 m';
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} m` : `${hours} h`;
  return `${minutes} m`;
}

/** Elapsed time relative to a start: `+1 h 42 m`, `−5 m` (before the start), `+0 m`. */
export function formatElapsed(milliseconds: number): string {
  return `${milliseconds < 0 ? '−' : '+'}${formatDuration(milliseconds)}`;
}

/** An ISO 8601 instant as a `Date`, or `undefined` when absent or unreadable. */
export function parseInstant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
