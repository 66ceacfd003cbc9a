/**
 * `/factors/` as data: each configured contributing factor (`factors` in the
 * configuration) with its incidents per year, drawn as a small column chart with
 * its table, its repeat chains (reports naming the factor that `repeat_of` links
 * together: the factor came back), and its newest reports. Also the factor links
 * a report page shows. Pure: a function of the site model.
 */
import { factorTaxonomy, type FactorSpec } from '../factors.ts';
import type { SiteChain } from './corpus.ts';
import { formatDay } from './format.ts';
import type { Site } from './site.ts';
import { columnChart, type ChartView, type ColumnChart } from './stats-view.ts';

/** A factor as a link to its section on `/factors/`. */
export interface FactorLink {
  id: string;
  label: string;
  href: string;
}

/** A report in a factor's section. */
export interface FactorReportView {
  id: string;
  href: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `Sep 7, 2022`. */
  dateLabel: string;
}

/** A repeat chain in which one factor recurs. */
export interface FactorChainView {
  /** The chain's first report's title. */
  title: string;
  /** The whole chain on `/recurring/`. */
  href?: string;
  /** How many reports the whole chain has. */
  length: number;
  /** The chain's reports that name the factor, earliest first (two or more). */
  occurrences: FactorReportView[];
}

/** One factor's section of `/factors/`. */
export interface FactorSection extends FactorLink {
  /** Its fragment id on `/factors/` (`factor-deploy`). */
  anchor: string;
  description?: string;
  /** Reports naming it. */
  count: number;
  /** Its incidents per year, from the first year any report names a factor to the last; absent without reports. */
  perYear?: ChartView<ColumnChart>;
  /** The newest reports naming it, at most `factorReportsShown`. */
  reports: FactorReportView[];
  /** Reports naming it beyond those shown. */
  moreReports: number;
  /** Repeat chains in which two or more reports name it. */
  chains: FactorChainView[];
}

/** Everything `/factors/` shows. */
export interface FactorsPage {
  /** In the configured order. */
  factors: FactorSection[];
  /** Reports that name at least one factor. */
  withFactors: number;
  /** Every report on the site. */
  total: number;
  /** `2022 to 2024`, when any report names a factor. */
  yearsLabel?: string;
  /** `/recurring/`. */
  recurringHref: string;
}

/** How many reports a factor's section lists; the rest are counted (the search and the lists have them all). */
export const factorReportsShown = 20;

/** The fragment id of a factor's section. */
export function factorAnchor(id: string): string {
  return `factor-${id}`;
}

/** The factors a report names, in the taxonomy's order, each linking its section of `/factors/`. */
export function factorLinks(site: Site, ids: readonly string[]): FactorLink[] {
  const page = site.links.factors;
  return factorTaxonomy(site.config)
    .filter((factor) => ids.includes(factor.id))
    .map((factor) => ({ id: factor.id, label: factor.label, href: `${page}#${factorAnchor(factor.id)}` }));
}

/** The years from `first` to `last`, inclusive. */
function yearRange(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** A factor's incidents per year as a column chart with its table. */
function perYearChart(factor: FactorSpec, dates: readonly string[], years: readonly number[]): ChartView<ColumnChart> {
  const counts = new Map<number, number>();
  for (const date of dates) counts.set(Number(date.slice(0, 4)), (counts.get(Number(date.slice(0, 4))) ?? 0) + 1);
  const points = years.map((year) => ({ label: String(year), value: counts.get(year) ?? 0 }));
  const busiest = Math.max(...points.map((point) => point.value));
  const peaks = points.filter((point) => point.value === busiest).map((point) => point.label);
  return {
    id: `${factorAnchor(factor.id)}-years`,
    title: `${factor.label}: incidents per year, column chart`,
    description: `${dates.length} ${dates.length === 1 ? 'incident' : 'incidents'} from ${years[0]} to ${years.at(-1)}; most in ${peaks.join(', ')} (${busiest}).`,
    geometry: columnChart(points, { height: 150, categoryLabelWidth: 40 }),
    columns: ['Year', 'Incidents'],
    rows: points.map((point) => ({ label: point.label, cells: [String(point.value)] })),
  };
}

/** The chains in which two or more reports name `factor`, in the corpus graph's order. */
function chainsOf(site: Site, factor: string, view: (id: string) => FactorReportView | undefined): FactorChainView[] {
  const chains: readonly SiteChain[] = site.corpus?.chains ?? [];
  const rowById = new Map(site.rows.map((row) => [row.id, row]));
  const result: FactorChainView[] = [];
  for (const chain of chains) {
    const named = chain.occurrences
      .filter((occurrence) => site.reports.get(occurrence.id)?.factors?.includes(factor))
      .map((occurrence) => view(occurrence.id))
      .filter((occurrence): occurrence is FactorReportView => occurrence !== undefined);
    if (named.length < 2) continue;
    const first = chain.occurrences[0]!;
    const href = rowById.get(first.id)?.chain?.href;
    result.push({ title: first.title, ...(href ? { href } : {}), length: chain.occurrences.length, occurrences: named });
  }
  return result;
}

/** Everything `/factors/` shows. */
export function factorsPage(site: Site): FactorsPage {
  const taxonomy = factorTaxonomy(site.config);
  const view = (id: string): FactorReportView | undefined => {
    const report = site.reports.get(id);
    return report ? { id, href: site.links.report(id), title: report.title, date: report.date, dateLabel: formatDay(report.date) } : undefined;
  };
  // `site.rows` is newest first; stored reports from before `factors` existed name none.
  const named = site.rows.map((row) => ({ row, factors: site.reports.get(row.id)?.factors ?? [] })).filter((entry) => entry.factors.length > 0);
  const yearsOf = named.map((entry) => Number(entry.row.date.slice(0, 4)));
  const years = yearsOf.length > 0 ? yearRange(Math.min(...yearsOf), Math.max(...yearsOf)) : [];
  const page = site.links.factors;
  const factors = taxonomy.map((factor): FactorSection => {
    const members = named.filter((entry) => entry.factors.includes(factor.id)).map((entry) => entry.row);
    return {
      id: factor.id,
      label: factor.label,
      href: `${page}#${factorAnchor(factor.id)}`,
      anchor: factorAnchor(factor.id),
      ...(factor.description ? { description: factor.description } : {}),
      count: members.length,
      ...(members.length > 0
        ? {
            perYear: perYearChart(
              factor,
              members.map((row) => row.date),
              years,
            ),
          }
        : {}),
      reports: members.slice(0, factorReportsShown).map((row) => view(row.id)!),
      moreReports: Math.max(0, members.length - factorReportsShown),
      chains: chainsOf(site, factor.id, view),
    };
  });
  return {
    factors,
    withFactors: named.length,
    total: site.rows.length,
    ...(years.length > 0 ? { yearsLabel: years.length === 1 ? String(years[0]) : `${years[0]} to ${years.at(-1)}` } : {}),
    recurringHref: site.links.recurring,
  };
}
