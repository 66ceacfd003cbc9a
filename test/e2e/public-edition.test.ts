/**
 * The public edition, end to end: `npm run build` with `HINDSIGHT_AUDIENCE=public`
 * on a copy of the project with public and internal reports side by side
 * (test/fixtures/public-edition), built once. Every file under `dist/` (pages,
 * RSS, the calendar, `stats.json`, the search index with its gzip'd fragments) is
 * read, decompressed where needed, and must hold none of the words that mark an
 * internal report's id, title, text, authors, owners, service and tag, nor a public
 * report's authors, owners, internal sections and comments. The public reports
 * must be there, in every one of those outputs.
 */
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { searchSite } from '../package/fixture.ts';
import { buildProject, copyProject, projectRoot } from './project.ts';

const overlay = join(projectRoot, 'test/fixtures/public-edition');
const publicId = '2024-04-10-checkout-errors';
const againId = '2024-05-01-checkout-errors-again';

/** Words that mark what the public edition must leave out, and where each comes from. */
const markers: Record<string, string> = {
  zephyrquill: 'the internal report’s id',
  '2024-04-02-zephyrquill-ledger-outage': 'the internal report’s whole id',
  quasarbrine: 'the internal report’s title (also a public report’s link text to it)',
  vortelmoss: 'the internal report’s body',
  plumbrixa: 'the internal report’s authors',
  trellizard: 'the internal report’s action-item owner',
  glowthistle: 'the internal report’s `watch` entry',
  ledgerwhelk: 'the internal report’s only service',
  tagmarrow: 'the internal report’s only tag',
  glimmerfax: 'the public reports’ authors',
  snorvelt: 'a public action item’s `@owner`',
  kexlomb: 'a public action item’s Owner column',
  drubbleweft: 'a public report’s `## Internal notes`',
  '10.44.33.22': 'an address in `## Internal notes`',
  vexquorin: 'an e-mail address in `## Internal notes`',
  'grafana.corp.acme.example': 'an internal host in `## Internal notes`',
  frimbleton: 'a public report’s `## Root causes`, internal through the alias `Contributing Factors`',
  mossgrackle: 'an HTML comment in a public report',
  brindlewisp: 'a public draft',
  utoronto: 'the sample reports, internal by default',
  '2022-08-31-utoronto-azuread-secret-expired': 'a sample report’s id',
};

let dist = '';
/** Every file under dist/, by relative path, as text (gzip'd files decompressed). */
const files = new Map<string, string>();
let decompressed = 0;

/** Every file of a folder, as relative paths. */
async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(relative(folder, join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

beforeAll(async () => {
  const root = await copyProject({ overlay });
  await buildProject(root, { HINDSIGHT_AUDIENCE: 'public' });
  dist = join(root, 'dist');
  for (const file of await filesUnder(dist)) {
    let bytes = await readFile(join(dist, file));
    // Pagefind writes its index, metadata and page fragments gzip'd.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      bytes = gunzipSync(bytes);
      decompressed++;
    }
    files.set(file, bytes.toString('utf8'));
  }
});

const read = (file: string) => {
  const text = files.get(file);
  if (text === undefined) throw new Error(`dist/${file} was not built`);
  return text;
};

describe('a public build (HINDSIGHT_AUDIENCE=public)', () => {
  test('holds no internal id, title or text in any file, the search index decompressed', () => {
    expect(files.size).toBeGreaterThan(20);
    // The search index was read: its fragments are gzip'd, and they hold the public text.
    const fragments = [...files.keys()].filter((file) => file.endsWith('.pf_fragment'));
    expect(fragments.length).toBeGreaterThanOrEqual(2);
    expect(decompressed).toBeGreaterThanOrEqual(fragments.length);
    expect(fragments.some((file) => read(file).includes('lanternfish'))).toBe(true);
    const leaks: string[] = [];
    for (const [file, text] of files) {
      const lower = text.toLowerCase();
      for (const [marker, source] of Object.entries(markers)) if (lower.includes(marker.toLowerCase())) leaks.push(`dist/${file}: ${marker} (${source})`);
    }
    expect(leaks).toEqual([]);
  });

  test('the public reports are there: pages, RSS, calendar, stats.json, service and tag pages, search', async () => {
    const page = read(`postmortems/${publicId}/index.html`);
    expect(page).toContain('Checkout errors after a cache eviction storm');
    expect(page).toContain('lanternfish');
    // Links to the internal report became plain text; the public repeat links back.
    expect(page).toContain('an internal report');
    expect(page).toContain(`/postmortems/${againId}/`);
    expect(page).toContain('Spread cache evictions over time');
    expect(page).toContain('Alert on the cache hit rate');
    expect(read(`postmortems/${againId}/index.html`)).toContain('saffronquay');
    const rss = read('rss.xml');
    expect(rss).toContain('Checkout errors after a cache eviction storm');
    expect(rss).toContain('Checkout errors again after a cache restart');
    expect(read('calendar.ics')).toContain('Spread cache evictions over time');
    const stats = JSON.parse(read('stats.json')) as { reports: number };
    expect(stats.reports).toBe(2);
    expect(files.has('services/checkout/index.html')).toBe(true);
    expect(files.has('tags/cache/index.html')).toBe(true);
    const reports = [...files.keys()].filter((file) => /^postmortems\/[^/]+\/index\.html$/.test(file)).sort();
    expect(reports).toEqual([`postmortems/${publicId}/index.html`, `postmortems/${againId}/index.html`]);
    await expect(stat(join(dist, 'services/ledgerwhelk'))).rejects.toThrow();
  });

  test('the search finds the public reports and nothing of the internal ones', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'hindsight-public-search-'));
    const found = await searchSite(dist, scratch, ['lanternfish', 'saffronquay', 'vortelmoss', 'quasarbrine', 'drubbleweft', 'utoronto', 'glimmerfax']);
    expect(found).toEqual({
      lanternfish: [`/postmortems/${publicId}/`],
      saffronquay: [`/postmortems/${againId}/`],
      vortelmoss: [],
      quasarbrine: [],
      drubbleweft: [],
      utoronto: [],
      glimmerfax: [],
    });
  });
});
