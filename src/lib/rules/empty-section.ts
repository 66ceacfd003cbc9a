/**
 * Rule `empty-section`: a section has real content, not nothing and not the
 * template's placeholder text.
 */
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { defineReportRule } from '../rule.ts';
import { sectionContent } from '../sections.ts';
import { literal } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

/** Texts that mean "nothing written yet" when they are all a section holds. */
const placeholderPattern =
  /^(?:tbd|tba|todo|to ?do|fixme|xxx|wip|\.{3}|…|-+|lorem ipsum\b.*|to be (?:written|added|completed|determined|done|filled in)\.?|coming soon\.?|fill (?:this )?in\.?|placeholder)[.!:]*$/i;
/** Template variables such as `{{ incident name }}`. */
const templateVariable = /\{\{[^}]*\}\}/g;

/** The visible text of a section's nodes: comments and sub-headings dropped. */
function visibleText(nodes: RootContent[]): string {
  return nodes
    .filter((node) => node.type !== 'heading')
    .map((node) => {
      if (node.type === 'html') return node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
      // A table's header row is template too: `| Time | Event |` over empty rows is still empty.
      if (node.type === 'table')
        return node.children
          .slice(1)
          .map((row) => toString(row))
          .join(' ');
      return toString(node);
    })
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
}

export default defineReportRule({
  id: 'empty-section',
  severity: 'error',
  selfContained: true,
  // An empty section in history is worth a look (remove the heading, or say what is known), not a failed build.
  lenience: { draft: 'warning', archived: 'warning' },
  docs: {
    summary: 'A section holds content: not nothing, and not only template placeholders such as `TBD`, `TODO`, `{{ … }}` or an HTML comment.',
    rationale:
      'An empty "Resolution" or a "Timeline" that still reads `TBD` passes a glance in review but tells the next on-call engineer nothing. Template text left in place is the most common way a postmortem is merged unfinished.',
    fix: "Write the section, or remove it if it is optional. Drafts (`status: draft`) and archived reports (`status: archived`) only get a warning. Add your own template's placeholder phrases under `placeholders` in `hindsight.config.yaml`.",
    examples: [
      {
        title: 'A resolution left as `TBD`',
        files: {
          'postmortems/2024-03-01-api-down.md': example({ body: completeBody.replace('Rolled back release 42.', 'TBD') }),
        },
        expected: ['28:1: Unexpected placeholder `TBD` in section `Resolution`, expected what was written there'],
      },
      {
        title: 'A section with only a comment',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('Rolled back release 42.', '<!-- How was it fixed? -->'),
          }),
        },
        expected: ['28:1: Unexpected empty section `Resolution`, expected content'],
      },
      {
        title: 'An empty section in an archived report (a warning)',
        files: {
          'postmortems/2024-03-01-api-down.md': example({ status: 'archived', body: completeBody.replace('Rolled back release 42.', '') }),
        },
        expected: ['28:1: Unexpected empty section `Resolution`, expected content'],
      },
      { title: 'Every section written', files: { 'postmortems/2024-03-01-api-down.md': example() }, expected: [] },
    ],
  },
  check(report, context) {
    const extra = context.config.placeholders.map((text) => text.trim().toLowerCase());
    for (const section of report.sections) {
      const nodes = sectionContent(report.tree, section);
      const visible = visibleText(nodes);
      const withoutVariables = visible.replace(templateVariable, '').trim();
      if (visible === '') {
        context.report(report, { message: `Unexpected empty section ${literal(section.title)}, expected content`, place: section.headingPlace });
      } else if (withoutVariables === '' || placeholderPattern.test(withoutVariables) || extra.includes(visible.toLowerCase())) {
        context.report(report, {
          message: `Unexpected placeholder ${literal(visible)} in section ${literal(section.title)}, expected what was written there`,
          place: section.headingPlace,
        });
      }
    }
  },
});
