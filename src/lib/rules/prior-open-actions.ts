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
import type { Config } from '../config.ts';
import { corpusGraph, linkKey, type GraphEdge } from '../graph.ts';
import type { StateLookup } from '../github/state.ts';
import type { ParsedReport } from '../parse.ts';
import type { TrackerReference } from '../references.ts';
import { defineCorpusRule } from '../rule.ts';
import { literal } from '../text.ts';
import { report as example } from './examples.ts';

/** The live state of a tracker issue, when it is known (GitHub: `open` / `closed`). */
export type TrackerState = 'open' | 'closed';

/**
 * Looks up a reference's live state, e.g. from the GitHub state cache. Returns
 * `undefined` when the state is unknown (no token, no cache, another tracker).
 */
export type TrackerStateLookup = (reference: TrackerReference) => TrackerState | undefined;

/**
 * Whether an action item is still to be done.
 *
 * - A known tracker state wins: the item is open when any of its references is
 *   `open`, done when all that are known are `closed`. The checkbox in an old
 *   report is a snapshot; the issue is the live record.
 * - Otherwise the checkbox decides: `[ ]` is open, `[x]` is done.
 * - An item with neither (no checkbox, state unknown) is not counted as open:
 *   nothing says it is, and guessing would make every repeat of a report
 *   written without checkboxes noisy. With GitHub state available such items
 *   are judged by their issues.
 *
 * @param item the action item
 * @param lookup the live state of a reference, when known (see `TrackerStateLookup`)
 */
export function isOpenActionItem(item: ActionItem, lookup?: TrackerStateLookup): boolean {
  if (lookup) {
    const states = item.references.map((reference) => lookup(reference)).filter((state) => state !== undefined);
    if (states.includes('open')) return true;
    if (states.length > 0) return false;
  }
  return item.checked === false;
}

/**
 * Adapts GitHub state (from `check --github`, live or cached) to a tracker state:
 * merged and closed are done, open is open; missing or unknown leaves the checkbox
 * to decide.
 */
export function githubTrackerState(github: StateLookup): TrackerStateLookup {
  return (reference) => {
    if (!reference.github) return undefined;
    const { state } = github.get(reference.github);
    if (state === 'open') return 'open';
    if (state === 'closed' || state === 'merged') return 'closed';
    return undefined;
  };
}

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
 * @param lookup the live state of a reference, when known
 */
export function priorOpenActions(report: ParsedReport, reports: readonly ParsedReport[], config: Config, lookup?: TrackerStateLookup): PriorOpenAction[] {
  const graph = corpusGraph(reports, config);
  if (graph.nodes[report.id]?.path !== report.path) return [];
  const byPath = new Map(reports.map((candidate) => [candidate.path, candidate]));
  const carriedOver = new Set(report.actionItems.flatMap((item) => item.references.map((reference) => referenceKey(reference, config))));
  const seen = new Set<string>();
  const found: PriorOpenAction[] = [];
  for (const link of graph.edges) {
    if (link.from !== report.id || link.kind !== 'repeat_of' || seen.has(link.to)) continue;
    seen.add(link.to);
    const earlier = byPath.get(graph.nodes[link.to]!.path);
    if (!earlier) continue;
    for (const item of earlier.actionItems) {
      if (!isOpenActionItem(item, lookup)) continue;
      if (item.references.some((reference) => carriedOver.has(referenceKey(reference, config)))) continue;
      found.push({ link, earlier, item });
    }
  }
  return found;
}

function referenceKey(reference: TrackerReference, config: Config): string {
  return linkKey(reference.github ? `${reference.github.owner}/${reference.github.repo}#${reference.github.number}` : reference.url, config);
}

/**
 * The item's text for a message: its first line without its references, `@owner`
 * and `due:` (the message lists the references itself).
 */
function itemSummary(item: ActionItem): string {
  let text = item.text.split('\n')[0]!;
  for (const reference of item.references) text = text.split(reference.raw).join(' ');
  return text
    .replace(/(?<![\w.])@[\w/-]+/g, ' ')
    .replace(/\bdue:\s*\d{4}-\d{2}-\d{2}/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[\s:;,(–—-]+$/, '')
    .trim();
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
  docs: {
    summary: 'A report lists an earlier report in `repeat_of`, and that earlier report still has action items that are not done.',
    rationale:
      'When an incident repeats, the step that would have prevented it is often already written down as an open action item of the earlier report. The team behind the founding incident of this tool missed exactly that: the item "commit the new secret" was filed and left open, and the outage came back a week later. This rule shows the repeat\'s authors each open item, with a pointer to it in the earlier file. An item counts as open when its checkbox is unticked (`[ ]`), or, where the live tracker state is known, when its issue is open.',
    fix: 'Finish the earlier item and tick it (`[x]`), or carry it over: add an action item to this report that cites the same issue, so that it is tracked with this incident.',
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
    const lookup = context.github ? githubTrackerState(context.github) : undefined;
    for (const report of reports) {
      if (!report.data || report.data.repeat_of.length === 0) continue;
      for (const { link, earlier, item } of priorOpenActions(report, reports, context.config, lookup)) {
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
