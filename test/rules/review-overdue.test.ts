import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/lib/config.ts';
import { report } from '../../src/lib/rules/examples.ts';
import rule from '../../src/lib/rules/review-overdue.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const now = new Date('2024-06-01T12:00:00Z');

/** Checks one report of `date`, `status` and `severity` with this rule. */
function check(date: string, status: string, severity = 'sev2', options: { extra?: string; config?: ConfigInput; now?: Date } = {}) {
  const files = { [`postmortems/${date}-api-down.md`]: report({ date, status, severity, extra: options.extra ?? '' }) };
  return checkFiles(files, { rule, config: makeConfig(options.config ?? {}), now: options.now ?? now });
}

describe('review-overdue', () => {
  it('warns on an `in-review` report past `date` plus its severity’s days, at `status`', () => {
    const [diagnostic, ...rest] = check('2024-05-10', 'in-review');
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ ruleId: 'review-overdue', severity: 'warning', place: { start: { line: 4, column: 9 }, end: { line: 4, column: 18 } } });
    expect(brief(diagnostic!)).toBe(
      '4:9: Unexpected `in-review` report 12 days past its review due date `2024-05-20` (sev2: 10 days after `date`), expected it reviewed: set `status: reviewed` once the review is done',
    );
  });

  it('asks a draft to be finished first', () => {
    expect(check('2024-05-20', 'draft', 'sev1').map(brief)).toEqual([
      '4:9: Unexpected `draft` report 7 days past its review due date `2024-05-25` (sev1: 5 days after `date`), expected it written and reviewed: set `status: in-review` when it is ready, then `status: reviewed` once the review is done',
    ]);
  });

  it('counts the due day itself as on time, and says `1 day` the day after', () => {
    // sev3: 20 days. 2024-05-12 + 20 = 2024-06-01, today.
    expect(check('2024-05-12', 'in-review', 'sev3')).toEqual([]);
    expect(check('2024-05-11', 'in-review', 'sev3').map((diagnostic) => diagnostic.message)).toEqual([
      'Unexpected `in-review` report 1 day past its review due date `2024-05-31` (sev3: 20 days after `date`), expected it reviewed: set `status: reviewed` once the review is done',
    ]);
  });

  it('is quiet on reviewed, closed and archived reports, however old', () => {
    for (const status of ['reviewed', 'closed', 'archived']) expect(check('2020-01-01', status, 'sev1')).toEqual([]);
  });

  it('uses the configured days, and the defaults for severities the configuration does not list', () => {
    const config: ConfigInput = { review: { days: { sev2: 3 } } };
    expect(check('2024-05-25', 'in-review', 'sev2', { config }).map((diagnostic) => diagnostic.message)).toEqual([
      'Unexpected `in-review` report 4 days past its review due date `2024-05-28` (sev2: 3 days after `date`), expected it reviewed: set `status: reviewed` once the review is done',
    ]);
    // sev4 keeps 30 days: 2024-05-10 + 30 = 2024-06-09, not yet due.
    expect(check('2024-05-10', 'in-review', 'sev4', { config })).toEqual([]);
  });

  it('gives other severity names the defaults by their place in `severities`', () => {
    const config: ConfigInput = { severities: ['critical', 'major', 'minor'] };
    expect(check('2024-05-20', 'in-review', 'critical', { config }).map((diagnostic) => diagnostic.message)).toEqual([
      'Unexpected `in-review` report 7 days past its review due date `2024-05-25` (critical: 5 days after `date`), expected it reviewed: set `status: reviewed` once the review is done',
    ]);
    // minor, the third: 20 days.
    expect(check('2024-05-15', 'in-review', 'minor', { config })).toEqual([]);
    expect(check('2024-05-11', 'in-review', 'minor', { config })).toHaveLength(1);
  });

  it('becomes an error when CI configures it so', () => {
    const diagnostics = check('2024-05-10', 'in-review', 'sev2', { config: { rules: { 'review-overdue': 'error' } } });
    expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['error']);
    expect(check('2024-05-10', 'in-review', 'sev2', { config: { rules: { 'review-overdue': 'off' } } })).toEqual([]);
  });

  it('reads "today" in the report’s zone', () => {
    // Due 2024-05-31. At 2024-06-01T02:00Z it is still May 31 in Toronto: not late there yet.
    const extra = 'timezone: America/Toronto\n';
    expect(check('2024-05-21', 'in-review', 'sev2', { extra, now: new Date('2024-06-01T02:00:00Z') })).toEqual([]);
    expect(check('2024-05-21', 'in-review', 'sev2', { extra, now: new Date('2024-06-01T05:00:00Z') })).toHaveLength(1);
  });

  it('names the reviewers in its note, or asks for them', () => {
    const [named] = check('2024-05-10', 'in-review', 'sev2', { extra: 'reviewers: [alice, bob]\n' });
    expect(named!.note).toBe('Reviewers: `alice` and `bob`. The days per severity are `review.days` in hindsight.config.yaml.');
    const [unnamed] = check('2024-05-10', 'in-review');
    expect(unnamed!.note).toMatch(/^No `reviewers` named: add who reviews it/);
  });

  it('says nothing about a report whose frontmatter is invalid (the `frontmatter` rule does)', () => {
    expect(check('2024-05-10', 'in-review', 'sev9')).toEqual([]);
  });
});
