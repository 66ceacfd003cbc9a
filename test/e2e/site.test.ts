/**
 * The published site, end to end: `npm run build` on a copy of the project (the
 * sample reports plus the XSS fixture report, under a `/hindsight/` base path),
 * then the built files and a real browser (Debian's Chromium via playwright-core).
 *
 * The site is built once (twice, for the byte-identical check) and reused by
 * every test.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rules } from '../../src/lib/rules/index.ts';
import { buildProject, copyProject, projectRoot } from './project.ts';
import { serveStatic, type StaticServer } from './server.ts';

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
    result.set(file, createHash('sha256').update(await readFile(join(folder, file))).digest('hex'));
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

/** The report's rendered body: from the "Full report" section to the source line. */
function reportBody(html: string): string {
  const match = /<section class="report-body"[\s\S]*?(?=<details class="diagnostics"|<p class="page-intro" data-pagefind-ignore>Source)/.exec(html);
  if (!match) throw new Error('No report body in the page');
  return match[0];
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
  browser = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'hindsight-chromium-')), {
    executablePath: '/usr/bin/chromium',
    // Playwright passes the fresh profile folder as `--user-data-dir` itself.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(resultsFolder, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page that records console errors and uncaught exceptions. */
async function openPage(path: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
  await page.setViewportSize({ width: options.width ?? 1200, height: 900 });
  await page.goto(`${server.origin}${base}${path}`, { waitUntil: 'load' });
  return page;
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe-core violations on the page, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} at ${violation.targets.join(', ')}`);
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
    expect(output).toContain('Indexed 3 pages');
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

  test('has no script on any page but the search page; a report page weighs little', async () => {
    const pages = (await filesUnder(dist)).filter((file) => file.endsWith('.html') && !file.startsWith('pagefind/'));
    const withScripts = [];
    for (const file of pages) {
      const text = await readFile(join(dist, file), 'utf8');
      if (startTags(text).some((tag) => /^<script\b/i.test(tag) || /\son[a-z]+\s*=/i.test(tag))) withScripts.push(file);
    }
    expect(withScripts).toEqual(['search/index.html']);
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
    for (const path of ['', 'actions/', 'services/', 'tags/credentials/', 'rules/', 'rules/reference/', `postmortems/${earlierId}/`, 'search/?q=secret']) {
      const page = await openPage(path);
      await page.waitForLoadState('networkidle');
      await page.close();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('axe finds no serious or critical violations, in light and dark', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of ['', `postmortems/${repeatId}/`, `postmortems/${xssId}/`, 'actions/', 'services/utoronto-hub/', 'rules/', 'rules/reference/', 'search/?q=secret', 'no-such-page/']) {
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
    const body = page.locator('section.report-body');
    for (const link of await body.locator('a').all()) await link.click({ noWaitAfter: true });
    await body.getByText('Payload details').click();
    await body.getByText('xss formaction').click();
    await body.getByText('Styled paragraph').click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(`${server.origin}${base}postmortems/${xssId}/`);
    const globals = await page.evaluate(() =>
      Object.keys(window).filter((name) => name.startsWith('xss')),
    );
    expect(globals).toEqual([]);
    expect(dialogs).toEqual([]);
    const dangerous = await page.evaluate(() => {
      const root = document.querySelector('section.report-body')!;
      const elements = [...root.querySelectorAll('*')];
      return [
        ...elements.filter((element) => ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BUTTON', 'svg', 'BASE', 'META'].includes(element.tagName)).map((element) => element.tagName),
        ...elements.flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => attribute.name)),
      ];
    });
    expect(dangerous).toEqual([]);
    await page.close();
  });
});
