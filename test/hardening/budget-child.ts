/**
 * Run by test/hardening/limits.test.ts in a child Node with a small heap
 * (`--max-old-space-size`): checks and renders every hostile report, as the CLI
 * and the site's loader do, and prints the process's peak memory. A report that
 * needed more memory than the heap allows kills the child, which the test sees.
 */
import { checkReports } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { toSiteReport } from '../../src/lib/site/report.ts';
import { makeConfig } from '../helpers.ts';
import { costlyReports, crashingReports, heavyAcceptedReports } from './hostile.ts';

const config = makeConfig();
const checked: string[] = [];
for (const [name, { path, text }] of Object.entries({ ...crashingReports, ...costlyReports, ...heavyAcceptedReports })) {
  const report = parseReport(path, new TextEncoder().encode(text), config);
  const diagnostics = checkReports([report], config, { now: new Date('2024-06-01T00:00:00Z') });
  // The loader renders only what parsed within the limits.
  if (!report.limit) toSiteReport({ report, diagnostics, graph: corpusGraph([report], config), config });
  checked.push(name);
}
process.stdout.write(JSON.stringify({ checked: checked.length, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
