/**
 * The browser the other e2e suites drive exists and works: which Chromium is
 * chosen (`CHROMIUM_PATH`, Debian's, the npm package's), that a missing or broken
 * one fails with a message saying so, and a real launch that loads a page and runs
 * axe-core on it. Needs no site build, so it is the cheap first sign of a machine
 * without a usable browser.
 */
import { createRequire } from 'node:module';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { chromiumFlags, findChromium, launchBrowser } from './browser.ts';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('choosing Chromium', () => {
  test('CHROMIUM_PATH wins, with our flags; a CHROMIUM_PATH that is not an executable is an error, not a fallback', async () => {
    expect(await findChromium({ env: { CHROMIUM_PATH: process.execPath } })).toEqual({
      executablePath: process.execPath,
      source: 'CHROMIUM_PATH',
      args: chromiumFlags,
    });
    await expect(findChromium({ env: { CHROMIUM_PATH: '/no/such/chromium' } })).rejects.toThrow(
      'CHROMIUM_PATH is /no/such/chromium, which is not an executable file',
    );
  });

  test("without CHROMIUM_PATH or Debian's Chromium, the npm package's, with only the flags that suit these tests", async () => {
    const found = findChromium({ env: {}, system: '/no/such/chromium' });
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      await expect(found).rejects.toThrow('only ships Linux x64');
      return;
    }
    const binary = await found;
    expect(binary.source).toMatch(/^@sparticuz\/chromium \d+\.\d+\.\d+$/);
    expect(binary.executablePath).toMatch(/hindsight-chromium-[^/]+\/chromium$/);
    expect(binary.args.slice(-chromiumFlags.length)).toEqual(chromiumFlags);
    for (const refused of [
      '--single-process',
      '--disable-web-security',
      '--allow-running-insecure-content',
      '--disable-site-isolation-trials',
      '--disable-features=',
      '--enable-features=',
    ]) {
      expect(binary.args.filter((arg) => arg.startsWith(refused))).toEqual([]);
    }
    expect(binary.env?.['FONTCONFIG_FILE']).toMatch(/hindsight-fonts\.conf$/);
  });

  test('a Chromium that does not start fails the launch, naming the binary', async () => {
    vi.stubEnv('CHROMIUM_PATH', '/bin/false');
    try {
      await expect(launchBrowser()).rejects.toThrow('Chromium for the browser tests did not start (CHROMIUM_PATH: /bin/false)');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the chosen Chromium', () => {
  let browser: BrowserContext | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  test('starts, renders text and runs axe-core on a page', async () => {
    const binary = await findChromium();
    const started = performance.now();
    browser = await launchBrowser();
    // Shows in the test log which browser the e2e suites ran on.
    console.info(
      `Chromium ${browser.browser()?.version()} from ${binary.source} (${binary.executablePath}), launched in ${Math.round(performance.now() - started)} ms`,
    );
    const page = await browser.newPage();
    const html =
      '<!doctype html><html lang="en"><title>Smoke test</title><main><h1>Postmortem</h1><p><span id="text">Impact began at 05:25</span></p></main></html>';
    await page.goto(`data:text/html,${encodeURIComponent(html)}`);
    expect(await page.locator('h1').textContent()).toBe('Postmortem');
    // A browser without fonts lays every text out 0 px wide.
    expect(await page.locator('#text').evaluate((span) => span.getBoundingClientRect().width)).toBeGreaterThan(50);
    await page.addScriptTag({ path: axeSource });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ passes: unknown[]; violations: { id: string }[] }> } }).axe;
      const { passes, violations } = await axe.run(document);
      return { passes: passes.length, violations: violations.map((violation) => violation.id) };
    });
    expect(result.violations).toEqual([]);
    expect(result.passes).toBeGreaterThan(0);
    await page.close();
  });
});
