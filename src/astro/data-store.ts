/**
 * Astro's data store, made one byte per character before the build bundles it.
 *
 * The content sync writes every stored report to `<cacheDir>/data-store.json`,
 * and the build turns that file into a module, `export default JSON.parse("…")`,
 * which Node compiles when the first page asks for a collection. The file is
 * UTF-8, so a single character above U+00FF anywhere in it (an ellipsis, a
 * curly quote, a name in another script) makes the whole string two bytes per
 * character in V8: at 10,000 reports, 46 MB of JSON became 92 MB strings at each
 * step, and the module took 2.3 to 2.7 s to compile, on the build's one thread,
 * before any page was rendered. Written in ASCII alone, with `\u` escapes that
 * JSON reads back as the same characters (`asciiJson`), it compiles in 0.6 s;
 * reading, rewriting and writing it takes about 0.4 s.
 *
 * The file is Astro's cache, rewritten whole by every sync; it is replaced
 * atomically (a new file renamed over it), so a reader never sees half of it.
 * Anything unexpected (no such file, a layout this version of Astro does not
 * have, a disk error) leaves the file as Astro wrote it: the build is then only
 * slower, never different.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { asciiJson } from '../lib/text.ts';

/** The file the content sync writes the store to, in Astro's cache folder (Astro's `getDataStoreFile` for a build). */
export const dataStoreFileName = 'data-store.json';

/**
 * Rewrites the build's data store in ASCII, when it holds any other character.
 *
 * @param cacheDir Astro's `cacheDir` (`node_modules/.astro/` by default)
 * @returns whether the file was rewritten
 */
export async function writeDataStoreInAscii(cacheDir: URL): Promise<boolean> {
  const file = new URL(dataStoreFileName, cacheDir);
  let text: string;
  try {
    // Read and decoded in one step. Reading the bytes first (46 MB outside V8's heap) was 0.15 s quicker, but V8 then
    // collected on its own before the build proper, and at 10,000 reports the pages took 4 to 5 s longer in four
    // builds of four (its heap, left small, grew through the rendering) where this read left it as the sync had it.
    text = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  // Only a JSON document is Astro's store: the escapes mean the same characters only to a JSON reader.
  if (!/^\s*[[{]/.test(text)) return false;
  const ascii = asciiJson(text);
  // The very same string when there was nothing to escape.
  if (ascii === text) return false;
  const temporary = new URL(`${dataStoreFileName}.${process.pid}.tmp`, cacheDir);
  try {
    await writeFile(temporary, ascii);
    await rename(temporary, file);
    return true;
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}
