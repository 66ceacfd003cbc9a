/**
 * Rule `action-item-link`: every action item is well formed: it links the tracker
 * issue that will get it done and writes any due date `YYYY-MM-DD`; an Action
 * Items section lists at least one item.
 */
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Config } from '../config.ts';
import { actionItemSections } from '../action-items.ts';
import type { ParsedReport } from '../parse.ts';
import type { TrackerReference } from '../references.ts';
import { defineReportRule } from '../rule.ts';
import { sectionContent, type Section } from '../sections.ts';
import { literal } from '../text.ts';
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
  for (const [raw] of source.matchAll(urlPattern)) {
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
  docs: {
    summary:
      'Every action item (a list item or table row under Action Items) is well formed: it links a tracker issue (a GitHub issue or pull request URL, `owner/repo#123`, or a URL of a configured tracker such as Jira or Linear), and a due date, if any, is written `YYYY-MM-DD`.',
    rationale:
      'An action item that lives only in a postmortem is forgotten: nobody is assigned, nothing reminds anyone, and the report is not reread. The founding incident of this tool repeated nine months later because the step that would have prevented it was written down but not followed up. A linked issue has an owner and a state that Hindsight can show and check. A due date Hindsight cannot read (`15/12/2026`, `tomorrow`) would silently drop out of `hindsight actions` and its overdue list, so it is reported rather than ignored.',
    fix: "File each follow-up in your tracker and put its link in the item (replacing the template's `owner/repo#123`), for example `- [ ] Rotate the secret in CI: acme/infra#42 @alice due: 2024-04-01`. A bare `#42` works when `github.repository` is set in `hindsight.config.yaml`; Jira or Linear URLs work once the tracker is listed under `trackers`. An item whose sub-items carry the links is fine: the sub-items are the action items. A `### Group` heading that links an issue covers the items under it. If an incident really needs no follow-up, say so in another section and remove the Action Items section (the `required-section` rule decides whether it must exist). An Action Items section that is completely empty is left to `empty-section`. Write due dates as `due: 2024-04-01` (year, month, day).",
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
        title: 'A due date not written `YYYY-MM-DD`',
        files: {
          [path]: example({
            body: completeBody.replace(actionItems, '## Action Items\n\n- [ ] Add a canary stage to deploys: acme/api#101 due: 15/12/2026\n'),
          }),
        },
        expected: ['34:56: Unexpected due date `15/12/2026`, expected `YYYY-MM-DD`'],
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
  check(report, context) {
    if (report.unreadable) return;
    const sections = actionItemSections(report.sections);
    if (sections.length === 0) return; // A missing section is `required-section`'s to report.
    const expected = expectedReferences(context.config);
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
      if (item.references.length > 0) continue;
      const hint = configurationHint(report.text.slice(item.place.start.offset ?? 0, item.place.end.offset ?? 0), context.config);
      context.report(report, {
        message: `Unexpected action item without a tracker reference, expected ${expected}${hint ? ` (${hint})` : ''}`,
        place: item.place,
        note: 'File the follow-up as an issue and link it from the item, so it gets an owner and a state that can be checked.',
      });
    }
    for (const section of sections) {
      const content = sectionContent(report.tree, section);
      // A section with nothing visible is `empty-section`'s to report (a warning on drafts, such as a fresh `hindsight new`).
      if (!content.some(isVisible)) continue;
      const span = sectionSpan(report, section);
      const hasItems = report.actionItems.some((item) => {
        const offset = item.place.start.offset ?? -1;
        return offset >= span.start && offset < span.end;
      });
      if (hasItems) continue;
      context.report(report, {
        message: `Unexpected section ${literal(section.title)} without action items, expected a list item or table row for each action, each linking its tracker issue`,
        place: section.headingPlace,
      });
    }
  },
});
