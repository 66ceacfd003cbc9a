/**
 * src/astro/pagefind.ts and search-pages.ts: the search index is written from
 * the reports' pages alone, with Pagefind's own binary (no browser needed),
 * either handed over as they are rendered or read from the built folder.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSearchIndex, writeSearchIndex } from '../../src/astro/pagefind.ts';
import { SearchPageQueue, searchPageQueue } from '../../src/astro/search-pages.ts';

const page = (title: string, indexed: boolean) =>
  `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body><main${indexed ? ' data-pagefind-body' : ''}><h1>${title}</h1><p>The ${title} text.</p></main></body></html>`;

const reports = ['2024-03-01-api-down', '2024-04-02-db-full', '2024-05-03-dns', '2024-06-04-tls', '2024-07-05-queue'];

/** A built site: every report's page, a list page marked for indexing (never to be read) and another page. */
async function builtSite(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'hindsight-pagefind-'));
  const files: Record<string, string> = { 'index.html': page('Every report', true), 'actions/index.html': page('Action items', false) };
  for (const id of reports) files[`postmortems/${id}/index.html`] = page(id, true);
  for (const [path, html] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), html);
  }
  return folder;
}

/** A digest of the index Pagefind wrote: its files' names and bytes. */
async function indexDigest(folder: string): Promise<string> {
  const digest = createHash('sha256');
  const root = join(folder, 'pagefind');
  for (const entry of (await readdir(root, { recursive: true, withFileTypes: true })).filter((file) => file.isFile())) {
    const path = join(entry.parentPath, entry.name);
    digest.update(path.slice(root.length)).update(await readFile(path));
  }
  return digest.digest('hex');
}

/** Opens the index, hands the pages over (rendered under `base`) finishing in the order given, and writes it. */
async function handOver(folder: string, finishing: number[], base = '/'): Promise<number> {
  openSearchIndex(base);
  const queue = searchPageQueue()!;
  // Every page takes its ticket when it starts, in path order; a list page and an endpoint come between the reports.
  const tickets = [queue.take(), ...reports.map(() => queue.take()), queue.take()];
  queue.settle(tickets[0]!, `${base}`, page('Every report', true));
  queue.settle(tickets.at(-1)!, `${base}stats.json`, undefined);
  for (const position of finishing) queue.settle(tickets[position + 1]!, `${base}postmortems/${reports[position]}/`, page(reports[position]!, true));
  return writeSearchIndex(folder);
}

describe('the search index', () => {
  const folders: string[] = [];
  afterEach(async () => {
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  it("indexes every report's page from the built folder, and reads no other page, even one marked for indexing", async () => {
    const folder = await builtSite();
    folders.push(folder);
    expect(await writeSearchIndex(folder)).toBe(reports.length);
    expect(await readdir(join(folder, 'pagefind'))).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-entry.json']));
  });

  it('writes the same index whatever order the handed-over pages finish rendering in', async () => {
    const inOrder = await builtSite();
    const shuffled = await builtSite();
    folders.push(inOrder, shuffled);
    expect(await handOver(inOrder, [0, 1, 2, 3, 4])).toBe(reports.length);
    expect(await handOver(shuffled, [3, 1, 4, 0, 2])).toBe(reports.length);
    expect(await indexDigest(shuffled)).toBe(await indexDigest(inOrder));
    // Pagefind's index depends on the order pages are added: reversed, it is another index (the order is what is kept).
    const reversed = await builtSite();
    folders.push(reversed);
    openSearchIndex('/');
    const queue = searchPageQueue()!;
    for (const id of reports.toReversed()) queue.settle(queue.take(), `/postmortems/${id}/`, page(id, true));
    await writeSearchIndex(reversed);
    expect(await indexDigest(reversed)).not.toBe(await indexDigest(inOrder));
  });

  it("writes the index as soon as the last report's page came, the same index as at the end of the build", async () => {
    const atTheEnd = await builtSite();
    const early = await builtSite();
    folders.push(atTheEnd, early);
    await handOver(atTheEnd, [0, 1, 2, 3, 4]);
    openSearchIndex('/', { folder: early, reportPages: reports.length });
    const queue = searchPageQueue()!;
    for (const id of reports) queue.settle(queue.take(), `/postmortems/${id}/`, page(id, true));
    // Written while the build goes on: before `writeSearchIndex` is called.
    const entry = join(early, 'pagefind', 'pagefind-entry.json');
    for (let wait = 0; wait < 200 && !existsSync(entry); wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(entry)).toBe(true);
    expect(await writeSearchIndex(early)).toBe(reports.length);
    expect(await indexDigest(early)).toBe(await indexDigest(atTheEnd));
  });

  it('makes the index again when the report pages expected are not the ones built, leaving nothing of the early one', async () => {
    const expected = await builtSite();
    const folder = await builtSite();
    const elsewhere = await builtSite();
    folders.push(expected, folder, elsewhere);
    await handOver(expected, [0, 1, 2, 3, 4]);
    // Two pages expected, and written early into another folder; five built.
    openSearchIndex('/', { folder: elsewhere, reportPages: 2 });
    const queue = searchPageQueue()!;
    for (const id of reports) queue.settle(queue.take(), `/postmortems/${id}/`, page(id, true));
    expect(await writeSearchIndex(folder)).toBe(reports.length);
    expect(await indexDigest(folder)).toBe(await indexDigest(expected));
    expect(existsSync(join(elsewhere, 'pagefind'))).toBe(false);
  });

  it("reads the built folder when the hand-over missed a report's page (one restored from a cache without rendering)", async () => {
    const folder = await builtSite();
    folders.push(folder);
    openSearchIndex('/docs/');
    const queue = searchPageQueue()!;
    queue.settle(queue.take(), `/docs/postmortems/${reports[0]}/`, page(reports[0]!, true));
    expect(await writeSearchIndex(folder)).toBe(reports.length);
    expect(searchPageQueue()).toBeUndefined();
  });
});

describe('SearchPageQueue', () => {
  it("adds the reports' pages below the base in the order they started, skipping other pages and failed renders", () => {
    const added: string[] = [];
    const queue = new SearchPageQueue('/docs/incidents/', (url) => added.push(url));
    const [first, list, second, failed, outside, third] = [queue.take(), queue.take(), queue.take(), queue.take(), queue.take(), queue.take()];
    queue.settle(third!, '/docs/incidents/postmortems/c/', '<html></html>');
    queue.settle(second!, '/docs/incidents/postmortems/b/', '<html></html>');
    expect(added).toEqual([]);
    queue.settle(first!, '/docs/incidents/postmortems/a/', '<html></html>');
    queue.settle(list!, '/docs/incidents/page/2/', '<html></html>');
    expect(added).toEqual(['/postmortems/a/', '/postmortems/b/']);
    queue.settle(failed!, '/docs/incidents/postmortems/x/', undefined);
    queue.settle(outside!, '/postmortems/d/', '<html></html>');
    expect(added).toEqual(['/postmortems/a/', '/postmortems/b/', '/postmortems/c/']);
  });

  it('drains, in order, the pages waiting behind one that never settled', () => {
    const added: string[] = [];
    const queue = new SearchPageQueue('/', (url) => added.push(url));
    const [stuck, later, last] = [queue.take(), queue.take(), queue.take()];
    queue.settle(last!, '/postmortems/c/', '<html></html>');
    queue.settle(later!, '/postmortems/b/', '<html></html>');
    expect(stuck).toBe(0);
    expect(added).toEqual([]);
    queue.drain();
    expect(added).toEqual(['/postmortems/b/', '/postmortems/c/']);
  });
});
