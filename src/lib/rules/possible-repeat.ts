/**
 * Rule `possible-repeat`: a report that looks like an earlier one (a shared
 * service and similar text) but links it neither way.
 *
 * The founding failure: a credential expiry happened again a week later and nine
 * months later, and nothing connected the reports. This rule connects them while
 * the new report is still in review.
 */
import type { Nodes, Root } from 'mdast';
import type { Config } from '../config.ts';
import { areLinked, corpusGraph } from '../graph.ts';
import type { ParsedReport } from '../parse.ts';
import { defineCorpusRule } from '../rule.ts';
import { sectionContent } from '../sections.ts';
import { findSimilarPairs, type SimilarityDocument, type SimilarPair } from '../similarity.ts';
import { literal, literalList, normalizeLabel } from '../text.ts';
import { impactInstants } from '../time.ts';
import { completeBody, report as example } from './examples.ts';

/** At most this many earlier reports are named per report, the most similar first. */
export const maxRepeatsPerReport = 3;

/**
 * Which configured section names feed which text field. Presets name the same
 * section differently (`Overview` / `Summary`, `Resolution` / `Recovery`).
 */
const sectionFields: Readonly<Record<'overview' | 'rootCause' | 'impact' | 'resolution', readonly string[]>> = {
  overview: ['overview', 'summary'],
  rootCause: ['root cause', 'trigger', 'fault'],
  impact: ['impact', 'what happened'],
  resolution: ['resolution', 'recovery'],
};

/** The words of a Markdown subtree, with spaces between nodes (so list items do not run together). Code blocks are skipped. */
function plainText(nodes: readonly Nodes[]): string {
  const parts: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'text' || node.type === 'inlineCode') parts.push(node.value);
    else if (node.type === 'code' || node.type === 'html') return;
    else if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  for (const node of nodes) visit(node);
  return parts.join(' ');
}

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
    ...sectionTexts(report.tree, report),
  };
}

/**
 * The text of the sections that say what happened and why, by field. Exported
 * for the evaluation, which reads reports without frontmatter (the dfds corpus).
 */
export function sectionTexts(tree: Root, report: Pick<ParsedReport, 'sections'>): Pick<SimilarityDocument, 'overview' | 'rootCause' | 'impact' | 'resolution'> {
  const texts: Partial<Record<keyof typeof sectionFields, string>> = {};
  for (const section of report.sections) {
    const name = normalizeLabel(section.name ?? section.title);
    for (const [field, names] of Object.entries(sectionFields) as Array<[keyof typeof sectionFields, readonly string[]]>) {
      if (!names.includes(name)) continue;
      const text = plainText(sectionContent(tree, section));
      texts[field] = texts[field] ? `${texts[field]} ${text}` : text;
    }
  }
  if (texts.overview === undefined) texts.overview = plainText(tree.children);
  return texts;
}

/** Pairs of reports that look alike and are not linked, the later report first. */
export function findPossibleRepeats(reports: readonly ParsedReport[], config: Config): SimilarPair[] {
  const graph = corpusGraph(reports, config);
  const byPath = new Map(reports.map((report) => [report.path, report]));
  const documents: SimilarityDocument[] = [];
  for (const id of graph.order) {
    const report = byPath.get(graph.nodes[id]!.path);
    const document = report && similarityDocument(report);
    if (document) documents.push(document);
  }
  return findSimilarPairs(documents, {
    threshold: config.repeats.threshold,
    include: (later, earlier) => !areLinked(graph, later, earlier),
  });
}

const earlierBody = completeBody;

const laterBody = `# API errors after release 57

## Overview

The API returned errors for every request after release 57 was deployed.

## Impact

All API clients failed for 25 minutes.

## Timeline

- 14:00 Deploy of release 57 starts.
- 14:03 Error rate alert fires.
- 14:25 Rollback completes; errors stop.

## Resolution

Rolled back release 57.

## Action Items

- [ ] Add a canary stage to deploys: acme/api#140
`;

export default defineCorpusRule({
  id: 'possible-repeat',
  severity: 'warning',
  docs: {
    summary: 'A report that shares a service with an earlier report and reads like it, but links it neither in `repeat_of` nor in `related`.',
    rationale:
      'A repeat incident is the clearest sign that a resolution missed something, and the earlier report is where the missing step is written down. Teams lose earlier reports: the same credential expiry has gone unnoticed a week later and again nine months later. Hindsight compares each report with the earlier reports of the same services (title, tags, Overview, Root Cause, Impact and Resolution; TF-IDF cosine over stemmed words, with incident synonyms such as secret = credential) and asks the author to link the ones that look alike. Reports joined by any chain of links are never reported.',
    fix: "If it is the same problem, add the earlier report's id to `repeat_of` and read its action items (the `prior-open-actions` rule lists those still open). If it is only related, add it to `related`. If the two are unrelated, raise `repeats.threshold` in `hindsight.config.yaml`, or turn the rule off for the project (`rules: { possible-repeat: off }`).",
    examples: [
      {
        title: 'The same failure again, differently titled, with no link',
        files: {
          'postmortems/2024-11-20-api-errors-after-release.md': example({
            title: 'API errors after release 57',
            date: '2024-11-20',
            body: laterBody,
          }),
          'postmortems/2024-03-01-api-down.md': example({ body: earlierBody }),
        },
        expected: [
          '2:8: Unexpected report that looks like a repeat of `2024-03-01-api-down` (“API down after a bad deploy”, 2024-03-01; similarity 0.84), expected `repeat_of` or `related` to link it',
        ],
      },
      {
        title: 'The repeat links the earlier report',
        files: {
          'postmortems/2024-11-20-api-errors-after-release.md': example({
            title: 'API errors after release 57',
            date: '2024-11-20',
            extra: 'repeat_of: [2024-03-01-api-down]\n',
            body: laterBody,
          }),
          'postmortems/2024-03-01-api-down.md': example({ body: earlierBody }),
        },
        expected: [],
      },
    ],
  },
  check(reports, context) {
    const pairs = findPossibleRepeats(reports, context.config);
    // Ids resolve as in the graph (the first report by path wins a duplicated id).
    const graph = corpusGraph(reports, context.config);
    const byPath = new Map(reports.map((report) => [report.path, report]));
    const byId = (id: string) => byPath.get(graph.nodes[id]!.path)!;
    let current = '';
    let named = 0;
    for (const pair of pairs) {
      if (pair.later !== current) {
        current = pair.later;
        named = 0;
      }
      if (named >= maxRepeatsPerReport) continue;
      named++;
      const later = byId(pair.later);
      const earlier = byId(pair.earlier);
      const earlierData = earlier.data!;
      context.report(later, {
        message: `Unexpected report that looks like a repeat of ${literal(earlier.id)} (“${earlierData.title}”, ${earlierData.date}; similarity ${pair.score.toFixed(2)}), expected \`repeat_of\` or \`related\` to link it`,
        place: later.frontmatter.fields.title?.value ?? later.frontmatter.openingPlace,
        cause: {
          file: earlier.path,
          message: `Earlier report ${literal(earlier.id)}: “${earlierData.title}”`,
          place: earlier.frontmatter.fields.title?.value ?? earlier.frontmatter.openingPlace,
        },
        note: `Both affect ${literalList(pair.sharedServices, 'and')}; the words they share most: ${literalList(pair.sharedTerms, 'and')}. Add \`repeat_of: [${earlier.id}]\` if it is the same problem, \`related: [${earlier.id}]\` if it is connected.`,
      });
    }
  },
});
