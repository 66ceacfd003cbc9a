/**
 * The impact window in a report's header facts, in a real browser: each end of
 * the range stays on one line at desktop and phone widths (the range breaks
 * between its ends, never inside a date), and a report without a `timezone` is
 * shown in its impact times' offset. Builds a copy of the project with one extra
 * report (a long window across midnight) and saves screenshots in `test-results/`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildProject, copyProject, projectRoot } from './project.ts';
import { serveStatic, type StaticServer } from './server.ts';

const overlay = join(projectRoot, 'test/fixtures/site/impact-window');
const reportId = '2026-11-20-late-deploy-outage';
const resultsFolder = join(projectRoot, 'test-results');

let server: StaticServer;
let browser: BrowserContext;

beforeAll(async () => {
  const root = await copyProject({ overlay });
  await buildProject(root);
  server = await serveStatic(join(root, 'dist'), '/');
  browser = await launchBrowser();
  await mkdir(resultsFolder, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the impact window of a report page', () => {
  test.each([1280, 375])('at %i px each end stays on one line, and the copied text is the whole range', async (width) => {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.origin}/postmortems/${reportId}/`, { waitUntil: 'load' });
    const impact = page.locator('.facts div', { has: page.locator('dt', { hasText: 'Impact' }) }).locator('dd');
    const ends = await impact
      .locator('.nowrap')
      .evaluateAll((spans) =>
        spans.map((span) => ({ text: span.textContent, lines: new Set([...span.getClientRects()].map((rect) => Math.round(rect.top))).size })),
      );
    expect(ends).toEqual([
      { text: '2026-11-20 23:10 +01:00', lines: 1 },
      { text: '2026-11-21 01:35 +01:00', lines: 1 },
      { text: '2026-11-20 22:10 UTC', lines: 1 },
      { text: '2026-11-21 00:35 UTC', lines: 1 },
    ]);
    expect(await impact.locator('time').textContent()).toBe('2026-11-20 23:10 +01:00 – 2026-11-21 01:35 +01:00');
    // No `timezone` in the report: the zone is the impact times' offset, as the core reads the timeline.
    await expect.poll(() => impact.textContent()).toContain('Zone: +01:00');
    // One timeline table: a row for each day, the zone stated once in its caption.
    expect(await page.locator('.timeline-table th:first-child').allTextContents()).toEqual(['Time', 'Nov 20, 2026', 'Nov 21, 2026']);
    await expect.poll(() => page.locator('.timeline-table caption').textContent()).toContain('+01:00');
    await page.locator('.report-header').screenshot({ path: join(resultsFolder, `impact-window-${width}.png`) });
    await page.close();
  });
});
