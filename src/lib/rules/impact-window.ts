/**
 * Rule `impact-window`: the frontmatter's impact window agrees with itself, with
 * `date`, and with the timeline.
 */
import type { ParsedReport } from '../parse.ts';
import { defineReportRule, type Finding } from '../rule.ts';
import { mitigationFinding } from '../mitigation.ts';
import { formatInZone, impactInstants, impactOffsetZone, localDate } from '../time.ts';
import type { TimelineEntry } from '../timeline.ts';
import { literal, type Place } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

type ReadEntry = TimelineEntry & { instant: string };

/** Where a frontmatter field's value is, falling back to the block's opening line. */
function fieldPlace(report: ParsedReport, path: string): Place {
  return report.frontmatter.fields[path]?.value ?? report.frontmatter.openingPlace;
}

/** The calendar days from `start` to `end` in `zone` (inclusive), as `YYYY-MM-DD`. */
function localDaysSpanned(start: Date, end: Date, zone: string): Set<string> {
  const days = new Set<string>([localDate(start, zone), localDate(end, zone)]);
  // A window longer than a few weeks covers the timeline's days anyway; stop counting there.
  for (let time = start.getTime(); time < end.getTime() && days.size < 60; time += 6 * 3_600_000) days.add(localDate(new Date(time), zone));
  return days;
}

/** The day of an entry in `zone`. */
function entryDay(entry: ReadEntry, zone: string): string {
  return entry.dateOnly && entry.date ? entry.date : localDate(new Date(entry.instant), zone);
}

/** Whether an entry lies within the window (by day for entries without a clock time). */
function inWindow(entry: ReadEntry, start: Date, end: Date | undefined, windowDays: Set<string> | undefined, zone: string): boolean {
  if (entry.dateOnly) {
    const day = entryDay(entry, zone);
    return windowDays ? windowDays.has(day) : day >= localDate(start, zone);
  }
  const time = Date.parse(entry.instant);
  return time >= start.getTime() && (end === undefined || time <= end.getTime());
}

/** The entry closest in time to the window. */
function nearestEntry(entries: readonly ReadEntry[], start: Date, end: Date | undefined): ReadEntry | undefined {
  let best: { entry: ReadEntry; distance: number } | undefined;
  for (const entry of entries) {
    const time = Date.parse(entry.instant);
    const distance = time < start.getTime() ? start.getTime() - time : end && time > end.getTime() ? time - end.getTime() : 0;
    if (!best || distance < best.distance) best = { entry, distance };
  }
  return best?.entry;
}

function describe(entry: ReadEntry): string {
  return entry.dateOnly ? (entry.date ?? entry.instant.slice(0, 10)) : formatInZone(new Date(entry.instant), entry.zone);
}

/** A report whose timeline is on 2024-03-02 while its impact says 2024-03-01. */
const nextDayTimeline = completeBody.replace('## Timeline\n\n', '## Timeline\n\n### 2024-03-02\n\n');

export default defineReportRule({
  id: 'impact-window',
  severity: 'error',
  selfContained: true,
  // An archived report's header may disagree with its timeline (the founding report did): a warning to look, not a failed build.
  lenience: { draft: 'warning', archived: 'warning' },
  docs: {
    summary:
      'The impact window agrees with itself and with the report: `impact.end` is not before `impact.start`, `date` is the day `impact.start` falls on, `impact.detected` is inside the window, `impact.mitigated` is inside it and not before `impact.detected`, and the window holds at least one timeline entry.',
    rationale:
      'The site computes duration, detection delay and the statistics from the impact window, and readers trust the header more than the timeline. The report that started Hindsight said impact began on Sep 6 while every event of its timeline was on Sep 7, and nobody noticed. Checking the frontmatter against the timeline catches that kind of slip while the report is still in review.',
    fix: "Correct the field named in the message. Impact times are wall times in the report's `timezone` (or carry their own offset, `2022-09-07T05:25-04:00`); `date` is the day impact began in that zone. A report without a `timezone` whose impact times all carry the same offset is read at that offset, its timeline's bare times included (`impact.start: 2026-11-21T01:35+01:00` makes `01:40` in the timeline 01:40+01:00); with different offsets, the configured default zone applies. If the timeline is the one that is wrong, fix its date heading or entries. Drafts (`status: draft`) and archived reports (`status: archived`) only get a warning; an archived report may leave `impact` out when its history does not say.",
    examples: [
      {
        title: 'The end of impact before its start',
        files: {
          'postmortems/2024-03-01-api-down.md': example().replace('end: 2024-03-01T10:42', 'end: 2024-03-01T09:42'),
        },
        expected: ['8:8: Unexpected `impact.end` `2024-03-01T09:42` before `impact.start` `2024-03-01T10:00`, expected the end of impact after its start'],
      },
      {
        title: 'A `date` that is not the day impact began',
        files: {
          'postmortems/2024-02-29-api-down.md': example({
            date: '2024-02-29',
            body: completeBody.replace('## Timeline\n\n', '## Timeline\n\n### 2024-03-01\n\n'),
          }).replaceAll('2024-02-29T', '2024-03-01T'),
        },
        expected: ['3:7: Unexpected `date` `2024-02-29`, expected `2024-03-01`, the day `impact.start` falls on in `UTC`'],
      },
      {
        title: 'Detection outside the window',
        files: {
          'postmortems/2024-03-01-api-down.md': example({ extra: '' }).replace(
            '  end: 2024-03-01T10:42\n',
            '  end: 2024-03-01T10:42\n  detected: 2024-03-01T11:00\n',
          ),
        },
        expected: ['9:13: Unexpected `impact.detected` `2024-03-01T11:00` after `impact.end` `2024-03-01T10:42`, expected detection within the impact window'],
      },
      {
        title: 'Mitigation before detection (`impact.mitigated`: when the impact was stopped or worked around)',
        files: {
          'postmortems/2024-03-01-api-down.md': example().replace(
            '  end: 2024-03-01T10:42\n',
            '  end: 2024-03-01T10:42\n  detected: 2024-03-01T10:05\n  mitigated: 2024-03-01T10:03\n',
          ),
        },
        expected: ['10:14: Unexpected `impact.mitigated` `2024-03-01T10:03` before `impact.detected` `2024-03-01T10:05`, expected mitigation after detection'],
      },
      {
        title: 'Detection, then mitigation (a rollback), then the end of impact',
        files: {
          'postmortems/2024-03-01-api-down.md': example().replace(
            '  end: 2024-03-01T10:42\n',
            '  end: 2024-03-01T10:42\n  detected: 2024-03-01T10:05\n  mitigated: 2024-03-01T10:20\n',
          ),
        },
        expected: [],
      },
      {
        title: 'A window that misses the timeline by a day',
        files: { 'postmortems/2024-03-01-api-down.md': example({ body: nextDayTimeline }) },
        expected: [
          '7:10: Unexpected impact window `2024-03-01T10:00`–`2024-03-01T10:42` with no timeline entry in it, expected it to cover the timeline (2024-03-02 10:00 UTC to 2024-03-02 10:42 UTC)',
        ],
      },
      {
        title: 'An archived report whose history has no impact window',
        files: { 'postmortems/2024-03-01-api-down.md': example({ status: 'archived' }).replace(/impact:\n.*\n.*\n/, '') },
        expected: [],
      },
      { title: 'A window that matches the timeline', files: { 'postmortems/2024-03-01-api-down.md': example() }, expected: [] },
    ],
  },
  check(report, context) {
    const data = report.data;
    const impact = data?.impact;
    // Invalid frontmatter is the `frontmatter` rule's to report.
    if (!data || !impact) return;
    // Without a `timezone`, impact times that all carry one offset say which zone the report is in (as the timeline is read).
    const written = (report.frontmatter.data as { timezone?: unknown } | undefined)?.timezone !== undefined;
    const zone = (written ? undefined : impactOffsetZone(impact)) ?? data.timezone;
    const { start, end, detected, mitigated } = impactInstants(report);
    if (!start) return;
    const say = (finding: Finding) => context.report(report, finding);
    const startField = { file: report.path, message: `\`impact.start\` is here`, place: fieldPlace(report, 'impact.start') };

    const backwards = end !== undefined && end.getTime() < start.getTime();
    if (backwards && impact.end !== undefined) {
      say({
        message: `Unexpected \`impact.end\` ${literal(impact.end)} before \`impact.start\` ${literal(impact.start)}, expected the end of impact after its start`,
        place: fieldPlace(report, 'impact.end'),
        cause: startField,
      });
    }

    const startDay = localDate(start, zone);
    if (data.date !== startDay) {
      say({
        message: `Unexpected \`date\` ${literal(data.date)}, expected ${literal(startDay)}, the day \`impact.start\` falls on in ${literal(zone)}`,
        place: fieldPlace(report, 'date'),
        cause: startField,
        note: `\`impact.start\` ${literal(impact.start)} is ${formatInZone(start, zone)}.`,
      });
    }

    if (detected && impact.detected !== undefined) {
      const early = detected.getTime() < start.getTime();
      const late = !backwards && end !== undefined && detected.getTime() > end.getTime();
      if (early || late) {
        const bound = early ? `before \`impact.start\` ${literal(impact.start)}` : `after \`impact.end\` ${literal(impact.end)}`;
        say({
          message: `Unexpected \`impact.detected\` ${literal(impact.detected)} ${bound}, expected detection within the impact window`,
          place: fieldPlace(report, 'impact.detected'),
        });
      }
    }

    // `mitigated` sits between `detected` and `end`: time to mitigate is only a figure when it does.
    const mitigation = mitigationFinding({
      impact,
      instants: { start, end, detected, mitigated },
      place: (key) => fieldPlace(report, `impact.${key}`),
      file: report.path,
      backwards,
    });
    if (mitigation) say(mitigation);

    if (backwards) return;
    const entries = report.timeline.filter((entry): entry is ReadEntry => entry.instant !== undefined && entry.problem === undefined);
    if (entries.length === 0) return;
    const windowDays = end ? localDaysSpanned(start, end, zone) : undefined;
    if (entries.some((entry) => inWindow(entry, start, end, windowDays, zone))) return;
    // Entries all on the window's own days but outside its hours may be the lead-up or the follow-up: not reported.
    const otherDays = entries.some((entry) => (windowDays ? !windowDays.has(entryDay(entry, zone)) : entryDay(entry, zone) < startDay));
    if (!otherDays) return;
    const nearest = nearestEntry(entries, start, end);
    const first = entries.reduce((a, b) => (Date.parse(b.instant) < Date.parse(a.instant) ? b : a));
    const last = entries.reduce((a, b) => (Date.parse(b.instant) > Date.parse(a.instant) ? b : a));
    const window = end ? `${literal(impact.start)}–${literal(impact.end)}` : `from ${literal(impact.start)}`;
    say({
      message: `Unexpected impact window ${window} with no timeline entry in it, expected it to cover the timeline (${describe(first)} to ${describe(last)})`,
      place: fieldPlace(report, 'impact.start'),
      cause: nearest
        ? { file: report.path, message: `Nearest timeline entry ${literal(nearest.time)} (${describe(nearest)}) is here`, place: nearest.place }
        : undefined,
    });
  },
});
