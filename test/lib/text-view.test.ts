import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsedYaml } from '../../src/lib/frontmatter-yaml.ts';
import { readFrontmatter } from '../../src/lib/frontmatter.ts';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { LineIndex } from '../../src/lib/text.ts';
import {
  composeViews,
  editedLines,
  frontmatterViews,
  identityView,
  namedReferences,
  renderedView,
  resolvedView,
  type TextView,
} from '../../src/lib/text-view.ts';

/** The source span behind `view.text.slice(start, end)`. */
const source = (text: string, view: TextView, start: number, end: number) => text.slice(view.sourceStart(start), view.sourceEnd(end));

describe('resolvedView', () => {
  it('resolves Markdown escapes, character references, percent-encoding and invisible characters', () => {
    const text = 'a\\_b &lowbar;&#95;&#x5F;&#X5f; c%5Fd e\u200bf\u00adg\ufeffh&ZeroWidthSpace;i';
    const view = resolvedView(text);
    expect(view.text).toBe('a_b ____ c_d efghi');
    expect(source(text, view, 0, 3)).toBe('a\\_b');
    expect(source(text, view, 4, 8)).toBe('&lowbar;&#95;&#x5F;&#X5f;');
    expect(source(text, view, 5, 6)).toBe('&#95;');
    expect(source(text, view, 13, 18)).toBe('e\u200bf\u00adg\ufeffh&ZeroWidthSpace;i');
  });

  it('reads as CommonMark and HTML do: one decoding, escapes first, numeric references without `;`', () => {
    expect(resolvedView('&amp;#95; \\&#95; \\\\_ &#95x &#0000000095; &#0; &#x110000; &eacute; &bogus; %2F %41').text).toBe(
      '&#95; &#95; \\_ _x _ \ufffd \ufffd &eacute; &bogus; %2F A',
    );
  });

  it('leaves a "named reference" that only an object inherits as written: `&constructor;`, `&toString;`', () => {
    const text = 'a &constructor; b &toString; c &hasOwnProperty; d &valueOf; e';
    expect(resolvedView(text).text).toBe(text);
  });

  it('reads a percent escape spelled with references as a URL does, after them: `&#37;5F`, `%&#53;F`, `&percnt;5F`', () => {
    const text = 'a&#37;5Fb %&#53;Fc &percnt;5Fd &#37;&#53;&#70;e \\%5Ff &#37;2Fg &#37;zz \\&#37;5F';
    const view = resolvedView(text);
    // `%2F` would change what a URL means, an escaped `&` is no reference: both stay as they read.
    expect(view.text).toBe('a_b _c _d _e _f %2Fg %zz &#37;5F');
    expect(source(text, view, 1, 2)).toBe('&#37;5F');
    expect(source(text, view, 4, 5)).toBe('%&#53;F');
  });

  it('is the text itself when nothing needs resolving', () => {
    const text = 'plain text, no spellings';
    expect(resolvedView(text)).toMatchObject({ text });
    expect(resolvedView(text).edits).toBeUndefined();
  });

  it('maps every character back inside the source, in order, on any text', () => {
    const unit = fc.constantFrom(...'ab_\\&#;x5Fl%0 \n\u200b\u00ad'.split(''), '&lowbar;', '&#95;', '&#x5F;', '%5F', '\ud83d\ude00');
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 60 }).map((parts) => parts.join('')),
        (text) => {
          const view = resolvedView(text);
          let previous = 0;
          for (let offset = 0; offset < view.text.length; offset++) {
            const start = view.sourceStart(offset);
            const end = view.sourceEnd(offset + 1);
            expect(start).toBeGreaterThanOrEqual(previous);
            expect(end).toBeGreaterThan(start);
            expect(end).toBeLessThanOrEqual(text.length);
            previous = start;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('knows every HTML named reference that stands for an ASCII or invisible character', async () => {
    // The HTML list of named references never changes; remark's own dependency carries it.
    const module = (await import('character-entities').catch(() => undefined)) as { characterEntities: Record<string, string> } | undefined;
    if (!module) return;
    const expected = Object.fromEntries(
      Object.entries(module.characterEntities).filter(([, value]) => {
        const code = value.codePointAt(0) ?? 0;
        return [...value].length === 1 && ((code >= 0x21 && code <= 0x7e) || /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u.test(value));
      }),
    );
    expect(namedReferences).toEqual(expected);
  });
});

describe('editedLines', () => {
  it('keeps only the lines a view changed, mapped to the source', () => {
    const text = `${'plain line\n'.repeat(50)}the ghp\\_token line\n${'plain line\n'.repeat(50)}`;
    const view = resolvedView(text);
    const lines = editedLines(view);
    expect(lines.text).toBe('the ghp_token line');
    expect(source(text, lines, 4, 13)).toBe('ghp\\_token');
  });

  it('reads a view without an edit list whole', () => {
    const view = identityView('abc');
    expect(editedLines(view)).toBe(view);
  });
});

describe('renderedView', () => {
  const parse = (text: string) => parseMarkdown(text);

  it('joins text across markup that touches it on both sides, and only there', () => {
    const text = 'ab**cd**ef and a **b** c\n\nx<!-- y -->z `co`de <span>in</span>line\n\n| a<b>b</b> | c |\n| - | - |\n| d | e |\n';
    const view = renderedView(parse(text), text);
    expect(view.text.split('\n')).toEqual(['abcdef and a b c', 'xz code inline', 'ab', '']);
    const at = view.text.indexOf('cdef');
    expect(source(text, view, at, at + 4)).toBe('cd**ef');
  });

  it('reads raw HTML blocks as their text, inline tags joining and block tags breaking', () => {
    const text = '<div>\n<p>one<b>two</b></p><p>three</p>\n</div>\n';
    expect(renderedView(parse(text), text).text.split('\n').filter(Boolean)).toEqual(['onetwo', 'three']);
  });

  it('stays linear on unclosed comments and tags', () => {
    const text = `<div>\n${'<!-- <a '.repeat(100_000)}\n</div>\n`;
    const started = performance.now();
    renderedView(parse(text), text);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('frontmatterViews', () => {
  const file = (yaml: string) => `---\n${yaml}---\n\nBody.\n`;

  it('reads double-quoted escapes, escaped line breaks and doubled quotes, placed in the file', () => {
    const text = file('a: "x\\x5Fy\\u005Fz"\nb: "one\\\n  two"\nc: \'it\'\'s\'\nd: plain\nnested: {e: ["f\\x5Fg"]}\n');
    const views = frontmatterViews(text, { endOffset: text.indexOf('Body') });
    expect(views.map((view) => view.text)).toEqual(['x_y_z', 'onetwo', "it's", 'f_g']);
    const [escapes, joined] = views;
    expect(source(text, escapes!, 1, 2)).toBe('\\x5F');
    expect(source(text, joined!, 2, 4)).toBe('e\\\n  t');
  });

  it('gives the same views from the YAML the parse just read as from parsing the block again', () => {
    const shapes = [
      file("a: \"x\\x5Fy\"\nb: 'it''s'\n"),
      '---yaml\na: "x\\x5Fy"\n---\nBody.\n',
      '---   \r\na: "x\\x5Fy"\r\nb: "one\\\r\n  two"\r\n---\r\nBody.\r\n',
      '---\na: "x\\x5Fy"\n...\nBody.\n',
      file('a: "x\\x5Fy"\na: "second\\x5F"\n'),
      file('a: "x\\x5Fy"\nb: [\n'),
    ];
    for (const text of shapes) {
      const block = readFrontmatter(text, new LineIndex(text));
      expect(parsedYaml(block), text).toBeDefined();
      const reused = frontmatterViews(text, block);
      const reparsed = frontmatterViews(text, { endOffset: block.endOffset });
      expect(
        reused.map((view) => [view.text, view.sourceStart(0), view.sourceEnd(view.text.length)]),
        text,
      ).toEqual(reparsed.map((view) => [view.text, view.sourceStart(0), view.sourceEnd(view.text.length)]));
      expect(reused.length, text).toBeGreaterThan(0);
    }
  });

  it('has nothing to say without frontmatter, or with a value spelled as written', () => {
    expect(frontmatterViews('Body only.\n', { endOffset: 0 })).toEqual([]);
    const text = file('a: plain\nb: [x, y]\n');
    expect(frontmatterViews(text, { endOffset: text.indexOf('Body') })).toEqual([]);
  });
});

describe('composeViews', () => {
  it('maps a view of a view to the first source', () => {
    const text = 'k: "a\\x26#95;b"';
    const outer = frontmatterViews(`---\n${text}\n---\n`, { endOffset: text.length + 9 })[0]!;
    const inner = resolvedView(outer.text);
    const both = composeViews(outer, inner);
    expect(both.text).toBe('a_b');
    expect(`---\n${text}\n---\n`.slice(both.sourceStart(1), both.sourceEnd(2))).toBe('\\x26#95;');
  });
});
