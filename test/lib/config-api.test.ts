/**
 * Configurations made in code by a library user (`hindsight-postmortems` exports
 * `checkReports` and `defaultConfig`), not read through `configSchema`: the forms
 * that worked before rule options (`rules: { id: 'off' }`) keep working.
 */
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { defaultConfig, ruleLevel, watchWindowDays, type Config } from '../../src/lib/config.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { parseFiles } from '../helpers.ts';

const now = new Date('2024-06-01T00:00:00Z');
/** A report with no sections and a `watch` entry expiring soon: `required-section` and `watch-expiry` both speak. */
const files = {
  'postmortems/2024-03-01-api-down.md': report({ body: '# API down\n', extra: 'watch:\n  - { name: API TLS certificate, expires: 2024-06-10 }\n' }),
};

describe('a configuration made in code', () => {
  it('takes a rule level written alone, as before rule options', () => {
    const config = { ...defaultConfig(), rules: { 'required-section': 'off' } } as unknown as Config;
    expect(ruleLevel(config, 'required-section')).toBe('off');
    const diagnostics = checkReports(parseFiles(files, config), config, { now });
    expect(diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('required-section');
  });

  it('gives `watch-expiry` its default window when the rules leave it out', () => {
    const config = { ...defaultConfig(), rules: {} } as unknown as Config;
    expect(watchWindowDays(config)).toBe(30);
    const diagnostics = checkReports(parseFiles(files, config), config, { now });
    expect(diagnostics.filter((diagnostic) => diagnostic.ruleId === 'internal')).toEqual([]);
    expect(diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('watch-expiry');
  });

  it('reads the window and the level from the schema’s own form', () => {
    const config = defaultConfig();
    expect(watchWindowDays(config)).toBe(30);
    expect(ruleLevel(config, 'possible-repeat')).toBeUndefined();
  });
});
