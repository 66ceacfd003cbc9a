/**
 * Action items that are really tracked, end to end: two copies of the project
 * (the sample reports plus the XSS fixture, under a `/hindsight/` base path) are
 * built, one with a GitHub state cache as `hindsight sync` would have written it
 * and one without; then the built pages, `/calendar.ics` (parsed back with
 * ical.js) and a real browser (keyboard, axe, screenshots).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cacheFileName, type CacheData } from '../../src/lib/github/cache.ts';
import { defaultCacheDir } from '../../src/lib/config.ts';
import { defaultApiUrl } from '../../src/lib/github/client.ts';
import { buildProject, copyProject, projectRoot } from './project.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { newPage, seriousViolations, type ViewOptions } from './pages.ts';

const base = '/hindsight/';
const site = { base, url: 'https://acme.github.io', title: 'Acme postmortems' };
const overlay = join(projectRoot, 'test/fixtures/site/overlay');
const earlierId = '2022-08-31-utoronto-azuread-secret-expired';
const repeatId = '2022-09-07-utoronto-hub-login-500';
const resultsFolder = join(projectRoot, 'test-results');
const filterPaths = ['actions/', 'actions/open/', 'actions/overdue/', 'actions/done/', 'actions/archived/', 'actions/unverified/'];

/**
 * The cache as `hindsight sync` writes it (src/lib/github/cache.ts), for the
 * sample reports' issues; #1694 is left out, so its item stays unknown.
 */
const cache: CacheData = {
  version: 1,
  apis: {
    [defaultApiUrl]: {
      '2i2c-org/infrastructure#1650': {
        state: 'closed',
        reason: 'completed',
        kind: 'issue',
        closedAt: '2022-09-01T15:04:05Z',
        etag: 'W/"a"',
        fetchedAt: '2024-05-30T08:00:00Z',
      },
      '2i2c-org/infrastructure#1651': { state: 'open', kind: 'issue', etag: 'W/"b"', fetchedAt: '2024-05-30T08:00:00Z' },
      '2i2c-org/infrastructure#1652': {
        state: 'closed',
        reason: 'not_planned',
        kind: 'issue',
        closedAt: '2023-01-10T10:00:00Z',
        fetchedAt: '2024-05-30T08:00:00Z',
      },
      '2i2c-org/infrastructure#1688': {
        state: 'merged',
        kind: 'pull',
        closedAt: '2022-09-08T12:00:00Z',
        mergedAt: '2022-09-08T12:00:00Z',
        fetchedAt: '2024-05-31T09:30:00Z',
      },
      '2i2c-org/infrastructure#1690': { state: 'open', kind: 'issue', fetchedAt: '2024-05-30T08:00:00Z' },
      '2i2c-org/infrastructure#1691': { state: 'missing', fetchedAt: '2024-05-30T08:00:00Z' },
      '2i2c-org/infrastructure#1693': {
        state: 'closed',
        reason: 'completed',
        kind: 'issue',
        closedAt: '2022-10-10T18:00:00Z',
        fetchedAt: '2024-05-31T09:30:00Z',
      },
    },
  },
};

let withCache: string;
let withoutCache: string;
let server: StaticServer;
let browser: BrowserContext;

/** A built page's text content, tags and repeated spaces removed. */
async function pageText(dist: string, path: string): Promise<string> {
  const html = await readFile(join(dist, path, path.endsWith('.ics') ? '' : 'index.html'), 'utf8');
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The action item list entry whose title is `title`, as text. */
async function itemText(dist: string, path: string, title: string): Promise<string> {
  const text = await pageText(dist, path);
  const start = text.indexOf(title);
  if (start < 0) throw new Error(`No item “${title}” on /${path}`);
  // Up to the next item's title or the end of the list: the state line and the meta follow the title.
  return text.slice(start, start + 260);
}

beforeAll(async () => {
  withCache = await copyProject({ overlay, site });
  withoutCache = await copyProject({ overlay, site });
  const cacheFolder = join(withCache, defaultCacheDir);
  await mkdir(cacheFolder, { recursive: true });
  await writeFile(join(cacheFolder, cacheFileName), `${JSON.stringify(cache, null, 2)}\n`);
  // GITHUB_TOKEN is never read by the build; an API address from the environment would file the cache elsewhere.
  delete process.env.GITHUB_API_URL;
  await buildProject(withCache);
  await buildProject(withoutCache);
  server = await serveStatic(join(withCache, 'dist'), base);
  browser = await launchBrowser();
  await mkdir(resultsFolder, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('with the GitHub state cache', () => {
  test('report pages show GitHub’s state of each item, dated, and the checkbox where it is unknown', async () => {
    const dist = join(withCache, 'dist');
    const page = `postmortems/${repeatId}/`;
    expect(await itemText(dist, page, 'Commit the rotated secret to the encrypted configuration')).toContain('Merged merged Sep 8, 2022 · as of May 31, 2024');
    expect(await itemText(dist, page, 'Fail the deploy when a configured client secret expires')).toContain(
      'Closed completed Oct 10, 2022 · as of May 31, 2024',
    );
    expect(await itemText(dist, page, 'Link the earlier report from this one')).toContain(
      'Open ticked in the report, but still open on GitHub · as of May 30, 2024',
    );
    expect(await itemText(dist, page, 'Deploy credentials only through CI')).toContain('Missing the issue does not exist on GitHub');
    expect(await itemText(dist, page, 'Make sure we catch the next expiry')).toContain(
      'Open , not verified Not verified: not ticked in the report · not yet synced from GitHub',
    );
    // The item that is overdue by its date but closed on GitHub is no longer marked overdue.
    expect(await itemText(dist, page, 'Fail the deploy when a configured client secret expires')).not.toContain('Overdue');
    const html = await readFile(join(dist, page, 'index.html'), 'utf8');
    expect(html).toContain('<time datetime="2024-05-31T09:30:00.000Z">May 31, 2024</time>');
    // The repeat banner lists the earlier report's items still open on GitHub: #1652 was closed (not planned).
    const banner = /<section class="banner"[\s\S]*?<\/section>/.exec(html)![0];
    expect(banner).toContain('Commit the new secret to the encrypted hub configuration');
    expect(banner).not.toContain('Alert a month before any hub credential expires');
    expect(await itemText(dist, `postmortems/${earlierId}/`, 'Alert a month before any hub credential expires')).toContain(
      'Not planned closed Jan 10, 2023 · as of May 30, 2024',
    );
  });

  test('/actions/ has a page per state, linked to each other, the current one marked', async () => {
    const dist = join(withCache, 'dist');
    for (const path of filterPaths) {
      const html = await readFile(join(dist, path, 'index.html'), 'utf8');
      const nav = /<nav class="filter-nav"[\s\S]*?<\/nav>/.exec(html)![0];
      const links = [...nav.matchAll(/<a href="([^"]+)"( aria-current="page")?/g)].map((match) => [match[1], match[2] !== undefined]);
      expect(links).toEqual(filterPaths.map((other) => [`${base}${other}`, other === path]));
      // The main navigation marks "Action items" as the page only on /actions/ itself; on a filter's page it is the section.
      const main = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)![0];
      expect([...main.matchAll(/aria-current="([^"]+)"/g)].map((match) => match[1])).toEqual([path === 'actions/' ? 'page' : 'true']);
      expect(main).toContain(`<a href="${base}actions/" aria-current="${path === 'actions/' ? 'page' : 'true'}">Action items</a>`);
      expect(html).toContain(`<a href="${base}calendar.ics" type="text/calendar">Subscribe to the calendar</a>`);
    }
    const all = await pageText(dist, 'actions/');
    expect(all).toContain('All (9) Open (5) Overdue (2) Done (4) Archived (0) Not verified (2)');
    expect(all).toContain(
      'The state of 7 items comes from GitHub (the cache hindsight sync writes), as of May 30, 2024 (2 days before this build). 2 items show their checkbox, drawn dashed: not verified.',
    );
    const overdue = await pageText(dist, 'actions/overdue/');
    expect(overdue).toContain('Open items whose due date is before Jun 1, 2024, the day this site was built.');
    expect(overdue).toContain('Commit the new secret to the encrypted hub configuration');
    expect(overdue).toContain('Make sure we catch the next expiry before it happens');
    expect(overdue).not.toContain('Fail the deploy when a configured client secret expires');
    const done = await pageText(dist, 'actions/done/');
    for (const label of ['Merged', 'Closed completed', 'Not planned closed']) expect(done).toContain(label);
    const unverified = await pageText(dist, 'actions/unverified/');
    expect(await itemText(dist, 'actions/unverified/', 'Escape vendor feed fields in every widget')).toContain(
      'Open , not verified Not verified: not ticked in the report · not yet synced from GitHub',
    );
    // The items themselves (after the table's headings) carry no date of a fetch.
    expect(unverified.slice(unverified.indexOf('Action item State Owner Due Report'))).not.toContain('as of');
  });

  test('the index counts open and overdue items from GitHub’s state', async () => {
    const text = await pageText(join(withCache, 'dist'), '');
    expect(text).toContain('5 open action items ( 2 overdue )');
    const html = await readFile(join(withCache, 'dist/index.html'), 'utf8');
    expect(html).toContain(`<a href="${base}actions/overdue/">2 overdue</a>`);
  });

  test('/calendar.ics holds every watch expiry and the due dates of items not done, linking back to the reports, with GitHub’s state', async () => {
    const text = await readFile(join(withCache, 'dist/calendar.ics'), 'utf8');
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    const summary = events.map((event) => [event.startDate.toString(), event.summary.slice(0, 39), String(event.component.getFirstPropertyValue('url'))]);
    expect(summary).toEqual([
      ['2022-09-02', 'Due: Commit the new secret to the encry', `${site.url}${base}postmortems/${earlierId}/`],
      // 2022-10-15, "Fail the deploy when…", is closed on GitHub: done, so not on the calendar.
      ['2023-08-01', 'Due: Make sure we catch the next expiry', `${site.url}${base}postmortems/${repeatId}/`],
      ['2023-08-30', 'Expires: UToronto AzureAD client secret', `${site.url}${base}postmortems/${repeatId}/`],
    ]);
    expect(events[0]!.description).toContain('Tracked in 2i2c-org/infrastructure#1651: https://github.com/2i2c-org/infrastructure/issues/1651 (open)');
    expect(text).not.toContain('Fail the deploy when');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
  });
});

describe('without a cache', () => {
  test('every item shows its checkbox, not verified, and no date of a fetch', async () => {
    const dist = join(withoutCache, 'dist');
    const report = await pageText(dist, `postmortems/${repeatId}/`);
    expect(report).not.toContain('as of');
    expect(await itemText(dist, `postmortems/${repeatId}/`, 'Commit the rotated secret to the encrypted configuration')).toContain(
      'Done , not verified Not verified: ticked in the report · not yet synced from GitHub',
    );
    expect(await itemText(dist, `postmortems/${repeatId}/`, 'Deploy credentials only through CI')).toContain(
      'Open , not verified Not verified: not ticked in the report · not yet synced from GitHub',
    );
    const all = await pageText(dist, 'actions/');
    expect(all).toContain('All (9) Open (6) Overdue (3) Done (3) Archived (0) Not verified (9)');
    expect(all).toContain('No item’s state comes from GitHub yet');
    expect(all).not.toMatch(/\b(Merged|Missing)\b/);
    // Every item is unverified: that page says so rather than list them all again.
    const unverified = await pageText(dist, 'actions/unverified/');
    expect(unverified).toContain('GitHub’s state is known for none of them yet');
    expect(unverified).not.toContain('Deploy credentials only through CI');
    expect(await pageText(dist, '')).toContain('6 open action items ( 3 overdue )');
    const calendar = await readFile(join(dist, 'calendar.ics'), 'utf8');
    expect(calendar).toContain('Expires: UToronto AzureAD client secret');
    expect(calendar).not.toContain('(open)');
  });
});

describe('in a browser', () => {
  async function openPage(path: string, options: ViewOptions = {}): Promise<Page> {
    const page = await newPage(browser, options, 1200);
    await page.goto(`${server.origin}${base}${path}`, { waitUntil: 'load' });
    return page;
  }

  test('the state pages are reached with the keyboard alone, and load only the tables’ sorting script', async () => {
    const page = await openPage('actions/');
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    for (const [label, path] of [
      ['Open', 'actions/open/'],
      ['Overdue', 'actions/overdue/'],
      ['Not verified', 'actions/unverified/'],
      ['All', 'actions/'],
    ] as const) {
      // Tab from the top of the page until the filter link has focus, then follow it.
      await page.locator('body').focus();
      let focused = '';
      for (let presses = 0; presses < 40 && !focused.startsWith(`${label} (`); presses++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => (document.activeElement?.closest('.filter-nav') ? (document.activeElement.textContent ?? '') : ''));
      }
      expect(focused).toMatch(new RegExp(`^${label} \\(\\d+\\)$`));
      await page.keyboard.press('Enter');
      await page.waitForURL(`**${base}${path}`);
      const current = page.locator('.filter-nav a[aria-current="page"]');
      expect(await current.count()).toBe(1);
      expect(await current.textContent()).toMatch(new RegExp(`^${label} \\(`));
      // One small module, the same on every page: the table's sort buttons (the page works without it).
      expect(await page.evaluate(() => [...document.scripts].map((script) => script.type))).toEqual(['module']);
    }
    await page.getByRole('link', { name: 'Done (4)' }).click();
    await page.waitForURL(`**${base}actions/done/`);
    expect(await page.locator('h1').textContent()).toBe('Done action items');
    expect(scripts.every((url) => url.startsWith(`${server.origin}${base}_astro/`))).toBe(true);
    await page.close();
  });

  test('axe finds no serious or critical violations on the state pages and a report page, in light and dark', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of [...filterPaths, `postmortems/${repeatId}/`, `postmortems/${earlierId}/`, '']) {
        const page = await openPage(path, { colorScheme });
        for (const violation of await seriousViolations(page)) found.push(`${colorScheme} /${path}: ${violation}`);
        await page.close();
      }
    }
    expect(found).toEqual([]);
  });

  test('screenshots of the state pages and a report’s items: light, dark, phone', async () => {
    const shots = [
      ['actions', 'actions/', 'main'],
      ['actions-overdue', 'actions/overdue/', 'main'],
      ['report-actions', `postmortems/${repeatId}/`, '.report-actions'],
      ['report-banner', `postmortems/${repeatId}/`, 'section.banner'],
    ] as const;
    for (const [name, path, selector] of shots) {
      for (const [variant, colorScheme, width] of [
        ['light', 'light', 1200],
        ['dark', 'dark', 1200],
        ['phone', 'light', 390],
      ] as const) {
        const page = await openPage(path, { colorScheme, width });
        const target = page.locator(selector).first();
        // Nothing on the page overflows sideways, on a phone too.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await target.screenshot({ path: join(resultsFolder, `${name}-${variant}.png`) });
        await page.close();
      }
    }
  });
});
