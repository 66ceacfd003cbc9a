/**
 * The site model of in-memory reports, built as the content loader and
 * `getSite()` build it: parsed, checked, projected to stored reports and to the
 * corpus data (through JSON, as the content store keeps them).
 */
import { checkReports } from '../../src/lib/check.ts';
import type { Config } from '../../src/lib/config.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { siteCorpus, type SiteCorpus } from '../../src/lib/site/corpus.ts';
import { toSiteReport, type SiteReport } from '../../src/lib/site/report.ts';
import { buildSite, type Site } from '../../src/lib/site/site.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

/** The site model of `files`, "now" being `now`. */
export function siteOf(files: Record<string, string>, options: { config?: Config; now?: Date } = {}): Site {
  const config = options.config ?? makeConfig();
  const now = options.now ?? new Date('2024-06-01T12:00:00Z');
  const parsed = parseFiles(files, config);
  const diagnostics = checkReports(parsed, config, { now });
  const graph = corpusGraph(parsed, config);
  const reports = parsed
    .map((one) => toSiteReport({ report: one, diagnostics, graph, config }))
    .filter((report): report is SiteReport => report !== undefined)
    .map((report) => JSON.parse(JSON.stringify(report)) as SiteReport);
  const corpus = JSON.parse(JSON.stringify(siteCorpus({ reports: parsed, diagnostics, graph, config, now }))) as SiteCorpus;
  return buildSite({ reports, config, now, corpus });
}
