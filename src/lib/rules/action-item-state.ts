/**
 * Rule `action-item-state`: with GitHub state (`check --github`), the action items
 * and `resolution_prs` say what GitHub says. Silent for every reference whose state
 * is unknown (no `--github`, no token, offline, an error).
 */
import type { ParsedReport } from '../parse.ts';
import { listItemPlace } from '../frontmatter.ts';
import { parseReference, type TrackerReference } from '../references.ts';
import { defineReportRule, type RuleContext } from '../rule.ts';
import type { ReferenceState } from '../issue-state.ts';
import { literal, literalList } from '../text.ts';
import { localDate } from '../time.ts';
import { completeBody, report as example } from './examples.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const items = '- [ ] Add a canary stage to deploys: acme/api#101\n';

/** Replaces the example body's one action item with `lines`. */
const withItems = (lines: string) => completeBody.replace(items, lines);

/** Reports `resolution_prs` entries that GitHub says are not merged pull requests. */
function checkResolutionPrs(report: ParsedReport, context: RuleContext): void {
  const lookup = context.github;
  if (!lookup || !report.data) return;
  report.data.resolution_prs.forEach((value, position) => {
    const reference = parseReference(value, context.config);
    if (!reference?.github) return;
    const state = lookup.get(reference.github);
    const place = listItemPlace(report.frontmatter, 'resolution_prs', position);
    const label = literal(reference.label);
    const kind = state.kind ?? reference.github.kind;
    let problem: string | undefined;
    if (state.state === 'missing') problem = `Unexpected ${label} in \`resolution_prs\` that does not exist on GitHub, expected a merged pull request`;
    else if (state.state === 'unknown' || state.state === 'merged') problem = undefined;
    else if (kind === 'issue')
      problem = `Unexpected issue ${label} in \`resolution_prs\`, expected a merged pull request (link the pull request that made the fix permanent)`;
    else {
      const how = state.state === 'open' ? 'still open' : 'closed without merging';
      problem = `Unexpected unmerged pull request ${label} (${how}) in \`resolution_prs\`, expected a merged pull request: until it is merged the fix is not permanent`;
    }
    if (problem) context.report(report, { message: problem, place });
  });
}

export default defineReportRule({
  id: 'action-item-state',
  severity: 'error',
  // An archive must not fail CI because of what GitHub says today about issues filed years ago.
  lenience: { draft: 'warning', archived: 'warning' },
  docs: {
    summary:
      'With GitHub access (`check --github`): a linked issue that does not exist, an open item past its `due:` date, open items in a `status: closed` report, a `resolution_prs` pull request that is not merged, and an item ticked `[x]` whose issue is still open.',
    rationale:
      'The founding incident happened twice because one step of the first resolution (committing the renewed secret) was written down, filed, and never done: the report looked finished while its issue stayed open. Checking the items against GitHub turns "we said we would" into "it is done": a report is not closed while its follow-ups are open, and a fix counts as permanent only when its pull request is merged. Without GitHub access (no `--github`, no token, offline, rate limited) a state is unknown and this rule says nothing about it.',
    fix: "Fix the link of an issue that does not exist. Close (or re-plan) the issue of an overdue item, or move its `due:` date. Keep a report `in-review` or `reviewed` until its items are closed. Merge the pull request in `resolution_prs`, or link the one that was merged. Untick `[x]` on items whose issue is still open, or close the issue. On drafts and archived reports (`status: archived`) every finding is a warning: an archive records what was decided then, and its issues' state today must not fail CI.",
    examples: [
      {
        title: 'A `closed` report whose action item is still open',
        files: { [path]: example({ status: 'closed' }) },
        github: { 'acme/api#101': 'open' },
        expected: [
          '34:1: Unexpected open action item (`acme/api#101` is open) in a report with `status: closed`, expected every action item closed before the report is',
        ],
      },
      {
        title: 'A resolution pull request that was never merged',
        files: { [path]: example({ extra: 'resolution_prs: [acme/api#150]\n' }) },
        github: { 'acme/api#150': 'open', 'acme/api#101': 'closed' },
        expected: [
          '10:18: Unexpected unmerged pull request `acme/api#150` (still open) in `resolution_prs`, expected a merged pull request: until it is merged the fix is not permanent',
        ],
      },
      {
        title: 'A link to an issue that does not exist',
        files: { [path]: example({ body: withItems('- [ ] Add a canary stage to deploys: acme/api#1010\n') }) },
        github: { 'acme/api#1010': 'missing' },
        expected: ['34:38: Unexpected reference `acme/api#1010` to an issue that does not exist on GitHub, expected an existing issue or pull request'],
      },
      {
        title: 'An overdue item, and one ticked done whose issue is open',
        files: {
          [path]: example({
            body: withItems('- [ ] Add a canary stage to deploys: acme/api#101 due: 2024-05-01\n- [x] Alert per release: acme/api#102\n'),
          }),
        },
        github: { 'acme/api#101': 'open', 'acme/api#102': 'open' },
        expected: [
          '34:1: Unexpected open action item past its due date `2024-05-01` (`acme/api#101` is open), expected it done by then, or a later `due:` date',
          '35:1: Unexpected open issue `acme/api#102` for an action item marked done `[x]`, expected the issue closed (or the item unticked)',
        ],
      },
      {
        title: 'An overdue item of an archived report (a warning)',
        files: {
          [path]: example({ status: 'archived', body: withItems('- [ ] Add a canary stage to deploys: acme/api#101 due: 2024-05-01\n') }),
        },
        github: { 'acme/api#101': 'open' },
        expected: [
          '34:1: Unexpected open action item past its due date `2024-05-01` (`acme/api#101` is open), expected it done by then, or a later `due:` date',
        ],
      },
      {
        title: 'Closed items, a merged resolution pull request, and an unknown state',
        files: {
          [path]: example({
            status: 'closed',
            extra: 'resolution_prs: [acme/api#150]\n',
            body: withItems('- [x] Add a canary stage to deploys: acme/api#101\n- [x] Alert per release: acme/api#102 due: 2024-05-01\n'),
          }),
        },
        github: { 'acme/api#150': 'merged', 'acme/api#101': 'closed', 'acme/api#102': 'unknown' },
        expected: [],
      },
    ],
  },
  check(report, context) {
    const lookup = context.github;
    if (!lookup) return;
    const today = localDate(context.now, report.data?.timezone ?? context.config.timezone);
    const closedReport = report.data?.status === 'closed';
    for (const item of report.actionItems) {
      const open: TrackerReference[] = [];
      const states: [TrackerReference, ReferenceState][] = [];
      for (const reference of item.references) {
        if (!reference.github) continue;
        states.push([reference, lookup.get(reference.github)]);
      }
      for (const [reference, state] of states) {
        if (state.state === 'missing') {
          context.report(report, {
            message: `Unexpected reference ${literal(reference.label)} to an issue that does not exist on GitHub, expected an existing issue or pull request`,
            place: reference.place,
          });
        }
        if (state.state === 'open') open.push(reference);
      }
      if (open.length === 0) continue;
      const labels = literalList(
        open.map((reference) => reference.label),
        'and',
      );
      const openWords = `${labels} ${open.length === 1 ? 'is' : 'are'} open`;
      if (item.due !== undefined && item.due < today) {
        context.report(report, {
          message: `Unexpected open action item past its due date ${literal(item.due)} (${openWords}), expected it done by then, or a later \`due:\` date`,
          place: item.place,
          severity: 'warning',
        });
      }
      if (closedReport) {
        context.report(report, {
          message: `Unexpected open action item (${openWords}) in a report with \`status: closed\`, expected every action item closed before the report is`,
          place: item.place,
        });
      }
      if (item.checked === true) {
        context.report(report, {
          message: `Unexpected open issue${open.length === 1 ? '' : 's'} ${labels} for an action item marked done \`[x]\`, expected the issue closed (or the item unticked)`,
          place: item.place,
          severity: 'warning',
        });
      }
    }
    checkResolutionPrs(report, context);
  },
});
