/**
 * Repeats on the site: the repeat chains of the corpus graph as `/recurring/`
 * shows them (longest first, each occurrence with the days since the previous
 * one, whole chains a few hundred occurrences a page), each report's place in
 * its chain (the index's badge, which links to the chain on its page), and the
 * earlier reports the `possible-repeat` check found for a report, phrased for its page.
 *
 * Pure functions of the site model; the corpus data comes from `siteCorpus`.
 */
import { placedChains, recurringHref } from './chains.ts';
import type { SiteChain, SitePossibleRepeat } from './corpus.ts';
import { formatDay } from './format.ts';
import { pageNumbers, pagination, type Pagination } from './pages.ts';
import { formatCount } from '../text.ts';
import type { NamedLink, ReportRow, SeverityView, Site } from './site.ts';

// Chains in order and each report's badge live in chains.ts; these names are read from here too.
export { chainAnchors, occurrencesPerPage, recurrenceLabel, rowChains, type RowChain } from './chains.ts';

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
  /** How many times it happened. */
  count: number;
  /** Earliest first; of a very long chain, only the first and last `chainShownEnds` (see `omitted`). */
  occurrences: OccurrenceView[];
  /** Occurrences left out of a very long chain: after the `after`-th shown one. */
  omitted?: { after: number; count: number };
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

/** Everything one page of `/recurring/` shows. */
export interface RecurringPage {
  /** Longest chain first; among equally long ones, the most recent last occurrence first. */
  chains: ChainView[];
  /** Every chain, on every page. */
  chainCount: number;
  pagination: Pagination;
  /** `Chains 1–40 of 120` when there are several pages. */
  rangeLabel?: string;
  /**
   * On the first page only: reports that look like an earlier one and link
   * neither way, the later report newest first, at most `possibleRepeatsShown`.
   */
  possibleRepeats: PossibleRepeatView[];
  /** All of them (each report's page shows its own). */
  possibleRepeatCount: number;
}

/** A chain longer than twice this shows its first and last this many occurrences, and says how many are left out. */
export const chainShownEnds = 100;

/** How many possible repeats `/recurring/` lists; each report's page shows its own. */
export const possibleRepeatsShown = 100;

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

function dateLabel(date: string | undefined): string {
  return date ? formatDay(date) : 'Date unknown';
}

const rowIndexes = new WeakMap<Site, Map<string, ReportRow>>();

/** The site's rows by report id, once per site (pages look rows up by the thousand). */
export function rowsById(site: Site): Map<string, ReportRow> {
  let rows = rowIndexes.get(site);
  if (!rows) {
    rows = new Map(site.rows.map((row) => [row.id, row]));
    rowIndexes.set(site, rows);
  }
  return rows;
}

function chainView(chain: SiteChain, anchor: string, href: string, rows: ReadonlyMap<string, ReportRow>): ChainView {
  const gaps = new Map(chain.gaps.map((gap) => [`${gap.earlier}\0${gap.later}`, gap.days]));
  const occurrence = (index: number): OccurrenceView => {
    const current = chain.occurrences[index]!;
    const row = rows.get(current.id);
    const previous = chain.occurrences[index - 1];
    const days = previous ? gaps.get(`${previous.id}\0${current.id}`) : undefined;
    return {
      id: current.id,
      title: row?.title ?? current.title,
      ...(row ? { href: row.href } : {}),
      ...(current.date ? { date: current.date } : {}),
      dateLabel: dateLabel(current.date),
      ...(days !== undefined ? { gap: { days, label: formatDays(days), datetime: durationDatetime(days) } } : {}),
      ...(row ? { severity: row.severity, openActions: row.openActions } : {}),
    };
  };
  const count = chain.occurrences.length;
  // A chain of hundreds keeps its page small: its ends say how it began and where it stands.
  const long = count > 2 * chainShownEnds;
  const indexes = long
    ? [...Array(chainShownEnds).keys(), ...Array.from({ length: chainShownEnds }, (_, index) => count - chainShownEnds + index)]
    : [...Array(count).keys()];
  const occurrences = indexes.map(occurrence);
  const services = new Map<string, NamedLink>();
  for (const member of chain.occurrences) for (const service of rows.get(member.id)?.services ?? []) services.set(service.name, service);
  const complete = chain.gaps.length === count - 1;
  return {
    anchor,
    href,
    title: occurrence(0).title,
    count,
    occurrences,
    ...(long ? { omitted: { after: chainShownEnds, count: count - 2 * chainShownEnds } } : {}),
    ...(complete ? spanOf(chain.gaps.reduce((total, gap) => total + gap.days, 0)) : {}),
    services: [...services.values()].sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0)),
  };
}

function spanOf(days: number): Pick<ChainView, 'spanLabel' | 'spanDatetime'> {
  return { spanLabel: formatDays(days), spanDatetime: durationDatetime(days) };
}

/**
 * The stored possible repeats of report `id`. The corpus data comes back from the content store as a
 * plain object, and ids are file names: `constructor` or `toString` must not find what every object inherits.
 */
function possibleRepeatsOf(corpus: Site['corpus'], id: string): readonly SitePossibleRepeat[] | undefined {
  return corpus && Object.hasOwn(corpus.possibleRepeats, id) ? corpus.possibleRepeats[id] : undefined;
}

/** The earlier reports the `possible-repeat` check found for one report. */
export function possibleRepeatsFor(site: Site, id: string): PossibleRepeatView[] {
  const rows = rowsById(site);
  const row = rows.get(id);
  const found = possibleRepeatsOf(site.corpus, id);
  if (!row || !found) return [];
  return found.map((candidate) => {
    const earlierRow = rows.get(candidate.earlier);
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

/** The rows with possible repeats, and how many repeats they have, worked out once per site: every page of `/recurring/` asks. */
const possibleRepeatRowsOf = new WeakMap<Site, { possible: readonly ReportRow[]; count: number }>();

function possibleRepeatRows(site: Site): { possible: readonly ReportRow[]; count: number } {
  const known = possibleRepeatRowsOf.get(site);
  if (known) return known;
  // Site rows are newest first, so the notices follow the same order.
  const found = { possible: [] as ReportRow[], count: 0 };
  for (const row of site.rows) {
    const repeats = possibleRepeatsOf(site.corpus, row.id);
    if (!repeats) continue;
    found.possible.push(row);
    found.count += repeats.length;
  }
  possibleRepeatRowsOf.set(site, found);
  return found;
}

/** The page numbers of `/recurring/` (at least one). */
export function recurringPageNumbers(site: Site): number[] {
  const chains = site.corpus ? placedChains(site.corpus) : [];
  return pageNumbers(chains.at(-1)?.page ?? 1, 1);
}

/**
 * One page of `/recurring/` (nothing when the site has no corpus data).
 *
 * @param page 1-based
 */
export function recurringPage(site: Site, page = 1): RecurringPage {
  const corpus = site.corpus;
  const chains = corpus ? placedChains(corpus) : [];
  const pages = chains.at(-1)?.page ?? 1;
  const paging = pagination(pages, page, (other) => recurringHref(site.links, other), 1);
  const rows = rowsById(site);
  const shown = chains
    .filter((chain) => chain.page === page)
    .map(({ chain, anchor }) => chainView(chain, anchor, `${recurringHref(site.links, page)}#${anchor}`, rows));
  const { possible, count } = possibleRepeatRows(site);
  const first = chains.findIndex((chain) => chain.page === page);
  const last = first + shown.length;
  return {
    chains: shown,
    chainCount: chains.length,
    pagination: paging,
    ...(pages > 1 ? { rangeLabel: `Chains ${formatCount(first + 1)}–${formatCount(last)} of ${formatCount(chains.length)}` } : {}),
    possibleRepeats: page === 1 ? possible.flatMap((row) => possibleRepeatsFor(site, row.id)).slice(0, possibleRepeatsShown) : [],
    possibleRepeatCount: count,
  };
}
