import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import timezoneMismatch from '../../src/lib/rules/timezone-mismatch.ts';
import { mayStateZone, zoneStatementsIn } from '../../src/lib/zones.ts';
import { corpusFolder, describeWithCorpus } from '../corpus/corpus.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-07-01-api-down.md';
/** A report dated `date` whose Overview opens with `sentence`; the sentence is on line 17 (16 without `timezone`). */
const stating = (sentence: string, timezone: string | undefined, date = '2024-07-01') =>
  report({
    date,
    extra: timezone === undefined ? '' : `timezone: ${timezone}\n`,
    body: completeBody.replace('The API returned errors', `${sentence} The API returned errors`),
  });
const check = (text: string, config = makeConfig()) => checkFiles({ [path]: text }, { rule: timezoneMismatch, config });

describe('timezone-mismatch', () => {
  it("warns when the prose says PDT and `timezone` says UTC, on an in-review report (the issue's case)", () => {
    const diagnostics = check(stating('All times PDT.', 'UTC').replace('status: reviewed', 'status: in-review'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      ruleId: 'timezone-mismatch',
      severity: 'warning',
      url: '/rules/timezone-mismatch/',
      place: { start: { line: 17, column: 11 }, end: { line: 17, column: 14 } },
      message:
        "Unexpected time zone `PDT` (UTC-07:00) for the report's times, expected UTC as in `timezone: UTC`; if the times are PDT, set `timezone: America/Los_Angeles`",
    });
    expect(diagnostics[0]!.note).toContain('7 hours off');
  });

  it.each([
    ['times in UTC', 'America/Los_Angeles', '17:10', 'UTC'],
    ['Times are in Pacific time.', 'UTC', '17:14', 'Pacific time'],
    ['(all times in CET)', 'America/New_York', '17:15', 'CET'],
    ['Note: all timestamps are in EDT.', 'UTC', '17:29', 'EDT'],
    ['_All times America/Los_Angeles._', 'Europe/Berlin', '17:12', 'America/Los_Angeles'],
  ])('reads %j as a statement (timezone %s)', (sentence, zone, at, written) => {
    const diagnostics = check(stating(sentence, zone));
    expect(diagnostics.map(brief)).toEqual([expect.stringMatching(new RegExp(`^${at}: Unexpected time zone \`${written}\``))]);
  });

  it('reads a timeline table header `Time (UTC)` and a heading `Timeline (times in BST)`', () => {
    const table = report({
      date: '2024-07-01',
      extra: 'timezone: America/Toronto\n',
      body: completeBody
        .replace('## Timeline', '## Timeline (times in BST)')
        .replace(
          '- 10:00 Deploy of release 42 starts.\n- 10:05 Error rate alert fires.\n- 10:42 Rollback completes; errors stop.',
          '| Time (UTC) | Event |\n| --- | --- |\n| 14:00 | Deploy starts |',
        ),
    });
    expect(check(table).map(brief)).toEqual([
      "23:23: Unexpected time zone `BST` (UTC+01:00) for the report's times, expected UTC-04:00 as in `timezone: America/Toronto`; if the times are BST, set `timezone: Europe/London`",
      "25:9: Unexpected time zone `UTC` (UTC) for the report's times, expected UTC-04:00 as in `timezone: America/Toronto`; if the times are UTC, set `timezone: UTC`",
    ]);
  });

  it("compares by the offset on the report's day: PDT agrees with Los Angeles in summer, not in winter", () => {
    expect(check(stating('All times PDT.', 'America/Los_Angeles'))).toEqual([]);
    expect(check(stating('All times PST.', 'America/Los_Angeles', '2024-01-15'))).toEqual([]);
    expect(check(stating('All times PDT.', 'America/Los_Angeles', '2024-01-15')).map(brief)).toEqual([
      "17:11: Unexpected time zone `PDT` (UTC-07:00) for the report's times, expected UTC-08:00 as in `timezone: America/Los_Angeles`; on 2024-01-15 that zone's clock is `PST`",
    ]);
    // Paris in summer is `CEST`, which ICU calls `GMT+2`: the table names it.
    expect(check(stating('All times in CET.', 'Europe/Paris')).map(brief)).toEqual([
      "17:14: Unexpected time zone `CET` (UTC+01:00) for the report's times, expected UTC+02:00 as in `timezone: Europe/Paris`; on 2024-07-01 that zone's clock is `CEST`",
    ]);
    // The impact's start, not noon on `date`, decides: 2024-03-10 10:00 is after the clocks went forward.
    expect(check(stating('All times PDT.', 'America/Los_Angeles', '2024-03-10'))).toEqual([]);
  });

  it('takes UTC, Etc/UTC, GMT and Z for the same zone', () => {
    expect(check(stating('All times UTC.', 'Etc/UTC'))).toEqual([]);
    expect(check(stating('All times in GMT.', 'UTC'))).toEqual([]);
    expect(check(stating('All times in ZULU.', 'UTC'))).toEqual([]);
    expect(check(stating('All times UTC.', '+00:00'))).toEqual([]);
  });

  it("trusts an offset written beside an abbreviation (`PST (UTC-7)` in July is Los Angeles's clock)", () => {
    expect(check(stating('All times in PST (UTC-7).', 'America/Los_Angeles'))).toEqual([]);
    expect(check(stating('All times in PST (UTC-7).', 'UTC')).map(brief)).toEqual([
      "17:14: Unexpected time zone `PST (UTC-7)` (UTC-07:00) for the report's times, expected UTC as in `timezone: UTC`; if the times are PST, set `timezone: America/Los_Angeles`",
    ]);
  });

  it('reads a report without `timezone` in the configured default, and says so', () => {
    expect(check(stating('All times PDT.', undefined), makeConfig({ timezone: 'America/Los_Angeles' }))).toEqual([]);
    expect(check(stating('All times PDT.', undefined)).map(brief)).toEqual([
      "16:11: Unexpected time zone `PDT` (UTC-07:00) for the report's times, expected UTC as in the configured default `timezone` (`UTC`); if the times are PDT, set `timezone: America/Los_Angeles`",
    ]);
  });

  it('ignores sentences about something else, regions, lower-case words and times with their own zone', () => {
    for (const sentence of [
      "The dashboard shows timestamps in UTC+2, the author's timezone.",
      'Times are in central Europe.',
      'Times in est were fine.',
      'We checked the time at PST offices.',
    ]) {
      expect(check(stating(sentence, 'America/Los_Angeles')), sentence).toEqual([]);
    }
    const timeline = report({
      date: '2024-07-01',
      extra: 'timezone: America/Los_Angeles\n',
      body: completeBody.replace('- 10:00 Deploy', '- 17:00 UTC Deploy'),
    });
    expect(check(timeline)).toEqual([]);
  });

  it('skips text only when no line of it states a zone (`mayStateZone`)', () => {
    const statements = ['_All times in UTC_', '**Times** are PDT.', 'Note: timestamps in CET', 'All TIMES in `EST`', 'TZ: UTC'];
    for (const line of statements) {
      expect(zoneStatementsIn(line), line).not.toEqual([]);
      expect(mayStateZone(line), line).toBe(true);
      expect(mayStateZone(`The deploy failed.\n${line}`), line).toBe(true);
    }
    // A label states a zone in parentheses alone.
    expect(zoneStatementsIn('Event (UTC)', true)).not.toEqual([]);
    expect(mayStateZone('Event (UTC)', true)).toBe(true);
    expect(mayStateZone('Event (UTC)')).toBe(false);
    expect(mayStateZone('The deploy failed at 10:00 UTC.')).toBe(false);
  });

  it('says nothing about a report whose frontmatter is invalid (the `frontmatter` rule speaks)', () => {
    expect(check(stating('All times UTC.', 'PDT'))).toEqual([]);
  });
});

/** The date a corpus report is about: in its file name, else the first ISO date in its text. */
function corpusDate(name: string, text: string): string {
  return /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1] ?? /\b(20\d{2}-\d{2}-\d{2})\b/.exec(text)?.[1] ?? '2020-01-15';
}

/** The body of a corpus file: without its own frontmatter, when it has one. */
function corpusBody(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

describeWithCorpus('timezone-mismatch over the shared corpus', () => {
  const manifest = JSON.parse(readFileSync(join(corpusFolder, 'MANIFEST.json'), 'utf8')) as { out: string; kind: string }[];
  const reports = manifest
    .filter((entry) => entry.kind === 'report')
    .map((entry) => {
      const text = readFileSync(join(corpusFolder, entry.out), 'utf8');
      return { name: entry.out, date: corpusDate(entry.out, text), body: corpusBody(text) };
    });
  /** Each corpus report with Hindsight frontmatter in front of its body, `timezone` chosen per report. */
  const run = (zoneOf: (body: string) => string | undefined) =>
    reports.flatMap(({ name, date, body }) => {
      const zone = zoneOf(body);
      const front = `---\ntitle: Corpus report\ndate: ${date}\nstatus: draft\nseverity: sev2\nservices: [corpus]\n${zone ? `timezone: ${zone}\n` : ''}---\n`;
      return check(`${front}${body}`).map((diagnostic) => ({ name, ...diagnostic }));
    });

  it('finds each report that states a zone other than UTC when `timezone` is UTC, at the statement', () => {
    const diagnostics = run(() => 'UTC');
    const files = new Set(diagnostics.map((diagnostic) => diagnostic.name));
    console.log(`timezone-mismatch over the corpus with \`timezone: UTC\`: ${diagnostics.length} warnings in ${files.size} of ${reports.length} reports`);
    // Checked by hand (2026-11): each is a statement such as "All times in PST" or a `Date and Time in CET` column.
    expect(diagnostics.length).toBeGreaterThanOrEqual(45);
    for (const diagnostic of diagnostics) {
      const { body } = reports.find((entry) => entry.name === diagnostic.name)!;
      // The frontmatter in front of the body is 8 lines long.
      const line = body.split('\n')[diagnostic.place.start.line - 9] ?? '';
      expect(line, diagnostic.name).toMatch(/\b(?:times?|timestamps?)\b/i);
      expect(diagnostic.message, diagnostic.name).not.toMatch(/^Unexpected time zone `(?:UTC|GMT)` /);
    }
  });

  it('never skips a corpus line that states a zone (`mayStateZone`)', () => {
    let statements = 0;
    for (const { body } of reports) {
      for (const line of body.split('\n')) {
        for (const isLabel of [false, true]) {
          if (zoneStatementsIn(line, isLabel).length === 0) continue;
          statements++;
          expect(mayStateZone(line, isLabel), line).toBe(true);
        }
      }
    }
    expect(statements).toBeGreaterThan(45);
  });

  it('leaves, once `timezone` is the place a report names, only abbreviations of the other season ("PST" in September)', () => {
    const diagnostics = run((body) => {
      for (const line of body.split('\n')) {
        const [first] = zoneStatementsIn(line, /^#|^\|/.test(line));
        if (first) return first.zone;
      }
      return undefined;
    });
    console.log(
      `timezone-mismatch over the corpus with \`timezone\` set from the first statement: ${diagnostics.length} warnings\n${diagnostics.map((d) => `  ${d.name}:${d.place.start.line}: ${d.message}`).join('\n')}`,
    );
    expect(diagnostics.length).toBeLessThanOrEqual(6);
    for (const diagnostic of diagnostics) expect(diagnostic.message).toMatch(/; on \d{4}-\d{2}-\d{2} that zone's clock is /);
  });
});
