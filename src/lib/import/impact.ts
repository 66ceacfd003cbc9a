/**
 * The impact window of an imported report, from its stated start, end and
 * duration or from its timeline, as wall-clock times in the report's zone.
 */
import { dateTimeSchema } from '../schema.ts';
import { literal } from '../text.ts';
import { toLocalDateTime, zonedToInstant } from '../time.ts';
import { readLeadingTime } from '../timeline.ts';
import { parseDuration, clockTimeIn, firstDate, type FoundDate } from './dates.ts';
import type { FieldMeaning } from './fields.ts';
import type { Fact } from './facts.ts';
import type { ImportNote } from './result.ts';

/** A wall time read from a fact: `2023-03-04 14:00 UTC`, or `14:00` on the report's date. */
function wallTime(value: string, date: string): { local: string; zone?: string } | undefined {
  const found: FoundDate | undefined = firstDate(value);
  if (found?.time) return { local: `${found.date}T${found.time}`, ...(found.zone ? { zone: found.zone } : {}) };
  if (found) return undefined;
  const clock = clockTimeIn(value);
  return clock ? { local: `${date}T${clock.time}`, ...(clock.zone ? { zone: clock.zone } : {}) } : undefined;
}

/** `YYYY-MM-DDTHH:MM` in `zone` for a wall time read in its own zone. */
function inZone(time: { local: string; zone?: string }, zone: string): string {
  if (!time.zone) return time.local;
  return toLocalDateTime(zonedToInstant(time.local, time.zone), zone).slice(0, 16);
}

/** An impact window as the frontmatter holds it. */
interface Impact {
  start: string;
  end?: string;
  detected?: string;
}

/** `10:45 - 16:11 UTC`, `21:45 to 23:28 UTC`: a window of clock times in a duration or date line. */
const clockRange = /(\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?)\s*(?:-|–|—|to|until)\s*(\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?)(\s*[A-Za-z][\w/+:-]*)?/i;

/**
 * The impact window, when the source gives a start time (`Start: 2023-03-04
 * 14:00 UTC`, `Time: 5:13 UTC` under a date, `Duration: 10:45 - 16:11 UTC`); the
 * end from an end time, the range, or a duration; detection from a detection
 * time or delay. Left out, with a note, when it would contradict the report's date.
 */
export function buildImpact(facts: readonly Fact[], date: string, zone: string, notes: ImportNote[]): (Impact & { where: string }) | undefined {
  const timeOf = (meanings: readonly FieldMeaning[]) => {
    for (const meaning of meanings) {
      for (const fact of facts) {
        if (fact.meaning !== meaning) continue;
        const time = wallTime(fact.value, date);
        if (time) return { time, fact };
      }
    }
    return undefined;
  };
  const duration = facts.find((fact) => fact.meaning === 'duration' && parseDuration(fact.value) !== undefined);
  // A range of clock times in a header duration or date line is the window, on the report's date; in the
  // body only when the report gives one duration (a report of several outages gives one per outage).
  const lengths = new Set(facts.filter((fact) => fact.meaning === 'duration').map((fact) => parseDuration(fact.value)));
  const ranged = facts
    .filter((fact) => (fact.declared || lengths.size === 1) && (fact.meaning === 'duration' || fact.meaning === 'date'))
    .map((fact) => ({ fact, match: clockRange.exec(fact.value) }))
    .find(({ match }) => match !== null);
  const rangeTime = (clock: string | undefined, fact: Fact) => {
    const read = clockTimeIn(`${clock ?? ''}${ranged?.match?.[3] ?? ''}`);
    return read ? { time: { local: `${date}T${read.time}`, ...(read.zone ? { zone: read.zone } : {}) }, fact } : undefined;
  };
  const end = timeOf(['end']);
  // When the incident was opened is when it started, for an export (PagerDuty's `Created`) that also says when it ended.
  const start =
    timeOf(['start', 'date']) ?? (ranged ? rangeTime(ranged.match?.[1], ranged.fact) : undefined) ?? (end || duration ? timeOf(['created']) : undefined);
  if (!start) {
    if (duration)
      notes.push({
        level: 'info',
        message: `duration ${literal(duration.value)} (${duration.where}) kept in the body only: there is no start time to place it from`,
      });
    return undefined;
  }
  let startLocal: string;
  let startTime: number;
  try {
    startLocal = inZone(start.time, zone);
    startTime = zonedToInstant(startLocal, zone).getTime();
  } catch {
    return undefined;
  }
  if (startLocal.slice(0, 10) !== date || !dateTimeSchema.safeParse(startLocal).success) {
    notes.push({
      level: 'info',
      message: `start ${literal(start.fact.value)} (${start.fact.where}) is not on ${literal(date)} in ${literal(zone)}; \`impact\` left out`,
    });
    return undefined;
  }
  const impact: Impact & { where: string } = { start: startLocal, where: start.fact.where };
  const ending = end ?? (ranged && start.fact === ranged.fact ? rangeTime(ranged.match?.[2], ranged.fact) : undefined);
  let endTime: number | undefined;
  if (ending) {
    const endLocal = inZone(ending.time, zone);
    endTime = zonedToInstant(endLocal, zone).getTime();
    if (endTime > startTime) impact.end = endLocal;
    else {
      notes.push({ level: 'info', message: `end ${literal(ending.fact.value)} (${ending.fact.where}) is not after the start; \`impact.end\` left out` });
      endTime = undefined;
    }
  }
  if (endTime === undefined && duration) {
    endTime = startTime + parseDuration(duration.value)! * 60_000;
    impact.end = toLocalDateTime(new Date(endTime), zone).slice(0, 16);
  }
  const detected = timeOf(['detected']);
  const delay = facts.find((fact) => fact.meaning === 'detectionDelay' && parseDuration(fact.value) !== undefined);
  const detectedTime = detected
    ? zonedToInstant(inZone(detected.time, zone), zone).getTime()
    : delay
      ? startTime + parseDuration(delay.value)! * 60_000
      : undefined;
  if (detectedTime !== undefined && detectedTime >= startTime && (endTime === undefined || detectedTime <= endTime)) {
    impact.detected = toLocalDateTime(new Date(detectedTime), zone).slice(0, 16);
  }
  return impact;
}

/** Whether a heading starts with a date or a time (`### Feb 21, 13:00`, `## May 12`): a timeline's, not a section. */
export function startsWithTime(heading: string): boolean {
  const read = readLeadingTime(heading);
  return read !== undefined && read.problem === undefined && (read.date !== undefined || read.clock !== undefined);
}
