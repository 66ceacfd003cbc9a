import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import impactWindow from '../../src/lib/rules/impact-window.ts';
import { brief, checkFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const check = (text: string, file = path) => checkFiles({ [file]: text }, { rule: impactWindow });
/** The example report with its impact lines (7 and 8) replaced. */
const withImpact = (impact: string, fields: Parameters<typeof report>[0] = {}) => report(fields).replace(/ {2}start: .*\n {2}end: .*\n/, impact);

const postmortems = join(import.meta.dirname, '..', '..', 'postmortems');
const founding = readFileSync(join(postmortems, '2022-09-07-utoronto-hub-login-500.md'), 'utf8');

describe('impact-window', () => {
  it('passes a window that agrees with `date` and the timeline', () => {
    expect(check(report())).toEqual([]);
  });

  it('reports the end of impact before its start, at `impact.end`', () => {
    const diagnostics = check(withImpact('  start: 2024-03-01T10:00\n  end: 2024-03-01T09:42\n'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'impact-window', severity: 'error', place: { start: { line: 8, column: 8 } } });
    expect(diagnostics[0]!.message).toBe(
      'Unexpected `impact.end` `2024-03-01T09:42` before `impact.start` `2024-03-01T10:00`, expected the end of impact after its start',
    );
    expect(diagnostics[0]!.cause).toMatchObject({ message: '`impact.start` is here', place: { start: { line: 7, column: 10 } } });
  });

  it('reads a report without `timezone` at the offset its impact times all carry, timeline included', () => {
    const body = completeBody.replace(/- 10:(\d\d)/g, '- 00:$1');
    // 00:00+01:00 is 23:00 UTC the day before: in UTC both `date` and the timeline would be a day off.
    const text = withImpact('  start: 2024-03-01T00:00+01:00\n  end: 2024-03-01T00:42+01:00\n', { body });
    expect(check(text)).toEqual([]);
    // With different offsets the default zone stays: the same window, read in UTC.
    const mixed = withImpact('  start: 2024-03-01T00:00+01:00\n  end: 2024-03-01T01:42+02:00\n', { body });
    expect(check(mixed).map(brief)).toEqual([
      '3:7: Unexpected `date` `2024-03-01`, expected `2024-02-29`, the day `impact.start` falls on in `UTC`',
      '7:10: Unexpected impact window `2024-03-01T00:00+01:00`–`2024-03-01T01:42+02:00` with no timeline entry in it, expected it to cover the timeline (2024-03-01 00:00 UTC to 2024-03-01 00:42 UTC)',
    ]);
  });

  it('reports a `date` that is not the local day of `impact.start` in the report zone', () => {
    // 02:30 UTC on Sep 7 is 22:30 on Sep 6 in Toronto.
    const text = withImpact('  start: 2022-09-07T02:30Z\n  end: 2022-09-07T03:00Z\n', {
      date: '2022-09-07',
      extra: 'timezone: America/Toronto\n',
      body: completeBody.replace('## Timeline\n\n', '## Timeline\n\n### 2022-09-06\n\n').replace(/- 10:(\d\d)/g, '- 22:$1'),
    });
    const diagnostics = check(text, 'postmortems/2022-09-07-api-down.md');
    expect(diagnostics.map(brief)).toEqual([
      '3:7: Unexpected `date` `2022-09-07`, expected `2022-09-06`, the day `impact.start` falls on in `America/Toronto`',
    ]);
    expect(diagnostics[0]!.note).toBe('`impact.start` `2022-09-07T02:30Z` is 2022-09-06 22:30 EDT.');
  });

  it('reports `impact.detected` before the start or after the end', () => {
    const early = check(withImpact('  start: 2024-03-01T10:00\n  end: 2024-03-01T10:42\n  detected: 2024-03-01T09:59\n'));
    expect(early.map(brief)).toEqual([
      '9:13: Unexpected `impact.detected` `2024-03-01T09:59` before `impact.start` `2024-03-01T10:00`, expected detection within the impact window',
    ]);
    const late = check(withImpact('  start: 2024-03-01T10:00\n  end: 2024-03-01T10:42\n  detected: 2024-03-01T10:43\n'));
    expect(late.map(brief)).toEqual([
      '9:13: Unexpected `impact.detected` `2024-03-01T10:43` after `impact.end` `2024-03-01T10:42`, expected detection within the impact window',
    ]);
    expect(check(withImpact('  start: 2024-03-01T10:00\n  end: 2024-03-01T10:42\n  detected: 2024-03-01T10:05\n'))).toEqual([]);
  });

  it("fails on the founding report's inconsistency: impact on Sep 6 in the frontmatter, the timeline on Sep 7", () => {
    const text = founding
      .replace('date: 2022-09-07', 'date: 2022-09-06')
      .replace('start: 2022-09-07T05:25', 'start: 2022-09-06T05:25')
      .replace('end: 2022-09-07T10:48', 'end: 2022-09-06T10:48')
      .replace('detected: 2022-09-07T07:07', 'detected: 2022-09-06T07:07');
    const diagnostics = check(text, 'postmortems/2022-09-06-utoronto-hub-login-500.md');
    expect(diagnostics).toHaveLength(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic).toMatchObject({ ruleId: 'impact-window', severity: 'error', place: { start: { line: 8, column: 10 } } });
    expect(diagnostic!.message).toBe(
      'Unexpected impact window `2022-09-06T05:25`–`2022-09-06T10:48` with no timeline entry in it, expected it to cover the timeline (2022-09-07 05:20 EDT to 2022-09-07 10:48 EDT)',
    );
    expect(diagnostic!.cause).toMatchObject({
      message: 'Nearest timeline entry `05:20` (2022-09-07 05:20 EDT) is here',
      place: { start: { line: 43, column: 3 } },
    });
  });

  it('passes the sample reports in postmortems/', () => {
    const files = Object.fromEntries(
      ['2022-08-31-utoronto-azuread-secret-expired.md', '2022-09-07-utoronto-hub-login-500.md'].map((name) => [
        `postmortems/${name}`,
        readFileSync(join(postmortems, name), 'utf8'),
      ]),
    );
    expect(checkFiles(files, { rule: impactWindow })).toEqual([]);
  });

  it('checks an ongoing window (no `end`) from its start on', () => {
    const body = completeBody.replace('## Timeline\n\n', '## Timeline\n\n### 2024-02-28\n\n');
    expect(check(withImpact('  start: 2024-03-01T10:00\n', { body })).map(brief)).toEqual([
      '7:10: Unexpected impact window from `2024-03-01T10:00` with no timeline entry in it, expected it to cover the timeline (2024-02-28 10:00 UTC to 2024-02-28 10:42 UTC)',
    ]);
    expect(check(withImpact('  start: 2024-03-01T10:00\n'))).toEqual([]);
  });

  it("leaves a timeline on the window's own day but outside its hours alone (lead-up and follow-up)", () => {
    expect(check(withImpact('  start: 2024-03-01T12:00\n  end: 2024-03-01T13:00\n'))).toEqual([]);
  });

  it('says nothing when the timeline has no readable entry', () => {
    const body = completeBody.replace(/- 10:\d\d/g, '- HH:MM');
    expect(check(withImpact('  start: 2024-03-01T12:00\n  end: 2024-03-01T13:00\n', { body }))).toEqual([]);
  });

  it('leaves invalid frontmatter to the `frontmatter` rule', () => {
    expect(check(withImpact('  start: 2024-03-01T10:00\n  end: yesterday\n'))).toEqual([]);
    expect(check(report({ severity: 'catastrophic' }).replace('end: 2024-03-01T10:42', 'end: 2024-03-01T09:00'))).toEqual([]);
  });

  it('only warns on drafts', () => {
    const [diagnostic] = check(withImpact('  start: 2024-03-01T10:00\n  end: 2024-03-01T09:42\n', { status: 'draft' }));
    expect(diagnostic).toMatchObject({ ruleId: 'impact-window', severity: 'warning', place: { start: { line: 8, column: 8 } } });
  });
});

describe('impact-window on archived reports', () => {
  it('only warns when the window disagrees with itself', () => {
    const [diagnostic, ...rest] = check(withImpact('  start: 2024-03-01T10:00\n  end: 2024-03-01T09:42\n', { status: 'archived' }));
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ ruleId: 'impact-window', severity: 'warning' });
  });

  it('says nothing when history has no impact window', () => {
    expect(check(report({ status: 'archived' }).replace(/impact:\n.*\n.*\n/, ''))).toEqual([]);
  });
});
