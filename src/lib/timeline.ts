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
import type { Heading, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { sectionLookup, type Config } from './config.ts';
import { matchSection, type Section } from './sections.ts';
import { literal, type LineIndex, type Place } from './text.ts';
import { impactOffsetZone, isIanaZone, normalizeZone, resolveZone, zoneAbbreviationWords, zonedToInstant, zoneNameWords } from './time.ts';

/** One event of a report's timeline. */
export interface TimelineEntry {
  /** The time as written, e.g. `2:35 PM`, `14:35 UTC`, `2022-09-07T05:25`. */
  time: string;
  /** The event's text, Markdown stripped. */
  text: string;
  /** The resolved instant, ISO 8601 in UTC (`2022-09-07T09:25:00.000Z`), when it could be read. */
  instant?: string;
  /** The zone the time was read in (IANA name such as `America/Toronto`, or an offset like `+02:00`). */
  zone: string;
  /** Where the entry is in the file (the time's position). */
  place: Place;
  /** Why the time could not be read, when `instant` is missing. */
  problem?: string;
  /**
   * Set when the entry names a day but no clock time (`| 2021-12-17 | log4j 2.17 published |`):
   * `instant` is then the start of that day, and order is checked by day.
   */
  dateOnly?: boolean;
  /** The calendar day of the entry as read (`YYYY-MM-DD`, in `zone`), when known. */
  date?: string;
  /**
   * A heading between the previous entry and this one that names a day but was not
   * read as a date (`### Day 2`, `### 21/11/2026`): an entry going back in time
   * after it says so, since the author meant the heading to change the day.
   */
  unreadHeading?: string;
}

/** What the timeline reader needs from a report being parsed. */
export interface TimelineInput {
  /** The whole file, as on disk (BOM removed). */
  text: string;
  /** A line index over `text`. */
  index: LineIndex;
  /** The parsed body. */
  tree: Root;
  /** Its sections. */
  sections: readonly Section[];
  /** The report id (file name without `.md`); a `YYYY-MM-DD` date in it (normally its prefix) is a last-resort date. */
  id: string;
  /** The frontmatter as parsed (valid or not): `date` and `timezone` are read from it when usable. */
  frontmatter: unknown;
  /** The project configuration (its `timezone` is the default zone). */
  config: Config;
}

// ---------------------------------------------------------------------------
// Reading one leading time expression

/** A date as written; `year` is missing for `Sep 7`. */
interface WrittenDate {
  year?: number;
  month: number;
  day: number;
}

/** A clock time, 24-hour. */
interface ClockTime {
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
  problem?: string;
}

const monthNumbers: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const monthWord = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const weekdayWord = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?';

/** Things written before a time that are not part of it: Markdown markers, `~`, `ca.`, `Date:`. */
const decoration = /(?:[\s|*_`[(~≈>]|&nbsp;|\\\[|ca\.|c\.|approx(?:\.|imately)?\s|around\s|about\s|(?:date|time|when)\s*:)+/iy;
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
const anyCase = (word: string) =>
  word.replace(/[A-Za-z]/g, (letter) => `[${letter.toUpperCase()}${letter.toLowerCase()}]`).replace(/ /g, '\\s+');
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

function sticky(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

function monthOf(word: string): number {
  return monthNumbers[word.slice(0, 3).toLowerCase()] ?? 0;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Reads a date at `position`: its value and where it ends. */
function readDate(text: string, position: number): { date: WrittenDate; end: number; problem?: string; iso: boolean } | undefined {
  let match = sticky(isoDate, text, position);
  if (match) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    const problem = isRealDate(date.year, date.month, date.day) ? undefined : `Unexpected date ${literal(match[0])}, expected a real calendar date`;
    return { date, end: position + match[0].length, problem, iso: true };
  }
  for (const [pattern, monthGroup, dayGroup] of [[monthFirstDate, 1, 2], [dayFirstDate, 2, 1]] as const) {
    match = sticky(pattern, text, position);
    if (match) {
      const date: WrittenDate = { month: monthOf(match[monthGroup] ?? ''), day: Number(match[dayGroup]) };
      if (match[3]) date.year = Number(match[3]);
      const problem = isRealDate(date.year ?? 2000, date.month, date.day) ? undefined : `Unexpected date ${literal(match[0].trim())}, expected a real calendar date`;
      return { date, end: position + match[0].length, problem, iso: false };
    }
  }
  match = sticky(monthDayDate, text, position);
  if (match) {
    const date = { month: Number(match[1]), day: Number(match[2]) };
    const problem = isRealDate(2000, date.month, date.day) ? undefined : `Unexpected date ${literal(match[0])}, expected a real calendar date`;
    return { date, end: position + match[0].length, problem, iso: false };
  }
  return undefined;
}

/** Reads a clock time at `position`. */
function readClock(text: string, position: number): { clock: ClockTime; end: number; problem?: string; seconds: boolean } | undefined {
  const match = sticky(clockTime, text, position) ?? sticky(hourOnlyTime, text, position);
  if (!match) return undefined;
  let end = position + match[0].length;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const second = Number(match[3] ?? 0);
  const millisecond = Number((match[4] ?? '0').slice(0, 3).padEnd(3, '0'));
  const half = sticky(meridiem, text, end);
  let problem: string | undefined;
  if (half) {
    end += half[0].length;
    const pm = half[1]?.toLowerCase() === 'p';
    // `17:14pm` is redundant but clear; `17:14am` is not.
    if (hour > 12 && !pm) problem = `Unexpected time ${literal(text.slice(position, end))}, expected an hour from 1 to 12 before \`AM\``;
    else if (hour <= 12) hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (!problem && (hour > 23 || minute > 59 || second > 59)) {
    problem = `Unexpected time ${literal(text.slice(position, end))}, expected a clock time from \`00:00\` to \`23:59\``;
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
  let problem: string | undefined;
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
      return finish(text, start, end, { problem: `Unexpected placeholder date ${literal(text.slice(start, end))}, expected a date such as \`2022-09-07\`` });
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
      problem: problem ?? `Unexpected placeholder time ${literal(text.slice(clockStart, end))}, expected a time such as \`14:35\` or \`2:35 PM\``,
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
  for (const match of text.matchAll(zoneMention)) {
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

/** The zone a heading or table header names: `Timeline (UTC)`, `Time (times in BST)`, `Date and Time in CET`. */
export function zoneInLabel(label: string): string | undefined {
  return zonesIn(label.replace(/[*_`]/g, ''))[0];
}

// ---------------------------------------------------------------------------
// Walking the section

const dateOnlyPattern = /^\d{4}-\d{2}-\d{2}$/;
const pad = (value: number, length = 2) => String(value).padStart(length, '0');
const formatDate = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** A date marker (heading or lone paragraph) that becomes a day entry if no entry follows it. */
interface PendingDate {
  entry: TimelineEntry;
  /** Heading depth; paragraphs are closed by any heading. */
  depth: number;
}

/** A table header that names a time column: `Time`, `Time (UTC)`, `When`, `Date`, `Timestamp`. */
const timeColumnLabel = /\b(?:time|when|date|timestamp|hour)s?\b/i;

/**
 * The whole text of a time-table cell that holds something other than a time
 * (`23.59`, `2210`, `22h10`, `half past ten`), as a time with a problem;
 * `undefined` for an empty cell (a row continuing the one above).
 */
function unreadableCell(text: string): LeadingTime | undefined {
  const skipped = sticky(decoration, text, 0);
  const start = skipped ? skipped[0].length : 0;
  const written = text.slice(start).replace(/[\s|*_`\]]+$/, '');
  if (written === '') return undefined;
  const end = start + written.length;
  return {
    start,
    end,
    restStart: end,
    problem: `Unexpected time ${literal(written)}, expected a clock time such as \`23:59\`, \`11:59 PM\` or \`2022-09-07 23:59\``,
  };
}

/**
 * A heading written as numbers that the reader does not take for a date, since day
 * and month could be either way round: `21/11/2026`, `11/21`, `21.11.2026`, `21-11-26`.
 * Dots and dashes need all three parts (`2.1 Detection` is a numbered heading).
 */
const numericDates = [/(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/y, /(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])/y, /(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})(?![\d-])/y];
/** A heading that names a day without a date: `Day 2`, `Tuesday`, `The next morning`. */
const dayWords = /\bday\s*\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tomorrow|next day|following day|morning|afternoon|evening|night|overnight)\b/i;

/** Reading state for one report. */
class TimelineReader {
  readonly entries: TimelineEntry[] = [];
  private readonly input: TimelineInput;
  private readonly reportDate?: string;
  private readonly reportZone: string;
  private sectionZone?: string;
  /** Whether the frontmatter names a `timezone` (then it, not the previous entry's zone, applies to times without one). */
  private readonly reportNamesZone: boolean;
  /** The zone the previous entry of the section named, carried to the next ones when nothing else says. */
  private carriedZone?: string;
  /** A heading since the last entry that looks like it changes the day but was not read as a date. */
  private unreadHeading?: string;
  private contextDate?: string;
  private previousDate?: string;
  private pending?: PendingDate;

  constructor(input: TimelineInput) {
    this.input = input;
    const raw = (input.frontmatter ?? {}) as { date?: unknown; timezone?: unknown; impact?: unknown };
    // The id's `YYYY-MM-DD` prefix, or a date inside it (`reports__2020-10-28-memory-overload`).
    const idDate = /(?:^|[^\d])(\d{4}-\d{2}-\d{2})(?!\d)/.exec(input.id);
    const candidates = [raw.date, idDate?.[1]];
    this.reportDate = candidates.find(
      (value): value is string =>
        typeof value === 'string' && dateOnlyPattern.test(value) && isRealDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))),
    );
    const ownZone = typeof raw.timezone === 'string' ? knownZone(raw.timezone) : undefined;
    this.reportNamesZone = ownZone !== undefined;
    // No `timezone`, but `impact.start: 2026-11-21T01:35+01:00`: the author wrote in that offset, not in the default.
    this.reportZone = ownZone ?? impactOffsetZone(raw.impact) ?? knownZone(input.config.timezone) ?? 'UTC';
  }

  /** Reads one Timeline section. */
  readSection(section: TimelineRegion): void {
    const nodes = this.input.tree.children.slice(section.startIndex + 1, section.endIndex);
    this.sectionZone = zoneInLabel(section.title);
    this.contextDate = undefined;
    this.carriedZone = undefined;
    this.unreadHeading = undefined;
    this.pending = undefined;
    if (!this.sectionZone) {
      for (const node of nodes) {
        if (node.type !== 'paragraph' && node.type !== 'html') continue;
        const text = node.type === 'html' ? node.value.replace(/<[^>]*>/g, ' ') : toString(node);
        if (readLeadingTime(text)) continue;
        const zone = zoneInSentence(text);
        if (zone) {
          this.sectionZone = zone;
          break;
        }
      }
    }
    for (const [position, node] of nodes.entries()) this.readNode(node, nodes, position);
    this.flushPending();
  }

  private readNode(node: RootContent, siblings: readonly RootContent[], position: number): void {
    switch (node.type) {
      case 'heading':
        this.readHeading(node, siblings, position);
        break;
      case 'paragraph':
        this.readParagraph(node);
        break;
      case 'list':
        this.readList(node);
        break;
      case 'table':
        this.readTable(node);
        break;
      case 'blockquote':
        for (const [index, child] of node.children.entries()) this.readNode(child, node.children, index);
        break;
      default:
        break;
    }
  }

  private source(start: number | undefined, end: number | undefined): { text: string; offset: number } {
    const offset = start ?? 0;
    return { text: this.input.text.slice(offset, end ?? offset), offset };
  }

  private readHeading(node: Heading, siblings: readonly RootContent[], position: number): void {
    if (this.pending && this.pending.depth >= node.depth) this.flushPending();
    const { text, offset } = this.source(node.position?.start.offset, node.position?.end.offset);
    const firstLine = text.split(/\r?\n/)[0] ?? '';
    const markers = /^\s*#+\s*/.exec(firstLine)?.[0].length ?? 0;
    const found = readLeadingTime(firstLine.slice(markers));
    if (!found) {
      this.readOtherHeading(firstLine.slice(markers), offset + markers, toString(node));
      return;
    }
    const plain = toString(node);
    const rest = restOf(plain);
    let eventText = rest;
    if (eventText === '') {
      // `### 13:35` with the event in the paragraph below it.
      const next = siblings[position + 1];
      if (next && next.type !== 'heading') eventText = plainText(next);
    }
    if (isDateMarker(found)) this.setPendingDate(found, firstLine.slice(markers), offset + markers, eventText, node.depth);
    else this.addEntry(found, firstLine.slice(markers), offset + markers, eventText);
  }

  /**
   * A heading that is neither a date nor a time. One written like a date that cannot
   * be read (`21/11/2026`: day first or month first?) is reported; one that names a
   * day some other way (`Day 2`, `Tuesday night`) is remembered for the next entry.
   */
  private readOtherHeading(line: string, offset: number, plain: string): void {
    const skipped = sticky(decoration, line, 0);
    const start = skipped ? skipped[0].length : 0;
    const numeric = numericDates.map((pattern) => sticky(pattern, line, start)).find((match) => match !== null);
    if (numeric) {
      const written = numeric[0];
      const place = this.input.index.placeAt(offset + start, offset + start + written.length);
      const example = this.exampleDate(numeric);
      this.entries.push({
        time: written,
        text: restOf(plain),
        zone: this.sectionZone ?? this.reportZone,
        place,
        problem: `Unexpected date heading ${literal(written)}, expected a date such as ${literal(example.iso)} or ${literal(example.words)}`,
      });
      this.unreadHeading = written;
      return;
    }
    const title = collapse(plain);
    if (dayWords.test(title)) this.unreadHeading = title;
  }

  /** The date a numeric heading most likely means, written the two ways the reader reads. */
  private exampleDate(match: RegExpExecArray): { iso: string; words: string } {
    const first = Number(match[1]);
    const second = Number(match[2]);
    // Ambiguous unless one of the numbers cannot be a month; day first is the more common elsewhere.
    const [day, month] = first > 12 || second <= 12 ? [first, second] : [second, first];
    const writtenYear = match[3] === undefined ? undefined : Number(match[3]) + (match[3].length === 2 ? 2000 : 0);
    const year = writtenYear ?? Number((this.contextDate ?? this.reportDate ?? '2022').slice(0, 4));
    if (!isRealDate(year, month, day)) return { iso: '2022-09-07', words: 'Sep 7, 2022' };
    const monthName = Object.keys(monthNumbers)[month - 1] ?? 'jan';
    return { iso: formatDate(year, month, day), words: `${monthName.charAt(0).toUpperCase()}${monthName.slice(1)} ${day}, ${year}` };
  }

  private readParagraph(node: Paragraph): void {
    const { text, offset } = this.source(node.position?.start.offset, node.position?.end.offset);
    const lines = text.split('\n');
    let lineOffset = offset;
    let current: TimelineEntry | undefined;
    const single = lines.length === 1 || (lines.length === 2 && lines[1]?.trim() === '');
    for (const line of lines) {
      const found = readLeadingTime(line);
      if (found && isDateMarker(found) && single && stripMarkdown(line.slice(found.restStart)) === '') {
        this.setPendingDate(found, line, lineOffset, '', Number.POSITIVE_INFINITY);
      } else if (found) {
        current = this.addEntry(found, line, lineOffset, stripMarkdown(line.slice(found.restStart)));
      } else if (current) {
        const more = stripMarkdown(line);
        if (more) current.text = current.text ? `${current.text} ${more}` : more;
      }
      lineOffset += line.length + 1;
    }
  }

  private readList(list: List): void {
    for (const item of list.children) this.readListItem(item);
  }

  private readListItem(item: ListItem): void {
    const [first, ...others] = item.children;
    const nested = others.filter((child): child is List => child.type === 'list');
    if (first?.type !== 'paragraph') {
      for (const child of item.children) if (child.type === 'list') this.readList(child);
      return;
    }
    const { text, offset } = this.source(first.position?.start.offset, first.position?.end.offset);
    const line = text.split(/\r?\n/)[0] ?? '';
    const found = readLeadingTime(line);
    if (found) {
      const rest = restOf(plainText(first));
      const more = others.filter((child) => child.type !== 'list').map(plainText).filter(Boolean);
      const eventText = [rest, ...more].filter(Boolean).join(' ');
      const groupsNestedTimes = isDateMarker(found) && rest === '' && nested.some((list) => list.children.some((child) => startsWithTime(child)));
      if (groupsNestedTimes) this.setPendingDate(found, line, offset, '', Number.POSITIVE_INFINITY);
      else this.addEntry(found, line, offset, eventText);
    }
    for (const list of nested) this.readList(list);
  }

  private readTable(table: Table): void {
    const [header, ...rows] = table.children;
    if (!header) return;
    const headerTexts = header.children.map((cell) => toString(cell));
    let column = headerTexts.findIndex((label) => timeColumnLabel.test(label));
    if (column === -1) column = 0;
    // In a table that opens with a time column every row is an event, so a first cell that is not a time is a mistake.
    const timeTable = column === 0 && timeColumnLabel.test(headerTexts[0] ?? '');
    const tableZone = zoneInLabel(headerTexts[column] ?? '');
    for (const row of rows) {
      const cell = row.children[column];
      if (!cell) continue;
      const { text, offset } = this.source(cell.position?.start.offset, cell.position?.end.offset);
      const leading = readLeadingTime(text);
      const found = leading ?? (timeTable ? unreadableCell(text) : undefined);
      if (!found) continue;
      const others = row.children
        .filter((_, index) => index !== column)
        .map((other) => toString(other).trim())
        .filter(Boolean);
      // An unreadable cell is all time: nothing of it goes into the event's text.
      const own = leading ? restOf(toString(cell)) : '';
      this.addEntry(found, text, offset, [own, ...others].filter(Boolean).join(' — '), tableZone);
    }
  }

  private setPendingDate(found: LeadingTime, text: string, offset: number, rest: string, depth: number): void {
    this.flushPending();
    this.unreadHeading = undefined;
    const entry = this.resolve(found, text, offset, rest, undefined);
    this.pending = { entry, depth };
  }

  private flushPending(): void {
    if (this.pending) this.entries.push(this.pending.entry);
    this.pending = undefined;
  }

  private addEntry(found: LeadingTime, text: string, offset: number, eventText: string, tableZone?: string): TimelineEntry {
    // An entry under a date marker makes the marker a heading, not an event of its own.
    this.pending = undefined;
    const entry = this.resolve(found, text, offset, eventText, tableZone);
    if (this.unreadHeading !== undefined) entry.unreadHeading = this.unreadHeading;
    this.unreadHeading = undefined;
    this.entries.push(entry);
    return entry;
  }

  /** Turns a leading time into an entry, updating the date context. */
  private resolve(found: LeadingTime, text: string, offset: number, eventText: string, tableZone: string | undefined): TimelineEntry {
    const written = text.slice(found.start, found.end).replace(/[\s*_`\]]+$/, '');
    const place = this.input.index.placeAt(offset + found.start, offset + found.start + written.length);
    // "16:22 PST" then "16:59": without a zone for the section or the report, the author kept writing in PST.
    const carried = this.sectionZone || this.reportNamesZone ? undefined : this.carriedZone;
    const zone = found.zone ?? tableZone ?? this.sectionZone ?? carried ?? this.reportZone;
    if (found.zone) this.carriedZone = found.zone;
    const entry: TimelineEntry = { time: written, text: eventText, zone, place };
    if (found.problem) {
      entry.problem = found.problem;
      return entry;
    }
    let date: string | undefined;
    if (found.date) {
      const year = found.date.year ?? this.closestYear(found.date);
      if (year === undefined || !isRealDate(year, found.date.month, found.date.day)) {
        entry.problem =
          year === undefined
            ? `Unexpected date ${literal(written)} without a year, expected a year (\`Sep 7, 2022\`), a dated heading above it or a \`date\` in the frontmatter`
            : `Unexpected date ${literal(written)}, expected a real calendar date (${year} has no ${formatDate(year, found.date.month, found.date.day).slice(5)})`;
        return entry;
      }
      date = formatDate(year, found.date.month, found.date.day);
      this.contextDate = date;
    } else {
      date = this.contextDate ?? this.reportDate;
    }
    if (date === undefined) {
      entry.problem = `Unexpected time ${literal(written)} without a date, expected a date heading above it (\`### 2022-09-07\`), a date in the entry or a \`date\` in the frontmatter`;
      return entry;
    }
    this.previousDate = date;
    entry.date = date;
    const clock = found.clock;
    const local = clock
      ? `${date}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}.${pad(clock.millisecond, 3)}`
      : `${date}T00:00:00.000`;
    if (!clock) entry.dateOnly = true;
    try {
      entry.instant = zonedToInstant(local, zone).toISOString();
    } catch (error) {
      entry.problem = `Unexpected time ${literal(written)} (${(error as Error).message}), expected a time in a known zone`;
    }
    return entry;
  }

  /** The year that puts a month and day closest to the previous date (or the report's). */
  private closestYear(date: WrittenDate): number | undefined {
    const reference = this.previousDate ?? this.contextDate ?? this.reportDate;
    if (!reference) return undefined;
    const referenceYear = Number(reference.slice(0, 4));
    const referenceTime = Date.UTC(referenceYear, Number(reference.slice(5, 7)) - 1, Number(reference.slice(8, 10)));
    let best: { year: number; distance: number } | undefined;
    for (const year of [referenceYear - 1, referenceYear, referenceYear + 1]) {
      if (!isRealDate(year, date.month, date.day)) continue;
      const distance = Math.abs(Date.UTC(year, date.month - 1, date.day) - referenceTime);
      if (!best || distance < best.distance) best = { year, distance };
    }
    return best?.year ?? referenceYear;
  }
}

/** The canonical zone, or `undefined` for a name nobody knows (the `frontmatter` rule reports those). */
function knownZone(zone: string): string | undefined {
  try {
    return normalizeZone(zone);
  } catch {
    return undefined;
  }
}

/** A date with no clock time and nothing wrong: a heading over entries, or a day entry. */
function isDateMarker(found: LeadingTime): boolean {
  return found.date !== undefined && found.clock === undefined && found.problem === undefined;
}

/** Whether a list item starts with a time. */
function startsWithTime(item: ListItem): boolean {
  const first = item.children[0];
  return first?.type === 'paragraph' && readLeadingTime(toString(first).split('\n')[0] ?? '') !== undefined;
}

/** Text after the leading time of a plain (Markdown-free) string. */
function restOf(plain: string): string {
  const found = readLeadingTime(plain);
  return collapse(found ? plain.slice(found.restStart) : plain);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text of a block, its children separated by spaces. */
function plainText(node: RootContent): string {
  if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') {
    return collapse((node.children as RootContent[]).map(plainText).join(' '));
  }
  return collapse(toString(node));
}

/** Drops inline Markdown from one source line: emphasis, code marks, link targets. */
function stripMarkdown(line: string): string {
  return collapse(
    line
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/(\*\*|__|`)/g, '')
      .replace(/(^|\s)[*_](\S)/g, '$1$2')
      .replace(/(\S)[*_](?=\s|$|[.,;:])/g, '$1'),
  );
}

/** A stretch of the body to read as a timeline: a heading and what follows it. */
interface TimelineRegion {
  title: string;
  /** Index of the heading in `tree.children`. */
  startIndex: number;
  /** Index one past the region's last node. */
  endIndex: number;
}

/**
 * The parts of the body that are timelines: every section matched to `Timeline`
 * (directly or through an alias), and any deeper heading that names it where the
 * report's sections sit one level up (a `# Title` plus `# Stats` makes `#` the
 * section level, and `## Timeline` would otherwise go unread).
 */
function timelineRegions(tree: Root, sections: readonly Section[], config: Config): TimelineRegion[] {
  const regions: TimelineRegion[] = sections
    .filter((section) => section.name === 'Timeline')
    .map(({ title, startIndex, endIndex }) => ({ title, startIndex, endIndex }));
  const lookup = sectionLookup(config);
  const covered = (index: number) => regions.some((region) => index >= region.startIndex && index < region.endIndex);
  tree.children.forEach((node, index) => {
    if (node.type !== 'heading' || covered(index)) return;
    const title = toString(node).trim();
    if (matchSection(title, lookup)?.name !== 'Timeline') return;
    let endIndex = index + 1;
    while (endIndex < tree.children.length) {
      const next = tree.children[endIndex];
      if (next?.type === 'heading' && next.depth <= node.depth) break;
      endIndex++;
    }
    regions.push({ title, startIndex: index, endIndex });
  });
  // `## Timeline` followed by `## May 12`, `## May 13`: the dated sections continue the timeline.
  for (const region of regions) {
    const heading = tree.children[region.startIndex];
    const depth = heading?.type === 'heading' ? heading.depth : 2;
    for (;;) {
      const next = tree.children[region.endIndex];
      if (next?.type !== 'heading' || next.depth !== depth || !readLeadingTime(toString(next))) break;
      let endIndex = region.endIndex + 1;
      while (endIndex < tree.children.length) {
        const node = tree.children[endIndex];
        if (node?.type === 'heading' && node.depth <= depth) break;
        endIndex++;
      }
      region.endIndex = endIndex;
    }
  }
  return regions.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The timeline of a report: the entries of every Timeline section, in document
 * order, each resolved to an instant when it can be.
 */
export function readTimeline(input: TimelineInput): TimelineEntry[] {
  const reader = new TimelineReader(input);
  for (const region of timelineRegions(input.tree, input.sections, input.config)) reader.readSection(region);
  return reader.entries.sort((a, b) => (a.place.start.offset ?? 0) - (b.place.start.offset ?? 0));
}
