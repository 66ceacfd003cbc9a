import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/lib/config.ts';
import { readLeadingTime, timelineProblemMessage, zoneInLabel, zoneInSentence, type TimelineEntry } from '../../src/lib/timeline.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

interface ReportOptions {
  date?: string;
  timezone?: string;
  path?: string;
  config?: Config;
  heading?: string;
}

/** Parses a report whose Timeline section holds `timeline`; the section heading is on line 10. */
function timelineOf(timeline: string, options: ReportOptions = {}): TimelineEntry[] {
  const frontmatter = [
    '---',
    'title: Hub down',
    `date: ${options.date ?? '2022-09-07'}`,
    'status: reviewed',
    'severity: sev2',
    ...(options.timezone ? [`timezone: ${options.timezone}`] : []),
    'services: [hub]',
    '---',
  ];
  // Pad to a fixed height so that line numbers in the tests do not depend on the options.
  while (frontmatter.length < 8) frontmatter.splice(1, 0, '# padding');
  const text = `${frontmatter.join('\n')}\n\n${options.heading ?? '## Timeline'}\n\n${timeline}\n\n## Resolution\n\nFixed.\n`;
  const [report] = parseFiles({ [options.path ?? 'postmortems/2022-09-07-hub.md']: text }, options.config);
  return report!.timeline;
}

/** An entry's problem as the `timeline-order` rule and the site word it. */
const problemOf = (entry: TimelineEntry) => (entry.problem ? timelineProblemMessage(entry.problem) : undefined);
/** `time → instant` pairs, for compact assertions. */
const instants = (entries: TimelineEntry[]) => entries.map((entry) => [entry.time, entry.instant ?? problemOf(entry)]);

describe('readTimeline: shapes', () => {
  it('reads a `Time | Event` table', () => {
    const entries = timelineOf('| Time | Event |\n| --- | --- |\n| 05:20 | Deploy starts. |\n| 05:25 | Logins **fail**. |');
    expect(instants(entries)).toEqual([
      ['05:20', '2022-09-07T05:20:00.000Z'],
      ['05:25', '2022-09-07T05:25:00.000Z'],
    ]);
    expect(entries.map((entry) => entry.text)).toEqual(['Deploy starts.', 'Logins fail.']);
    expect(entries[0]!.place.start).toMatchObject({ line: 14, column: 3 });
    expect(entries[0]!.place.end).toMatchObject({ line: 14, column: 8 });
  });

  it('finds the time column by its header, whatever it is called, and reads a zone in it', () => {
    const entries = timelineOf('| # | When (PST) | What |\n| - | --- | --- |\n| 1 | 2:35 PM | Paged. |\n| 2 | 2:50 PM | Fixed. |');
    expect(instants(entries)).toEqual([
      ['2:35 PM', '2022-09-07T22:35:00.000Z'],
      ['2:50 PM', '2022-09-07T22:50:00.000Z'],
    ]);
    expect(entries[0]!.zone).toBe('-08:00');
    expect(entries[0]!.text).toBe('1 — Paged.');
  });

  it.each([
    ['Time (UTC)', 'UTC'],
    ['Date and Time in CET', '+01:00'],
    ['Date', 'America/Toronto'],
  ])('reads a table headed `%s` in zone %s', (header, zone) => {
    const entries = timelineOf(`| ${header} | Event |\n| --- | --- |\n| 2022-09-07 10:00 | Paged. |`, { timezone: 'America/Toronto' });
    expect(entries[0]!.zone).toBe(zone);
  });

  it.each([
    ['- **16:58 UTC** - Writer database saturates', '16:58 UTC', 'Writer database saturates'],
    ['* [08:47] Bump PR merged', '08:47', 'Bump PR merged'],
    ['- `11:20` Alert fires', '11:20', 'Alert fires'],
    ['- 14:35: Rollback starts', '14:35', 'Rollback starts'],
    ['- 2022-09-07 05:25 Deploy completes', '2022-09-07 05:25', 'Deploy completes'],
    ['- 2:35 PM Paged', '2:35 PM', 'Paged'],
    ['- 2:35pm Paged', '2:35pm', 'Paged'],
    ['- 14:35:10 Paged', '14:35:10', 'Paged'],
    ['1. ~14:35 Paged', '14:35', 'Paged'],
    ['- 2022-09-07T05:25 Deploy completes', '2022-09-07T05:25', 'Deploy completes'],
  ])('reads the list item `%s`', (item, time, text) => {
    const [entry] = timelineOf(item);
    expect(entry).toMatchObject({ time, text });
    expect(entry!.instant).toBeDefined();
    expect(entry!.place.start.line).toBe(12);
  });

  it('reads 12-hour times, seconds and ISO times exactly', () => {
    const entries = timelineOf(
      [
        '- 12:05 AM Just after midnight',
        '- 2:35 PM Afternoon',
        '- 2:36pm Afternoon',
        '- 12:00 PM Noon... after the afternoon, on purpose',
        '- 14:35:10 With seconds',
        '- 2022-09-07T05:25Z ISO in UTC',
        '- 2022-09-07T05:25:00-04:00 ISO with an offset',
        '- 2022-09-07T05:25:00.500+02:00 ISO with milliseconds',
      ].join('\n'),
    );
    expect(instants(entries)).toEqual([
      ['12:05 AM', '2022-09-07T00:05:00.000Z'],
      ['2:35 PM', '2022-09-07T14:35:00.000Z'],
      ['2:36pm', '2022-09-07T14:36:00.000Z'],
      ['12:00 PM', '2022-09-07T12:00:00.000Z'],
      ['14:35:10', '2022-09-07T14:35:10.000Z'],
      ['2022-09-07T05:25Z', '2022-09-07T05:25:00.000Z'],
      ['2022-09-07T05:25:00-04:00', '2022-09-07T09:25:00.000Z'],
      ['2022-09-07T05:25:00.500+02:00', '2022-09-07T03:25:00.500Z'],
    ]);
  });

  it('reads one heading per event, with the event in the paragraph below when the heading has no text', () => {
    const entries = timelineOf('### 2022-06-02 10:00 - Problem starts\n\nPods stop launching.\n\n### 08:52 PM\n\nA user reports it.', {
      date: '2022-06-02',
      path: 'postmortems/2022-06-02-pods.md',
    });
    expect(entries.map((entry) => [entry.time, entry.instant, entry.text])).toEqual([
      ['2022-06-02 10:00', '2022-06-02T10:00:00.000Z', 'Problem starts'],
      ['08:52 PM', '2022-06-02T20:52:00.000Z', 'A user reports it.'],
    ]);
    expect(entries[1]!.place.start).toMatchObject({ line: 16, column: 5 });
  });

  it('reads paragraphs whose lines start with a time, continuation lines included', () => {
    const entries = timelineOf('2018-08-22, 03:26pm: first noticed that the site\nwas giving an error.\n\n2018-08-23, 10:08am: fixed.');
    expect(entries.map((entry) => [entry.time, entry.instant, entry.text])).toEqual([
      ['2018-08-22, 03:26pm', '2018-08-22T15:26:00.000Z', 'first noticed that the site was giving an error.'],
      ['2018-08-23, 10:08am', '2018-08-23T10:08:00.000Z', 'fixed.'],
    ]);
  });

  it('ignores list items, rows and paragraphs that do not start with a time', () => {
    const entries = timelineOf('Some context first.\n\n- We noticed it late.\n- 10:00 Paged\n\n| Who | What |\n| --- | --- |\n| Ann | Fixed it |');
    expect(entries.map((entry) => entry.time)).toEqual(['10:00']);
  });

  it('reads a timeline nested one level down when the report uses `#` for its sections', () => {
    const text =
      '---\ntitle: X\ndate: 2020-01-20\n---\n\n# Inotify exhaustion\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n| 2020-01-20 13:50 | Node full |\n\n# Stats\n\nNone.\n';
    const [report] = parseFiles({ 'postmortems/PM2020-001.md': text });
    expect(instants(report!.timeline)).toEqual([['2020-01-20 13:50', '2020-01-20T13:50:00.000Z']]);
  });
});

describe('readTimeline: dates', () => {
  it('gives the times under a date heading that date, and takes a missing year from the frontmatter', () => {
    const entries = timelineOf('### Aug 31, 2022\n\n- 23:50 Secret expires\n\n### Sep 1\n\n- 00:10 First failure\n- 08:00 Fixed', {
      date: '2022-08-31',
      path: 'postmortems/2022-08-31-x.md',
    });
    expect(instants(entries)).toEqual([
      ['23:50', '2022-08-31T23:50:00.000Z'],
      ['00:10', '2022-09-01T00:10:00.000Z'],
      ['08:00', '2022-09-01T08:00:00.000Z'],
    ]);
  });

  it.each([
    ['### 2022-09-07'],
    ['### Sep 7, 2022'],
    ['### Wednesday, September 7th 2022'],
    ['### 7 Sep 2022'],
    ['**Sep 7**'],
    ['**Date: 2022-09-07**'],
    ['2022-09-07'],
  ])('reads `%s` as a date marker, not an entry', (marker) => {
    const entries = timelineOf(`${marker}\n\n- 10:00 Paged`, { date: '2022-09-01', path: 'postmortems/2022-09-01-x.md' });
    expect(instants(entries)).toEqual([['10:00', '2022-09-07T10:00:00.000Z']]);
  });

  it('reads `## May 12` sections right after the Timeline heading as part of it', () => {
    const entries = timelineOf('## May 12\n\n- 10:00 Paged\n\n## May 13\n\n- 09:00 Fixed', { date: '2022-05-12', path: 'postmortems/2022-05-12-x.md' });
    expect(instants(entries)).toEqual([
      ['10:00', '2022-05-12T10:00:00.000Z'],
      ['09:00', '2022-05-13T09:00:00.000Z'],
    ]);
  });

  it('keeps a date heading with nothing timed under it as a day entry, with the text below it', () => {
    const entries = timelineOf('### 2018-01-15\n\nTravis is down.\n\n### 2018-01-17 17:14\n\nBuilds fail.', {
      date: '2018-01-17',
      path: 'postmortems/2018-01-17-x.md',
    });
    expect(entries.map((entry) => [entry.time, entry.instant, entry.dateOnly, entry.text])).toEqual([
      ['2018-01-15', '2018-01-15T00:00:00.000Z', true, 'Travis is down.'],
      ['2018-01-17 17:14', '2018-01-17T17:14:00.000Z', undefined, 'Builds fail.'],
    ]);
  });

  it('reads date-only rows as day entries', () => {
    const entries = timelineOf('| Time | Event |\n| --- | --- |\n| 2021-12-10 | Published |\n| 2021-12-10 15:40 | Noticed |');
    expect(entries.map((entry) => [entry.time, entry.instant, entry.dateOnly])).toEqual([
      ['2021-12-10', '2021-12-10T00:00:00.000Z', true],
      ['2021-12-10 15:40', '2021-12-10T15:40:00.000Z', undefined],
    ]);
  });

  it('carries the date of a dated entry to the entries after it', () => {
    const entries = timelineOf('- 2022-09-08 23:00 Deploy\n- 23:30 Paged');
    expect(instants(entries)).toEqual([
      ['2022-09-08 23:00', '2022-09-08T23:00:00.000Z'],
      ['23:30', '2022-09-08T23:30:00.000Z'],
    ]);
  });

  it('takes the year that keeps a month and day closest to the previous date, across New Year', () => {
    const entries = timelineOf('### Dec 31\n\n- 23:00 Deploy\n\n### Jan 1\n\n- 01:00 Paged', { date: '2022-12-31', path: 'postmortems/2022-12-31-x.md' });
    expect(instants(entries)).toEqual([
      ['23:00', '2022-12-31T23:00:00.000Z'],
      ['01:00', '2023-01-01T01:00:00.000Z'],
    ]);
  });

  it('reads a date written after the time in parentheses', () => {
    const entries = timelineOf('- **22:30 UTC (Oct 29)** - Reported\n- **00:03 UTC (Oct 30)** - Rolled back', {
      date: '2025-10-29',
      path: 'postmortems/2025-10-29-x.md',
    });
    expect(instants(entries)).toEqual([
      ['22:30 UTC (Oct 29)', '2025-10-29T22:30:00.000Z'],
      ['00:03 UTC (Oct 30)', '2025-10-30T00:03:00.000Z'],
    ]);
  });

  it('uses the `YYYY-MM-DD` date of the file name when the frontmatter has no usable date', () => {
    const text = '---\ntitle: X\ndate: not a date\n---\n\n## Timeline\n\n- 10:00 Paged\n';
    const [report, nested] = parseFiles({ 'postmortems/2020-10-28-memory.md': text, 'corpus/reports__2020-10-29-memory.md': text });
    expect(instants(report!.timeline)).toEqual([['10:00', '2020-10-28T10:00:00.000Z']]);
    expect(instants(nested!.timeline)).toEqual([['10:00', '2020-10-29T10:00:00.000Z']]);
  });

  it('does not roll times that go back past midnight over to the next day', () => {
    const entries = timelineOf('- 23:55 Migration completes\n- 07:00 Merging resumes');
    expect(instants(entries)).toEqual([
      ['23:55', '2022-09-07T23:55:00.000Z'],
      ['07:00', '2022-09-07T07:00:00.000Z'],
    ]);
  });
});

describe('readTimeline: zones', () => {
  it('reads times in the frontmatter `timezone`, else in the configured one', () => {
    expect(timelineOf('- 05:25 Down', { timezone: 'America/Toronto' })[0]).toMatchObject({ instant: '2022-09-07T09:25:00.000Z', zone: 'America/Toronto' });
    expect(timelineOf('- 05:25 Down', { config: makeConfig({ timezone: 'Europe/Berlin' }) })[0]).toMatchObject({
      instant: '2022-09-07T03:25:00.000Z',
      zone: 'Europe/Berlin',
    });
  });

  it('reads bare times at the offset all impact times carry when the report has no `timezone`', () => {
    const read = (impact: string[], extra: string[] = []) => {
      const text = [
        '---',
        'title: Hub down',
        'date: 2026-11-21',
        'status: reviewed',
        'severity: sev2',
        'impact:',
        ...impact,
        ...extra,
        'services: [hub]',
        '---',
        '',
        '## Timeline',
        '',
        '- 01:35 Down',
        '- 02:10 UTC Up',
        '',
      ].join('\n');
      const [report] = parseFiles({ 'postmortems/2026-11-21-hub.md': text });
      return report!.timeline.map((entry) => [entry.zone, entry.instant]);
    };
    expect(read(['  start: 2026-11-21T01:35+01:00', '  end: 2026-11-21T02:10+01:00'])).toEqual([
      ['+01:00', '2026-11-21T00:35:00.000Z'],
      ['UTC', '2026-11-21T02:10:00.000Z'],
    ]);
    // Different offsets, or a `timezone`: the default (or that zone) as before.
    expect(read(['  start: 2026-11-21T01:35+01:00', '  end: 2026-11-21T02:10+02:00'])[0]).toEqual(['UTC', '2026-11-21T01:35:00.000Z']);
    expect(read(['  start: 2026-11-21T01:35+01:00'], ['timezone: Europe/London'])[0]).toEqual(['Europe/London', '2026-11-21T01:35:00.000Z']);
  });

  it('lets a zone written on the entry override the report zone', () => {
    const entries = timelineOf('- 10:00 UTC Paged\n- 10:00 PST Paged\n- 10:00 +02:00 Paged\n- 10:00 (CEST) Paged\n- 7:09 AM Eastern: Paged\n- 10:00 Paged', {
      timezone: 'America/Toronto',
    });
    expect(entries.map((entry) => [entry.time, entry.zone, entry.instant])).toEqual([
      ['10:00 UTC', 'UTC', '2022-09-07T10:00:00.000Z'],
      ['10:00 PST', '-08:00', '2022-09-07T18:00:00.000Z'],
      ['10:00 +02:00', '+02:00', '2022-09-07T08:00:00.000Z'],
      ['10:00 (CEST)', '+02:00', '2022-09-07T08:00:00.000Z'],
      ['7:09 AM Eastern', 'America/New_York', '2022-09-07T11:09:00.000Z'],
      ['10:00', 'America/Toronto', '2022-09-07T14:00:00.000Z'],
    ]);
  });

  it.each([
    ['All times in PST.', '-08:00'],
    ['(times are UTC)', 'UTC'],
    ['_All times in EDT_', '-04:00'],
    ['All times America/Toronto.', 'America/Toronto'],
    ['All times in CEST (UTC+2)', '+02:00'],
    ['All times in PST (UTC-7)', '-07:00'],
    ['All times in Central European Time (CET)', '+01:00'],
    ['All times in UC/Pacific', 'America/Los_Angeles'],
    ['Times are in both Eastern Daylight Time (EDT) and UTC.', '-04:00'],
  ])('reads the zone of a sentence such as `%s` for the whole section', (sentence, zone) => {
    const entries = timelineOf(`${sentence}\n\n- 10:00 Paged\n- 11:00 Fixed`, { timezone: 'Asia/Tokyo' });
    expect(entries.map((entry) => entry.zone)).toEqual([zone, zone]);
  });

  it.each([
    ['## Timeline (UTC)', 'UTC'],
    ['## Timeline (times in BST)', '+01:00'],
    ['## Timeline (in UTC)', 'UTC'],
  ])('reads the zone of a heading `%s`', (heading, zone) => {
    expect(timelineOf('- 10:00 Paged', { heading, timezone: 'Asia/Tokyo' })[0]!.zone).toBe(zone);
  });

  it('does not take an unrelated sentence for a zone', () => {
    expect(zoneInSentence('The west region was hit hardest, see the dashboards.')).toBeUndefined();
    expect(zoneInLabel('Timeline of events')).toBeUndefined();
  });

  it('carries a zone written on an entry to the next ones when neither the section nor the report names one', () => {
    const entries = timelineOf('- 16:22 PST Node runs out of memory\n- 16:59 Investigation starts');
    expect(entries.map((entry) => entry.zone)).toEqual(['-08:00', '-08:00']);
    const withReportZone = timelineOf('- 16:22 PST Node runs out of memory\n- 16:59 Investigation starts', { timezone: 'America/Toronto' });
    expect(withReportZone.map((entry) => entry.zone)).toEqual(['-08:00', 'America/Toronto']);
  });

  it('resolves a Toronto timeline across the 2022-11-06 fall-back change', () => {
    const entries = timelineOf(
      [
        '- 00:45 Maintenance starts',
        '- 01:30 First run (EDT, the first 01:30)',
        '- 01:50 EDT Still in daylight time',
        '- 01:10 EST Clocks went back; second 01:10',
        '- 01:30 EST Second 01:30',
        '- 02:15 Maintenance ends',
      ].join('\n'),
      { date: '2022-11-06', timezone: 'America/Toronto', path: 'postmortems/2022-11-06-x.md' },
    );
    expect(instants(entries)).toEqual([
      ['00:45', '2022-11-06T04:45:00.000Z'],
      ['01:30', '2022-11-06T05:30:00.000Z'],
      ['01:50 EDT', '2022-11-06T05:50:00.000Z'],
      ['01:10 EST', '2022-11-06T06:10:00.000Z'],
      ['01:30 EST', '2022-11-06T06:30:00.000Z'],
      ['02:15', '2022-11-06T07:15:00.000Z'],
    ]);
    // Each instant is later than the one before: the timeline is in order.
    const times = entries.map((entry) => Date.parse(entry.instant!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('moves a time in the spring-forward gap forward', () => {
    const [entry] = timelineOf('- 02:30 Cron fires', { date: '2022-03-13', timezone: 'America/Toronto', path: 'postmortems/2022-03-13-x.md' });
    expect(entry!.instant).toBe('2022-03-13T07:30:00.000Z');
  });
});

describe('readTimeline: unreadable times', () => {
  it('keeps a problem, at the time, for times that look like times but cannot be read', () => {
    const entries = timelineOf(
      [
        '- HH:MM What happened',
        '- 14:?? Paged',
        '- 25:10 Paged',
        '- 2022-02-30 10:00 Paged',
        '- [???] Load rises',
        '- 17:14am Paged',
        '- 2023-MM-DD Token created',
      ].join('\n'),
    );
    expect(entries.map((entry) => [entry.time, entry.instant, problemOf(entry)])).toEqual([
      ['HH:MM', undefined, 'Unexpected placeholder time `HH:MM`, expected a time such as `14:35` or `2:35 PM`'],
      ['14:??', undefined, 'Unexpected placeholder time `14:??`, expected a time such as `14:35` or `2:35 PM`'],
      ['25:10', undefined, 'Unexpected time `25:10`, expected a clock time from `00:00` to `23:59`'],
      ['2022-02-30 10:00', undefined, 'Unexpected date `2022-02-30`, expected a real calendar date'],
      ['???', undefined, 'Unexpected placeholder time `???`, expected a time such as `14:35` or `2:35 PM`'],
      ['17:14am', undefined, 'Unexpected time `17:14am`, expected an hour from 1 to 12 before `AM`'],
      ['2023-MM-DD', undefined, 'Unexpected placeholder date `2023-MM-DD`, expected a date such as `2022-09-07`'],
    ]);
    expect(entries[1]!.place.start).toMatchObject({ line: 13, column: 3 });
  });

  it('makes every non-empty first cell of a time table an entry, with a problem when it cannot be read', () => {
    const rows = ['23.59', '2210', '**22h10**', 'half past ten', 'HH:MM', '20xx-MM-DD HH:mm', '', '22:40'].map((time) => `| ${time} | Something |`);
    const entries = timelineOf(`| Time (UTC) | Event |\n| --- | --- |\n${rows.join('\n')}`);
    const expected = (time: string) => `Unexpected time ${'`'}${time}${'`'}, expected a clock time such as \`23:59\`, \`11:59 PM\` or \`2022-09-07 23:59\``;
    expect(entries.map((entry) => [entry.time, entry.instant ?? problemOf(entry)])).toEqual([
      ['23.59', expected('23.59')],
      ['2210', expected('2210')],
      ['22h10', expected('22h10')],
      ['half past ten', expected('half past ten')],
      // Placeholders keep their own message.
      ['HH:MM', 'Unexpected placeholder time `HH:MM`, expected a time such as `14:35` or `2:35 PM`'],
      ['20xx-MM-DD HH:mm', 'Unexpected placeholder date `20xx-MM-DD HH:mm`, expected a date such as `2022-09-07`'],
      ['22:40', '2022-09-07T22:40:00.000Z'],
    ]);
    expect(entries.map((entry) => entry.text)).toEqual(Array(7).fill('Something'));
    // At the cell's text, Markdown marks left out.
    expect(entries[0]!.place).toMatchObject({ start: { line: 14, column: 3 }, end: { line: 14, column: 8 } });
    expect(entries[2]!.place).toMatchObject({ start: { line: 16, column: 5 }, end: { line: 16, column: 10 } });
  });

  it('leaves unreadable cells alone in tables whose first column is not a time column', () => {
    expect(timelineOf('| Step | Event |\n| --- | --- |\n| 23.59 | Something |\n| Later | 22:10 |')).toEqual([]);
    expect(instants(timelineOf('| Service | When | Event |\n| --- | --- | --- |\n| hub | 23.59 | Something |\n| hub | 22:10 | Else |'))).toEqual([
      ['22:10', '2022-09-07T22:10:00.000Z'],
    ]);
  });

  it('says so when a time has no date anywhere', () => {
    const text = '---\ntitle: X\n---\n\n## Timeline\n\n- 10:00 Paged\n';
    const [report] = parseFiles({ 'postmortems/outage.md': text });
    expect(problemOf(report!.timeline[0]!)).toBe(
      'Unexpected time `10:00` without a date, expected a date heading above it (`### 2022-09-07`), a date in the entry or a `date` in the frontmatter',
    );
  });

  it('reads nothing from a report without a Timeline section, or an unreadable file', () => {
    const [plain, binary] = parseFiles({ 'postmortems/a.md': '# A\n\n## Overview\n\n- 10:00 Not a timeline\n', 'postmortems/b.md': new Uint8Array([0, 1, 2]) });
    expect(plain!.timeline).toEqual([]);
    expect(binary!.timeline).toEqual([]);
  });
});

describe('readLeadingTime', () => {
  it('returns nothing for text that does not start with a time', () => {
    for (const text of ['Deploy starts', '50% of pods fail', 'v1.2.3 released', '3 nodes down', 'May the odds', '']) {
      expect(readLeadingTime(text)).toBeUndefined();
    }
  });

  it('reads ranges from their start', () => {
    expect(readLeadingTime('8:20 - 8:24 Discussion')).toMatchObject({ clock: { hour: 8, minute: 20 } });
    expect(readLeadingTime('~13:30-13:45')).toMatchObject({ clock: { hour: 13, minute: 30 } });
    expect(readLeadingTime('21:45 to 23:28 UTC (103 minutes)')).toMatchObject({ clock: { hour: 21, minute: 45 }, zone: 'UTC' });
  });

  it('never takes a range end for an offset, nor an English word for a zone', () => {
    expect(readLeadingTime('13:30-13:45')?.zone).toBeUndefined();
    expect(readLeadingTime('10:00 met with the vendor')?.zone).toBeUndefined();
    expect(readLeadingTime('10:00 west region down')?.zone).toBeUndefined();
  });
});

describe('readTimeline: entries that cannot be placed in time', () => {
  const shape = (entries: TimelineEntry[]) => entries.map(({ time, text, instant, unplaced }) => ({ time, text, instant, unplaced }));

  it('keeps an entry whose time is not known, in its place, without an instant', () => {
    const entries = timelineOf(
      '- 05:20 Deploy starts.\n- [unknown] Cache flushed by someone.\n- TBD Customer reports errors.\n- **??**: pager fired\n- 05:42 Rollback.',
    );
    expect(shape(entries)).toEqual([
      { time: '05:20', text: 'Deploy starts.', instant: '2022-09-07T05:20:00.000Z', unplaced: undefined },
      { time: 'unknown', text: 'Cache flushed by someone.', instant: undefined, unplaced: 'unknown' },
      { time: 'TBD', text: 'Customer reports errors.', instant: undefined, unplaced: 'unknown' },
      { time: '??', text: 'pager fired', instant: undefined, unplaced: 'unknown' },
      { time: '05:42', text: 'Rollback.', instant: '2022-09-07T05:42:00.000Z', unplaced: undefined },
    ]);
    expect(entries[1]!.place).toMatchObject({ start: { line: 13, column: 4 }, end: { line: 13, column: 11 } });
  });

  it('reads `TBD` and `unknown` in a time column of a table', () => {
    const entries = timelineOf('| Time | Event |\n| --- | --- |\n| 05:20 | Deploy starts |\n| TBD | Alert fires |\n| unknown | Paged |');
    expect(shape(entries).map(({ time, unplaced }) => [time, unplaced])).toEqual([
      ['05:20', undefined],
      ['TBD', 'unknown'],
      ['unknown', 'unknown'],
    ]);
  });

  it('marks unreadable times and placeholders `unreadable`, and reads an estimate `~14:00`', () => {
    const entries = timelineOf('- ~05:20 Deploy starts.\n- 05:?? Alert.\n- HH:MM Paged.\n- 25:00 Rollback.');
    expect(shape(entries).map(({ time, instant, unplaced }) => [time, instant, unplaced])).toEqual([
      ['05:20', '2022-09-07T05:20:00.000Z', undefined],
      ['05:??', undefined, 'unreadable'],
      ['HH:MM', undefined, 'unreadable'],
      ['25:00', undefined, 'unreadable'],
    ]);
  });

  it('does not take a sentence that starts with "Unknown" for an entry', () => {
    expect(timelineOf('- 05:20 Deploy starts.\n- Unknown clients flooded the API.\n- Unclear why.')).toHaveLength(1);
  });
});
