/**
 * The search index, written by Pagefind's Node API once the pages are built, so
 * that `astro build` alone makes the whole site (as Starlight does).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Indexes the built pages below `siteFolder` and writes the index and Pagefind's
 * scripts to `<siteFolder>/pagefind/`.
 *
 * @param siteFolder the folder holding Hindsight's pages (`dist/`, or `dist/<prefix>/`)
 * @returns how many pages were indexed: those with a `data-pagefind-body` (the reports), not every page scanned
 * @throws {Error} with Pagefind's own messages when it fails
 */
export async function writeSearchIndex(siteFolder: string): Promise<number> {
  const { index, errors: createErrors } = await pagefind.createIndex({});
  try {
    if (!index) throw new Error(`Pagefind could not start: ${createErrors.join('; ')}`);
    const added = await index.addDirectory({ path: siteFolder });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteFolder}: ${added.errors.join('; ')}`);
    const outputPath = join(siteFolder, 'pagefind');
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    // `page_count` above counts every page scanned; the entry file counts the pages in the index.
    const entry = JSON.parse(await readFile(join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
    return Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
  } finally {
    await pagefind.close();
  }
}
