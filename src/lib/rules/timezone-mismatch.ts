/**
 * Rule `timezone-mismatch`: a time zone the text states for the report's times
 * ("All times PDT", "Times are in Pacific time", a `Time (UTC)` column) agrees
 * with the frontmatter's `timezone`.
 */
import type { Heading, Paragraph, Table } from 'mdast';
import { isTimeZone } from '../config.ts';
import type { ParsedReport } from '../parse.ts';
import { defineReportRule, type RuleContext } from '../rule.ts';
import { formatOffset, impactInstants, impactOffsetZone, normalizeZone, offsetAt, resolveZone, zoneAbbreviations, zonedToInstant, zoneLabel } from '../time.ts';
import { lineIndexOf, literal } from '../text.ts';
import { ianaZoneByName, ianaZoneFor, mayStateZone, zoneStatementsIn, type ZoneStatementAt } from '../zones.ts';
import { walkTree } from '../tree-walk.ts';
import { completeBody, report as example } from './examples.ts';

/** One line of source to look for statements in, and where it starts in the file. */
interface SourceLine {
  text: string;
  offset: number;
  /** A heading or a table header cell, where `(UTC)` alone is a statement. */
  isLabel: boolean;
}

/** The lines of the body that can state a zone: prose, headings and table headers (not code, not HTML). */
function sourceLines(report: ParsedReport): SourceLine[] {
  const lines: SourceLine[] = [];
  const slice = (node: Heading | Paragraph | Table['children'][number]['children'][number]) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? undefined : { text: report.text.slice(start, end), offset: start };
  };
  walkTree(report.tree, (node) => {
    if (node.type === 'heading') {
      const source = slice(node);
      if (source) lines.push({ text: source.text.split('\n')[0] ?? '', offset: source.offset, isLabel: true });
    } else if (node.type === 'paragraph') {
      const source = slice(node);
      if (!source || !mayStateZone(source.text)) return;
      let offset = source.offset;
      for (const line of source.text.split('\n')) {
        lines.push({ text: line, offset, isLabel: false });
        offset += line.length + 1;
      }
    } else if (node.type === 'table') {
      for (const cell of node.children[0]?.children ?? []) {
        const source = slice(cell);
        if (source) lines.push({ ...source, isLabel: true });
      }
    }
  });
  return lines;
}

/** `UTC`, `UTC-07:00`, `UTC+05:30`: an offset in minutes, for messages. */
function utc(minutes: number): string {
  return minutes === 0 ? 'UTC' : `UTC${formatOffset(minutes)}`;
}

/** The zone a statement means for arithmetic: an offset written beside it, else the zone as `time.ts` reads it (`PDT` is UTC−7 all year). */
function statedZone(statement: ZoneStatementAt): string {
  const written = statement.offset ?? statement.written;
  return resolveZone(written) ?? statement.zone;
}

/** The zone the report's times are read in, as the timeline reader decides it, and whether the frontmatter wrote it. */
function reportZone(report: ParsedReport, context: RuleContext): { zone: string; written: boolean } | undefined {
  const raw = (report.frontmatter.data ?? {}) as { timezone?: unknown; impact?: unknown };
  if (typeof raw.timezone === 'string' && report.data) return { zone: report.data.timezone, written: true };
  const zone = impactOffsetZone(raw.impact) ?? context.config.timezone;
  try {
    return { zone: normalizeZone(zone), written: false };
  } catch {
    return undefined;
  }
}

/**
 * What to set `timezone` to when the statement is right: the place whose clock the
 * zone names (`PDT` → `America/Los_Angeles`, even in January, when the author most
 * likely meant Pacific time); with an offset written beside it, that place only if
 * it has the offset on the day, else the offset.
 */
function suggestion(statement: ZoneStatementAt, at: Date, stated: number): string | undefined {
  const place = ianaZoneFor(statement.written);
  if (!statement.offset) return place !== undefined && isTimeZone(place) ? place : undefined;
  if (place !== undefined && isTimeZone(place) && offsetAt(at, place) === stated) return place;
  return stated === 0 ? 'UTC' : formatOffset(stated);
}

/**
 * The abbreviation of `zone`'s clock at `at` (`PDT`, `CEST`): the platform's short
 * name when it has letters, else the abbreviation our table gives that place and
 * offset (ICU calls Paris in summer `GMT+2`).
 */
function seasonName(zone: string, at: Date, offset: number): string | undefined {
  const label = zoneLabel(at, zone);
  if (/^[A-Z]{2,5}$/.test(label)) return label;
  return Object.keys(ianaZoneByName).find((name) => /^[A-Z]{2,5}$/.test(name) && ianaZoneByName[name] === zone && zoneAbbreviations[name] === offset);
}

const path = 'postmortems/2024-07-01-api-down.md';
const summer = (fields: Parameters<typeof example>[0]) => example({ date: '2024-07-01', ...fields });

export default defineReportRule({
  id: 'timezone-mismatch',
  severity: 'warning',
  selfContained: true,
  docs: {
    summary: 'A time zone the text states for the report\'s times ("All times PDT", a `Time (UTC)` column) agrees with the frontmatter\'s `timezone`.',
    rationale:
      'Clock times without a zone of their own (in the timeline and the `impact` window) are read in `timezone`, and the site publishes them as instants. A report whose prose says "All times PDT" while `timezone` says `UTC` publishes every time seven hours off, and nothing else notices: each time is readable, and the order holds. Zones are compared by their offset from UTC on the report\'s day, so `PDT` agrees with `America/Los_Angeles` in summer, and `UTC`, `Etc/UTC` and `Z` agree with each other. An abbreviation names one offset all year (`PST` is UTC−8 even in July); a place (`Pacific time`, `America/Los_Angeles`) follows its clock.',
    fix: 'Make the two agree. If the text is right, set `timezone` to the IANA zone the message suggests (`America/Los_Angeles` for `PDT` or `PST`; abbreviations are not accepted there because they do not follow daylight saving time). If `timezone` is right, correct the text, or name the place instead of an abbreviation ("Times are in Pacific time"). A report without `timezone` is read in the configured default (`timezone` in `hindsight.config.yaml`, else `UTC`).',
    examples: [
      {
        title: 'The text says PDT, `timezone` says UTC',
        files: {
          [path]: summer({ extra: 'timezone: UTC\n', body: completeBody.replace('The API returned errors', 'All times PDT. The API returned errors') }),
        },
        expected: [
          "17:11: Unexpected time zone `PDT` (UTC-07:00) for the report's times, expected UTC as in `timezone: UTC`; if the times are PDT, set `timezone: America/Los_Angeles`",
        ],
      },
      {
        title: 'A timeline table in UTC in a report whose `timezone` is Toronto',
        files: {
          [path]: summer({
            extra: 'timezone: America/Toronto\n',
            body: completeBody.replace(
              '- 10:00 Deploy of release 42 starts.\n- 10:05 Error rate alert fires.\n- 10:42 Rollback completes; errors stop.',
              '| Time (UTC) | Event |\n| --- | --- |\n| 14:00 | Deploy of release 42 starts. |\n| 14:42 | Rollback completes. |',
            ),
          }),
        },
        expected: [
          "25:9: Unexpected time zone `UTC` (UTC) for the report's times, expected UTC-04:00 as in `timezone: America/Toronto`; if the times are UTC, set `timezone: UTC`",
        ],
      },
      {
        title: 'PDT in July agrees with `America/Los_Angeles`',
        files: {
          [path]: summer({
            extra: 'timezone: America/Los_Angeles\n',
            body: completeBody.replace('The API returned errors', 'All times PDT. The API returned errors'),
          }),
        },
        expected: [],
      },
      {
        title: "A place's time agrees all year",
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            extra: 'timezone: America/Los_Angeles\n',
            body: completeBody.replace('## Timeline\n', '## Timeline\n\nTimes are in Pacific time.\n'),
          }),
        },
        expected: [],
      },
    ],
  },
  check(report, context) {
    if (report.unreadable || !report.data) return;
    const own = reportZone(report, context);
    if (!own) return;
    let at: Date;
    try {
      // The report's day decides summer or winter: the impact's start, else noon on `date`.
      at = impactInstants(report).start ?? zonedToInstant(`${report.data.date}T12:00`, own.zone);
    } catch {
      return;
    }
    const expected = offsetAt(at, own.zone);
    const source = own.written ? `\`timezone: ${own.zone}\`` : `the configured default \`timezone\` (${literal(own.zone)})`;
    const index = lineIndexOf(report);
    for (const line of sourceLines(report)) {
      for (const statement of zoneStatementsIn(line.text, line.isLabel)) {
        let stated: number;
        try {
          stated = offsetAt(at, statedZone(statement));
        } catch {
          continue;
        }
        if (stated === expected) continue;
        const shown = statement.offset ? `${statement.written} (${statement.offset})` : statement.written;
        const suggested = suggestion(statement, at, stated);
        // `PDT` in January in a report on `America/Los_Angeles`: the place is right, the abbreviation is the other season's.
        const label = seasonName(own.zone, at, expected);
        const advice =
          suggested !== undefined && suggested !== own.zone
            ? `; if the times are ${statement.written}, set \`timezone: ${suggested}\``
            : label
              ? `; on ${report.data.date} that zone's clock is ${literal(label)}`
              : '';
        context.report(report, {
          message: `Unexpected time zone ${literal(shown)} (${utc(stated)}) for the report's times, expected ${utc(expected)} as in ${source}${advice}`,
          place: index.placeAt(line.offset + statement.index, line.offset + statement.index + statement.written.length),
          note: `Clock times without a zone of their own (the timeline's, the \`impact\` window's) are read in ${literal(own.zone)}, which is ${utc(expected)} on ${report.data.date}, while the text says ${utc(stated)}: the published times would be ${Math.abs(stated - expected) / 60} hours off for readers who trust the text. Zones are compared by their offset on the report's day; an abbreviation such as \`PST\` is one offset all year.`,
        });
      }
    }
  },
});
