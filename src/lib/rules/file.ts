/**
 * Rule `file`: a report is a UTF-8 text file that can be read, whose name makes
 * a page address, within the limits the check and the site share (`limits`).
 */
import { limits } from '../limits.ts';
import { reportIdProblem } from '../report-id.ts';
import { defineReportRule } from '../rule.ts';
import { formatCount } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

export default defineReportRule({
  id: 'file',
  severity: 'error',
  selfContained: true,
  docs: {
    summary: "A report is a readable UTF-8 text file, named for its page's address, and small and shallow enough to check and publish.",
    rationale: `A binary file, a file in another encoding or one that cannot be read is not a report anybody can review or publish. It is reported as a diagnostic on that file, and the other files are still checked. The file name without \`.md\` is the report's id and the address of its page (\`/postmortems/<id>/\`), so it holds only letters, digits, \`-\`, \`_\` and \`.\`: a \`?\` or \`#\` would end the address early, a \`%\` would be read as an escape, a leading \`.\` makes a hidden folder. What the check accepts, the site builds: a report nested deeper than ${limits.nesting} levels (lists, block quotes, emphasis, raw HTML elements), with more than ${formatCount(limits.elements)} elements, or too large to parse in about a second (over ${limits.bodyCharacters / 1024 / 1024} MiB, ${formatCount(limits.bodyLines)} lines, ${formatCount(limits.markdownLines)} lines of Markdown outside code blocks, a paragraph over ${limits.paragraphCharacters / 1024} KiB or with ${limits.paragraphCharacterReferences} character references such as \`&amp;\`, or thousands of emphasis markers, brackets or table cells) is refused here rather than crashing or stalling the build; only its frontmatter and credentials are checked.`,
    fix: 'Re-save the file as UTF-8 Markdown, or move it out of the content folder (or start its name with `_` so it is skipped). Rename a file whose name is refused as the message suggests (and update the `repeat_of` and `related` entries that name it). Keep a report to what happened: put pasted logs in a fenced code block or, when they are long, in a linked file, and flatten deep nesting.',
    examples: [
      {
        title: 'Binary content',
        files: { 'postmortems/2024-03-01-api-down.md': '\u0000binary' },
        expected: ['1:1: Unexpected binary content (a NUL byte), expected a UTF-8 Markdown text file'],
      },
      {
        title: 'A file name that is not an address: `?` would end it',
        files: { 'postmortems/2024-03-01-why-did-it-fail?.md': example() },
        expected: [
          '1:1: Unexpected `?` in the file name `2024-03-01-why-did-it-fail?.md`, expected only letters, digits, spaces, `-`, `_` and `.` (the name is the report’s id and the address of its page); rename it to `2024-03-01-why-did-it-fail.md`',
        ],
      },
      {
        title: 'A list nested 70 levels deep: refused before the site tries to render it',
        files: { 'postmortems/2024-03-01-api-down.md': example({ body: `${completeBody}\n## Notes\n\n${'- '.repeat(70)}too deep\n` }) },
        expected: ['38:1: Unexpected list nesting 70 levels deep at line 38, expected at most 64; only its frontmatter and credentials were checked'],
      },
      { title: 'A UTF-8 report', files: { 'postmortems/2024-03-01-api-down.md': example() }, expected: [] },
    ],
  },
  check(report, context) {
    const origin = { line: 1, column: 1, offset: 0 };
    const name = reportIdProblem(report.path);
    if (name) context.report(report, { message: name, place: { start: origin, end: origin } });
    if (report.unreadable) context.report(report, report.unreadable);
    if (report.limit) {
      context.report(report, {
        ...report.limit,
        note: 'The limits keep every report checkable and publishable in about a second; no real postmortem comes near them. Put pasted logs in a fenced code block or a linked file.',
      });
    }
  },
});
