/**
 * src/lib/site/years.ts: long lists of reports grouped by year, with links to
 * each year when the list is long.
 */
import { describe, expect, test } from 'vitest';
import type { ReportRow } from '../../src/lib/site/site.ts';
import { groupByYear, jumpLinkThresholds } from '../../src/lib/site/years.ts';

/** A row with only what grouping reads. */
function row(id: string, date: string): ReportRow {
  return { id, date } as ReportRow;
}

describe('reports by year', () => {
  test('groups newest year first, keeping the rows’ order within a year', () => {
    const rows = [row('c', '2024-03-01'), row('b', '2024-01-05'), row('a', '2022-12-31')];
    const { groups, jumpLinks } = groupByYear(rows);
    expect(groups.map((group) => [group.year, group.id, group.countLabel, group.rows.map((one) => one.id)])).toEqual([
      ['2024', 'year-2024', '2 reports', ['c', 'b']],
      ['2022', 'year-2022', '1 report', ['a']],
    ]);
    expect(jumpLinks).toBe(false);
  });

  test('a year is one group even when instants across midnight interleave the dates', () => {
    // Sorted by instant: 2024-01-01 00:10 +01:00 is before 2023-12-31 23:50 −05:00.
    const rows = [row('late-in-new-york', '2023-12-31'), row('early-in-paris', '2024-01-01'), row('older', '2023-06-01')];
    expect(groupByYear(rows).groups.map((group) => [group.year, group.rows.map((one) => one.id)])).toEqual([
      ['2024', ['early-in-paris']],
      ['2023', ['late-in-new-york', 'older']],
    ]);
  });

  test('links to each year only on long lists over several years', () => {
    const many = Array.from({ length: jumpLinkThresholds.reports }, (_, index) => row(`r${index}`, `${2020 + (index % jumpLinkThresholds.years)}-05-01`));
    expect(groupByYear(many).jumpLinks).toBe(true);
    expect(groupByYear(many.slice(1)).jumpLinks).toBe(false);
    expect(groupByYear(many.map((one) => row(one.id, '2024-05-01'))).jumpLinks).toBe(false);
    expect(groupByYear([])).toEqual({ groups: [], jumpLinks: false });
  });
});
