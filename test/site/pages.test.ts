/**
 * src/lib/site/pages.ts and report-list.ts: long lists as static pages of a
 * hundred rows, with links between them and to where each year begins.
 */
import { describe, expect, test } from 'vitest';
import { listPageSize, pageCount, pageNumbers, pageOf, pageParam, pageSuffix, pagination } from '../../src/lib/site/pages.ts';
import { formatCount } from '../../src/lib/text.ts';
import { jumpLinkThresholds, reportListPage } from '../../src/lib/site/report-list.ts';
import type { ReportRow } from '../../src/lib/site/site.ts';

const hrefOf = (page: number) => `/docs/${pageSuffix(page)}`;

describe('pages of a list', () => {
  test('a hundred rows a page; an empty list still has its one page', () => {
    expect(listPageSize).toBe(100);
    expect([pageCount(0), pageCount(1), pageCount(100), pageCount(101), pageCount(10_000)]).toEqual([1, 1, 1, 2, 100]);
    expect(pageNumbers(250)).toEqual([1, 2, 3]);
    expect(pageOf([...Array(250).keys()], 3)).toEqual([...Array(50).keys()].map((index) => 200 + index));
    expect([pageSuffix(1), pageSuffix(2)]).toEqual(['', 'page/2/']);
    expect([pageParam(1), pageParam(7)]).toEqual([undefined, 'page/7']);
  });

  test('links the first and last pages, this one and its neighbours, with gaps between', () => {
    const middle = pagination(10_000, 50, hrefOf);
    expect(middle).toMatchObject({ page: 50, pages: 100, from: 4901, to: 5000, previous: '/docs/page/49/', next: '/docs/page/51/' });
    expect(middle.links.map((link) => (link ? `${link.page}${link.current ? '*' : ''}` : '…'))).toEqual(['1', '…', '48', '49', '50*', '51', '52', '…', '100']);
    const first = pagination(250, 1, hrefOf);
    expect(first.previous).toBeUndefined();
    expect(first.links.map((link) => link?.href)).toEqual(['/docs/', '/docs/page/2/', '/docs/page/3/']);
    expect(pagination(0, 1, hrefOf)).toMatchObject({ pages: 1, from: 0, to: 0, links: [{ page: 1, current: true }] });
  });

  test('counts are written the same on every machine', () => {
    expect([formatCount(7), formatCount(1234), formatCount(10_000), formatCount(1_234_567)]).toEqual(['7', '1,234', '10,000', '1,234,567']);
  });
});

/** Rows with only what the list reads. */
function rows(dates: string[]): ReportRow[] {
  return dates.map((date, index) => ({ id: `r${index}`, date }) as ReportRow);
}

describe('a page of a list of reports', () => {
  test('a short list is one page, without links to years', () => {
    const list = reportListPage(rows(['2024-05-02', '2022-09-07', '2022-08-31']), 1, hrefOf);
    expect(list.rows.map((row) => [row.row.id, row.anchor])).toEqual([
      ['r0', 'year-2024'],
      ['r1', 'year-2022'],
      ['r2', undefined],
    ]);
    expect(list.rangeLabel).toBe('3 reports');
    expect(list.years).toEqual([]);
    expect(list.pagination.pages).toBe(1);
  });

  test('a long list links each year to the page and row where it begins', () => {
    // 150 reports in 2024, 100 in 2023, 10 in 2021 and one without a date.
    const dates = [...Array(150).fill('2024-06-01'), ...Array(100).fill('2023-03-01'), ...Array(10).fill('2021-01-01'), 'unknown'];
    const second = reportListPage(rows(dates), 2, hrefOf);
    expect(second.rangeLabel).toBe('Reports 101–200 of 261');
    expect(second.years).toEqual([
      { year: '2024', href: '/docs/#year-2024', count: 150 },
      { year: '2023', href: '/docs/page/2/#year-2023', count: 100 },
      { year: '2021', href: '/docs/page/3/#year-2021', count: 10 },
      { year: 'Date unknown', href: '/docs/page/3/#year-unknown', count: 1 },
    ]);
    expect(second.rows.filter((row) => row.anchor).map((row) => [row.row.id, row.anchor])).toEqual([['r150', 'year-2023']]);
    expect(jumpLinkThresholds).toEqual({ years: 3, reports: 20 });
  });

  test('every page of a list reads a near-linear number of rows in all: a page does not cost the whole list', () => {
    // Each row read is counted; a page that scanned the whole list would make all its pages quadratic.
    const readsForAllPages = (count: number) => {
      const counter = { reads: 0 };
      const list = new Proxy(rows(Array.from({ length: count }, (_, index) => `${2024 - Math.floor(index / 150)}-06-01`)), {
        get(target, key, receiver) {
          counter.reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      for (let page = 1; page <= pageCount(count); page++) reportListPage(list, page, hrefOf);
      return counter.reads;
    };
    const growth = readsForAllPages(4_000) / readsForAllPages(1_000);
    // 4 is linear; scanning the whole list for each page would be 16.
    expect(growth).toBeLessThan(6);
  });
});
