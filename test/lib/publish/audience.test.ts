import { describe, expect, it } from 'vitest';
import { AudienceError, resolveAudience } from '../../../src/lib/publish/audience.ts';

describe('resolveAudience', () => {
  it('is the option, else HINDSIGHT_AUDIENCE, else internal', () => {
    expect(resolveAudience(undefined, undefined)).toBe('internal');
    expect(resolveAudience(undefined, '')).toBe('internal');
    expect(resolveAudience(undefined, ' public ')).toBe('public');
    expect(resolveAudience('internal', 'public')).toBe('internal');
    expect(resolveAudience('public', undefined)).toBe('public');
  });

  it('refuses any other value of the variable, even when the option wins, naming what it takes', () => {
    for (const [option, value] of [
      [undefined, 'pubic'],
      [undefined, 'PUBLIC'],
      ['public', 'customers'],
    ] as const) {
      expect(() => resolveAudience(option, value)).toThrow(AudienceError);
    }
    expect(() => resolveAudience(undefined, 'pubic')).toThrow(
      'Unexpected `HINDSIGHT_AUDIENCE` value `pubic`, expected `public` or `internal` (or leave it unset for `internal`)',
    );
  });

  it('shows a long or odd value short and on one line', () => {
    expect(() => resolveAudience(undefined, `x\n${'y'.repeat(80)}`)).toThrow(/value `x\\nyyy+…`/);
  });
});
