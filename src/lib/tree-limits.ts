/**
 * A parsed report's tree against the limits (limits.ts): how deep its Markdown
 * containers and its raw HTML nest, and how many elements its page would hold.
 * The parser drops a tree over them (a `file` error); the renderer refuses one
 * before it starts, as its hast and HTML utilities recurse and a deep enough tree
 * would overflow the stack. The walk itself is iterative for the same reason.
 */
import type { Nodes, Root } from 'mdast';
import { HtmlNestingModel } from './html-nesting.ts';
import { limits, partialCheckNote, type LimitProblem } from './limits.ts';
import { formatCount, type Place } from './text.ts';

/** Markdown nodes that nest, by the name messages give their nesting. */
const nestingKinds: Readonly<Record<string, string>> = {
  list: 'list',
  blockquote: 'block quote',
  footnoteDefinition: 'footnote',
  emphasis: 'emphasis',
  strong: 'emphasis',
  delete: 'strikethrough',
  link: 'link',
  linkReference: 'link',
};

/** The start of the file: the place of a problem in a node without a position. */
const origin = { line: 1, column: 1, offset: 0 };

/** The place of a node, or the start of the file when it has none. */
function placeOf(node: Nodes | undefined): Place {
  const position = node?.position;
  return position ? { start: position.start, end: position.end } : { start: origin, end: origin };
}

/**
 * Measures a parsed body against the nesting and size limits, without recursion
 * (that is what the limits protect): how deep its Markdown containers nest, how
 * deep its raw HTML nests and how many elements the page would hold.
 *
 * @returns the first limit it exceeds, or `undefined` when it renders safely
 */
export function treeLimitProblem(tree: Root): LimitProblem | undefined {
  let nodes = 0;
  let deepest = 0;
  let deepestPath: Nodes[] = [];
  const containers: Nodes[] = [];
  const html = new HtmlNestingModel();
  let htmlPlace: Place | undefined;
  // Depth-first, in document order (raw HTML is one stream to the HTML parser): each entry is a node and whether it is being left.
  const stack: [Nodes, boolean][] = [[tree, false]];
  while (stack.length > 0) {
    const [node, leaving] = stack.pop()!;
    if (leaving) {
      containers.pop();
      continue;
    }
    nodes++;
    html.node();
    if (node.type === 'html') {
      html.read(node.value);
      if (htmlPlace === undefined && html.maxDepth > limits.htmlNesting) htmlPlace = placeOf(node);
    }
    if (nestingKinds[node.type] !== undefined) {
      containers.push(node);
      stack.push([node, true]);
      if (containers.length > deepest) {
        deepest = containers.length;
        if (deepest > limits.nesting) deepestPath = containers.slice();
      }
    }
    if ('children' in node) for (let child = node.children.length - 1; child >= 0; child--) stack.push([node.children[child]!, false]);
  }
  if (deepest > limits.nesting) {
    const kinds = [...new Set(deepestPath.map((node) => nestingKinds[node.type]!))];
    const kind = kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
    const place = placeOf(deepestPath[limits.nesting]);
    return {
      message: `Unexpected ${kind} nesting ${formatCount(deepest)} levels deep at line ${place.start.line}, expected at most ${limits.nesting}; ${partialCheckNote}`,
      place,
    };
  }
  if (htmlPlace) {
    return {
      message: `Unexpected HTML elements nested ${html.maxDepth > limits.htmlNesting ? `more than ${limits.htmlNesting}` : formatCount(html.maxDepth)} levels deep at line ${htmlPlace.start.line}, expected at most ${limits.htmlNesting}; ${partialCheckNote}`,
      place: htmlPlace,
    };
  }
  const elements = nodes + html.elements();
  if (elements > limits.elements) {
    const reopened = html.reopenCost > nodes ? ' (unclosed formatting tags such as `<b>` are reopened in every later block)' : '';
    return {
      message: `Unexpected body of about ${formatCount(elements)} Markdown and HTML elements${reopened}, expected at most ${formatCount(limits.elements)}; ${partialCheckNote}`,
      place: placeOf(tree.children[0]),
    };
  }
  return undefined;
}

/** A tree over the limits, met by the renderer: the parser never returns one, so it was made or stored elsewhere. */
export class LimitError extends Error {
  /** The limit the tree exceeds. */
  readonly problem: LimitProblem;

  constructor(problem: LimitProblem) {
    super(
      `Unexpected Markdown tree over the limits the check enforces (${problem.message.replace(/; only .*$/, '')}), expected a report parsed by \`hindsight check\``,
    );
    this.name = 'LimitError';
    this.problem = problem;
  }
}

/**
 * Throws a `LimitError` for a tree the site must not render (too deep for the
 * recursive hast utilities, or too large): checked before rendering starts.
 */
export function assertWithinLimits(tree: Root): void {
  const problem = treeLimitProblem(tree);
  if (problem) throw new LimitError(problem);
}
