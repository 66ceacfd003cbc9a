/**
 * Calendar-day arithmetic on `YYYY-MM-DD` dates, shared by the rules, the site and
 * the pull request comment. The dates are local calendar dates already (a report's
 * zone was applied before), so the sums are done in UTC, where every day has 24 hours.
 */

const dayMs = 86_400_000;

/** How many calendar days `to` is after `from` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function calendarDaysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** `YYYY-MM-DD` plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** A signed day count in words: "in 12 days", "today", "3 days ago" (the rules', the site's and the comment's wording). */
export function daysInWords(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 0) return `in ${days} days`;
  if (days === -1) return 'yesterday';
  return `${-days} days ago`;
}
