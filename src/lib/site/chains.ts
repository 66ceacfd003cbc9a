/**
 * Repeat chains in `/recurring/`'s order, each on its page, and each report's
 * place in its chain: what the index's badge says and where it links. Apart
 * from recurring.ts, so that the site model (site.ts), which gives every row
 * its badge, and the `/recurring/` view, which reads the site model, do not
 * import each other. Pure.
 */
import type { SiteChain, SiteCorpus } from './corpus.ts';
import { slugMap, type Links } from './links.ts';
import { pageSuffix } from './pages.ts';

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

/**
 * How many occurrences one page of `/recurring/` holds at most: chains are
 * never split, so a page holds whole chains up to this many occurrences (one
 * longer chain alone). With 10,000 reports the page stays well under a megabyte.
 */
export const occurrencesPerPage = 300;

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

/** The latest date among a chain's occurrences (`''` when none has one). */
function latestDate(chain: SiteChain): string {
  return chain.occurrences.reduce((latest, occurrence) => (occurrence.date && occurrence.date > latest ? occurrence.date : latest), '');
}

/** A chain in `/recurring/`'s order, with its fragment id and its page. */
export interface PlacedChain {
  chain: SiteChain;
  anchor: string;
  page: number;
}

const placed = new WeakMap<SiteCorpus, PlacedChain[]>();

/**
 * The chains in `/recurring/`'s order (longest first; among equally long ones,
 * the most recent last occurrence first; then by anchor), each on its page:
 * whole chains, `occurrencesPerPage` occurrences a page. Computed once per corpus.
 */
export function placedChains(corpus: SiteCorpus): PlacedChain[] {
  const known = placed.get(corpus);
  if (known) return known;
  const anchors = chainAnchors(corpus.chains);
  const ordered = corpus.chains
    .map((chain) => ({ chain, anchor: anchors.get(chain.occurrences[0]!.id)!, latest: latestDate(chain) }))
    .sort(
      (left, right) =>
        right.chain.occurrences.length - left.chain.occurrences.length ||
        (left.latest !== right.latest ? (left.latest < right.latest ? 1 : -1) : left.anchor < right.anchor ? -1 : left.anchor > right.anchor ? 1 : 0),
    );
  let page = 1;
  let filled = 0;
  const result = ordered.map(({ chain, anchor }) => {
    if (filled > 0 && filled + chain.occurrences.length > occurrencesPerPage) {
      page++;
      filled = 0;
    }
    filled += chain.occurrences.length;
    return { chain, anchor, page };
  });
  placed.set(corpus, result);
  return result;
}

/** The URL of page `page` of `/recurring/`. */
export function recurringHref(links: Pick<Links, 'recurring'>, page: number): string {
  return `${links.recurring}${pageSuffix(page)}`;
}

/** Each report's place in its repeat chain, by report id; the link leads to the chain on its page of `/recurring/`. */
export function rowChains(corpus: SiteCorpus, links: Links): Map<string, RowChain> {
  const result = new Map<string, RowChain>();
  for (const { chain, anchor, page } of placedChains(corpus)) {
    const href = `${recurringHref(links, page)}#${anchor}`;
    chain.occurrences.forEach((occurrence, index) => {
      const recurrences = chain.occurrences.length - 1;
      result.set(occurrence.id, { occurrences: chain.occurrences.length, recurrences, position: index + 1, label: recurrenceLabel(recurrences), href });
    });
  }
  return result;
}
