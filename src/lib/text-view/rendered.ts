/**
 * The text of the rendered page, from the Markdown tree: markup between the
 * halves of a token (`ghp_<!-- -->…`, `ghp_**…**`) joins them, as on the page.
 */
import type { Nodes, Parent, Root } from 'mdast';
import { isSpace, TextViewBuilder, type TextView } from './mapping.ts';
import { appendResolved, isInvisible } from './spellings.ts';

/** Elements whose tags do not break a word: `ghp_<b>…</b>` reads as one token. */
const inlineElements = new Set(
  'a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark q s samp small span strike strong sub sup time tt u var wbr'.split(' '),
);

const tagName = /<\/?([A-Za-z][A-Za-z0-9-]*)/y;

/**
 * Appends the text content of raw HTML (`source.slice(from, to)`) as a browser
 * shows it: comments and inline tags removed (the text around them joins),
 * other tags breaking the text, character references resolved. Attribute values
 * are left to the resolved view of the whole file.
 */
export function appendHtmlText(builder: TextViewBuilder, source: string, from: number, to: number): void {
  const html = source.slice(from, to);
  let position = 0;
  let text = 0;
  // Once a closing `>` or `-->` is missing, no later tag or comment can close either: keeps the scan linear.
  let tagsClose = true;
  let commentsClose = true;
  while (position < html.length) {
    const open = html.indexOf('<', position);
    if (open === -1) break;
    let end = -1;
    let breaks = false;
    if (html.startsWith('<!--', open) && commentsClose) {
      const close = html.indexOf('-->', open + 4);
      if (close === -1) commentsClose = false;
      else end = close + 3;
    } else if (tagsClose) {
      tagName.lastIndex = open;
      const name = tagName.exec(html);
      if (name) {
        const close = html.indexOf('>', open);
        if (close === -1) tagsClose = false;
        else {
          end = close + 1;
          breaks = !inlineElements.has((name[1] ?? '').toLowerCase());
        }
      }
    }
    if (end === -1) {
      position = open + 1;
      continue;
    }
    appendResolved(builder, source, from + text, from + open, { escapes: false });
    if (breaks) builder.separate(from + open);
    position = text = end;
  }
  appendResolved(builder, source, from + text, to, { escapes: false });
}

/** Whether a node has offsets into the file. */
function offsets(node: Nodes): [number, number] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : [start, end];
}

/** The content of a code span in the file (`` `x` `` → `x`), as CommonMark strips it. */
function codeSpanContent(source: string, start: number, end: number): [number, number] {
  let open = start;
  while (open < end && source.charCodeAt(open) === 0x60) open++;
  let close = end;
  while (close > open && source.charCodeAt(close - 1) === 0x60) close--;
  if (close - open >= 2 && source.charAt(open) === ' ' && source.charAt(close - 1) === ' ' && source.slice(open, close).trim() !== '') {
    return [open + 1, close - 1];
  }
  return [open, close];
}

/** Appends the rendered text of phrasing content: text joins across emphasis, links, code spans and inline tags. */
function appendPhrasing(builder: TextViewBuilder, source: string, nodes: readonly Nodes[]): void {
  for (const node of nodes) {
    const span = offsets(node);
    switch (node.type) {
      case 'text':
        if (span) appendResolved(builder, source, span[0], span[1]);
        break;
      case 'inlineCode':
        // A code span is shown as written: only invisible characters vanish.
        if (span) {
          const [from, to] = codeSpanContent(source, span[0], span[1]);
          appendResolved(builder, source, from, to, { escapes: false, references: false, percent: false });
        }
        break;
      case 'html':
        if (span) appendHtmlText(builder, source, span[0], span[1]);
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'link':
      case 'linkReference':
        appendPhrasing(builder, source, node.children);
        break;
      case 'image':
        // The alt attribute holds the label's text with its markup gone (`![ghp_**…**](x.png)` → `ghp_…`):
        // read it whole, mapped to the label, apart from the text around the image.
        if (span && node.alt) {
          builder.separate(span[0]);
          // Invisible characters vanish on the page, as in every other view.
          const alt = Array.from(node.alt, (character) => (isInvisible(character) ? '' : character)).join('');
          builder.replace(alt, span[0] + 2, Math.min(span[1], span[0] + 2 + node.alt.length));
          builder.separate(span[1]);
        }
        break;
      default:
        // A line break, an image or a footnote mark: the text on either side does not join.
        builder.separate(span?.[0] ?? 0);
    }
  }
}

/**
 * Whether markup in phrasing content touches text on both sides (`ghp_**…**`,
 * `` `token`: ``, `a<!-- -->b`): only then does the rendered text join what the
 * file keeps apart. Blocks without such a join read the same in the resolved
 * view of the whole file, and are left out of the rendered one.
 */
function joinsTightly(nodes: readonly Nodes[], source: string): boolean {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    const here = offsets(node);
    const next = nodes[index + 1];
    const there = next && offsets(next);
    if (here && there && !isSpace(source.charCodeAt(here[1] - 1)) && !isSpace(source.charCodeAt(there[0]))) return true;
    // An image whose label is not its alt text as written (markup inside it) reads differently on the page.
    if (node.type === 'image' && here && node.alt && source.slice(here[0] + 2, here[0] + 2 + node.alt.length) !== node.alt) return true;
    if ('children' in node && joinsTightly(node.children as Nodes[], source)) return true;
  }
  return false;
}

/**
 * The rendered text of the body's paragraphs, headings, table cells and raw
 * HTML, where markup can split a token that the page shows whole:
 * `ghp_**…**`, `ghp_<!-- -->…`, ``ghp_`…` ``, `<span>ghp_</span>…`. Blocks
 * are separated by line breaks. Blocks where no markup touches text on both
 * sides are left out: the resolved view of the whole file reads them the same.
 *
 * @param tree the body, parsed with offsets into `source`
 * @param source the file's text
 */
export function renderedView(tree: Root, source: string): TextView {
  const builder = new TextViewBuilder();
  const walk = (node: Nodes): void => {
    const span = offsets(node);
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      if (!joinsTightly(node.children, source)) return;
      appendPhrasing(builder, source, node.children);
      builder.separate(span?.[1] ?? 0);
    } else if (node.type === 'html') {
      if (span) appendHtmlText(builder, source, span[0], span[1]);
      builder.separate(span?.[1] ?? 0);
    } else if ('children' in node) {
      for (const child of (node as Parent).children) walk(child as Nodes);
    }
  };
  walk(tree);
  return builder.build();
}
