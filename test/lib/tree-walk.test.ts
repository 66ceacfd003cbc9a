/** The tree walk (src/lib/tree-walk.ts): document order, each node's parent, skipped children, any depth. */
import type { Nodes, Parents, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { skipChildren, walkTree } from '../../src/lib/tree-walk.ts';

/** Every node with its parent, parents first: the order a recursive walk gives. */
function recursiveOrder(node: Nodes, parent?: Parents): Array<[Nodes, Parents | undefined]> {
  return [[node, parent], ...('children' in node ? (node.children as Nodes[]).flatMap((child) => recursiveOrder(child, node)) : [])];
}

const tree = parseMarkdown(
  '# Title\n\nSome *text* with [a **link**](https://example.com).\n\n- one\n- two\n  > quoted `code`\n\n| a | b |\n| - | - |\n| [x](y) | z |\n',
);

describe('walkTree', () => {
  it('enters every node once, parents before children and siblings in order, with its parent', () => {
    const entered: Array<[Nodes, Parents | undefined]> = [];
    walkTree(tree, (node, parent) => void entered.push([node, parent]));
    expect(entered).toEqual(recursiveOrder(tree));
    expect(entered.length).toBeGreaterThan(20);
  });

  it("leaves out a node's children when asked to, and only those", () => {
    const entered: string[] = [];
    walkTree(tree, (node) => {
      entered.push(node.type);
      return node.type === 'link' || node.type === 'list' ? skipChildren : undefined;
    });
    expect(entered).not.toContain('strong');
    expect(entered).not.toContain('listItem');
    expect(entered.filter((type) => type === 'link')).toHaveLength(2);
    expect(entered).toContain('tableCell');
  });

  it('walks a tree nested deeper than a recursive walk could go', () => {
    const root: Root = { type: 'root', children: [] };
    let parent: Parents = root;
    for (let depth = 0; depth < 100_000; depth++) {
      const child: Parents = { type: 'blockquote', children: [] };
      parent.children.push(child as never);
      parent = child;
    }
    let count = 0;
    walkTree(root, () => void count++);
    expect(count).toBe(100_001);
  });
});
