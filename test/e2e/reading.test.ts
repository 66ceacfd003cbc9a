/**
 * The reading experience, end to end (issue 12, issue 10 item 5): a copy of the
 * project with a report that shows an image from its folder and keeps its
 * timeline in UTC across midnight (test/fixtures/reading), plus 110 synthetic
 * reports (test/fixtures/large-site), so that lists have pages and owners,
 * built once under a `/hindsight/` base path.
 *
 * Checked in the built files and in a real browser: each timeline entry and
 * action item appears once on its report page; images are published; lists
 * are compact tables that sort when scripts run and are complete without
 * them; every changed page is axe-clean at 1280 and 375 px, light and dark,
 * and never scrolls sideways. Screenshots go to test-results/.
 */
import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { actionTitle } from '../../src/lib/site/report.ts';
import { writeReports } from '../fixtures/large-site/generate.ts';
import { makeConfig, parseFiles } from '../helpers.ts';
import { launchBrowser } from './browser.ts';
import { buildProject, copyProject, projectRoot } from './project.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { newPage, seriousViolations, type ViewOptions } from './pages.ts';

const base = '/hindsight/';
const site = { base, url: 'https://acme.github.io', title: 'Acme postmortems' };
const repeatId = '2022-09-07-utoronto-hub-login-500';
const fixtureId = '2024-04-11-checkout-latency-pool-exhausted';
const resultsFolder = join(projectRoot, 'test-results');
const generated = 110;

let root: string;
let dist: string;
let server: StaticServer;
let browser: BrowserContext;

beforeAll(async () => {
  root = await copyProject({ site });
  await cp(join(projectRoot, 'test/fixtures/reading/overlay'), root, { recursive: true });
  await writeReports(join(root, 'postmortems/generated'), generated);
  await buildProject(root);
  dist = join(root, 'dist');
  server = await serveStatic(dist, base);
  browser = await launchBrowser();
  await mkdir(resultsFolder, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const read = (path: string) => readFile(join(dist, path, 'index.html'), 'utf8');

/** How often `text` occurs in `html`, as the page writes it (escaped). */
function occurrences(html: string, text: string): number {
  const escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  return html.split(escaped).length - 1;
}

async function openPage(path: string, options: ViewOptions = {}): Promise<Page> {
  const page = await newPage(browser, options);
  await page.goto(`${server.origin}${base}${path}`, { waitUntil: 'load' });
  return page;
}

/**
 * What makes the page wider than the screen: the document's own overflow, and
 * every visible element reaching past either edge, except inside a code block
 * (which scrolls in its own box).
 */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) found.push(`document ${document.documentElement.scrollWidth}px > ${window.innerWidth}px`);
    for (const element of document.body.querySelectorAll('*')) {
      if (element.closest('pre, .sr-only')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > window.innerWidth + 0.5 || box.left < -0.5) {
        found.push(
          `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} ${Math.round(box.left)}–${Math.round(box.right)}px`,
        );
      }
    }
    return found;
  });
}

describe('a report page', () => {
  test('holds each timeline entry and each action item once, the structured version in the body’s place', async () => {
    const config = makeConfig();
    for (const [id, file] of [
      [repeatId, join(projectRoot, `postmortems/${repeatId}.md`)],
      [fixtureId, join(projectRoot, `test/fixtures/reading/overlay/postmortems/${fixtureId}.md`)],
    ] as const) {
      const parsed = parseFiles({ [`postmortems/${id}.md`]: await readFile(file, 'utf8') }, config)[0]!;
      const html = await read(`postmortems/${id}`);
      expect(parsed.timeline.length).toBeGreaterThan(4);
      for (const entry of parsed.timeline) expect(occurrences(html, entry.text), `${id}: ${entry.text}`).toBe(1);
      for (const item of parsed.actionItems) expect(occurrences(html, actionTitle(item)), `${id}: ${item.text}`).toBe(1);
      expect(html.split('class="timeline-table"').length - 1).toBe(1);
      expect(html.split('class="report-actions"').length - 1).toBe(1);
      // The body keeps its own section headings, in order: the structured parts stand where the report wrote them.
      const order = ['id="overview"', 'id="timeline"', 'class="timeline-table"', 'id="resolution"', 'id="action-items"', 'class="report-actions"'].map(
        (marker) => html.indexOf(marker),
      );
      expect(order.every((position) => position > 0)).toBe(true);
      expect([...order].sort((left, right) => left - right)).toEqual(order);
    }
  });

  test('states the zone once: a timeline kept in UTC reads in UTC, a row where the day changes, no "written" on every row', async () => {
    const page = await openPage(`postmortems/${fixtureId}/`, { width: 375 });
    const table = page.locator('table.timeline-table');
    expect(await table.locator('caption').textContent()).toContain('Times in UTC; under each, the time since impact began.');
    expect(await table.locator('tr.timeline-day').allTextContents()).toEqual(['Apr 11, 2024', 'Apr 12, 2024']);
    expect(await table.locator('.written').count()).toBe(0);
    expect(await table.locator('td.timeline-time time').allTextContents()).toEqual(['23:40', '23:52', '23:58', '00:31', '00:48', '01:15']);
    const box = (await table.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    await page.close();
  });

  test('shows an image from the report’s folder, published under media/', async () => {
    const html = await read(`postmortems/${fixtureId}`);
    expect(html).toContain(`<img src="${base}media/images/checkout-latency.png" alt="Checkout p95 latency`);
    expect((await stat(join(dist, 'media/images/checkout-latency.png'))).size).toBe(
      (await stat(join(projectRoot, 'test/fixtures/reading/overlay/postmortems/images/checkout-latency.png'))).size,
    );
    const page = await openPage(`postmortems/${fixtureId}/`);
    expect(await page.locator('.report-body img').evaluate((image: HTMLImageElement) => [image.complete, image.naturalWidth])).toEqual([true, 240]);
    await page.close();
  });

  test('gives each action item one short state, its notes one click away', async () => {
    const page = await openPage(`postmortems/${fixtureId}/`);
    const states = page.locator('.report-actions .state-details');
    expect(await states.locator('summary').allTextContents()).toEqual(['Open, not verified', 'Done, not verified', 'Open, not verified']);
    const notes = states.first().locator('.state-notes');
    expect(await notes.isVisible()).toBe(false);
    await states.first().locator('summary').click();
    expect(await notes.textContent()).toBe('Not verified: not ticked in the report · not yet synced from GitHub');
    // The owner leads to their items.
    await page.locator('.report-actions').getByRole('link', { name: '@dana' }).click();
    await page.waitForURL(`**${base}actions/owner/dana/`);
    expect(await page.locator('h1').textContent()).toBe('Action items of @dana');
    await page.close();
  });
});

describe('lists', () => {
  test('the index is a compact table, newest first without scripts, a hundred rows a page, with links to each year', async () => {
    const html = await read('');
    const rows = [...html.matchAll(/<td class="cell-date" data-value="([^"]+)"/g)].map((match) => match[1]!);
    expect(rows).toHaveLength(100);
    expect([...rows].sort().reverse()).toEqual(rows);
    expect(html).toContain('<th scope="col" aria-sort="descending" data-sort="text" data-sort-first="descending">Date</th>');
    expect(html).toContain(`Reports 1–100 of ${generated + 3}, newest first`);
    const second = await read('page/2');
    expect([...second.matchAll(/<td class="cell-date"/g)]).toHaveLength(13);
    expect(second).toContain(`<a href="${base}" rel="prev">Previous</a>`);
    // Each year's link leads to the page and the row where the year begins.
    const page = await openPage('');
    const years = page.getByRole('navigation', { name: 'Years' });
    const oldest = years.getByRole('link').last();
    const href = (await oldest.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${base}(page/2/)?#year-\\d{4}$`));
    await oldest.click();
    await page.waitForURL(`**${href}`);
    expect(await page.locator(`tr#${href.split('#')[1]}`).count()).toBe(1);
    // Dozens of reports on one laptop screen.
    await page.goto(`${server.origin}${base}`);
    const visible = await page
      .locator('table.report-table tbody tr')
      .evaluateAll((all) => all.filter((row) => row.getBoundingClientRect().bottom <= window.innerHeight).length);
    expect(visible).toBeGreaterThanOrEqual(15);
    await page.close();
  });

  test('columns sort in the browser, and say so', async () => {
    const page = await openPage('');
    const table = page.locator('table.report-table');
    const durations = () => table.locator('tbody td.cell-duration').evaluateAll((cells) => cells.map((cell) => Number((cell as HTMLElement).dataset.value)));
    await table.getByRole('button', { name: /^Duration/ }).click();
    const descending = await durations();
    expect([...descending].sort((left, right) => right - left)).toEqual(descending);
    expect(
      await table
        .locator('th[aria-sort]')
        .evaluateAll((headers) => headers.map((header) => `${header.textContent?.trim()}=${header.getAttribute('aria-sort')}`)),
    ).toEqual(['Duration=descending']);
    await table.getByRole('button', { name: /^Duration/ }).click();
    const ascending = await durations();
    expect([...ascending].sort((left, right) => left - right)).toEqual(ascending);
    expect(await page.getByRole('status').textContent()).toBe('Sorted by Duration, ascending.');
    // Severity sorts most severe first.
    await table.getByRole('button', { name: /^Severity/ }).click();
    const tones = await table.locator('tbody td.cell-severity').evaluateAll((cells) => cells.map((cell) => Number((cell as HTMLElement).dataset.value)));
    expect(tones[0]).toBe(1);
    await page.close();
  });

  test('/actions/ filters by state and owner on plain pages, a hundred rows at most, one short state each', async () => {
    const all = await read('actions');
    expect([...all.matchAll(/<tr class="(open|done)">/g)].length).toBe(100);
    expect(all).toContain('aria-label="Filter action items by owner"');
    const dana = await read('actions/owner/dana');
    expect(dana).toContain('Action items of @dana');
    expect([...dana.matchAll(/<tr class="(open|done)">/g)].length).toBe(1);
    const owners = await read('actions/owner');
    expect(owners).toContain(`<a href="${base}actions/owner/dana/">@dana</a>`);
    const page = await openPage('actions/overdue/');
    const labels = await page.locator('td.cell-state summary').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^(Open|Done|Closed|Not planned|Merged|Missing)(, not verified)?$/);
    expect(await page.locator('td.cell-due .badge.overdue').count()).toBe(labels.length);
    await page.close();
  });

  test('/stats/ shows time to detect and to recover per quarter, and action items done by their due date, each with its table', async () => {
    const page = await openPage('stats/');
    for (const name of ['Time to detect per quarter', 'Time to recover per quarter', 'Action items done by their due date, per quarter']) {
      const table = page.getByRole('table', { name });
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
    }
    const line = page
      .getByRole('img', { name: /^Time to recover per quarter/ })
      .locator('polyline')
      .first();
    // A line, not a filled shape.
    expect(await line.evaluate((element) => [getComputedStyle(element).fill, getComputedStyle(element).stroke !== 'none'])).toEqual(['none', true]);
    await page.close();
  });
});

describe('every changed page, at 1280 and 375 px, light and dark', () => {
  const pages = [
    '',
    'page/2/',
    `postmortems/${repeatId}/`,
    `postmortems/${fixtureId}/`,
    'actions/',
    'actions/overdue/',
    'actions/owner/',
    'actions/owner/dana/',
    'services/checkout/',
    'tags/database/',
    'recurring/',
    'stats/',
  ];

  test('axe finds no serious or critical violations, and nothing scrolls sideways but code', { timeout: 300_000 }, async () => {
    const found: string[] = [];
    for (const width of [1280, 375]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const path of pages) {
          const page = await openPage(path, { width, colorScheme });
          for (const violation of await seriousViolations(page)) found.push(`${width} ${colorScheme} /${path}: ${violation}`);
          for (const overflow of await sidewaysOverflow(page)) found.push(`${width} ${colorScheme} /${path}: overflows: ${overflow}`);
          await page.close();
        }
      }
    }
    expect(found).toEqual([]);
  });

  test('screenshots of the report page and the index, at both widths', async () => {
    for (const [name, path] of [
      ['report', `postmortems/${fixtureId}/`],
      ['report-repeat', `postmortems/${repeatId}/`],
      ['index', ''],
    ] as const) {
      for (const width of [1280, 375]) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const page = await openPage(path, { width, colorScheme });
          await page.screenshot({ path: join(resultsFolder, `reading-${name}-${width}-${colorScheme}.png`), fullPage: true });
          await page.close();
        }
      }
    }
  });
});
