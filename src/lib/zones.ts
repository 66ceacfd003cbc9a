/**
 * Zones as reports write them, shared by `hindsight import` (which sets
 * `timezone` from them) and the `timezone-mismatch` and `frontmatter` rules (which
 * compare them with `timezone` and suggest the IANA zone for an abbreviation):
 * "All times PDT", "times are in UTC", `## Timeline (times in BST)`, a
 * `| Date and Time in CET |` column, or a `Timezone: PST` header line.
 *
 * The `timezone` field wants an IANA zone, while reports write abbreviations. An
 * abbreviation names one offset (`PDT` is UTC−7), but the author meant the place's
 * clock, so each maps to the zone whose clock it is: `PDT` and `PST` both to
 * `America/Los_Angeles`. The whole map is here, in one table.
 */
import { isTimeZone } from './config.ts';
import { isIanaZone, normalizeZone, parseOffset } from './time.ts';
import { allMatches } from './matches.ts';

/**
 * Abbreviations and names → the IANA zone whose clock they name. Keys are upper
 * case with single spaces. Ambiguous abbreviations take the meaning they have in
 * `src/lib/time.ts` (`CST` North American, `IST` India, `BST` British).
 */
export const ianaZoneByName: Readonly<Record<string, string>> = {
  UTC: 'UTC',
  UT: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
  ZULU: 'UTC',
  'COORDINATED UNIVERSAL TIME': 'UTC',
  'GREENWICH MEAN TIME': 'UTC',
  // North America.
  EST: 'America/New_York',
  EDT: 'America/New_York',
  ET: 'America/New_York',
  EASTERN: 'America/New_York',
  'EASTERN TIME': 'America/New_York',
  'US EASTERN': 'America/New_York',
  'EASTERN STANDARD TIME': 'America/New_York',
  'EASTERN DAYLIGHT TIME': 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CT: 'America/Chicago',
  CENTRAL: 'America/Chicago',
  'CENTRAL TIME': 'America/Chicago',
  'US CENTRAL': 'America/Chicago',
  'CENTRAL STANDARD TIME': 'America/Chicago',
  'CENTRAL DAYLIGHT TIME': 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  MT: 'America/Denver',
  MOUNTAIN: 'America/Denver',
  'MOUNTAIN TIME': 'America/Denver',
  'US MOUNTAIN': 'America/Denver',
  'MOUNTAIN STANDARD TIME': 'America/Denver',
  'MOUNTAIN DAYLIGHT TIME': 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PT: 'America/Los_Angeles',
  PACIFIC: 'America/Los_Angeles',
  'PACIFIC TIME': 'America/Los_Angeles',
  'US PACIFIC': 'America/Los_Angeles',
  'PACIFIC STANDARD TIME': 'America/Los_Angeles',
  'PACIFIC DAYLIGHT TIME': 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  AKT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  HT: 'Pacific/Honolulu',
  AST: 'America/Halifax',
  ADT: 'America/Halifax',
  NST: 'America/St_Johns',
  NDT: 'America/St_Johns',
  // Europe.
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  'WESTERN EUROPEAN TIME': 'Europe/Lisbon',
  'WESTERN EUROPEAN SUMMER TIME': 'Europe/Lisbon',
  BST: 'Europe/London',
  'BRITISH SUMMER TIME': 'Europe/London',
  'UK TIME': 'Europe/London',
  'LONDON TIME': 'Europe/London',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  MET: 'Europe/Paris',
  MEST: 'Europe/Paris',
  'CENTRAL EUROPEAN TIME': 'Europe/Paris',
  'CENTRAL EUROPEAN STANDARD TIME': 'Europe/Paris',
  'CENTRAL EUROPEAN SUMMER TIME': 'Europe/Paris',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  'EASTERN EUROPEAN TIME': 'Europe/Athens',
  'EASTERN EUROPEAN SUMMER TIME': 'Europe/Athens',
  MSK: 'Europe/Moscow',
  // Asia and Oceania.
  IST: 'Asia/Kolkata',
  'INDIA STANDARD TIME': 'Asia/Kolkata',
  'INDIAN STANDARD TIME': 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AWST: 'Australia/Perth',
  ACST: 'Australia/Adelaide',
  ACDT: 'Australia/Adelaide',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

/** Names of more than one word, and one-word names that are also English words, matched in any case. */
const spelledNames = Object.keys(ianaZoneByName).filter((name) => name.includes(' ') || name.length > 4);
/** Abbreviations, matched in capitals only: `est`, `met` and `west` are English words. */
const abbreviations = Object.keys(ianaZoneByName).filter((name) => !name.includes(' ') && name.length <= 4 && name !== 'Z');

const byLength = (a: string, b: string) => b.length - a.length;
const anyCase = (word: string) => word.replace(/[A-Za-z]/g, (letter) => `[${letter.toUpperCase()}${letter.toLowerCase()}]`).replace(/ /g, '\\s+');

/** A zone as written: an offset, an IANA name, an abbreviation, or a spelled-out name. */
const zoneWord = [
  '(?:UTC|GMT)\\s?[+\\-\\u2212]\\s?\\d{1,2}(?::?\\d{2})?(?!\\d)',
  '[A-Z][A-Za-z]+(?:_[A-Za-z]+)*/[A-Za-z_]+(?:/[A-Za-z_]+)?',
  `(?:${[...abbreviations].sort(byLength).join('|')})(?![A-Za-z])`,
  `(?:${[...spelledNames].sort(byLength).map(anyCase).join('|')})(?![A-Za-z])`,
].join('|');

/**
 * A sentence that sets the zone of the report's times: a keyword (`times`,
 * `timestamps`, `timezone`), a few linking words, then the zone.
 */
const zoneStatement = new RegExp(
  `\\b(?:all\\s+)?(?:times?|timestamps?|time\\s*zone|timezone|tz)\\b(?:\\s+(?:are|is|were|listed|given|shown|written|displayed|below|here|reported))*(?:\\s+(?:in|as|at))?\\s*[:=(]?\\s*(?:the\\s+)?(${zoneWord})`,
  'i',
);
/** A label that names only a zone: `Timeline (UTC)`, `Time (PDT)`. */
const zoneInParentheses = new RegExp(`\\(\\s*(${zoneWord})\\s*\\)`);

/**
 * The IANA zone (or `UTC`, or an offset such as `+02:00`) for a zone as written:
 * `PDT` → `America/Los_Angeles`, `Central European Time` → `Europe/Paris`,
 * `America/Toronto` as it is, `UTC+2` → `+02:00`. `undefined` when it names no zone.
 */
export function ianaZoneFor(written: string): string | undefined {
  const trimmed = written.trim().replace(/[.,;]+$/, '');
  const named = ianaZoneByName[trimmed.toUpperCase().replace(/\s+/g, ' ')];
  if (named) return named;
  const offset = parseOffset(trimmed.replace(/\u2212/g, '-'));
  if (offset !== undefined) return offset === 0 ? 'UTC' : normalizeZone(trimmed.replace(/\u2212/g, '-'));
  if (trimmed.includes('/') && isIanaZone(trimmed)) {
    const zone = normalizeZone(trimmed);
    return isTimeZone(zone) ? zone : undefined;
  }
  return undefined;
}

/** A zone found in a report's text. */
export interface ZoneStatement {
  /** The zone for the `timezone` field. */
  zone: string;
  /** The zone as the report wrote it (`PDT`). */
  written: string;
}

/**
 * The zone a line of text states for the report's times ("All times in PST",
 * "_times are in UTC_", "Date and Time in CET"), or, for a heading or table
 * header, a zone alone in parentheses (`Timeline (UTC)`).
 *
 * @param text the text of a paragraph line, a heading or a table header cell
 * @param isLabel whether the text is a heading or a header cell, where `(UTC)` alone counts
 */
export function zoneStatedIn(text: string, isLabel = false): ZoneStatement | undefined {
  // An underscore inside a word is part of a name (`America/Los_Angeles`), not emphasis.
  const plain = text.replace(/[*`]|(?<![A-Za-z])_|_(?![A-Za-z])/g, '');
  // A sentence that merely mentions a time is not a statement; long paragraphs rarely are one.
  if (plain.length > 300) return undefined;
  const match = zoneStatement.exec(plain) ?? (isLabel ? zoneInParentheses.exec(plain) : null);
  const written = match?.[1];
  if (!written) return undefined;
  const zone = ianaZoneFor(written);
  return zone ? { zone, written: written.trim() } : undefined;
}

/** A zone statement and where its zone is written, for messages that point at it. */
export interface ZoneStatementAt extends ZoneStatement {
  /** Offset of `written` in the text searched. */
  index: number;
  /** An offset written right after the zone (`PST (UTC-7)`): what the author checked, so it wins. */
  offset?: string;
}

/**
 * Emphasis and code marks, blanked with spaces so offsets stay those of the text;
 * an underscore inside a word (`Los_Angeles`) is kept.
 */
const markup = /[*`]|(?<![A-Za-z])_|_(?![A-Za-z])/g;
/** Every statement in a text, with the indices of the zone: `zoneStatement` compiled once for `matchAll`. */
const allStatements = new RegExp(zoneStatement.source, `${zoneStatement.flags.replace('g', '')}gd`);
/** The patterns `zoneStatementsIn` tries on prose and on labels (where `(UTC)` alone counts too). */
const allStatementsInProse = [allStatements];
const allStatementsInLabels = [allStatements, new RegExp(zoneInParentheses.source, `${zoneInParentheses.flags.replace('g', '')}gd`)];
/** A word every `zoneStatement` contains; the same alternatives, without the zone names that make that pattern large. */
const statementKeyword = /\b(?:times?|timestamps?|time\s*zone|timezone|tz)\b/i;
/** Letters that every `statementKeyword` match contains (blanking the markup cannot add them). */
const statementLetters = /time|tz/i;

/**
 * Whether `text` may hold a statement that `zoneStatementsIn` finds, tested
 * cheaply: most text states no zone, so a caller can skip splitting it into lines.
 * `false` means none of its lines holds one; `true` that one may.
 *
 * @param isLabel whether the text is a heading or a table header cell
 */
export function mayStateZone(text: string, isLabel = false): boolean {
  return statementLetters.test(text) || (isLabel && text.includes('('));
}
/** Where a sentence can start: the text before a statement ends with one of these, or is empty. */
const sentenceEnd = /(?:^|[.;:!?([|—–-])[\s>]*$/;
/** An offset in parentheses right after a zone: `PST (UTC-7)`, `CET (GMT+1)`. */
const offsetAfter = /\s*\(\s*((?:UTC|GMT)\s?[+\-\u2212]\s?\d{1,2}(?::?\d{2})?)\s*\)/y;
/** One-word US zone names that also start place names: `Central Europe`, `Eastern Canada`. */
const regionWords = /^(?:pacific|eastern|central|mountain)$/i;

/**
 * Every statement of a zone for a report's times in one line of Markdown source,
 * with the offset of the zone as written. Stricter than `zoneStatedIn`, since a
 * rule reports what it finds: in prose, the statement must open a sentence ("All
 * times PDT.", "Note: times are in UTC", "(all times in CET)"), so a sentence about
 * something else ("screenshots show timestamps in UTC+2") is not one; in a label
 * (a heading or a table header cell) it may stand anywhere (`Date and Time in CET`,
 * `Time (UTC)`).
 *
 * @param line one line of source text (Markdown marks are ignored)
 * @param isLabel whether the line is a heading or a table header cell
 */
export function zoneStatementsIn(line: string, isLabel = false): ZoneStatementAt[] {
  // Long paragraphs hold stories, not statements (as in `zoneStatedIn`).
  if (line.length > 300) return [];
  // Most lines state nothing: cheap tests for the words every statement needs save the large patterns.
  if (!mayStateZone(line, isLabel)) return [];
  const text = line.replace(markup, ' ');
  if (!statementKeyword.test(text) && !(isLabel && text.includes('('))) return [];
  const found: ZoneStatementAt[] = [];
  for (const pattern of isLabel ? allStatementsInLabels : allStatementsInProse) {
    for (const match of allMatches(text, pattern)) {
      const written = match[1];
      const [start, end] = match.indices?.[1] ?? [];
      if (written === undefined || start === undefined || end === undefined) continue;
      if (found.some((statement) => statement.index === start)) continue;
      if (!isLabel && !sentenceEnd.test(text.slice(0, match.index))) continue;
      // The statement pattern ignores case, but `est`, `met` and `west` are words: abbreviations count in capitals only.
      if (/^[A-Za-z]{1,4}$/.test(written) && written !== written.toUpperCase()) continue;
      // `Central Europe`, `Eastern Canada`: a region, not the US zone.
      if (regionWords.test(written) && /^\s+[A-Z]/.test(text.slice(end)) && !/^\s+(?:Time|Standard|Daylight)\b/i.test(text.slice(end))) continue;
      const zone = ianaZoneFor(written);
      if (!zone) continue;
      offsetAfter.lastIndex = end;
      const offset = offsetAfter.exec(text)?.[1];
      found.push({ zone, written: written.trim(), index: start, ...(offset ? { offset } : {}) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
