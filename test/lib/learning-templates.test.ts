/**
 * The new fields in what `hindsight init` and `hindsight new` write: the
 * configuration's `review` and `factors` (commented, at their defaults), and the
 * built-in template's `impact.mitigated`, `factors` and `reviewers`.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/lib/config-errors.ts';
import { configFileText } from '../../src/lib/init/config-file.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { builtInTemplate, scaffoldReport } from '../../src/lib/scaffold.ts';
import { checkFiles, makeConfig, parseFiles } from '../helpers.ts';

describe('the configuration `init` writes', () => {
  const text = configFileText({ content: 'postmortems' });

  it('shows `review.days` and `factors` at their defaults, commented out, so the defaults apply', () => {
    expect(text).toContain('# review:\n#   days: { sev1: 5, sev2: 10, sev3: 20, sev4: 30 }\n');
    expect(text).toContain('# factors: [deploy, configuration-change, capacity, dependency, expired-credential, monitoring-gap, manual-operation]\n');
    expect(text).toContain('  # review-overdue: error');
    // The `watch-expiry` window is written under `rules`, where a rule's options live.
    expect(text).toContain('\nrules:\n');
    expect(text).toContain('  watch-expiry: { windowDays: 30 }\n');
    expect(text).not.toContain('watchWindowDays');
    expect(parseConfig(parse(text))).toEqual(makeConfig());
  });

  it('reads the same once they are uncommented', () => {
    const uncommented = text.replace('# review:\n#   days:', 'review:\n  days:').replace('# factors: [', 'factors: [');
    const config = parseConfig(parse(uncommented));
    expect(config.review.days).toEqual({ sev1: 5, sev2: 10, sev3: 20, sev4: 30 });
    expect(config.factors.map((factor) => factor.id)).toEqual(makeConfig().factors.map((factor) => factor.id));
  });
});

describe('the built-in template', () => {
  const config = makeConfig();

  it('has `impact.mitigated`, `factors` and `reviewers`, each explained', () => {
    const template = builtInTemplate(config);
    expect(template).toContain('  detected: YYYY-MM-DDTHH:MM\n  mitigated: YYYY-MM-DDTHH:MM\n');
    expect(template).toContain(
      '# Contributing factors, from `factors` in hindsight.config.yaml: deploy, configuration-change, capacity, dependency, expired-credential, monitoring-gap, manual-operation.\nfactors: []\n',
    );
    expect(template).toContain(
      '# Who reviews the report. The review is due this many days after `date` (`review.days`): sev1 5, sev2 10, sev3 20, sev4 30.\nreviewers: []\n',
    );
  });

  it('names the configured factors and days', () => {
    const custom = makeConfig({ severities: ['critical', 'minor'], factors: ['vendor-outage'], review: { days: { minor: 60 } } });
    const template = builtInTemplate(custom);
    expect(template).toContain('hindsight.config.yaml: vendor-outage.\n');
    expect(template).toContain('(`review.days`): critical 5, minor 60.\n');
  });

  it('makes a draft whose new fields are valid, the placeholder `mitigated` commented out with the other times', () => {
    const text = scaffoldReport(undefined, { title: 'API down', date: '2024-05-30' }, config);
    expect(text).toContain('  # detected: 2024-05-30THH:MM\n  # mitigated: 2024-05-30THH:MM\n');
    const [parsed] = parseFiles({ 'postmortems/2024-05-30-api-down.md': text }, config);
    expect(parsed!.data).toMatchObject({ status: 'draft', factors: [], reviewers: [] });
    // A brand-new draft is not yet due for review.
    const diagnostics = checkFiles({ 'postmortems/2024-05-30-api-down.md': text }, { config });
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error' || diagnostic.ruleId === 'review-overdue')).toEqual([]);
  });

  it('keeps a filled-in `mitigated` when the template gives a full time', () => {
    const template = report({ status: 'draft' }).replace('  end: 2024-03-01T10:42\n', '  end: 2024-03-01T10:42\n  mitigated: YYYY-MM-DDT10:20\n');
    expect(scaffoldReport(template, { title: 'API down', date: '2024-05-30' }, config)).toContain('  mitigated: 2024-05-30T10:20\n');
  });
});
