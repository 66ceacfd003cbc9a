/**
 * Rule `review-overdue`: a `draft` or `in-review` report still waiting for its
 * review past the days its severity allows (`review.days` in the configuration),
 * counted from `date`. Reviewed, closed and archived reports are never reported.
 */
import { calendarDaysFrom } from '../days.ts';
import { dayCount, reviewDue } from '../review.ts';
import { defineReportRule } from '../rule.ts';
import { literal, literalList } from '../text.ts';
import { localDate } from '../time.ts';
import { report as example } from './examples.ts';

/** An example report of a date, status and severity, its file named after its date. */
function waiting(date: string, status: string, severity: string, extra = ''): Record<string, string> {
  return { [`postmortems/${date}-api-down.md`]: example({ date, status, severity, extra }) };
}

export default defineReportRule({
  id: 'review-overdue',
  severity: 'warning',
  docs: {
    summary:
      'A `draft` or `in-review` report past its review due date: `date` plus the days its severity allows (`review.days`; by default 5 for `sev1`, 10 for `sev2`, 20 for `sev3` and 30 for `sev4`).',
    rationale:
      'A report that is never finished or never reviewed is the most common way a lesson is lost: the incident fades, the action items are never agreed, and the next occurrence finds nothing to build on. Teams that keep postmortems count their unwritten and unreviewed reports, and most set a deadline by severity (PagerDuty expects a Sev-1 review within 3 business days and a Sev-2 within 5). The check counts the days in the report\'s own zone, from the build\'s "now" (`SOURCE_DATE_EPOCH` when set), so CI and the site agree on what is overdue.',
    fix: 'Finish the report and hold the review, then set `status: reviewed`. Name who reviews it in `reviewers`, so the review has owners; `/reviews/` lists every report awaiting review, overdue first, and `/calendar.ics` has each due date. Change the days per severity with `review: { days: { sev1: 3, sev2: 7 } }` in hindsight.config.yaml (a severity not listed keeps its default), and make the warning an error in CI with `rules: { review-overdue: error }`.',
    examples: [
      {
        title: 'An `in-review` report 12 days past its due date (checked on 2024-06-01)',
        files: waiting('2024-05-10', 'in-review', 'sev2', 'reviewers: [alice]\n'),
        expected: [
          '4:9: Unexpected `in-review` report 12 days past its review due date `2024-05-20` (sev2: 10 days after `date`), expected it reviewed: set `status: reviewed` once the review is done',
        ],
      },
      {
        title: 'A `sev1` draft never finished (checked on 2024-06-01)',
        files: waiting('2024-05-20', 'draft', 'sev1'),
        expected: [
          '4:9: Unexpected `draft` report 7 days past its review due date `2024-05-25` (sev1: 5 days after `date`), expected it written and reviewed: set `status: in-review` when it is ready, then `status: reviewed` once the review is done',
        ],
      },
      {
        title: 'An `in-review` report whose review is due in 3 days',
        files: waiting('2024-05-25', 'in-review', 'sev2'),
        expected: [],
      },
      {
        title: 'A reviewed report, long after its incident',
        files: waiting('2023-01-10', 'reviewed', 'sev1'),
        expected: [],
      },
    ],
  },
  check(report, context) {
    const data = report.data;
    if (!data) return;
    const due = reviewDue(data, context.config);
    if (!due) return;
    // "Today" where the report's clock runs, as for `watch` expiries: the due day itself is not yet late.
    const late = calendarDaysFrom(due.date, localDate(context.now, data.timezone));
    if (late <= 0) return;
    const expected =
      data.status === 'draft'
        ? 'expected it written and reviewed: set `status: in-review` when it is ready, then `status: reviewed` once the review is done'
        : 'expected it reviewed: set `status: reviewed` once the review is done';
    context.report(report, {
      message: `Unexpected ${literal(data.status)} report ${dayCount(late)} past its review due date ${literal(due.date)} (${due.severity}: ${dayCount(due.days)} after \`date\`), ${expected}`,
      place: report.frontmatter.fields.status?.value ?? report.frontmatter.openingPlace,
      note:
        data.reviewers.length > 0
          ? `Reviewers: ${literalList(data.reviewers, 'and')}. The days per severity are \`review.days\` in hindsight.config.yaml.`
          : 'No `reviewers` named: add who reviews it (`reviewers: [alice]`). The days per severity are `review.days` in hindsight.config.yaml.',
    });
  },
});
