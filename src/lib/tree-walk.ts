/**
 * A walk over a Markdown tree, in document order. unist-util-visit does the same
 * with a closure and a copy of the ancestors' list made for every node: on the
 * rules that walk every report's whole tree (links, time zones), that was most of
 * what they cost. This walk allocates one stack per walk, and is iterative, so a
 * deeply nested tree cannot overflow the call stack.
 */
import type { Nodes, Parents } from 'mdast';

/** What a walk's `enter` returns to leave the node's children out. */
export const skipChildren = 'skip';

/**
 * Calls `enter` on `root` and every node under it, parents before their children
 * and siblings in order (as unist-util-visit does), with the node's parent
 * (`undefined` for the root).
 */
export function walkTree(root: Nodes, enter: (node: Nodes, parent: Parents | undefined) => typeof skipChildren | void): void {
  const nodes: Nodes[] = [root];
  const parents: Array<Parents | undefined> = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (enter(node, parent) === skipChildren || !('children' in node)) continue;
    const children = node.children as Nodes[];
    for (let index = children.length - 1; index >= 0; index--) {
      nodes.push(children[index]!);
      parents.push(node);
    }
  }
}
