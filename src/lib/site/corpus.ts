/**
 * What the site knows about the corpus as a whole, beyond each report: the
 * statistics (`corpusStatistics`), the repeat chains of the corpus graph, and the
 * earlier reports the `possible-repeat` check found for a report, and the
 * iCalendar feed of due dates and expiries. The content loader computes it once
 * per sync from the parsed reports and the check's diagnostics, and stores it as
 * one plain-data entry; `/stats/`, `/stats.json`, `/recurring/`,
 * `/calendar.ics`, the index's repeat badges and the report pages' "possible
 * repeat" notices read it, so no page reads or parses a report file again.
 */
import { buildCalendar, type CalendarOptions } from '../calendar.ts';
import type { Config } from '../config.ts';
import type { CorpusGraph } from '../graph.ts';
import type { ParsedReport } from '../parse.ts';
import { findPossibleRepeats } from '../repeats.ts';
import type { Diagnostic } from '../rule.ts';
import { corpusStatistics, type CorpusStatistics } from '../stats.ts';
import { printableData } from '../text.ts';

/** One report of a repeat chain, as the graph knows it (also a report the site leaves out). */
export interface ChainOccurrence {
  id: string;
  /** The title (the id when the frontmatter has none). */
  title: string;
  /** `YYYY-MM-DD`, when the frontmatter gives a valid date. */
  date?: string;
}

/** The time between one occurrence of a chain and the next. */
export interface ChainGap {
  earlier: string;
  later: string;
  /** Days between the two incidents' starts (fractional: impact start, else midnight UTC of `date`). */
  days: number;
}

/** Reports that repeat one another, earliest first (a `RepeatChain` of the corpus graph). */
export interface SiteChain {
  occurrences: ChainOccurrence[];
  /** Between consecutive occurrences, where both have a start. */
  gaps: ChainGap[];
}

/** An earlier report the `possible-repeat` check says a report looks like. */
export interface SitePossibleRepeat {
  /** The earlier report's id. */
  earlier: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date?: string;
  /** The similarity score the check gave, 0 to 1. */
  score: number;
  /** The services both affect. */
  sharedServices: string[];
}

/** The corpus-wide data the site stores (plain JSON). */
export interface SiteCorpus {
  /** `corpusStatistics()` of every parsed report, as is: `/stats.json` publishes it unchanged. */
  statistics: CorpusStatistics;
  /** Repeat chains, in the graph's order (the chain with the earliest first report first). */
  chains: SiteChain[];
  /**
   * By the later report's id: the earlier reports the `possible-repeat` check named, most similar first.
   * Ids are file names (`constructor.md` is a report too): read it with `Object.hasOwn`, never by a bare index.
   */
  possibleRepeats: Record<string, SitePossibleRepeat[]>;
  /** `/calendar.ics`: the core's `buildCalendar` of every parsed report. */
  calendar: string;
}

/** Everything `siteCorpus` needs: one sync of the content loader. */
export interface SiteCorpusInput {
  /** Every parsed report. */
  reports: readonly ParsedReport[];
  /** The check's diagnostics on them (the `possible-repeat` warnings are read from these). */
  diagnostics: readonly Diagnostic[];
  /** The corpus graph of `reports`. */
  graph: CorpusGraph;
  config: Config;
  /** For the calendar: the site's origin when `site.url` is not set, and the GitHub state (from the cache) its descriptions mention. */
  calendar?: CalendarOptions;
  /** The build's "now", for the sanity range of dates in the statistics and the calendar (default: the clock). */
  now?: Date;
}

/** The rule whose warnings become "possible repeat" notices. */
export const possibleRepeatRuleId = 'possible-repeat';

/**
 * The corpus data of one sync.
 *
 * Possible repeats follow the check exactly: a pair is shown only when the
 * `possible-repeat` rule reported it (so a rule turned off, a raised threshold or
 * the rule's limit per report apply to the site too). The similarity is computed
 * again for its score only when the rule reported something.
 */
export function siteCorpus({ reports, diagnostics, graph, config, calendar, now }: SiteCorpusInput): SiteCorpus {
  const occurrence = (id: string): ChainOccurrence => {
    const node = graph.nodes[id];
    return { id, title: node?.title ?? id, ...(node?.date ? { date: node.date } : {}) };
  };
  const chains = graph.chains.map((chain) => ({
    occurrences: chain.ids.map(occurrence),
    gaps: chain.gaps.map((gap) => ({ earlier: gap.earlier, later: gap.later, days: gap.days })),
  }));
  return {
    statistics: corpusStatistics(reports, config, now ? { now } : {}),
    // The graph keeps ids and titles as written; the stored reports' are `printable`, and pages look one up by the other.
    chains: printableData(chains),
    possibleRepeats: printableData(possibleRepeats(reports, diagnostics, graph, config)),
    calendar: buildCalendar(reports, config, { ...calendar, ...(now ? { now } : {}) }),
  };
}

function possibleRepeats(
  reports: readonly ParsedReport[],
  diagnostics: readonly Diagnostic[],
  graph: CorpusGraph,
  config: Config,
): Record<string, SitePossibleRepeat[]> {
  const reported = diagnostics.filter((diagnostic) => diagnostic.ruleId === possibleRepeatRuleId && diagnostic.cause);
  if (reported.length === 0) return {};
  // Paths to ids as the graph resolves them (the first report by path wins a duplicated id).
  const idByPath = new Map(Object.values(graph.nodes).map((node) => [node.path, node.id]));
  const wanted = new Set(reported.map((diagnostic) => `${idByPath.get(diagnostic.file)}\0${idByPath.get(diagnostic.cause!.file)}`));
  // No prototype while it is filled: a report named `constructor` gets a list of its own, not the inherited value.
  // (`printableData` makes it a plain object again, and pages read it with `Object.hasOwn`; `__proto__` cannot be an
  // id, since file names starting with `_` are never reports.)
  const result = Object.create(null) as Record<string, SitePossibleRepeat[]>;
  for (const pair of findPossibleRepeats(reports, config)) {
    if (!wanted.has(`${pair.later}\0${pair.earlier}`)) continue;
    const earlier = graph.nodes[pair.earlier];
    (result[pair.later] ??= []).push({
      earlier: pair.earlier,
      title: earlier?.title ?? pair.earlier,
      ...(earlier?.date ? { date: earlier.date } : {}),
      score: pair.score,
      sharedServices: [...pair.sharedServices],
    });
  }
  return result;
}
