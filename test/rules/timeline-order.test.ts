import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import timelineOrder from '../../src/lib/rules/timeline-order.ts';
import { brief, checkFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
/** The example body's timeline: `10:00` on line 24, `10:05` on 25, `10:42` on 26. */
const timeline = '- 10:00 Deploy of release 42 starts.\n- 10:05 Error rate alert fires.\n- 10:42 Rollback completes; errors stop.';
const withTimeline = (entries: string, fields: Parameters<typeof report>[0] = {}) => report({ ...fields, body: completeBody.replace(timeline, entries) });
const check = (text: string) => checkFiles({ [path]: text }, { rule: timelineOrder });

describe('timeline-order', () => {
  it('passes a timeline in order', () => {
    expect(check(report())).toEqual([]);
  });

  it('reports an entry out of order at its time, with the previous entry as the cause', () => {
    const diagnostics = check(withTimeline('- 10:00 Deploy starts.\n- 10:42 Rollback completes.\n- 10:05 Error rate alert fires.'));
    expect(diagnostics).toHaveLength(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic).toMatchObject({ ruleId: 'timeline-order', severity: 'error', place: { start: { line: 26, column: 3 }, end: { line: 26, column: 8 } } });
    expect(diagnostic!.message).toBe('Unexpected `10:05` after `10:42`, expected timeline entries in chronological order');
    expect(diagnostic!.cause).toMatchObject({ file: path, message: 'Previous entry `10:42` is here', place: { start: { line: 25, column: 3 } } });
    expect(diagnostic!.note).toContain('`10:05` was read as 2024-03-01 10:05 UTC and `10:42` as 2024-03-01 10:42 UTC.');
  });

  it('reports a day change that was not written (times are never rolled over past midnight)', () => {
    const diagnostics = check(withTimeline('- 23:50 Deploy starts.\n- 00:05 Error rate alert fires.'));
    expect(diagnostics.map(brief)).toEqual([
      '25:3: Unexpected `00:05` after `23:50`, expected timeline entries in chronological order, or the date where the day changes (`2024-03-02 00:05`)',
    ]);
    // The note's example is the entry's own next day.
    expect(diagnostics[0]!.note).toContain('give the new date (a `### 2024-03-02` heading or `2024-03-02 00:05`)');
  });

  it('offers the next date only for a clock going back more than 12 hours, and in a table too', () => {
    expect(check(withTimeline('- 14:00 Deploy starts.\n- 01:30 UTC Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `01:30 UTC` after `14:00`, expected timeline entries in chronological order, or the date where the day changes (`2024-03-02 01:30 UTC`)',
    ]);
    expect(check(withTimeline('- 13:00 Deploy starts.\n- 01:00 Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `01:00` after `13:00`, expected timeline entries in chronological order',
    ]);
    const table = withTimeline('| Time | Event |\n| --- | --- |\n| 23:40 | Queue stops |\n| 00:10 | Restarted |');
    expect(check(table).map(brief)).toEqual([
      '27:3: Unexpected `00:10` after `23:40`, expected timeline entries in chronological order, or the date where the day changes (`2024-03-02 00:10`)',
    ]);
    // What the message suggests is read as the next day.
    expect(check(withTimeline('| Time | Event |\n| --- | --- |\n| 23:40 | Queue stops |\n| 2024-03-02 00:10 | Restarted |'))).toEqual([]);
    expect(check(withTimeline('- 14:00 Deploy starts.\n- 2024-03-02 01:30 UTC Alert fires.'))).toEqual([]);
    // An entry that names its own day is not offered another one.
    expect(check(withTimeline('- 03-01 23:04 Deploy starts.\n- 03-01 02:50 Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `03-01 02:50` after `03-01 23:04`, expected timeline entries in chronological order',
    ]);
  });

  it('passes a day change written as a date heading or a dated entry', () => {
    expect(check(withTimeline('### 2024-03-01\n\n- 23:50 Deploy starts.\n\n### 2024-03-02\n\n- 00:05 Alert fires.'))).toEqual([]);
    expect(check(withTimeline('- 23:50 Deploy starts.\n- 2024-03-02 00:05 Alert fires.'))).toEqual([]);
  });

  it('compares times in different zones by their instants', () => {
    // 10:00 PST is 18:00 UTC, after 17:30 UTC.
    expect(check(withTimeline('- 17:30 UTC Deploy starts.\n- 10:00 PST Alert fires.'))).toEqual([]);
    expect(check(withTimeline('- 18:30 UTC Deploy starts.\n- 10:00 PST Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `10:00 PST` (18:00 UTC) after `18:30 UTC`, expected timeline entries in chronological order',
    ]);
  });

  it('shows both times in one zone when they were read in zones whose clocks differ', () => {
    const berlin = (entries: string) => withTimeline(entries, { extra: 'timezone: Europe/Berlin\n' });
    // The `timezone` line moves the timeline one line down.
    expect(check(berlin('- 22:10 UTC Deploy starts.\n- 22:40 Alert fires.')).map(brief)).toEqual([
      '26:3: Unexpected `22:40` (21:40 UTC) after `22:10 UTC`, expected timeline entries in chronological order',
    ]);
    // Neither names its zone (a `Time (UTC)` table, then a list read in Berlin): both in UTC.
    const table = '| Time (UTC) | Event |\n| --- | --- |\n| 22:10 | Deploy starts |\n\n- 22:40 Alert fires.';
    expect(check(berlin(table)).map(brief)).toEqual(['29:3: Unexpected `22:40` (21:40 UTC) after `22:10`, expected timeline entries in chronological order']);
    // Different days in that zone: the dates too.
    expect(check(berlin('- 23:50 UTC Deploy starts.\n- 00:40 Alert fires.')).map(brief)).toEqual([
      '26:3: Unexpected `00:40` (2024-02-29 23:40 UTC) after `23:50 UTC` (2024-03-01 23:50 UTC), expected timeline entries in chronological order, or the date where the day changes (`2024-03-02 00:40`)',
    ]);
    // Same zone, or zones with the same clock: nothing added.
    expect(check(berlin('- 22:10 Deploy starts.\n- 22:00 Alert fires.')).map(brief)).toEqual([
      '26:3: Unexpected `22:00` after `22:10`, expected timeline entries in chronological order',
    ]);
  });

  it("explains 12 AM and 12 PM when either time is at 12 o'clock", () => {
    expect(check(withTimeline('- 12:20 PM Deploy starts.\n- 1:30 AM Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `1:30 AM` after `12:20 PM`, expected timeline entries in chronological order (`12:20 PM` is noon; `12:20 AM` is just after midnight)',
    ]);
    expect(check(withTimeline('- 11:40 PM Deploy starts.\n- 12:05 AM Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `12:05 AM` after `11:40 PM`, expected timeline entries in chronological order (`12:05 PM` is noon; `12:05 AM` is just after midnight), or the date where the day changes (`2024-03-02 12:05 AM`)',
    ]);
    expect(check(withTimeline('- 1:40 PM Deploy starts.\n- 1:30 PM Alert fires.')).map(brief)).toEqual([
      '25:3: Unexpected `1:30 PM` after `1:40 PM`, expected timeline entries in chronological order',
    ]);
  });

  it('compares entries without a clock time by day', () => {
    const table = (rows: string[]) => withTimeline(`| Time | Event |\n| --- | --- |\n${rows.map((row) => `| ${row} | Something |`).join('\n')}`);
    expect(check(table(['2024-03-01 14:40', '2024-03-01', '2024-03-02']))).toEqual([]);
    expect(check(table(['2024-03-02', '2024-03-01 10:00'])).map(brief)).toEqual([
      '27:3: Unexpected `2024-03-01 10:00` after `2024-03-02`, expected timeline entries in chronological order',
    ]);
  });

  it('reports unreadable times at their position and keeps checking the rest', () => {
    const diagnostics = check(withTimeline('- 10:00 Deploy starts.\n- 10:?? Alert fires.\n- HH:MM What happened\n- 09:00 Rollback.'));
    expect(diagnostics.map(brief)).toEqual([
      '25:3: Unexpected placeholder time `10:??`, expected a time such as `14:35` or `2:35 PM`',
      '26:3: Unexpected placeholder time `HH:MM`, expected a time such as `14:35` or `2:35 PM`',
      '27:3: Unexpected `09:00` after `10:00`, expected timeline entries in chronological order',
    ]);
    expect(diagnostics.every((diagnostic) => diagnostic.ruleId === 'timeline-order')).toBe(true);
  });

  it('reports a date heading written as numbers at the heading, and names it when the next time goes back', () => {
    const diagnostics = check(withTimeline('- 23:50 Deploy starts.\n\n### 21/11/2026\n\n- 00:05 Alert fires.'));
    expect(diagnostics.map(brief)).toEqual([
      '26:5: Unexpected date heading `21/11/2026`, expected a date such as `2026-11-21` or `Nov 21, 2026`',
      '28:3: Unexpected `00:05` after `23:50`, expected timeline entries in chronological order, or the date where the day changes (`2024-03-02 00:05`); the heading `21/11/2026` is not read as a date',
    ]);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'timeline-order', place: { end: { line: 26, column: 15 } } });
    expect(check(withTimeline('- 10:00 Deploy starts.\n\n### 11/21\n\n- 10:05 Alert fires.')).map(brief)).toEqual([
      '26:5: Unexpected date heading `11/21`, expected a date such as `2024-11-21` or `Nov 21, 2024`',
    ]);
    expect(check(withTimeline('- 10:00 Deploy starts.\n\n### 21.11.2026\n\n- 10:05 Alert fires.')).map(brief)).toEqual([
      '26:5: Unexpected date heading `21.11.2026`, expected a date such as `2026-11-21` or `Nov 21, 2026`',
    ]);
    // A numbered heading is not a date.
    expect(check(withTimeline('- 10:00 Deploy starts.\n\n### 2.1 Detection\n\n- 10:05 Alert fires.'))).toEqual([]);
  });

  it('says that a heading naming a day in words is not read as a date', () => {
    expect(check(withTimeline('- 16:00 Deploy starts.\n\n### Day 2\n\n- 09:00 Alert fires.\n- 08:00 Paged.')).map(brief)).toEqual([
      '28:3: Unexpected `09:00` after `16:00`, expected timeline entries in chronological order; the heading `Day 2` is not read as a date',
      // Only the first entry under the heading.
      '29:3: Unexpected `08:00` after `09:00`, expected timeline entries in chronological order',
    ]);
    // A heading that does not name a day is not mentioned.
    expect(check(withTimeline('- 16:00 Deploy starts.\n\n### Recovery\n\n- 09:00 Alert fires.')).map(brief)).toEqual([
      '28:3: Unexpected `09:00` after `16:00`, expected timeline entries in chronological order',
    ]);
  });

  it('reports a time-table row whose time cannot be read, at the cell (a warning in drafts)', () => {
    const table = '| Time | Event |\n| --- | --- |\n| 10:00 | Deploy starts |\n| 23.59 | Alert fires |\n| HH:MM | Something |';
    const diagnostics = check(withTimeline(table));
    expect(diagnostics.map(brief)).toEqual([
      '27:3: Unexpected time `23.59`, expected a clock time such as `23:59`, `11:59 PM` or `2022-09-07 23:59`',
      '28:3: Unexpected placeholder time `HH:MM`, expected a time such as `14:35` or `2:35 PM`',
    ]);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'timeline-order', severity: 'error', place: { end: { line: 27, column: 8 } } });
    const draft = check(withTimeline(table, { status: 'draft' }));
    expect(draft.map((diagnostic) => diagnostic.severity)).toEqual(['warning', 'warning']);
  });

  it('reports a time without any date to read it on', () => {
    const text = '---\ntitle: X\n---\n\n## Timeline\n\n- 10:00 Paged\n';
    const diagnostics = checkFiles({ 'postmortems/outage.md': text }, { rule: timelineOrder });
    expect(diagnostics.map(brief)).toEqual([
      '7:3: Unexpected time `10:00` without a date, expected a date heading above it (`### 2022-09-07`), a date in the entry or a `date` in the frontmatter',
    ]);
  });

  it('only warns on drafts', () => {
    const [diagnostic] = check(withTimeline('- 10:05 Alert.\n- 10:00 Deploy.', { status: 'draft' }));
    expect(diagnostic).toMatchObject({ ruleId: 'timeline-order', severity: 'warning', place: { start: { line: 25, column: 3 } } });
  });

  describe('across the 2022-11-06 fall-back change in America/Toronto', () => {
    // The `timezone` line moves the timeline one line down: its first entry is on line 25.
    const toronto = (entries: string) => withTimeline(entries, { date: '2022-11-06', extra: 'timezone: America/Toronto\n' });
    const file = 'postmortems/2022-11-06-maintenance.md';

    it('passes when the second occurrence of the repeated hour names its zone', () => {
      const text = toronto('- 01:30 Maintenance starts.\n- 01:10 EST Clocks went back; a job reruns.\n- 02:15 Maintenance ends.');
      expect(checkFiles({ [file]: text }, { rule: timelineOrder })).toEqual([]);
    });

    it('reads a bare time in the repeated hour as the first occurrence, and says how to mean the second', () => {
      const text = toronto('- 01:30 Maintenance starts.\n- 01:10 Clocks went back; a job reruns.');
      const [diagnostic] = checkFiles({ [file]: text }, { rule: timelineOrder });
      expect(brief(diagnostic!)).toBe('26:3: Unexpected `01:10` after `01:30`, expected timeline entries in chronological order');
      expect(diagnostic!.note).toContain('`01:10` happens twice on 2022-11-06 in America/Toronto');
    });
  });

  it('passes the sample reports in postmortems/', () => {
    const folder = join(import.meta.dirname, '..', '..', 'postmortems');
    const files = Object.fromEntries(
      ['2022-08-31-utoronto-azuread-secret-expired.md', '2022-09-07-utoronto-hub-login-500.md'].map((name) => [
        `postmortems/${name}`,
        readFileSync(join(folder, name), 'utf8'),
      ]),
    );
    expect(checkFiles(files, { rule: timelineOrder })).toEqual([]);
  });
});

describe('timeline-order on archived reports', () => {
  it('only warns, for entries out of order and for times it cannot read', () => {
    const diagnostics = check(withTimeline('- 10:05 Alert.\n- 10:00 Deploy.\n- 10:?? Rollback.', { status: 'archived' }));
    expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['warning', 'warning']);
    expect(diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['timeline-order', 'timeline-order']);
  });
});

describe('timeline-order: entries that cannot be placed in time', () => {
  it('warns, even under review, about a time nobody knows, and keeps the entry', () => {
    for (const unknown of ['[unknown]', 'TBD', '**Unknown**:', '??:']) {
      const diagnostics = check(withTimeline(`- 10:00 Deploy starts.\n- ${unknown} Cache flushed.\n- 10:42 Rollback.`, { status: 'in-review' }));
      expect(diagnostics, unknown).toHaveLength(1);
      expect(diagnostics[0], unknown).toMatchObject({ ruleId: 'timeline-order', severity: 'warning', place: { start: { line: 25 } } });
      expect(diagnostics[0]!.message, unknown).toMatch(
        /^Unexpected time `[^`]+`, expected a clock time such as `14:35`, or an estimate such as `~14:35`; until then the entry is shown without a time, where it stands$/,
      );
    }
  });

  it('warns about `TBD` in a time table too', () => {
    const diagnostics = check(withTimeline('| Time | Event |\n| --- | --- |\n| 10:00 | Deploy starts |\n| TBD | Cache flushed |'));
    expect(diagnostics.map((diagnostic) => [brief(diagnostic), diagnostic.severity])).toEqual([
      [
        '27:3: Unexpected time `TBD`, expected a clock time such as `14:35`, or an estimate such as `~14:35`; until then the entry is shown without a time, where it stands',
        'warning',
      ],
    ]);
  });

  it('reads an estimate `~10:20` as `10:20`, and keeps placeholders errors under review and warnings in drafts', () => {
    expect(check(withTimeline('- 10:00 Deploy starts.\n- ~10:20 Cache flushed.'))).toEqual([]);
    const placeholder = withTimeline('- 10:00 Deploy starts.\n- HH:MM Cache flushed.\n- 10:?? Alert.');
    expect(check(placeholder).map((diagnostic) => [brief(diagnostic), diagnostic.severity])).toEqual([
      ['25:3: Unexpected placeholder time `HH:MM`, expected a time such as `14:35` or `2:35 PM`', 'error'],
      ['26:3: Unexpected placeholder time `10:??`, expected a time such as `14:35` or `2:35 PM`', 'error'],
    ]);
    expect(check(placeholder.replace('status: reviewed', 'status: draft')).map((diagnostic) => diagnostic.severity)).toEqual(['warning', 'warning']);
  });
});
