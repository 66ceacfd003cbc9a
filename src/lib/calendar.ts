/**
 * The iCalendar feed (`/calendar.ics`): every `watch` expiry and every action
 * item's due date as an all-day event, so that the next expiry is in someone's
 * calendar rather than in a report nobody rereads.
 *
 * Pure: a function of (reports, config, options) → text. RFC 5545: CRLF line
 * endings, lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values
 * escaped, all-day events with `VALUE=DATE`. Nothing depends on the clock: UIDs
 * come from the report id and the item, DTSTAMP from the report's date, and
 * events are sorted, so two builds of the same content are byte-identical.
 */
import type { Config } from './config.ts';
import type { StateLookup } from './github/state.ts';
import type { ParsedReport } from './parse.ts';
import { parseReference } from './references.ts';

/** Options for `buildCalendar`. */
export interface CalendarOptions {
  /**
   * The site's origin (e.g. Astro's `site`), used when `config.site.url` is not
   * set. Without either, events carry no `URL` (it must be absolute) and name the
   * report's path in their description instead.
   */
  siteUrl?: string;
  /** GitHub state, to say in each action item's description whether it is open. */
  github?: StateLookup;
}

/** One all-day event, before it is written out. */
interface CalendarEvent {
  uid: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `YYYY-MM-DD` the event was derived from (the report's date), for DTSTAMP. */
  stampDate: string;
  summary: string;
  description: string;
  url?: string;
  category: 'watch' | 'action-item';
  /** Days before the event to remind, if any. */
  alarmDays?: number;
}

/** The calendar's product identifier (RFC 5545 PRODID). */
export const calendarProductId = '-//Hindsight//Postmortems as code//EN';

const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 section 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 section 3.1): continuation lines
 * start with one space, which counts toward their 75. Splits only between code
 * points, so a multi-byte character is never cut in half.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** `2023-08-30` → `20230830`. */
function basicDate(date: string): string {
  return date.replace(/-/g, '');
}

/** The day after `date`, for an all-day event's exclusive DTEND. */
function nextDay(date: string): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  return next.toISOString().slice(0, 10);
}

/** A UID-safe slug: lower-case letters, digits and hyphens. */
function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'item'
  );
}

/** A short stable hash (FNV-1a, 32 bits) for items without a better identity. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The absolute URL of a report's page, or `undefined` without a site origin. */
export function reportPageUrl(config: Config, id: string, siteUrl?: string): string | undefined {
  const origin = config.site.url ?? siteUrl;
  if (!origin || !URL.canParse(origin)) return undefined;
  const base = config.site.base.endsWith('/') ? config.site.base : `${config.site.base}/`;
  return new URL(`${base}postmortems/${encodeURIComponent(id)}/`, origin).href;
}

/** The events of one report. */
function reportEvents(report: ParsedReport, config: Config, options: CalendarOptions): CalendarEvent[] {
  const data = report.data;
  if (!data) return [];
  const url = reportPageUrl(config, report.id, options.siteUrl);
  const where = url ? '' : `\nReport: ${report.path}`;
  const events: CalendarEvent[] = [];
  for (const entry of data.watch) {
    const issue = entry.issue ? (parseReference(entry.issue, config)?.url ?? entry.issue) : undefined;
    const event: CalendarEvent = {
      uid: `watch-${slug(report.id)}-${slug(entry.name)}`,
      date: entry.expires,
      stampDate: data.date,
      summary: `Expires: ${entry.name}`,
      description: `${entry.name} expires on ${entry.expires}. Watched since the incident “${data.title}” (${data.date}).${issue ? `\nRenewal issue: ${issue}` : ''}${where}`,
      category: 'watch',
      alarmDays: config.github.watchWindowDays,
    };
    if (url) event.url = url;
    events.push(event);
  }
  for (const item of report.actionItems) {
    if (item.due === undefined) continue;
    const first = item.references[0];
    const lines = [`Action item of the incident “${data.title}” (${data.date}).`];
    if (item.owner) lines.push(`Owner: @${item.owner}`);
    for (const reference of item.references) {
      const state = reference.github && options.github ? options.github.get(reference.github).state : undefined;
      lines.push(`Tracked in ${reference.label}: ${reference.url}${state && state !== 'unknown' ? ` (${state})` : ''}`);
    }
    const event: CalendarEvent = {
      uid: `action-${slug(report.id)}-${first ? slug(first.label) : shortHash(item.text)}`,
      date: item.due,
      stampDate: data.date,
      summary: `Due: ${item.text}`,
      description: `${lines.join('\n')}${where}`,
      category: 'action-item',
    };
    if (url) event.url = url;
    events.push(event);
  }
  return events;
}

/** The lines of one VEVENT. */
function eventLines(event: CalendarEvent, host: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}@${host}`,
    `DTSTAMP:${basicDate(event.stampDate)}T000000Z`,
    `DTSTART;VALUE=DATE:${basicDate(event.date)}`,
    `DTEND;VALUE=DATE:${basicDate(nextDay(event.date))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `CATEGORIES:${escapeText(event.category)}`,
    'TRANSP:TRANSPARENT',
  ];
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.alarmDays !== undefined && event.alarmDays > 0) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `TRIGGER;RELATED=START:-P${event.alarmDays}D`,
      `DESCRIPTION:${escapeText(event.summary)}`,
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

/**
 * The iCalendar text of every watch expiry and action-item due date in `reports`.
 *
 * @param reports parsed reports (invalid ones contribute nothing)
 * @param config the project configuration (site title, URL and base; watch window)
 */
export function buildCalendar(reports: readonly ParsedReport[], config: Config, options: CalendarOptions = {}): string {
  const origin = config.site.url ?? options.siteUrl;
  const host = origin && URL.canParse(origin) ? new URL(origin).hostname : 'hindsight';
  const ordered = [...reports].sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  const events = ordered.flatMap((report) => reportEvents(report, config, options));
  // Two items of one report on the same issue (or watch name) still need distinct UIDs.
  const seen = new Map<string, number>();
  for (const event of events) {
    const count = (seen.get(event.uid) ?? 0) + 1;
    seen.set(event.uid, count);
    if (count > 1) event.uid = `${event.uid}-${count}`;
  }
  events.sort((left, right) => (left.date < right.date ? -1 : left.date > right.date ? 1 : left.uid < right.uid ? -1 : left.uid > right.uid ? 1 : 0));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendarProductId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(config.site.title)}`,
    `X-WR-CALNAME:${escapeText(config.site.title)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:P1D',
    ...events.flatMap((event) => eventLines(event, host)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
