/**
 * The grammar of timeline times: reading the time expression at the start of a
 * line (`**16:58 UTC**`, `2022-09-07 05:25`, `2:35 PM`, `Sep 7`), and the zone a
 * heading or a sentence gives a section. Pure functions of a string, so they can
 * be tested (and reused by `hindsight import`) without a report around them.
 */
import { isIanaZone, normalizeZone, resolveZone, zoneAbbreviationWords, zoneNameWords } from '../time.ts';
import { allMatches } from '../matches.ts';
import type { TimelineProblem } from './problems.ts';
import { remembered } from '../remembered.ts';

// ---------------------------------------------------------------------------
// Reading one leading time expression

/** A date as written; `year` is missing for `Sep 7`. */
export interface WrittenDate {
  year?: number;
  month: number;
  day: number;
}

/** A clock time, 24-hour. */
export interface ClockTime {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The time expression found at the start of a piece of text. */
export interface LeadingTime {
  /** Offset of the expression's first character in the scanned text. */
  start: number;
  /** Offset just past the expression (zone and range end included). */
  end: number;
  /** Offset where the event's text starts (separators after the expression skipped). */
  restStart: number;
  date?: WrittenDate;
  clock?: ClockTime;
  /** The canonical zone written with the time. */
  zone?: string;
  /** Why it cannot be read (placeholder, impossible value). */
  problem?: TimelineProblem;
  /** The author wrote that the time is not known (`[unknown]`, `TBD`). */
  unknown?: true;
}

/** Month numbers by the first three letters of the month's English name. */
export const monthNumbers: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
/** An English month name or its abbreviation, as a capturing regular-expression source (match case-insensitively). */
export const monthWord =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const weekdayWord = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?';

/** Things written before a time that are not part of it: Markdown markers, `~`, `ca.`, `Date:`. */
export const decoration = /(?:[\s|*_`[(~≈>]|&nbsp;|\\\[|ca\.|c\.|approx(?:\.|imately)?\s|around\s|about\s|(?:date|time|when)\s*:)+/iy;
const isoDate = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/])/y;
const monthFirstDate = new RegExp(`(?:${weekdayWord},?\\s+)?${monthWord}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])(?:,?\\s+(\\d{4})(?![\\d:]))?`, 'iy');
const dayFirstDate = new RegExp(`(?:${weekdayWord},?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+${monthWord}\\b\\.?(?:,?\\s+(\\d{4})(?![\\d:]))?`, 'iy');
/** `12-05 16:21`: month and day without a year, only when a clock time follows. */
const monthDayDate = /(\d{2})-(\d{2})(?=\s+\d{1,2}:\d{2})/y;
const datePlaceholder = /(?:\d{4}|\d{2}(?:xx|yy)|y{4}|\?{4})[-/](?:\d{1,2}|mm|\?{1,2}|xx)[-/](?:\d{1,2}|dd|\?{1,2}|xx)(?![\d])/iy;
const trailingWeekday = new RegExp(`,?\\s*\\(?${weekdayWord}\\)?(?![a-z])`, 'iy');
const dateTimeSeparator = /[\s,]*(?:(?:at|@|ca\.?|c\.|approx\.?|around|~)\s*)?/iy;
const clockTime = /(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?!\d)/y;
const hourOnlyTime = /(\d{1,2})(?=\s?[ap]\.?\s?m\b)/iy;
const meridiem = /\s?([ap])\.?\s?m\b\.?/iy;
const timePlaceholder = /(?:h{1,2}|x{2}|\?{1,2}|-{2}|_{2}):(?:m{2}|x{2}|\?{2}|-{2}|_{2})|\d{1,2}:(?:\?{1,2}|x{2}|m{2}|-{2})|\?{3,}/iy;
const rangeEnd = /\s*(?:-|–|—|to|until|till)\s*~?\s*(?:\d{1,2}:(?:\d{2}|\?\?)(?::\d{2})?|\d{1,2}(?=\s?[ap]\.?\s?m\b))(?:\s?[ap]\.?\s?m\b\.?)?/iy;
const restSeparator = /[\s*_`\]):|,.;~\-–—>]*/y;
/** `22:30 UTC (Oct 29)`: a date in parentheses after the time. */
const parenthesisOpen = /\s*\(\s*(?:on\s+)?/iy;
const parenthesisClose = /\s*\)/y;

/** A pattern matching `word` in any case (without a flag, so it can sit in a case-sensitive pattern). */
const anyCase = (word: string) => word.replace(/[A-Za-z]/g, (letter) => `[${letter.toUpperCase()}${letter.toLowerCase()}]`).replace(/ /g, '\\s+');
const upperWords = zoneAbbreviationWords.filter((word) => word !== 'Z').join('|');
const nameWords = zoneNameWords.map(anyCase).join('|');
/** A zone after a time: abbreviations in capitals only (`est` and `met` are English), names in any case. */
const zoneAfterTime = new RegExp(
  [
    '\\s*\\(?\\s*',
    '(',
    '(?:UTC|GMT|UT)\\s?[+\\-\\u2212]\\s?\\d{1,2}(?::?\\d{2})?(?![\\d])',
    `|(?:${upperWords})(?![A-Za-z])`,
    `|(?:${nameWords})(?=\\s*(?:$|[-–—:|,.;)\\]*_]|\\())`,
    '|[A-Z][A-Za-z]+(?:_[A-Za-z]+)*/[A-Za-z_]+(?:/[A-Za-z_]+)?',
    ')\\)?',
  ].join(''),
  'y',
);
/** A numeric offset after a space (`14:35 +02:00`), or attached to an ISO time (`05:25:00-04:00`). */
const spacedOffset = /\s+([+\-\u2212]\d{2}(?::?\d{2})?)(?![\d:])/y;
const attachedOffset = /(Z(?![A-Za-z])|[+\-\u2212]\d{2}:?\d{2}(?![\d:]))/y;

/** Matches a sticky (`y`) pattern at `position`: the grammar reads left to right, one piece at a time. */
export function sticky(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

function monthOf(word: string): number {
  return monthNumbers[word.slice(0, 3).toLowerCase()] ?? 0;
}

/** Whether the date exists in the calendar (`2023-02-29` does not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The problem of a date that names no real day, as written. */
function impossibleDate(written: string): TimelineProblem {
  return { code: 'impossible-date', written };
}

/** Reads a date at `position`: its value and where it ends. */
function readDate(text: string, position: number): { date: WrittenDate; end: number; problem?: TimelineProblem; iso: boolean } | undefined {
  let match = sticky(isoDate, text, position);
  if (match) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    const problem = isRealDate(date.year, date.month, date.day) ? undefined : impossibleDate(match[0]);
    return { date, end: position + match[0].length, problem, iso: true };
  }
  for (const [pattern, monthGroup, dayGroup] of [
    [monthFirstDate, 1, 2],
    [dayFirstDate, 2, 1],
  ] as const) {
    match = sticky(pattern, text, position);
    if (match) {
      const date: WrittenDate = { month: monthOf(match[monthGroup] ?? ''), day: Number(match[dayGroup]) };
      if (match[3]) date.year = Number(match[3]);
      const problem = isRealDate(date.year ?? 2000, date.month, date.day) ? undefined : impossibleDate(match[0].trim());
      return { date, end: position + match[0].length, problem, iso: false };
    }
  }
  match = sticky(monthDayDate, text, position);
  if (match) {
    const date = { month: Number(match[1]), day: Number(match[2]) };
    const problem = isRealDate(2000, date.month, date.day) ? undefined : impossibleDate(match[0]);
    return { date, end: position + match[0].length, problem, iso: false };
  }
  return undefined;
}

/** Reads a clock time at `position`. */
function readClock(text: string, position: number): { clock: ClockTime; end: number; problem?: TimelineProblem; seconds: boolean } | undefined {
  const match = sticky(clockTime, text, position) ?? sticky(hourOnlyTime, text, position);
  if (!match) return undefined;
  let end = position + match[0].length;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const second = Number(match[3] ?? 0);
  const millisecond = Number((match[4] ?? '0').slice(0, 3).padEnd(3, '0'));
  const half = sticky(meridiem, text, end);
  let problem: TimelineProblem | undefined;
  if (half) {
    end += half[0].length;
    const pm = half[1]?.toLowerCase() === 'p';
    // `17:14pm` is redundant but clear; `17:14am` is not.
    if (hour > 12 && !pm) problem = { code: 'hour-before-am', written: text.slice(position, end) };
    else if (hour <= 12) hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (!problem && (hour > 23 || minute > 59 || second > 59)) {
    problem = { code: 'impossible-clock', written: text.slice(position, end) };
  }
  return { clock: { hour, minute, second, millisecond }, end, problem, seconds: match[3] !== undefined };
}

/** Reads a zone right after a time at `position`. */
function readZone(text: string, position: number, iso: boolean): { zone: string; end: number } | undefined {
  const attached = iso ? sticky(attachedOffset, text, position) : null;
  if (attached) {
    const zone = resolveZone(attached[1] ?? '');
    if (zone) return { zone, end: position + attached[0].length };
  }
  const offset = sticky(spacedOffset, text, position);
  if (offset) {
    const zone = resolveZone(offset[1] ?? '');
    if (zone) return { zone, end: position + offset[0].length };
  }
  const named = sticky(zoneAfterTime, text, position);
  if (named) {
    const written = named[1] ?? '';
    // `(UTC` without its `)` leaves the parenthesis to the text.
    const opened = named[0].includes('(');
    const closed = named[0].endsWith(')');
    if (opened !== closed) return undefined;
    const zone = written.includes('/') ? (isIanaZone(written) ? normalizeZone(written) : undefined) : resolveZone(written);
    if (zone) return { zone, end: position + named[0].length };
  }
  return undefined;
}

/**
 * Reads the time expression at the start of `text` (Markdown markers, `~` and
 * `ca.` before it are skipped). Returns `undefined` when the text does not start
 * with anything that looks like a date or a time; a result with `problem` when it
 * looks like one but cannot be read (`HH:MM`, `14:??`, `25:00`).
 */
export function readLeadingTime(text: string): LeadingTime | undefined {
  const skipped = sticky(decoration, text, 0);
  const start = skipped ? skipped[0].length : 0;
  let position = start;
  let date: WrittenDate | undefined;
  let problem: TimelineProblem | undefined;
  let iso = false;

  const readDateResult = readDate(text, position);
  if (readDateResult) {
    date = readDateResult.date;
    problem = readDateResult.problem;
    iso = readDateResult.iso;
    position = readDateResult.end;
  } else {
    const placeholder = sticky(datePlaceholder, text, position);
    if (placeholder) {
      let end = position + placeholder[0].length;
      const time = sticky(/[\sT]+(?:\S+:\S+)/y, text, end);
      if (time) end += time[0].length;
      return finish(text, start, end, { problem: { code: 'placeholder-date', written: text.slice(start, end) } });
    }
  }

  let clockStart = position;
  if (date) {
    const weekday = sticky(trailingWeekday, text, position);
    const afterWeekday = weekday ? position + weekday[0].length : position;
    const isoT = text.charAt(afterWeekday) === 'T' && /\d/.test(text.charAt(afterWeekday + 1));
    const separator = sticky(dateTimeSeparator, text, afterWeekday + (isoT ? 1 : 0));
    clockStart = afterWeekday + (isoT ? 1 : 0) + (separator ? separator[0].length : 0);
    if (!readClock(text, clockStart) && !sticky(timePlaceholder, text, clockStart)) {
      return finish(text, start, afterWeekday, { date, problem });
    }
  }

  const clockResult = readClock(text, clockStart);
  if (!clockResult) {
    const placeholder = sticky(timePlaceholder, text, clockStart);
    if (!placeholder) return undefined;
    const end = clockStart + placeholder[0].length;
    const range = sticky(rangeEnd, text, end);
    return finish(text, start, end + (range ? range[0].length : 0), {
      date,
      problem: problem ?? { code: 'placeholder-time', written: text.slice(clockStart, end) },
    });
  }
  position = clockResult.end;
  problem ??= clockResult.problem;
  let zone = readZone(text, position, iso || clockResult.seconds);
  if (zone) position = zone.end;
  const range = sticky(rangeEnd, text, position);
  if (range) {
    position += range[0].length;
    // `21:45 to 23:28 UTC`: the zone written after the range is the start's too.
    if (!zone) {
      zone = readZone(text, position, false);
      if (zone) position = zone.end;
    }
  }
  if (!date) {
    const open = sticky(parenthesisOpen, text, position);
    const after = open ? readDate(text, position + open[0].length) : undefined;
    const close = after ? sticky(parenthesisClose, text, after.end) : null;
    if (after && close) {
      date = after.date;
      problem ??= after.problem;
      position = after.end + close[0].length;
    }
  }
  return finish(text, start, position, { date, clock: clockResult.clock, zone: zone?.zone, problem });
}

function finish(text: string, start: number, end: number, found: Omit<LeadingTime, 'start' | 'end' | 'restStart'>): LeadingTime {
  // A closing `]` or `**` right after the time belongs to it, not to the text.
  const separator = sticky(restSeparator, text, end);
  return { start, end, restStart: end + (separator ? separator[0].length : 0), ...found };
}

// ---------------------------------------------------------------------------
// Zones given in prose

const zoneMention = new RegExp(
  [
    '((?:UTC|GMT)\\s?[+\\-\\u2212]\\s?\\d{1,2}(?::?\\d{2})?(?![\\d]))',
    `|\\b(${upperWords})(?![A-Za-z])`,
    `|\\b(${nameWords})\\b`,
    '|\\b([A-Z][A-Za-z]+(?:_[A-Za-z]+)*/[A-Za-z_]+(?:/[A-Za-z_]+)?)',
  ].join(''),
  'g',
);

/** The zones named in a piece of prose, in order, numeric offsets first. */
function zonesIn(text: string): string[] {
  const numeric: string[] = [];
  const named: string[] = [];
  for (const match of allMatches(text, zoneMention)) {
    if (match[1]) {
      const zone = resolveZone(match[1]);
      if (zone) numeric.push(zone);
    } else {
      const written = match[2] ?? match[3] ?? match[4] ?? '';
      // `UC/Pacific` (a typo) still says Pacific.
      const zone = written.includes('/') ? (isIanaZone(written) ? normalizeZone(written) : resolveZone(written.split('/').at(-1) ?? '')) : resolveZone(written);
      if (zone) named.push(zone);
    }
  }
  // "All times in PST (UTC-7)": the explicit offset is what the author checked.
  return [...numeric, ...named];
}

/**
 * The zone a sentence sets for a whole section: "All times in PST", "(times are
 * UTC)", "_All times America/Toronto._", "Times are in Eastern Daylight Time (EDT)".
 */
export function zoneInSentence(sentence: string): string | undefined {
  const plain = sentence.replace(/[*_`]/g, '');
  if (plain.length > 300) return undefined;
  const keyword = /\b(?:all\s+)?(?:times?|timestamps?|time\s*zone|timezone)\b/i.exec(plain);
  if (!keyword) return undefined;
  return zonesIn(plain.slice(keyword.index + keyword[0].length, keyword.index + keyword[0].length + 80))[0];
}

/**
 * The zone a heading or table header names: `Timeline (UTC)`, `Time (times in BST)`,
 * `Date and Time in CET`. Reports repeat the same few labels, and the zone pattern
 * is a large one: each label is read once.
 */
export const zoneInLabel = remembered((label: string): string | undefined => zonesIn(label.replace(/[*_`]/g, ''))[0], 10_000);

// ---------------------------------------------------------------------------
// Cells and headings that are not times

/** Pads a number with zeros: `pad(7)` is `07`. */
export const pad = (value: number, length = 2) => String(value).padStart(length, '0');
/** A date as `YYYY-MM-DD`. */
export const formatDate = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** A table header that names a time column: `Time`, `Time (UTC)`, `When`, `Date`, `Timestamp`. */
export const timeColumnLabel = /\b(?:time|when|date|timestamp|hour)s?\b/i;

/**
 * The whole text of a time-table cell that holds something other than a time
 * (`23.59`, `2210`, `22h10`, `half past ten`), as a time with a problem;
 * `undefined` for an empty cell (a row continuing the one above).
 */
export function unreadableCell(text: string): LeadingTime | undefined {
  const skipped = sticky(decoration, text, 0);
  const start = skipped ? skipped[0].length : 0;
  const written = text.slice(start).replace(/[\s|*_`\]]+$/, '');
  if (written === '') return undefined;
  const end = start + written.length;
  return {
    start,
    end,
    restStart: end,
    problem: { code: 'unreadable-time', written },
  };
}

/**
 * A heading written as numbers that the reader does not take for a date, since day
 * and month could be either way round: `21/11/2026`, `11/21`, `21.11.2026`, `21-11-26`.
 * Dots and dashes need all three parts (`2.1 Detection` is a numbered heading).
 */
export const numericDates = [
  /(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/y,
  /(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])/y,
  /(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})(?![\d-])/y,
];
/** A heading that names a day without a date: `Day 2`, `Tuesday`, `The next morning`. */
export const dayWords =
  /\bday\s*\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tomorrow|next day|following day|morning|afternoon|evening|night|overnight)\b/i;
