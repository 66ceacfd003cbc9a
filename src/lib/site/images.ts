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
 * What the site makes of an image a report shows by a relative path: it publishes
 * it (`published`), or it leaves it as written, so the page shows a broken image,
 * because it leads out of the content folder (`outside`) or is not an image type
 * the site publishes (`unpublished-type`, SVG among them). The `image` rule reports
 * the last two, so they are decided here, where the site decides what it publishes.
 */
export type LocalImage = { kind: 'published'; source: string; published: string } | { kind: 'outside' } | { kind: 'unpublished-type'; source: string };

/**
 * What becomes of an image reference on the site (see `LocalImage`).
 *
 * @param url the reference as written in the report
 * @param reportPath the report's path, relative to the project root (`postmortems/x.md`)
 * @param content the content folder, relative to the project root (`postmortems`)
 * @returns `undefined` for what is not a file of the report's folder: absolute and
 *   root-relative URLs, other schemes, an empty path, a path with a backslash; and for
 *   every reference when the content folder is outside the project
 */
export function localImage(url: string, reportPath: string, content: string): LocalImage | undefined {
  // `https:`, `data:`, `//host/…` and `/site/path` are not files of the report's folder.
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('\\')) return undefined;
  const path = decodePath(url.split(/[?#]/)[0] ?? '');
  if (path === '' || path.includes('\\') || path.includes('\0')) return undefined;
  const folder = normalizePath(content.replaceAll('\\', '/'));
  if (folder === undefined) return undefined;
  const reportFolder = reportPath.replaceAll('\\', '/').split('/').slice(0, -1).join('/');
  const source = normalizePath(`${reportFolder}/${path}`);
  // The content folder itself (`./`) is no file.
  if (source === folder) return undefined;
  const inside = source === undefined ? undefined : folder === '' ? source : source.startsWith(`${folder}/`) ? source.slice(folder.length + 1) : undefined;
  // A file beside the content folder (the project's own files) is never published.
  if (source === undefined || inside === undefined) return { kind: 'outside' };
  if (!isPublishableImage(path)) return { kind: 'unpublished-type', source };
  return { kind: 'published', source, published: [mediaFolder, ...inside.split('/').map(encodeURIComponent)].join('/') };
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
  const image = localImage(url, reportPath, content);
  return image?.kind === 'published' ? { source: image.source, published: image.published } : undefined;
}

/** The nodes of a tree, depth first. */
function* nodesOf(node: Root | RootContent): Generator<Root | RootContent> {
  yield node;
  if ('children' in node) for (const child of node.children) yield* nodesOf(child);
}

/**
 * The nodes that give an image's URL, in document order: Markdown images, and the
 * definitions image references use (`![graph][g]` … `[g]: ./graph.png`). Raw HTML
 * `<img>` tags are not among them: the site leaves their `src` as written.
 */
export function imageNodes(tree: Root): (Image | Definition)[] {
  // One walk, no generators: the check runs this on every report.
  const used = new Set<string>();
  const candidates: (Image | Definition)[] = [];
  const walk = (node: Root | RootContent): void => {
    if (node.type === 'image' || node.type === 'definition') candidates.push(node);
    else if (node.type === 'imageReference') used.add(node.identifier);
    else if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return candidates.filter((node) => node.type === 'image' || used.has(node.identifier));
}

/**
 * The images a report refers to that the site publishes: Markdown images and the
 * definitions image references use (`![graph][g]` … `[g]: ./graph.png`), in
 * document order. Raw HTML `<img>` tags are not read: their `src` is left as written.
 */
export function imageReferences(tree: Root, reportPath: string, content: string): ImageReference[] {
  const found: ImageReference[] = [];
  for (const target of imageNodes(tree)) {
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
