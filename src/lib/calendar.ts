/**
 * The iCalendar feed (`/calendar.ics`): every `watch` expiry, every action
 * item's due date and every review due date (`review.days`) as an all-day event,
 * so that the next expiry is in someone's calendar rather than in a report nobody rereads.
 *
 * Pure: a function of (reports, config, options) → text. RFC 5545: CRLF line
 * endings, lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values
 * escaped and without control characters, all-day events with `VALUE=DATE` and
 * eight-digit dates. Only the sanity range of dates depends on "now" (passed in,
 * `SOURCE_DATE_EPOCH` in builds): UIDs come from the report id and the item,
 * DTSTAMP from the report's date, and events are sorted, so two builds of the
 * same content are byte-identical.
 */
import { actionItemState, isOpenActionItem } from './action-state.ts';
import { watchWindowDays, type Config } from './config.ts';
import { dateRange, inDateRange } from './date-range.ts';
import type { StateLookup } from './issue-state.ts';
import type { ParsedReport } from './parse.ts';
import { parseReference } from './references.ts';
import { reviewDue } from './review.ts';
import { printable } from './text.ts';

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
  /**
   * "Now", for the sanity range of dates (`dates` in the configuration): a date
   * outside it is a typo the checks report, and it is left out of the calendar.
   * Default: the clock; the site passes the build's "now".
   */
  now?: Date;
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
  category: 'watch' | 'action-item' | 'review';
  /** Days before the event to remind, if any. */
  alarmDays?: number;
}

/** At most this many events, the latest (about 1 KB each): older ones are history that /actions/ keeps. */
export const maxCalendarEvents = 800;

/** The calendar's product identifier (RFC 5545 PRODID). */
export const calendarProductId = '-//Hindsight//Postmortems as code//EN';

const encoder = new TextEncoder();

/**
 * Escapes a TEXT value (RFC 5545 section 3.3.11), which may not hold control
 * characters other than tab: they are dropped (line breaks become `\n`).
 */
export function escapeText(value: string): string {
  return printable(value)
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

/** `2023-08-30` → `20230830`; `undefined` for anything that would not be the eight digits a DATE value is. */
function basicDate(date: string): string | undefined {
  const basic = date.replace(/-/g, '');
  return /^\d{8}$/.test(basic) ? basic : undefined;
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
      alarmDays: watchWindowDays(config),
    };
    if (url) event.url = url;
    events.push(event);
  }
  for (const item of report.actionItems) {
    // A done item's due date is history, not something to plan around, and so is an archived report's (action-state.ts decides).
    if (item.due === undefined || actionItemState(!isOpenActionItem(item, options.github), data.status) !== 'open') continue;
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
  // A report still awaiting review has its due date here too: an unreviewed report is the lesson most often lost.
  const review = reviewDue(data, config);
  if (review) {
    const reviewers = data.reviewers.length > 0 ? `\nReviewers: ${data.reviewers.join(', ')}` : '';
    const event: CalendarEvent = {
      uid: `review-${slug(report.id)}`,
      date: review.date,
      stampDate: data.date,
      summary: `Review due: ${data.title}`,
      description: `Review of the incident “${data.title}” (${data.date}, ${review.severity}: ${review.days} days after it). Status: ${data.status}.${reviewers}${where}`,
      category: 'review',
    };
    if (url) event.url = url;
    events.push(event);
  }
  return events;
}

/** The lines of one VEVENT, or none when one of its dates cannot be written as eight digits. */
function eventLines(event: CalendarEvent, host: string): string[] {
  const stamp = basicDate(event.stampDate);
  const start = basicDate(event.date);
  const end = basicDate(nextDay(event.date));
  // `9999-12-31` ends on `+010000-01-01`: a calendar app would reject the whole feed, not one event.
  if (stamp === undefined || start === undefined || end === undefined) return [];
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}@${host}`,
    `DTSTAMP:${stamp}T000000Z`,
    `DTSTART;VALUE=DATE:${start}`,
    `DTEND;VALUE=DATE:${end}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `CATEGORIES:${escapeText(event.category)}`,
    'TRANSP:TRANSPARENT',
  ];
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.alarmDays !== undefined && event.alarmDays > 0) {
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `TRIGGER;RELATED=START:-P${event.alarmDays}D`, `DESCRIPTION:${escapeText(event.summary)}`, 'END:VALARM');
  }
  lines.push('END:VEVENT');
  return lines;
}

/**
 * The iCalendar text of every watch expiry, action-item due date and review due date in `reports`.
 *
 * @param reports parsed reports (invalid ones contribute nothing)
 * @param config the project configuration (site title, URL and base; watch window)
 */
export function buildCalendar(reports: readonly ParsedReport[], config: Config, options: CalendarOptions = {}): string {
  const origin = config.site.url ?? options.siteUrl;
  const host = origin && URL.canParse(origin) ? new URL(origin).hostname : 'hindsight';
  const ordered = [...reports].sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  // A date out of the sanity range is a typo the checks report; it must not become an event in 9999.
  const range = dateRange(config, options.now ?? new Date());
  const events = ordered
    .flatMap((report) => reportEvents(report, config, options))
    .filter((event) => inDateRange(event.date, range) && inDateRange(event.stampDate, range))
    .sort((left, right) => (left.date < right.date ? -1 : left.date > right.date ? 1 : left.uid < right.uid ? -1 : left.uid > right.uid ? 1 : 0))
    // The latest events (the future, then the most recent past): the feed stays small enough for calendar
    // clients to poll however large the archive grows, and the same input gives the same feed on any day.
    .slice(-maxCalendarEvents);
  // Two items of one report on the same issue (or watch name) still need distinct UIDs.
  const seen = new Map<string, number>();
  for (const event of events) {
    const count = (seen.get(event.uid) ?? 0) + 1;
    seen.set(event.uid, count);
    if (count > 1) event.uid = `${event.uid}-${count}`;
  }
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
