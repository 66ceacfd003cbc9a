/**
 * Rule `possible-repeat`: a report that looks like an earlier one (a shared
 * service and similar text) but links it neither way.
 *
 * The founding failure: a credential expiry happened again a week later and nine
 * months later, and nothing connected the reports. This rule connects them while
 * the new report is still in review.
 */
import { corpusGraph } from '../graph.ts';
import { findPossibleRepeats, maxRepeatsPerReport } from '../repeats.ts';
import { defineCorpusRule } from '../rule.ts';
import { literal, literalList } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

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
    fix: "If it is the same problem, add the earlier report's id to `repeat_of` and read its action items (the `prior-open-actions` rule lists those still open). If it is only related, add it to `related`. If the two are unrelated, raise `repeats.threshold` in `hindsight.config.yaml`, or turn the rule off for the project (`rules: { possible-repeat: off }`). Archived reports (`status: archived`, brought in by `hindsight import`) are compared too, and keep this warning: linking the archive's repeats is how it becomes cross-linked, and a new report that reads like an archived one is the repeat this rule exists for.",
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
    // Only the checked reports are scored against the others (all reports still count as earlier ones and for word rarity).
    const isTarget = context.isTarget;
    const targets = isTarget && reports.some((report) => !isTarget(report)) ? new Set(reports.filter(isTarget).map((report) => report.id)) : undefined;
    const pairs = findPossibleRepeats(reports, context.config, targets);
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
