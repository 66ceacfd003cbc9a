/**
 * Time-zone arithmetic on the platform's own time-zone data (Intl), so that the
 * CLI, the site and the tests agree with the IANA database Node ships.
 *
 * Zones are plain strings throughout: an IANA name (`America/Toronto`, `UTC`) or
 * a fixed offset written `+02:00`. Abbreviations such as `PST` or `CEST` name a
 * fixed offset (PST is always UTC−8, even in July); the generic US names `PT`,
 * `ET`, `CT`, `MT` (and `Pacific`, `Eastern`…) name the IANA zone, whose offset
 * follows daylight saving time.
 *
 * Wall times that do not exist or happen twice are resolved like Temporal's
 * default `disambiguation: 'compatible'` (and java.time): a time in a
 * spring-forward gap moves forward by the gap (02:30 on 2022-03-13 in Toronto is
 * 03:30 EDT); a time in the fall-back hour is its first occurrence, before the
 * clocks go back (01:30 on 2022-11-06 in Toronto is 01:30 EDT). Write the
 * abbreviation (`01:30 EST`) or an offset to mean the second one.
 */

const minute = 60_000;
const day = 24 * 60 * minute;

/** Fixed-offset zone abbreviations, in minutes east of UTC. */
export const zoneAbbreviations: Readonly<Record<string, number>> = {
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  // North America. `CST` and `AST` take their North American meaning.
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
  // Europe. `BST` is British Summer Time.
  WET: 0,
  WEST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  BST: 60,
  MSK: 180,
  // `IST` is India Standard Time, the most common meaning in incident reports
  // (Irish and Israel Standard Time also use it: write an offset for those).
  IST: 330,
  // Asia and Oceania.
  SGT: 480,
  HKT: 480,
  JST: 540,
  KST: 540,
  AWST: 480,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** Generic zone names that follow daylight saving time, mapped to their IANA zone. */
export const genericZoneNames: Readonly<Record<string, string>> = {
  PT: 'America/Los_Angeles',
  MT: 'America/Denver',
  CT: 'America/Chicago',
  ET: 'America/New_York',
  AKT: 'America/Anchorage',
  HT: 'Pacific/Honolulu',
  PACIFIC: 'America/Los_Angeles',
  MOUNTAIN: 'America/Denver',
  CENTRAL: 'America/Chicago',
  EASTERN: 'America/New_York',
  'PACIFIC TIME': 'America/Los_Angeles',
  'MOUNTAIN TIME': 'America/Denver',
  'CENTRAL TIME': 'America/Chicago',
  'EASTERN TIME': 'America/New_York',
  'US PACIFIC': 'America/Los_Angeles',
  'US EASTERN': 'America/New_York',
  'US CENTRAL': 'America/Chicago',
  'US MOUNTAIN': 'America/Denver',
  'UK TIME': 'Europe/London',
  'LONDON TIME': 'Europe/London',
};

/** Spelled-out names of the abbreviations above. */
const longZoneNames: Readonly<Record<string, string>> = {
  'COORDINATED UNIVERSAL TIME': 'UTC',
  'GREENWICH MEAN TIME': 'GMT',
  'EASTERN STANDARD TIME': 'EST',
  'EASTERN DAYLIGHT TIME': 'EDT',
  'CENTRAL STANDARD TIME': 'CST',
  'CENTRAL DAYLIGHT TIME': 'CDT',
  'MOUNTAIN STANDARD TIME': 'MST',
  'MOUNTAIN DAYLIGHT TIME': 'MDT',
  'PACIFIC STANDARD TIME': 'PST',
  'PACIFIC DAYLIGHT TIME': 'PDT',
  'CENTRAL EUROPEAN TIME': 'CET',
  'CENTRAL EUROPEAN STANDARD TIME': 'CET',
  'CENTRAL EUROPEAN SUMMER TIME': 'CEST',
  'EASTERN EUROPEAN TIME': 'EET',
  'EASTERN EUROPEAN SUMMER TIME': 'EEST',
  'WESTERN EUROPEAN TIME': 'WET',
  'WESTERN EUROPEAN SUMMER TIME': 'WEST',
  'BRITISH SUMMER TIME': 'BST',
  'INDIA STANDARD TIME': 'IST',
  'INDIAN STANDARD TIME': 'IST',
};

const byLengthDescending = (a: string, b: string) => b.length - a.length;

/**
 * Zone abbreviations as they are written after a time or in a sentence such as
 * "All times in PST": capitals only, since `est`, `met` and `west` are words.
 * Longest first, for building patterns.
 */
export const zoneAbbreviationWords: readonly string[] = [
  ...Object.keys(zoneAbbreviations),
  ...Object.keys(genericZoneNames).filter((name) => /^[A-Z]+$/.test(name) && name.length <= 3),
].sort(byLengthDescending);

/**
 * Spelled-out zone names (`Pacific`, `Central European Time`), matched in any
 * case; longest first so that `Central European Time` wins over `Central`.
 */
export const zoneNameWords: readonly string[] = [...Object.keys(longZoneNames), ...Object.keys(genericZoneNames).filter((name) => name.length > 3)].sort(
  byLengthDescending,
);

/** Writes an offset in minutes as `+02:00` / `-05:00` (`UTC` for zero is left to callers). */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/**
 * Reads a numeric offset: `+02:00`, `-0500`, `+02`, `UTC+1`, `GMT-05:00`, `UTC+5:30`,
 * with an ASCII or Unicode minus. Returns minutes east of UTC.
 */
export function parseOffset(text: string): number | undefined {
  const match = /^(?:UTC|GMT|UT)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return undefined;
  // A bare `+2` could be anything; without `UTC`/`GMT` in front, two hour digits are required.
  if (!/^(?:UTC|GMT|UT)/i.test(text.trim()) && (match[2]?.length ?? 0) < 2) return undefined;
  return (match[1] === '+' ? 1 : -1) * (hours * 60 + minutes);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the platform knows `zone` as an IANA time zone. */
export function isIanaZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    wallFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

function wallFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The canonical zone for what a report wrote: an IANA name, `UTC`, an offset
 * (`+02:00`, `-0500`, `UTC+1`), an abbreviation (`PST`, `CEST`) or a generic name
 * (`PT`, `Eastern`, `Central European Time`). Returns an IANA name or an offset
 * like `-08:00`; `undefined` when the text names no zone.
 */
export function resolveZone(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const upper = trimmed.toUpperCase().replace(/\s+/g, ' ');
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT' || upper === 'UT' || upper === 'ETC/UTC') return 'UTC';
  const offset = parseOffset(trimmed);
  if (offset !== undefined) return offset === 0 ? 'UTC' : formatOffset(offset);
  const abbreviation = longZoneNames[upper] ?? upper;
  const fixed = zoneAbbreviations[abbreviation];
  if (fixed !== undefined) return fixed === 0 ? 'UTC' : formatOffset(fixed);
  const generic = genericZoneNames[upper];
  if (generic) return generic;
  if (trimmed.includes('/') && isIanaZone(trimmed)) return canonicalIana(trimmed);
  return undefined;
}

/** The IANA name as the platform spells it (`america/toronto` → `America/Toronto`). */
function canonicalIana(zone: string): string {
  return wallFormatter(zone).resolvedOptions().timeZone;
}

/**
 * A zone argument as the arithmetic below needs it. Offsets, the abbreviations
 * above and the generic names read as `resolveZone` says, wherever they are
 * written (so `timezone: CET` is UTC+1 all year, like `14:35 CET` in a timeline;
 * write `Europe/Paris` for a zone with summer time). Other names go to the
 * platform's IANA database. ICU also accepts legacy three-letter ids with
 * surprising meanings (`BST` is Asia/Dhaka, `AST` America/Anchorage there), which
 * is why the table wins.
 *
 * @throws RangeError for a zone nobody knows
 */
export function normalizeZone(zone: string): string {
  const resolved = resolveZone(zone);
  if (resolved !== undefined) return resolved;
  if (isIanaZone(zone)) return canonicalIana(zone);
  throw new RangeError(`Unexpected time zone ${JSON.stringify(zone)}, expected an IANA zone such as \`America/Toronto\` or an offset such as \`+02:00\``);
}

/** The fixed offset of a zone in minutes, when it is one (`UTC`, `+02:00`). */
function fixedOffsetOf(zone: string): number | undefined {
  if (zone.toUpperCase() === 'UTC' || zone === 'Z') return 0;
  return parseOffset(zone);
}

/** The offset of `zone` from UTC at `instant`, in minutes east of UTC. */
export function offsetAt(instant: Date | number, zone: string): number {
  const time = typeof instant === 'number' ? instant : instant.getTime();
  const normalized = normalizeZone(zone);
  const fixed = fixedOffsetOf(normalized);
  if (fixed !== undefined) return fixed;
  const fields = wallFields(time, normalized);
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  // Intl drops milliseconds; compare whole seconds so the offset is exact.
  return Math.round((asUtc - (time - (((time % 1000) + 1000) % 1000))) / minute);
}

interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallFields(time: number, zone: string): WallFields {
  const fields: Record<string, number> = {};
  for (const part of wallFormatter(zone).formatToParts(time)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: (fields.hour ?? 0) % 24,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+\-\u2212]\d{2}(?::?\d{2})?)?$/i;

/** A wall time split into numbers (milliseconds included). */
interface LocalDateTime extends WallFields {
  millisecond: number;
  offset?: number;
}

function readLocal(text: string): LocalDateTime {
  const match = localPattern.exec(text.trim());
  if (!match) throw new RangeError(`Unexpected date-time ${JSON.stringify(text)}, expected \`YYYY-MM-DDTHH:MM[:SS]\``);
  const value: LocalDateTime = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
    millisecond: Number((match[7] ?? '0').slice(0, 3).padEnd(3, '0')),
  };
  const check = new Date(Date.UTC(value.year, value.month - 1, value.day));
  if (
    check.getUTCFullYear() !== value.year ||
    check.getUTCMonth() !== value.month - 1 ||
    check.getUTCDate() !== value.day ||
    value.hour > 23 ||
    value.minute > 59 ||
    value.second > 59
  ) {
    throw new RangeError(`Unexpected date-time ${JSON.stringify(text)}, expected a real calendar date and clock time`);
  }
  if (match[8]) value.offset = match[8].toUpperCase() === 'Z' ? 0 : parseOffset(match[8]);
  return value;
}

/** How a wall time maps onto a zone's clock on that day. */
export type LocalTimeKind = 'unique' | 'ambiguous' | 'nonexistent';

/** The instants a wall time (as milliseconds "as if UTC") can mean in `zone`. */
function candidates(asUtc: number, zone: string): { instants: number[]; offsetBefore: number } {
  const fixed = fixedOffsetOf(zone);
  if (fixed !== undefined) return { instants: [asUtc - fixed * minute], offsetBefore: fixed };
  // Offsets in force a day either side bracket any single transition near this wall time.
  const before = offsetAt(asUtc - day, zone);
  const after = offsetAt(asUtc + day, zone);
  const instants = [...new Set([before, after])]
    .map((offset) => asUtc - offset * minute)
    .filter((instant) => offsetAt(instant, zone) * minute === asUtc - instant)
    .sort((a, b) => a - b);
  return { instants, offsetBefore: before };
}

/**
 * The instant a wall time in `zone` means.
 *
 * @param localDateTime `YYYY-MM-DDTHH:MM[:SS[.fff]]` (or `YYYY-MM-DD`, meaning midnight);
 *   an ISO string with its own `Z` or offset is read as that instant and `zone` is ignored
 * @param zone an IANA zone, an offset such as `+02:00`, or an abbreviation such as `PST`
 * @throws RangeError when the text is not a real date-time or the zone is unknown
 */
export function zonedToInstant(localDateTime: string, zone: string): Date {
  const local = readLocal(localDateTime);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
  if (local.offset !== undefined) return new Date(asUtc - local.offset * minute);
  const resolved = normalizeZone(zone);
  const { instants, offsetBefore } = candidates(asUtc, resolved);
  // Ambiguous: the first occurrence. Nonexistent: moved forward by the gap, i.e. read with the offset before it.
  const first = instants[0];
  return new Date(first ?? asUtc - offsetBefore * minute);
}

/** Whether a wall time happens once, twice (fall back) or never (spring forward) in `zone`. */
export function localTimeKind(localDateTime: string, zone: string): LocalTimeKind {
  const local = readLocal(localDateTime);
  if (local.offset !== undefined) return 'unique';
  const resolved = normalizeZone(zone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
  const { instants } = candidates(asUtc, resolved);
  return instants.length === 0 ? 'nonexistent' : instants.length > 1 ? 'ambiguous' : 'unique';
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** The wall time of `instant` in `zone`, as `YYYY-MM-DDTHH:MM:SS`. */
export function toLocalDateTime(instant: Date, zone: string): string {
  const resolved = normalizeZone(zone);
  const fixed = fixedOffsetOf(resolved);
  const time = instant.getTime();
  const fields =
    fixed !== undefined
      ? (() => {
          const shifted = new Date(time + fixed * minute);
          return {
            year: shifted.getUTCFullYear(),
            month: shifted.getUTCMonth() + 1,
            day: shifted.getUTCDate(),
            hour: shifted.getUTCHours(),
            minute: shifted.getUTCMinutes(),
            second: shifted.getUTCSeconds(),
          };
        })()
      : wallFields(time, resolved);
  return `${pad(fields.year, 4)}-${pad(fields.month)}-${pad(fields.day)}T${pad(fields.hour)}:${pad(fields.minute)}:${pad(fields.second)}`;
}

/** The calendar day `instant` falls on in `zone`, as `YYYY-MM-DD`. */
export function localDate(instant: Date, zone: string): string {
  return toLocalDateTime(instant, zone).slice(0, 10);
}

/**
 * The short name of `zone` at `instant`: `EDT`, `PST`, `UTC`; an offset such as
 * `+02:00` where the platform has no letters for it (`Europe/Berlin` is `+02:00`
 * in summer, not the locale-dependent `GMT+2`).
 */
export function zoneLabel(instant: Date, zone: string): string {
  const resolved = normalizeZone(zone);
  const fixed = fixedOffsetOf(resolved);
  if (fixed === 0) return 'UTC';
  if (fixed !== undefined) return formatOffset(fixed);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: resolved, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  if (name && /^[A-Z]{2,5}$/.test(name)) return name;
  const offset = offsetAt(instant, resolved);
  return offset === 0 ? 'UTC' : formatOffset(offset);
}

/** Options for `formatInZone`. */
export interface FormatInZoneOptions {
  /** Show seconds (`05:25:10`); default only when they are not zero. */
  seconds?: boolean;
  /** Append the zone's short name; default true. */
  zoneName?: boolean;
}

/**
 * An instant as a reader in `zone` would write it: `2022-09-07 05:25 EDT`.
 *
 * @param instant the moment
 * @param zone an IANA zone, an offset or an abbreviation
 */
export function formatInZone(instant: Date, zone: string, options: FormatInZoneOptions = {}): string {
  const local = toLocalDateTime(instant, zone);
  const showSeconds = options.seconds ?? !local.endsWith(':00');
  const text = `${local.slice(0, 10)} ${local.slice(11, showSeconds ? 19 : 16)}`;
  return options.zoneName === false ? text : `${text} ${zoneLabel(instant, zone)}`;
}

/**
 * The zone that a report without a `timezone` is written in, as its impact times
 * tell: when every impact time given (`start`, `end`, `detected`, `mitigated`) carries an
 * offset and they all carry the same one (`2026-11-21T01:35+01:00`), that fixed
 * offset (`+01:00`, or `UTC` for `Z`). Otherwise `undefined`: different offsets,
 * or any time without one, leave the configured default in force.
 *
 * @param impact the frontmatter's `impact` value, as parsed (valid or not)
 */
export function impactOffsetZone(impact: unknown): string | undefined {
  if (typeof impact !== 'object' || impact === null) return undefined;
  const fields = impact as Record<string, unknown>;
  const zones = new Set<string>();
  for (const key of ['start', 'end', 'detected', 'mitigated']) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return undefined;
    const written = /(?:\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+\-\u2212]\d{2}(?::?\d{2})?)$/i.exec(value.trim())?.[1];
    if (written === undefined) return undefined;
    zones.add(written.toUpperCase() === 'Z' ? 'UTC' : (resolveZone(written) ?? written));
  }
  return zones.size === 1 ? [...zones][0] : undefined;
}

/**
 * What `impactInstants` reads of a report: the `impact` times and the `timezone`.
 * Spelled out rather than `Pick<ParsedReport, 'data'>` so that this leaf module
 * does not import the report model, which imports it (no cycle); a `ParsedReport` fits.
 */
export interface ImpactFields {
  data?:
    | {
        timezone?: string | undefined;
        impact?: { start?: string | undefined; end?: string | undefined; detected?: string | undefined; mitigated?: string | undefined } | undefined;
      }
    | undefined;
}

/**
 * The impact window of a report as instants, read in the report's `timezone`
 * (values with their own offset keep it). Fields that are absent, or a report
 * whose frontmatter is invalid, give `undefined`.
 */
export function impactInstants(report: ImpactFields): { start?: Date; end?: Date; detected?: Date; mitigated?: Date } {
  const impact = report.data?.impact;
  const zone = report.data?.timezone ?? 'UTC';
  const read = (value: string | undefined) => {
    if (value === undefined) return undefined;
    try {
      return zonedToInstant(value, zone);
    } catch {
      return undefined;
    }
  };
  return { start: read(impact?.start), end: read(impact?.end), detected: read(impact?.detected), mitigated: read(impact?.mitigated) };
}
