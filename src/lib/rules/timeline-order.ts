/**
 * Rule `timeline-order`: the timeline reads forward in time, and every time in it
 * can be read.
 */
import { defineReportRule } from '../rule.ts';
import { formatInZone, localDate, localTimeKind, offsetAt, toLocalDateTime } from '../time.ts';
import { readLeadingTime, timelineProblemMessage, type TimelineEntry } from '../timeline.ts';
import { literal } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

/** Whether `entry` comes before `previous`; entries without a clock time compare by day. */
function isBefore(entry: TimelineEntry & { instant: string }, previous: TimelineEntry & { instant: string }): boolean {
  if (entry.dateOnly || previous.dateOnly) {
    const day = (item: TimelineEntry & { instant: string }) => item.date ?? toLocalDateTime(new Date(item.instant), item.zone).slice(0, 10);
    return day(entry) < day(previous);
  }
  return Date.parse(entry.instant) < Date.parse(previous.instant);
}

/** How an entry was read, for the note: `2022-09-07 09:55 EDT`, or the day alone. */
function readAs(entry: TimelineEntry & { instant: string }): string {
  if (entry.dateOnly) return entry.date ?? entry.instant.slice(0, 10);
  return formatInZone(new Date(entry.instant), entry.zone);
}

/**
 * The next day, when `entry` looks like it is on it but was read on the day of the
 * entry above: written without a date, on the same day as that entry, and the clock
 * going back more than 12 hours (`23:50` then `00:05`). A typo or a swapped pair goes
 * back minutes, not half a day; an entry that names its own day says what it means.
 */
function missedDayChange(entry: TimelineEntry & { instant: string }, previous: TimelineEntry & { instant: string }): string | undefined {
  if (entry.dateOnly || previous.dateOnly || entry.date === undefined || entry.date !== previous.date) return undefined;
  if (readLeadingTime(entry.time)?.date !== undefined) return undefined;
  if (Date.parse(previous.instant) - Date.parse(entry.instant) <= 12 * 3_600_000) return undefined;
  return dayAfter(entry.date);
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * For two entries read in zones whose clocks differ (`22:10 UTC`, then `22:40` in
 * Berlin), each instant as written in one zone, so that the message shows why they
 * are out of order: `(21:40 UTC)` for the entry that was read in another zone. The
 * zone is the one the previous entry names, else the one the entry names, else UTC.
 */
function sameZoneTimes(entry: TimelineEntry & { instant: string }, previous: TimelineEntry & { instant: string }): [string, string] {
  if (entry.dateOnly || previous.dateOnly) return ['', ''];
  try {
    const entryInstant = new Date(entry.instant);
    const previousInstant = new Date(previous.instant);
    if (offsetAt(entryInstant, entry.zone) === offsetAt(previousInstant, previous.zone)) return ['', ''];
    const shown = readLeadingTime(previous.time)?.zone ?? readLeadingTime(entry.time)?.zone ?? 'UTC';
    const sameDay = localDate(entryInstant, shown) === localDate(previousInstant, shown);
    const annotate = (item: TimelineEntry, instant: Date) => {
      // An entry already written in that zone needs its date only when the two days differ.
      if (sameDay && offsetAt(instant, item.zone) === offsetAt(instant, shown)) return '';
      const written = formatInZone(instant, shown);
      return ` (${sameDay ? written.slice(11) : written})`;
    };
    return [annotate(entry, entryInstant), annotate(previous, previousInstant)];
  } catch {
    // Advice only: a zone the platform cannot handle must not stop the finding.
    return ['', ''];
  }
}

/** `12:20 PM` is noon, a common slip in 12-hour timelines: the hint for an entry at 12 o'clock. */
function twelveOClockHint(entry: TimelineEntry, previous: TimelineEntry): string {
  for (const item of [previous, entry]) {
    const match = /(?:^|[^\d])12(?::(\d{2}))?(?::\d{2})?\s?[ap]\.?\s?m\b/i.exec(item.time);
    if (match) {
      const clock = `12:${match[1] ?? '00'}`;
      return ` (${literal(`${clock} PM`)} is noon; ${literal(`${clock} AM`)} is just after midnight)`;
    }
  }
  return '';
}

/** Advice for the usual causes: a day change without a date, or the repeated hour of a DST change. */
function noteFor(entry: TimelineEntry & { instant: string }, previous: TimelineEntry & { instant: string }): string {
  const read = `${literal(entry.time)} was read as ${readAs(entry)} and ${literal(previous.time)} as ${readAs(previous)}.`;
  if (!entry.dateOnly && entry.date) {
    const local = toLocalDateTime(new Date(entry.instant), entry.zone);
    try {
      if (localTimeKind(`${entry.date}T${local.slice(11)}`, entry.zone) === 'ambiguous') {
        return `${read} ${literal(entry.time)} happens twice on ${entry.date} in ${entry.zone} (clocks go back) and is read as the first; write the zone (\`EST\`, \`-05:00\`) for the second.`;
      }
    } catch {
      // A note is advice only; an unusual zone must not stop the finding.
    }
  }
  const nextDay = dayAfter(entry.date ?? previous.date ?? entry.instant.slice(0, 10));
  return `${read} If the day changed, give the new date (a ${literal(`### ${nextDay}`)} heading or ${literal(`${nextDay} ${entry.time}`)}); otherwise move the entry to its place.`;
}

export default defineReportRule({
  id: 'timeline-order',
  severity: 'error',
  selfContained: true,
  // An archived timeline is what was written then: worth a look, not a failed build.
  lenience: { draft: 'warning', archived: 'warning' },
  docs: {
    summary: 'Timeline entries are in chronological order, and every time in the timeline can be read.',
    rationale:
      'A timeline is read to learn what happened first: detection delay, time to mitigate and the order of causes all come from it. An entry out of order is usually a typo or a day change that was not written (`23:55` followed by `00:10` with no new date), and both make the published timeline, its instants and the impact-window check wrong. A time that cannot be read (`14:??`, `HH:MM` left from the template) cannot be placed at all.',
    fix: "Move the entry to its place, correct the time, or give the date where the day changes: a date heading (`### 2022-09-08`) or a dated entry (`2022-09-08 00:10`). Times without a zone are read in the report's `timezone`; a report without one whose impact times all carry the same offset (`2026-11-21T01:35+01:00`) has them read at that offset, else in the configured default. Times that happen twice when clocks go back are read as the first occurrence; write the zone (`01:30 EST`) for the second. A time nobody knows (`[unknown]`, `TBD`, `??`) gets a warning only: the entry is kept and published without a time, in its place in the list; an estimate (`~14:35`, read as `14:35`) places it. Template placeholders (`HH:MM`, `14:??`) are errors once the report is under review. Drafts (`status: draft`) and archived reports (`status: archived`, brought in by `hindsight import`) only get a warning.",
    examples: [
      {
        title: 'An entry out of order',
        files: {
          'postmortems/2024-03-01-api-down.md': example({ body: completeBody.replace('- 10:05 Error rate alert fires.', '- 09:05 Error rate alert fires.') }),
        },
        expected: ['25:3: Unexpected `09:05` after `10:00`, expected timeline entries in chronological order'],
      },
      {
        title: 'An entry out of order in an archived report (a warning)',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            status: 'archived',
            body: completeBody.replace('- 10:05 Error rate alert fires.', '- 09:05 Error rate alert fires.'),
          }),
        },
        expected: ['25:3: Unexpected `09:05` after `10:00`, expected timeline entries in chronological order'],
      },
      {
        title: 'A time left as a placeholder',
        files: {
          'postmortems/2024-03-01-api-down.md': example({ body: completeBody.replace('- 10:05 Error rate alert fires.', '- 10:?? Error rate alert fires.') }),
        },
        expected: ['25:3: Unexpected placeholder time `10:??`, expected a time such as `14:35` or `2:35 PM`'],
      },
      {
        title: 'A time nobody knows (a warning: the entry is kept, without a time)',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('- 10:05 Error rate alert fires.', '- [unknown] Error rate alert fires.'),
          }),
        },
        expected: [
          '25:4: Unexpected time `unknown`, expected a clock time such as `14:35`, or an estimate such as `~14:35`; until then the entry is shown without a time, where it stands',
        ],
      },
      {
        title: 'Midnight crossed under a new date heading',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace(
              '- 10:00 Deploy of release 42 starts.\n- 10:05 Error rate alert fires.\n- 10:42 Rollback completes; errors stop.',
              '### 2024-03-01\n\n- 23:50 Deploy of release 42 starts.\n\n### 2024-03-02\n\n- 00:05 Error rate alert fires.\n- 00:42 Rollback completes; errors stop.',
            ),
          }),
        },
        expected: [],
      },
      { title: 'Entries in order', files: { 'postmortems/2024-03-01-api-down.md': example() }, expected: [] },
    ],
  },
  check(report, context) {
    let previous: (TimelineEntry & { instant: string }) | undefined;
    for (const entry of report.timeline) {
      if (entry.problem !== undefined || entry.instant === undefined) {
        context.report(report, {
          message: entry.problem ? timelineProblemMessage(entry.problem) : `Unexpected time ${literal(entry.time)}, expected a readable time`,
          place: entry.place,
          // A time nobody knows is honest, not a mistake: a warning, so the entry is kept rather than deleted to pass CI.
          ...(entry.unplaced === 'unknown'
            ? {
                severity: 'warning' as const,
                note: 'The entry stays in the published timeline, in the place it has in the list, marked as not placed in time.',
              }
            : {}),
        });
        continue;
      }
      const current = entry as TimelineEntry & { instant: string };
      if (previous && isBefore(current, previous)) {
        // The message says how to write a day change: outside `--verbose` it is all an author sees.
        const nextDay = missedDayChange(current, previous);
        const dayChange = nextDay ? `, or the date where the day changes (${literal(`${nextDay} ${current.time}`)})` : '';
        // `### Day 2` above the entry: the author did mark the day change, in words the reader cannot place.
        const heading = current.unreadHeading === undefined ? '' : `; the heading ${literal(current.unreadHeading)} is not read as a date`;
        const [currentShown, previousShown] = sameZoneTimes(current, previous);
        const hint = twelveOClockHint(current, previous);
        context.report(report, {
          message: `Unexpected ${literal(current.time)}${currentShown} after ${literal(previous.time)}${previousShown}, expected timeline entries in chronological order${hint}${dayChange}${heading}`,
          place: current.place,
          cause: { file: report.path, message: `Previous entry ${literal(previous.time)} is here`, place: previous.place },
          note: noteFor(current, previous),
        });
      }
      previous = current;
    }
  },
});
