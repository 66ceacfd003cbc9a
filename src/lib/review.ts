/**
 * Review deadlines: a report that is never written or never reviewed is the
 * most common way a lesson gets lost, so each severity has a number of days,
 * counted from `date` (the day impact began), by which its report should be
 * reviewed (`review.days` in `hindsight.config.yaml`). The `review-overdue`
 * rule, `/reviews/` and the calendar read them from here.
 */
import * as z from 'zod';
import { addDays } from './days.ts';
import { editDistance, suggestName } from './distance.ts';
import { literal, literalList } from './text.ts';

/**
 * The default days per severity, by position in `severities` (most severe
 * first): 5, 10, 20 and 30 days, and 30 for any further severity. They are
 * calendar days (a check has no team's working calendar): 5 days covers
 * PagerDuty's 3 business days for a Sev-1 over any weekend, 10 its 5 business
 * days for a Sev-2 with a few days to spare; the lower severities are reviewed
 * in a team's regular (often monthly) review. By position rather than by name, so
 * a team with `severities: [critical, major, minor]` gets 5, 10 and 20 too.
 */
export const defaultReviewDays: readonly number[] = [5, 10, 20, 30];

/** The statuses of a report still awaiting its review. */
export const awaitingReviewStatuses: readonly string[] = ['draft', 'in-review'];

/**
 * What the review functions read of a configuration. Structural, not `Config`:
 * config.ts builds its schema from this module, which so never imports it back.
 */
export interface ReviewSettings {
  severities: readonly string[];
  review?: { days: Readonly<Record<string, number>> };
}

/** The `review` settings. */
export const reviewSchema = z
  .strictObject({
    /**
     * Days after `date` by which a report of each severity should be reviewed, by
     * severity (`{ sev1: 3 }`); a severity not listed keeps its default (see `defaultReviewDays`).
     */
    days: z.record(z.string(), z.number().int().min(0, '0 days or more').max(3660, 'at most 3660 days (ten years)')).default({}),
  })
  .prefault({});

/**
 * `review.days` keys that are not configured severities: a typo (`sev01`) would
 * otherwise leave that severity on its default without a word.
 *
 * @returns zod issues to add, at `review.days.<key>`
 */
export function reviewDaysIssues(days: Readonly<Record<string, number>>, severities: readonly string[]): z.core.$ZodRawIssue[] {
  return Object.keys(days)
    .filter((key) => !severities.includes(key))
    .map((key) => {
      const suggestion = uniqueSuggestion(key, severities);
      return {
        code: 'custom' as const,
        path: ['review', 'days', key],
        input: key,
        message: `Unexpected severity ${literal(key)}${suggestion ? ` (did you mean ${literal(suggestion)}?)` : ''}, expected one of the configured \`severities\`: ${literalList(severities)}`,
      };
    });
}

/**
 * The severity a mistyped key most likely means, only when no other is as close:
 * `sev5` is one edit from each of `sev1`…`sev4`, and naming one would mislead.
 */
function uniqueSuggestion(written: string, severities: readonly string[]): string | undefined {
  const suggestion = suggestName(written, severities);
  if (suggestion === undefined || suggestion.toLowerCase() === written.toLowerCase()) return suggestion;
  const cost = editDistance(suggestion, written);
  return severities.filter((severity) => editDistance(severity, written) === cost).length === 1 ? suggestion : undefined;
}

/**
 * The days a report of `severity` has before its review is due: the configured
 * value, else the default for the severity's place in `severities`.
 */
export function reviewDays(config: ReviewSettings, severity: string): number {
  // Severities are names a project chooses (`constructor` is one): only an own key of `days` is configured.
  const days = config.review?.days;
  const configured = days && Object.hasOwn(days, severity) ? days[severity] : undefined;
  if (configured !== undefined) return configured;
  const position = config.severities.indexOf(severity);
  return defaultReviewDays[Math.max(0, Math.min(position, defaultReviewDays.length - 1))] ?? 30;
}

/** When a report's review is due. */
export interface ReviewDue {
  /** `YYYY-MM-DD`: `date` plus `days`. */
  date: string;
  /** The days allowed for its severity. */
  days: number;
  severity: string;
}

/**
 * When the review of a report is due, or `undefined` when it is not awaiting
 * one (`reviewed`, `closed` and `archived` reports are done or history).
 */
export function reviewDue(report: { date: string; severity: string; status: string }, config: ReviewSettings): ReviewDue | undefined {
  if (!awaitingReviewStatuses.includes(report.status)) return undefined;
  const days = reviewDays(config, report.severity);
  return { date: addDays(report.date, days), days, severity: report.severity };
}

/** `1 day`, `12 days`. */
export function dayCount(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}
