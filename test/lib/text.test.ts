import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sectionLookup } from '../../src/lib/config.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import {
  asciiJson,
  codeSpan,
  findUnprintable,
  LineIndex,
  lineIndexOf,
  linePlace,
  normalizeLabel,
  shareLineIndex,
  literal,
  literalList,
  printable,
  terminalJson,
  terminalText,
} from '../../src/lib/text.ts';
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

  it('answers with the index the parse shared, for the text it indexes only', () => {
    const report = { text: 'a\nb' };
    const index = new LineIndex('a\nb');
    shareLineIndex(report, index);
    expect(lineIndexOf(report)).toBe(index);
    const other = { text: 'c' };
    shareLineIndex(other, index);
    expect(lineIndexOf(other).text).toBe('c');
  });
});

describe('LineIndex', () => {
  it('gives every offset the line and column an editor counts', () => {
    const text = fc.array(fc.constantFrom('a', 'é', '\n', '\r\n', '\r', ' '), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        const index = new LineIndex(value);
        let line = 1;
        let column = 1;
        for (let offset = 0; offset <= value.length; offset++) {
          expect(index.pointAt(offset)).toEqual({ line, column, offset });
          expect(index.offsetOf(line, column)).toBe(offset);
          if (value[offset] === '\n') {
            line++;
            column = 1;
          } else column++;
        }
      }),
      { numRuns: 300 },
    );
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

describe('codeSpan and literal in Markdown', () => {
  it('fences a value with one backtick more than its longest run, padding where CommonMark would strip', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('a``b`c')).toBe('```a``b`c```');
    expect(codeSpan('`start')).toBe('`` `start ``');
    expect(codeSpan('end`')).toBe('`` end` ``');
    expect(codeSpan(' both ')).toBe('`  both  `');
    expect(codeSpan(' ')).toBe('` `');
  });

  it('keeps a backtick in a value from closing the span', () => {
    expect(literal('x` **[bold](https://evil.example)** `y')).toBe('``x` **[bold](https://evil.example)** `y``');
  });
});

describe('terminalText', () => {
  const token = ['gh', 'p_', syntheticToken(36, 5)].join('');

  it('masks credentials, escapes controls and never lets a value start a workflow command', () => {
    expect(terminalText(`::error file=a.md::pwned ${token}`)).toBe('\\u003a:error file=a.md::pwned ghp_…');
    expect(terminalText('  ::add-mask::x')).toBe('  \\u003a:add-mask::x');
    expect(terminalText('a\u001b[31mred\u001b[0m\n::error::x\u009b2J')).toBe('a\\u001b[31mred\\u001b[0m\\n::error::x\\u009b2J');
    expect(terminalText('postmortems/2024-03-01-a.md')).toBe('postmortems/2024-03-01-a.md');
    expect(terminalText(':one colon')).toBe(':one colon');
  });
});

describe('printable and findUnprintable', () => {
  it('drops what XML, iCalendar and terminals refuse, keeping tab, line breaks and astral characters', () => {
    expect(printable('ctl \u0001\u000b\u001b[31m \u0000end')).toBe('ctl  [31m end');
    expect(printable('a\u000cb\u0085c')).toBe('a b c');
    expect(printable('lone \ud800 \udc00 pair \ud83d\udd25 \ufffe\uffff')).toBe('lone   pair \ud83d\udd25 ');
    expect(printable('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
  });

  it('changes a text exactly when it holds such a character, whatever the character', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      if (findUnprintable(text) === undefined) expect(printable(text)).toBe(text);
      else expect(printable(text)).not.toBe(text);
    }
  });

  it('names the first such character and its kind', () => {
    expect(findUnprintable('ok \u000b x')).toEqual({ character: '\u000b', index: 3, kind: 'control character' });
    expect(findUnprintable('\ud83d\udd25 \udc00')).toEqual({ character: '\udc00', index: 3, kind: 'unpaired surrogate' });
    expect(findUnprintable('\uffff')).toMatchObject({ kind: 'non-character' });
    expect(findUnprintable('fine\ttext\n')).toBeUndefined();
  });
});

describe('terminalJson', () => {
  it('masks credentials in every string and escapes the controls JSON leaves raw, losslessly', () => {
    const token = ['gh', 'p_', syntheticToken(36, 6)].join('');
    const value = { text: `rotate ${token}`, nested: [{ csi: 'a\u009b2J', bidi: 'x\u202ey', esc: '\u001b[2J' }] };
    const json = terminalJson(value);
    expect(json).not.toContain(token.slice(4, 14));
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(json)).toEqual({ text: 'rotate ghp_…', nested: [{ csi: 'a\u009b2J', bidi: 'x\u202ey', esc: '\u001b[2J' }] });
  });
});

describe('normalizeLabel', () => {
  /** The Unicode reading, which labels in ASCII skip: the same label, with NFKD and property classes. */
  const unicodeReading = (label: string) =>
    label
      .normalize('NFKD')
      .toLowerCase()
      .replace(/['’`]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();

  it('reads a label in ASCII as the Unicode reading does', () => {
    const ascii = fc.string({ unit: fc.constantFrom(..."aZ09 _-'`?!.:*#()[]\t\n\u007f\u0000".split('')), maxLength: 40 });
    fc.assert(
      fc.property(ascii, (label) => normalizeLabel(label) === unicodeReading(label)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (label) => normalizeLabel(label) === unicodeReading(label)),
      { numRuns: 500 },
    );
  });

  it('folds case, apostrophes, punctuation and accents', () => {
    expect(normalizeLabel("What Didn't Go So Well?")).toBe('what didnt go so well');
    expect(normalizeLabel('  **Root   Cause**: ')).toBe('root cause');
    expect(normalizeLabel('What didn’t go well')).toBe('what didnt go well');
  });
});

describe('asciiJson', () => {
  it('writes every character above U+007F as its escape, and JSON reads back the same value', () => {
    const value = { title: 'Résolution… “quoted” — 東京 😀', list: ['→', 'plain', '\u00a0'], 'clé·': 1 };
    const json = JSON.stringify(value);
    const ascii = asciiJson(json);
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(ascii).toContain('\\u2026');
    // Outside the Basic Multilingual Plane: the two surrogates' escapes.
    expect(ascii).toContain('\\ud83d\\ude00');
    expect(JSON.parse(ascii)).toEqual(value);
  });

  it('gives back an ASCII text as it is', () => {
    const json = String.raw`{"title":"Checkout latency","escaped":"\u00e9 \"quoted\""}`;
    expect(asciiJson(json)).toBe(json);
  });

  it('reads back as the same value for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const ascii = asciiJson(JSON.stringify(value));
        expect(ascii).toMatch(/^[\x00-\x7f]*$/);
        expect(JSON.parse(ascii)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
