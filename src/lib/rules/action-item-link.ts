/**
 * Rule `action-item-link`: every action item is well formed: it links the tracker
 * issue that will get it done and writes any due date `YYYY-MM-DD`; an Action
 * Items section lists at least one item.
 */
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Config } from '../config.ts';
import { actionItemSections, type ActionItem } from '../action-items.ts';
import { dateRange, expectedInRange, inDateRange } from '../date-range.ts';
import { anyInRange, sortedOffsets } from '../offsets.ts';
import type { ParsedReport } from '../parse.ts';
import { findRefusedReferences, type TrackerReference } from '../references.ts';
import { defineReportRule } from '../rule.ts';
import { sectionContent, type Section } from '../sections.ts';
import { allMatches } from '../matches.ts';
import { literal, lineIndexOf, type Place } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

/** What counts as a reference under this configuration, for messages. */
export function expectedReferences(config: Config): string {
  const shapes = ['a GitHub issue or pull request URL', '`owner/repo#123`'];
  if (config.github.repository) shapes.push('`#123`');
  const trackers = [...new Set(config.trackers.map((tracker) => tracker.name))];
  if (trackers.length > 0) shapes.push(`a ${trackers.join(' or ')} URL`);
  return `${shapes.slice(0, -1).join(', ')} or ${shapes.at(-1)}`;
}

/** A bare `#123`, not part of a word, a path or `owner/repo#123`. */
const bareIssueNumber = /(?<![\w/&#])#\d+\b/;
/** http(s) URLs in Markdown source, up to a space or closing bracket. */
const urlPattern = /\bhttps?:\/\/[^\s<>()[\]`'"]+/gi;
/** A URL path that looks like an issue in some tracker: `/browse/OPS-1`, `/issue/ENG-1`, `/tickets/42`. */
const trackerLikePath = /\/(?:browse|issues?|tickets?|tasks?|stories|story|work_?items?|cards?)\/|\/[A-Z][A-Z0-9]+-\d+(?:\/|$)/i;

/**
 * What to set in the configuration so that an item's text would link its issue:
 * a bare `#123` needs `github.repository`; an issue URL of an unknown tracker needs
 * a `trackers` pattern. Undefined when the item holds neither.
 */
export function configurationHint(source: string, config: Config): string | undefined {
  if (!config.github.repository && bareIssueNumber.test(source)) {
    return 'set `github.repository` in hindsight.config.yaml to link bare `#123`';
  }
  for (const [raw] of allMatches(source, urlPattern)) {
    if (!URL.canParse(raw)) continue;
    const url = new URL(raw);
    if (/(^|\.)github\.com$/i.test(url.hostname) || !trackerLikePath.test(url.pathname)) continue;
    return `add a \`trackers\` pattern in hindsight.config.yaml for ${literal(url.hostname)}`;
  }
  return undefined;
}

/**
 * Whether a reference is the template's example (`owner/repo#123`): left in place
 * when the item is written, it links nothing.
 */
export function isPlaceholderReference(reference: TrackerReference): boolean {
  return reference.github?.owner.toLowerCase() === 'owner' && reference.github.repo.toLowerCase() === 'repo';
}

/** Whether a node shows a reader any text (HTML comments and empty table rows do not). */
function isVisible(node: RootContent): boolean {
  if (node.type === 'html') return node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim() !== '';
  return toString(node).trim() !== '';
}

/** Where an item's due date is written: the first place its text holds the date, else the item. */
function duePlace(report: ParsedReport, item: ActionItem & { due: string }): Place {
  const start = item.place.start.offset ?? 0;
  const at = report.text.indexOf(item.due, start);
  return at !== -1 && at < (item.place.end.offset ?? start) ? lineIndexOf(report).placeAt(at, at + item.due.length) : item.place;
}

/** The offsets a section spans in the file, heading included. */
function sectionSpan(report: ParsedReport, section: Section): { start: number; end: number } {
  const first = report.tree.children[section.startIndex];
  const last = report.tree.children[section.endIndex - 1];
  return { start: first?.position?.start.offset ?? 0, end: last?.position?.end.offset ?? 0 };
}

const path = 'postmortems/2024-03-01-api-down.md';
const actionItems = '## Action Items\n\n- [ ] Add a canary stage to deploys: acme/api#101\n';

export default defineReportRule({
  id: 'action-item-link',
  severity: 'error',
  // Old action items were written before anyone linked issues; filing issues for them now would invent history.
  lenience: { archived: 'off' },
  docs: {
    summary:
      "Every open action item (a list item or table row under Action Items) links a tracker issue (a GitHub issue or pull request URL, `owner/repo#123`, or a URL of a configured tracker such as Jira or Linear), and a due date, if any, is written `YYYY-MM-DD`. Work ticked done (`- [x]`, or `Done` in a table's Status column) needs no issue.",
    rationale:
      'An action item that lives only in a postmortem is forgotten: nobody is assigned, nothing reminds anyone, and the report is not reread. The founding incident of this tool repeated nine months later because the step that would have prevented it was written down but not followed up. A linked issue has an owner and a state that Hindsight can show and check. A due date Hindsight cannot read (`15/12/2026`, `tomorrow`) would silently drop out of `hindsight actions` and its overdue list, so it is reported rather than ignored.',
    fix: "File each follow-up in your tracker and put its link in the item (replacing the template's `owner/repo#123`), for example `- [ ] Rotate the secret in CI: acme/infra#42 @alice due: 2024-04-01`. A bare `#42` works when `github.repository` is set in `hindsight.config.yaml`; Jira or Linear URLs work once the tracker is listed under `trackers`. An item whose sub-items carry the links is fine: the sub-items are the action items. A `### Group` heading that links an issue covers the items under it. Work already done during the incident stays in the section, ticked (`- [x] Rolled back release 42`): it needs no issue, and it is listed as done on `/actions/`. If an incident really needs no follow-up, say so in another section and remove the Action Items section (the `required-section` rule decides whether it must exist). An Action Items section that is completely empty is left to `empty-section`. Write due dates as `due: 2024-04-01` (year, month, day), between 1970-01-01 and ten years after today (`dates` in `hindsight.config.yaml` sets the range). Archived reports (`status: archived`, brought in by `hindsight import`) are not checked: their items are kept as they were written.",
    examples: [
      {
        title: 'An item without a link',
        files: {
          [path]: example({
            body: completeBody.replace(actionItems, `${actionItems}- [ ] Alert on the error rate per release @bob\n`),
          }),
        },
        expected: ['35:1: Unexpected action item without a tracker reference, expected a GitHub issue or pull request URL or `owner/repo#123`'],
      },
      {
        title: "The template's example item left in place",
        files: {
          [path]: example({ body: completeBody.replace(actionItems, '## Action Items\n\n- [ ] What will be done: owner/repo#123 @owner due: YYYY-MM-DD\n') }),
        },
        expected: ['34:26: Unexpected placeholder reference `owner/repo#123` from the template, expected a link to the issue that tracks this item'],
      },
      {
        title: 'A repository name GitHub would refuse',
        files: { [path]: example({ body: completeBody.replace(actionItems, '## Action Items\n\n- [ ] Add a canary stage to deploys: acme/..#101\n') }) },
        expected: [
          '34:38: Unexpected `acme/..#101`, expected `owner/repo#123` with an owner and a repository name GitHub accepts (`..` is not a repository name)',
        ],
      },
      {
        title: 'A due date not written `YYYY-MM-DD`',
        files: {
          [path]: example({
            body: completeBody.replace(actionItems, '## Action Items\n\n- [ ] Add a canary stage to deploys: acme/api#101 due: 15/12/2026\n'),
          }),
        },
        expected: ['34:56: Unexpected due date `15/12/2026`, expected `YYYY-MM-DD`'],
      },
      {
        title: 'A due date with a mistyped year (checked on 2024-06-01: the range ends ten years later unless `dates` in the configuration says otherwise)',
        files: {
          [path]: example({
            body: completeBody.replace(actionItems, '## Action Items\n\n- [ ] Add a canary stage to deploys: acme/api#101 due: 2204-04-01\n'),
          }),
        },
        expected: [
          '34:56: Unexpected due date `2204-04-01`, expected a day from `1970-01-01` to `2034-06-01` (`dates` in hindsight.config.yaml sets the range)',
        ],
      },
      {
        title: 'An Action Items section that lists nothing',
        files: {
          [path]: example({ body: completeBody.replace(actionItems, '## Action Items\n\nWe will look into canary deploys.\n') }),
        },
        expected: [
          '32:1: Unexpected section `Action Items` without action items, expected a list item or table row for each action, each linking its tracker issue',
        ],
      },
      {
        title: 'Work done during the incident, ticked, needs no issue',
        files: {
          [path]: example({
            body: completeBody.replace(
              actionItems,
              '## Action Items\n\n### Immediate actions (completed)\n\n- [x] Rolled back release 42\n\n### Follow-up\n\n- [ ] Add a canary stage to deploys: acme/api#101\n',
            ),
          }),
        },
        expected: [],
      },
      {
        title: 'An archived report keeps its items as written',
        files: {
          [path]: example({
            status: 'archived',
            body: completeBody.replace(actionItems, '## Action Items\n\n- Add a canary stage to deploys\n'),
          }),
        },
        expected: [],
      },
      {
        title: 'Items in groups, a table, and a parent whose sub-items carry the links',
        files: {
          [path]: example({
            body: completeBody.replace(
              actionItems,
              [
                '## Action Items',
                '',
                '### Process improvements',
                '',
                '- [x] Add a canary stage to deploys: https://github.com/acme/api/issues/101 @alice',
                '- Better alerting',
                '  - [ ] Alert on the error rate per release: acme/api#102',
                '  - [ ] Page the release owner: acme/api#103',
                '',
                '### Technical improvements',
                '',
                '| Action | Owner | Issue | Due |',
                '| --- | --- | --- | --- |',
                '| Retry idempotent requests | @bob | acme/api#104 | 2024-04-01 |',
                '',
              ].join('\n'),
            ),
          }),
        },
        expected: [],
      },
    ],
  },
  // Its sections, heading included (`sectionSpan`, `sectionContent`): what it reads of the tree.
  *treeNodes(report) {
    for (const section of actionItemSections(report.sections)) {
      for (let index = section.startIndex; index < section.endIndex; index++) yield index;
    }
  },
  check(report, context) {
    if (report.unreadable) return;
    const sections = actionItemSections(report.sections);
    if (sections.length === 0) return; // A missing section is `required-section`'s to report.
    const expected = expectedReferences(context.config);
    // A reference GitHub would refuse (`acme/..#105`) is never requested: name it rather than call its item unlinked.
    const index = lineIndexOf(report);
    const refused = sections.flatMap((section) => sectionContent(report.tree, section)).flatMap((node) => findRefusedReferences(node, index, context.config));
    for (const reference of refused) {
      context.report(report, {
        message: `Unexpected ${literal(reference.raw)}, expected \`owner/repo#123\` with an owner and a repository name GitHub accepts (${reference.reason})`,
        place: reference.place,
      });
    }
    const range = dateRange(context.config, context.now);
    // Sorted once, so matching items to refused references and sections to items stays O(n log n) with thousands of each.
    const refusedStarts = sortedOffsets(refused.map((reference) => reference.place.start.offset ?? -1));
    const itemStarts = sortedOffsets(report.actionItems.map((item) => item.place.start.offset ?? -1));
    for (const item of report.actionItems) {
      const placeholder = item.references.find(isPlaceholderReference);
      if (placeholder && item.references.every(isPlaceholderReference)) {
        context.report(report, {
          message: `Unexpected placeholder reference ${literal(placeholder.raw)} from the template, expected a link to the issue that tracks this item`,
          place: placeholder.place,
          // A fresh `hindsight new` draft holds the template's example item; it is unfinished, not wrong yet.
          ...(report.draft ? { severity: 'warning' as const } : {}),
        });
        continue;
      }
      if (item.unreadableDue) {
        context.report(report, {
          message: `Unexpected due date ${literal(item.unreadableDue.text)}, expected \`YYYY-MM-DD\``,
          place: item.unreadableDue.place,
        });
      }
      if (item.due !== undefined && !inDateRange(item.due, range)) {
        context.report(report, {
          message: `Unexpected due date ${literal(item.due)}, expected ${expectedInRange(range)}`,
          place: duePlace(report, { ...item, due: item.due }),
          note: 'A due date this far off is usually a typo in the year; the calendar and the overdue lists leave it out.',
        });
      }
      // An item whose only reference was refused has been reported above.
      const holdsRefused = anyInRange(refusedStarts, item.place.start.offset ?? 0, item.place.end.offset ?? 0);
      // Work ticked done needs no issue to be followed up: asking for one made authors move done work out of the section.
      if (item.references.length > 0 || holdsRefused || item.checked === true) continue;
      const hint = configurationHint(report.text.slice(item.place.start.offset ?? 0, item.place.end.offset ?? 0), context.config);
      context.report(report, {
        message: `Unexpected action item without a tracker reference, expected ${expected}${hint ? ` (${hint})` : ''}`,
        place: item.place,
        note: 'File the follow-up as an issue and link it from the item, so it gets an owner and a state that can be checked. If the work is already done, tick it (`- [x]`): done work needs no issue.',
      });
    }
    for (const section of sections) {
      const content = sectionContent(report.tree, section);
      // A section with nothing visible is `empty-section`'s to report (a warning on drafts, such as a fresh `hindsight new`).
      if (!content.some(isVisible)) continue;
      const span = sectionSpan(report, section);
      if (anyInRange(itemStarts, span.start, span.end)) continue;
      context.report(report, {
        message: `Unexpected section ${literal(section.title)} without action items, expected a list item or table row for each action, each linking its tracker issue`,
        place: section.headingPlace,
      });
    }
  },
});
