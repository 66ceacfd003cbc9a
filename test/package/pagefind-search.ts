/**
 * Searches a built site's Pagefind index the way the site's search page does,
 * with Pagefind's own browser bundle, in Node: the bundle is copied to an `.mjs`
 * file (the site's package.json may say `"type": "commonjs"`), and `fetch` of
 * `file:` URLs (the index files) is answered from disk.
 *
 * Usage: node test/package/pagefind-search.ts <dist> <scratch folder> <term>…
 * Prints `{ "<term>": ["/postmortems/<id>/", …], … }`; the term `--filters`
 * gives the index's filters and their counts instead (`{ "severity": { "sev1": 2 } }`).
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface PagefindResult {
  data(): Promise<{ url: string }>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: PagefindResult[] }>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

const [dist, scratch, ...terms] = process.argv.slice(2);
if (!dist || !scratch || terms.length === 0) {
  console.error('Usage: node test/package/pagefind-search.ts <dist> <scratch folder> <term>…');
  process.exit(2);
}

const networkFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== 'file:') return networkFetch(input, init);
  try {
    return new Response(await readFile(fileURLToPath(url)), { status: 200 });
  } catch {
    return new Response(null, { status: 404, statusText: 'Not Found' });
  }
};

const bundle = join(scratch, 'pagefind.mjs');
await copyFile(join(dist, 'pagefind', 'pagefind.js'), bundle);
const pagefind = (await import(pathToFileURL(bundle).href)) as Pagefind;
// The index is read from disk; result URLs are site paths, as the search page shows them.
await pagefind.options({ basePath: `${pathToFileURL(join(dist, 'pagefind')).href}/`, baseUrl: '/' });

const found: Record<string, unknown> = {};
for (const term of terms) {
  if (term === '--filters') {
    found[term] = await pagefind.filters();
    continue;
  }
  const search = await pagefind.search(term);
  found[term] = (await Promise.all(search.results.map((result) => result.data()))).map((data) => data.url).sort();
}
console.log(JSON.stringify(found));
