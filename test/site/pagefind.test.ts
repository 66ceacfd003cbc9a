/**
 * src/astro/pagefind.ts: the search index is made from the reports' search
 * documents during the build, with Pagefind's own binary (no browser needed),
 * written while the pages would be rendered, and moved into the built site.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { constants, getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { afterEach, describe, expect, it } from 'vitest';
import { hindsightLoader } from '../../src/astro/loader.ts';
import { fragmentFiles, indexReports, requestSearchIndex, writeSearchIndex } from '../../src/astro/pagefind.ts';
import { report } from '../../src/lib/rules/examples.ts';
import type { SearchDocument } from '../../src/lib/site/search-document.ts';
import { makeProject } from '../helpers.ts';
import { searchSite } from '../package/fixture.ts';
import { fakeContext } from './loader-context.ts';

/** A report's search document: its title and a line of text with a word of its own. */
const document = (id: string, word: string, severity = 'sev2'): SearchDocument => ({
  url: `/postmortems/${id}/`,
  html: `<!DOCTYPE html><html lang="en"><head><title>${id}</title></head><body><article data-pagefind-body><span data-pagefind-ignore data-pagefind-filter="severity">${severity}</span><h1 data-pagefind-meta="title">${id}</h1><p>The ${word} failed.</p></article></body></html>`,
});

const documents = [document('2024-03-01-api-down', 'gateway', 'sev1'), document('2024-04-02-db-full', 'tablespace'), document('2024-05-03-dns', 'resolver')];

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

/** The folders the index is written to before it is moved into the built site. */
async function stagedIndexes(root: string): Promise<string[]> {
  const cache = join(root, 'node_modules', '.cache', 'hindsight');
  return (await readdir(cache).catch(() => [])).filter((name) => name.startsWith('search-index-'));
}

describe('the search index', () => {
  const folders: string[] = [];
  const folder = async () => {
    const made = await mkdtemp(join(tmpdir(), 'hindsight-pagefind-'));
    folders.push(made);
    return made;
  };
  afterEach(async () => {
    for (const made of folders.splice(0)) await rm(made, { recursive: true, force: true });
  });

  it('is written from the documents before the build is over, then moved into the built site, and finds their words', async () => {
    const root = await folder();
    const site = join(root, 'dist');
    requestSearchIndex(root);
    indexReports(documents);
    // Written while Astro would bundle and render the pages: before `writeSearchIndex` is called.
    const written = async () =>
      (await stagedIndexes(root)).some((name) => existsSync(join(root, 'node_modules', '.cache', 'hindsight', name, 'pagefind-entry.json')));
    for (let wait = 0; wait < 300 && !(await written()); wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await written()).toBe(true);
    expect(await writeSearchIndex(site)).toBe(documents.length);
    expect(await readdir(join(site, 'pagefind'))).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-entry.json']));
    // Readable as the rest of the site is (a web server running as another user serves it), not private as its staging folder.
    expect((await stat(join(site, 'pagefind'))).mode & 0o777).toBe((await stat(site)).mode & 0o777);
    expect((await stat(site)).mode & 0o005).toBe(0o005);
    expect(await stagedIndexes(root)).toEqual([]);
    const found = await searchSite(site, await folder(), ['tablespace', 'resolver', 'xylophone', '--filters']);
    expect(found).toMatchObject({ tablespace: ['/postmortems/2024-04-02-db-full/'], resolver: ['/postmortems/2024-05-03-dns/'], xylophone: [] });
    expect(found['--filters']).toEqual({ severity: { sev1: 1, sev2: 2 } });
  });

  it('writes a fragment file per report up to a limit, and past it shares files between reports, which are still found', async () => {
    const many = [...documents, document('2024-06-04-queue', 'backlog'), document('2024-07-05-cdn', 'purge')];
    const fragments = async (limit?: number) => {
      const root = await folder();
      requestSearchIndex(root, limit);
      indexReports(many);
      expect(await writeSearchIndex(join(root, 'dist'))).toBe(many.length);
      return { site: join(root, 'dist'), files: await readdir(join(root, 'dist', 'pagefind', 'fragment')) };
    };
    // Below the limit: one file per report, as Pagefind writes by default.
    expect(fragmentFiles).toBe(1000);
    expect((await fragments()).files).toHaveLength(many.length);
    const shared = await fragments(2);
    expect(shared.files.length).toBeGreaterThan(0);
    expect(shared.files.length).toBeLessThanOrEqual(2);
    // A result's page, read from a shared file.
    const found = await searchSite(shared.site, await folder(), ['gateway', 'backlog', 'purge']);
    expect(found).toEqual({
      gateway: ['/postmortems/2024-03-01-api-down/'],
      backlog: ['/postmortems/2024-06-04-queue/'],
      purge: ['/postmortems/2024-07-05-cdn/'],
    });
  });

  it('runs Pagefind at a low priority, so that the pages it is written beside render first', async () => {
    // A new Pagefind process for this test: the one an earlier test started is closed.
    await pagefind.close();
    const started: ChildProcess[] = [];
    const watch = (message: unknown) => started.push((message as { process: ChildProcess }).process);
    subscribe('child_process', watch);
    try {
      const root = await folder();
      requestSearchIndex(root);
      indexReports(documents);
      expect(await writeSearchIndex(join(root, 'dist'))).toBe(documents.length);
    } finally {
      unsubscribe('child_process', watch);
    }
    const service = started.find((child) => /pagefind/.test(child.spawnfile));
    expect(service?.pid).toBeDefined();
    expect(getPriority(service!.pid!)).toBe(constants.priority.PRIORITY_LOW);
    // This process keeps its own priority.
    expect(getPriority()).toBe(constants.priority.PRIORITY_NORMAL);
  });

  it('is the same index for the same documents in the same order, and another in another order', async () => {
    const indexed = async (order: readonly SearchDocument[]) => {
      const root = await folder();
      requestSearchIndex(root);
      indexReports(order);
      await writeSearchIndex(join(root, 'dist'));
      return indexDigest(join(root, 'dist'));
    };
    const first = await indexed(documents);
    expect(await indexed(documents)).toBe(first);
    // Pagefind's index depends on the order documents are added: the loader adds them in the files' order.
    expect(await indexed(documents.toReversed())).not.toBe(first);
  });

  it('goes below a route prefix, and replaces an index left there', async () => {
    const root = await folder();
    const prefixed = join(root, 'dist', 'docs', 'incidents');
    await mkdir(join(prefixed, 'pagefind'), { recursive: true });
    await writeFile(join(prefixed, 'pagefind', 'stale.txt'), 'left by hand');
    requestSearchIndex(root);
    indexReports(documents);
    expect(await writeSearchIndex(prefixed)).toBe(documents.length);
    expect(existsSync(join(prefixed, 'pagefind', 'stale.txt'))).toBe(false);
  });

  it('removes the folders interrupted builds left in the cache a day ago or more, and no other', async () => {
    const root = await folder();
    const cache = join(root, 'node_modules', '.cache', 'hindsight');
    for (const name of ['search-index-old', 'search-index-running', 'parses']) await mkdir(join(cache, name), { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    for (const name of ['search-index-old', 'parses']) await utimes(join(cache, name), twoDaysAgo, twoDaysAgo);
    requestSearchIndex(root);
    indexReports(documents);
    await writeSearchIndex(join(root, 'dist'));
    expect((await readdir(cache)).sort()).toEqual(['parses', 'search-index-running']);
  });

  it("is written in the system's temporary folder when the project's cache cannot be made", async () => {
    const root = await folder();
    // A file where the cache folder would go.
    await writeFile(join(root, 'node_modules'), '');
    requestSearchIndex(root);
    indexReports(documents);
    expect(await writeSearchIndex(join(root, 'dist'))).toBe(documents.length);
  });

  it('is not made when no build asked for one (`astro sync`, the dev server); alone, `writeSearchIndex` writes an empty one', async () => {
    const root = await folder();
    let made = 0;
    indexReports(
      (function* () {
        made++;
        yield* documents;
      })(),
    );
    expect(made).toBe(0);
    expect(await writeSearchIndex(join(root, 'dist'))).toBe(0);
    expect(existsSync(join(root, 'dist', 'pagefind', 'pagefind.js'))).toBe(true);
  });

  it("is made from a build's sync: one document per stored report, in the files' order", async () => {
    const root = await makeProject({
      'postmortems/2024-03-01-api-down.md': report({ title: 'Gateway refused every request' }),
      'postmortems/2024-03-08-queue.md': report({ date: '2024-03-08', title: 'Queue stalled behind a poison message' }),
    });
    folders.push(root);
    requestSearchIndex(root);
    await hindsightLoader().load(fakeContext(root).context);
    const site = join(root, 'dist');
    expect(await writeSearchIndex(site)).toBe(2);
    const found = await searchSite(site, await folder(), ['poison', 'gateway']);
    expect(found).toMatchObject({ poison: ['/postmortems/2024-03-08-queue/'], gateway: ['/postmortems/2024-03-01-api-down/'] });
  });
});
