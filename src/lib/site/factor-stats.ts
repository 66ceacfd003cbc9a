/**
 * The `/stats/` figures that contributing factors and `impact.mitigated` add:
 * time to mitigate (impact start to `mitigated`) beside time to detect, and how
 * long incidents lasted by contributing factor, as one box per factor on a
 * shared duration axis with a table of median and quartiles. Distributions, as
 * for every duration on `/stats/`: a lone mean would let one long outage hide
 * every short one.
 *
 * Pure: a function of the site model (its stored reports' impact instants).
 */
import { factorTaxonomy } from '../factors.ts';
import { distribution, type Distribution } from '../stats.ts';
import { characterWidth, durationTicks, fitLabel, formatMinutesDuration, round, type Tick } from './chart-scale.ts';
import { parseInstant } from './format.ts';
import type { SiteReport } from './report.ts';
import type { Site } from './site.ts';
import { distributionView, type ChartView, type DistributionView } from './stats-view.ts';

/** One factor's box on the shared axis: x coordinates of its five numbers. */
export interface FactorBox extends Distribution {
  label: string;
  /** The label as drawn, shortened to fit left of the plot (the table has it whole). */
  shownLabel: string;
  /** The row's vertical extent; whiskers are drawn at `middle`. */
  top: number;
  bottom: number;
  middle: number;
}

/** Box plots of several distributions, one row each, on one duration axis (minutes). */
export interface FactorBoxPlots {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  rows: FactorBox[];
  /** Along the bottom; `position` is an x coordinate. */
  ticks: Tick[];
}

/** What contributing factors and mitigation add to `/stats/`. */
export interface FactorStats {
  /** Impact start to `impact.mitigated`; absent when no report gives both. */
  timeToMitigate?: DistributionView;
  /** Duration by factor; absent when no report that names a factor gives both impact start and end. */
  byFactor?: ChartView<FactorBoxPlots>;
  /** `/factors/`. */
  factorsHref: string;
}

const minute = 60_000;

/** Minutes from impact start to `to`, when both are known and `to` is not before the start. */
function minutesFrom(report: SiteReport, to: 'end' | 'mitigated'): number | undefined {
  const start = parseInstant(report.instants.start);
  const end = parseInstant(report.instants[to]);
  if (!start || !end || end.getTime() < start.getTime()) return undefined;
  return (end.getTime() - start.getTime()) / minute;
}

/** The default and the widest room for the factor names, in SVG units (as the bar charts). */
const labelRoom = { minimum: 130, maximum: 200 };

/**
 * One box per distribution on a shared axis from 0, with round duration ticks.
 *
 * @param entries distributions of minutes with their labels, in the order they are drawn
 */
export function factorBoxPlots(entries: readonly { label: string; values: readonly number[] }[], options: { rowHeight?: number } = {}): FactorBoxPlots {
  const { rowHeight = 34 } = options;
  const longest = Math.max(0, ...entries.map((entry) => [...entry.label].length));
  const labelWidth = Math.min(labelRoom.maximum, Math.max(labelRoom.minimum, Math.ceil(longest * characterWidth + 12)));
  // The plot keeps its length whatever the names need: the chart grows instead, as the bar charts do.
  const width = 400 + labelWidth - labelRoom.minimum;
  const plot = { left: labelWidth, right: width - 24, top: 4, bottom: 4 + entries.length * rowHeight };
  const summaries = entries.map((entry) => distribution(entry.values)!);
  // A tick label such as `1 h 20 m` needs about 70 units: the names' room leaves fewer ticks than a full-width box plot.
  const ticks = durationTicks(Math.max(0, ...summaries.map((summary) => summary.maximum)), Math.max(2, Math.floor((plot.right - plot.left) / 70)));
  const top = ticks.at(-1)!;
  const x = (minutes: number) => round(plot.left + ((plot.right - plot.left) * minutes) / top);
  const rows = entries.map((entry, index): FactorBox => {
    const summary = summaries[index]!;
    const middle = round(plot.top + index * rowHeight + rowHeight / 2);
    return {
      label: entry.label,
      shownLabel: fitLabel(entry.label, labelWidth - 12),
      count: summary.count,
      minimum: x(summary.minimum),
      lowerQuartile: x(summary.lowerQuartile),
      median: x(summary.median),
      upperQuartile: x(summary.upperQuartile),
      maximum: x(summary.maximum),
      top: round(middle - 9),
      bottom: round(middle + 9),
      middle,
    };
  });
  return {
    width,
    height: plot.bottom + 28,
    plot,
    rows,
    ticks: ticks.map((value) => ({ position: x(value), value, label: value === 0 ? '0' : formatMinutesDuration(value) })),
  };
}

/** Everything contributing factors and mitigation add to `/stats/`. */
export function factorStats(site: Site): FactorStats {
  const reports = [...site.reports.values()];
  const mitigations = reports.map((report) => minutesFrom(report, 'mitigated')).filter((minutes): minutes is number => minutes !== undefined);
  const mitigation = distribution(mitigations);
  const entries = factorTaxonomy(site.config)
    .map((factor) => ({
      label: factor.label,
      values: reports
        // Stored reports from before `factors` existed name none.
        .filter((report) => (report.factors ?? []).includes(factor.id))
        .map((report) => minutesFrom(report, 'end'))
        .filter((minutes): minutes is number => minutes !== undefined),
    }))
    .filter((entry) => entry.values.length > 0);
  const factorsHref = site.links.factors;
  return {
    ...(mitigation ? { timeToMitigate: distributionView('time-to-mitigate', 'Time to mitigate', mitigation, 'Time to mitigate') } : {}),
    ...(entries.length > 0 ? { byFactor: byFactorView(entries) } : {}),
    factorsHref,
  };
}

/** Duration by factor: the box plots, their description and their table. */
function byFactorView(entries: readonly { label: string; values: readonly number[] }[]): ChartView<FactorBoxPlots> {
  const summaries = entries.map((entry) => ({ entry, summary: distribution(entry.values)! }));
  const longest = summaries.reduce((best, current) => (current.summary.median > best.summary.median ? current : best));
  return {
    id: 'by-factor',
    title: 'How long incidents lasted, by contributing factor: box plots',
    description:
      `${summaries.length} ${summaries.length === 1 ? 'factor' : 'factors'}; ` +
      summaries
        .map(
          ({ entry, summary }) =>
            `${entry.label}: median ${formatMinutesDuration(summary.median)} over ${summary.count} ${summary.count === 1 ? 'report' : 'reports'}`,
        )
        .join('; ') +
      `. Longest median: ${longest.entry.label}.`,
    geometry: factorBoxPlots(entries),
    // Three columns, the count beside the name and the middle half in one (as the trends' tables): narrow enough for a phone.
    columns: ['Factor', 'Median', 'Middle half'],
    rows: summaries.map(({ entry, summary }) => ({
      label: `${entry.label} (${summary.count} ${summary.count === 1 ? 'report' : 'reports'})`,
      cells: [formatMinutesDuration(summary.median), `${formatMinutesDuration(summary.lowerQuartile)} to ${formatMinutesDuration(summary.upperQuartile)}`],
    })),
  };
}
