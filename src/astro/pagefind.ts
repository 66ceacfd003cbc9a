/**
 * The search index, written by Pagefind's Node API once the pages are built, so
 * that `astro build` alone makes the whole site (as Starlight does).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AstroError } from 'astro/errors';
import * as pagefind from 'pagefind';

/** The reports' pages below the site's folder (the route `/postmortems/<id>/`), the only pages in the index. */
export const reportPagesGlob = 'postmortems/*/index.html';

/**
 * Indexes the reports' pages below `siteFolder` and writes the index and Pagefind's
 * scripts to `<siteFolder>/pagefind/`.
 *
 * @param siteFolder the folder holding Hindsight's pages (`dist/`, or `dist/<prefix>/`)
 * @returns how many pages were indexed: those with a `data-pagefind-body` (the reports), not every page scanned
 * @throws {SearchIndexError} with Pagefind's own messages when it fails
 */
export async function writeSearchIndex(siteFolder: string): Promise<number> {
  try {
    const { index, errors: createErrors } = await pagefind.createIndex({});
    if (!index) throw new SearchIndexError(`Pagefind could not start: ${createErrors.join('; ')}`);
    // Only the reports' pages carry `data-pagefind-body`, so only they are read: the lists are most of the
    // site's HTML, and Pagefind would parse them all to find nothing to index.
    const added = await index.addDirectory({ path: siteFolder, glob: reportPagesGlob });
    if (added.errors.length > 0) throw new SearchIndexError(`Pagefind could not index ${siteFolder}: ${added.errors.join('; ')}`);
    const outputPath = join(siteFolder, 'pagefind');
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new SearchIndexError(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    // `page_count` above counts every page scanned; the entry file counts the pages in the index.
    const entry = JSON.parse(await readFile(join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
    return Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
  } catch (error) {
    // Pagefind's process failing or its entry file unreadable: the same situation, and the same hint, as the errors it reports.
    throw error instanceof SearchIndexError ? error : new SearchIndexError(error instanceof Error ? error.message : String(error));
  } finally {
    await pagefind.close();
  }
}

/** Pagefind failed: the pages are built, only the search index is missing. */
export class SearchIndexError extends AstroError {
  constructor(message: string) {
    super(message, 'The pages were built; run `npx pagefind --site dist` to see Pagefind’s own output.');
    this.name = 'SearchIndexError';
  }
}
