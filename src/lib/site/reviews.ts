/**
 * `/reviews/` as data: every report still awaiting its review (`draft` and
 * `in-review`), with how old it is, who reviews it and when its review is due
 * (`review.days` in the configuration), overdue first. The same due dates drive
 * the `review-overdue` rule and `/calendar.ics`. Pure: a function of the site
 * model, whose "today" is the build's (`SOURCE_DATE_EPOCH` when set).
 */
import { calendarDaysFrom } from '../days.ts';
import { dayCount, reviewDue } from '../review.ts';
import { formatDay } from './format.ts';
import { pageCount, pageNumbers, pageOf, pageSuffix, pagination, type Pagination } from './pages.ts';
import { formatCount } from '../text.ts';
import type { ReportRow, Site } from './site.ts';

/** A report awaiting its review, as `/reviews/` lists it. */
export interface ReviewRow {
  /** The report's row on the lists (title, link, severity, status). */
  row: ReportRow;
  /** Days from `date` (the day impact began) to today. */
  ageDays: number;
  /** `12 days`, `today`. */
  ageLabel: string;
  /** Who reviews it; empty when the report names nobody. */
  reviewers: string[];
  /** `YYYY-MM-DD`. */
  due: string;
  /** `May 20, 2024`. */
  dueLabel: string;
  /** Where the due date stands today. */
  dueState: 'overdue' | 'today' | 'upcoming';
  /** `12 days overdue`, `due today`, `in 3 days`. */
  dueText: string;
  /** Days past the due date (0 when not overdue), for sorting and counts. */
  overdueDays: number;
  /** Why it is due then: `sev2: 10 days after the incident`. */
  deadlineLabel: string;
}

/** Everything a page of `/reviews/` shows. */
export interface ReviewsPage {
  /** This page's rows: overdue first (most overdue first), then by due date; ties by report id. */
  rows: ReviewRow[];
  /** Reports awaiting review, on every page. */
  awaiting: number;
  overdue: number;
  pagination: Pagination;
  /** `Reports 101–200 of 1,250` when the list takes more than one page. */
  rangeLabel?: string;
  /** The `review-overdue` rule's page, which says how the deadlines are set. */
  ruleHref: string;
  /** Today, `Jun 1, 2024`. */
  todayLabel: string;
}

/** `12 days overdue`, `due today`, `in 3 days`, from the days past the due date (negative before it). */
export function dueText(daysLate: number): string {
  if (daysLate > 0) return `${dayCount(daysLate)} overdue`;
  if (daysLate === 0) return 'due today';
  return `in ${dayCount(-daysLate)}`;
}

/** The review rows of each site built: every page of `/reviews/` and the index read the same list. */
const rowsOfSite = new WeakMap<Site, ReviewRow[]>();

/** Every report awaiting review, as `/reviews/` shows it (worked out once per site). */
export function reviewRows(site: Site): ReviewRow[] {
  let rows = rowsOfSite.get(site);
  if (!rows) {
    rows = awaitingReview(site);
    rowsOfSite.set(site, rows);
  }
  return rows;
}

function awaitingReview(site: Site): ReviewRow[] {
  const rows: ReviewRow[] = [];
  for (const row of site.rows) {
    const report = site.reports.get(row.id);
    if (!report) continue;
    const due = reviewDue(report, site.config);
    if (!due) continue;
    const late = calendarDaysFrom(due.date, site.today);
    const age = Math.max(0, calendarDaysFrom(report.date, site.today));
    rows.push({
      row,
      ageDays: age,
      ageLabel: age === 0 ? 'today' : dayCount(age),
      // Stored reports from before `reviewers` existed have none.
      reviewers: [...(report.reviewers ?? [])],
      due: due.date,
      dueLabel: formatDay(due.date),
      dueState: late > 0 ? 'overdue' : late === 0 ? 'today' : 'upcoming',
      dueText: dueText(late),
      overdueDays: Math.max(0, late),
      deadlineLabel: `${due.severity}: ${dayCount(due.days)} after the incident`,
    });
  }
  // The earliest due date first puts the most overdue at the top, then what is due next.
  return rows.sort((left, right) =>
    left.due < right.due ? -1 : left.due > right.due ? 1 : left.row.id < right.row.id ? -1 : left.row.id > right.row.id ? 1 : 0,
  );
}

/** The URL of page `page` of `/reviews/`. */
function reviewsHref(site: Site, page: number): string {
  return `${site.links.reviews}${pageSuffix(page)}`;
}

/** The pages of `/reviews/`: `listPageSize` reports a page, at least one page. */
export function reviewsPageNumbers(site: Site): number[] {
  return pageNumbers(reviewRows(site).length);
}

/**
 * Everything page `page` of `/reviews/` shows: a list that grows with every draft
 * nobody reviews, so it is paged like the other lists.
 *
 * @param page 1-based
 */
export function reviewsPage(site: Site, page = 1): ReviewsPage {
  const all = reviewRows(site);
  const paging = pagination(all.length, page, (other) => reviewsHref(site, other));
  return {
    rows: pageOf(all, page),
    awaiting: all.length,
    overdue: all.filter((row) => row.dueState === 'overdue').length,
    pagination: paging,
    ...(pageCount(all.length) > 1 ? { rangeLabel: `Reports ${formatCount(paging.from)}–${formatCount(paging.to)} of ${formatCount(all.length)}` } : {}),
    ruleHref: site.links.rule('review-overdue'),
    todayLabel: formatDay(site.today),
  };
}

/** How many reports await review and how many of those are overdue, with the page's link (for the home page). */
export function reviewSummary(site: Site): { awaiting: number; overdue: number; href: string } {
  const rows = reviewRows(site);
  return { awaiting: rows.length, overdue: rows.filter((row) => row.dueState === 'overdue').length, href: site.links.reviews };
}
