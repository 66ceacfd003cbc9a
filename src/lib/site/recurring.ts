/**
 * Repeats on the site: the repeat chains of the corpus graph as `/recurring/`
 * shows them (longest first, each occurrence with the days since the previous
 * one), each report's place in its chain (the index's badge), and the earlier
 * reports the `possible-repeat` check found for a report, phrased for its page.
 *
 * Pure functions of the site model; the corpus data comes from `siteCorpus`.
 */
import type { SiteChain, SiteCorpus } from './corpus.ts';
import { formatDay } from './format.ts';
import { slugMap, type Links } from './links.ts';
import type { NamedLink, ReportRow, SeverityView, Site } from './site.ts';

/** A report's place in its repeat chain, for the badge on lists and report pages. */
export interface RowChain {
  /** How many times the incident happened: the chain's length (2 or more). */
  occurrences: number;
  /** How many times it happened again after the first: `occurrences − 1`. */
  recurrences: number;
  /** This report's position in the chain, 1 for the first occurrence. */
  position: number;
  /** `Recurred once`, `Recurred twice`, `Recurred 3 times`. */
  label: string;
  /** The chain on `/recurring/`. */
  href: string;
}

/** One occurrence in a chain on `/recurring/`. */
export interface OccurrenceView {
  id: string;
  title: string;
  /** Its page; absent for a report the site leaves out (invalid frontmatter). */
  href?: string;
  /** `YYYY-MM-DD`. */
  date?: string;
  /** `Sep 7, 2022`, or `Date unknown`. */
  dateLabel: string;
  /** The time since the previous occurrence (absent for the first, or when a start is unknown). */
  gap?: { days: number; label: string; datetime: string };
  severity?: SeverityView;
  /** Open action items of this occurrence, when it is on the site. */
  openActions?: number;
}

/** A repeat chain as `/recurring/` shows it. */
export interface ChainView {
  /** The fragment id of the chain on `/recurring/`. */
  anchor: string;
  /** `/recurring/#<anchor>`. */
  href: string;
  /** The first occurrence's title. */
  title: string;
  /** Earliest first. */
  occurrences: OccurrenceView[];
  /** From the first occurrence to the last, when every gap is known (`16 days`, `5 years 10 months`). */
  spanLabel?: string;
  /** The same as an ISO 8601 duration, for `<time datetime>` (`P2127D`). */
  spanDatetime?: string;
  /** Every service the occurrences name, sorted. */
  services: NamedLink[];
}

/** A report and an earlier one that the `possible-repeat` check says it looks like. */
export interface PossibleRepeatView {
  /** The later report. */
  report: { id: string; href: string; title: string; dateLabel: string };
  /** The earlier report it looks like. */
  earlier: { id: string; href?: string; title: string; dateLabel: string };
  /** Similarity, 0 to 1. */
  score: number;
  /** Two decimals, as the check writes it (`0.84`). */
  scoreLabel: string;
  sharedServices: string[];
}

/** Everything `/recurring/` shows. */
export interface RecurringPage {
  /** Longest chain first; among equally long ones, the most recent last occurrence first. */
  chains: ChainView[];
  /** Reports that look like an earlier one and link neither way, the later report newest first. */
  possibleRepeats: PossibleRepeatView[];
}

/** The average length of a month in days (365.25 / 12). */
const daysPerMonth = 30.4375;

/**
 * Time between two incidents, for people: `less than a day`, `1 day`, `7 days`
 * (rounded to the nearest day) up to 90 days; then months (`4 months`); from
 * two years on, years and months (`5 years 10 months`). A reader compares
 * "744 days" and "577 days" less easily than "2 years" and "19 months"; the
 * exact days stay in the page as a `<time>` duration (`durationDatetime`).
 */
export function formatDays(days: number): string {
  if (days < 1) return 'less than a day';
  const rounded = Math.round(days);
  if (rounded < 90) return rounded === 1 ? '1 day' : `${rounded} days`;
  const months = Math.round(days / daysPerMonth);
  if (months < 24) return `${months} months`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return `${years} years${rest === 0 ? '' : rest === 1 ? ' 1 month' : ` ${rest} months`}`;
}

/** Days as an ISO 8601 duration for `<time datetime>`: whole days (`P744D`), or hours under a day (`PT5H`). */
export function durationDatetime(days: number): string {
  return days < 1 ? `PT${Math.round(days * 24)}H` : `P${Math.round(days)}D`;
}

/** How often an incident happened again, in words: `Recurred once`, `Recurred twice`, `Recurred 3 times`. */
export function recurrenceLabel(recurrences: number): string {
  if (recurrences === 1) return 'Recurred once';
  if (recurrences === 2) return 'Recurred twice';
  return `Recurred ${recurrences} times`;
}

/** The fragment id of each chain by its first occurrence's id: URL-safe and unique. */
export function chainAnchors(chains: readonly SiteChain[]): Map<string, string> {
  const slugs = slugMap(chains.map((chain) => chain.occurrences[0]!.id));
  return new Map([...slugs].map(([id, slug]) => [id, `chain-${slug}`]));
}

/** Each report's place in its repeat chain, by report id. */
export function rowChains(corpus: SiteCorpus, links: Links): Map<string, RowChain> {
  const anchors = chainAnchors(corpus.chains);
  const result = new Map<string, RowChain>();
  for (const chain of corpus.chains) {
    const href = `${links.recurring}#${anchors.get(chain.occurrences[0]!.id)}`;
    chain.occurrences.forEach((occurrence, index) => {
      const recurrences = chain.occurrences.length - 1;
      result.set(occurrence.id, { occurrences: chain.occurrences.length, recurrences, position: index + 1, label: recurrenceLabel(recurrences), href });
    });
  }
  return result;
}

function dateLabel(date: string | undefined): string {
  return date ? formatDay(date) : 'Date unknown';
}

function chainView(chain: SiteChain, anchor: string, site: Site, rows: ReadonlyMap<string, ReportRow>): ChainView {
  const gaps = new Map(chain.gaps.map((gap) => [`${gap.earlier}\0${gap.later}`, gap.days]));
  const occurrences = chain.occurrences.map((occurrence, index): OccurrenceView => {
    const row = rows.get(occurrence.id);
    const previous = chain.occurrences[index - 1];
    const days = previous ? gaps.get(`${previous.id}\0${occurrence.id}`) : undefined;
    return {
      id: occurrence.id,
      title: row?.title ?? occurrence.title,
      ...(row ? { href: row.href } : {}),
      ...(occurrence.date ? { date: occurrence.date } : {}),
      dateLabel: dateLabel(occurrence.date),
      ...(days !== undefined ? { gap: { days, label: formatDays(days), datetime: durationDatetime(days) } } : {}),
      ...(row ? { severity: row.severity, openActions: row.openActions } : {}),
    };
  });
  const services = new Map<string, NamedLink>();
  for (const occurrence of chain.occurrences) for (const service of rows.get(occurrence.id)?.services ?? []) services.set(service.name, service);
  const complete = chain.gaps.length === chain.occurrences.length - 1;
  return {
    anchor,
    href: `${site.links.recurring}#${anchor}`,
    title: occurrences[0]!.title,
    occurrences,
    ...(complete ? spanOf(chain.gaps.reduce((total, gap) => total + gap.days, 0)) : {}),
    services: [...services.values()].sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0)),
  };
}

function spanOf(days: number): Pick<ChainView, 'spanLabel' | 'spanDatetime'> {
  return { spanLabel: formatDays(days), spanDatetime: durationDatetime(days) };
}

/** The date of a chain's most recent occurrence (`''` when none has a date). */
function latestDate(chain: ChainView): string {
  return chain.occurrences.reduce((latest, occurrence) => (occurrence.date && occurrence.date > latest ? occurrence.date : latest), '');
}

/** The earlier reports the `possible-repeat` check found for one report. */
export function possibleRepeatsFor(site: Site, id: string): PossibleRepeatView[] {
  const row = site.rows.find((candidate) => candidate.id === id);
  const found = site.corpus?.possibleRepeats[id];
  if (!row || !found) return [];
  return found.map((candidate) => {
    const earlierRow = site.rows.find((other) => other.id === candidate.earlier);
    return {
      report: { id, href: row.href, title: row.title, dateLabel: row.dateLabel },
      earlier: {
        id: candidate.earlier,
        ...(earlierRow ? { href: earlierRow.href } : {}),
        title: earlierRow?.title ?? candidate.title,
        dateLabel: dateLabel(candidate.date),
      },
      score: candidate.score,
      scoreLabel: candidate.score.toFixed(2),
      sharedServices: candidate.sharedServices,
    };
  });
}

/** Everything `/recurring/` shows (nothing when the site has no corpus data). */
export function recurringPage(site: Site): RecurringPage {
  const corpus = site.corpus;
  if (!corpus) return { chains: [], possibleRepeats: [] };
  const rows = new Map(site.rows.map((row) => [row.id, row]));
  const anchors = chainAnchors(corpus.chains);
  const chains = corpus.chains
    .map((chain) => chainView(chain, anchors.get(chain.occurrences[0]!.id)!, site, rows))
    .sort((left, right) => {
      const longer = right.occurrences.length - left.occurrences.length;
      if (longer !== 0) return longer;
      const [a, b] = [latestDate(left), latestDate(right)];
      return a !== b ? (a < b ? 1 : -1) : left.anchor < right.anchor ? -1 : left.anchor > right.anchor ? 1 : 0;
    });
  // Site rows are newest first, so the notices follow the same order.
  const possibleRepeats = site.rows.flatMap((row) => possibleRepeatsFor(site, row.id));
  return { chains, possibleRepeats };
}
