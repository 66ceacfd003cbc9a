/**
 * Rule `file`: a report is a UTF-8 text file that can be read.
 */
import { defineReportRule } from '../rule.ts';
import { report as example } from './examples.ts';

export default defineReportRule({
  id: 'file',
  severity: 'error',
  docs: {
    summary: 'A report is a readable UTF-8 text file.',
    rationale:
      'A binary file, a file in another encoding or one that cannot be read is not a report anybody can review or publish. It is reported as a diagnostic on that file, and the other files are still checked.',
    fix: 'Re-save the file as UTF-8 Markdown, or move it out of the content folder (or start its name with `_` so it is skipped).',
    examples: [
      {
        title: 'Binary content',
        files: { 'postmortems/2024-03-01-api-down.md': '\u0000binary' },
        expected: ['1:1: Unexpected binary content (a NUL byte), expected a UTF-8 Markdown text file'],
      },
      { title: 'A UTF-8 report', files: { 'postmortems/2024-03-01-api-down.md': example() }, expected: [] },
    ],
  },
  check(report, context) {
    if (report.unreadable) context.report(report, report.unreadable);
  },
});
