import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nowFromEnvironment } from '../../src/lib/clock.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('nowFromEnvironment', () => {
  it('reads SOURCE_DATE_EPOCH seconds', () => {
    expect(nowFromEnvironment({ SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('falls back to the clock when unset or not whole seconds', () => {
    for (const value of [undefined, '', 'yesterday', '1.5']) {
      const before = Date.now();
      expect(nowFromEnvironment({ SOURCE_DATE_EPOCH: value }).getTime()).toBeGreaterThanOrEqual(before);
    }
  });

  it('is what the real executable uses as "today"', () => {
    // Noon UTC on 2023-08-20 (Aug 20 in Toronto too): the sample's watch entry (2023-08-30) is 10 days away.
    const output = execFileSync(process.execPath, [resolve(projectRoot, 'bin/hindsight.js'), 'check', '--format', 'json'], {
      cwd: projectRoot,
      env: { ...process.env, SOURCE_DATE_EPOCH: String(Date.UTC(2023, 7, 20, 12) / 1000), GITHUB_ACTIONS: '' },
      encoding: 'utf8',
    });
    const watch = (JSON.parse(output) as { messages: { ruleId: string; message: string }[] }).messages.filter((message) => message.ruleId === 'watch-expiry');
    expect(watch).toHaveLength(1);
    expect(watch[0]!.message).toContain('(in 10 days)');
  });
});
