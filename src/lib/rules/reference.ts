/**
 * Rule `reference`: `repeat_of` and `related` name reports that exist, and no two
 * reports share an id.
 */
import { closestMatcher } from '../distance.ts';
import { corpusGraph, edgesFrom, isReportIdLink, type CorpusGraph } from '../graph.ts';
import { listItemPlace } from '../frontmatter.ts';
import type { ParsedReport } from '../parse.ts';
import { defineCorpusRule, type RuleContext } from '../rule.ts';
import { literal } from '../text.ts';
import { report as example } from './examples.ts';

/** How many reports of a cycle its message names: a cycle through 1,000 reports is still one short message. */
export const cycleMembersShown = 5;

/** Orders report ids by their report's `date` (undated last), then by id. */
function byDateThenId(graph: CorpusGraph) {
  return (left: string, right: string): number => {
    const a = graph.nodes[left]?.date ?? '\uffff';
    const b = graph.nodes[right]?.date ?? '\uffff';
    return a < b ? -1 : a > b ? 1 : left < right ? -1 : left > right ? 1 : 0;
  };
}

/** "`a`, `b` and `c`", or "`a`, …, `e` and 995 other reports" past `cycleMembersShown`. */
function memberList(ids: readonly string[]): string {
  const shown = ids.slice(0, cycleMembersShown).map((id) => literal(id));
  const more = ids.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} other ${more === 1 ? 'report' : 'reports'}`;
  return shown.length === 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * `repeat_of` links that go round in a circle (A repeats B repeats A): a repeat
 * chain must run from earlier to later reports. Each cycle is reported once, at
 * the link of its earliest report (the one link that surely points the wrong way:
 * it says an earlier incident repeats a later one), with the link back to that
 * report as the cause. When the earliest report is not checked in this run
 * (`check --changed`), the next one that is carries the message instead.
 */
function reportCycles(reports: readonly ParsedReport[], context: RuleContext): void {
  const graph = corpusGraph(reports, context.config);
  const byPath = new Map(reports.map((report) => [report.path, report]));
  const reportOf = (id: string) => byPath.get(graph.nodes[id]?.path ?? '');
  const rank = new Map(graph.order.map((id, position) => [id, position]));
  for (const cycle of graph.cycles) {
    if (cycle.ids.length < 2) continue; // A report repeating itself is reported below, at its link.
    const members = new Set(cycle.ids);
    // The members' own links in the order of `graph.edges`, not a scan of every edge: many cycles in a large corpus stay linear.
    const links = [...cycle.ids]
      .sort((left, right) => rank.get(left)! - rank.get(right)!)
      .flatMap((id) => edgesFrom(graph, id))
      .filter((edge) => edge.kind === 'repeat_of' && !edge.via && members.has(edge.to));
    const ordered = [...cycle.ids].sort(byDateThenId(graph));
    const teller = ordered.find((id) => {
      const report = reportOf(id);
      return report !== undefined && (context.isTarget?.(report) ?? true) && links.some((link) => link.from === id);
    });
    if (teller === undefined) continue;
    const link = links.find((candidate) => candidate.from === teller)!;
    const back = links.find((candidate) => candidate.to === teller);
    const backReport = back && reportOf(back.from);
    context.report(reportOf(teller)!, {
      message: `Unexpected cycle of \`repeat_of\` links between ${memberList(ordered)}, expected each report to repeat only earlier reports`,
      place: link.place,
      cause: back && backReport ? { file: backReport.path, message: `${literal(back.from)} repeats ${literal(back.to)} here`, place: back.place } : undefined,
      note: `${literal(teller)} says it repeats ${literal(link.to)}, which leads back to it: if they are connected but this is not a repeat, move the link to \`related\`.`,
    });
  }
}

/** How two ids that are not equal would still collide, or `undefined` when they would not. */
function collision(id: string, other: string): string | undefined {
  if (id.toLowerCase() === other.toLowerCase()) return 'only in letter case';
  if (id.normalize('NFC') === other.normalize('NFC')) return 'only in how its accents are encoded (Unicode normalization)';
  if (id.normalize('NFC').toLowerCase() === other.normalize('NFC').toLowerCase()) return 'only in letter case and Unicode normalization';
  return undefined;
}

/**
 * Ids that differ from an earlier one only in case (`Case` and `case`) or in
 * Unicode normalization: two files on Linux, one on macOS and Windows (the
 * checkout keeps one of them), and one URL on most hosts. The first by path
 * (code-unit order, as the graph picks among equal ids) keeps the id.
 */
function reportCollisions(reports: readonly ParsedReport[], graph: CorpusGraph, context: RuleContext): void {
  const owners = reports
    .filter((report) => graph.nodes[report.id]?.path === report.path)
    .sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  const firstByKey = new Map<string, ParsedReport>();
  for (const report of owners) {
    const key = report.id.normalize('NFC').toLowerCase();
    const first = firstByKey.get(key);
    if (!first) {
      firstByKey.set(key, report);
      continue;
    }
    context.report(report, {
      message: `Unexpected report id ${literal(report.id)} that differs from ${literal(first.id)} ${collision(report.id, first.id) ?? 'only in letter case'}, expected ids that stay distinct on case-insensitive file systems and in URLs (also used by ${literal(first.path)})`,
      place: report.frontmatter.openingPlace,
      cause: { file: first.path, message: 'First used here', place: first.frontmatter.openingPlace },
    });
  }
}

export default defineCorpusRule({
  id: 'reference',
  severity: 'error',
  docs: {
    summary:
      '`repeat_of` and `related` name reports that exist, `repeat_of` links never go round in a circle, and every report id (file name) is unique, also when letter case is ignored.',
    rationale:
      'Links between reports are how a repeat incident is noticed: a mistyped id silently breaks the chain the next reader relies on. Two files with the same name in different folders would make every link to that id ambiguous, and `Case.md` beside `case.md` is one file on macOS and Windows and one page on most web hosts.',
    fix: "Use the earlier report's id: its file name without `.md`, as the message suggests. Link issues or pull requests by URL or `owner/repo#123` instead. Rename one of two files that share an id, or whose names differ only in letter case. A cycle is reported once, at the earliest report's `repeat_of`: an earlier incident cannot repeat a later one, so that link is usually the one to move to `related`.",
    examples: [
      {
        title: 'A `repeat_of` id with a typo',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-dwn]\n' }),
          'postmortems/2024-03-01-api-down.md': example(),
        },
        expected: ['10:13: Unexpected unknown report `2024-03-01-api-dwn` in `repeat_of`, expected the id of a report (did you mean `2024-03-01-api-down`?)'],
      },
      {
        title: 'Two ids that differ only in letter case',
        files: {
          'postmortems/2024-03-01-api-down.md': example(),
          'postmortems/2024-03-01-API-down.md': example(),
        },
        expected: [
          '1:1: Unexpected report id `2024-03-01-api-down` that differs from `2024-03-01-API-down` only in letter case, expected ids that stay distinct on case-insensitive file systems and in URLs (also used by `postmortems/2024-03-01-API-down.md`)',
        ],
      },
      {
        title: 'A cycle of `repeat_of` links, reported once at the earliest report',
        files: {
          'postmortems/2024-03-01-api-down.md': example({ extra: 'repeat_of: [2024-03-08-api-down-again]\n' }),
          'postmortems/2024-03-08-api-down-again.md': example({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
        },
        expected: [
          '10:13: Unexpected cycle of `repeat_of` links between `2024-03-01-api-down` and `2024-03-08-api-down-again`, expected each report to repeat only earlier reports',
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
    reportCollisions(reports, graph, context);
    // Built at the first unknown id, once: a "did you mean" per unknown id must not compare it with every report.
    let suggest: ReturnType<typeof closestMatcher> | undefined;
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
          suggest ??= closestMatcher(Object.keys(graph.nodes));
          const suggestion = suggest(link);
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
