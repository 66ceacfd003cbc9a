/**
 * Rule `required-section`: every section the configuration requires is present,
 * under its name or one of its aliases.
 */
import { sectionSpecs } from '../config.ts';
import { defineReportRule } from '../rule.ts';
import type { ParsedReport } from '../parse.ts';
import { lineIndexOf, linePlace, literal, literalList, type Place } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

/** The place of the report's last line that holds text. */
function lastTextLine(report: ParsedReport): Place {
  const index = lineIndexOf(report);
  return linePlace(index, index.pointAt(report.text.trimEnd().length).line);
}

export default defineReportRule({
  id: 'required-section',
  severity: 'error',
  selfContained: true,
  // An archived report is history: it has the sections it was written with, and adding empty ones would tell nobody anything.
  lenience: { draft: 'warning', archived: 'off' },
  docs: {
    summary: 'A report has every required section: by default Overview, Impact, Timeline, Resolution and Action Items.',
    rationale:
      'A postmortem without a timeline cannot be checked against its header; one without action items cannot prevent the next incident. Requiring the sections in CI is what keeps a report from being merged half-written. Headings match case-insensitively and through aliases ("Summary" counts as Overview, "Follow-up actions" as Action Items).',
    fix: 'Add the missing `##` section where the message points (it names the section the new one belongs before). Drafts (`status: draft`) only get a warning; archived reports (`status: archived`, brought in by `hindsight import`) are not checked, since history has the sections it was written with. The set of sections and their aliases come from `hindsight.config.yaml` (`preset` or `sections`).',
    examples: [
      {
        title: 'No timeline',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace(/## Timeline\n[\s\S]*?(?=## Resolution)/, ''),
          }),
        },
        expected: ['22:1: Missing section `Timeline`, expected a `## Timeline` section (or an alias such as `Incident timeline` or `Timeline of events`)'],
      },
      {
        title: 'An archived report keeps the sections it was written with',
        files: {
          'postmortems/2017-09-27-hub-403.md': example({
            date: '2017-09-27',
            status: 'archived',
            body: '# Hub 403\n\n## Summary\n\nMost users got a 403 after a deploy.\n\n## Timeline\n\n- 13:06 Deploy to staging.\n',
          }),
        },
        expected: [],
      },
      {
        title: 'Aliases count: "Summary" is the Overview',
        files: { 'postmortems/2024-03-01-api-down.md': example({ body: completeBody.replace('## Overview', '## Summary') }) },
        expected: [],
      },
    ],
  },
  check(report, context) {
    if (report.unreadable) return;
    const specs = sectionSpecs(context.config);
    const present = new Set(report.sections.map((section) => section.name).filter(Boolean));
    specs.forEach((spec, position) => {
      if (!spec.required || present.has(spec.name)) return;
      // Point where the section belongs: at the next configured section that is present, else at the last line with text.
      const next = specs.slice(position + 1).find((later) => present.has(later.name));
      const before = next && report.sections.find((section) => section.name === next.name);
      const place = before?.headingPlace ?? lastTextLine(report);
      const heading = '#'.repeat(report.sections[0]?.depth ?? 2);
      const aliases = spec.aliases.length ? ` (or an alias such as ${literalList(spec.aliases.slice(0, 2))})` : '';
      context.report(report, {
        // Absence reads "Missing X, expected Y": there is no X to call unexpected.
        message: `Missing section ${literal(spec.name)}, expected a \`${heading} ${spec.name}\` section${aliases}`,
        place,
      });
    });
  },
});
