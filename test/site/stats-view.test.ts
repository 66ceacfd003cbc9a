/**
 * src/lib/site/stats-view.ts: what `/stats/` shows (tables, descriptions) and the
 * chart geometry drawn as inline SVG, against values worked out by hand, for the
 * sample reports (postmortems/) and for a fixture corpus. The statistics
 * themselves are tested in test/lib/stats.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createLinks } from '../../src/lib/site/links.ts';
import {
  barChart,
  boxPlot,
  columnChart,
  countTicks,
  durationTicks,
  fitLabel,
  monthPoints,
  formatMinutes,
  formatMonth,
  formatShare,
  shareBar,
  statisticsJson,
  statsPage,
} from '../../src/lib/site/stats-view.ts';
import { corpusStatistics } from '../../src/lib/stats.ts';
import { statsFixtureFiles } from '../fixtures/stats/corpus.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();
const links = createLinks('/docs/', { services: new Map(), tags: new Map() });

function sampleStatistics() {
  const folder = new URL('../../postmortems/', import.meta.url);
  const files = Object.fromEntries(
    readdirSync(folder)
      .filter((name) => name.endsWith('.md') && !name.startsWith('_'))
      .map((name) => [`postmortems/${name}`, readFileSync(new URL(name, folder), 'utf8')]),
  );
  return corpusStatistics(parseFiles(files, config), config);
}

/** The statistics of the fixture corpus that test/lib/stats.test.ts works out by hand. */
function fixtureStatistics() {
  return corpusStatistics(parseFiles(statsFixtureFiles, config), config);
}

/** A table as [label, ...cells] rows. */
function table(rows: { label: string; cells: string[] }[]): string[][] {
  return rows.map((row) => [row.label, ...row.cells]);
}

describe('/stats/ for the sample reports', () => {
  const page = statsPage(sampleStatistics(), links);

  test('counts two reports over two months', () => {
    expect(page.reports).toBe(2);
    expect(page.rangeLabel).toBe('Aug 2022 to Sep 2022');
    expect(table(page.perMonth.rows)).toEqual([
      ['Aug 2022', '1'],
      ['Sep 2022', '1'],
    ]);
  });

  test('shows the duration as a distribution: 145 and 323 minutes, quartiles 189.5 and 278.5', () => {
    // 08:40 → 11:05 is 145 minutes; 05:25 → 10:48 is 323. Quartiles: 145 + 0.25 · 178 = 189.5, 234, 278.5.
    expect(page.duration!.columns).toEqual(['Figure', 'Duration', 'Minutes']);
    expect(table(page.duration!.rows)).toEqual([
      ['Minimum', '2 h 25 m', '145'],
      ['Lower quartile (25%)', '3 h 9 m', '189.5'],
      ['Median', '3 h 54 m', '234'],
      ['Upper quartile (75%)', '4 h 38 m', '278.5'],
      ['Maximum', '5 h 23 m', '323'],
    ]);
    expect(page.duration!.medianLabel).toBe('3 h 54 m');
    expect(page.duration!.description).toBe(
      'How long incidents lasted over 2 reports: median 3 h 54 m; half of them between 3 h 9 m and 4 h 38 m; shortest 2 h 25 m, longest 5 h 23 m.',
    );
  });

  test('shows time to detect: 22 and 102 minutes', () => {
    expect(table(page.timeToDetect!.rows)).toEqual([
      ['Minimum', '22 m', '22'],
      ['Lower quartile (25%)', '42 m', '42'],
      ['Median', '1 h 2 m', '62'],
      ['Upper quartile (75%)', '1 h 22 m', '82'],
      ['Maximum', '1 h 42 m', '102'],
    ]);
  });

  test('by service, by severity (zeros included, configured order) and the repeat share', () => {
    expect(table(page.byService.rows)).toEqual([['utoronto-hub', '2']]);
    expect(table(page.bySeverity.rows)).toEqual([
      ['sev1', '0'],
      ['sev2', '2'],
      ['sev3', '0'],
      ['sev4', '0'],
    ]);
    expect(page.repeats).toMatchObject({ repeats: 1, total: 2, shareLabel: '50%' });
    expect(table(page.repeats.rows)).toEqual([
      ['Repeats of an earlier incident', '1', '50%'],
      ['First occurrences', '1', '50%'],
      ['All reports', '2', '100%'],
    ]);
    expect(page.jsonHref).toBe('/docs/stats.json');
    expect(page.recurringHref).toBe('/docs/recurring/');
  });
});

describe('/stats/ for a fixture corpus', () => {
  const page = statsPage(fixtureStatistics(), links);

  test('months with no incident are shown as 0', () => {
    expect(table(page.perMonth.rows)).toEqual([
      ['Jan 2024', '2'],
      ['Feb 2024', '0'],
      ['Mar 2024', '2'],
      ['Apr 2024', '0'],
      ['May 2024', '1'],
    ]);
    expect(page.perMonth.description).toBe('5 incidents over 5 months, Jan 2024 to May 2024; most in Jan 2024 (2), Mar 2024 (2).');
  });

  test('durations 30, 60, 60 (across the DST change) and 480 minutes; the ongoing one is left out', () => {
    // h = 0.75: 30 + 0.75 · 30 = 52.5; h = 1.5: 60; h = 2.25: 60 + 0.25 · 420 = 165.
    expect(table(page.duration!.rows)).toEqual([
      ['Minimum', '30 m', '30'],
      ['Lower quartile (25%)', '52 m', '52.5'],
      ['Median', '1 h', '60'],
      ['Upper quartile (75%)', '2 h 45 m', '165'],
      ['Maximum', '8 h', '480'],
    ]);
    expect(page.ongoing).toBe(1);
  });

  test('time to detect 5, 10, 20 and 30 minutes', () => {
    // h = 0.75: 5 + 0.75 · 5 = 8.75 (8.8 to one decimal); h = 1.5: 15; h = 2.25: 20 + 0.25 · 10 = 22.5.
    expect(table(page.timeToDetect!.rows)).toEqual([
      ['Minimum', '5 m', '5'],
      ['Lower quartile (25%)', '8 m', '8.8'],
      ['Median', '15 m', '15'],
      ['Upper quartile (75%)', '22 m', '22.5'],
      ['Maximum', '30 m', '30'],
    ]);
  });

  test('services most first, severities in order, 2 repeats of 5 reports', () => {
    expect(table(page.byService.rows)).toEqual([
      ['api', '3'],
      ['db', '2'],
      ['web', '1'],
    ]);
    expect(page.byService.description).toBe('3 services; most incidents: api (3).');
    expect(table(page.bySeverity.rows)).toEqual([
      ['sev1', '1'],
      ['sev2', '3'],
      ['sev3', '1'],
      ['sev4', '0'],
    ]);
    expect(page.repeats.shareLabel).toBe('40%');
    expect(page.repeats.description).toBe('2 of 5 reports (40%) repeat an earlier incident; 3 are first occurrences.');
  });

  test('the column chart of months: columns to scale, empty months without a column or label', () => {
    const chart = page.perMonth.geometry;
    expect(chart.plot).toEqual({ left: 40, right: 392, top: 16, bottom: 172 });
    expect(chart.ticks).toEqual([
      { position: 172, value: 0, label: '0' },
      { position: 94, value: 1, label: '1' },
      { position: 16, value: 2, label: '2' },
    ]);
    // 352 units for 5 months: slots of 70.4; columns at most 48 wide, centred in their slot (11.2 either side).
    expect(chart.columns.map((column) => [column.x, column.y, column.width, column.height])).toEqual([
      [51.2, 16, 48, 156],
      [121.6, 172, 48, 0],
      [192, 16, 48, 156],
      [262.4, 172, 48, 0],
      [332.8, 94, 48, 78],
    ]);
    expect(chart.columns.map((column) => column.valueLabel)).toEqual([{ x: 75.2, y: 12 }, undefined, { x: 216, y: 12 }, undefined, { x: 356.8, y: 90 }]);
    expect(chart.categoryLabels.map((label) => [label.x, label.label])).toEqual([
      [75.2, 'Jan 2024'],
      [145.6, 'Feb 2024'],
      [216, 'Mar 2024'],
      [286.4, 'Apr 2024'],
      [356.8, 'May 2024'],
    ]);
  });

  test('the box plot of durations: x = 16 + 360 · minutes / 480', () => {
    const plot = page.duration!.geometry;
    expect([plot.minimum, plot.lowerQuartile, plot.median, plot.upperQuartile, plot.maximum]).toEqual([38.5, 55.38, 61, 139.75, 376]);
    expect(plot.ticks.map((tick) => [tick.position, tick.label])).toEqual([
      [16, '0'],
      [106, '2 h'],
      [196, '4 h'],
      [286, '6 h'],
      [376, '8 h'],
    ]);
    expect(plot.medianLabel).toMatchObject({ x: 61, text: 'median 1 h', anchor: 'start' });
  });

  test('the bar chart of services: the longest bar fills the plot, the others to scale', () => {
    const chart = page.byService.geometry;
    expect(chart.plot).toMatchObject({ left: 130, right: 360 });
    expect(chart.bars.map((bar) => [bar.label, bar.width, bar.y, bar.valuePosition.x])).toEqual([
      ['api', 230, 9.04, 366],
      ['db', 153.33, 37.04, 289.33],
      ['web', 76.67, 65.04, 212.67],
    ]);
    expect(chart.bars.map((bar) => bar.labelPosition)).toEqual([
      { x: 122, y: 18 },
      { x: 122, y: 46 },
      { x: 122, y: 74 },
    ]);
    expect(chart.height).toBe(92);
  });
});

describe('chart geometry', () => {
  test('count ticks are whole, round and reach the maximum', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(2)).toEqual([0, 1, 2]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(10)).toEqual([0, 5, 10]);
    expect(countTicks(37)).toEqual([0, 10, 20, 30, 40]);
  });

  test('duration ticks fall on round minutes, hours and days', () => {
    expect(durationTicks(323)).toEqual([0, 120, 240, 360]);
    expect(durationTicks(102)).toEqual([0, 30, 60, 90, 120]);
    expect(durationTicks(40)).toEqual([0, 10, 20, 30, 40]);
    // Three days: 720-minute steps would make six, so whole days.
    expect(durationTicks(3 * 1440)).toEqual([0, 1440, 2880, 4320]);
    // A hundred days: steps of 30 days.
    expect(durationTicks(100 * 1440)).toEqual([0, 43200, 86400, 129600, 172800]);
    // Past the largest round step: multiples of 30 days, still at most six ticks.
    expect(durationTicks(1000 * 1440)).toHaveLength(6);
    expect(durationTicks(0.5)).toEqual([0, 1]);
  });

  test('a column chart with many months labels every n-th and leaves narrow columns unlabelled', () => {
    const points = Array.from({ length: 24 }, (_, index) => ({ label: `m${index}`, value: index % 3 }));
    const chart = columnChart(points);
    // Slots of 352 / 24 ≈ 14.67 units; a label needs 68, so every 5th month is named.
    expect(chart.categoryLabels.map((label) => label.label)).toEqual(['m0', 'm5', 'm10', 'm15', 'm20']);
    expect(chart.columns.every((column) => column.valueLabel === undefined)).toBe(true);
    expect(columnChart([]).columns).toEqual([]);
    // Columns in narrow slots keep a gap: 14.67 − 20% of it.
    expect(chart.columns[0]!.width).toBe(11.73);
    // One month is a column of the widest width, in the middle: 40 + (352 − 48) / 2.
    expect(columnChart([{ label: 'Mar 2024', value: 1 }]).columns[0]).toMatchObject({ x: 192, width: 48, y: 16, height: 156 });
  });

  test('over more than two years of months, the axis names each year at its January', () => {
    const perMonth = Array.from({ length: 83 }, (_, index) => {
      const month = 2 + index; // from Mar 2019 (month 2, zero-based) to Jan 2026
      return { month: `${2019 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`, count: index % 4 };
    });
    const points = monthPoints(perMonth);
    expect(points[0]).toEqual({ label: 'Mar 2019', value: 0, axisLabel: '2019' });
    expect(points.filter((point) => point.axisLabel).map((point) => point.label)).toEqual([
      'Mar 2019',
      'Jan 2020',
      'Jan 2021',
      'Jan 2022',
      'Jan 2023',
      'Jan 2024',
      'Jan 2025',
      'Jan 2026',
    ]);
    const chart = columnChart(points);
    const slot = 352 / 83;
    // A mark where each year begins, the year just right of it; no two labels overlap.
    expect(chart.categoryTicks).toEqual([0, 10, 22, 34, 46, 58, 70, 82].map((index) => Math.round((40 + index * slot) * 100) / 100));
    expect(chart.categoryLabels.map((label) => [label.label, label.anchor])).toEqual(
      ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'].map((year) => [year, 'start']),
    );
    expect(chart.categoryLabels[1]!.x).toBe(Math.round((40 + 10 * slot + 2) * 100) / 100);
    for (let index = 1; index < chart.categoryLabels.length; index++) {
      expect(chart.categoryLabels[index]!.x - chart.categoryLabels[index - 1]!.x).toBeGreaterThanOrEqual(4 * 7.6 + 8);
    }
    // Two years or less: months, as before; a first year starting after July is not named before its January.
    expect(monthPoints(perMonth.slice(0, 24)).some((point) => point.axisLabel)).toBe(false);
    expect(
      monthPoints(perMonth.slice(6))
        .filter((point) => point.axisLabel)
        .map((point) => point.label)[0],
    ).toBe('Jan 2020');
  });

  test('twenty years of months name as many years as fit, never overlapping', () => {
    const perMonth = Array.from({ length: 240 }, (_, index) => ({
      month: `${2000 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`,
      count: 1,
    }));
    const chart = columnChart(monthPoints(perMonth));
    expect(chart.categoryTicks).toHaveLength(20);
    expect(chart.categoryLabels.length).toBeLessThan(20);
    expect(chart.categoryLabels[0]!.label).toBe('2000');
    for (let index = 1; index < chart.categoryLabels.length; index++) {
      expect(chart.categoryLabels[index]!.x - chart.categoryLabels[index - 1]!.x).toBeGreaterThanOrEqual(4 * 7.6 + 8);
    }
  });

  test('a bar chart makes room for long names (up to a limit), growing wider so the bars keep their length', () => {
    const short = barChart([{ label: 'api', value: 2 }]);
    expect([short.width, short.plot.left, short.plot.right]).toEqual([400, 130, 360]);
    const long = barChart([
      { label: 'kubernetes-platform', value: 2 },
      { label: 'api', value: 1 },
    ]);
    // 19 characters: 19 · 7.6 + 12 = 156.4, rounded up.
    expect([long.width, long.plot.left, long.plot.right]).toEqual([427, 157, 387]);
    expect(long.bars.map((bar) => bar.shownLabel)).toEqual(['kubernetes-platform', 'api']);
    expect(long.bars[0]!.width).toBe(short.bars[0]!.width);
    const longest = barChart([{ label: 'customer-notifications-delivery-pipeline', value: 1 }]);
    expect([longest.width, longest.plot.left]).toEqual([470, 200]);
    expect(longest.bars[0]!.shownLabel).toBe('customer-notifications-…');
    // A width given by the caller still wins.
    expect(barChart([{ label: 'kubernetes-platform', value: 2 }], { labelWidth: 80 }).plot.left).toBe(80);
  });

  test('a box plot of one value is a line; a bar chart of zeros draws no bar', () => {
    const single = boxPlot({ count: 1, minimum: 42, lowerQuartile: 42, median: 42, upperQuartile: 42, maximum: 42 });
    expect(new Set([single.minimum, single.lowerQuartile, single.median, single.upperQuartile, single.maximum]).size).toBe(1);
    expect(barChart([{ label: 'sev1', value: 0 }]).bars[0]!.width).toBe(0);
  });

  test('the share bar splits its width in proportion, and is all "rest" with no reports', () => {
    expect(shareBar(1, 3)).toMatchObject({ part: { x: 1, width: 132.67 }, rest: { x: 133.67, width: 265.33 } });
    expect(shareBar(0, 0)).toMatchObject({ part: { width: 0 }, rest: { width: 398 } });
  });

  test('labels too long for the room are shortened; the table has them whole', () => {
    expect(fitLabel('utoronto-hub', 118)).toBe('utoronto-hub');
    expect(fitLabel('a-very-long-service-name-indeed', 118)).toBe('a-very-long-se…');
  });

  test('months, shares and minutes are written for people', () => {
    expect(formatMonth('2022-08')).toBe('Aug 2022');
    expect([0, 0.5, 1 / 3, 2 / 3, 1].map(formatShare)).toEqual(['0%', '50%', '33.3%', '66.7%', '100%']);
    expect([145, 189.5, 8.75, 1 / 3].map(formatMinutes)).toEqual(['145', '189.5', '8.8', '0.3']);
  });
});

describe('an empty corpus', () => {
  test('has no month, no distribution, every severity at 0 and a 0% repeat share', () => {
    const page = statsPage(corpusStatistics([], config), links);
    expect(page.reports).toBe(0);
    expect(page.rangeLabel).toBeUndefined();
    expect(page.perMonth.rows).toEqual([]);
    expect(page.duration).toBeUndefined();
    expect(page.timeToDetect).toBeUndefined();
    expect(page.byService.rows).toEqual([]);
    expect(page.repeats.shareLabel).toBe('0%');
  });
});

describe('/stats.json', () => {
  test("is the statistics object as is, indented, keys in the statistics module's order", () => {
    const statistics = fixtureStatistics();
    const json = statisticsJson(statistics);
    expect(JSON.parse(json)).toEqual(statistics);
    expect(json.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(json))).toEqual([
      'reports',
      'incidentsPerMonth',
      'durationMinutes',
      'ongoing',
      'timeToDetectMinutes',
      'byService',
      'bySeverity',
      'repeats',
    ]);
    expect(statisticsJson(fixtureStatistics())).toBe(json);
  });
});
