/**
 * The search index, written by Pagefind's Node API once the pages are built, so
 * that `astro build` alone makes the whole site (as Starlight does).
 */
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Indexes the built pages below `siteFolder` and writes the index and Pagefind's
 * scripts to `<siteFolder>/pagefind/`.
 *
 * @param siteFolder the folder holding Hindsight's pages (`dist/`, or `dist/<prefix>/`)
 * @returns how many pages were indexed
 * @throws {Error} with Pagefind's own messages when it fails
 */
export async function writeSearchIndex(siteFolder: string): Promise<number> {
  const { index, errors: createErrors } = await pagefind.createIndex({});
  try {
    if (!index) throw new Error(`Pagefind could not start: ${createErrors.join('; ')}`);
    const added = await index.addDirectory({ path: siteFolder });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteFolder}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(siteFolder, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
