/**
 * The plain-YAML reader (src/lib/frontmatter-simple.ts): whatever it reads, it
 * reads as the `yaml` package does (values and places), and it gives up on the
 * rest; it reads the frontmatter reports are usually written in.
 */
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { frontmatterViews } from '../../src/lib/text-view/frontmatter.ts';
import { readSimpleYaml } from '../../src/lib/frontmatter-simple.ts';
import { maxAliasCount, readFrontmatter, yamlFieldPlaces } from '../../src/lib/frontmatter.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { LineIndex } from '../../src/lib/text.ts';
import { scaffoldReport } from '../../src/lib/scaffold.ts';
import { makeConfig } from '../helpers.ts';

/** Where the block starts in the file `---\n<block>---\n`. */
const offset = 4;

/** What `readFrontmatter` gets from the `yaml` package for a block: its values and places, or `undefined` when it has errors. */
function byYamlPackage(block: string) {
  const text = `---\n${block}---\n`;
  const document = parseDocument(block, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) return undefined;
  return { data: document.toJS({ maxAliasCount }) as unknown, fields: yamlFieldPlaces(document, new LineIndex(text), offset) };
}

function bySimpleReader(block: string) {
  return readSimpleYaml(block, new LineIndex(`---\n${block}---\n`), offset);
}

/** Reads as the `yaml` package does, or gives up. */
function expectSameOrNothing(block: string) {
  const simple = bySimpleReader(block);
  if (simple === undefined) return false;
  expect(byYamlPackage(block), block).toEqual(simple);
  return true;
}

describe('readSimpleYaml', () => {
  test("reads a report's usual frontmatter, nested mappings and lists included, with the yaml package's values and places", () => {
    const blocks = [
      'title: UToronto hub logins fail after the AzureAD client secret expired\ndate: 2022-08-31\nstatus: reviewed\nseverity: sev2\n' +
        'timezone: America/Toronto\nimpact:\n  start: 2022-08-31T08:40\n  end: 2022-08-31T11:05\n  detected: 2022-08-31T09:02\n' +
        'services: [utoronto-hub]\ntags: [credentials, azuread, authentication]\nauthors: [alice, bob]\nrelated: []\n',
      'title: "API: down, again"\nservices:\n  - api\n  - "db"\ntags:\n- one\n- two\nmitigated:\nreviewers: [ carol , \'dave\' ]\n\n# a note\nissue: https://github.com/acme/api/issues/1\n',
      'title: Login 500s — after a rotation → fixed ✅\nsummary: a, b and c\n',
      // A comment after a value, and comment lines inside and after a nested mapping (as the template leaves them).
      'impact:\n# between a key and its value\n  start: x\n',
      'title: Migrate to C# 12\nrelated: [acme/ops#890, "acme/api#1"]\nresolution_prs:\n  - acme/ops#12 # merged\n',
      'status: draft  # until reviewed\nimpact:\n  start: 2024-03-01T10:00\n  # detected: 2024-03-01THH:MM\n  end: 2024-03-01T11:00\n  # mitigated: 2024-03-01THH:MM\ntags: [a] # b\n',
    ];
    for (const block of blocks) expect(expectSameOrNothing(block), block).toBe(true);
    const read = bySimpleReader(blocks[1]!)!;
    expect(read.data).toEqual({
      title: 'API: down, again',
      services: ['api', 'db'],
      tags: ['one', 'two'],
      mitigated: null,
      reviewers: ['carol', 'dave'],
      issue: 'https://github.com/acme/api/issues/1',
    });
    // `title: "API…"` on line 2 of the file: the value's place spans its quotes.
    expect(read.fields.title).toEqual({
      key: { start: { line: 2, column: 1, offset: 4 }, end: { line: 2, column: 6, offset: 9 } },
      value: { start: { line: 2, column: 8, offset: 11 }, end: { line: 2, column: 26, offset: 29 } },
    });
  });

  test('reads the frontmatter `hindsight new` writes and the examples of the rules', () => {
    const files = [
      scaffoldReport(undefined, { title: 'API down', date: '2024-03-01', severity: 'sev2', services: ['api'] }, makeConfig()),
      report(),
      report({ extra: 'repeat_of: [2024-03-01-api]\n' }),
    ];
    for (const file of files) {
      const block = /^---\n([\s\S]*?\n)---\n/.exec(file)![1]!;
      expect(expectSameOrNothing(block), block).toBe(true);
    }
  });

  test('gives up on what it does not read exactly as YAML does', () => {
    const refused = [
      'count: 3\n', // a number
      'draft: true\n', // a boolean
      'nothing: ~\n',
      'title: "a\\u0041"\n', // an escape
      "title: 'it''s'\n",
      'title: a\n  continued\n', // a multi-line plain scalar
      'note: |\n  text\n', // a block scalar
      'base: &base x\nother: *base\n', // an anchor and an alias
      'tagged: !!str 1\n',
      'title: a\ntitle: b\n', // a duplicate key (an error for the yaml package)
      'watch:\n  - name: cert\n    expires: 2025-01-01\n', // a list of mappings
      'impact:\n  start: x\n    deeper: y\n',
      'title: a\r\n',
      'title:\ta\n',
      'map: {a: 1}\n',
      'list: [a, [b]]\n',
      '? complex\n: key\n',
      'title: [a\n',
      '',
    ];
    for (const block of refused) expect(bySimpleReader(block), block).toBeUndefined();
  });

  test('reads as the yaml package does, or gives up, on generated blocks', () => {
    const key = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('title', 'date', 'status', 'impact', 'services', 'tags', 'start', 'end', 'a', 'b-c', 'x_y') },
      { weight: 1, arbitrary: fc.constantFrom('true', 'null', '__proto__', '1', 'é', 'a b', '"q"', '-a') },
    );
    const plain = fc.constantFrom(
      'api',
      'sev2',
      '2024-03-01',
      '08:40',
      '2024-01-01T08:00',
      'Foo bar',
      'a, b',
      'x:y',
      'https://x.test/a?b=1',
      'é → ✅',
      "it's",
      'a  b',
      'acme/ops#890',
    );
    const tricky = fc.constantFrom(
      ...['x: y', 'x:', '#x', 'a #b', 'a# b', 'C# 12', '"q"', "'q'", '"a,b"', '"a b" ', '"a\'b"', '"a\\"b"', '"a #b"', "'a''b'"],
      ...['~', 'null', 'Null', 'true', 'FALSE', '1', '-1', '+1', '1.5', '.5', '1e3', '.inf', '.NaN', '0x1F', '0o17', '012'],
      ...['[a]', 'a]', '{a}', '{a: b}', '|', '>', '&a', '*a', '!t', '%', '@x', '`x`', '-', '- x', '?x', ':x', ' ', '', '\ta'],
      // Spaces YAML does not trim, and characters it does not allow or reads its own way.
      ...['a\u00a0', '\u00a0a', 'a\u3000', 'a\u00a0#b', 'a:\u00a0b', 'a\u2028b', 'a\x01b', 'a\x85b', '\ufeffa', 'a\ud800', '🔥 a', 'a\vb'],
    );
    const value = fc.oneof({ weight: 4, arbitrary: plain }, { weight: 2, arbitrary: tricky });
    const comment = fc.constantFrom('', '', '', '  # a note', ' #x', '#x', ' # ');
    const items = fc.tuple(fc.array(value, { maxLength: 4 }), fc.constantFrom(',', ', ', ' , ')).map(([parts, separator]) => parts.join(separator));
    const indent = fc.constantFrom('  ', '  ', '    ', '', ' ');
    const trivia = fc.constantFrom('', '# c', '  # c', '    # deep', '   ');
    const entry = fc.oneof(
      fc.tuple(key, value, comment).map(([name, text, note]) => `${name}: ${text}${note}`),
      key.map((name) => `${name}:`),
      fc.tuple(key, fc.constantFrom(' ', '  # x')).map(([name, after]) => `${name}:${after}`),
      fc.tuple(key, items, comment).map(([name, list, note]) => `${name}: [${list}]${note}`),
      fc
        .tuple(
          key,
          indent,
          fc.array(
            fc.oneof(
              { weight: 5, arbitrary: fc.tuple(key, value, comment).map(([name, text, note]) => `${name}: ${text}${note}`) },
              { weight: 1, arbitrary: trivia },
            ),
            { minLength: 1, maxLength: 4 },
          ),
          fc.boolean(),
        )
        .map(
          ([name, space, lines, ragged]) => `${name}:\n${lines.map((line, position) => `${ragged && position === 1 ? ' ' : ''}${space}${line}`).join('\n')}`,
        ),
      fc
        .tuple(
          key,
          indent,
          fc.array(fc.oneof({ weight: 5, arbitrary: fc.tuple(value, comment).map(([text, note]) => `- ${text}${note}`) }, { weight: 1, arbitrary: trivia }), {
            minLength: 1,
            maxLength: 4,
          }),
        )
        .map(([name, space, lines]) => `${name}:\n${lines.map((line) => `${space}${line}`).join('\n')}`),
      trivia,
      fc.constantFrom('  stray: line', '    deeper', '- loose', '\tkey: tab'),
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), (entries) => {
        if (expectSameOrNothing(`${entries.join('\n')}\n`)) read++;
      }),
      { numRuns: 10000, seed: 20261130 },
    );
    // Enough of the generated blocks are read for the comparison to mean something.
    expect(read).toBeGreaterThan(600);
  });

  test('reads every frontmatter of the sample reports and the fixtures it can, as the yaml package does', async () => {
    const { globSync } = await import('node:fs');
    let read = 0;
    for (const path of globSync(['postmortems/**/*.md', 'test/fixtures/**/*.md'])) {
      const text = await readFile(path, 'utf8');
      const block = /^---\n([\s\S]*?\n)---\n/.exec(text)?.[1];
      if (block !== undefined && expectSameOrNothing(block)) read++;
    }
    expect(read).toBeGreaterThan(5);
  });
});

describe('readFrontmatter with the plain-YAML reader', () => {
  test('finds no credential view to add for a block it read (every value is spelled as written)', () => {
    const text = report();
    const block = readFrontmatter(text, new LineIndex(text));
    expect(block.problems).toEqual([]);
    expect(frontmatterViews(text, block)).toEqual([]);
    // The same block, read again without the parse that just happened on this thread.
    expect(frontmatterViews(text, { endOffset: block.endOffset })).toEqual([]);
  });

  test('still reads a block it gives up on with the yaml package, its views included', () => {
    const text = report({ extra: 'secret_note: "ghp\\u005Fabc"\n' });
    const block = readFrontmatter(text, new LineIndex(text));
    expect(block.data).toMatchObject({ secret_note: 'ghp_abc' });
    expect(frontmatterViews(text, block)).toHaveLength(1);
  });
});
