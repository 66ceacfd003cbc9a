/**
 * The walk over a timeline region: headings, paragraphs, lists and tables, in
 * order, keeping the state that the grammar alone cannot know (the date of the
 * last date heading, the section's zone, the zone the previous entry named).
 */
import type { Heading, List, ListItem, Paragraph, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { impactOffsetZone, normalizeZone, zonedToInstant } from '../time.ts';
import type { TimelineEntry, TimelineInput } from './entry.ts';
import {
  dayWords,
  decoration,
  formatDate,
  isRealDate,
  monthNumbers,
  numericDates,
  pad,
  readLeadingTime,
  sticky,
  timeColumnLabel,
  unreadableCell,
  zoneInLabel,
  zoneInSentence,
  type LeadingTime,
  type WrittenDate,
} from './grammar.ts';
import type { TimelineRegion } from './regions.ts';
import { readUnknownTime } from './unplaced.ts';

const dateOnlyPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A date marker (heading or lone paragraph) that becomes a day entry if no entry follows it. */
interface PendingDate {
  entry: TimelineEntry;
  /** Heading depth; paragraphs are closed by any heading. */
  depth: number;
}

/** Reading state for one report. */
export class TimelineReader {
  /** The entries read so far, in the order they were found. */
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

  /** Takes the report-wide context (its date and zone) from the input, once. */
  constructor(input: TimelineInput) {
    this.input = input;
    const raw = (input.frontmatter ?? {}) as { date?: unknown; timezone?: unknown; impact?: unknown };
    // The id's `YYYY-MM-DD` prefix, or a date inside it (`reports__2020-10-28-memory-overload`).
    const idDate = /(?:^|[^\d])(\d{4}-\d{2}-\d{2})(?!\d)/.exec(input.id);
    const candidates = [raw.date, idDate?.[1]];
    this.reportDate = candidates.find(
      (value): value is string =>
        typeof value === 'string' &&
        dateOnlyPattern.test(value) &&
        isRealDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))),
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
        problem: { code: 'numeric-date-heading', written, iso: example.iso, words: example.words },
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
    const found = readLeadingTime(line) ?? readUnknownTime(line);
    if (found) {
      const rest = restOf(plainText(first));
      const more = others
        .filter((child) => child.type !== 'list')
        .map(plainText)
        .filter(Boolean);
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
      // `TBD` under a `Time` header is a time not known yet; elsewhere a first cell may be anything.
      const labelled = timeColumnLabel.test(headerTexts[column] ?? '');
      const found = leading ?? (labelled ? readUnknownTime(text) : undefined) ?? (timeTable ? unreadableCell(text) : undefined);
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
      if (found.unknown) entry.unplaced = 'unknown';
      return entry;
    }
    let date: string | undefined;
    if (found.date) {
      const year = found.date.year ?? this.closestYear(found.date);
      if (year === undefined || !isRealDate(year, found.date.month, found.date.day)) {
        entry.problem =
          year === undefined
            ? { code: 'date-without-year', written }
            : { code: 'date-not-in-year', written, year, monthDay: formatDate(year, found.date.month, found.date.day).slice(5) };
        return entry;
      }
      date = formatDate(year, found.date.month, found.date.day);
      this.contextDate = date;
    } else {
      date = this.contextDate ?? this.reportDate;
    }
    if (date === undefined) {
      entry.problem = { code: 'time-without-date', written };
      return entry;
    }
    this.previousDate = date;
    entry.date = date;
    const clock = found.clock;
    const local = clock ? `${date}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}.${pad(clock.millisecond, 3)}` : `${date}T00:00:00.000`;
    if (!clock) entry.dateOnly = true;
    try {
      entry.instant = zonedToInstant(local, zone).toISOString();
    } catch (error) {
      entry.problem = { code: 'zone-error', written, reason: (error as Error).message };
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
  const found = readLeadingTime(plain) ?? readUnknownTime(plain);
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
