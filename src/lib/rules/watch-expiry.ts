/**
 * Rule `watch-expiry`: a `watch` entry (a secret, a certificate, a contract)
 * warns before it expires, and fails once it has expired unless its renewal issue
 * is known to be closed.
 */
import { watchWindowDays } from '../config.ts';
import { calendarDaysFrom, daysInWords } from '../days.ts';
import { parseReference } from '../references.ts';
import { defineReportRule } from '../rule.ts';
import { literal } from '../text.ts';
import { localDate } from '../time.ts';
import { report as example } from './examples.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const watch = (expires: string, issue?: string) =>
  `watch:\n  - name: API signing certificate\n    expires: ${expires}\n${issue ? `    issue: ${issue}\n` : ''}`;

export default defineReportRule({
  id: 'watch-expiry',
  severity: 'error',
  // An archive must not fail CI because a date passed; the warning still says it.
  lenience: { archived: 'warning' },
  docs: {
    summary:
      "A `watch` entry warns when it expires within the configured window (the rule's `windowDays` option, default 30 days), and is an error once expired while its issue is open or absent (a warning when the issue's state is unknown).",
    rationale:
      'The founding incident was a client secret that expired, was renewed by hand, and expired again nine months later with nobody watching. A `watch` entry puts the next expiry in the repository, where CI reads it every day: the warning comes while there is still time, and an expiry nobody dealt with fails the check. An issue that GitHub says is closed means the renewal was handled; without GitHub access (no `--github`, no token, offline) the state is unknown, so an expired entry only warns.',
    fix: 'Renew what is expiring, then update `expires` to the new date (or remove the entry if the thing is gone). Link the renewal issue with `issue:` and close it when done; `check --github` then knows it is handled. Change the warning window in `hindsight.config.yaml` with `windowDays` under the rule: `rules: { watch-expiry: { windowDays: 14 } }` (the older `github.watchWindowDays` still works, with a warning). On an archived report (`status: archived`) every finding is a warning: an archive must not fail CI because a date passed.',
    examples: [
      {
        title: 'An entry that expired while its renewal issue is open',
        files: { [path]: example({ extra: watch('2024-05-20', 'acme/api#300') }) },
        github: { 'acme/api#300': 'open' },
        expected: [
          '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-20`, 12 days ago) while its issue `acme/api#300` is open, expected it renewed and `expires` updated',
        ],
      },
      {
        title: 'An entry that expires soon',
        files: { [path]: example({ extra: watch('2024-06-15', 'acme/api#300') }) },
        expected: [
          '12:14: Unexpected `API signing certificate` expiring on `2024-06-15` (in 14 days), expected a renewal before it expires; renew it and update `expires`',
        ],
      },
      {
        title: 'An expired entry with no issue tracking its renewal',
        files: { [path]: example({ extra: watch('2024-05-31') }) },
        expected: [
          '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-31`, yesterday) without an `issue` tracking its renewal, expected it renewed and `expires` updated',
        ],
      },
      {
        title: 'An expired entry in an archived report (a warning)',
        files: { [path]: example({ status: 'archived', extra: watch('2024-05-31') }) },
        expected: [
          '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-31`, yesterday) without an `issue` tracking its renewal, expected it renewed and `expires` updated',
        ],
      },
      {
        title: 'An expired entry whose renewal issue is closed, and one far in the future',
        files: {
          [path]: example({
            extra: `${watch('2024-05-20', 'acme/api#300')}  - name: Domain registration\n    expires: 2025-09-01\n`,
          }),
        },
        github: { 'acme/api#300': 'closed' },
        expected: [],
      },
    ],
  },
  check(report, context) {
    const data = report.data;
    if (!data) return;
    const today = localDate(context.now, data.timezone);
    const window = watchWindowDays(context.config);
    data.watch.forEach((entry, position) => {
      const place = report.frontmatter.fields[`watch.${position}.expires`]?.value ?? report.frontmatter.openingPlace;
      const days = calendarDaysFrom(today, entry.expires);
      const name = literal(entry.name);
      const when = `${literal(entry.expires)}, ${daysInWords(days)}`;
      if (days >= 0) {
        if (days > window) return;
        context.report(report, {
          message: `Unexpected ${name} expiring on ${literal(entry.expires)} (${daysInWords(days)}), expected a renewal before it expires; renew it and update \`expires\``,
          place,
          severity: 'warning',
        });
        return;
      }
      if (entry.issue === undefined) {
        context.report(report, {
          message: `Unexpected expired ${name} (expired on ${when}) without an \`issue\` tracking its renewal, expected it renewed and \`expires\` updated`,
          place,
        });
        return;
      }
      const reference = parseReference(entry.issue, context.config);
      const label = literal(reference?.label ?? entry.issue);
      const target = reference?.github;
      const state = target && context.github ? context.github.get(target) : undefined;
      if (state?.state === 'closed' || state?.state === 'merged') return;
      if (state?.state === 'open' || state?.state === 'missing') {
        const issueState = state.state === 'open' ? 'is open' : 'does not exist';
        context.report(report, {
          message: `Unexpected expired ${name} (expired on ${when}) while its issue ${label} ${issueState}, expected it renewed and \`expires\` updated`,
          place,
        });
        return;
      }
      const why = !target ? 'is not a GitHub issue' : !context.github ? 'is unknown without `--github`' : `is unknown (${state?.problem ?? 'not fetched'})`;
      context.report(report, {
        message: `Unexpected expired ${name} (expired on ${when}); the state of its issue ${label} ${why}, expected it renewed and \`expires\` updated`,
        place,
        severity: 'warning',
      });
    });
  },
});
