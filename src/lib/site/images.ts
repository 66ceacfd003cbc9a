/**
 * Images a report shows from its own folder (`![graph](./images/graph.png)`):
 * which ones the site publishes, and at what path. Pure: paths in, paths out.
 * The files themselves are copied by the integration (src/astro/media.ts), which
 * is where files are read; the pages only get the rewritten `src`.
 *
 * Only relative references are published, only when they resolve inside the
 * content folder and only with an image extension: a report cannot publish
 * `../../.env` or a page of the site itself. SVG is left out on purpose: opened
 * directly from the site's origin, an SVG runs its scripts there.
 */
import type { Definition, Image, Root, RootContent } from 'mdast';

/** The extensions of images the site publishes, lower case. */
export const imageExtensions: readonly string[] = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif'];

/** The folder, under the site's base path, where report images are published. */
export const mediaFolder = 'media';

/** One image a report refers to, from its own folder. */
export interface ImageReference {
  /** The URL as written (`./images/graph.png`). */
  url: string;
  /** Where it is written in the file. */
  line: number;
  column: number;
  /** The file, relative to the project root with `/` separators (`postmortems/images/graph.png`). */
  source: string;
  /** Its path under the site's base, URL-encoded (`media/images/graph.png`). */
  published: string;
}

/**
 * A path without `.` and `..` segments, or `undefined` when `..` would leave the
 * start of the path (a reference climbing out of the project).
 */
export function normalizePath(path: string): string | undefined {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/');
}

/** Percent-decodes a path; a malformed one is used as written. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Whether a path names an image the site publishes (by its extension). */
export function isPublishableImage(path: string): boolean {
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension !== undefined && imageExtensions.includes(extension);
}

/**
 * Where an image reference leads, when the site publishes it.
 *
 * @param url the reference as written in the report
 * @param reportPath the report's path, relative to the project root (`postmortems/x.md`)
 * @param content the content folder, relative to the project root (`postmortems`)
 * @returns the source file and published path, or `undefined` for anything else:
 *   absolute and root-relative URLs, other schemes, paths outside the content folder, other extensions
 */
export function resolveImage(url: string, reportPath: string, content: string): Pick<ImageReference, 'source' | 'published'> | undefined {
  // `https:`, `data:`, `//host/…` and `/site/path` are not files of the report's folder.
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('\\')) return undefined;
  const path = decodePath(url.split(/[?#]/)[0] ?? '');
  if (path === '' || path.includes('\\') || path.includes('\0') || !isPublishableImage(path)) return undefined;
  const folder = normalizePath(content.replaceAll('\\', '/'));
  const reportFolder = reportPath.replaceAll('\\', '/').split('/').slice(0, -1).join('/');
  const source = normalizePath(`${reportFolder}/${path}`);
  if (folder === undefined || source === undefined) return undefined;
  const inside = folder === '' ? source : source.startsWith(`${folder}/`) ? source.slice(folder.length + 1) : undefined;
  // A file beside the content folder (the project's own files) is never published.
  if (inside === undefined || inside === '') return undefined;
  return { source, published: [mediaFolder, ...inside.split('/').map(encodeURIComponent)].join('/') };
}

/** The nodes of a tree, depth first. */
function* nodesOf(node: Root | RootContent): Generator<Root | RootContent> {
  yield node;
  if ('children' in node) for (const child of node.children) yield* nodesOf(child);
}

/**
 * The images a report refers to that the site publishes: Markdown images and the
 * definitions image references use (`![graph][g]` … `[g]: ./graph.png`), in
 * document order. Raw HTML `<img>` tags are not read: their `src` is left as written.
 */
export function imageReferences(tree: Root, reportPath: string, content: string): ImageReference[] {
  const found: ImageReference[] = [];
  const definitions = new Set<string>();
  for (const node of nodesOf(tree)) if (node.type === 'imageReference') definitions.add(node.identifier);
  for (const node of nodesOf(tree)) {
    if (node.type !== 'image' && !(node.type === 'definition' && definitions.has(node.identifier))) continue;
    const target = node as Image | Definition;
    const resolved = resolveImage(target.url, reportPath, content);
    if (!resolved || !target.position) continue;
    found.push({ url: target.url, line: target.position.start.line, column: target.position.start.column, ...resolved });
  }
  return found;
}

/**
 * A copy of the tree whose published images point at their published path
 * (`base` + `media/…`); the tree itself is not changed, and positions are kept.
 *
 * @param base the site's base path, with its trailing slash
 */
export function withPublishedImages(tree: Root, references: readonly ImageReference[], base: string): Root {
  if (references.length === 0) return tree;
  const byPosition = new Map(references.map((reference) => [`${reference.line}:${reference.column}`, reference]));
  const copy = structuredClone(tree);
  for (const node of nodesOf(copy)) {
    if ((node.type !== 'image' && node.type !== 'definition') || !node.position) continue;
    const reference = byPosition.get(`${node.position.start.line}:${node.position.start.column}`);
    if (reference && reference.url === node.url) node.url = `${base}${reference.published}`;
  }
  return copy;
}

/** Every image the reports publish, each once, sorted by published path (what the integration copies). */
export function publishedImages(references: Iterable<Pick<ImageReference, 'source' | 'published'>>): { source: string; published: string }[] {
  const byPath = new Map<string, string>();
  for (const reference of references) byPath.set(reference.published, reference.source);
  return [...byPath].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([published, source]) => ({ source, published }));
}

/**
 * The images a corpus publishes, each once: those of the reports with valid
 * frontmatter (the others have no page to show them).
 *
 * @param content the content folder, relative to the project root
 */
export function corpusImages(reports: readonly { path: string; tree: Root; data?: unknown }[], content: string): { source: string; published: string }[] {
  return publishedImages(reports.filter((report) => report.data !== undefined).flatMap((report) => imageReferences(report.tree, report.path, content)));
}
