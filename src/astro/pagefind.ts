/**
 * The search index, written by Pagefind's Node API during the build, so that
 * `astro build` alone makes the whole site (as Starlight does).
 *
 * The integration opens the index when the build starts (`openSearchIndex`); the
 * reports' pages reach it as Astro renders them (search-pages.ts); the index is
 * written as soon as the last of them came, while Astro builds the other pages,
 * and `writeSearchIndex` waits for it once the pages are built. When the
 * hand-over did not bring every report's page, the index is made from the built
 * pages instead, so it is complete either way.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AstroError } from 'astro/errors';
import * as pagefind from 'pagefind';
import { reportPagesFolder, SearchPageQueue, setSearchPageQueue } from './search-pages.ts';

/** The reports' pages below the site's folder (`postmortems/<id>/index.html`), the only pages in the index. */
const reportPagesGlob = `${reportPagesFolder}/*/index.html`;

/** The index being filled during this build. */
interface OpenIndex {
  /** Pagefind's index, once its process started (`undefined` when it could not start). */
  index: Promise<pagefind.PagefindIndex | undefined>;
  /** The hand-over of rendered pages, in a fixed order (search-pages.ts). */
  queue: SearchPageQueue;
  /** Pagefind's answers to the pages handed over, in flight or done. */
  added: Promise<void>[];
  /** Pagefind's errors on those pages. */
  errors: string[];
  /** The index written as soon as the last report's page came (see `EarlyWrite`), if it came. */
  early?: { folder: string; pages: number; written: Promise<string[]> };
}

/**
 * Where to write the index as soon as every report's page has come, rather than
 * once the build is over: the pages Astro builds after the reports' (the lists
 * of services and tags, the rules, the statistics) are then built while
 * Pagefind writes, instead of the build waiting for Pagefind alone at the end
 * (a second at 1,000 reports).
 */
export interface EarlyWrite {
  /** The folder holding Hindsight's pages (`dist/`, or `dist/<prefix>/`), as `writeSearchIndex` will get it. */
  folder: string;
  /** How many report pages the build makes (one per stored report). */
  reportPages: number;
}

let open: OpenIndex | undefined;

/**
 * Starts Pagefind and takes the reports' pages as they are rendered. The
 * hand-over opens at once, so no page rendered while Pagefind starts is missed.
 *
 * @param base `site.base` with the route prefix, ending in `/`: the pages' addresses are below it
 * @param early where and when to write the index before the build is over
 */
export function openSearchIndex(base: string, early?: EarlyWrite): void {
  const index = pagefind.createIndex({}).then(
    (created) => created.index,
    () => undefined,
  );
  const errors: string[] = [];
  const added: Promise<void>[] = [];
  const queue = new SearchPageQueue(base, (url, html) => {
    added.push(
      index
        .then(async (started) => {
          // Pagefind could not start: `writeSearchIndex` starts it again and says why if it fails.
          if (!started) return;
          const answer = await started.addHTMLFile({ url, content: html });
          errors.push(...answer.errors);
        })
        .catch((error: unknown) => void errors.push(error instanceof Error ? error.message : String(error))),
    );
    if (early && added.length === early.reportPages && opened.early === undefined) {
      // The last report's page: the index is written while Astro builds the other pages.
      const pages = added.length;
      const written = Promise.all(added).then(async () => {
        const started = await index;
        if (!started) return ['Pagefind could not start'];
        return errors.length > 0 ? [...errors] : writeIndexFiles(started, early.folder);
      });
      opened.early = { folder: early.folder, pages, written };
    }
  });
  const opened: OpenIndex = { index, queue, added, errors };
  open = opened;
  setSearchPageQueue(queue);
}

/** Writes the index of the pages added so far to `<siteFolder>/pagefind/`; the errors that kept it from being written, if any. */
async function writeIndexFiles(index: pagefind.PagefindIndex, siteFolder: string): Promise<string[]> {
  try {
    return (await index.writeFiles({ outputPath: join(siteFolder, 'pagefind') })).errors;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * Writes the index and Pagefind's scripts to `<siteFolder>/pagefind/`: from the
 * pages handed over while they were rendered when they are every report's page
 * built (already written when the last of them came, see `EarlyWrite`), else (no
 * index was opened, a page was restored from a cache without being rendered)
 * from the reports' pages below `siteFolder`.
 *
 * @param siteFolder the folder holding Hindsight's pages (`dist/`, or `dist/<prefix>/`)
 * @returns how many pages were indexed: those with a `data-pagefind-body` (the reports)
 * @throws {SearchIndexError} with Pagefind's own messages when it fails
 */
export async function writeSearchIndex(siteFolder: string): Promise<number> {
  const opened = open;
  open = undefined;
  setSearchPageQueue(undefined);
  opened?.queue.drain();
  const outputPath = join(siteFolder, 'pagefind');
  try {
    await Promise.all(opened?.added ?? []);
    let index = await opened?.index;
    // Every report's page came while it was rendered (none was restored from a cache without rendering, no page
    // failed in Pagefind): the index is complete. Otherwise it is made again from the built pages.
    const complete = index !== undefined && opened!.errors.length === 0 && opened!.added.length === (await builtReportPages(siteFolder));
    const early = opened?.early;
    const writtenEarly = complete && early !== undefined && early.folder === siteFolder && early.pages === opened!.added.length;
    let writeErrors: string[];
    if (writtenEarly) {
      writeErrors = await early.written;
    } else {
      if (early) {
        // An index written for pages that were not all of them: made again, and nothing of it left behind.
        await early.written;
        await rm(join(early.folder, 'pagefind'), { recursive: true, force: true });
      }
      if (!complete) {
        if (index) await index.deleteIndex();
        const created = await pagefind.createIndex({});
        if (!created.index) throw new SearchIndexError(`Pagefind could not start: ${created.errors.join('; ')}`);
        index = created.index;
        // Only the reports' pages carry `data-pagefind-body`, so only they are read: the lists are most of the
        // site's HTML, and Pagefind would parse them all to find nothing to index.
        const added = await index.addDirectory({ path: siteFolder, glob: reportPagesGlob });
        if (added.errors.length > 0) throw new SearchIndexError(`Pagefind could not index ${siteFolder}: ${added.errors.join('; ')}`);
      }
      writeErrors = await writeIndexFiles(index!, siteFolder);
    }
    if (writeErrors.length > 0) throw new SearchIndexError(`Pagefind could not write its index: ${writeErrors.join('; ')}`);
    // The entry file counts the pages in the index (not every page scanned).
    const entry = JSON.parse(await readFile(join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
    return Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
  } catch (error) {
    // Pagefind's process failing or its entry file unreadable: the same situation, and the same hint, as the errors it reports.
    throw error instanceof SearchIndexError ? error : new SearchIndexError(error instanceof Error ? error.message : String(error));
  } finally {
    await pagefind.close();
  }
}

/** How many reports' pages were built below `siteFolder` (`postmortems/<id>/index.html`). */
async function builtReportPages(siteFolder: string): Promise<number> {
  const folder = join(siteFolder, reportPagesFolder);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  let count = 0;
  for (const entry of entries) if (entry.isDirectory() && existsSync(join(folder, entry.name, 'index.html'))) count++;
  return count;
}

/** Pagefind failed: the pages are built, only the search index is missing. */
export class SearchIndexError extends AstroError {
  constructor(message: string) {
    super(message, 'The pages were built; run `npx pagefind --site dist` to see Pagefind’s own output.');
    this.name = 'SearchIndexError';
  }
}
