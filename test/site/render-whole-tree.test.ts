/**
 * `behindOneNode` (src/lib/render.ts): a body is handed to remark-rehype behind
 * one node, so that mdast-util-to-hast does not walk it with unist-util-visit
 * to find its definitions; our handler finds them. The hast must be the same as
 * when the tree is handed over whole: definitions found wherever they are, the
 * first of an id winning, footnotes numbered and listed the same.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { hastBothWays } from '../../src/lib/render.ts';
import { corpusFolder, describeWithCorpus, markdownFiles } from '../corpus/corpus.ts';

test.each([
  ['link and image references', 'See [the runbook][runbook] and ![the graph][graph].\n\n[runbook]: https://example.com/runbook\n[graph]: graph.png "Errors"\n'],
  [
    'the first of two definitions of a label, in any case',
    'See [the runbook][RunBook].\n\n[runbook]: https://example.com/first\n[RUNBOOK]: https://example.com/second\n',
  ],
  [
    'definitions inside a block quote, a list and a footnote',
    '> [quoted]: https://example.com/quoted\n\n- item\n\n  [listed]: https://example.com/listed\n\nText[^note] with [quoted] and [listed] and [inner].\n\n[^note]: A note.\n\n    [inner]: https://example.com/inner\n',
  ],
  [
    'footnotes referred to twice, out of order, and one defined twice',
    'First[^b], second[^a], again[^b].\n\n[^a]: Note a.\n[^b]: Note b.\n[^b]: Note b again.\n',
  ],
  ['a reference with no definition', 'Undefined [link][nowhere] and [^missing].\n'],
  ['a hard break before text', 'Line one\\\n  line two  \n*three*\n'],
  ['raw HTML, a table and a task list', '<div class="x">raw</div>\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n'],
  ['nothing', ''],
])('converts %s as mdast-util-to-hast does with the whole tree', (_name, markdown) => {
  const { whole, behindOneNode } = hastBothWays(parseMarkdown(markdown));
  expect(behindOneNode).toEqual(whole);
});

test('finds a definition that only the walk can find: one nested in a footnote, used before it', () => {
  const { whole, behindOneNode } = hastBothWays(parseMarkdown('Use [deep][] here[^n].\n\n[^n]: Note.\n\n    > [deep]: https://example.com/deep\n'));
  expect(behindOneNode).toEqual(whole);
  expect(JSON.stringify(behindOneNode)).toContain('https://example.com/deep');
});

describeWithCorpus('converting the corpus behind one node', () => {
  test('gives every real report the same hast as handing its tree over whole', () => {
    let reports = 0;
    for (const file of markdownFiles(corpusFolder)) {
      const { whole, behindOneNode } = hastBothWays(parseMarkdown(readFileSync(file, 'utf8')));
      expect(behindOneNode, file).toEqual(whole);
      reports++;
    }
    expect(reports).toBeGreaterThan(20);
  });
});
