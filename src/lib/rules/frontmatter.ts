/**
 * Rule `frontmatter`: the YAML block at the top of a report is present, readable,
 * YAML (never code), and holds the documented fields with valid values.
 */
import { defineReportRule } from '../rule.ts';
import { literal } from '../text.ts';
import { report as example } from './examples.ts';

const idDatePrefix = /^(\d{4}-\d{2}-\d{2})(?:-|$)/;

export default defineReportRule({
  id: 'frontmatter',
  severity: 'error',
  docs: {
    summary: 'A report starts with a YAML frontmatter block holding the documented fields, each with a valid value.',
    rationale:
      'The site, the index, the statistics and every other check read the frontmatter: a report without a date, a severity or its services cannot be listed, counted or linked. Only YAML is accepted: `---js` frontmatter would run code from a pull request in CI, so it is refused and never evaluated.',
    fix: 'Copy the frontmatter of `postmortems/_template.md` (or run `npx hindsight new "Title"`), then fill in each field the message names. Dates are `YYYY-MM-DD`, times `YYYY-MM-DDTHH:MM` in the report\'s `timezone`.',
    examples: [
      {
        title: 'A severity outside the configured scale',
        files: { 'postmortems/2024-03-01-api-down.md': example({ severity: 'critical' }) },
        expected: ['5:11: Unexpected `critical` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`'],
      },
      {
        title: 'A `date` that disagrees with the file name',
        files: { 'postmortems/2024-03-01-api-down.md': example({ date: '2024-03-02' }) },
        expected: [
          '3:7: Unexpected date `2024-03-02`, expected `2024-03-01` as in the file name `2024-03-01-api-down`; rename the file to `2024-03-02-api-down.md` if the date is right',
        ],
      },
      {
        title: 'A complete frontmatter block',
        files: { 'postmortems/2024-03-01-api-down.md': example() },
        expected: [],
      },
    ],
  },
  check(report, context) {
    if (report.unreadable) return;
    const { frontmatter } = report;
    if (!frontmatter.present) {
      context.report(report, {
        message:
          'Unexpected missing frontmatter, expected a YAML block between `---` lines at the top of the file with `title`, `date`, `status`, `severity`, `impact` and `services`',
        place: frontmatter.openingPlace,
        note: 'Run `npx hindsight new "Title"` or copy `postmortems/_template.md` to start from a complete block.',
      });
      return;
    }
    for (const problem of [...frontmatter.problems, ...report.frontmatterIssues]) {
      context.report(report, { message: problem.message, place: problem.place });
    }
    const prefix = idDatePrefix.exec(report.id)?.[1];
    if (report.data && prefix && report.data.date !== prefix) {
      context.report(report, {
        // Usually the date was corrected after `hindsight new` named the file, so the stale part is the name.
        message: `Unexpected date ${literal(report.data.date)}, expected ${literal(prefix)} as in the file name ${literal(report.id)}; rename the file to ${literal(`${report.data.date}${report.id.slice(prefix.length)}.md`)} if the date is right`,
        place: frontmatter.fields.date?.value ?? frontmatter.openingPlace,
        note: "Either the date or the file name is wrong; `date` is the day impact began in the report's time zone.",
      });
    }
  },
});
