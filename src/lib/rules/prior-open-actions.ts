/**
 * Rule `prior-open-actions`: a report says it repeats an earlier one, and the
 * earlier report still has action items that are not done.
 *
 * The founding failure: "it was not clear to the team that an important step had
 * been missed from the resolution to the previous outage". The step was an
 * action item, filed and left open. This rule puts it in front of the authors of
 * the repeat report, with a pointer to the item in the earlier file.
 */
import type { ActionItem } from '../action-items.ts';
import { isCarriedOver, isOpenActionItem, itemSummary } from '../action-state.ts';
import type { Config } from '../config.ts';
import { corpusGraph, edgesFrom, linkKey, reportAt, type GraphEdge } from '../graph.ts';
import type { StateLookup } from '../issue-state.ts';
import type { ParsedReport } from '../parse.ts';
import type { TrackerReference } from '../references.ts';
import { defineCorpusRule } from '../rule.ts';
import { literal } from '../text.ts';
import { report as example } from './examples.ts';

/** One open action item of a report that another report repeats. */
export interface PriorOpenAction {
  /** The `repeat_of` link that leads to the earlier report. */
  link: GraphEdge;
  /** The earlier report. */
  earlier: ParsedReport;
  /** The item, still open. */
  item: ActionItem;
}

/**
 * The open action items of the reports `report` repeats (directly, through its
 * `repeat_of` links). Items the repeat report carries over (one of its own action
 * items cites the same issue) are left out: the team is tracking them again.
 * Each earlier report is visited once, however many links lead to it; a cycle
 * of `repeat_of` links is never followed.
 *
 * @param report the repeat report
 * @param reports every report of the corpus
 * @param config the project configuration
 * @param lookup GitHub states (live or cached), when known
 */
export function priorOpenActions(report: ParsedReport, reports: readonly ParsedReport[], config: Config, lookup?: StateLookup): PriorOpenAction[] {
  const graph = corpusGraph(reports, config);
  if (graph.nodes[report.id]?.path !== report.path) return [];
  const carriedOver = new Set(report.actionItems.flatMap((item) => item.references.map((reference) => referenceKey(reference, config))));
  const seen = new Set<string>();
  const found: PriorOpenAction[] = [];
  // Only this report's own links (indexed once per graph), so that checking every repeat stays linear in the corpus.
  for (const link of edgesFrom(graph, report.id)) {
    if (link.kind !== 'repeat_of' || seen.has(link.to)) continue;
    seen.add(link.to);
    const earlier = reportAt(reports, graph.nodes[link.to]!.path);
    if (!earlier) continue;
    for (const item of earlier.actionItems) {
      if (!isOpenActionItem(item, lookup)) continue;
      if (isCarriedOver(item, carriedOver, (reference) => referenceKey(reference, config))) continue;
      found.push({ link, earlier, item });
    }
  }
  return found;
}

function referenceKey(reference: TrackerReference, config: Config): string {
  return linkKey(reference.github ? `${reference.github.owner}/${reference.github.repo}#${reference.github.number}` : reference.url, config);
}

/** The body of the examples' repeat report, with one action item. */
const repeatBody = (actionItem: string) => `# API down again

## Overview

The API was down again after another bad deploy.

## Impact

All API clients failed for 30 minutes.

## Timeline

- 10:00 Deploy of release 43 starts.
- 10:30 Rollback completes.

## Resolution

Rolled back release 43.

## Action Items

${actionItem}
`;

export default defineCorpusRule({
  id: 'prior-open-actions',
  severity: 'warning',
  // Carrying items over is advice for a report being written; an archived repeat was written long ago.
  lenience: { archived: 'off' },
  docs: {
    summary: 'A report lists an earlier report in `repeat_of`, and that earlier report still has action items that are not done.',
    rationale:
      'When an incident repeats, the step that would have prevented it is often already written down as an open action item of the earlier report. The team behind the founding incident of this tool missed exactly that: the item "commit the new secret" was filed and left open, and the outage came back a week later. This rule shows the repeat\'s authors each open item, with a pointer to it in the earlier file. An item counts as open unless it is known to be done: done means its issues are closed or merged on GitHub (where their state is known), or, GitHub saying nothing, its box is ticked (`[x]`) or its table\'s Status column says done. An item with no checkbox and no known state is open: an unverified step is the one this rule exists to surface. An issue still open on GitHub keeps a ticked item open.',
    fix: "Finish the earlier item and tick it (`[x]`), or carry it over: add an action item to this report that cites the same issue, so that it is tracked with this incident. An archived repeat (`status: archived`, brought in by `hindsight import`) is not checked: it was written long ago. A new report that repeats an archived one is, since the archived report's open items are exactly what a repeat should read.",
    examples: [
      {
        title: 'A repeat whose earlier report left an item open',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({
            date: '2024-03-08',
            extra: 'repeat_of: [2024-03-01-api-down]\n',
            body: repeatBody('- [ ] Block deploys that fail the smoke test: acme/api#120'),
          }),
          'postmortems/2024-03-01-api-down.md': example(),
        },
        expected: [
          "10:13: Unexpected open action item `Add a canary stage to deploys` (acme/api#101) in the repeated report `2024-03-01-api-down`, expected it done or carried over into this report's action items",
        ],
      },
      {
        title: 'An archived repeat is history: not checked',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({
            date: '2024-03-08',
            status: 'archived',
            extra: 'repeat_of: [2024-03-01-api-down]\n',
            body: repeatBody('- [ ] Block deploys that fail the smoke test: acme/api#120'),
          }),
          'postmortems/2024-03-01-api-down.md': example(),
        },
        expected: [],
      },
      {
        title: 'The repeat carries the open item over',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({
            date: '2024-03-08',
            extra: 'repeat_of: [2024-03-01-api-down]\n',
            body: repeatBody('- [ ] Finish the canary stage left open last week: acme/api#101'),
          }),
          'postmortems/2024-03-01-api-down.md': example(),
        },
        expected: [],
      },
    ],
  },
  check(reports, context) {
    for (const report of reports) {
      if (!report.data || report.data.repeat_of.length === 0) continue;
      for (const { link, earlier, item } of priorOpenActions(report, reports, context.config, context.github)) {
        const labels = item.references.map((reference) => reference.label);
        context.report(report, {
          message: `Unexpected open action item ${literal(itemSummary(item))}${labels.length > 0 ? ` (${labels.join(', ')})` : ''} in the repeated report ${literal(earlier.id)}, expected it done or carried over into this report's action items`,
          place: link.place,
          cause: { file: earlier.path, message: `Open action item of ${literal(earlier.id)} here`, place: item.place },
        });
      }
    }
  },
});
