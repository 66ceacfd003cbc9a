/**
 * A report's timeline as its page shows it: one table for the whole report,
 * the zone stated once, a row per day change, each entry with its clock time
 * and the time since impact began. Pure: a stored report in, plain data out.
 *
 * The times are shown in the zone the timeline was written in when every entry
 * shares one (a timeline written in UTC stays in UTC, so no row needs a
 * "written 16:58 UTC" note), else in the report's zone, each entry read in
 * another zone noting how it was written.
 */
import { formatInZone, zoneLabel } from '../time.ts';
import { formatDay, formatElapsed, parseInstant } from './format.ts';
import type { SiteReport } from './report.ts';

/** A timeline entry on a report page. */
export interface TimelineRow {
  /** The clock time in the timeline's zone (`05:25`), the time as written when unreadable, or empty for an entry that names a day only. */
  time: string;
  /** `datetime` attribute value (ISO), when the instant is known. */
  datetime?: string;
  /** The time as written, when it was read in another zone than the one shown (`16:58 UTC`). */
  written?: string;
  /** `+1 h 42 m` since impact start. */
  elapsed?: string;
  text: string;
  /** Why the time could not be read. */
  problem?: string;
}

/** Timeline entries of one day in the timeline's zone. */
export interface TimelineDay {
  /** `2022-09-07`, or empty for entries whose time could not be read. */
  day: string;
  /** `Sep 7, 2022`, or `Times not read`. */
  label: string;
  entries: TimelineRow[];
}

/** The structured timeline of a report page. */
export interface TimelineView {
  /** The zone the times are in (`America/Toronto`, `UTC`, `+01:00`). */
  zone: string;
  /** The zone for people, once for the whole table: `America/Toronto (EDT)`, `UTC`. */
  zoneLabel: string;
  /** In document order; more than one when the timeline crosses midnight (or has unread times). */
  days: TimelineDay[];
  /** How many entries. */
  count: number;
}

/** The zone shared by every readable entry, if there is exactly one. */
function sharedZone(report: SiteReport): string | undefined {
  const zones = new Set(report.timeline.filter((entry) => entry.instant !== undefined).map((entry) => entry.zone));
  return zones.size === 1 ? [...zones][0] : undefined;
}

/** `America/Toronto (EDT)`; `UTC`; `+01:00`; both abbreviations when the timeline crosses a clock change. */
function describeZone(zone: string, instants: readonly Date[]): string {
  const labels = [...new Set(instants.map((instant) => zoneLabel(instant, zone)))];
  const named = labels.filter((label) => label !== zone);
  return named.length === 0 ? zone : `${zone} (${named.join(', ')})`;
}

/** The structured timeline of a report, or `undefined` when it has none. */
export function timelineView(report: SiteReport): TimelineView | undefined {
  if (report.timeline.length === 0) return undefined;
  const zone = sharedZone(report) ?? report.zone;
  const start = parseInstant(report.instants.start);
  const days: TimelineDay[] = [];
  const instants: Date[] = [];
  for (const entry of report.timeline) {
    const instant = parseInstant(entry.instant);
    if (instant) instants.push(instant);
    const local = instant ? formatInZone(instant, zone, { zoneName: false }) : undefined;
    const day = local?.slice(0, 10) ?? '';
    const row: TimelineRow = {
      time: entry.dateOnly ? '' : (local?.slice(11) ?? entry.time),
      ...(instant ? { datetime: entry.dateOnly ? day : instant.toISOString() } : {}),
      // Converted from another zone: the time as written says what the author saw.
      ...(local && entry.zone !== zone && !entry.dateOnly ? { written: entry.time } : {}),
      ...(instant && start && !entry.dateOnly ? { elapsed: formatElapsed(instant.getTime() - start.getTime()) } : {}),
      text: entry.text,
      ...(entry.problem ? { problem: entry.problem } : {}),
    };
    const last = days.at(-1);
    if (last && last.day === day) last.entries.push(row);
    else days.push({ day, label: day ? formatDay(day) : 'Times not read', entries: [row] });
  }
  return { zone, zoneLabel: describeZone(zone, instants), days, count: report.timeline.length };
}
