import { describe, expect, it } from 'vitest';
import { sectionLookup } from '../../src/lib/config.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { LineIndex, lineIndexOf, linePlace, literal, literalList } from '../../src/lib/text.ts';
import { makeConfig } from '../helpers.ts';

describe('literal and literalList', () => {
  it('quotes values in backticks and joins them with the conjunction', () => {
    expect(literal('sev1')).toBe('`sev1`');
    expect(literal(3)).toBe('`3`');
    expect(literalList([])).toBe('');
    expect(literalList(['a'])).toBe('`a`');
    expect(literalList(['a', 'b', 'c'])).toBe('`a`, `b` or `c`');
  });

  it('keeps a value on one line and shows control characters escaped', () => {
    expect(literal('sev\u001b[2J\nfake: line\tx\r')).toBe('`sev\\u001b[2J\\nfake: line\\tx\\r`');
    expect(literal('abc\u202edcba')).toBe('`abc\\u202edcba`');
    expect(literal('Ünïcode — fine')).toBe('`Ünïcode — fine`');
  });

  it('remembers a list per conjunction, so the same array can be joined with `or` and `and`', () => {
    const values = ['open', 'closed'] as const;
    expect(literalList(values)).toBe('`open` or `closed`');
    expect(literalList(values, 'and')).toBe('`open` and `closed`');
    expect(literalList(values)).toBe('`open` or `closed`');
  });

  it('masks a credential in a listed value before trimming it', () => {
    const token = ['gh', 'p_', syntheticToken(36, 3)].join('');
    const quoted = literalList(['sev1', token]);
    expect(quoted).toBe('`sev1` or `ghp_…`');
    expect(quoted).not.toContain(token.slice(4, 12));
  });
});

describe('lineIndexOf', () => {
  it('shares one index per report and builds a new one when the text is not the one indexed', () => {
    const report = { text: 'a\nbc\n' };
    const index = lineIndexOf(report);
    expect(lineIndexOf(report)).toBe(index);
    expect(index.pointAt(3)).toEqual({ line: 2, column: 2, offset: 3 });
    const other = { text: 'x\r\ny' };
    expect(lineIndexOf(other)).not.toBe(index);
    expect(linePlace(lineIndexOf(other), 1)).toEqual(new LineIndex('x\r\ny').placeAt(0, 1));
  });
});

describe('sectionLookup', () => {
  it('is built once per configuration', () => {
    const config = makeConfig();
    expect(sectionLookup(config)).toBe(sectionLookup(config));
    expect(sectionLookup(config).get('summary')?.name).toBe('Overview');
    expect(sectionLookup(makeConfig({ preset: 'pagerduty' })).get('summary')?.name).toBe('Summary');
  });
});
