/**
 * The build's data store rewritten in ASCII before Astro bundles it
 * (src/astro/data-store.ts), directly and through the integration's
 * `astro:build:start` hook: the same values, one byte per character, and the
 * file left as Astro wrote it whenever anything is unexpected.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataStoreFileName, writeDataStoreInAscii } from '../../src/astro/data-store.ts';
import hindsight from '../../src/astro/integration.ts';
import { makeProject } from '../helpers.ts';

/**
 * A store's JSON, with characters from several scripts and outside the Basic
 * Multilingual Plane. Astro writes its store with devalue, as one JSON array of
 * the flattened values; any JSON document is rewritten the same way.
 */
const storeJson = JSON.stringify([
  ['Map', 1],
  ['postmortems', { id: 'checkout', data: { title: 'Checkout “latency” — 東京 😀', summary: 'Résumé…', services: ['café'] } }],
  ['plain', { id: 'plain', data: { title: 'Plain ASCII', summary: 'Nothing to escape', services: [] } }],
]);

/** A new cache folder holding `text` as its data store; its URL ends in `/`, as Astro's `cacheDir` does. */
async function cacheWith(text: string | undefined): Promise<{ folder: string; cacheDir: URL; file: string }> {
  const folder = await makeProject(text === undefined ? {} : { [dataStoreFileName]: text });
  return { folder, cacheDir: pathToFileURL(`${folder}/`), file: join(folder, dataStoreFileName) };
}

describe('writeDataStoreInAscii', () => {
  it('rewrites a store holding characters above U+007F in ASCII, with the same values', async () => {
    const original = storeJson;
    expect(original).toMatch(/[^\x00-\x7f]/);
    const { folder, cacheDir, file } = await cacheWith(original);
    await expect(writeDataStoreInAscii(cacheDir)).resolves.toBe(true);
    const rewritten = await readFile(file, 'utf8');
    expect(rewritten).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.parse(rewritten)).toEqual(JSON.parse(original));
    // Replaced by renaming a whole new file over it: no temporary file is left beside it.
    expect(await readdir(folder)).toEqual([dataStoreFileName]);
  });

  it('leaves a store that is already ASCII untouched', async () => {
    const ascii = JSON.stringify([
      ['Map', 1],
      ['plain', { title: 'Plain ASCII', escaped: 'caf\\u00e9' }],
    ]);
    const { cacheDir, file } = await cacheWith(ascii);
    const before = await stat(file);
    await expect(writeDataStoreInAscii(cacheDir)).resolves.toBe(false);
    expect(await readFile(file, 'utf8')).toBe(ascii);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('does nothing without a store (a site with no content sync)', async () => {
    const { folder, cacheDir } = await cacheWith(undefined);
    await expect(writeDataStoreInAscii(cacheDir)).resolves.toBe(false);
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves a file that is not a JSON document as it is: the escapes mean the same characters only to a JSON reader', async () => {
    const module = 'export default "Résumé…";\n';
    const { cacheDir, file } = await cacheWith(module);
    await expect(writeDataStoreInAscii(cacheDir)).resolves.toBe(false);
    expect(await readFile(file, 'utf8')).toBe(module);
  });

  it('keeps the store as Astro wrote it when the new file cannot be written', async () => {
    const original = storeJson;
    const { cacheDir, file } = await cacheWith(original);
    // A folder where the new file would go: writing it fails (even for root, which permissions would not stop).
    await mkdir(new URL(`${dataStoreFileName}.${process.pid}.tmp`, cacheDir));
    await expect(writeDataStoreInAscii(cacheDir)).resolves.toBe(false);
    expect(await readFile(file, 'utf8')).toBe(original);
  });
});

describe("the integration's astro:build:start hook", () => {
  it("rewrites the data store in Astro's cache folder, as `astro:config:done` gave it", async () => {
    const original = storeJson;
    const { cacheDir, file } = await cacheWith(original);
    const { hooks } = hindsight();
    const configDone = hooks['astro:config:done'] as unknown as (context: unknown) => void;
    const buildStart = hooks['astro:build:start'] as unknown as (context: unknown) => Promise<void>;
    configDone({ config: { cacheDir } });
    await buildStart({ logger: { info: () => {}, warn: () => {} } });
    const rewritten = await readFile(file, 'utf8');
    expect(rewritten).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.parse(rewritten)).toEqual(JSON.parse(original));
  });
});
