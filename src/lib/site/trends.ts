/**
 * Trends on `/stats/`, a quarter at a time: how long incidents took to detect
 * and to recover from (the median, with the middle half in the table: one long
 * outage must not hide a quarter of short ones), and the share of action items
 * done by their due date. Each is a line chart drawn at build time with a table
 * of the same figures. Pure functions of the site model.
 *
 * An item counts for the quarter of its due date, once that date has passed:
 * on time when GitHub says it was closed (or merged) by the end of that day,
 * late when after, not done when still open. An item whose state comes from
 * its checkbox has no completion date: it is counted apart, not guessed.
 */
import { distribution, type Distribution } from '../stats.ts';
import { localDate } from '../time.ts';
import { actionState } from './action-states.ts';
import { durationTicks, formatShare } from './chart-scale.ts';
import { formatDuration, parseInstant } from './format.ts';
import { lineChart, type LineChart, type LinePoint } from './line-chart.ts';
import type { SiteReport } from './report.ts';
import type { Site } from './site.ts';
import type { ChartView } from './stats-view.ts';

/** At most this many quarters (ten years) are shown, the latest ones. */
export const trendQuarters = 40;

/** `2024-Q3` → `Q3 2024`. */
export function formatQuarter(quarter: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return match ? `Q${match[2]} ${match[1]}` : quarter;
}

/** The quarter of a day: `2024-08-14` → `2024-Q3`. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every quarter from `first` to `last`, inclusive. */
export function quarterRange(first: string, last: string): string[] {
  const quarters: string[] = [];
  let year = Number(first.slice(0, 4));
  let quarter = Number(first.slice(6));
  const [lastYear, lastQuarter] = [Number(last.slice(0, 4)), Number(last.slice(6))];
  while (year < lastYear || (year === lastYear && quarter <= lastQuarter)) {
    quarters.push(`${year}-Q${quarter}`);
    quarter++;
    if (quarter > 4) {
      quarter = 1;
      year++;
    }
  }
  return quarters;
}

/** Action items due in one quarter, by what became of them. */
export interface DueFigures {
  /** Items whose due date has passed. */
  due: number;
  onTime: number;
  late: number;
  /** Still open. */
  notDone: number;
  /** Done by their checkbox, or closed on a date GitHub did not give: neither on time nor late. */
  undated: number;
}

/** Everything the trends say, before it is drawn. */
export interface TrendFigures {
  /** The quarters shown, oldest first. */
  quarters: string[];
  /** Quarters with reports before the ones shown. */
  earlier: number;
  detect: Map<string, Distribution>;
  recover: Map<string, Distribution>;
  due: Map<string, DueFigures>;
}

function minutesBetween(from: string | undefined, to: string | undefined): number | undefined {
  const start = parseInstant(from);
  const end = parseInstant(to);
  return start && end && end >= start ? (end.getTime() - start.getTime()) / 60_000 : undefined;
}

/** The figures of the trends: reports dated from `config.dates.earliest` to today, items due by today. */
export function trendFigures(reports: Iterable<SiteReport>, earliest: string, today: string, zone: string): TrendFigures {
  const detections = new Map<string, number[]>();
  const recoveries = new Map<string, number[]>();
  const due = new Map<string, DueFigures>();
  const push = (map: Map<string, number[]>, quarter: string, value: number | undefined) => {
    if (value !== undefined) (map.get(quarter) ?? map.set(quarter, []).get(quarter)!).push(value);
  };
  const seen = new Set<string>();
  for (const report of reports) {
    if (report.date < earliest || report.date > today) continue;
    const quarter = quarterOf(report.date);
    seen.add(quarter);
    push(detections, quarter, minutesBetween(report.instants.start, report.instants.detected));
    push(recoveries, quarter, minutesBetween(report.instants.start, report.instants.end));
    for (const item of report.actionItems) {
      if (item.due === undefined || item.due >= today || item.due < earliest) continue;
      const dueQuarter = quarterOf(item.due);
      seen.add(dueQuarter);
      const figures = due.get(dueQuarter) ?? due.set(dueQuarter, { due: 0, onTime: 0, late: 0, notDone: 0, undated: 0 }).get(dueQuarter)!;
      figures.due++;
      const finished = item.tracking?.done === true && item.tracking.verified ? parseInstant(item.tracking.closedAt ?? item.tracking.mergedAt) : undefined;
      if (actionState(item) === 'open') figures.notDone++;
      else if (!finished) figures.undated++;
      else if (localDate(finished, zone) <= item.due) figures.onTime++;
      else figures.late++;
    }
  }
  const sorted = [...seen].sort();
  const all = sorted.length === 0 ? [] : quarterRange(sorted[0]!, sorted.at(-1)!);
  const quarters = all.slice(-trendQuarters);
  const summaries = (map: Map<string, number[]>) =>
    new Map(
      [...map].flatMap(([quarter, values]) => {
        const summary = distribution(values);
        return summary ? [[quarter, summary] as const] : [];
      }),
    );
  return { quarters, earlier: all.length - quarters.length, detect: summaries(detections), recover: summaries(recoveries), due };
}

/** A trend as `/stats/` shows it: the chart and its table. */
export interface TrendView extends ChartView<LineChart> {
  /** Quarters with a value. */
  count: number;
}

/** Everything the trends section of `/stats/` shows. */
export interface TrendsPage {
  /** `Q1 2022 to Q3 2024`, when there is anything to show. */
  rangeLabel?: string;
  /** Quarters left out before the first shown (only the last `trendQuarters` are). */
  earlier: number;
  detect?: TrendView;
  recover?: TrendView;
  onTime?: TrendView & { undated: number };
}

/** The x-axis points: quarter labels, or the years when there are many quarters. */
function quarterPoints(quarters: readonly string[], value: (quarter: string) => number | undefined): LinePoint[] {
  const years = quarters.length > 12;
  return quarters.map((quarter, index) => {
    const point: LinePoint = { label: formatQuarter(quarter) };
    const known = value(quarter);
    if (known !== undefined) point.value = known;
    if (years && (quarter.endsWith('-Q1') || index === 0)) point.axisLabel = quarter.slice(0, 4);
    return point;
  });
}

function durationTrend(id: string, subject: string, quarters: readonly string[], figures: Map<string, Distribution>): TrendView | undefined {
  const shown = quarters.filter((quarter) => figures.has(quarter));
  if (shown.length === 0) return undefined;
  const points = quarterPoints(quarters, (quarter) => figures.get(quarter)?.median);
  const highest = Math.max(...shown.map((quarter) => figures.get(quarter)!.median));
  const minutes = (value: number) => formatDuration(value * 60_000);
  const latest = shown.at(-1)!;
  return {
    id,
    title: `${subject} per quarter: line chart of the median`,
    description: `Median ${subject.toLowerCase()} in ${shown.length} ${shown.length === 1 ? 'quarter' : 'quarters'}; highest ${minutes(highest)}; latest ${formatQuarter(latest)}: ${minutes(figures.get(latest)!.median)}.`,
    geometry: lineChart(points, { ticks: durationTicks(highest, 4), tickLabel: (value) => (value === 0 ? '0' : minutes(value)), valueLabel: minutes }),
    columns: ['Quarter', 'Reports', 'Median', 'Middle half'],
    rows: shown.map((quarter) => {
      const summary = figures.get(quarter)!;
      // No line break inside a duration (`1 h 14 m`): a narrow column breaks between them.
      const kept = (value: number) => minutes(value).replaceAll(' ', '\u00a0');
      return {
        label: formatQuarter(quarter),
        cells: [String(summary.count), kept(summary.median), `${kept(summary.lowerQuartile)} to ${kept(summary.upperQuartile)}`],
      };
    }),
    count: shown.length,
  };
}

function onTimeTrend(quarters: readonly string[], figures: Map<string, DueFigures>): TrendsPage['onTime'] {
  const shown = quarters.filter((quarter) => figures.has(quarter));
  if (shown.length === 0) return undefined;
  // The share among the items whose fate is known: an undated one is neither on time nor late.
  const share = (quarter: string) => {
    const known = figures.get(quarter);
    const decided = known ? known.onTime + known.late + known.notDone : 0;
    return known && decided > 0 ? known.onTime / decided : undefined;
  };
  const points = quarterPoints(quarters, (quarter) => {
    const value = share(quarter);
    return value === undefined ? undefined : value * 100;
  });
  const dated = shown.filter((quarter) => share(quarter) !== undefined);
  const percent = (value: number) => formatShare(value / 100);
  const undated = shown.reduce((total, quarter) => total + figures.get(quarter)!.undated, 0);
  const latest = dated.at(-1);
  return {
    id: 'on-time-trend',
    title: 'Action items done by their due date, per quarter: line chart of the share',
    description:
      latest === undefined
        ? 'No item due so far has a known completion date.'
        : `Share of the items due in each quarter that were done by their due date, in ${dated.length} ${dated.length === 1 ? 'quarter' : 'quarters'}; latest ${formatQuarter(latest)}: ${formatShare(share(latest)!)}.`,
    geometry: lineChart(points, { ticks: [0, 25, 50, 75, 100], tickLabel: (value) => `${value}%`, valueLabel: percent }),
    // Five narrow columns, so the table fits beside the chart and on a phone; the undated items are counted in the text.
    columns: ['Quarter due', 'On time', 'Late', 'Not done', 'Share on time'],
    rows: shown.map((quarter) => {
      const known = figures.get(quarter)!;
      const value = share(quarter);
      return {
        label: formatQuarter(quarter),
        cells: [known.onTime, known.late, known.notDone].map(String).concat(value === undefined ? '–' : formatShare(value)),
      };
    }),
    count: dated.length,
    undated,
  };
}

/** The trends section of `/stats/`. */
export function trendsPage(site: Site): TrendsPage {
  const figures = trendFigures(site.reports.values(), site.config.dates.earliest, site.today, site.config.timezone);
  const { quarters } = figures;
  const detect = durationTrend('detect-trend', 'Time to detect', quarters, figures.detect);
  const recover = durationTrend('recover-trend', 'Time to recover', quarters, figures.recover);
  const onTime = onTimeTrend(quarters, figures.due);
  return {
    ...(quarters.length > 0
      ? { rangeLabel: quarters.length === 1 ? formatQuarter(quarters[0]!) : `${formatQuarter(quarters[0]!)} to ${formatQuarter(quarters.at(-1)!)}` }
      : {}),
    earlier: figures.earlier,
    ...(detect ? { detect } : {}),
    ...(recover ? { recover } : {}),
    ...(onTime ? { onTime } : {}),
  };
}
