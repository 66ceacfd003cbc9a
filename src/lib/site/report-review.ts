/**
 * What a report page adds about its review and its lessons: who reviews it,
 * when the review is due while it awaits one (as `/reviews/` and the
 * `review-overdue` rule count it), its contributing factors (linked to
 * `/factors/`), and the time to mitigate beside the time to detect. Pure: a
 * function of the site model.
 */
import { calendarDaysFrom } from '../days.ts';
import { reviewDue } from '../review.ts';
import { formatInZone } from '../time.ts';
import { factorLinks, type FactorLink } from './factors.ts';
import { formatDay, formatDuration, parseInstant } from './format.ts';
import { dueText } from './reviews.ts';
import type { Site } from './site.ts';

/** A report page's review and factor facts. */
export interface ReportReviewFacts {
  /** Who reviews it. */
  reviewers: string[];
  /** While the report awaits review (`draft`, `in-review`): when the review is due. */
  reviewDue?: {
    /** `YYYY-MM-DD`. */
    date: string;
    /** `May 20, 2024`. */
    label: string;
    /** `12 days overdue`, `due today`, `in 3 days`. */
    text: string;
    overdue: boolean;
    /** `/reviews/`. */
    href: string;
  };
  /** Its contributing factors, in the taxonomy's order. */
  factors: FactorLink[];
  /** `15 m` from impact start to `impact.mitigated`. */
  timeToMitigate?: string;
  /** `2024-03-01 10:20 UTC`, in the report's zone. */
  mitigatedLocal?: string;
}

/** The review and factor facts of a report's page, or `undefined` for an unknown id. */
export function reportReviewFacts(site: Site, id: string): ReportReviewFacts | undefined {
  const report = site.reports.get(id);
  if (!report) return undefined;
  const facts: ReportReviewFacts = { reviewers: [...(report.reviewers ?? [])], factors: factorLinks(site, report.factors ?? []) };
  const due = reviewDue(report, site.config);
  if (due) {
    const late = calendarDaysFrom(due.date, site.today);
    facts.reviewDue = { date: due.date, label: formatDay(due.date), text: dueText(late), overdue: late > 0, href: site.links.reviews };
  }
  const start = parseInstant(report.instants.start);
  const mitigated = parseInstant(report.instants.mitigated);
  if (mitigated) {
    facts.mitigatedLocal = formatInZone(mitigated, report.zone);
    // Before the start is an `impact-window` error; the page shows no negative figure meanwhile.
    if (start && mitigated.getTime() >= start.getTime()) facts.timeToMitigate = formatDuration(mitigated.getTime() - start.getTime());
  }
  return facts;
}
