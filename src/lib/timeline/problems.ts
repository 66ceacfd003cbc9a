/**
 * Why a timeline time cannot be read: the grammar and the reader say what is
 * wrong as data (a code and what was written), and this module words it, once,
 * for both places that show it: the `timeline-order` rule's message and the
 * published timeline's note beside the entry. (The site may not import a rule
 * module, so the wording cannot live in the rule.)
 */
import { literal } from '../text.ts';

/** What is wrong with a time; `written` is the time as in the file. */
export type TimelineProblem =
  /** `2022-02-30`, `Feb 30`: no such day in any year. */
  | { code: 'impossible-date'; written: string }
  /** `17:14am`. */
  | { code: 'hour-before-am'; written: string }
  /** `25:10`, `14:61`. */
  | { code: 'impossible-clock'; written: string }
  /** `2023-MM-DD`, `20xx-MM-DD HH:mm`. */
  | { code: 'placeholder-date'; written: string }
  /** `HH:MM`, `14:??`, `???`. */
  | { code: 'placeholder-time'; written: string }
  /** `[unknown]`, `TBD`: the author says the time is not known. */
  | { code: 'unknown-time'; written: string }
  /** A time-table cell that is not a time: `23.59`, `2210`, `half past ten`. */
  | { code: 'unreadable-time'; written: string }
  /** `### 21/11/2026`: day and month could be either way round; `iso` and `words` spell the likelier date. */
  | { code: 'numeric-date-heading'; written: string; iso: string; words: string }
  /** `Sep 7` with no year anywhere to take one from. */
  | { code: 'date-without-year'; written: string }
  /** `Feb 29` in a year without one; `monthDay` is `02-29`. */
  | { code: 'date-not-in-year'; written: string; year: number; monthDay: string }
  /** `10:00` with no date heading, dated entry or frontmatter `date`. */
  | { code: 'time-without-date'; written: string }
  /** The zone cannot turn the time into an instant; `reason` is the platform's. */
  | { code: 'zone-error'; written: string; reason: string };

/** The "Unexpected X, expected Y" message for a timeline problem. */
export function timelineProblemMessage(problem: TimelineProblem): string {
  const written = literal(problem.written);
  switch (problem.code) {
    case 'impossible-date':
      return `Unexpected date ${written}, expected a real calendar date`;
    case 'hour-before-am':
      return `Unexpected time ${written}, expected an hour from 1 to 12 before \`AM\``;
    case 'impossible-clock':
      return `Unexpected time ${written}, expected a clock time from \`00:00\` to \`23:59\``;
    case 'placeholder-date':
      return `Unexpected placeholder date ${written}, expected a date such as \`2022-09-07\``;
    case 'placeholder-time':
      return `Unexpected placeholder time ${written}, expected a time such as \`14:35\` or \`2:35 PM\``;
    case 'unknown-time':
      return `Unexpected time ${written}, expected a clock time such as \`14:35\`, or an estimate such as \`~14:35\`; until then the entry is shown without a time, where it stands`;
    case 'unreadable-time':
      return `Unexpected time ${written}, expected a clock time such as \`23:59\`, \`11:59 PM\` or \`2022-09-07 23:59\``;
    case 'numeric-date-heading':
      return `Unexpected date heading ${written}, expected a date such as ${literal(problem.iso)} or ${literal(problem.words)}`;
    case 'date-without-year':
      return `Unexpected date ${written} without a year, expected a year (\`Sep 7, 2022\`), a dated heading above it or a \`date\` in the frontmatter`;
    case 'date-not-in-year':
      return `Unexpected date ${written}, expected a real calendar date (${problem.year} has no ${problem.monthDay})`;
    case 'time-without-date':
      return `Unexpected time ${written} without a date, expected a date heading above it (\`### 2022-09-07\`), a date in the entry or a \`date\` in the frontmatter`;
    case 'zone-error':
      return `Unexpected time ${written} (${problem.reason}), expected a time in a known zone`;
  }
}
