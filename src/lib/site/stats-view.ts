/**
 * `/stats/` as data: the figures of `corpusStatistics()` laid out as charts
 * (inline SVG drawn at build time, so the page needs no script) and as tables
 * (the same figures for screen readers and for copying).
 *
 * Only geometry and text are computed here: coordinates in SVG user units,
 * rounded to two decimals so that every build writes the same bytes. The chart
 * components draw these shapes and nothing else.
 */
import type { CorpusStatistics, Distribution } from '../stats.ts';
import { characterWidth, countTicks, durationTicks, fitLabel, formatMinutes, formatMinutesDuration, formatShare, round, type Tick } from './chart-scale.ts';
import type { Links } from './links.ts';

// The shared scales, for the chart components and the tests that import them from here.
export { countTicks, durationTicks, fitLabel, formatMinutes, formatMinutesDuration, formatShare, type Tick };

/** One column of a column chart (months along the bottom, counts upwards). */
export interface Column {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Its category (`Aug 2022`). */
  label: string;
  value: number;
  /** Where the value is written above the column; absent when the column is empty or too narrow for text. */
  valueLabel?: { x: number; y: number };
}

/** A vertical column chart. */
export interface ColumnChart {
  width: number;
  height: number;
  /** The plot area: the axes meet at (`left`, `bottom`). */
  plot: { left: number; right: number; top: number; bottom: number };
  columns: Column[];
  /** Counts up the left side; `position` is a y coordinate. */
  ticks: Tick[];
  /**
   * Category labels under the axis: every one, or every n-th when they would
   * not fit (centred under their column); or, when points carry an axis label
   * (the year, on a chart of many months), those, starting at their column's
   * left edge, as many as fit.
   */
  categoryLabels: { x: number; label: string; anchor: 'middle' | 'start' }[];
  /** x coordinates of short marks under the axis where an axis label's category begins (the first month of a year). */
  categoryTicks: number[];
}

/** One bar of a horizontal bar chart. */
export interface Bar {
  /** Top of the bar. */
  y: number;
  height: number;
  /** The bar's length (it starts at `BarChart.plot.left`). */
  width: number;
  label: string;
  /** The label as drawn: shortened with an ellipsis when it would not fit left of the bars (the table has it whole). */
  shownLabel: string;
  value: number;
  /** Where the category name is written (right-aligned, left of the plot). */
  labelPosition: { x: number; y: number };
  /** Where the value is written, right of the bar. */
  valuePosition: { x: number; y: number };
}

/** A horizontal bar chart: one row per category. */
export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: Bar[];
}

/** A box plot of a five-number summary along a duration axis (minutes). */
export interface BoxPlot {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** x coordinates of the five numbers. */
  minimum: number;
  lowerQuartile: number;
  median: number;
  upperQuartile: number;
  maximum: number;
  /** The box's vertical extent; whiskers are drawn at its middle. */
  box: { top: number; bottom: number; middle: number };
  /** The median's label, written above the box. */
  medianLabel: { x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end' };
  /** Along the bottom; `position` is an x coordinate. */
  ticks: Tick[];
}

/** A share of the whole as one stacked bar of two parts. */
export interface ShareBar {
  width: number;
  height: number;
  /** The part (repeats), drawn hatched so that it does not depend on colour. */
  part: { x: number; width: number };
  /** The rest (first occurrences). */
  rest: { x: number; width: number };
  barTop: number;
  barHeight: number;
}

/** A row of a chart's data table. */
export interface TableRow {
  label: string;
  /** The cells after the label, as shown. */
  cells: string[];
}

/** A chart with what describes it and the table of its figures. */
export interface ChartView<Geometry> {
  /** Prefix of the SVG's `<title>` / `<desc>` ids; unique on the page. */
  id: string;
  /** The chart's accessible name (its `<title>`). */
  title: string;
  /** What the chart shows, in words (its `<desc>`): the figures a sighted reader would take from it. */
  description: string;
  geometry: Geometry;
  /** Column headings of the data table, the label column first. */
  columns: string[];
  rows: TableRow[];
}

/** A distribution (duration, time to detect) as `/stats/` shows it. */
export interface DistributionView extends ChartView<BoxPlot> {
  /** How many reports it is computed from. */
  count: number;
  /** `3 h 54 m`. */
  medianLabel: string;
}

/** Everything `/stats/` shows. */
export interface StatsPage {
  /** Reports counted. */
  reports: number;
  /** `Aug 2022 to Sep 2022`, when there are reports. */
  rangeLabel?: string;
  perMonth: ChartView<ColumnChart>;
  /** Absent when no report gives both impact start and end. */
  duration?: DistributionView;
  /** Reports whose impact has no end yet (left out of the duration figures). */
  ongoing: number;
  /** Absent when no report gives both impact start and `detected`. */
  timeToDetect?: DistributionView;
  byService: ChartView<BarChart>;
  bySeverity: ChartView<BarChart>;
  repeats: ChartView<ShareBar> & { repeats: number; total: number; shareLabel: string };
  /** `/stats.json`. */
  jsonHref: string;
  /** `/recurring/`. */
  recurringHref: string;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2022-08` → `Aug 2022`. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return `${monthNames[Number(match[2]) - 1] ?? match[2]} ${match[1]}`;
}

/** Layout of a column chart. */
export interface ColumnChartOptions {
  width?: number;
  height?: number;
  /** Narrowest column that still gets its value written above it. */
  minimumLabelledWidth?: number;
  /** Room for one category label under the axis, in SVG units. */
  categoryLabelWidth?: number;
  /** The widest a column gets (a chart of one or two months would otherwise be a block). */
  maximumColumnWidth?: number;
}

/** A point of a column chart: its category, its count and, optionally, the label that marks where a larger unit begins. */
export interface ColumnPoint {
  label: string;
  value: number;
  /** Written under the axis instead of the category labels (`2024` at January), when any point has one. */
  axisLabel?: string;
}

/** A column chart of counts per category, the value axis starting at 0. */
export function columnChart(points: readonly ColumnPoint[], options: ColumnChartOptions = {}): ColumnChart {
  const { width = 400, height = 200, minimumLabelledWidth = 14, categoryLabelWidth = 68, maximumColumnWidth = 48 } = options;
  const plot = { left: 40, right: width - 8, top: 16, bottom: height - 28 };
  const ticks = countTicks(Math.max(0, ...points.map((point) => point.value)));
  const top = ticks.at(-1)!;
  const y = (value: number) => round(plot.bottom - ((plot.bottom - plot.top) * value) / top);
  const slot = points.length === 0 ? 0 : (plot.right - plot.left) / points.length;
  const gap = Math.min(8, slot * 0.2);
  const every = Math.max(1, Math.ceil(categoryLabelWidth / Math.max(slot, 1)));
  const columns = points.map((point, index): Column => {
    const columnWidth = round(Math.min(slot - gap, maximumColumnWidth));
    const x = round(plot.left + index * slot + (slot - columnWidth) / 2);
    const columnTop = y(point.value);
    return {
      x,
      y: columnTop,
      width: columnWidth,
      height: round(plot.bottom - columnTop),
      label: point.label,
      value: point.value,
      ...(point.value > 0 && columnWidth >= minimumLabelledWidth ? { valueLabel: { x: round(x + columnWidth / 2), y: round(columnTop - 4) } } : {}),
    };
  });
  const marked = points.some((point) => point.axisLabel !== undefined);
  const categoryLabels: ColumnChart['categoryLabels'] = [];
  const categoryTicks: number[] = [];
  if (marked) {
    // Each label starts at its category's left edge; one that would run into the previous label is left out.
    let free = -Infinity;
    points.forEach((point, index) => {
      if (point.axisLabel === undefined) return;
      const x = round(plot.left + index * slot);
      categoryTicks.push(x);
      if (x < free) return;
      // Just right of the mark, so the mark reads as where the year begins.
      categoryLabels.push({ x: round(x + 2), label: point.axisLabel, anchor: 'start' });
      free = x + [...point.axisLabel].length * characterWidth + 8;
    });
  } else {
    points.forEach((point, index) => {
      if (index % every === 0) categoryLabels.push({ x: round(plot.left + (index + 0.5) * slot), label: point.label, anchor: 'middle' });
    });
  }
  return {
    width,
    height,
    plot,
    columns,
    ticks: ticks.map((value) => ({ position: y(value), value, label: String(value) })),
    categoryLabels,
    categoryTicks,
  };
}

/** Layout of a horizontal bar chart. */
export interface BarChartOptions {
  width?: number;
  /** Height of one row (bar and its gap). */
  rowHeight?: number;
  /**
   * Room for the category names, left of the bars. By default 130 units, more
   * (up to 200, the chart growing wider by as much) when the longest name needs it.
   */
  labelWidth?: number;
}

/** The default and the widest room for the names of a bar chart, in SVG units. */
const barLabelWidth = { minimum: 130, maximum: 200 };

/** A horizontal bar chart of counts, longest bar = largest count; a row per category, in the given order. */
export function barChart(points: readonly { label: string; value: number }[], options: BarChartOptions = {}): BarChart {
  const longest = Math.max(0, ...points.map((point) => [...point.label].length));
  const needed = Math.ceil(longest * characterWidth + 12);
  const labelWidth = options.labelWidth ?? Math.min(barLabelWidth.maximum, Math.max(barLabelWidth.minimum, needed));
  // The bars keep their length whatever the names need: the chart grows instead.
  const { width = 400 + labelWidth - barLabelWidth.minimum, rowHeight = 28 } = options;
  // The value is written right of the bar: keep room for a few digits.
  const plot = { left: labelWidth, right: width - 40, top: 4, bottom: 4 + points.length * rowHeight };
  const maximum = Math.max(1, ...points.map((point) => point.value));
  const barHeight = round(rowHeight * 0.64);
  const bars = points.map((point, index): Bar => {
    const rowTop = plot.top + index * rowHeight;
    const length = round(((plot.right - plot.left) * point.value) / maximum);
    const middle = round(rowTop + rowHeight / 2);
    return {
      y: round(rowTop + (rowHeight - barHeight) / 2),
      height: barHeight,
      width: length,
      label: point.label,
      shownLabel: fitLabel(point.label, labelWidth - 12),
      value: point.value,
      labelPosition: { x: plot.left - 8, y: middle },
      valuePosition: { x: round(plot.left + length + 6), y: middle },
    };
  });
  return { width, height: plot.bottom + 4, plot, bars };
}

/** Layout of a box plot. */
export interface BoxPlotOptions {
  width?: number;
  height?: number;
}

/** A box plot of a distribution of minutes, on an axis from 0 with round duration ticks. */
export function boxPlot(distribution: Distribution, options: BoxPlotOptions = {}): BoxPlot {
  const { width = 400, height = 110 } = options;
  const plot = { left: 16, right: width - 24, top: 8, bottom: height - 28 };
  const ticks = durationTicks(distribution.maximum);
  const top = ticks.at(-1)!;
  const x = (minutes: number) => round(plot.left + ((plot.right - plot.left) * minutes) / top);
  const box = { top: 40, bottom: 76, middle: 58 };
  const median = x(distribution.median);
  // Keep the label inside the drawing near either end.
  const anchor = median < plot.left + 60 ? 'start' : median > plot.right - 60 ? 'end' : 'middle';
  return {
    width,
    height,
    plot,
    minimum: x(distribution.minimum),
    lowerQuartile: x(distribution.lowerQuartile),
    median,
    upperQuartile: x(distribution.upperQuartile),
    maximum: x(distribution.maximum),
    box,
    medianLabel: { x: median, y: box.top - 10, text: `median ${formatMinutesDuration(distribution.median)}`, anchor },
    ticks: ticks.map((value) => ({ position: x(value), value, label: value === 0 ? '0' : formatMinutesDuration(value) })),
  };
}

/** A bar split in two: `part` of `total`, hatched, then the rest. */
export function shareBar(part: number, total: number, options: { width?: number; height?: number } = {}): ShareBar {
  const { width = 400, height = 40 } = options;
  const inner = width - 2;
  const partWidth = total === 0 ? 0 : round((inner * part) / total);
  return {
    width,
    height,
    part: { x: 1, width: partWidth },
    rest: { x: round(1 + partWidth), width: round(inner - partWidth) },
    barTop: 4,
    barHeight: height - 8,
  };
}

/** A distribution of minutes as `/stats/` shows it: a box plot, its description in words and its table (also for factor-stats.ts). */
export function distributionView(id: string, subject: string, distribution: Distribution, unit: string): DistributionView {
  const figures: [string, number][] = [
    ['Minimum', distribution.minimum],
    ['Lower quartile (25%)', distribution.lowerQuartile],
    ['Median', distribution.median],
    ['Upper quartile (75%)', distribution.upperQuartile],
    ['Maximum', distribution.maximum],
  ];
  const reports = distribution.count === 1 ? '1 report' : `${distribution.count} reports`;
  return {
    id,
    title: `${subject}: box plot`,
    description:
      `${subject} over ${reports}: median ${formatMinutesDuration(distribution.median)}; ` +
      `half of them between ${formatMinutesDuration(distribution.lowerQuartile)} and ${formatMinutesDuration(distribution.upperQuartile)}; ` +
      `shortest ${formatMinutesDuration(distribution.minimum)}, longest ${formatMinutesDuration(distribution.maximum)}.`,
    geometry: boxPlot(distribution),
    columns: ['Figure', unit, 'Minutes'],
    rows: figures.map(([label, minutes]) => ({ label, cells: [formatMinutesDuration(minutes), formatMinutes(minutes)] })),
    count: distribution.count,
    medianLabel: formatMinutesDuration(distribution.median),
  };
}

/** Above this many months, the axis of incidents per month names years (at each January), not months. */
export const monthsNamedUpTo = 24;

/**
 * The points of the incidents-per-month chart. Over more than two years, month
 * names every few columns (`Jan 2019`, `Jun 2020`, `Nov 2021`) are hard to read
 * the time from: the axis names each year where its January is, instead.
 */
export function monthPoints(perMonth: readonly { month: string; count: number }[]): ColumnPoint[] {
  const years = perMonth.length > monthsNamedUpTo;
  return perMonth.map((entry, index) => {
    // A first year that starts by July has room for its name before the next January.
    const named = entry.month.endsWith('-01') || (index === 0 && Number(entry.month.slice(5)) <= 7);
    return { label: formatMonth(entry.month), value: entry.count, ...(years && named ? { axisLabel: entry.month.slice(0, 4) } : {}) };
  });
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The largest entries of a count list, for a chart's description (`utoronto-hub (2)`). */
function largest(points: readonly { label: string; value: number }[]): string {
  const maximum = Math.max(0, ...points.map((point) => point.value));
  if (maximum === 0) return 'none';
  return points
    .filter((point) => point.value === maximum)
    .map((point) => `${point.label} (${maximum})`)
    .join(', ');
}

/**
 * Everything `/stats/` shows, from `corpusStatistics()`.
 *
 * @param statistics the corpus statistics, as `/stats.json` publishes them
 * @param links the site's links (for `/stats.json` and `/recurring/`)
 */
export function statsPage(statistics: CorpusStatistics, links: Pick<Links, 'statsJson' | 'recurring'>): StatsPage {
  const months = monthPoints(statistics.incidentsPerMonth);
  const first = months[0];
  const last = months.at(-1);
  const services = statistics.byService.map((entry) => ({ label: entry.service, value: entry.count }));
  const severities = statistics.bySeverity.map((entry) => ({ label: entry.severity, value: entry.count }));
  const { repeats, total, share } = statistics.repeats;
  const shareLabel = formatShare(share);
  return {
    reports: statistics.reports,
    ...(first && last ? { rangeLabel: first.label === last.label ? first.label : `${first.label} to ${last.label}` } : {}),
    perMonth: {
      id: 'per-month',
      title: 'Incidents per month: column chart',
      description:
        months.length === 0
          ? 'No incidents.'
          : `${plural(statistics.reports, 'incident', 'incidents')} over ${plural(months.length, 'month', 'months')}, ${first!.label} to ${last!.label}; most in ${largest(months)}.`,
      geometry: columnChart(months),
      columns: ['Month', 'Incidents'],
      rows: months.map((month) => ({ label: month.label, cells: [String(month.value)] })),
    },
    ...(statistics.durationMinutes ? { duration: distributionView('duration', 'How long incidents lasted', statistics.durationMinutes, 'Duration') } : {}),
    ongoing: statistics.ongoing,
    ...(statistics.timeToDetectMinutes
      ? { timeToDetect: distributionView('time-to-detect', 'Time to detect', statistics.timeToDetectMinutes, 'Time to detect') }
      : {}),
    byService: {
      id: 'by-service',
      title: 'Incidents by service: bar chart',
      description: services.length === 0 ? 'No services.' : `${plural(services.length, 'service', 'services')}; most incidents: ${largest(services)}.`,
      geometry: barChart(services),
      columns: ['Service', 'Incidents'],
      rows: services.map((service) => ({ label: service.label, cells: [String(service.value)] })),
    },
    bySeverity: {
      id: 'by-severity',
      title: 'Incidents by severity: bar chart',
      description: `${severities.map((severity) => `${severity.label}: ${severity.value}`).join(', ')}.`,
      geometry: barChart(severities, { labelWidth: 80 }),
      columns: ['Severity', 'Incidents'],
      rows: severities.map((severity) => ({ label: severity.label, cells: [String(severity.value)] })),
    },
    repeats: {
      id: 'repeats',
      title: 'Repeat share: stacked bar',
      description: `${repeats} of ${plural(total, 'report', 'reports')} (${shareLabel}) repeat an earlier incident; ${total - repeats} are first occurrences.`,
      geometry: shareBar(repeats, total),
      columns: ['Reports', 'Count', 'Share'],
      rows: [
        { label: 'Repeats of an earlier incident', cells: [String(repeats), shareLabel] },
        { label: 'First occurrences', cells: [String(total - repeats), formatShare(total === 0 ? 0 : (total - repeats) / total)] },
        { label: 'All reports', cells: [String(total), total === 0 ? '0%' : '100%'] },
      ],
      repeats,
      total,
      shareLabel,
    },
    jsonHref: links.statsJson,
    recurringHref: links.recurring,
  };
}

/**
 * `/stats.json`: the statistics exactly as `corpusStatistics()` returns them,
 * two-space indented, with a final newline. Keys keep the order the statistics
 * module writes them in, so every build writes the same bytes.
 */
export function statisticsJson(statistics: CorpusStatistics): string {
  return `${JSON.stringify(statistics, null, 2)}\n`;
}
