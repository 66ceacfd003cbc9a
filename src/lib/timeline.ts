/**
 * Reads a report's Timeline section into entries with absolute instants.
 *
 * Shapes read (all of them seen in real reports):
 * - a table whose time column (`Time`, `Time (UTC)`, `When`, `Date`…, else the first) holds the time;
 * - list items that start with a time: `- **16:58 UTC** - …`, `* [08:47] …`, ``- `11:20` …``,
 *   `- 14:35: …`, `- 2022-09-07 05:25 …`, `- 2:35 PM …`;
 * - one heading per event: `### 2022-06-02 10:00 - Problem starts`, `### 08:52 PM`;
 * - date headings (`### Aug 31, 2022`, `### 2022-09-07`, `**Sep 7**`) with clock times under them;
 * - paragraphs whose lines start with a time (`2018-08-22, 03:26pm: first noticed…`).
 *
 * Dates and zones, in order of precedence:
 * - an entry's own date wins; otherwise the last date heading or dated entry of the
 *   section; otherwise the report's `date` (or the `YYYY-MM-DD` date in its id);
 * - a date without a year takes the year that puts it closest to the previous date
 *   (or the report's `date`), so `Dec 30` then `Jan 2` crosses into the next year;
 * - an entry's own zone (`UTC`, `PST`, `+02:00`) wins; then a zone in the time
 *   column's header (`Time (UTC)`); then one given for the section in its heading
 *   (`Timeline (UTC)`) or in a sentence ("All times in PST"); then the report's
 *   `timezone`; then, for a report without one whose impact times all carry the
 *   same offset (`impact.start: 2026-11-21T01:35+01:00`), that fixed offset (with
 *   different offsets, none of them); then the configured default.
 *
 * Clock times that go backwards within one day are NOT rolled over to the next
 * day: `23:55` followed by `00:10` under the same date is read as going back in
 * time, and the `timeline-order` rule reports it. Rolling over silently would hide
 * exactly the mistakes that rule exists for; a date heading or a dated entry
 * (`2022-09-08 00:10`) says what was meant.
 */
// The parts: `timeline/grammar.ts` reads one time expression, `timeline/regions.ts`
// finds the timeline sections, `timeline/reader.ts` walks them. This module keeps the
// public API in one place, so importers need not know how it is split.
import { TimelineReader } from './timeline/reader.ts';
import { timelineRegions } from './timeline/regions.ts';
import type { TimelineEntry, TimelineInput } from './timeline/entry.ts';

export type { TimelineEntry, TimelineInput } from './timeline/entry.ts';
export { readLeadingTime, zoneInLabel, zoneInSentence, type LeadingTime } from './timeline/grammar.ts';
export { timelineProblemMessage, type TimelineProblem } from './timeline/problems.ts';

/**
 * The timeline of a report: the entries of every Timeline section, in document
 * order, each resolved to an instant when it can be.
 */
export function readTimeline(input: TimelineInput): TimelineEntry[] {
  const reader = new TimelineReader(input);
  for (const region of timelineRegions(input.tree, input.sections, input.config)) reader.readSection(region);
  for (const entry of reader.entries) if (entry.instant === undefined) entry.unplaced ??= 'unreadable';
  return reader.entries.sort((a, b) => (a.place.start.offset ?? 0) - (b.place.start.offset ?? 0));
}
