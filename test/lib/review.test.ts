/**
 * Review deadlines (src/lib/review.ts): `review.days` in the configuration, its
 * defaults by severity, and the due date of a report awaiting review.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/config-errors.ts';
import { addDays } from '../../src/lib/days.ts';
import { defaultReviewDays, reviewDays, reviewDue } from '../../src/lib/review.ts';
import { configProblem, makeConfig } from '../helpers.ts';

describe('review.days', () => {
  it('defaults to 5, 10, 20 and 30 days for the default severities', () => {
    const config = parseConfig({});
    expect(config.review).toEqual({ days: {} });
    expect(config.severities.map((severity) => reviewDays(config, severity))).toEqual([5, 10, 20, 30]);
    expect(defaultReviewDays).toEqual([5, 10, 20, 30]);
  });

  it('gives other severity names the defaults by their place, 30 days past the fourth', () => {
    const config = parseConfig({ severities: ['P1', 'P2', 'P3', 'P4', 'P5'] });
    expect(config.severities.map((severity) => reviewDays(config, severity))).toEqual([5, 10, 20, 30, 30]);
  });

  it('gives a severity named like what every object inherits (`constructor`) its default, not the inherited value', () => {
    const config = parseConfig({ severities: ['sev1', 'constructor', 'toString', '__proto__'], review: { days: { sev1: 2 } } });
    expect(config.severities.map((severity) => reviewDays(config, severity))).toEqual([2, 10, 20, 30]);
  });

  it('takes the configured days for the severities it lists, the defaults for the rest', () => {
    const config = parseConfig({ review: { days: { sev1: 3, sev4: 0 } } });
    expect(config.severities.map((severity) => reviewDays(config, severity))).toEqual([3, 10, 20, 0]);
  });

  it('refuses a key that is not a configured severity, suggesting one only when it is clearly meant', () => {
    expect(configProblem({ review: { days: { Sev1: 3 } } })).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **review.days.Sev1**: Unexpected severity `Sev1` (did you mean `sev1`?), expected one of the configured `severities`: `sev1`, `sev2`, `sev3` or `sev4`',
    );
    // `sev5` is as close to each of `sev1`…`sev4`: no suggestion.
    expect(configProblem({ review: { days: { sev5: 3 } } })).toContain(
      '- **review.days.sev5**: Unexpected severity `sev5`, expected one of the configured `severities`',
    );
    expect(configProblem({ severities: ['critical', 'major'], review: { days: { critcal: 2, sev1: 5 } } })).toBe(
      'Invalid configuration in hindsight.config.yaml:\n' +
        '- **review.days.critcal**: Unexpected severity `critcal` (did you mean `critical`?), expected one of the configured `severities`: `critical` or `major`\n' +
        '- **review.days.sev1**: Unexpected severity `sev1`, expected one of the configured `severities`: `critical` or `major`',
    );
  });

  it('refuses days that are not a whole number from 0 to 3660, and unknown keys', () => {
    expect(configProblem({ review: { days: { sev1: -1 } } })).toContain('- **review.days.sev1**: Unexpected `-1`, expected 0 days or more');
    expect(configProblem({ review: { days: { sev1: 2.5 } } })).toContain('- **review.days.sev1**: Unexpected `2.5`, expected a whole number');
    expect(configProblem({ review: { days: { sev1: 5000 } } })).toContain('- **review.days.sev1**: Unexpected `5000`, expected at most 3660 days (ten years)');
    expect(configProblem({ review: { days: { sev1: 'a week' } } })).toContain('- **review.days.sev1**: Unexpected string, expected number');
    expect(configProblem({ review: { dayz: {} } })).toContain('- **review**: Unexpected key `dayz` (did you mean `days`?), expected only `days`');
  });
});

describe('reviewDue', () => {
  const config = makeConfig();

  it('is `date` plus the severity’s days while the report is a draft or in review', () => {
    expect(reviewDue({ date: '2024-02-25', severity: 'sev1', status: 'draft' }, config)).toEqual({ date: '2024-03-01', days: 5, severity: 'sev1' });
    expect(reviewDue({ date: '2024-12-25', severity: 'sev2', status: 'in-review' }, config)).toEqual({ date: '2025-01-04', days: 10, severity: 'sev2' });
  });

  it('is absent once the report is reviewed, closed or archived', () => {
    for (const status of ['reviewed', 'closed', 'archived'] as const)
      expect(reviewDue({ date: '2024-01-01', severity: 'sev1', status }, config)).toBeUndefined();
  });

  it('adds calendar days, across leap days and daylight saving changes', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-09', 2)).toBe('2024-03-11');
    expect(addDays('2024-05-10', 0)).toBe('2024-05-10');
  });
});
