/**
 * The raw HTML side of the tree limits (tree-limits.ts): how deep the HTML parser
 * (parse5, through rehype-raw) will nest a report's raw HTML and how many elements
 * it will make, known without parsing it. The renderer's hast and HTML utilities
 * recurse, so this must be known before anything is rendered; a linear scan of the
 * tags, with the few HTML rules that change nesting (implied end tags, void
 * elements, reopened formatting elements), is enough and cannot itself overflow.
 */
import { limits } from './limits.ts';

/** Elements with no content and no end tag. */
const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Formatting elements: the HTML parser reopens them after a block that closed them (the "active formatting elements"). */
const formattingElements = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** Elements an end tag may close without their own end tag ("generate implied end tags"). */
const impliedEnd = new Set(['p', 'li', 'dd', 'dt', 'option', 'optgroup', 'rb', 'rp', 'rt', 'rtc']);
/** Start tags that close an open `p` (HTML's "close a p element" steps). */
const closesParagraph = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'dd',
  'dt',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'search',
  'section',
  'summary',
  'table',
  'ul',
  'xmp',
]);
/** Start tags that close an open element of the same group right above them. */
const closesSibling: Readonly<Record<string, ReadonlySet<string>>> = {
  li: new Set(['li']),
  dd: new Set(['dd', 'dt']),
  dt: new Set(['dd', 'dt']),
  option: new Set(['option']),
  optgroup: new Set(['option', 'optgroup']),
  td: new Set(['td', 'th']),
  th: new Set(['td', 'th']),
  tr: new Set(['td', 'th', 'tr']),
};
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const paragraph: ReadonlySet<string> = new Set(['p']);
/** The most times the HTML parser keeps one formatting element (same name and attributes) to reopen ("Noah's Ark"). */
const reopenedCopies = 3;
/** The most elements one misnested formatting end tag makes the HTML parser create (the adoption agency: 8 rounds of at most 4). */
const adoptionClones = 32;

/**
 * A conservative model of how deep the HTML parser (parse5, through rehype-raw)
 * nests a report's raw HTML and how many elements it makes: every start tag
 * opens an element, an end tag closes only the element on top (after the ones
 * HTML closes implicitly, such as an open `p` or `li`), and the formatting
 * elements left open count again for every later tag and node, where the parser
 * may reopen them. It does not count fewer levels than the parser builds (but
 * for the `tbody` and `tr` it adds to a bare table, which the renderer's margin
 * covers: it handles trees well over ten times as deep as the limit), so a
 * report within its limits renders; misnested HTML may count more.
 */
export class HtmlNestingModel {
  /** The open elements, innermost last; not tracked past the nesting limit (the answer is known then). */
  private readonly open: string[] = [];
  /** Open formatting elements the parser may reopen, by name and attributes. */
  private readonly formatting = new Map<string, number>();
  private readonly formattingKeys = new Map<string, string[]>();
  /** Elements opened inside `<svg>` or `<math>`, where `<x/>` closes itself. */
  private foreign = 0;
  /** Tags read, start and end. */
  tags = 0;
  /** Formatting end tags that do not close the element on top: each may make the parser clone elements. */
  misnestedFormattingEnds = 0;
  /** Open formatting elements (at most three alike): the parser may reopen each after a block closes it. */
  reopenable = 0;
  /** Elements the parser may create by reopening formatting elements: `reopenable` at each later tag, node or text. */
  reopenCost = 0;
  /** The most elements open at once. */
  maxDepth = 0;

  /**
   * The most elements the HTML parser may make of the raw HTML read: one per tag, the
   * clones of the misnested formatting end tags, and the formatting elements it reopens.
   */
  elements(): number {
    return this.tags + adoptionClones * this.misnestedFormattingEnds + this.reopenCost;
  }

  /** Counts a Markdown node read while formatting elements are open: the parser may reopen them inside it. */
  node(): void {
    this.reopenCost += this.reopenable;
  }

  /** Reads the tags of one raw HTML node, in order. Linear: every scan moves forward. */
  read(html: string): void {
    let position = 0;
    for (;;) {
      position = html.indexOf('<', position);
      if (position === -1 || position + 1 >= html.length) return;
      const next = html.charCodeAt(position + 1);
      if (html.startsWith('<!--', position)) {
        // `<!-->` and `<!--->` end at once; `--!>` ends a comment like `-->` (HTML's tokenizer does the same).
        if (html.startsWith('<!-->', position)) position += 5;
        else if (html.startsWith('<!--->', position)) position += 6;
        else {
          const close = firstOf(html, ['-->', '--!>'], position + 4);
          if (close === undefined) return;
          position = close;
        }
      } else if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        const close = html.indexOf('>', position);
        if (close === -1) return;
        position = close + 1;
      } else if (next === 0x2f /* / */) {
        const name = tagNameAt(html, position + 2);
        const close = html.indexOf('>', position);
        if (close === -1) return;
        if (name) this.end(name);
        position = close + 1;
      } else if (isAsciiLetter(next)) {
        const name = tagNameAt(html, position + 1)!;
        const end = startTagEnd(html, position + 1 + name.length);
        // A start tag that never closes is dropped by the HTML parser.
        if (end === undefined) return;
        this.start(name, html.slice(position + 1 + name.length, end.attributesEnd), end.selfClosing);
        position = end.next;
      } else {
        position += 1;
      }
    }
  }

  private start(name: string, attributes: string, selfClosing: boolean): void {
    this.tags++;
    this.reopenCost += this.reopenable;
    if (this.maxDepth > limits.htmlNesting) return;
    if (closesParagraph.has(name)) this.closeImplied(paragraph);
    // A report's tag names are anything (`<constructor>`): only the table's own entries close a sibling.
    const siblings = Object.hasOwn(closesSibling, name) ? closesSibling[name] : undefined;
    if (siblings) this.closeImplied(siblings);
    if (headings.has(name) && headings.has(this.open.at(-1) ?? '')) this.pop();
    if (voidElements.has(name) || (selfClosing && this.foreign > 0)) return;
    this.open.push(name);
    if (this.foreign > 0 || name === 'svg' || name === 'math') this.foreign++;
    this.maxDepth = Math.max(this.maxDepth, this.open.length);
    if (formattingElements.has(name)) {
      const key = `${name} ${attributes.trim().replace(/\s+/g, ' ').toLowerCase()}`;
      const copies = this.formatting.get(key) ?? 0;
      this.formatting.set(key, copies + 1);
      const keys = this.formattingKeys.get(name) ?? [];
      keys.push(key);
      this.formattingKeys.set(name, keys);
      if (copies < reopenedCopies) this.reopenable++;
    }
  }

  private end(name: string): void {
    this.tags++;
    this.reopenCost += this.reopenable;
    if (formattingElements.has(name)) {
      const key = this.formattingKeys.get(name)?.pop();
      if (key !== undefined) {
        const copies = this.formatting.get(key) ?? 1;
        this.formatting.set(key, copies - 1);
        if (copies <= reopenedCopies) this.reopenable--;
      }
      // A misnested formatting end tag runs the adoption agency, which may clone elements; only an exact match is closed here.
      if (this.open.at(-1) === name) this.pop();
      else this.misnestedFormattingEnds++;
      return;
    }
    // Implied end tags (an open `p` or `li`) close first, but only if the element itself is right below them.
    let top = this.open.length - 1;
    while (top >= 0 && impliedEnd.has(this.open[top]!) && this.open[top] !== name) top--;
    if (top < 0 || this.open[top] !== name) return;
    while (this.open.length > top) this.pop();
  }

  /** Closes the elements of `names` on top (after implied ones), as a new sibling does: `<tr>` closes an open cell, then its row. */
  private closeImplied(names: ReadonlySet<string>): void {
    for (;;) {
      let top = this.open.length - 1;
      while (top >= 0 && impliedEnd.has(this.open[top]!) && !names.has(this.open[top]!)) top--;
      if (top < 0 || !names.has(this.open[top]!)) return;
      while (this.open.length > top) this.pop();
    }
  }

  private pop(): void {
    this.open.pop();
    if (this.foreign > 0) this.foreign--;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The lower-cased tag name at `position` (HTML's tokenizer: a letter, then anything up to a space, `/` or `>`). */
function tagNameAt(html: string, position: number): string | undefined {
  if (!isAsciiLetter(html.charCodeAt(position))) return undefined;
  let end = position + 1;
  while (end < html.length && !/[\s/>]/.test(html.charAt(end))) end++;
  return html.slice(position, end).toLowerCase();
}

/** Where a start tag's attributes end and the tag closes, reading quoted values as HTML does; `undefined` when it never closes. */
function startTagEnd(html: string, position: number): { attributesEnd: number; next: number; selfClosing: boolean } | undefined {
  let at = position;
  while (at < html.length) {
    const character = html.charAt(at);
    if (character === '>') return { attributesEnd: at, next: at + 1, selfClosing: html.charAt(at - 1) === '/' };
    if (character === '"' || character === "'") {
      // A quote opens a value only after `=`; elsewhere it is part of a name, which is harmless to read as a value.
      const close = html.indexOf(character, at + 1);
      if (close === -1) return undefined;
      at = close + 1;
    } else {
      at++;
    }
  }
  return undefined;
}

/** The offset just past the first of `needles` found from `from`. */
function firstOf(text: string, needles: readonly string[], from: number): number | undefined {
  let best: number | undefined;
  for (const needle of needles) {
    const found = text.indexOf(needle, from);
    if (found !== -1 && (best === undefined || found + needle.length < best)) best = found + needle.length;
  }
  return best;
}
