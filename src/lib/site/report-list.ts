/**
 * The lists of reports (the index, a service's, a tag's) as compact tables,
 * a page of `listPageSize` rows at a time, newest first, with links to the
 * page where each year begins. Pure: rows in, one page's view out.
 */
import { pageCount, pageOf, pagination, type Pagination, listPageSize } from './pages.ts';
import { formatCount } from '../text.ts';
import type { ReportRow } from './site.ts';

/** The least number of years, and of reports, for which a list links to where each year begins. */
export const jumpLinkThresholds = { years: 3, reports: 20 };

/** A row of the table, with the fragment id that starts its year. */
export interface ReportTableRow {
  row: ReportRow;
  /** `year-2021` on the newest report of a year, the target of that year's link. */
  anchor?: string;
}

/** A link to the page (and row) where a year's reports begin. */
export interface YearLink {
  year: string;
  href: string;
  /** Reports in that year, in the whole list. */
  count: number;
}

/** One page of a list of reports. */
export interface ReportListPage {
  rows: ReportTableRow[];
  pagination: Pagination;
  /** `Reports 101–200 of 10,000`, or `3 reports` when the list fits on one page. */
  rangeLabel: string;
  /** Empty when the list is short (see `jumpLinkThresholds`). */
  years: YearLink[];
}

/** The year of a row's date (`Date unknown` when it has none). */
function yearOf(row: ReportRow): string {
  return /^\d{4}/.exec(row.date)?.[0] ?? 'Date unknown';
}

function anchorOf(year: string): string {
  return year === 'Date unknown' ? 'year-unknown' : `year-${year}`;
}

/** Where each year of a list begins, and how many reports it has. */
interface ListYears {
  firstOfYear: Map<string, number>;
  counts: Map<string, number>;
}

/** Each list's years, worked out once: every page of a list asks, and a page must not cost the whole list (10,000 reports make 100 pages). */
const yearsOfList = new WeakMap<readonly ReportRow[], ListYears>();

function yearsOf(rows: readonly ReportRow[]): ListYears {
  const known = yearsOfList.get(rows);
  if (known) return known;
  const years: ListYears = { firstOfYear: new Map(), counts: new Map() };
  rows.forEach((row, index) => {
    const year = yearOf(row);
    if (!years.firstOfYear.has(year)) years.firstOfYear.set(year, index);
    years.counts.set(year, (years.counts.get(year) ?? 0) + 1);
  });
  yearsOfList.set(rows, years);
  return years;
}

/**
 * One page of a list of reports.
 *
 * @param rows the whole list, newest first
 * @param page 1-based
 * @param hrefOf the URL of a page of this list
 */
export function reportListPage(rows: readonly ReportRow[], page: number, hrefOf: (page: number) => string, size = listPageSize): ReportListPage {
  const { firstOfYear, counts } = yearsOf(rows);
  const anchors = new Map([...firstOfYear].map(([year, index]) => [index, anchorOf(year)]));
  const offset = (page - 1) * size;
  const shown = pageOf(rows, page, size).map((row, index) => {
    const anchor = anchors.get(offset + index);
    return anchor ? { row, anchor } : { row };
  });
  const jump = firstOfYear.size >= jumpLinkThresholds.years && rows.length >= jumpLinkThresholds.reports;
  const years = jump
    ? [...firstOfYear]
        // Newest year first; rows without a date last.
        .sort(([left], [right]) => (left === 'Date unknown' ? 1 : right === 'Date unknown' ? -1 : right.localeCompare(left)))
        .map(([year, index]) => ({ year, href: `${hrefOf(Math.floor(index / size) + 1)}#${anchorOf(year)}`, count: counts.get(year)! }))
    : [];
  const paging = pagination(rows.length, page, hrefOf, size);
  const rangeLabel =
    pageCount(rows.length, size) === 1
      ? `${formatCount(rows.length)} ${rows.length === 1 ? 'report' : 'reports'}`
      : `Reports ${formatCount(paging.from)}–${formatCount(paging.to)} of ${formatCount(rows.length)}`;
  return { rows: shown, pagination: paging, rangeLabel, years };
}
