/**
 * The Chromium the browser tests drive, never one downloaded at run time. In order:
 *
 * 1. `CHROMIUM_PATH`, when set (a wrong path is an error, not a reason to try another);
 * 2. Debian's Chromium at `/usr/bin/chromium`, when present;
 * 3. the Chromium shipped inside the `@sparticuz/chromium` devDependency, so that
 *    `npm ci && npm test` runs the browser tests on a machine with no browser at all.
 *
 * Each launch is headless, with the background networking this machine's closed
 * network would refuse turned off, and a fresh profile. When no browser can be
 * found or started, `launchBrowser` throws with a message saying what was tried:
 * the browser suites fail, they are never skipped.
 */
import type SparticuzChromium from '@sparticuz/chromium';
import { constants, existsSync } from 'node:fs';
import { access, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Chromium's flags for these tests (for every binary; they come last, so they win). */
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

/** Debian's Chromium (`apt-get install chromium`), used when present and `CHROMIUM_PATH` is not set. */
export const systemChromium = '/usr/bin/chromium';

/** The npm package whose Chromium is the last resort. */
const packageName = '@sparticuz/chromium';

/**
 * Switches of `@sparticuz/chromium`'s recommended flags that these tests refuse.
 * Its list is tuned for AWS Lambda; the rest of it (no zygote, no pings, fixed
 * font hinting, WebGL off…) is harmless here and kept.
 */
const refusedSwitches = new Set([
  // One process for browser and pages: a renderer crash in one page then kills the
  // whole persistent context, and every later test of the suite fails with "Target
  // closed" instead of just one (tried: `chrome://crash` in one page, `newPage` then
  // throws). Lambda needs it only because it forbids `prctl(PR_SET_NO_NEW_PRIVS)`.
  'single-process',
  // Chromium keeps only the last of a repeated switch (tried: `--enable-features=
  // SharedArrayBuffer --enable-features=Foo` leaves SharedArrayBuffer off), so these
  // would replace the feature lists Playwright passes (PaintHolding, HttpsUpgrades…
  // that its waits and routes rely on); and what they change (site isolation off, SharedArrayBuffer
  // without cross-origin isolation) is not what readers' browsers do.
  'disable-features',
  'enable-features',
  // The XSS and axe suites must see the same-origin policy, mixed-content blocking
  // and site isolation that readers' browsers enforce.
  'disable-web-security',
  'allow-running-insecure-content',
  'disable-site-isolation-trials',
]);

/** A Chromium to launch, and how it was chosen. */
export interface ChromiumBinary {
  /** The executable. */
  executablePath: string;
  /** Where it came from, for messages: `CHROMIUM_PATH`, Debian's Chromium or the npm package. */
  source: string;
  /** Flags to pass after Playwright's own. */
  args: string[];
  /** Environment of the browser process; undefined: this process's. */
  env?: Record<string, string>;
}

/** Where `findChromium` looks; tests replace them to reach each branch. */
export interface FindOptions {
  /** Read for `CHROMIUM_PATH` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Debian's Chromium (default `/usr/bin/chromium`). */
  system?: string;
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** What to do about a missing or broken browser, at the end of every error. */
const remedy = `Set CHROMIUM_PATH to a Chromium or Chrome executable, install Debian's chromium (${systemChromium}), or run \`npm ci\` so that ${packageName} is installed.`;

/**
 * Picks the Chromium for the browser tests: `CHROMIUM_PATH`, else Debian's, else
 * the npm package's (unpacked on first use: 1.3–2 s on 2 cores). Never downloads anything.
 *
 * @throws when `CHROMIUM_PATH` is not an executable, or no Chromium can be had
 */
export async function findChromium({ env = process.env, system = systemChromium }: FindOptions = {}): Promise<ChromiumBinary> {
  const configured = env['CHROMIUM_PATH'];
  if (configured) {
    if (!(await isExecutable(configured))) throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file. ${remedy}`);
    return { executablePath: configured, source: 'CHROMIUM_PATH', args: chromiumFlags };
  }
  if (await isExecutable(system)) return { executablePath: system, source: "Debian's Chromium", args: chromiumFlags };
  return packagedChromium();
}

/** The npm package's Chromium: a Linux x64 headless shell, unpacked from Brotli archives in the package. */
async function packagedChromium(): Promise<ChromiumBinary> {
  const tried = `no CHROMIUM_PATH, no ${systemChromium}`;
  // The package's archives hold an x86-64 Linux build (its arm64 build is a separate download, which we never do).
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No Chromium for the browser tests (${tried}), and ${packageName} only ships Linux x64 (this is ${process.platform}-${process.arch}). ${remedy}`,
    );
  }
  let Chromium: typeof SparticuzChromium;
  let version: string;
  try {
    Chromium = (await import('@sparticuz/chromium')).default;
    // The package exports no `package.json`; it sits two folders above the CommonJS entry (build/cjs/index.cjs).
    const entry = createRequire(import.meta.url).resolve(packageName);
    version = (JSON.parse(await readFile(join(dirname(entry), '../../package.json'), 'utf8')) as { version: string }).version;
  } catch (error) {
    throw new Error(`No Chromium for the browser tests (${tried}), and ${packageName} cannot be loaded. ${remedy}`, { cause: error });
  }
  const folder = await unpack(Chromium, version);
  // Set before reading `args`: WebGL off (`--disable-webgl`) instead of SwiftShader GL, to agree with `--disable-gpu`.
  Chromium.setGraphicsMode = false;
  const args = Chromium.args.filter((arg) => !refusedSwitches.has(arg.replace(/^--/, '').split('=')[0] ?? ''));
  return {
    executablePath: join(folder, 'chromium'),
    source: `${packageName} ${version}`,
    args: [...args, ...chromiumFlags],
    env: { ...definedEntries(process.env), FONTCONFIG_FILE: join(folder, fontConfigName) },
  };
}

/** Our fontconfig file, written beside the unpacked binary. */
const fontConfigName = 'hindsight-fonts.conf';

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * The system's fonts, plus the package's Open Sans: a machine with no fonts at all
 * (a slim container) would otherwise render every text 0 px wide, and the layout
 * tests that count lines would measure nothing. Where the system has fonts they
 * come first, so text looks as it does in Debian's Chromium.
 */
function fontConfig(folder: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${escapeXml(join(folder, 'fonts'))}</dir>
  <cachedir>${escapeXml(join(folder, 'fontconfig-cache'))}</cachedir>
</fontconfig>
`;
}

/**
 * Unpacks the package's Chromium once per package version (and user) into
 * `<tmpdir>/hindsight-chromium-<version>-<uid>/`, and returns that folder.
 *
 * The package itself would unpack into `<tmpdir>/chromium` and trust any file
 * there, even one half written by a parallel test worker or an interrupted run,
 * or one from another version. So each caller unpacks into its own staging folder
 * (the package writes wherever `os.tmpdir()` points, which reads `TMPDIR` on each
 * call) and renames it into place: the folder appears complete or not at all, and
 * when parallel workers race on a fresh machine the first rename wins and the
 * others drop their copy.
 */
async function unpack(Chromium: typeof SparticuzChromium, version: string): Promise<string> {
  const folder = join(tmpdir(), `hindsight-chromium-${version}-${process.getuid?.() ?? 0}`);
  const complete = () => existsSync(join(folder, 'chromium')) && existsSync(join(folder, fontConfigName));
  if (complete() || (await anotherUnpack(folder, complete))) return folder;
  const staging = await mkdtemp(`${folder}.partial-`);
  try {
    const previous = process.env['TMPDIR'];
    process.env['TMPDIR'] = staging;
    let unpacked: string;
    try {
      unpacked = await Chromium.executablePath();
    } finally {
      if (previous === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = previous;
    }
    // A future version that ignores TMPDIR would leave a shared, unchecked /tmp/chromium behind: refuse it.
    if (unpacked !== join(staging, 'chromium')) throw new Error(`${packageName} unpacked Chromium to ${unpacked}, not into ${staging}`);
    await writeFile(join(staging, fontConfigName), fontConfig(folder));
    await rename(staging, folder).catch((error: NodeJS.ErrnoException) => {
      // Another worker published first (the target exists and is not empty): use its copy.
      if (!(error.code === 'ENOTEMPTY' || error.code === 'EEXIST') || !complete()) throw error;
    });
    return folder;
  } catch (error) {
    throw new Error(`No Chromium for the browser tests: unpacking ${packageName} ${version} into ${folder} failed: ${String(error)}. ${remedy}`, {
      cause: error,
    });
  } finally {
    // Gone after a successful rename; otherwise a failed or losing copy.
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Waits while another process (a parallel test worker) is unpacking into a
 * staging folder beside `folder`, rather than unpack a fourth 200 MB copy on a
 * 2-core machine: four at once take about 8 s each, one takes 1.3 s. Only a hint:
 * staging folders older than a minute are an interrupted run's and are ignored,
 * and when nobody publishes, the caller unpacks its own copy.
 *
 * @returns whether `folder` is now complete
 */
async function anotherUnpack(folder: string, complete: () => boolean): Promise<boolean> {
  const parent = dirname(folder);
  const prefix = `${basename(folder)}.partial-`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const names = (await readdir(parent)).filter((name) => name.startsWith(prefix));
    const ages = await Promise.all(
      names.map((name) =>
        stat(join(parent, name)).then(
          (info) => Date.now() - info.mtimeMs,
          () => Infinity,
        ),
      ),
    );
    if (!ages.some((age) => age < 60_000)) return complete();
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (complete()) return true;
  }
  return complete();
}

/** `process.env` without its undefined entries, as Playwright's `env` wants it. */
function definedEntries(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Starts the tests' Chromium (see `findChromium`) with a fresh profile, which
 * Playwright passes as `--user-data-dir` and which `close()` deletes.
 *
 * @throws when no Chromium is found or it does not start, saying which binary and what to do
 */
export async function launchBrowser(): Promise<BrowserContext> {
  const binary = await findChromium();
  const profile = await mkdtemp(join(tmpdir(), 'hindsight-chromium-profile-'));
  const removeProfile = () => rm(profile, { recursive: true, force: true, maxRetries: 3 });
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: binary.executablePath,
      args: binary.args,
      ...(binary.env ? { env: binary.env } : {}),
      headless: true,
    });
    // Removed once `close()` has waited for Chromium to exit: on a 'close' event the
    // removal raced Chromium's last writes and the worker's exit, and left folders behind.
    const close = context.close.bind(context);
    context.close = async (options) => {
      await close(options);
      await removeProfile().catch(() => undefined);
    };
    return context;
  } catch (error) {
    await removeProfile();
    const again = binary.source.startsWith(packageName) ? ` If its unpacked copy is damaged, delete ${dirname(binary.executablePath)} to unpack it again.` : '';
    throw new Error(
      `Chromium for the browser tests did not start (${binary.source}: ${binary.executablePath}).${again} ${remedy}\n${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
