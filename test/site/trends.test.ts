/**
 * src/lib/site/trends.ts and line-chart.ts: time to detect and to recover per
 * quarter, and the share of action items done by their due date, as line
 * charts with their tables.
 */
import { describe, expect, test } from 'vitest';
import { lineChart } from '../../src/lib/site/line-chart.ts';
import type { SiteActionItem, SiteReport } from '../../src/lib/site/report.ts';
import { formatQuarter, quarterOf, quarterRange, trendFigures, trendQuarters, trendsPage } from '../../src/lib/site/trends.ts';
import { buildSite } from '../../src/lib/site/site.ts';
import { makeConfig } from '../helpers.ts';

/** A stored report with only what the trends read. */
function stored(id: string, start: string, minutes: { detect?: number; recover?: number }, items: Partial<SiteActionItem>[] = []): SiteReport {
  const at = (offset: number) => new Date(Date.parse(start) + offset * 60_000).toISOString();
  return {
    id,
    title: id,
    severity: 'sev2',
    status: 'reviewed',
    services: ['api'],
    tags: [],
    authors: [],
    summary: '',
    links: { repeatOf: [], repeatedBy: [], related: [], relatedFrom: [], external: [] },
    date: start.slice(0, 10),
    instants: {
      start: at(0),
      ...(minutes.recover !== undefined ? { end: at(minutes.recover) } : {}),
      ...(minutes.detect !== undefined ? { detected: at(minutes.detect) } : {}),
    },
    actionItems: items.map((item, index) => ({ title: `i${index}`, text: `i${index}`, references: [], line: 1, ...item })),
  } as unknown as SiteReport;
}

const verified = (done: boolean, closedAt?: string) =>
  ({ state: done ? 'closed' : 'open', done, verified: true, references: [], ...(closedAt ? { closedAt } : {}) }) as SiteActionItem['tracking'];

describe('quarters', () => {
  test('are written for people and counted without gaps', () => {
    expect([quarterOf('2024-01-31'), quarterOf('2024-04-01'), quarterOf('2024-12-31')]).toEqual(['2024-Q1', '2024-Q2', '2024-Q4']);
    expect(formatQuarter('2024-Q3')).toBe('Q3 2024');
    expect(quarterRange('2023-Q3', '2024-Q2')).toEqual(['2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2']);
  });
});

describe('the trends', () => {
  const reports = [
    stored('a', '2024-01-10T10:00:00Z', { detect: 10, recover: 60 }, [
      { due: '2024-02-01', checked: true, tracking: verified(true, '2024-01-30T12:00:00Z') },
      { due: '2024-02-10', tracking: verified(true, '2024-03-01T12:00:00Z') },
      { due: '2024-02-20', checked: false },
      { due: '2024-02-25', checked: true },
      { due: '2030-01-01', checked: false },
    ]),
    stored('b', '2024-02-10T10:00:00Z', { detect: 30, recover: 120 }),
    stored('c', '2024-08-01T10:00:00Z', { recover: 30 }),
  ];

  test('median and middle half per quarter; items by the quarter of their passed due date', () => {
    const figures = trendFigures(reports, '1970-01-01', '2024-09-01', 'UTC');
    expect(figures.quarters).toEqual(['2024-Q1', '2024-Q2', '2024-Q3']);
    expect(figures.detect.get('2024-Q1')).toMatchObject({ count: 2, median: 20, lowerQuartile: 15, upperQuartile: 25 });
    expect(figures.detect.has('2024-Q3')).toBe(false);
    expect(figures.recover.get('2024-Q3')).toMatchObject({ count: 1, median: 30 });
    // On time, late, not done, and done by the checkbox (no date); the one due in 2030 has not come yet.
    expect(figures.due.get('2024-Q1')).toEqual({ due: 4, onTime: 1, late: 1, notDone: 1, undated: 1 });
  });

  test('as charts with their tables, the share among the items whose fate is known', () => {
    const site = buildSite({ reports, config: makeConfig(), now: new Date('2024-09-01T00:00:00Z') });
    const page = trendsPage(site);
    expect(page.rangeLabel).toBe('Q1 2024 to Q3 2024');
    // Durations keep their words together (no-break spaces).
    expect(page.detect!.rows).toEqual([{ label: 'Q1 2024', cells: ['2', '20\u00a0m', '15\u00a0m to 25\u00a0m'] }]);
    expect(page.recover!.rows.map((row) => row.label)).toEqual(['Q1 2024', 'Q3 2024']);
    // Q2 has no report: the line is broken there.
    expect(page.recover!.geometry.segments).toHaveLength(2);
    expect(page.onTime!.columns).toEqual(['Quarter due', 'On time', 'Late', 'Not done', 'Share on time']);
    expect(page.onTime!.rows).toEqual([{ label: 'Q1 2024', cells: ['1', '1', '1', '33.3%'] }]);
    expect(page.onTime!.undated).toBe(1);
    expect(page.onTime!.description).toContain('latest Q1 2024: 33.3%');
    expect(trendsPage(buildSite({ reports: [], config: makeConfig(), now: new Date() }))).toEqual({ earlier: 0 });
  });

  test('only the latest ten years are drawn', () => {
    const many = Array.from({ length: 60 }, (_, index) =>
      stored(`r${index}`, `${2000 + Math.floor(index / 4)}-${String((index % 4) * 3 + 1).padStart(2, '0')}-15T10:00:00Z`, { recover: 30 }),
    );
    const figures = trendFigures(many, '1970-01-01', '2030-01-01', 'UTC');
    expect(figures.quarters).toHaveLength(trendQuarters);
    expect(figures.earlier).toBe(20);
    expect(figures.quarters[0]).toBe('2005-Q1');
  });
});

describe('a line chart', () => {
  test('breaks its line where a category has no value, and names years on a long axis', () => {
    const chart = lineChart(
      [{ label: 'Q1 2024', value: 10, axisLabel: '2024' }, { label: 'Q2 2024' }, { label: 'Q3 2024', value: 50 }, { label: 'Q4 2024', value: 100 }],
      { width: 400, height: 200, ticks: [0, 50, 100], tickLabel: (value) => `${value}%`, valueLabel: (value) => `${value}%` },
    );
    // `100%` is the longest tick label: 4 characters.
    expect(chart.plot).toEqual({ left: 43, right: 388, top: 12, bottom: 172 });
    expect(chart.segments).toEqual(['86.13,156', '258.63,92 344.88,12']);
    expect(chart.dots.map((dot) => dot.title)).toEqual(['Q1 2024: 10%', 'Q3 2024: 50%', 'Q4 2024: 100%']);
    expect(chart.ticks.map((tick) => [tick.label, tick.position])).toEqual([
      ['0%', 172],
      ['50%', 92],
      ['100%', 12],
    ]);
    expect(chart.categoryLabels).toEqual([{ x: 45, label: '2024', anchor: 'start' }]);
    expect(chart.categoryTicks).toEqual([43]);
  });
});
