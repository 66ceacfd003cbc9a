/**
 * Images reports show from their own folder (`![graph](./images/graph.png)`):
 * which ones is decided by src/lib/site/images.ts (inside the content folder,
 * image extensions only); this module does the file work. The report loader's
 * sync publishes the list (through the corpus channel, in the same process as
 * the integration, like settings.ts), and the integration copies those files
 * into the built site once the pages are written, or serves them in dev.
 *
 * Every file is checked again where it is read: its real path (symlinks
 * resolved) must still be inside the content folder's, and it must be a file.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isPublishableImage, mediaFolder } from '../lib/site/images.ts';

/** An image to publish: its file (relative to the project root) and its path under the site's base (URL-encoded). */
export interface PublishedImage {
  source: string;
  published: string;
}

const key = Symbol.for('hindsight-postmortems.images');

/** Publishes the images of the latest sync, for the integration (see settings.ts for why a symbol on `globalThis`). */
export function publishImages(images: readonly PublishedImage[]): void {
  (globalThis as Record<symbol, unknown>)[key] = images;
}

/** The images the latest sync published in this process (none when the loader has not run). */
export function publishedImageList(): readonly PublishedImage[] {
  return ((globalThis as Record<symbol, unknown>)[key] as PublishedImage[] | undefined) ?? [];
}

/**
 * The real path of an image's file when it may be published: a file, inside
 * the content folder once symlinks are resolved, with an image extension.
 *
 * @returns the real path, or why not
 */
export async function checkedImage(root: string, content: string, source: string): Promise<{ path: string } | { problem: string }> {
  let folder: string;
  let path: string;
  try {
    folder = await realpath(resolve(root, content));
    path = await realpath(resolve(root, source));
  } catch {
    return { problem: 'does not exist' };
  }
  const inside = relative(folder, path);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep) || inside.includes(`..${sep}`)) return { problem: 'leads outside the content folder' };
  if (!isPublishableImage(path)) return { problem: 'is not an image' };
  if (!(await stat(path)).isFile()) return { problem: 'is not a file' };
  return { path };
}

/**
 * Copies the images into the built site (`<outFolder>/media/…`).
 *
 * @param outFolder the folder of Hindsight's pages (`dist/`, or `dist/<prefix>/`)
 * @param warn told about each image that is not copied, and why
 * @returns how many were copied
 */
export async function copyImages(
  root: string,
  content: string,
  images: readonly PublishedImage[],
  outFolder: string,
  warn: (message: string) => void,
): Promise<number> {
  let copied = 0;
  for (const image of images) {
    const checked = await checkedImage(root, content, image.source);
    if ('problem' in checked) {
      warn(`${image.source}: not published, it ${checked.problem}`);
      continue;
    }
    const target = join(outFolder, ...image.published.split('/').map(decodeURIComponent));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(checked.path, target);
    copied++;
  }
  return copied;
}

const contentTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

/**
 * A dev-server middleware serving the published images at `<base>media/…`, as
 * the build will: only the images a report shows, from the content folder.
 */
export function imageMiddleware(root: string, content: string, base: string) {
  const prefix = `${base.endsWith('/') ? base : `${base}/`}${mediaFolder}/`;
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    // Vite strips Astro's `base` from `url` before this runs; `originalUrl` keeps the path the browser asked for.
    const pathname = ((request as { originalUrl?: string }).originalUrl ?? request.url ?? '').split(/[?#]/)[0] ?? '';
    if (!pathname.startsWith(prefix)) return next();
    const image = publishedImageList().find((candidate) => `${base.endsWith('/') ? base : `${base}/`}${candidate.published}` === pathname);
    if (!image) return next();
    void checkedImage(root, content, image.source).then((checked) => {
      if ('problem' in checked) return next();
      const extension = /\.([^.]+)$/.exec(checked.path)?.[1]?.toLowerCase() ?? '';
      response.writeHead(200, { 'content-type': contentTypes[extension] ?? 'application/octet-stream' });
      createReadStream(checked.path).pipe(response);
    }, next);
  };
}
