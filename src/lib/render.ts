/**
 * Markdown → sanitized HTML for the site, with our own unified pipeline.
 *
 * Raw HTML is allowed in a report (it passes the check), so this is the one place
 * that stops it from running in a reader's browser: remark-rehype keeps raw HTML,
 * rehype-raw parses it into real elements, and rehype-sanitize with GitHub's
 * schema removes every element, attribute and URL scheme it does not allow
 * (`<script>`, event handlers, `javascript:` and `data:` URLs, `<iframe>`, …).
 * Only our own plugins run after the sanitizer, and they add nothing taken from
 * the report but text (and links to GitHub issues built from parsed parts, see
 * `githubReferenceLinks`).
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype, { type Options as RemarkRehypeOptions } from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import type { Config } from './config.ts';
import { parseMarkdown } from './markdown-parser.ts';
import { lastIndexAtOrBefore } from './offsets.ts';
import { parseReference, textReference } from './references.ts';
import { assertWithinLimits } from './tree-limits.ts';
import { skipChildren, walkTree } from './tree-walk.ts';
import { allMatches } from './matches.ts';

/**
 * GitHub's schema, extended only for what reports need. GitHub's schema already
 * keeps task-list checkboxes (`input[type=checkbox][disabled]`, `checked`, the
 * `task-list-item` / `contains-task-list` classes) and table alignment (`align`),
 * so the extensions are:
 * - table cells keep `align` (listed explicitly so a narrower global list can never drop it);
 * - heading ids are not taken from the report: `headingIds` below adds them after
 *   sanitizing, so ids written in raw HTML keep GitHub's `user-content-` prefix
 *   and can never clobber the page's own ids.
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    th: [...(defaultSchema.attributes?.th ?? []), 'align'],
    td: [...(defaultSchema.attributes?.td ?? []), 'align'],
  },
};

/**
 * The ids the site's own pages write besides their section headings' (the
 * layout's skip-link target `main`, the search box, the search page's parts).
 * Section headings are `<name>-heading` (`timeline-heading`): `isPageId` reserves
 * every such id, so a new section needs no entry here.
 */
export const pageIds: readonly string[] = ['main', 'site-search', 'search-query', 'search-status', 'search-results', 'search-more', 'search-browse'];

/**
 * Whether the site's pages may write `id` themselves. A heading in a report body
 * never takes such an id, or "Skip to content" and the page's `aria-labelledby`
 * would lead into the report: `## Main` gets `main-1`. test/site/render.test.ts
 * checks it against every `id="…"` written in src/layouts, src/components and
 * src/routes.
 */
export function isPageId(id: string): boolean {
  return pageIds.includes(id) || id.endsWith('-heading');
}

/** Options for rendering. */
export interface RenderOptions {
  /**
   * Drop a leading `#` heading: the page shows the report's title itself, and two
   * `h1`s would break the heading outline.
   */
  dropLeadingTitle?: boolean;
  /**
   * The heading level the body's top headings should have (default 2): a body whose
   * sections are `#` headings is shifted down so the page's `h1` stays the only one.
   */
  topLevel?: number;
  /** Ids the headings must not take: the page's own (default `isPageId`). */
  reservedIds?: readonly string[];
  /**
   * The project configuration. With it, GitHub references in the text
   * (`owner/repo#123`, and `#123` when `github.repository` is set) become links to
   * the issue, as GitHub shows them; without it they stay text.
   */
  config?: Config;
}

/** Text of a hast subtree. */
function hastText(node: HastContent | HastRoot): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map((child) => hastText(child)).join('');
  return '';
}

/** A URL fragment for a heading: lower case, letters and digits joined by dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

const headingPattern = /^h([1-6])$/;

/**
 * Shifts headings so that the smallest level in the body becomes `topLevel`, then
 * gives each heading a unique id from its text: unique in the body (other ids
 * included, such as the sanitizer's `user-content-…`) and never one of the
 * page's own (`reservedIds`); a taken slug gets the first free `-1`, `-2`, ….
 * Runs after the sanitizer, on trusted structure; ids are `section` only when
 * the slug would be empty.
 */
function headingIds(options: { topLevel: number; reservedIds?: readonly string[] }) {
  return (tree: HastRoot) => {
    const headings: Element[] = [];
    const collect = (node: HastRoot | HastContent) => {
      // GFM's footnote section keeps its own (sanitized, prefixed) label id: the references point at it.
      if (node.type === 'element' && node.tagName === 'section' && node.properties.dataFootnotes !== undefined) return;
      if (node.type === 'element' && headingPattern.test(node.tagName)) headings.push(node);
      if ('children' in node) for (const child of node.children) collect(child);
    };
    collect(tree);
    const levels = headings.map((heading) => Number(headingPattern.exec(heading.tagName)?.[1] ?? 6));
    const shift = Math.max(0, options.topLevel - Math.min(7, ...levels));
    const headingSet = new Set<Element>(headings);
    const taken = new Set(options.reservedIds ?? []);
    const isTaken = (id: string) => taken.has(id) || (options.reservedIds === undefined && isPageId(id));
    for (const element of elements(tree)) {
      if (!headingSet.has(element) && typeof element.properties.id === 'string') taken.add(element.properties.id);
    }
    // The last suffix tried per slug, so a hundred `## Notes` stay linear.
    const suffixes = new Map<string, number>();
    headings.forEach((heading, position) => {
      heading.tagName = `h${Math.min(6, (levels[position] ?? 6) + shift)}`;
      const base = slugify(hastText(heading)) || 'section';
      let id = base;
      let suffix = suffixes.get(base) ?? 0;
      while (isTaken(id)) id = `${base}-${++suffix}`;
      suffixes.set(base, suffix);
      taken.add(id);
      heading.properties = { ...heading.properties, id };
    });
  };
}

/** Percent-decodes a fragment; a malformed one is used as written. */
function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Every element of a hast tree, depth first. */
function elements(node: HastRoot | HastContent, found: Element[] = []): Element[] {
  if (node.type === 'element') found.push(node);
  if ('children' in node) for (const child of node.children) elements(child, found);
  return found;
}

/**
 * Points in-page links (`#fn-1`, `#my-anchor`) at the ids the sanitizer prefixed
 * (`user-content-fn-1`), which is what GitHub does with script; here it is done once,
 * at build time. Links to our own heading ids are left as they are.
 */
function fragmentLinks() {
  return (tree: HastRoot) => {
    const all = elements(tree);
    const ids = new Set(all.map((element) => element.properties.id).filter((id): id is string => typeof id === 'string'));
    for (const element of all) {
      const href = element.tagName === 'a' ? element.properties.href : undefined;
      if (typeof href !== 'string' || !href.startsWith('#')) continue;
      const target = safeDecode(href.slice(1));
      if (!ids.has(target) && ids.has(`user-content-${target}`)) element.properties.href = `#user-content-${target}`;
    }
  };
}

/**
 * Names GFM's task-list checkboxes for assistive technology (a form control needs
 * a label); the checked state is the checkbox's own.
 */
function taskListLabels() {
  return (tree: HastRoot) => {
    for (const element of elements(tree)) {
      if (element.tagName === 'input' && element.properties.type === 'checkbox') element.properties.ariaLabel = 'Task completed';
    }
  };
}

/** Elements whose text is never linked: links already are, code is quoted text, and the rest is not prose. */
const unlinkedElements = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'script', 'style', 'textarea']);

/**
 * Turns GitHub references in text (`2i2c-org/infrastructure#1688`, `#12` with a
 * default repository) into links, found with the same pattern the core uses for
 * references in text. Runs after the sanitizer: the `href` is never copied from
 * the report, it is `parseReference`'s URL, built from the configured
 * `github.url` (an http(s) URL, checked by the config schema) and the owner,
 * repository and number the pattern allows (letters, digits, `_.-`), so a
 * report cannot make it a `javascript:` or any other URL.
 */
function githubReferenceLinks(options: { config: Config }) {
  const linkify = (parent: HastRoot | Element) => {
    const children: (HastContent | ElementContent)[] = [];
    for (const child of parent.children) {
      if (child.type === 'element') {
        if (!unlinkedElements.has(child.tagName)) linkify(child);
        children.push(child);
        continue;
      }
      // Every reference has a `#`: most text has none, and is not run through the pattern.
      if (child.type !== 'text' || !child.value.includes('#')) {
        children.push(child);
        continue;
      }
      let last = 0;
      for (const match of allMatches(child.value, textReference)) {
        const parsed = parseReference(match[0], options.config);
        // Only GitHub references: other trackers are matched by URL, never found in plain text.
        if (!parsed?.github) continue;
        if (match.index > last) children.push({ type: 'text', value: child.value.slice(last, match.index) });
        children.push({ type: 'element', tagName: 'a', properties: { href: parsed.url }, children: [{ type: 'text', value: match[0] }] });
        last = match.index + match[0].length;
      }
      if (last === 0) children.push(child);
      else if (last < child.value.length) children.push({ type: 'text', value: child.value.slice(last) });
    }
    parent.children = children as typeof parent.children;
  };
  return (tree: HastRoot) => linkify(tree);
}

/**
 * rehype-raw, on a tree that holds raw HTML only. It runs the whole tree through
 * an HTML parser (parse5) to turn raw HTML into elements, about a fifth of the
 * cost of rendering a body; a tree without raw HTML came from Markdown alone, is
 * already what that parser would give back, and is left as it is.
 */
function rawHtmlWhereWritten() {
  const parseRawHtml = rehypeRaw();
  return (tree: HastRoot, file: VFile) => (holdsRawHtml(tree) ? parseRawHtml(tree, file) : tree);
}

/** Whether a tree has a `raw` node (raw HTML that remark-rehype kept), anywhere. */
function holdsRawHtml(tree: HastRoot): boolean {
  const stack: (HastRoot | HastContent)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'raw') return true;
    if ('children' in node) stack.push(...node.children);
  }
  return false;
}

/** A node handler of mdast-util-to-hast, as remark-rehype takes them. */
type Handler = NonNullable<NonNullable<RemarkRehypeOptions['handlers']>['root']>;

/** The type of the one node a tree is handed to remark-rehype behind (`behindOneNode`). */
const wholeTreeType = 'hindsightWholeTree';

/** That node: the tree it stands for. */
interface WholeTree {
  type: typeof wholeTreeType;
  tree: MdastRoot;
}

/**
 * Hands remark-rehype a root holding one node that stands for the whole tree,
 * which `convertWholeTree` converts. mdast-util-to-hast starts by walking the
 * tree it is given for link and footnote definitions, with unist-util-visit,
 * which names a new function and copies the list of parents at every node: that
 * walk was a third of the time a body took to render (about 0.17 ms of 0.5 ms a
 * report). Behind the one node it walks two nodes, and `convertWholeTree`
 * collects the definitions in a plain walk. The HTML is the same
 * (test/site/render-whole-tree.test.ts converts every report of the conformance corpus both
 * ways).
 */
function behindOneNode() {
  return (tree: MdastRoot): MdastRoot => {
    const whole: WholeTree = { type: wholeTreeType, tree };
    // The root handler takes the position and data of the root it converts.
    return { type: 'root', children: [whole as unknown as MdastRoot['children'][number]], position: tree.position, data: tree.data };
  };
}

/**
 * Converts the tree behind the node `behindOneNode` made, as mdast-util-to-hast
 * would have converted it as the root: its definitions first (the first of an
 * id wins, in document order, as its own walk finds them), then its children,
 * which the root handler around this one wraps in line breaks as it would have.
 */
const convertWholeTree: Handler = (state, { tree }: WholeTree) => {
  const pending: (MdastRoot | MdastRoot['children'][number])[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'definition' || node.type === 'footnoteDefinition') {
      const byId = node.type === 'definition' ? state.definitionById : state.footnoteById;
      const id = String(node.identifier).toUpperCase();
      if (!byId.has(id)) byId.set(id, node as never);
    }
    // Children pushed last first, so that they are taken in document order.
    if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index]!);
  }
  return state.all(tree);
};

/**
 * remark-rehype's options: raw HTML kept for rehype-raw and the sanitizer, no
 * prefix on ids (the sanitizer adds GitHub's `user-content-` to every id once),
 * and the handler of the node `behindOneNode` makes (its type is ours, so it is
 * not among the node types the options' type knows).
 */
const remarkRehypeOptions: RemarkRehypeOptions = {
  allowDangerousHtml: true,
  clobberPrefix: '',
  handlers: { [wholeTreeType]: convertWholeTree } as RemarkRehypeOptions['handlers'],
};

/**
 * A tree converted to hast both ways, for the test that holds `behindOneNode`
 * to mdast-util-to-hast's own walk: handed to remark-rehype whole, and behind the
 * one node. Neither is sanitized: this compares the conversion alone.
 */
export function hastBothWays(tree: MdastRoot): { whole: HastRoot; behindOneNode: HastRoot } {
  const convert = (...plugins: [typeof behindOneNode] | []) =>
    unified().use(plugins).use(remarkRehype, remarkRehypeOptions).runSync(structuredClone(tree)) as HastRoot;
  return { whole: convert(), behindOneNode: convert(behindOneNode) };
}

function processor(options: RenderOptions) {
  return unified()
    .use(behindOneNode)
    .use(remarkRehype, remarkRehypeOptions)
    .use(rawHtmlWhereWritten)
    .use(rehypeSanitize, sanitizeSchema)
    .use(headingIds, { topLevel: options.topLevel ?? 2, ...(options.reservedIds ? { reservedIds: options.reservedIds } : {}) })
    .use(fragmentLinks)
    .use(taskListLabels)
    .use(options.config ? [[githubReferenceLinks, { config: options.config }]] : [])
    .use(rehypeStringify);
}

/**
 * Renders an already parsed Markdown tree (a report's `tree`, parsed once by the
 * core) to sanitized HTML. The tree is not modified.
 */
export function renderTree(tree: MdastRoot, options: RenderOptions = {}): string {
  // The hast utilities below recurse: a tree the check would refuse is refused before them, not by a stack overflow.
  assertWithinLimits(tree);
  const run = processor(options);
  return run.stringify(run.runSync(bodyOf(tree, options)) as HastRoot);
}

/** The tree to render: without its leading `#` title when asked. */
function bodyOf(tree: MdastRoot, options: RenderOptions): MdastRoot {
  const first = tree.children.find((node) => node.type !== 'html' || !/^<!--[\s\S]*-->$/.test(node.value.trim()));
  if (!options.dropLeadingTitle || first?.type !== 'heading' || first.depth !== 1) return tree;
  return { ...tree, children: tree.children.filter((node) => node !== first) };
}

/** A stretch of a body that the page shows in its own way (the structured timeline): file offsets, end excluded. */
export interface BodyCut {
  start: number;
  end: number;
  /** What the page puts in its place; none: the stretch is only left out (a later part of something shown whole earlier). */
  slot?: string;
}

/** A piece of a body rendered around its cuts: sanitized HTML, or the place of a cut. */
export type BodyPiece = { html: string } | { slot: string };

/**
 * Renders a tree like `renderTree`, leaving out the top-level elements whose
 * source starts inside a cut, with the cut's slot where its first one was. The
 * whole body is rendered once, so heading ids and footnotes are the same as
 * `renderTree`'s; elements are matched to cuts by their source positions, which
 * only the parser sets (a report cannot forge one).
 *
 * @param cuts stretches of top-level nodes, in document order, not overlapping
 * @returns the pieces in document order (a cut matching no element has no slot), or
 *   `undefined` when an element straddles a cut's edge (raw HTML wrapping it), so
 *   the caller can show the body whole instead
 */
export function renderTreePieces(tree: MdastRoot, cuts: readonly BodyCut[], options: RenderOptions = {}): BodyPiece[] | undefined {
  assertWithinLimits(tree);
  const run = processor(options);
  const hast = run.runSync(bodyOf(tree, options)) as HastRoot;
  const pieces: BodyPiece[] = [];
  const shown = new Set<BodyCut>();
  let group: HastContent[] = [];
  const flush = () => {
    if (group.some((node) => node.type !== 'text' || node.value.trim() !== '')) pieces.push({ html: run.stringify({ type: 'root', children: group }) });
    group = [];
  };
  for (const node of hast.children) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    // Whitespace between blocks and the footnotes section have no position: they stay.
    if (start === undefined || end === undefined) {
      group.push(node);
      continue;
    }
    // The cuts are sorted and apart: the one that may hold the node's start, and the next one, are all that can meet it.
    const before = lastIndexAtOrBefore(cuts, (cut) => cut.start, start);
    const holder = cuts[before];
    const following = cuts[before + 1];
    if ((following && following.start < end) || (holder && start < holder.end && end > holder.end)) return undefined;
    const cut = holder && start < holder.end ? holder : undefined;
    if (!cut) group.push(node);
    else if (!shown.has(cut) && cut.slot !== undefined) {
      shown.add(cut);
      flush();
      pieces.push({ slot: cut.slot });
    }
  }
  flush();
  return pieces;
}

const textProcessor = unified().use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' }).use(rawHtmlWhereWritten).use(rehypeSanitize, sanitizeSchema);

/**
 * The text a reader sees of a Markdown tree: rendered and sanitized like the page
 * (a raw `<script>` and its content are gone), blocks joined by spaces.
 */
export function renderText(tree: MdastRoot): string {
  assertWithinLimits(tree);
  const plain = plainParagraphsText(tree);
  if (plain !== undefined) return plain;
  const hast = textProcessor.runSync(structuredClone(tree)) as HastRoot;
  const blocks: string[] = [];
  const walk = (node: HastRoot | HastContent, inline: string[]) => {
    if (node.type === 'text') inline.push(node.value);
    else if (node.type === 'element' && blockElements.has(node.tagName)) {
      const own: string[] = [];
      for (const child of node.children) walk(child, own);
      blocks.push(own.join(''));
    } else if ('children' in node) for (const child of node.children) walk(child, inline);
  };
  const loose: string[] = [];
  walk(hast, loose);
  blocks.push(loose.join(''));
  return blocks
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
}

const blockElements = new Set(['p', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'dd', 'dt', 'summary']);

/** Inline Markdown whose rendered text is its own text: nothing the sanitizer drops, nothing written back as source, no image (its `alt` is no text). */
const plainInline = new Set(['text', 'emphasis', 'strong', 'delete', 'inlineCode', 'link']);

/**
 * `renderText` of paragraphs of plain inline Markdown, without rendering them:
 * the text is then exactly the nodes' own (whitespace is collapsed either way),
 * and a site's summaries (Overview paragraphs) are nearly always such. Rendering
 * them took a fifth of storing a report. `undefined` for any other tree.
 */
function plainParagraphsText(tree: MdastRoot): string | undefined {
  const blocks: string[] = [];
  for (const block of tree.children) {
    if (block.type !== 'paragraph') return undefined;
    const text: string[] = [];
    let plain = true;
    walkTree(block, (node) => {
      if (node === block) return undefined;
      if (!plainInline.has(node.type)) {
        plain = false;
        return skipChildren;
      }
      if ('value' in node) text.push(node.value);
      return undefined;
    });
    if (!plain) return undefined;
    blocks.push(text.join('').replace(/\s+/g, ' ').trim());
  }
  return blocks.filter(Boolean).join(' ');
}

/** Renders Markdown text (rule docs, short fields) to sanitized HTML. */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
  return renderTree(parseMarkdown(markdown), options);
}

/**
 * Renders one line of Markdown (a rule summary) without the wrapping paragraph.
 */
export function renderInlineMarkdown(markdown: string): string {
  const html = renderMarkdown(markdown).trim();
  const match = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return match && !match[1]!.includes('<p>') ? match[1]! : html;
}
