/**
 * `/reviews/` and `/factors/` on a real build, in a real browser: a copy of the
 * project with three more reports (test/fixtures/site/learning: reviewers,
 * contributing factors, `impact.mitigated`, a repeat chain), its Hindsight pages
 * below the `incidents` prefix and the site under the `/hindsight/` base path.
 * Checks what the pages list, that every link keeps base and prefix, that they
 * (and `/stats/` and a report page with the new facts) pass axe-core (serious
 * and critical) at 1280 and 375 px in light and dark,
 * and that nothing overflows a phone's width. "Now" is 2024-06-01
 * (`SOURCE_DATE_EPOCH`).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './browser.ts';
import { buildProject, copyProject, projectRoot } from './project.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { newPage, seriousViolations, type ViewOptions } from './pages.ts';

const base = '/hindsight/';
const pages = `${base}incidents/`;
const overlay = join(projectRoot, 'test/fixtures/site/learning');
const resultsFolder = join(projectRoot, 'test-results');
const overdueId = '2024-05-10-checkout-deploy-rollback';

let dist = '';
let server: StaticServer;
let browser: BrowserContext;

beforeAll(async () => {
  const root = await copyProject({ overlay, site: { base, url: 'https://acme.github.io' } });
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

const read = (path: string) => readFile(join(dist, path), 'utf8');

async function openPage(path: string, options: ViewOptions = {}): Promise<Page> {
  const page = await newPage(browser, options);
  const response = await page.goto(`${server.origin}${pages}${path}`, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return page;
}

describe('/reviews/', () => {
  test('lists the reports awaiting review, overdue first, with age, reviewers and due date', async () => {
    const page = await openPage('reviews/');
    const rows = await page
      .locator('.review-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim())));
    expect(rows).toEqual([
      [
        'Checkout down again after a payment client deploy May 10, 2024',
        'In review',
        'Severity sev2',
        '22 days',
        'alice, bob',
        'May 20, 2024 12 days overdue sev2: 10 days after the incident',
      ],
      [
        'Search slow during the spring sale May 28, 2024',
        'Draft',
        'Severity sev3',
        '4 days',
        'No reviewers named',
        'Jun 17, 2024 in 16 days sev3: 20 days after the incident',
      ],
    ]);
    expect(await page.locator('.page-intro').textContent()).toContain('2 reports await review, 1 overdue (as of Jun 1, 2024)');
    // The reviewed sample reports are not listed.
    expect(await page.locator('main').textContent()).not.toContain('UToronto');
    await page.close();
  });

  test('is linked from the home page, and each report page says when its review is due', async () => {
    expect(await read('incidents/index.html')).toContain(`href="${pages}reviews/">2 awaiting review</a> (1 overdue)`);
    const report = await read(`incidents/postmortems/${overdueId}/index.html`);
    expect(report).toMatch(
      /<dt>Review due<\/dt>\s*<dd>\s*<time datetime="2024-05-20">May 20, 2024<\/time> <span class="badge overdue">12 days overdue<\/span>/,
    );
    expect(report).toContain('Reviewers</dt> <dd>alice, bob</dd>'.replace('</dt> <dd>', '</dt><dd>'));
  });
});

describe('/factors/', () => {
  test('shows each factor’s incidents per year, its repeat chains and its reports', async () => {
    const page = await openPage('factors/');
    const summary = await page
      .locator('.factor-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim()).join(' | ')));
    expect(summary).toEqual([
      'Deploy | 2 | 1 | May 10, 2024',
      'Configuration change | 1 | 0 | May 10, 2024',
      'Capacity | 1 | 0 | May 28, 2024',
      'Dependency | 0 | 0 | None yet',
      'Expired credential | 0 | 0 | None yet',
      'Monitoring gap | 1 | 0 | Nov 2, 2023',
      'Manual operation | 0 | 0 | None yet',
    ]);
    const deploy = page.locator('#factor-deploy');
    expect(await deploy.locator('svg.chart title').textContent()).toBe('Deploy: incidents per year, column chart');
    expect(await deploy.locator('table.figures tbody tr').allTextContents()).toEqual(['20231', '20241']);
    expect(await deploy.locator('.factor-chains > li > a').getAttribute('href')).toMatch(new RegExp(`^${pages}recurring/#chain-`));
    expect(await deploy.locator('.factor-chains ol li a').allTextContents()).toEqual([
      'Checkout errors after a deploy of the payment client',
      'Checkout down again after a payment client deploy',
    ]);
    expect(await page.locator('#factor-dependency').textContent()).toContain('No report names it yet.');
    await page.close();
  });

  test('is linked from report pages and from /stats/, which breaks durations down by factor and shows time to mitigate', async () => {
    const report = await read(`incidents/postmortems/${overdueId}/index.html`);
    expect(report).toContain(`<a href="${pages}factors/#factor-deploy">Deploy</a>`);
    expect(report).toMatch(/<dt>Time to mitigate<\/dt>\s*<dd>20 m<span class="secondary">Mitigated <span class="nowrap">2024-05-10 10:20 UTC<\/span>/);
    const page = await openPage('stats/');
    const byFactor = page.locator('section[aria-labelledby="factor-heading"]');
    expect(await byFactor.locator('table.figures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)))).toEqual([
      ['Deploy (2 reports)', '1 h 6 m', '54 m to 1 h 18 m'],
      ['Configuration change (1 report)', '42 m', '42 m to 42 m'],
      ['Monitoring gap (1 report)', '1 h 30 m', '1 h 30 m to 1 h 30 m'],
    ]);
    expect(await byFactor.locator('svg.chart .chart-box').count()).toBe(3);
    expect(await byFactor.locator('a').getAttribute('href')).toBe(`${pages}factors/`);
    expect(await page.locator('section[aria-labelledby="mitigate-heading"] p').first().textContent()).toContain('median 30 m over 2 reports');
    await page.close();
  });
});

describe('the review and factor pages', () => {
  test('link only under the base path and the prefix', async () => {
    for (const path of ['incidents/reviews/index.html', 'incidents/factors/index.html']) {
      const html = await read(path);
      const hrefs = [...html.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1]!);
      expect(hrefs.length).toBeGreaterThan(10);
      expect(hrefs.filter((href) => !href.startsWith(pages) && !href.startsWith(`${base}_astro/`))).toEqual([]);
    }
  });

  test('put review due dates in /calendar.ics', async () => {
    const calendar = await read('incidents/calendar.ics');
    expect(calendar).toContain('UID:review-2024-05-10-checkout-deploy-rollback@acme.github.io\r\n');
    expect(calendar).toContain('UID:review-2024-05-28-search-capacity@acme.github.io\r\nDTSTAMP:20240528T000000Z\r\nDTSTART;VALUE=DATE:20240617\r\n');
    expect(calendar).not.toContain('UID:review-2023-11-02');
  });

  // The new pages, and the pages the new figures join (durations by factor, a report's review and factor facts).
  const cases = ['reviews/', 'factors/', 'stats/', `postmortems/${overdueId}/`].flatMap((path) =>
    [1280, 375].flatMap((width) => (['light', 'dark'] as const).map((scheme) => [path, width, scheme] as const)),
  );
  test.each(cases)('%s passes axe at %i px in %s, without overflowing the page', async (path, width, colorScheme) => {
    const page = await openPage(path, { width, colorScheme });
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing wider than the screen: a phone reader never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(resultsFolder, `learning-${path.split('/')[0]}-${width}-${colorScheme}.png`), fullPage: true });
    await page.close();
  });
});
