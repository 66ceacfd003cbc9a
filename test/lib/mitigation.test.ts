/**
 * `impact.mitigated` (src/lib/mitigation.ts), checked by the `impact-window` rule
 * with the other impact times, and read as an instant by `impactInstants`.
 */
import { describe, expect, it } from 'vitest';
import { report } from '../../src/lib/rules/examples.ts';
import frontmatter from '../../src/lib/rules/frontmatter.ts';
import impactWindow from '../../src/lib/rules/impact-window.ts';
import { impactInstants } from '../../src/lib/time.ts';
import { brief, checkFiles, parseFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';

/** The example report with more impact times after `end` (line 9 on). */
function withTimes(times: string, fields: { status?: string; extra?: string } = {}): string {
  return report(fields).replace('  end: 2024-03-01T10:42\n', `  end: 2024-03-01T10:42\n${times}`);
}

const check = (text: string) => checkFiles({ [path]: text }, { rule: impactWindow });

describe('impact.mitigated', () => {
  it('is quiet between detection and the end of impact, or on either bound', () => {
    expect(check(withTimes('  detected: 2024-03-01T10:05\n  mitigated: 2024-03-01T10:20\n'))).toEqual([]);
    expect(check(withTimes('  detected: 2024-03-01T10:05\n  mitigated: 2024-03-01T10:05\n'))).toEqual([]);
    expect(check(withTimes('  mitigated: 2024-03-01T10:42\n'))).toEqual([]);
  });

  it('must not come before the impact began', () => {
    expect(check(withTimes('  mitigated: 2024-03-01T09:50\n')).map(brief)).toEqual([
      '9:14: Unexpected `impact.mitigated` `2024-03-01T09:50` before `impact.start` `2024-03-01T10:00`, expected mitigation within the impact window',
    ]);
  });

  it('must not come after the impact ended', () => {
    expect(check(withTimes('  mitigated: 2024-03-02T10:20\n')).map(brief)).toEqual([
      '9:14: Unexpected `impact.mitigated` `2024-03-02T10:20` after `impact.end` `2024-03-01T10:42`, expected mitigation within the impact window',
    ]);
  });

  it('must not come before detection, pointing at `detected` as the other place', () => {
    const [diagnostic, ...rest] = check(withTimes('  detected: 2024-03-01T10:30\n  mitigated: 2024-03-01T10:20\n'));
    expect(rest).toEqual([]);
    expect(brief(diagnostic!)).toBe(
      '10:14: Unexpected `impact.mitigated` `2024-03-01T10:20` before `impact.detected` `2024-03-01T10:30`, expected mitigation after detection',
    );
    expect(diagnostic!.cause).toMatchObject({ file: path, message: '`impact.detected` is here', place: { start: { line: 9, column: 13 } } });
    expect(diagnostic!.note).toMatch(/wrong day or in the wrong zone/);
  });

  it('is only a warning in a draft, and may come without an end (ongoing impact)', () => {
    const draft = check(withTimes('  mitigated: 2024-03-01T09:50\n', { status: 'draft' }));
    expect(draft.map((diagnostic) => diagnostic.severity)).toEqual(['warning']);
    const ongoing = report().replace('  end: 2024-03-01T10:42\n', '  mitigated: 2024-03-01T10:20\n');
    expect(check(ongoing)).toEqual([]);
  });

  it('is read as an instant in the report’s zone, its own offset kept', () => {
    const [zoned] = parseFiles({ [path]: withTimes('  mitigated: 2024-03-01T10:20\n', { extra: 'timezone: America/Toronto\n' }) });
    expect(impactInstants(zoned!).mitigated?.toISOString()).toBe('2024-03-01T15:20:00.000Z');
    const [offset] = parseFiles({ [path]: withTimes('  mitigated: 2024-03-01T10:20+01:00\n') });
    expect(impactInstants(offset!).mitigated?.toISOString()).toBe('2024-03-01T09:20:00.000Z');
  });

  it('is a time like the others: a malformed one is a `frontmatter` error', () => {
    expect(checkFiles({ [path]: withTimes('  mitigated: 10:20\n') }, { rule: frontmatter }).map(brief)).toEqual([
      '9:14: Unexpected `10:20` for `impact.mitigated`, expected a time written `YYYY-MM-DDTHH:MM`, optionally with an offset such as `+02:00`',
    ]);
  });
});
