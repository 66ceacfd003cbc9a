/**
 * Dates, times and durations as postmortems write them: `2022-09-07`,
 * `Sep 27 2017`, `January 23rd, 2019`, `Friday 29 November 2019`, `08Nov2022`,
 * `16/12/2022`, a range (`January 14-19, 2026`: its first day), and durations
 * such as `1h 48m` or `5 hours 26 minutes`.
 *
 * Only a date with a year counts: `Sep 7` or `12th march 23` could be any year, so
 * they are not guessed. Numeric dates are read only when the day is unambiguous
 * (`16/12/2022`, not `07/01/2024`).
 */
import { allMatches } from '../matches.ts';
import { isCalendarDate } from '../schema.ts';
import { readLeadingTime } from '../timeline.ts';
import { monthNumbers, monthWord } from '../timeline/grammar.ts';

/** A date found in a text. */
export interface FoundDate {
  /** `YYYY-MM-DD`. */
  date: string;
  /** The clock time written with it, `HH:MM`, when there is one. */
  time?: string;
  /** The zone written with the time, as the timeline reader resolves it (`UTC`, `-08:00`, `America/Toronto`). */
  zone?: string;
  /** Where the date starts in the text. */
  start: number;
  /** Where it ends (its time and zone included). */
  end: number;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DD` from numbers, or `undefined` when that day does not exist. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  const date = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  return year >= 1970 && year < 2200 && isCalendarDate(date) ? date : undefined;
}

const monthOf = (word: string) => monthNumbers[word.slice(0, 3).toLowerCase()] ?? 0;
const ordinal = '(?:st|nd|rd|th)?';

/**
 * Forms the timeline reader does not read at the start of a text, tried first:
 * ranges (their first day), `12th of March 2023`, `08Nov2022`, and numeric dates
 * whose day is unambiguous.
 */
const extraForms: ReadonlyArray<{ pattern: RegExp; read(match: RegExpExecArray): string | undefined }> = [
  {
    // `January 14-19, 2026`, `Jan 30 - Feb 2, 2024`: the range starts on the first day.
    pattern: new RegExp(
      `${monthWord}\\.?\\s+(\\d{1,2})${ordinal}\\s*(?:-|–|—|to|until)\\s*(?:${monthWord}\\.?\\s+)?\\d{1,2}${ordinal},?\\s+(\\d{4})(?!\\d)`,
      'iy',
    ),
    read: (match) => calendarDate(Number(match[4]), monthOf(match[1]!), Number(match[2])),
  },
  {
    // `14-19 January 2026`, `14 to 19 Jan 2026`.
    pattern: new RegExp(`(\\d{1,2})${ordinal}\\s*(?:-|–|—|to|until)\\s*\\d{1,2}${ordinal}\\s+(?:of\\s+)?${monthWord}\\.?,?\\s+(\\d{4})(?!\\d)`, 'iy'),
    read: (match) => calendarDate(Number(match[3]), monthOf(match[2]!), Number(match[1])),
  },
  {
    // `12th of March 2023`.
    pattern: new RegExp(`(\\d{1,2})${ordinal}\\s+of\\s+${monthWord}\\.?,?\\s+(\\d{4})(?!\\d)`, 'iy'),
    read: (match) => calendarDate(Number(match[3]), monthOf(match[2]!), Number(match[1])),
  },
  {
    // `08Nov2022`, `8-nov-2022`, `08_Nov_2022` (file names).
    pattern: new RegExp(`(\\d{1,2})[-_ ]?${monthWord}[-_ ]?(\\d{4})(?!\\d)`, 'iy'),
    read: (match) => calendarDate(Number(match[3]), monthOf(match[2]!), Number(match[1])),
  },
  {
    // `04/Mar/23` (Jira): a two-digit year is this century's when the month is a word.
    pattern: new RegExp(`(\\d{1,2})[/-]${monthWord}[/-](\\d{2})(?![\\d:/])`, 'iy'),
    read: (match) => calendarDate(2000 + Number(match[3]), monthOf(match[2]!), Number(match[1])),
  },
  {
    // `16/12/2022`, `12/16/2022`, `16.12.2022`: only when one of the two can only be the day.
    pattern: /(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?!\d)/y,
    read: (match) => {
      const [first, second, year] = [Number(match[1]), Number(match[3]), Number(match[4])];
      if (first > 12 && second <= 12) return calendarDate(year, second, first);
      if (second > 12 && first <= 12) return calendarDate(year, first, second);
      return undefined;
    },
  },
];

/** A word start: not inside a word or a number (so `v2019-01-01` and `12019-01-01` are not dates). */
function isWordStart(text: string, index: number): boolean {
  return index === 0 || !/[\p{L}\p{N}]/u.test(text.charAt(index - 1));
}

/** The date (with its time, when written) that starts at `index`, if any. */
function dateAt(text: string, index: number): FoundDate | undefined {
  for (const form of extraForms) {
    form.pattern.lastIndex = index;
    const match = form.pattern.exec(text);
    if (!match) continue;
    const date = form.read(match);
    if (date) return { date, start: index, end: index + match[0].length };
  }
  const rest = text.slice(index);
  // The timeline reader knows the common shapes, a time and a zone after the date included.
  const read = readLeadingTime(rest);
  if (!read?.date?.year) return undefined;
  // It skips Markdown and `Date:` before a date; only a date right here counts, so each is found once.
  if (read.start !== 0 && /\S/.test(rest.slice(0, read.start).replace(/[*_`~(\s]/g, ''))) return undefined;
  const date = calendarDate(read.date.year, read.date.month, read.date.day);
  if (!date) return undefined;
  // `2019-12-03 --:--`: the day is known even when the time is a placeholder.
  const clock = read.problem ? undefined : read.clock;
  return {
    date,
    ...(clock ? { time: `${pad(clock.hour)}:${pad(clock.minute)}` } : {}),
    ...(clock && read.zone ? { zone: read.zone } : {}),
    start: index + read.start,
    end: index + read.end,
  };
}

/**
 * Every date with a year in `text`, in order.
 *
 * @param limit stop after this many
 */
export function findDates(text: string, limit = Number.POSITIVE_INFINITY): FoundDate[] {
  const found: FoundDate[] = [];
  for (let index = 0; index < text.length && found.length < limit; index++) {
    const character = text.charAt(index);
    if (!/[\p{L}\p{N}]/u.test(character) || !isWordStart(text, index)) continue;
    const date = dateAt(text, index);
    if (!date) continue;
    found.push(date);
    index = date.end - 1;
  }
  return found;
}

/** The first date with a year in `text`. */
export function firstDate(text: string): FoundDate | undefined {
  return findDates(text, 1)[0];
}

/**
 * The date in a file name: `2017-09-27-hub-403.md`, `meteor-08Nov2022.md`,
 * `incident_12th_march_2023.md`. Underscores and dashes separate words there.
 */
export function dateInFileName(name: string): FoundDate | undefined {
  const stem = name.replace(/\.(?:md|markdown)$/i, '');
  return firstDate(stem.replace(/_/g, ' '));
}

/** A clock time alone (`5:13:57 UTC`, `2:14 PM PST`), for a header line such as `Time:`. */
export function clockTimeIn(text: string): { time: string; zone?: string } | undefined {
  const read = readLeadingTime(text.trim());
  if (!read?.clock || read.problem) return undefined;
  return { time: `${pad(read.clock.hour)}:${pad(read.clock.minute)}`, ...(read.zone ? { zone: read.zone } : {}) };
}

const durationUnit = /(\d+(?:[.,]\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])/gi;
const minutesPerUnit: Record<string, number> = { d: 1440, h: 60, m: 1, s: 1 / 60 };

/**
 * A duration in whole minutes: `1h 48m`, `1 hour 48 minutes`, `about 1h50m`,
 * `103 minutes`, `2.5 hours`. `undefined` when the text holds none.
 */
export function parseDuration(text: string): number | undefined {
  let minutes = 0;
  let found = false;
  for (const match of allMatches(text, durationUnit)) {
    const unit = match[2]!.toLowerCase();
    // `m` alone is minutes; `mo`/`months` never get here (the unit must end the word).
    const perUnit = minutesPerUnit[unit.startsWith('mi') || unit === 'm' ? 'm' : unit.charAt(0)] ?? 0;
    minutes += Number(match[1]!.replace(',', '.')) * perUnit;
    found = true;
  }
  return found && minutes > 0 ? Math.round(minutes) : undefined;
}
