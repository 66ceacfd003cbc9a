/**
 * The published site, end to end: `npm run build` on a copy of the project (the
 * sample reports plus the XSS fixture report, under a `/hindsight/` base path),
 * then the built files and a real browser (a Chromium shipped by npm via playwright-core).
 *
 * The site is built once (twice, for the byte-identical check) and reused by
 * every test.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rules } from '../../src/lib/rules/index.ts';
import { buildProject, copyProject, projectRoot } from './project.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { newPage, seriousViolations, type ViewOptions } from './pages.ts';

const base = '/hindsight/';
const site = { base, url: 'https://acme.github.io', title: 'Acme postmortems' };
const overlay = join(projectRoot, 'test/fixtures/site/overlay');
const xssId = '2024-05-02-status-page-html-injection';
const earlierId = '2022-08-31-utoronto-azuread-secret-expired';
const repeatId = '2022-09-07-utoronto-hub-login-500';
const resultsFolder = join(projectRoot, 'test-results');

/** Every file of a folder, as sorted relative paths. */
async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else found.push(relative(folder, path));
    }
  };
  await walk(folder);
  return found.sort();
}

/** Relative path → SHA-256 of every file in a folder. */
async function digests(folder: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const file of await filesUnder(folder)) {
    result.set(
      file,
      createHash('sha256')
        .update(await readFile(join(folder, file)))
        .digest('hex'),
    );
  }
  return result;
}

/** The files that differ between two folders (missing on either side, or different bytes). */
function differences(left: Map<string, string>, right: Map<string, string>): string[] {
  const names = new Set([...left.keys(), ...right.keys()]);
  return [...names].filter((name) => left.get(name) !== right.get(name)).sort();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The built file a site path leads to (`/hindsight/x/` → `dist/x/index.html`). */
async function builtFile(dist: string, path: string): Promise<string | undefined> {
  const inside = decodeURIComponent(path.slice(base.length));
  const candidate = join(dist, inside);
  if (inside === '' || inside.endsWith('/')) return (await exists(join(candidate, 'index.html'))) ? join(candidate, 'index.html') : undefined;
  return (await exists(candidate)) ? candidate : undefined;
}

/** Every start tag in some HTML, attributes included (text that merely looks like a tag is escaped, so it never matches). */
function startTags(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((match) => match[0]);
}

/**
 * The report's rendered body: from its first section to the source line, less
 * the structured timeline and action items the site writes in it (its own markup).
 */
function reportBody(html: string): string {
  const match = /<div class="report-body"[\s\S]*?(?=<details class="diagnostics"|<p class="page-intro">Source)/.exec(html);
  if (!match) throw new Error('No report body in the page');
  return match[0].replace(/<table class="timeline-table">[\s\S]*?<\/table>/g, '').replace(/<div class="report-actions">[\s\S]*?<\/div>/g, '');
}

let firstRoot: string;
let secondRoot: string;
let dist: string;
let server: StaticServer;
let browser: BrowserContext;
const consoleErrors: string[] = [];

beforeAll(async () => {
  firstRoot = await copyProject({ overlay, site });
  secondRoot = await copyProject({ overlay, site });
  await buildProject(firstRoot);
  await buildProject(secondRoot);
  dist = join(firstRoot, 'dist');
  server = await serveStatic(dist, base);
  browser = await launchBrowser();
  await mkdir(resultsFolder, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page that records console errors and uncaught exceptions. */
async function openPage(path: string, options: ViewOptions = {}): Promise<Page> {
  const page = await newPage(browser, options, 1200);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${server.origin}${base}${path}`, { waitUntil: 'load' });
  return page;
}

describe('the built site', () => {
  test('has every route for the sample reports', async () => {
    const reportIds = [earlierId, repeatId, xssId];
    const routes = [
      'index.html',
      '404.html',
      'search/index.html',
      'services/index.html',
      'services/utoronto-hub/index.html',
      'services/status-page/index.html',
      'tags/index.html',
      'tags/credentials/index.html',
      'tags/deploy/index.html',
      'actions/index.html',
      'recurring/index.html',
      'stats/index.html',
      'stats.json',
      'rules/index.html',
      'rss.xml',
      'pagefind/pagefind.js',
      ...reportIds.map((id) => `postmortems/${id}/index.html`),
      ...rules.map((rule) => `rules/${rule.id}/index.html`),
    ];
    const missing: string[] = [];
    for (const route of routes) if (!(await exists(join(dist, route)))) missing.push(route);
    expect(missing).toEqual([]);
  });

  test('is byte-identical across two builds, and after a rebuild that reuses the content cache', async () => {
    const first = await digests(dist);
    expect(first.size).toBeGreaterThan(20);
    expect(differences(first, await digests(join(secondRoot, 'dist')))).toEqual([]);
    // The second copy's cache now holds every entry: this build skips them all by digest.
    const output = await buildProject(secondRoot);
    expect(output).toContain('Search index: 3 pages indexed');
    expect(differences(first, await digests(join(secondRoot, 'dist')))).toEqual([]);
  });

  test('links only to pages and files that exist, always under the base path', async () => {
    const broken: string[] = [];
    const files = (await filesUnder(dist)).filter((file) => file.endsWith('.html') || file.endsWith('.xml'));
    for (const file of files) {
      const text = await readFile(join(dist, file), 'utf8');
      for (const match of text.matchAll(/(?:href|src|action|data-pagefind|data-base)="([^"]*)"/g)) {
        const target = match[1]!.replace(/&amp;/g, '&');
        if (/^(https?:|mailto:|data:|#)/.test(target)) {
          if (target.startsWith(site.url) && !target.startsWith(`${site.url}${base}`)) broken.push(`${file}: ${target} (outside the base path)`);
          continue;
        }
        if (!target.startsWith(base)) {
          broken.push(`${file}: ${target} (outside the base path)`);
          continue;
        }
        const path = target.split(/[?#]/)[0]!;
        if (!(await builtFile(dist, path))) broken.push(`${file}: ${target}`);
      }
      for (const match of text.matchAll(/<link>([^<]*)<\/link>/g)) {
        const path = match[1]!.slice(site.url.length);
        if (!match[1]!.startsWith(`${site.url}${base}`) || !(await builtFile(dist, path))) broken.push(`${file}: ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('has no script but the search page’s and the sorting of compact tables, never a handler; a report page weighs little', async () => {
    const pages = (await filesUnder(dist)).filter((file) => file.endsWith('.html') && !file.startsWith('pagefind/'));
    const withScripts = [];
    const sortable = [];
    for (const file of pages) {
      const text = await readFile(join(dist, file), 'utf8');
      expect(
        startTags(text).filter((tag) => /\son[a-z]+\s*=/i.test(tag)),
        file,
      ).toEqual([]);
      if (startTags(text).some((tag) => /^<script\b/i.test(tag))) withScripts.push(file);
      if (text.includes('data-sortable')) sortable.push(file);
    }
    // The search page, and the pages with a sortable table (the lists of reports and of action items).
    expect(withScripts).toEqual(['search/index.html', ...sortable].sort());
    expect(sortable).toContain('index.html');
    expect(sortable).toContain('actions/index.html');
    expect(withScripts.filter((file) => file.startsWith('postmortems/'))).toEqual([]);
    const html = await readFile(join(dist, `postmortems/${repeatId}/index.html`), 'utf8');
    const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]!);
    let css = 0;
    for (const href of stylesheets) css += (await stat((await builtFile(dist, href))!)).size;
    const weight = Buffer.byteLength(html) + css;
    console.info(`Report page weight: ${Buffer.byteLength(html)} B HTML + ${css} B CSS = ${weight} B`);
    expect(weight).toBeLessThan(60_000);
  });

  test('removes every script, handler and unsafe URL from a report with raw HTML', async () => {
    const html = await readFile(join(dist, `postmortems/${xssId}/index.html`), 'utf8');
    const body = reportBody(html);
    // The payloads' harmless text survives, so the report really is the one checked.
    expect(body).toContain('xss javascript link');
    expect(body).toContain('Payload details');
    for (const forbidden of [/<script/i, /<iframe/i, /<svg/i, /<object/i, /<embed/i, /<form/i, /<button/i, /<base/i, /<meta/i, /<style/i, /<math/i]) {
      expect(body).not.toMatch(forbidden);
    }
    const tags = startTags(html);
    for (const forbidden of [/\son[a-z]+\s*=/i, /srcdoc/i, /formaction/i, /javascript:/i, /data:text\/html/i, /\sstyle=/i]) {
      expect(tags.filter((tag) => forbidden.test(tag))).toEqual([]);
    }
    // Every link left in the body goes nowhere or to a safe scheme.
    for (const match of body.matchAll(/href="([^"]*)"/g)) expect(match[1]).toMatch(/^(https?:|mailto:|#|\/)/);
  });
});

describe('in a browser', () => {
  test('the index leads to a report, its "repeat of" link to the earlier report and back', async () => {
    const page = await openPage('');
    expect(await page.locator('h1').textContent()).toBe(site.title);
    await page.screenshot({ path: join(resultsFolder, 'index.png'), fullPage: true });
    await page.getByRole('link', { name: 'UToronto hub throws 500 errors on login after a deploy restored the expired secret' }).click();
    await page.waitForURL(`**${base}postmortems/${repeatId}/`);
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('5 h 23 m');
    expect(await page.locator('dl.facts').textContent()).toContain('2022-09-07 05:25 – 10:48 EDT');
    expect(await page.locator('dl.facts').textContent()).toContain('2022-09-07 09:25 – 14:48 UTC');
    await page.screenshot({ path: join(resultsFolder, 'report.png'), fullPage: true });
    const banner = page.locator('section.banner');
    expect(await banner.textContent()).toContain('Alert a month before any hub credential expires');
    await banner.getByRole('link', { name: 'UToronto hub logins fail after the AzureAD client secret expired' }).click();
    await page.waitForURL(`**${base}postmortems/${earlierId}/`);
    const linked = page.locator('section.linked-reports');
    expect(await linked.textContent()).toContain('Repeated by');
    await linked.getByRole('link', { name: /UToronto hub throws 500 errors/ }).click();
    await page.waitForURL(`**${base}postmortems/${repeatId}/`);
    await page.close();
  });

  test('a report page loads no script until the reader searches; search finds a word from a body', async () => {
    const page = await openPage(`postmortems/${repeatId}/`);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.reload({ waitUntil: 'networkidle' });
    expect(scripts).toEqual([]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    // "helm" appears only in the earlier report's timeline table.
    await page.getByRole('searchbox', { name: 'Search reports' }).first().fill('helm');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${base}search/?q=helm`);
    const result = page.locator('#search-results a').first();
    await result.waitFor();
    expect(scripts.some((url) => url.includes('/pagefind/'))).toBe(true);
    expect(await page.locator('#search-status').textContent()).toContain('1 report matches');
    await result.click();
    await page.waitForURL(`**${base}postmortems/${earlierId}/`);
    await page.close();
  });

  test('search: dates written as on every page; no match offers the lists; "More results" adds the next ones and moves focus to them', async () => {
    const none = await openPage('search/?q=zzzzqqq');
    await expect.poll(() => none.locator('#search-status').textContent()).toContain('No reports match “zzzzqqq”.');
    expect(await none.locator('#search-browse').isVisible()).toBe(true);
    expect(await none.locator('#search-browse').getByRole('link', { name: 'all reports' }).getAttribute('href')).toBe(base);
    expect(await none.locator('#search-more').isVisible()).toBe(false);
    await none.close();
    // One result at a time (the script reads the page size from the form), so the three reports take two more clicks.
    const page = await browser.newPage();
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    await page.route(
      (url) => url.pathname === `${base}search/`,
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: (await response.text()).replace('data-search ', 'data-search data-page-size="1" ') });
      },
    );
    await page.goto(`${server.origin}${base}search/?q=resolution`);
    const status = page.locator('#search-status');
    await expect.poll(() => status.textContent()).toBe('3 reports match “resolution”; 1 is shown.');
    const more = page.getByRole('button', { name: /^More results/ });
    expect(await more.textContent()).toBe('More results (1 of 2 more)');
    await more.click();
    await expect.poll(() => page.locator('#search-results > li').count()).toBe(2);
    expect(await status.textContent()).toBe('3 reports match “resolution”; 2 are shown.');
    expect(await page.evaluate(() => document.activeElement === document.querySelectorAll('#search-results > li a')[1])).toBe(true);
    await more.click();
    await expect.poll(() => page.locator('#search-results > li').count()).toBe(3);
    expect(await status.textContent()).toBe('3 reports match “resolution”.');
    expect(await more.isVisible()).toBe(false);
    expect(await page.locator('#search-browse').isVisible()).toBe(false);
    const dates = await page.locator('#search-results time').evaluateAll((times) => times.map((time) => [time.getAttribute('datetime'), time.textContent]));
    expect(dates.sort()).toEqual([
      ['2022-08-31', 'Aug 31, 2022'],
      ['2022-09-07', 'Sep 7, 2022'],
      ['2024-05-02', 'May 2, 2024'],
    ]);
    await page.close();
  });

  test('the index is a table of reports, newest first, each row named by its report’s title', async () => {
    const page = await openPage('');
    const table = page.getByRole('table', { name: '3 reports, newest first' });
    expect(await table.locator('tbody th[scope="row"] > a:first-child').allTextContents()).toEqual([
      'Status page widget shows raw HTML from a vendor feed',
      'UToronto hub throws 500 errors on login after a deploy restored the expired secret',
      'UToronto hub logins fail after the AzureAD client secret expired',
    ]);
    expect(await table.locator('tbody time').allTextContents()).toEqual(['May 2, 2024', 'Sep 7, 2022', 'Aug 31, 2022']);
    // Three reports need neither links to each year nor pages.
    expect(await page.getByRole('navigation', { name: 'Years' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Pages of reports' }).count()).toBe(0);
    // The report page's header marks its section, not a page it is not.
    await table.getByRole('link', { name: 'UToronto hub logins fail after the AzureAD client secret expired' }).click();
    await page.waitForURL(`**${base}postmortems/${earlierId}/`);
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .locator('[aria-current]')
        .evaluateAll((links) => links.map((link) => `${link.textContent}=${link.getAttribute('aria-current')}`)),
    ).toEqual(['Reports=true']);
    await page.close();
  });

  test('the keyboard reaches a visible skip link first, and it moves focus to the content', async () => {
    const page = await openPage(`postmortems/${repeatId}/`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      const box = active.getBoundingClientRect();
      return { text: active.textContent, visible: box.top >= 0 && box.height > 0, outline: getComputedStyle(active).outlineStyle };
    });
    expect(skip).toEqual({ text: 'Skip to content', visible: true, outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  test('no console errors on the pages visited', async () => {
    for (const path of [
      '',
      'actions/',
      'services/',
      'tags/credentials/',
      'rules/',
      'rules/reference/',
      `postmortems/${earlierId}/`,
      'search/?q=secret',
      'recurring/',
      'stats/',
    ]) {
      const page = await openPage(path);
      await page.waitForLoadState('networkidle');
      await page.close();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('axe finds no serious or critical violations, in light and dark', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of [
        '',
        `postmortems/${repeatId}/`,
        `postmortems/${xssId}/`,
        'actions/',
        'services/utoronto-hub/',
        'rules/',
        'rules/reference/',
        'search/?q=secret',
        'no-such-page/',
        'recurring/',
        'stats/',
      ]) {
        const page = await openPage(path, { colorScheme });
        if (path.startsWith('search/')) await page.locator('#search-results li').first().waitFor();
        for (const violation of await seriousViolations(page)) found.push(`${colorScheme} /${path}: ${violation}`);
        await page.close();
      }
    }
    expect(found).toEqual([]);
  });

  test('no payload of the XSS report runs, even when its links and controls are used', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(`${server.origin}${base}postmortems/${xssId}/`, { waitUntil: 'networkidle' });
    const body = page.locator('div.report-body');
    // The report's own links: not those of the structured timeline and action items (an owner's page, a tracker).
    for (const link of await body.locator('a:not(.report-actions a, .timeline-table a)').all()) {
      const href = await link.getAttribute('href');
      // GitHub references in the text (`acme/status#12`) are our own links to the issue, built from parsed parts: a real page elsewhere.
      if (href?.startsWith('https://github.com/')) expect(href).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/issues\/\d+$/);
      else await link.click({ noWaitAfter: true });
    }
    await body.getByText('Payload details').click();
    await body.getByText('xss formaction').click();
    await body.getByText('Styled paragraph').click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(`${server.origin}${base}postmortems/${xssId}/`);
    const globals = await page.evaluate(() => Object.keys(window).filter((name) => name.startsWith('xss')));
    expect(globals).toEqual([]);
    expect(dialogs).toEqual([]);
    const dangerous = await page.evaluate(() => {
      const root = document.querySelector('div.report-body')!;
      const elements = [...root.querySelectorAll('*')].filter((element) => !element.closest('.report-actions, .timeline-table'));
      return [
        ...elements
          .filter((element) => ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BUTTON', 'svg', 'BASE', 'META'].includes(element.tagName))
          .map((element) => element.tagName),
        ...elements.flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => attribute.name)),
      ];
    });
    expect(dangerous).toEqual([]);
    await page.close();
  });
});

describe('learning across incidents', () => {
  /** Every month from `first` to `last` (`YYYY-MM`) with the counts given, 0 elsewhere. */
  function months(first: string, last: string, counts: Record<string, number>): { month: string; count: number }[] {
    const result = [];
    for (
      let [year, month] = [Number(first.slice(0, 4)), Number(first.slice(5))];
      `${year}-${String(month).padStart(2, '0')}` <= last;
      month === 12 ? ((month = 1), year++) : month++
    ) {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      result.push({ month: key, count: counts[key] ?? 0 });
    }
    return result;
  }

  test('/stats.json has the figures worked out by hand for the sample reports and the fixture report', async () => {
    const text = await readFile(join(dist, 'stats.json'), 'utf8');
    // Durations: 2022-08-31 08:40 → 11:05 is 145 min, 2022-09-07 05:25 → 10:48 is 323, 2024-05-02 13:00 → 13:40 is 40.
    // Sorted [40, 145, 323]: quartiles at h = 0.5 and 1.5: 40 + 0.5 · 105 = 92.5 and 145 + 0.5 · 178 = 234.
    // Time to detect: 22, 102 and 10 min; sorted [10, 22, 102]: 16 and 62.
    expect(JSON.parse(text)).toEqual({
      reports: 3,
      incidentsPerMonth: months('2022-08', '2024-05', { '2022-08': 1, '2022-09': 1, '2024-05': 1 }),
      durationMinutes: { count: 3, minimum: 40, lowerQuartile: 92.5, median: 145, upperQuartile: 234, maximum: 323 },
      ongoing: 0,
      timeToDetectMinutes: { count: 3, minimum: 10, lowerQuartile: 16, median: 22, upperQuartile: 62, maximum: 102 },
      byService: [
        { service: 'utoronto-hub', count: 2 },
        { service: 'status-page', count: 1 },
      ],
      bySeverity: [
        { severity: 'sev1', count: 0 },
        { severity: 'sev2', count: 2 },
        { severity: 'sev3', count: 1 },
        { severity: 'sev4', count: 0 },
      ],
      repeats: { repeats: 1, total: 3, share: 1 / 3 },
    });
    expect(months('2022-08', '2024-05', {})).toHaveLength(22);
    // Plain JSON in the statistics module's key order, the same bytes every build (see the byte-identical test).
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  test('/stats/ shows the same figures as inline SVG charts, each named, described and beside a table', async () => {
    const page = await openPage('stats/');
    const charts = page.locator('svg[role="img"]');
    // Incidents per month, duration, time to detect, by service and severity, repeats, and the three trends per quarter.
    expect(await charts.count()).toBe(9);
    for (const chart of await charts.all()) {
      const ids = (await chart.getAttribute('aria-labelledby'))!.split(' ');
      expect(ids).toHaveLength(2);
      for (const id of ids) expect((await page.locator(`[id="${id}"]`).textContent())!.length).toBeGreaterThan(5);
      // The table of the same figures follows the chart.
      expect(await chart.locator('xpath=ancestor::div[contains(@class, "chart-pair")]//table').count()).toBe(1);
    }
    const cells = async (name: string) =>
      page
        .getByRole('table', { name })
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent!.trim())));
    expect(await cells('Duration, impact start to end')).toEqual([
      ['Minimum', '40 m', '40'],
      ['Lower quartile (25%)', '1 h 32 m', '92.5'],
      ['Median', '2 h 25 m', '145'],
      ['Upper quartile (75%)', '3 h 54 m', '234'],
      ['Maximum', '5 h 23 m', '323'],
    ]);
    expect(await cells('Time to detect, impact start to detection')).toEqual([
      ['Minimum', '10 m', '10'],
      ['Lower quartile (25%)', '16 m', '16'],
      ['Median', '22 m', '22'],
      ['Upper quartile (75%)', '1 h 2 m', '62'],
      ['Maximum', '1 h 42 m', '102'],
    ]);
    expect(await cells('Incidents by service')).toEqual([
      ['utoronto-hub', '2'],
      ['status-page', '1'],
    ]);
    expect(await cells('Incidents by severity')).toEqual([
      ['sev1', '0'],
      ['sev2', '2'],
      ['sev3', '1'],
      ['sev4', '0'],
    ]);
    expect(await cells('Repeats and first occurrences')).toEqual([
      ['Repeats of an earlier incident', '1', '33.3%'],
      ['First occurrences', '2', '66.7%'],
      ['All reports', '3', '100%'],
    ]);
    const perMonth = await cells('Incidents per month');
    expect(perMonth).toHaveLength(22);
    expect(perMonth.filter((row) => row[1] !== '0')).toEqual([
      ['Aug 2022', '1'],
      ['Sep 2022', '1'],
      ['May 2024', '1'],
    ]);
    expect(await page.getByRole('img', { name: 'How long incidents lasted: box plot' }).locator('desc').textContent()).toContain('median 2 h 25 m');
    // The long month table scrolls in a region the keyboard can reach.
    expect(await page.getByRole('region', { name: 'Incidents per month: table' }).getAttribute('tabindex')).toBe('0');
    await page.getByRole('link', { name: 'stats.json' }).click();
    await page.waitForURL(`**${base}stats.json`);
    await page.close();
  });

  test('the repeat banner shows the earlier report with its open action items, and leads to it; the earlier report links back', async () => {
    const page = await openPage(`postmortems/${repeatId}/`);
    const banner = page.getByRole('region', { name: 'Repeat of an earlier incident' });
    expect(await banner.textContent()).toContain('(Aug 31, 2022)');
    const items = banner.locator('li.action-item');
    expect(await items.count()).toBe(2);
    const first = items.nth(0);
    expect(await first.textContent()).toContain('Commit the new secret to the encrypted hub configuration');
    expect(await first.getByRole('link', { name: '2i2c-org/infrastructure#1651' }).getAttribute('href')).toBe(
      'https://github.com/2i2c-org/infrastructure/issues/1651',
    );
    expect(await first.textContent()).toContain('@bob');
    const second = items.nth(1);
    expect(await second.textContent()).toContain('Alert a month before any hub credential expires');
    expect(await second.getByRole('link', { name: '2i2c-org/infrastructure#1652' }).getAttribute('href')).toBe(
      'https://github.com/2i2c-org/infrastructure/issues/1652',
    );
    expect(await second.textContent()).toContain('@alice');
    // The item that was done (#1650) is not repeated here.
    expect(await banner.textContent()).not.toContain('#1650');
    expect(await banner.textContent()).toContain('This incident has happened 2 times; this report is occurrence 2.');
    // No suggestion to link what is already linked.
    expect(await page.getByRole('region', { name: 'Possibly a repeat' }).count()).toBe(0);
    await banner.getByRole('link', { name: 'UToronto hub logins fail after the AzureAD client secret expired' }).click();
    await page.waitForURL(`**${base}postmortems/${earlierId}/`);
    expect(await page.locator('.report-header').getByRole('link', { name: 'Recurred once' }).getAttribute('href')).toBe(`${base}recurring/#chain-${earlierId}`);
    const linked = page.getByRole('region', { name: 'Linked reports' });
    expect(await linked.getByRole('heading', { name: 'Repeated by' }).count()).toBe(1);
    await linked.getByRole('link', { name: 'UToronto hub throws 500 errors on login after a deploy restored the expired secret' }).click();
    await page.waitForURL(`**${base}postmortems/${repeatId}/`);
    await page.close();
  });

  test('/recurring/ lists the chain with the days between occurrences; the index badge and the occurrences lead there and back', async () => {
    const page = await openPage('');
    const badge = page.getByRole('link', { name: /^Recurred once: 2 occurrences, see the repeat chain$/ });
    expect(await badge.count()).toBe(2);
    await badge.first().click();
    await page.waitForURL(`**${base}recurring/#chain-${earlierId}`);
    expect(await page.locator('h1').textContent()).toBe('Recurring incidents');
    const chain = page.locator(`#chain-${earlierId}`);
    expect(await chain.getByRole('heading', { level: 2 }).textContent()).toBe('UToronto hub logins fail after the AzureAD client secret expired');
    expect((await chain.locator('.chain-summary').textContent())!.replace(/\s+/g, ' ')).toContain('2 occurrences over 7 days');
    const occurrences = chain.locator('ol.chain-occurrences > li');
    expect(await occurrences.count()).toBe(2);
    expect((await occurrences.nth(0).locator('.chain-gap').textContent())!.replace(/\s+/g, ' ').trim()).toBe('First · Aug 31, 2022');
    expect((await occurrences.nth(1).locator('.chain-gap').textContent())!.replace(/\s+/g, ' ').trim()).toBe('7 days later · Sep 7, 2022');
    await occurrences
      .nth(1)
      .getByRole('link', { name: /UToronto hub throws 500 errors/ })
      .click();
    await page.waitForURL(`**${base}postmortems/${repeatId}/`);
    await page.goBack();
    await page.locator(`#chain-${earlierId} ol.chain-occurrences > li`).nth(0).getByRole('link').click();
    await page.waitForURL(`**${base}postmortems/${earlierId}/`);
    // The navigation leads to both new pages.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
    await page.waitForURL(`**${base}stats/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recurring' }).click();
    await page.waitForURL(`**${base}recurring/`);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recurring' }).getAttribute('aria-current')).toBe('page');
    await page.close();
  });

  test('screenshots of the new pages, light, dark and phone', async () => {
    for (const [name, path] of [
      ['recurring', 'recurring/'],
      ['stats', 'stats/'],
      ['repeat-banner', `postmortems/${repeatId}/`],
    ] as const) {
      for (const [mode, options] of [
        ['light', {}],
        ['dark', { colorScheme: 'dark' }],
        ['phone', { width: 390 }],
      ] as const) {
        const page = await openPage(path, options);
        await page.screenshot({ path: join(resultsFolder, `${name}-${mode}.png`), fullPage: true });
        // Nothing wider than the screen: the page never scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await page.close();
      }
    }
  });
});
