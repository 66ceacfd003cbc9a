/**
 * The search index, written by Pagefind's Node API during the build, so that
 * `astro build` alone makes the whole site (as Starlight does).
 *
 * What is indexed is each stored report's search document
 * (src/lib/site/search-document.ts), not its built page, so the index does not
 * wait for the pages: the loader hands the documents over as the content sync
 * stores the reports (`indexReports`), and Pagefind, a process of its own,
 * writes the index on another core while Astro bundles and renders the pages.
 * Astro empties `dist/` before it bundles, so the index is written to a folder
 * of its own, and `writeSearchIndex` moves it into the built site once the
 * pages are built.
 *
 * The integration and the loader are loaded through different module graphs
 * (the Astro config's and the content config's), in one process: they meet
 * under a registered symbol, as the settings do (settings.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { constants, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AstroError } from 'astro/errors';
import * as pagefind from 'pagefind';
import type { SearchDocument } from '../lib/site/search-document.ts';

/** A build's search index: asked for by the integration, filled and written from the loader's sync. */
interface BuildIndex {
  /** The project root: the index is written below its `node_modules/.cache/hindsight/`. */
  root: string;
  /** The most fragment files the index may have (Pagefind's `maxFragments`). */
  fragmentFiles: number;
  /** The index being written, once the sync handed the documents over. */
  written?: Promise<WrittenIndex>;
}

/** An index Pagefind wrote to a folder of its own, or why it could not. */
type WrittenIndex = { folder: string } | { errors: string[] };

const key = Symbol.for('hindsight-postmortems.search-index');

/** The name of a folder an index is written to before it is moved into the built site, less its random end. */
const stagingPrefix = 'search-index-';

function current(): BuildIndex | undefined {
  return (globalThis as Record<symbol, unknown>)[key] as BuildIndex | undefined;
}

function setCurrent(index: BuildIndex | undefined): void {
  (globalThis as Record<symbol, unknown>)[key] = index;
}

/**
 * The most fragment files an index has. Pagefind writes a fragment (a result's
 * title, excerpt text and metadata) per page; past this many pages it writes
 * them in shared files instead, a few pages to a file. At 10,000 reports that
 * is 1,298 files instead of 10,298, and Pagefind spends 3 to 5 s less processor
 * time making files (measured: 16 to 18 s in all instead of 19 to 22 s), time it
 * otherwise takes from the rendering of the pages on a machine of two cores. A
 * reader's search fetches one file per result shown either way, of about 8 KB
 * instead of 1 KB. A site of up to this many reports is indexed as before.
 */
export const fragmentFiles = 1000;

/**
 * Says whether this process builds the site, so the loader's sync hands its
 * reports to a search index: `astro sync` and the dev server make none.
 *
 * @param root the project root of a build; `undefined` for any other command
 * @param maxFragmentFiles the most fragment files the index may have (`fragmentFiles`; tests give fewer)
 */
export function requestSearchIndex(root: string | undefined, maxFragmentFiles = fragmentFiles): void {
  setCurrent(root === undefined ? undefined : { root, fragmentFiles: maxFragmentFiles });
}

/**
 * Hands a build's reports to Pagefind and starts writing the index, in the
 * background: `writeSearchIndex` waits for it. Does nothing when no build asked
 * for an index. The documents are added in the order given (Pagefind's index
 * depends on it), so two builds of the same reports write the same index.
 */
export function indexReports(documents: Iterable<SearchDocument>): void {
  const build = current();
  if (build) build.written = startIndex(build, documents);
}

/** The diagnostics channel on which Node announces each new child process. */
const childProcessChannel = 'child_process';

/**
 * Pagefind's `createIndex`, its service process (which the first call starts)
 * given a low scheduling priority. The index is written while Astro renders the
 * pages on one thread; at 10,000 reports Pagefind spends about 19 s of processor
 * time on its threads, and on a machine of two cores it took them from the
 * rendering (which took 4 to 5 s longer). At a low priority it has what the
 * rendering leaves, and all of it once the build waits for the index. A priority
 * the system refuses is left as it is.
 */
function createIndexAtLowPriority(config: pagefind.PagefindServiceConfig): ReturnType<typeof pagefind.createIndex> {
  const lower = (message: unknown) => {
    const child = (message as { process?: ChildProcess }).process;
    // Announced as it is made, before it runs: what it runs and its process id are known once it has started.
    child?.once('spawn', () => {
      try {
        if (child.pid !== undefined && /pagefind/i.test(child.spawnfile)) setPriority(child.pid, constants.priority.PRIORITY_LOW);
      } catch {
        // Not allowed here: Pagefind runs at the build's priority, as before.
      }
    });
  };
  // Node announces each child process on this channel as it is created: Pagefind's API does not give its process.
  subscribe(childProcessChannel, lower);
  try {
    return pagefind.createIndex(config);
  } finally {
    unsubscribe(childProcessChannel, lower);
  }
}

/** Adds the documents to a new Pagefind index, and writes it to a folder of its own as soon as they are in. */
function startIndex({ root, fragmentFiles: maxFragments }: BuildIndex, documents: Iterable<SearchDocument>): Promise<WrittenIndex> {
  const index = createIndexAtLowPriority({ maxFragments }).catch((error: unknown) => ({ index: undefined, errors: [messageOf(error)] }));
  const added = [...documents].map((document) =>
    index
      .then(async ({ index: started }) => (started ? (await started.addHTMLFile({ url: document.url, content: document.html })).errors : []))
      .catch((error: unknown) => [messageOf(error)]),
  );
  return (async (): Promise<WrittenIndex> => {
    const { index: started, errors } = await index;
    if (!started) return { errors: [`Pagefind could not start: ${errors.join('; ')}`] };
    const failed = (await Promise.all(added)).flat();
    if (failed.length > 0) return { errors: failed };
    const folder = await stagingFolder(root);
    const written = await started.writeFiles({ outputPath: folder }).catch((error: unknown) => ({ errors: [messageOf(error)] }));
    if (written.errors.length === 0) return { folder };
    await rm(folder, { recursive: true, force: true });
    return { errors: written.errors };
  })().catch((error: unknown) => ({ errors: [messageOf(error)] }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How old a folder an interrupted build left in the cache must be to be removed: older than any build still running. */
const leftoverAge = 24 * 60 * 60 * 1000;

/**
 * A new folder for the index until the pages are built: in the project's cache
 * (same disk as `dist/`, so it moves by renaming), else the system's. The folders
 * that interrupted builds left there a day or more ago go.
 */
async function stagingFolder(root: string): Promise<string> {
  const cache = join(root, 'node_modules', '.cache', 'hindsight');
  try {
    await mkdir(cache, { recursive: true });
    for (const name of await readdir(cache)) {
      if (!name.startsWith(stagingPrefix)) continue;
      const folder = join(cache, name);
      const changed = await stat(folder).then(
        (found) => found.mtimeMs,
        () => Date.now(),
      );
      if (Date.now() - changed > leftoverAge) await rm(folder, { recursive: true, force: true });
    }
    return await mkdtemp(join(cache, stagingPrefix));
  } catch {
    return mkdtemp(join(tmpdir(), `hindsight-${stagingPrefix}`));
  }
}

/**
 * Puts the index the sync started into `<siteFolder>/pagefind/`, with Pagefind's
 * scripts, once it is written. A build whose sync handed nothing over gets an
 * empty index, so the search page still works.
 *
 * @param siteFolder the folder holding Hindsight's pages (`dist/`, or `dist/<prefix>/`)
 * @returns how many reports are in the index
 * @throws {SearchIndexError} with Pagefind's own messages when it fails
 */
export async function writeSearchIndex(siteFolder: string): Promise<number> {
  // No sync handed reports over (`writeSearchIndex` alone): an index of none.
  const build = current() ?? { root: tmpdir(), fragmentFiles };
  setCurrent(undefined);
  let staged: string | undefined;
  try {
    const written = await (build.written ?? startIndex(build, []));
    if ('errors' in written) throw new SearchIndexError(`Pagefind could not write the search index: ${written.errors.join('; ')}`);
    staged = written.folder;
    const outputPath = join(siteFolder, 'pagefind');
    await rm(outputPath, { recursive: true, force: true });
    await mkdir(siteFolder, { recursive: true });
    await rename(staged, outputPath).catch(async (error: NodeJS.ErrnoException) => {
      // Another disk (the system's temporary folder): copied instead.
      if (error.code !== 'EXDEV') throw error;
      await cp(staged!, outputPath, { recursive: true });
    });
    // The staging folder was made private (`mkdtemp`: 0700): the index is published like the rest of the site.
    await chmod(outputPath, (await stat(siteFolder)).mode & 0o777);
    // The entry file counts the pages in the index.
    const entry = JSON.parse(await readFile(join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
    return Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
  } catch (error) {
    // Pagefind's process failing or its entry file unreadable: the same situation, and the same hint, as the errors it reports.
    throw error instanceof SearchIndexError ? error : new SearchIndexError(messageOf(error));
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
    await pagefind.close();
  }
}

/** Pagefind failed: the pages are built, only the search index is missing. */
export class SearchIndexError extends AstroError {
  constructor(message: string) {
    super(message, 'The pages were built; only the search index is missing. Build again, and report the message above if it stays.');
    this.name = 'SearchIndexError';
  }
}
