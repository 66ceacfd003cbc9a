/**
 * Rule `reference`: `repeat_of` and `related` name reports that exist, and no two
 * reports share an id.
 */
import { closestMatch } from '../distance.ts';
import { corpusGraph, isReportIdLink } from '../graph.ts';
import { listItemPlace } from '../frontmatter.ts';
import type { ParsedReport } from '../parse.ts';
import { defineCorpusRule, type RuleContext } from '../rule.ts';
import { literal } from '../text.ts';
import { report as example } from './examples.ts';

/** Whether a `repeat_of`/`related` value names a report id; defined with the graph, which resolves them (the site imports it from here). */
export { isReportIdLink };

/**
 * `repeat_of` links that go round in a circle (A repeats B repeats A): a repeat
 * chain must run from earlier to later reports. Each link on the circle is reported
 * where it is written, with the next one as its cause, so every file on it is told.
 */
function reportCycles(reports: readonly ParsedReport[], context: RuleContext): void {
  const graph = corpusGraph(reports, context.config);
  const byPath = new Map(reports.map((report) => [report.path, report]));
  for (const cycle of graph.cycles) {
    if (cycle.ids.length < 2) continue; // A report repeating itself is reported below, at its link.
    const members = new Set(cycle.ids);
    const links = graph.edges.filter((edge) => edge.kind === 'repeat_of' && !edge.via && members.has(edge.from) && members.has(edge.to));
    const circle = cycle.ids.map((id) => literal(id)).join(', ');
    for (const link of links) {
      const report = byPath.get(graph.nodes[link.from]?.path ?? '');
      const next = links.find((other) => other.from === link.to);
      const nextReport = next && byPath.get(graph.nodes[next.from]?.path ?? '');
      if (!report) continue;
      context.report(report, {
        message: `Unexpected cycle of \`repeat_of\` links between ${circle}, expected each report to repeat only earlier reports`,
        place: link.place,
        cause: next && nextReport ? { file: nextReport.path, message: `${literal(next.from)} repeats ${literal(next.to)} here`, place: next.place } : undefined,
      });
    }
  }
}

export default defineCorpusRule({
  id: 'reference',
  severity: 'error',
  docs: {
    summary: '`repeat_of` and `related` name reports that exist, `repeat_of` links never go round in a circle, and every report id (file name) is unique.',
    rationale:
      'Links between reports are how a repeat incident is noticed: a mistyped id silently breaks the chain the next reader relies on. Two files with the same name in different folders would make every link to that id ambiguous.',
    fix: 'Use the earlier report\'s id: its file name without `.md`, as the message suggests. Link issues or pull requests by URL or `owner/repo#123` instead. Rename one of two files that share an id.',
    examples: [
      {
        title: 'A `repeat_of` id with a typo',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-dwn]\n' }),
          'postmortems/2024-03-01-api-down.md': example(),
        },
        expected: [
          '10:13: Unexpected unknown report `2024-03-01-api-dwn` in `repeat_of`, expected the id of a report (did you mean `2024-03-01-api-down`?)',
        ],
      },
      {
        title: 'A link to an existing report and one to an issue',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({
            date: '2024-03-08',
            extra: 'repeat_of: [2024-03-01-api-down]\nrelated: [acme/api#7]\n',
          }),
          'postmortems/2024-03-01-api-down.md': example(),
        },
        expected: [],
      },
    ],
  },
  check(reports, context) {
    reportCycles(reports, context);
    // The graph decides which file owns a shared id (the first by path), so links resolve to the file this rule calls the first.
    const graph = corpusGraph(reports, context.config);
    const byPath = new Map(reports.map((report) => [report.path, report]));
    for (const report of reports) {
      const first = byPath.get(graph.nodes[report.id]?.path ?? '');
      if (!first || first === report) continue;
      context.report(report, {
        message: `Unexpected duplicate report id ${literal(report.id)}, expected every file name to be unique (also used by ${literal(first.path)})`,
        place: report.frontmatter.openingPlace,
        cause: { file: first.path, message: 'First used here', place: first.frontmatter.openingPlace },
      });
    }
    for (const report of reports) {
      if (!report.data) continue;
      for (const field of ['repeat_of', 'related'] as const) {
        report.data[field].forEach((link, position) => {
          if (!isReportIdLink(link)) return;
          const place = listItemPlace(report.frontmatter, field, position);
          if (link === report.id) {
            context.report(report, {
              message: `Unexpected link from report ${literal(link)} to itself in \`${field}\`, expected the id of another report`,
              place,
            });
            return;
          }
          if (graph.nodes[link]) return;
          const suggestion = closestMatch(link, Object.keys(graph.nodes));
          context.report(report, {
            message: `Unexpected unknown report ${literal(link)} in \`${field}\`, expected the id of a report${
              suggestion ? ` (did you mean ${literal(suggestion)}?)` : ' (a file name without `.md`)'
            }`,
            place,
          });
        });
      }
    }
  },
});
