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
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Config } from './config.ts';
import { parseReference, textReference } from './references.ts';

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
 * gives each heading a unique id from its text. Runs after the sanitizer, on
 * trusted structure; ids are prefixed `section-` only when the slug would be empty.
 */
function headingIds(options: { topLevel: number }) {
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
    const used = new Map<string, number>();
    headings.forEach((heading, position) => {
      heading.tagName = `h${Math.min(6, (levels[position] ?? 6) + shift)}`;
      const base = slugify(hastText(heading)) || 'section';
      const count = used.get(base) ?? 0;
      used.set(base, count + 1);
      heading.properties = { ...heading.properties, id: count === 0 ? base : `${base}-${count}` };
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
      if (child.type !== 'text') {
        children.push(child);
        continue;
      }
      let last = 0;
      for (const match of child.value.matchAll(textReference)) {
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

function processor(options: RenderOptions) {
  return unified()
    // No prefix here: the sanitizer adds GitHub's `user-content-` prefix to every id once.
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRaw)
    .use(rehypeSanitize, sanitizeSchema)
    .use(headingIds, { topLevel: options.topLevel ?? 2 })
    .use(fragmentLinks)
    .use(taskListLabels)
    .use(options.config ? [[githubReferenceLinks, { config: options.config }]] : [])
    .use(rehypeStringify);
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/**
 * Renders an already parsed Markdown tree (a report's `tree`, parsed once by the
 * core) to sanitized HTML. The tree is not modified.
 */
export function renderTree(tree: MdastRoot, options: RenderOptions = {}): string {
  let children = tree.children;
  const first = children.find((node) => node.type !== 'html' || !/^<!--[\s\S]*-->$/.test(node.value.trim()));
  if (options.dropLeadingTitle && first?.type === 'heading' && first.depth === 1) {
    children = children.filter((node) => node !== first);
  }
  const run = processor(options);
  const hast = run.runSync({ ...tree, children }) as HastRoot;
  return run.stringify(hast);
}

const textProcessor = unified()
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
  .use(rehypeRaw)
  .use(rehypeSanitize, sanitizeSchema);

/**
 * The text a reader sees of a Markdown tree: rendered and sanitized like the page
 * (a raw `<script>` and its content are gone), blocks joined by spaces.
 */
export function renderText(tree: MdastRoot): string {
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
  return blocks.map((block) => block.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ');
}

const blockElements = new Set(['p', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'dd', 'dt', 'summary']);

/** Renders Markdown text (rule docs, short fields) to sanitized HTML. */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
  return renderTree(markdownParser.parse(markdown) as MdastRoot, options);
}

/**
 * Renders one line of Markdown (a rule summary) without the wrapping paragraph.
 */
export function renderInlineMarkdown(markdown: string): string {
  const html = renderMarkdown(markdown).trim();
  const match = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return match && !match[1]!.includes('<p>') ? match[1]! : html;
}
