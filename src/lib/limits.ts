/**
 * The limits of a report, shared by the check and the site: what `check` accepts,
 * the build renders.
 *
 * The parser measures a report against these limits before parsing its Markdown
 * (markdown-budget.ts: a linear scan of the source) and after (`treeLimitProblem`,
 * a walk of the tree); a report over one gets a `file` error, its tree is dropped
 * and only its frontmatter and credentials are checked. The site's loader stores
 * only reports within the limits, and its renderer refuses any tree over them
 * before it starts (`assertWithinLimits`): its hast and HTML utilities recurse, so
 * a deep enough tree would overflow the stack.
 *
 * The budget is counts, not a clock: a time limit would let the same report pass
 * on a fast machine and fail on a busy CI runner. Each count bounds a cost that was
 * measured: micromark is superlinear in emphasis markers, brackets, backtick runs
 * and lines of one paragraph, and in list markers on one line, and costs a few
 * hundred bytes of memory per byte of Markdown; the counts keep the worst report
 * within them to about a second of parsing (test/hardening/limits.test.ts).
 * The largest real postmortem we know is 24 KB and 383 lines, so every limit is
 * far above what a report needs.
 */
import type { Nodes, Root } from 'mdast';
import { literal, type Place } from './text.ts';

/** The limits, each with what it bounds. */
export const limits = {
  /** Characters of the frontmatter block: the YAML parser takes seconds and gigabytes for a few megabytes. */
  frontmatterCharacters: 64 * 1024,
  /** Characters of the Markdown body, code blocks included. */
  bodyCharacters: 1024 * 1024,
  /** Lines of the body, code blocks included (each costs micromark a few tokens). */
  bodyLines: 20_000,
  /** Characters of Markdown outside code blocks. */
  markdownCharacters: 256 * 1024,
  /**
   * Lines of Markdown outside code blocks, each counted `1 + depth / 8` for a line
   * nested `depth` levels (micromark re-checks every open container on every line).
   */
  markdownLines: 5_000,
  /** Lines of one paragraph (or table) without a blank line: micromark merges their text in quadratic time. */
  paragraphLines: 2_000,
  /** Emphasis markers (`*`, `_`, `~`) in one paragraph: resolving emphasis is quadratic in them. */
  paragraphEmphasis: 1_000,
  /** Emphasis markers in the whole body. */
  emphasis: 10_000,
  /** Brackets (`[`, `]`) in one paragraph: resolving links is quadratic in them. */
  paragraphBrackets: 500,
  /** Brackets in the whole body. */
  brackets: 10_000,
  /** Runs of backticks in one paragraph: each unmatched run scans the rest of the paragraph. */
  paragraphBacktickRuns: 200,
  /** Lists and block quotes that start: micromark's cost grows with their number times the whole body. */
  containers: 1_000,
  /** Footnote marks (`[^`), references and definitions. */
  footnotes: 1_000,
  /** Link and footnote definitions (`[label]: …`). */
  definitions: 1_000,
  /** Table cell separators (`|`) outside code blocks. */
  tableCells: 10_000,
  /** Raw HTML tags outside code blocks. */
  htmlTags: 10_000,
  /** Levels of Markdown nesting: lists, block quotes, footnotes, emphasis and links inside each other. */
  nesting: 64,
  /** Levels of raw HTML elements inside each other. */
  htmlNesting: 64,
  /** Markdown nodes and HTML elements (an upper bound of what the page's HTML holds). */
  elements: 50_000,
} as const;

/** A limit a report exceeds: what is over, and where. */
export interface LimitProblem {
  /** "Unexpected X, expected Y", saying what the limit is. */
  message: string;
  /** Where the limit was crossed. */
  place: Place;
}

/**
 * The rules that still run on a report over a limit: its text and frontmatter
 * are read in full (a credential in a huge paste must still stop it), its
 * Markdown is not, so the rules that read the body would only report what is
 * missing from an empty one.
 */
export const partialCheckRules: ReadonlySet<string> = new Set(['file', 'frontmatter', 'secret', 'reference']);

/** What the check did with a report over a limit, appended to each limit's message. */
export const partialCheckNote = 'only its frontmatter and credentials were checked';

/** `12,345`, as messages write counts. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `5.8 MiB`, `64 KiB`: a size as messages write it. */
export function formatSize(characters: number): string {
  if (characters >= 1024 * 1024) return `${trimZero((characters / 1024 / 1024).toFixed(1))} MiB`;
  if (characters >= 1024) return `${trimZero((characters / 1024).toFixed(1))} KiB`;
  return `${formatCount(characters)} characters`;
}

/**
 * A size over a limit and the limit, as messages write them: rounded, unless the
 * rounding would make them read the same (`1 MiB, expected at most 1 MiB`).
 */
export function formatSizes(size: number, limit: number): [string, string] {
  const [written, most] = [formatSize(size), formatSize(limit)];
  return written === most ? [`${formatCount(size)} characters`, `${formatCount(limit)}`] : [written, most];
}

function trimZero(value: string): string {
  return value.endsWith('.0') ? value.slice(0, -2) : value;
}

// ---------------------------------------------------------------------------
// Report ids: the file name is the page's URL

/** A report id that makes a URL path segment and a file name on every system. */
const idPattern = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}._ -]*$/u;
const disallowed = /[^\p{L}\p{M}\p{N}._ -]/u;
const markdownExtension = /\.(md|markdown)$/i;

/** A character as a message names it: itself, or its code when it is invisible or a control. */
function characterName(character: string): string {
  if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character)) return literal(character);
  const code = character.codePointAt(0) ?? 0;
  return `\`U+${code.toString(16).toUpperCase().padStart(4, '0')}\``;
}

/** A name for the file that the id rule accepts, from the one it refuses. */
function suggestedName(id: string, extension: string): string {
  const cleaned = id
    .replace(new RegExp(disallowed.source, 'gu'), '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^\p{L}\p{N}_]+/u, '')
    .replace(/[.-]+$/, '');
  return `${cleaned || '2024-03-01-short-title'}${extension}`;
}

/**
 * Why a report's file name cannot be its id, or `undefined` when it can. The id
 * (the name without `.md`) is the report's URL (`/postmortems/<id>/`), its page's
 * folder in `dist/` and what `repeat_of` names: letters and digits of any script,
 * `-`, `_` and `.`, starting with a letter, a digit or `_`, not ending with `.`.
 * `?` and `#` would end the URL's path, `%` would be read as an escape, `/` and
 * `\` are folders, a leading `.` makes a hidden or `..` folder, control
 * characters and other white space break links and logs. A plain space is
 * accepted inside a name (teams name reports `PM2021-003 - Title.md`): links
 * encode it.
 *
 * @param path the report's path, `/`-separated (its last segment is the file name)
 */
export function reportIdProblem(path: string): string | undefined {
  // Paths use `/` on every platform (see findReportFiles): a backslash is part of the name, and refused.
  const name = path.split('/').at(-1) ?? path;
  const extension = markdownExtension.exec(name)?.[0] ?? '';
  const id = extension ? name.slice(0, -extension.length) : name;
  if (idPattern.test(id) && !id.endsWith('.') && !id.endsWith(' ')) return undefined;
  const rename = `rename it to ${literal(suggestedName(id, extension))}`;
  const why = 'the name is the report’s id and the address of its page';
  const bad = disallowed.exec(id)?.[0];
  if (bad !== undefined) {
    return `Unexpected ${characterName(bad)} in the file name ${literal(name)}, expected only letters, digits, spaces, \`-\`, \`_\` and \`.\` (${why}); ${rename}`;
  }
  if (id === '')
    return `Unexpected file name ${literal(name)} without a name before the extension, expected a name such as \`2024-03-01-short-title.md\` (${why})`;
  const edge = (id.endsWith('.') || id.endsWith(' ')) && idPattern.test(id) ? 'end' : 'start';
  const character = edge === 'end' ? id.slice(-1) : (id.match(/^./u)?.[0] ?? '');
  return `Unexpected file name ${literal(name)} that ${edge}s with ${characterName(character)}, expected a name that ${edge === 'end' ? 'ends with a letter, a digit or `_`' : 'starts with a letter, a digit or `_`'} (${why}); ${rename}`;
}

// ---------------------------------------------------------------------------
// The parsed tree: nesting, raw HTML and size

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
class HtmlModel {
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
    const siblings = closesSibling[name];
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
  const html = new HtmlModel();
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
  const elements = nodes + html.tags + adoptionClones * html.misnestedFormattingEnds + html.reopenCost;
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
