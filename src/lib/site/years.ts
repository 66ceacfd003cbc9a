/**
 * Lists of reports grouped by year, newest year first: with hundreds of reports
 * the index is one long page, and the years (with a link to each at the top)
 * are what a reader scans it by. Pure: rows in, groups out.
 */
import type { ReportRow } from './site.ts';

/** The reports of one year. */
export interface YearGroup {
  /** `2024`, or `Date unknown` for rows without a valid date. */
  year: string;
  /** The section's fragment id (`year-2024`). */
  id: string;
  /** `1 report`, `42 reports`. */
  countLabel: string;
  /** In the order given (newest first). */
  rows: ReportRow[];
}

/** Reports grouped by year, as the index, service and tag pages show them. */
export interface YearGroups {
  groups: YearGroup[];
  /**
   * Whether to show links to each year above the lists: when there are enough
   * years and reports that scrolling to one is tedious.
   */
  jumpLinks: boolean;
}

/** The least number of years, and of reports, for which the page links to each year. */
export const jumpLinkThresholds = { years: 3, reports: 20 };

/**
 * Groups rows by the year of their date, newest year first; rows keep their
 * order within a year. (Rows are sorted by instant, so a report just after
 * midnight in one zone can come before one just before midnight in another: a
 * year is still one group.)
 */
export function groupByYear(rows: readonly ReportRow[]): YearGroups {
  const byYear = new Map<string, ReportRow[]>();
  for (const row of rows) {
    const year = /^\d{4}/.exec(row.date)?.[0] ?? 'Date unknown';
    const members = byYear.get(year);
    if (members) members.push(row);
    else byYear.set(year, [row]);
  }
  // Years newest first; rows without a date last.
  const years = [...byYear.keys()].sort((left, right) => (left === 'Date unknown' ? 1 : right === 'Date unknown' ? -1 : right.localeCompare(left)));
  const groups = years.map((year) => {
    const members = byYear.get(year)!;
    return {
      year,
      id: year === 'Date unknown' ? 'year-unknown' : `year-${year}`,
      countLabel: `${members.length} ${members.length === 1 ? 'report' : 'reports'}`,
      rows: members,
    };
  });
  return { groups, jumpLinks: groups.length >= jumpLinkThresholds.years && rows.length >= jumpLinkThresholds.reports };
}
