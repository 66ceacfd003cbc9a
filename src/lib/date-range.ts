/**
 * The days a report's dates may name: a sanity range, by default from 1970-01-01
 * to ten years after today (`dates` in hindsight.config.yaml). A date outside it
 * is a typo (`1022-09-07` for `2022-09-07`, `9999-12-31` for "never"): the
 * `frontmatter` and `action-item-link` rules report it, and the statistics and
 * the calendar leave it out, so that one typo cannot make `/stats.json` a bucket
 * per month across 9,000 years or write a five-digit year into the calendar.
 */
import type { Config } from './config.ts';
import { localDate } from './time.ts';

/** The first and last day a date may name, both `YYYY-MM-DD` and inclusive. */
export interface DateRange {
  earliest: string;
  latest: string;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The range of `config` on the day `now` is in the configured zone. The latest
 * day is today's date `latestYearsAhead` years on (February 29 becomes the 28th
 * in a common year).
 *
 * @param now the run's "now" (`SOURCE_DATE_EPOCH` for reproducible builds)
 */
export function dateRange(config: Config, now: Date): DateRange {
  const today = localDate(now, config.timezone);
  const year = Number(today.slice(0, 4)) + config.dates.latestYearsAhead;
  let monthDay = today.slice(4);
  if (monthDay === '-02-29' && !isLeapYear(year)) monthDay = '-02-28';
  return { earliest: config.dates.earliest, latest: `${String(year).padStart(4, '0')}${monthDay}` };
}

/**
 * Whether a date or a time (`2022-09-07`, `2022-09-07T05:25+02:00`) falls in
 * `range`, by the day it is written with: an offset moves an instant by hours,
 * not across the bounds of a sanity check.
 */
export function inDateRange(value: string, range: DateRange): boolean {
  const day = value.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= range.earliest && day <= range.latest;
}

/** What a message expects: "a day from `1970-01-01` to `2034-06-01` (…)". */
export function expectedInRange(range: DateRange): string {
  return `a day from \`${range.earliest}\` to \`${range.latest}\` (\`dates\` in hindsight.config.yaml sets the range)`;
}
