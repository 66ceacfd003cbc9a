/**
 * Contributing factors (src/lib/factors.ts): the configured taxonomy (`factors`
 * in the configuration) and a report's `factors`, checked against it by the
 * `frontmatter` rule with a "did you mean".
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/config-errors.ts';
import { defaultFactors, factorTaxonomy, labelOfId } from '../../src/lib/factors.ts';
import { report } from '../../src/lib/rules/examples.ts';
import frontmatter from '../../src/lib/rules/frontmatter.ts';
import { brief, checkFiles, configProblem, makeConfig, parseFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';

describe('the configured taxonomy', () => {
  it('defaults to seven factors with labels and descriptions', () => {
    expect(factorTaxonomy(parseConfig({})).map((factor) => `${factor.id}: ${factor.label}`)).toEqual([
      'deploy: Deploy',
      'configuration-change: Configuration change',
      'capacity: Capacity',
      'dependency: Dependency',
      'expired-credential: Expired credential',
      'monitoring-gap: Monitoring gap',
      'manual-operation: Manual operation',
    ]);
    expect(defaultFactors.every((factor) => factor.description)).toBe(true);
  });

  it('takes ids alone or `{ id, label, description }`, and replaces the defaults whole', () => {
    const config = parseConfig({
      factors: ['capacity', 'third-party-outage', { id: 'human-error-free', label: 'Process gap', description: 'A step nobody owned.' }],
    });
    expect(factorTaxonomy(config)).toEqual([
      { id: 'capacity', label: 'Capacity' },
      { id: 'third-party-outage', label: 'Third party outage' },
      { id: 'human-error-free', label: 'Process gap', description: 'A step nobody owned.' },
    ]);
    expect(factorTaxonomy(parseConfig({ factors: [] }))).toEqual([]);
    expect(labelOfId('expired-credential')).toBe('Expired credential');
  });

  it('refuses ids that are not lower-case words joined by `-`, ids listed twice and unknown keys', () => {
    expect(configProblem({ factors: ['Deploy', 'capacity', 'capacity', { id: 'dns', lable: 'DNS' }] })).toBe(
      'Invalid configuration in hindsight.config.yaml:\n' +
        '- **factors.0.id**: Unexpected `Deploy`, expected lower-case words joined by `-`, such as `expired-credential`\n' +
        '- **factors.3**: Unexpected key `lable` (did you mean `label`?), expected one of `id`, `label` or `description`\n' +
        '- **factors.2.id**: Unexpected `capacity` listed twice, expected each factor once',
    );
    expect(configProblem({ factors: [{ label: 'DNS' }] })).toContain('- **factors.0.id**: Unexpected missing value, expected string');
  });
});

describe('a report’s `factors`', () => {
  const check = (extra: string, config = makeConfig()) => checkFiles({ [path]: report({ extra }) }, { rule: frontmatter, config }).map(brief);

  it('accepts factors of the taxonomy, as a list or a single value', () => {
    expect(check('factors: [deploy, monitoring-gap]\n')).toEqual([]);
    expect(check('factors: capacity\n')).toEqual([]);
    const [parsed] = parseFiles({ [path]: report({ extra: 'factors: capacity\nreviewers: alice\n' }) });
    expect(parsed!.data).toMatchObject({ factors: ['capacity'], reviewers: ['alice'] });
    const [none] = parseFiles({ [path]: report() });
    expect(none!.data).toMatchObject({ factors: [], reviewers: [] });
  });

  it('refuses an unknown factor, at its position, naming the one a typo most likely means', () => {
    expect(check('factors:\n  - deploy\n  - Expired Credential\n  - cosmic-rays\n')).toEqual([
      '12:5: Unexpected `Expired Credential` for `factors.1`, expected one of `deploy`, `configuration-change`, `capacity`, `dependency`, `expired-credential`, `monitoring-gap` or `manual-operation` (did you mean `expired-credential`?), as `factors` in hindsight.config.yaml lists them',
      '13:5: Unexpected `cosmic-rays` for `factors.2`, expected one of `deploy`, `configuration-change`, `capacity`, `dependency`, `expired-credential`, `monitoring-gap` or `manual-operation`, as `factors` in hindsight.config.yaml lists them',
    ]);
  });

  it('checks against the configured taxonomy, also when it is empty', () => {
    const config = makeConfig({ factors: ['vendor-outage'] });
    expect(check('factors: [vendor-outage]\n', config)).toEqual([]);
    expect(check('factors: [deploy]\n', config)).toEqual([
      '10:11: Unexpected `deploy` for `factors.0`, expected one of `vendor-outage`, as `factors` in hindsight.config.yaml lists them',
    ]);
    expect(check('factors: [deploy]\n', makeConfig({ factors: [] }))).toEqual([
      '10:11: Unexpected `deploy` for `factors.0`, expected no factor: `factors` in hindsight.config.yaml lists none',
    ]);
  });

  it('refuses a value that is not a list of names, and an empty reviewer', () => {
    expect(check('factors: {deploy: true}\n')).toEqual(['10:10: Unexpected mapping for `factors`, expected a list']);
    expect(check('reviewers: [alice, ""]\n')).toEqual(['10:20: Unexpected `` for `reviewers.1`, expected a reviewer']);
  });
});
