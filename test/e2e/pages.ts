/**
 * What the browser suites do to every page they look at: open it at a width and
 * in a colour scheme, and list its serious accessibility problems with axe-core.
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

/** How a page is looked at. */
export interface ViewOptions {
  colorScheme?: 'light' | 'dark';
  /** The viewport's width in CSS pixels (900 high). */
  width?: number;
}

/** A new page in the colour scheme (default light) and at the width (default `defaultWidth`), not yet navigated. */
export async function newPage(browser: BrowserContext, options: ViewOptions = {}, defaultWidth = 1280): Promise<Page> {
  const page = await browser.newPage();
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
  await page.setViewportSize({ width: options.width ?? defaultWidth, height: 900 });
  return page;
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The page's serious and critical axe-core violations, one line each: impact, rule, what it asks and where. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document): Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[] }> };
      }
    ).axe;
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
