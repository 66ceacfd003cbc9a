/**
 * Possible repeats: pairs of reports that share a service and read alike but are
 * linked neither way. A module of its own because the `possible-repeat` rule, the
 * site's corpus pages and the pull request comment all need the same pairs (and
 * share one computation per corpus through the cache below).
 */
import type { Config } from './config.ts';
import { areLinked, corpusGraph } from './graph.ts';
import type { ParsedReport } from './parse.ts';
import { sectionTexts } from './report-terms.ts';
import { findSimilarPairs, type SimilarityDocument, type SimilarPair } from './similarity.ts';
import { impactInstants } from './time.ts';

/** At most this many earlier reports are named per report, the most similar first. */
export const maxRepeatsPerReport = 3;

/**
 * A report as the similarity core sees it: its title, tags, and the text of its
 * Overview, Root Cause, Impact and Resolution sections. A report without an
 * overview section contributes its whole body as the overview, so that free-form
 * reports are still compared. `undefined` when the frontmatter is invalid (no
 * reliable date or services).
 */
export function similarityDocument(report: ParsedReport): SimilarityDocument | undefined {
  const data = report.data;
  if (!data) return undefined;
  const start = impactInstants(report).start?.getTime();
  return {
    id: report.id,
    date: data.date,
    ...(start !== undefined && !Number.isNaN(start) ? { startTime: start } : {}),
    services: data.services,
    title: data.title,
    tags: data.tags,
    // Split into terms by the parse, and cached with it (report-terms.ts); else the text, split here.
    ...(report.terms ? { terms: report.terms } : sectionTexts(report.tree, report)),
  };
}

/** The pairs of every report, per corpus array and configuration: the check and the site's pages share one computation. */
const pairsCache = new WeakMap<readonly ParsedReport[], WeakMap<Config, SimilarPair[]>>();

/** The pairs kept for `reports`, by configuration. */
function cachedPairs(reports: readonly ParsedReport[]): WeakMap<Config, SimilarPair[]> {
  let byConfig = pairsCache.get(reports);
  if (!byConfig) {
    byConfig = new WeakMap();
    pairsCache.set(reports, byConfig);
  }
  return byConfig;
}

/**
 * Pairs of reports that look alike and are not linked, the later report first.
 *
 * @param later the ids of the later reports to find pairs for (`check` of a few files); default every report
 */
export function findPossibleRepeats(reports: readonly ParsedReport[], config: Config, later?: ReadonlySet<string>): SimilarPair[] {
  if (later) return computePossibleRepeats(reports, config, later);
  const byConfig = cachedPairs(reports);
  let pairs = byConfig.get(config);
  if (!pairs) {
    pairs = computePossibleRepeats(reports, config);
    byConfig.set(config, pairs);
  }
  return pairs;
}

function computePossibleRepeats(reports: readonly ParsedReport[], config: Config, later?: ReadonlySet<string>): SimilarPair[] {
  const graph = corpusGraph(reports, config);
  const { documents, threshold } = repeatSearch(reports, config);
  return findSimilarPairs(documents, {
    threshold,
    include: (laterId, earlierId) => !areLinked(graph, laterId, earlierId),
    ...(later ? { later } : {}),
  });
}

/** What a corpus's possible repeats are found from: its reports as plain data, and the threshold (see `rememberPossibleRepeats`). */
export interface RepeatSearch {
  /** The reports as the similarity core compares them, in the corpus graph's order. */
  documents: SimilarityDocument[];
  threshold: number;
}

/** The search `findPossibleRepeats` runs on `reports`, as plain data that another thread can run (`findSimilarPairs`). */
export function repeatSearch(reports: readonly ParsedReport[], config: Config): RepeatSearch {
  const graph = corpusGraph(reports, config);
  const byPath = new Map(reports.map((report) => [report.path, report]));
  const documents: SimilarityDocument[] = [];
  for (const id of graph.order) {
    const report = byPath.get(graph.nodes[id]!.path);
    const document = report && similarityDocument(report);
    if (document) documents.push(document);
  }
  return { documents, threshold: config.repeats.threshold };
}

/**
 * Keeps, for `findPossibleRepeats(reports, config)`, the pairs another thread
 * found with `findSimilarPairs(search.documents, { threshold: search.threshold })`
 * (`repeatSearch`): the pairs of reports that already link each other are left
 * out here, which gives what `findPossibleRepeats` would have (it leaves them out
 * after scoring too).
 */
export function rememberPossibleRepeats(reports: readonly ParsedReport[], config: Config, similar: readonly SimilarPair[]): void {
  const graph = corpusGraph(reports, config);
  const pairs = similar.filter((pair) => !areLinked(graph, pair.later, pair.earlier));
  cachedPairs(reports).set(config, pairs);
}
