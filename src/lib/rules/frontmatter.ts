/**
 * Rule `frontmatter`: the YAML block at the top of a report is present, readable,
 * YAML (never code), and holds the documented fields with valid values.
 */
import { dateRange, expectedInRange, inDateRange } from '../date-range.ts';
import type { FieldPlace, FrontmatterBlock } from '../frontmatter.ts';
import { frontmatterProblemMessage } from '../frontmatter-problems.ts';
import type { ParsedReport } from '../parse.ts';
import { defineReportRule } from '../rule.ts';
import { frontmatterKeys, impactKeys } from '../schema.ts';
import { codeUnitName, findUnprintable, literal, literalList, type Place } from '../text.ts';
import { report as example } from './examples.ts';

const idDatePrefix = /^(\d{4}-\d{2}-\d{2})(?:-|$)/;
/** A value that starts with a day: `date`, `watch[].expires`, or an `impact` time. */
const startsWithDay = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;

/** Every string value of the raw frontmatter (keys aside: unknown keys have their own message), by dotted path. */
function stringValues(value: unknown, path: string, found: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') found.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, position) => stringValues(item, path ? `${path}.${position}` : String(position), found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) stringValues(field, path ? `${path}.${key}` : key, found);
  }
  return found;
}

/** Where the value at a dotted path is: its own node, else the nearest enclosing one (a single value standing for a list), else the opening line. */
function valuePlace(block: FrontmatterBlock, path: string): Place {
  const segments = path.split('.');
  for (let length = segments.length; length > 0; length--) {
    const field: FieldPlace | undefined = block.fields[segments.slice(0, length).join('.')];
    if (field) return field.value;
  }
  return block.openingPlace;
}

/** `line:column` of a place, to tell whether a value already has a message. */
function pointKey(place: Place): string {
  return `${place.start.line}:${place.start.column}`;
}

/** The raw dates of the frontmatter, by path, whatever else is wrong with it: `date`, `impact.*`, `watch.*.expires`. */
function rawDates(report: ParsedReport): [string, string][] {
  const data = report.frontmatter.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const fields = data as Record<string, unknown>;
  const dates: [string, string][] = [['date', fields.date as string]];
  const impact = fields.impact;
  if (impact !== null && typeof impact === 'object' && !Array.isArray(impact)) {
    for (const key of impactKeys) dates.push([`impact.${key}`, (impact as Record<string, unknown>)[key] as string]);
  }
  if (Array.isArray(fields.watch)) {
    fields.watch.forEach((entry: unknown, position) => dates.push([`watch.${position}.expires`, (entry as Record<string, unknown> | null)?.expires as string]));
  }
  return dates.filter(([, value]) => typeof value === 'string' && startsWithDay.test(value));
}

export default defineReportRule({
  id: 'frontmatter',
  severity: 'error',
  docs: {
    summary: 'A report starts with a YAML frontmatter block holding the documented fields, each with a valid value.',
    rationale:
      'The site, the index, the statistics and every other check read the frontmatter: a report without a date, a severity or its services cannot be listed, counted or linked. Only YAML is accepted: `---js` frontmatter would run code from a pull request in CI, so it is refused and never evaluated.',
    fix: 'Copy the frontmatter of `postmortems/_template.md` (or run `npx hindsight new "Title"`), then fill in each field the message names. Dates are `YYYY-MM-DD`, times `YYYY-MM-DDTHH:MM` in the report\'s `timezone`, and both fall between 1970-01-01 and ten years after today unless `dates` in `hindsight.config.yaml` says otherwise (`dates: { earliest: 1990-01-01, latestYearsAhead: 20 }`). Values hold printable text only: retype a value that a message says holds a control character.',
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
        title: "A control character pasted into a value (Word's manual line break)",
        files: { 'postmortems/2024-03-01-api-down.md': example({ title: '"API down\\vafter a bad deploy"' }) },
        expected: ['2:8: Unexpected control character `\\u000B` in `title`, expected printable text'],
      },
      {
        title:
          'A year mistyped: dates outside the configured range (by default from 1970-01-01 to ten years after today; this example was checked on 2024-06-01)',
        files: {
          'postmortems/2024-03-01-api-down.md': example()
            .replace('date: 2024-03-01', 'date: 2204-03-01')
            .replace('end: 2024-03-01T10:42', 'end: 1024-03-01T10:42'),
        },
        expected: [
          '3:7: Unexpected `2204-03-01` for `date`, expected a day from `1970-01-01` to `2034-06-01` (`dates` in hindsight.config.yaml sets the range)',
          '8:8: Unexpected `1024-03-01T10:42` for `impact.end`, expected a day from `1970-01-01` to `2034-06-01` (`dates` in hindsight.config.yaml sets the range)',
        ],
      },
      {
        title: 'A zone abbreviation for `timezone`, and a mistyped key',
        files: { 'postmortems/2024-03-01-api-down.md': example({ extra: 'timezone: PDT\ntag: [deploys]\n' }) },
        expected: [
          '10:11: Unexpected `PDT` for `timezone`, expected an IANA time zone: `America/Los_Angeles` for `PDT`, which also follows its daylight saving time',
          // The list follows the schema's keys, so the example stays true when a key is added.
          `11:1: Unexpected key \`tag\` (did you mean \`tags\`?), expected one of ${literalList(frontmatterKeys)}`,
        ],
      },
      {
        title: 'A contributing factor outside the configured list (`factors` in hindsight.config.yaml; these are the defaults)',
        files: { 'postmortems/2024-03-01-api-down.md': example({ extra: 'factors: [deploys, capacity]\n' }) },
        expected: [
          '10:11: Unexpected `deploys` for `factors.0`, expected one of `deploy`, `configuration-change`, `capacity`, `dependency`, `expired-credential`, `monitoring-gap` or `manual-operation` (did you mean `deploy`?), as `factors` in hindsight.config.yaml lists them',
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
          'Missing frontmatter, expected a YAML block between `---` lines at the top of the file with `title`, `date`, `status`, `severity`, `impact` and `services`',
        place: frontmatter.openingPlace,
        note: 'Run `npx hindsight new "Title"` or copy `postmortems/_template.md` to start from a complete block.',
      });
      return;
    }
    // The block's own problems are data, worded here as everywhere they are shown; the schema's come worded.
    const problems = [
      ...frontmatter.problems.map((problem) => ({ message: frontmatterProblemMessage(problem), place: problem.place })),
      ...report.frontmatterIssues,
    ];
    for (const problem of problems) {
      context.report(report, { message: problem.message, place: problem.place });
    }
    // One message per bad value: a value the schema already refused is not reported again.
    const reported = new Set(problems.map((problem) => pointKey(problem.place)));
    for (const [field, value] of stringValues(frontmatter.data, '')) {
      const found = findUnprintable(value);
      // Under an unknown key, the key is what is wrong, and it has its message.
      if (!found || !(frontmatterKeys as readonly string[]).includes(field.split('.')[0] ?? '')) continue;
      const place = valuePlace(frontmatter, field);
      if (reported.has(pointKey(place))) continue;
      reported.add(pointKey(place));
      context.report(report, {
        // Written as its code, since the character itself would be invisible or act on the terminal that shows it.
        message: `Unexpected ${found.kind} \`${codeUnitName(found.character)}\` in ${literal(field)}, expected printable text`,
        place,
        note: 'Control characters come from pasting (Word writes a manual line break as `\\u000B`) or from escapes in double-quoted YAML; they break the RSS feed and the calendar. Retype the value.',
      });
    }
    const range = dateRange(context.config, context.now);
    let dateOutOfRange = false;
    for (const [field, value] of rawDates(report)) {
      if (inDateRange(value, range)) continue;
      const place = valuePlace(frontmatter, field);
      if (field === 'date') dateOutOfRange = true;
      if (reported.has(pointKey(place))) continue;
      context.report(report, {
        message: `Unexpected ${literal(value)} for \`${field}\`, expected ${expectedInRange(range)}`,
        place,
        note: 'A date this far off is usually a typo in the year; the statistics and the calendar leave it out.',
      });
    }
    const prefix = idDatePrefix.exec(report.id)?.[1];
    // A `date` out of range is the typo: renaming the file after it would be the wrong advice.
    if (report.data && prefix && report.data.date !== prefix && !dateOutOfRange) {
      context.report(report, {
        // Usually the date was corrected after `hindsight new` named the file, so the stale part is the name.
        message: `Unexpected date ${literal(report.data.date)}, expected ${literal(prefix)} as in the file name ${literal(report.id)}; rename the file to ${literal(`${report.data.date}${report.id.slice(prefix.length)}.md`)} if the date is right`,
        place: frontmatter.fields.date?.value ?? frontmatter.openingPlace,
        note: "Either the date or the file name is wrong; `date` is the day impact began in the report's time zone.",
      });
    }
  },
});
