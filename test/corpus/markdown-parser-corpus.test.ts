/**
 * Conformance: the parser (satteri, src/lib/markdown-parser.ts) reads every real
 * report in the shared corpus, and every example and sample of this repository,
 * as remark with remark-gfm (micromark, the reference implementation of
 * CommonMark and GFM in JavaScript) reads it: the same nodes, the same values
 * and the same positions. The one known divergence, where a task item's
 * paragraph starts (after the `[ ]` for satteri, at it for micromark), is
 * allowed: nothing reads that position.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { expect, it } from 'vitest';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { corpusFolder, describeWithCorpus, markdownFiles, projectRoot } from './corpus.ts';

const reference = unified().use(remarkParse).use(remarkGfm);

/** A node as compared: its own fields (no `data`), its position as text, its children likewise. */
function comparable(node: Nodes, parent?: Nodes): unknown {
  const { position, children, data: _data, ...fields } = node as Nodes & { children?: Nodes[]; data?: unknown };
  const taskParagraph = node.type === 'paragraph' && parent?.type === 'listItem' && typeof parent.checked === 'boolean';
  const start = position && !taskParagraph ? `${position.start.line}:${position.start.column}/${position.start.offset}` : '';
  const end = position ? `${position.end.line}:${position.end.column}/${position.end.offset}` : '';
  return {
    ...Object.fromEntries(Object.entries(fields).sort(([left], [right]) => (left < right ? -1 : 1))),
    position: `${start}-${end}`,
    ...(children ? { children: children.map((child) => comparable(child, node)) } : {}),
  };
}

/** The files whose trees differ, each with the first place they do. */
function differences(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const ours = JSON.stringify(comparable(parseMarkdown(text)));
    const theirs = JSON.stringify(comparable(reference.parse(text) as Root));
    if (ours === theirs) continue;
    let at = 0;
    while (ours[at] === theirs[at]) at++;
    found.push(`${relative(projectRoot, file)}: …${ours.slice(Math.max(0, at - 80), at + 60)}… vs …${theirs.slice(Math.max(0, at - 80), at + 60)}…`);
  }
  return found;
}

describeWithCorpus('the Markdown parser over the shared corpus', () => {
  it('reads every real report as remark-gfm does, node for node and position for position', () => {
    const files = markdownFiles(corpusFolder);
    expect(files.length).toBeGreaterThan(300);
    expect(differences(files)).toEqual([]);
  });
});

it("reads this repository's sample reports and rule docs (their examples) as remark-gfm does", () => {
  const files = ['postmortems', 'docs'].flatMap((folder) => markdownFiles(join(projectRoot, folder)));
  expect(files.length).toBeGreaterThan(20);
  // A NUL is U+FFFD for both once ours replaces it (docs/rules/file.md shows a binary file).
  expect(differences(files)).toEqual([]);
});
