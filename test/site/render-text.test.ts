/**
 * `renderText` (src/lib/render.ts): the text a reader sees of Markdown, used for
 * summaries. Paragraphs of plain inline Markdown are read without rendering; the
 * text must be exactly what rendering and sanitizing gives.
 */
import { readFileSync } from 'node:fs';
import type { Root, RootContent } from 'mdast';
import { expect, test } from 'vitest';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { renderText } from '../../src/lib/render.ts';
import { describeWithCorpus, markdownFiles, corpusFolder } from '../corpus/corpus.ts';

/** An HTML comment: no text once sanitized, and it makes `renderText` render the tree. */
const comment: RootContent = { type: 'html', value: '<!-- rendered -->' };

/** `renderText` of the tree rendered through HTML, as for any tree with raw HTML. */
const rendered = (tree: Root) => renderText({ type: 'root', children: [...tree.children, comment] });

test.each([
  ['plain text over lines', 'The API   returned\nerrors for   every request.'],
  [
    'emphasis, strong, strikethrough, code and links',
    'The *API* **failed**: ~~all~~ `GET /v1` calls to [the gateway](https://example.com "title") and <https://status.example.com>.',
  ],
  ['two paragraphs', 'First paragraph.\n\nSecond *one*.'],
  ['a link whose address the sanitizer removes', 'See [this](javascript:alert(1)) page.'],
  ['an empty-looking paragraph', '**  **\n\nText.'],
])('reads %s as rendering gives it', (_name, markdown) => {
  const tree = parseMarkdown(markdown);
  expect(renderText(tree)).toBe(rendered(tree));
});

test('renders what is not plain text: raw HTML, images, footnote references, hard breaks', () => {
  expect(renderText(parseMarkdown('The <script>alert(1)</script>API <b>failed</b>.'))).toBe('The API failed.');
  expect(renderText(parseMarkdown('A ![graph of errors](errors.png) graph.'))).toBe('A graph.');
  expect(renderText(parseMarkdown('Line one  \nline two.'))).toBe('Line one line two.');
  expect(renderText(parseMarkdown('Undefined [link][nowhere].'))).toBe('Undefined [link][nowhere].');
});

describeWithCorpus('renderText on the corpus', () => {
  test('gives every paragraph of every real report the same text as rendering it (when it holds no raw HTML)', () => {
    let paragraphs = 0;
    for (const file of markdownFiles(corpusFolder)) {
      const tree = parseMarkdown(readFileSync(file, 'utf8'));
      for (const node of tree.children) {
        if (node.type !== 'paragraph') continue;
        const one: Root = { type: 'root', children: [node] };
        expect(renderText(one), `${file}:${node.position?.start.line}`).toBe(rendered(one));
        paragraphs++;
      }
    }
    expect(paragraphs).toBeGreaterThan(500);
  });
});
