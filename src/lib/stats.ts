/**
 * Statistics over the corpus, for the site's `/stats/` page: incidents per month,
 * how long incidents lasted and took to detect (as distributions, never a lone
 * mean time to repair: one long outage would hide every short one), counts by
 * service and severity, and the share of reports that are repeats.
 *
 * Pure functions of parsed reports returning plain data; the site only draws it.
 */
import type { Config } from './config.ts';
import { dateRange, inDateRange } from './date-range.ts';
import type { ParsedReport } from './parse.ts';
import { printable } from './text.ts';
import { impactInstants } from './time.ts';

/** A five-number summary of a set of values. */
export interface Distribution {
  /** How many values. */
  count: number;
  minimum: number;
  /** The 25th percentile (see `quantile` for the method). */
  lowerQuartile: number;
  median: number;
  /** The 75th percentile. */
  upperQuartile: number;
  maximum: number;
}

/** Incidents that began in one calendar month. */
export interface MonthCount {
  /** `YYYY-MM`, from each report's `date` (the day impact began, in its zone). */
  month: string;
  count: number;
}

/** Everything the statistics page shows. */
export interface CorpusStatistics {
  /**
   * Reports counted: those with valid frontmatter (drafts included: they are
   * incidents too) whose `date` is in the sanity range (`dates` in the configuration).
   */
  reports: number;
  /** One entry per month from the first incident's month to the last's, empty months included (0). */
  incidentsPerMonth: MonthCount[];
  /** Impact start to end, in minutes, over the reports that give both (end not before start). */
  durationMinutes?: Distribution;
  /** Reports whose impact has no `end` yet. */
  ongoing: number;
  /** Impact start to `detected`, in minutes, over the reports that give both (detected not before start). */
  timeToDetectMinutes?: Distribution;
  /** Reports per service, most first (then by name). A report with two services counts for each. */
  byService: Array<{ service: string; count: number }>;
  /** Reports per severity, in the configured order (most severe first), zeros included. */
  bySeverity: Array<{ severity: string; count: number }>;
  /** Reports that say they repeat an earlier incident (a non-empty `repeat_of`), out of all counted. */
  repeats: { repeats: number; total: number; share: number };
}

/**
 * The `probability` quantile of ascending `sorted` values, by linear
 * interpolation between closest ranks: the "inclusive" method (Hyndman & Fan
 * type 7; Excel `QUARTILE.INC`, NumPy's and R's default). With n values the
 * quantile sits at zero-based rank h = (n − 1) · p, between the values at ⌊h⌋
 * and ⌈h⌉. For [10, 20, 40, 100]: the lower quartile is at h = 0.75, so
 * 10 + 0.75 · (20 − 10) = 17.5; the median at h = 1.5 is 30.
 *
 * @param sorted values in ascending order, at least one
 * @param probability between 0 and 1
 */
export function quantile(sorted: readonly number[], probability: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const rank = (sorted.length - 1) * Math.min(1, Math.max(0, probability));
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = sorted[below]!;
  const high = sorted[above]!;
  return low + (rank - below) * (high - low);
}

/** The five-number summary of `values` (any order), or `undefined` when there are none. */
export function distribution(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  return {
    count: sorted.length,
    minimum: sorted[0]!,
    lowerQuartile: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    upperQuartile: quantile(sorted, 0.75),
    maximum: sorted.at(-1)!,
  };
}

const minute = 60_000;

/** The months from `first` to `last` (`YYYY-MM`), inclusive. */
function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const [lastYear, lastMonth] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

/** Options for `corpusStatistics`. */
export interface StatisticsOptions {
  /**
   * "Now", for the sanity range of dates: a report dated outside it (a typo the
   * `frontmatter` rule reports) is not counted, so the months from the first
   * incident to the last stay a bounded list. Default: the clock; the site passes
   * the build's "now".
   */
  now?: Date;
}

/**
 * The statistics of a corpus.
 *
 * @param reports parsed reports; those with invalid frontmatter or a `date` out of the sanity range are left out
 * @param config the configuration (its `severities` order the severity counts; `dates` the range)
 */
export function corpusStatistics(reports: readonly ParsedReport[], config: Config, options: StatisticsOptions = {}): CorpusStatistics {
  const range = dateRange(config, options.now ?? new Date());
  const counted = reports.filter((report) => report.data !== undefined && inDateRange(report.data.date, range));
  const perMonth = new Map<string, number>();
  const services = new Map<string, number>();
  const severities = new Map<string, number>(config.severities.map((severity) => [severity, 0]));
  const durations: number[] = [];
  const detections: number[] = [];
  let ongoing = 0;
  let repeats = 0;
  for (const report of counted) {
    const data = report.data!;
    const month = data.date.slice(0, 7);
    perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
    // Names are shown on the page and in `/stats.json` as written, less any control character.
    for (const service of new Set(data.services.map(printable))) services.set(service, (services.get(service) ?? 0) + 1);
    severities.set(data.severity, (severities.get(data.severity) ?? 0) + 1);
    if (data.repeat_of.length > 0) repeats++;
    const { start, end, detected } = impactInstants(report);
    if (start && data.impact && data.impact.end === undefined) ongoing++;
    if (start && end && end.getTime() >= start.getTime()) durations.push((end.getTime() - start.getTime()) / minute);
    if (start && detected && detected.getTime() >= start.getTime()) detections.push((detected.getTime() - start.getTime()) / minute);
  }
  const months = [...perMonth.keys()].sort();
  const incidentsPerMonth = months.length === 0 ? [] : monthRange(months[0]!, months.at(-1)!).map((month) => ({ month, count: perMonth.get(month) ?? 0 }));
  const durationMinutes = distribution(durations);
  const timeToDetectMinutes = distribution(detections);
  return {
    reports: counted.length,
    incidentsPerMonth,
    ...(durationMinutes ? { durationMinutes } : {}),
    ongoing,
    ...(timeToDetectMinutes ? { timeToDetectMinutes } : {}),
    byService: [...services]
      .map(([service, count]) => ({ service, count }))
      .sort((left, right) => right.count - left.count || (left.service < right.service ? -1 : left.service > right.service ? 1 : 0)),
    bySeverity: [...severities].map(([severity, count]) => ({ severity, count })),
    repeats: { repeats, total: counted.length, share: counted.length === 0 ? 0 : repeats / counted.length },
  };
}
