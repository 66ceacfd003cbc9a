/**
 * Debian's Chromium for the browser tests, never a downloaded browser: headless,
 * with the background networking this machine's closed network would refuse
 * turned off, and a fresh profile each time.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Chromium's flags for these tests. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts /usr/bin/chromium with a fresh profile (Playwright passes it as `--user-data-dir`). */
export async function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'hindsight-chromium-')), {
    executablePath: '/usr/bin/chromium',
    args: chromiumFlags,
  });
}
