/**
 * src/astro/pagefind.ts: the search index is written from the reports' pages
 * alone, with Pagefind's own binary (no browser needed).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../../src/astro/pagefind.ts';

const page = (title: string, indexed: boolean) =>
  `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body><main${indexed ? ' data-pagefind-body' : ''}><h1>${title}</h1><p>The ${title} text.</p></main></body></html>`;

describe('writeSearchIndex', () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("indexes every report's page and reads no other page, even one marked for indexing", async () => {
    folder = await mkdtemp(join(tmpdir(), 'hindsight-pagefind-'));
    const files: Record<string, string> = {
      'postmortems/2024-03-01-api-down/index.html': page('API down', true),
      'postmortems/2024-04-02-db-full/index.html': page('Database full', true),
      // A list page: were it read, its marked body would be a third page in the index.
      'index.html': page('Every report', true),
      'actions/index.html': page('Action items', false),
    };
    for (const [path, html] of Object.entries(files)) {
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), html);
    }
    expect(await writeSearchIndex(folder)).toBe(2);
    expect(await readdir(join(folder, 'pagefind'))).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-entry.json']));
  });
});
