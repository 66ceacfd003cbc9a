/**
 * Long lists split into static pages: `/`, `/page/2/`, `/page/3/`… (and the
 * same below a service, a tag, a filter of `/actions/` or `/recurring/`), so no
 * page grows with the archive: with 10,000 reports the index is 100 pages of a
 * hundred rows, each a few dozen kilobytes, instead of one of 10 MB. Pure.
 */

/** How many rows a list page holds: about four screens of the compact tables at 1280 px. */
export const listPageSize = 100;

/** A link to one page of a list. */
export interface PageLink {
  page: number;
  href: string;
  /** The page shown. */
  current: boolean;
}

/** Where a page sits in its list, and the links to the others. */
export interface Pagination {
  /** 1-based. */
  page: number;
  pages: number;
  /** Rows in the whole list. */
  total: number;
  /** The first and last row of this page, 1-based (0 and 0 for an empty list). */
  from: number;
  to: number;
  previous?: string;
  next?: string;
  /** The first and last page, this page and its neighbours, in order; `null` where pages are skipped. */
  links: (PageLink | null)[];
}

/** How many pages a list of `total` rows takes (at least one: an empty list still has its page). */
export function pageCount(total: number, size = listPageSize): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The rows of page `page` (1-based). */
export function pageOf<T>(rows: readonly T[], page: number, size = listPageSize): T[] {
  return rows.slice((page - 1) * size, page * size);
}

/** The page numbers of a list, for `getStaticPaths`: `1`, `2`, … */
export function pageNumbers(total: number, size = listPageSize): number[] {
  return Array.from({ length: pageCount(total, size) }, (_, index) => index + 1);
}

/** The path of page `page` below a list's own path: `''` for the first, `page/2/` for the others. */
export function pageSuffix(page: number): string {
  return page <= 1 ? '' : `page/${page}/`;
}

/** The `[...page]` route parameter of page `page`: `undefined` for the first, `page/2` for the others. */
export function pageParam(page: number): string | undefined {
  return page <= 1 ? undefined : `page/${page}`;
}

/**
 * Where page `page` of a list sits, with links to the pages around it.
 *
 * @param hrefOf the URL of a page of the list (`pageSuffix` below the list's own URL)
 * @param around how many neighbours on each side get a link
 */
export function pagination(total: number, page: number, hrefOf: (page: number) => string, size = listPageSize, around = 2): Pagination {
  const pages = pageCount(total, size);
  const shown = new Set([1, pages]);
  for (let other = page - around; other <= page + around; other++) if (other >= 1 && other <= pages) shown.add(other);
  const links: (PageLink | null)[] = [];
  let previousShown = 0;
  for (const other of [...shown].sort((left, right) => left - right)) {
    if (other - previousShown > 1) links.push(null);
    links.push({ page: other, href: hrefOf(other), current: other === page });
    previousShown = other;
  }
  return {
    page,
    pages,
    total,
    from: total === 0 ? 0 : (page - 1) * size + 1,
    to: Math.min(total, page * size),
    ...(page > 1 ? { previous: hrefOf(page - 1) } : {}),
    ...(page < pages ? { next: hrefOf(page + 1) } : {}),
    links,
  };
}
