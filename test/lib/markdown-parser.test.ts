import type { Root, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { walkTree } from '../../src/lib/tree-walk.ts';

/** The types of a tree's nodes, depth first. */
function types(node: Root | RootContent): string[] {
  return [node.type, ...('children' in node ? node.children.flatMap((child) => types(child)) : [])];
}

/** The first node of a type, depth first. */
function first<Type extends RootContent['type']>(node: Root | RootContent, type: Type): Extract<RootContent, { type: Type }> | undefined {
  if (node.type === type) return node as Extract<RootContent, { type: Type }>;
  if (!('children' in node)) return undefined;
  for (const child of node.children) {
    const found = first(child, type);
    if (found) return found;
  }
  return undefined;
}

describe('parseMarkdown', () => {
  it("reads GitHub's extensions: tables, task lists, strikethrough, footnotes and autolinked addresses", () => {
    const tree = parseMarkdown(
      '| Time | Event |\n|---|---|\n| 10:00 | down |\n\n- [x] done\n- [ ] open\n\n~~gone~~ and www.example.com and ops@example.com[^1]\n\n[^1]: A note.\n',
    );
    expect(types(tree)).toEqual(expect.arrayContaining(['table', 'tableRow', 'tableCell', 'delete', 'footnoteReference', 'footnoteDefinition', 'link']));
    expect(first(tree, 'list')?.children.map((item) => item.checked)).toEqual([true, false]);
    const links: string[] = [];
    walkTree(tree, (node) => void (node.type === 'link' && links.push(node.url)));
    expect(links).toEqual(['http://www.example.com', 'mailto:ops@example.com']);
  });

  it('gives every node the line, column and offset of its source, columns counted in UTF-16 code units as editors and micromark do', () => {
    const text = 'Intro\r\n\r\n🙂 **bold** `code`\n';
    const tree = parseMarkdown(text);
    const strong = first(tree, 'strong')!;
    expect(strong.position?.start).toEqual({ line: 3, column: 4, offset: 12 });
    expect(text.slice(strong.position!.start.offset, strong.position!.end.offset)).toBe('**bold**');
    const code = first(tree, 'inlineCode')!;
    expect(text.slice(code.position!.start.offset, code.position!.end.offset)).toBe('`code`');
  });

  it('turns on nothing a report on GitHub would show as plain text: no frontmatter, math, smart quotes or heading attributes', () => {
    const tree = parseMarkdown('---\ntitle: x\n---\n\n"Quoted" -- $x^2$ and :smile:\n\n## Heading {#id}\n');
    expect(types(tree)).not.toContain('yaml');
    expect(types(tree)).not.toContain('inlineMath');
    const paragraph = tree.children.find((node) => node.type === 'paragraph');
    expect(paragraph && first(paragraph, 'text')?.value).toBe('"Quoted" -- $x^2$ and :smile:');
    expect(first(tree.children.at(-1)!, 'text')?.value).toBe('Heading {#id}');
  });

  it('reads a NUL character as U+FFFD, one for one, so positions stay those of the text', () => {
    const tree = parseMarkdown('a\0b *c*');
    expect(first(tree, 'text')?.value).toBe('a\uFFFDb ');
    expect(first(tree, 'emphasis')?.position?.start.offset).toBe(4);
  });

  it('returns plain data, the same after a JSON round trip and a structured clone (the cache and the parse threads)', () => {
    const tree = parseMarkdown('# Title\n\n- [ ] item with a [link](https://example.com "t")\n\n| a |\n|:-:|\n| b |\n');
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
    expect(structuredClone(tree)).toEqual(tree);
  });
});
