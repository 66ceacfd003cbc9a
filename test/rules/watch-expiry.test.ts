import { describe, expect, it } from 'vitest';
import { lookupFromRecord, lookupFromStates, type ExampleState } from '../../src/lib/issue-state.ts';
import { report } from '../../src/lib/rules/examples.ts';
import rule from '../../src/lib/rules/watch-expiry.ts';
import { calendarDaysFrom } from '../../src/lib/days.ts';
import { localDate } from '../../src/lib/time.ts';
import type { Config } from '../../src/lib/config.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const now = new Date('2024-06-01T12:00:00Z');

function watch(expires: string, issue?: string, name = 'API signing certificate'): string {
  return `watch:\n  - name: ${name}\n    expires: ${expires}\n${issue ? `    issue: ${issue}\n` : ''}`;
}

function check(extra: string, states?: Record<string, ExampleState>, options: { now?: Date; windowDays?: number; config?: Config } = {}) {
  const config = options.config ?? makeConfig(options.windowDays === undefined ? {} : { rules: { 'watch-expiry': { windowDays: options.windowDays } } });
  return checkFiles({ [path]: report({ extra }) }, { rule, config, now: options.now ?? now, github: states ? lookupFromRecord(states) : undefined });
}

describe('watch-expiry', () => {
  it('warns within the window, at the `expires` value', () => {
    const [diagnostic, ...rest] = check(watch('2024-07-01'));
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({
      ruleId: 'watch-expiry',
      severity: 'warning',
      place: { start: { line: 12, column: 14 }, end: { line: 12, column: 24 } },
    });
    expect(brief(diagnostic!)).toBe(
      '12:14: Unexpected `API signing certificate` expiring on `2024-07-01` (in 30 days), expected a renewal before it expires; renew it and update `expires`',
    );
  });

  it('is quiet outside the window, and the window is configurable', () => {
    expect(check(watch('2024-07-02'))).toEqual([]);
    expect(check(watch('2024-06-08'), undefined, { windowDays: 7 }).map(brief)).toEqual([
      '12:14: Unexpected `API signing certificate` expiring on `2024-06-08` (in 7 days), expected a renewal before it expires; renew it and update `expires`',
    ]);
    expect(check(watch('2024-06-09'), undefined, { windowDays: 7 })).toEqual([]);
  });

  it('reads its window and its level from one setting under `rules`, or the window from the deprecated `github.watchWindowDays`', () => {
    const soon = watch('2024-06-08');
    const expired = watch('2024-05-31');
    // The level and the window together; the level applies to every finding, the window to the warning.
    const both = makeConfig({ rules: { 'watch-expiry': { level: 'warn', windowDays: 7 } } });
    expect(check(`${soon}  - name: Domain\n    expires: 2024-05-31\n`, undefined, { config: both }).map((diagnostic) => diagnostic.severity)).toEqual([
      'warning',
      'warning',
    ]);
    expect(check(expired, undefined, { config: makeConfig({ rules: { 'watch-expiry': 'off' } }) })).toEqual([]);
    // The old place still sets the window; the new one wins when both are written.
    expect(check(soon, undefined, { config: makeConfig({ github: { watchWindowDays: 7 } }) })).toHaveLength(1);
    expect(check(soon, undefined, { config: makeConfig({ github: { watchWindowDays: 6 } }) })).toEqual([]);
    expect(check(soon, undefined, { config: makeConfig({ github: { watchWindowDays: 30 }, rules: { 'watch-expiry': { windowDays: 6 } } }) })).toEqual([]);
  });

  it('counts the expiry day itself as not yet expired', () => {
    expect(check(watch('2024-06-01')).map(brief)).toEqual([
      '12:14: Unexpected `API signing certificate` expiring on `2024-06-01` (today), expected a renewal before it expires; renew it and update `expires`',
    ]);
  });

  it('is an error once expired without an issue', () => {
    const diagnostics = check(watch('2024-04-01'));
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      [
        'error',
        '12:14: Unexpected expired `API signing certificate` (expired on `2024-04-01`, 61 days ago) without an `issue` tracking its renewal, expected it renewed and `expires` updated',
      ],
    ]);
  });

  it('is an error once expired while its issue is open (or does not exist)', () => {
    expect(check(watch('2024-05-01', 'acme/api#300'), { 'acme/api#300': 'open' }).map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      [
        'error',
        '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-01`, 31 days ago) while its issue `acme/api#300` is open, expected it renewed and `expires` updated',
      ],
    ]);
    expect(check(watch('2024-05-01', 'https://github.com/acme/api/issues/300'), { 'acme/api#300': 'missing' }).map(brief)).toEqual([
      '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-01`, 31 days ago) while its issue `acme/api#300` does not exist, expected it renewed and `expires` updated',
    ]);
  });

  it('only warns when the issue’s state is unknown', () => {
    const withoutGithub = check(watch('2024-05-01', 'acme/api#300'));
    expect(withoutGithub.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      [
        'warning',
        '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-01`, 31 days ago); the state of its issue `acme/api#300` is unknown without `--github`, expected it renewed and `expires` updated',
      ],
    ]);
    const config = makeConfig();
    const rateLimited = lookupFromStates([{ key: 'acme/api#300', state: 'unknown', source: 'none', problem: 'rate limited (secondary rate limit, HTTP 403)' }]);
    const diagnostics = checkFiles({ [path]: report({ extra: watch('2024-05-01', 'acme/api#300') }) }, { rule, config, now, github: rateLimited });
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.message])).toEqual([
      [
        'warning',
        'Unexpected expired `API signing certificate` (expired on `2024-05-01`, 31 days ago); the state of its issue `acme/api#300` is unknown (rate limited (secondary rate limit, HTTP 403)), expected it renewed and `expires` updated',
      ],
    ]);
  });

  it('says nothing about an expired entry whose issue is closed', () => {
    expect(check(watch('2024-05-01', 'acme/api#300'), { 'acme/api#300': 'closed' })).toEqual([]);
  });

  it('reads "today" in the report’s zone', () => {
    // 2024-06-01T02:00Z is May 31 in Toronto: an entry expiring May 31 has not expired there yet.
    const extra = `timezone: America/Toronto\n${watch('2024-05-31')}`;
    expect(check(extra, undefined, { now: new Date('2024-06-01T02:00:00Z') }).map((diagnostic) => diagnostic.severity)).toEqual(['warning']);
    expect(check(extra, undefined, { now: new Date('2024-06-01T05:00:00Z') }).map((diagnostic) => diagnostic.severity)).toEqual(['error']);
  });

  it('reports each entry at its own position', () => {
    const extra = `${watch('2024-04-01')}  - name: TLS certificate\n    expires: 2024-06-10\n  - name: Domain\n    expires: 2030-01-01\n`;
    expect(check(extra).map((diagnostic) => `${diagnostic.place.start.line}:${diagnostic.place.start.column} ${diagnostic.severity}`)).toEqual([
      '12:14 error',
      '14:14 warning',
    ]);
  });

  it('computes days in the calendar, across daylight saving changes', () => {
    expect(localDate(new Date('2024-03-10T06:59:00Z'), 'America/Toronto')).toBe('2024-03-10');
    expect(calendarDaysFrom('2024-03-09', '2024-03-11')).toBe(2);
    expect(calendarDaysFrom('2024-06-01', '2024-05-01')).toBe(-31);
  });
});

describe('watch-expiry on archived reports', () => {
  it('only warns: a date that passed must not fail an archive', () => {
    const extra = `${watch('2024-05-20', 'acme/api#300')}`;
    const archived = checkFiles({ [path]: report({ status: 'archived', extra }) }, { rule, now, github: lookupFromRecord({ 'acme/api#300': 'open' }) });
    expect(archived.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      [
        'warning',
        '12:14: Unexpected expired `API signing certificate` (expired on `2024-05-20`, 12 days ago) while its issue `acme/api#300` is open, expected it renewed and `expires` updated',
      ],
    ]);
    expect(check(extra, { 'acme/api#300': 'open' }).map((diagnostic) => diagnostic.severity)).toEqual(['error']);
  });
});
