/**
 * Builds a copy of the project in a temporary folder, so browser tests never
 * fight other tests (or people) over `dist/` and Astro's cache.
 *
 * The copy has the project's sources, reports and scripts, plus any fixture
 * project files laid over them; its `node_modules` is a folder of links to the
 * real packages, so Astro's cache (`node_modules/.astro`) stays private to it.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

const run = promisify(execFile);

/** The project's root folder. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What a copy needs to build: sources, reports, configuration and scripts. */
const copied = ['package.json', 'tsconfig.json', 'astro.config.mjs', 'bin', 'src', 'postmortems', 'hindsight.config.yaml', 'public'];

/** Package-manager and build caches that must stay private to each copy. */
const privateEntries = new Set(['.astro', '.vite', '.cache']);

/** A fixed "now" (2024-06-01T00:00:00Z) so overdue marks and builds are reproducible. */
export const sourceDateEpoch = '1717200000';

/** Options for `copyProject`. */
export interface CopyOptions {
  /** A fixture project whose files are copied over the copy (extra reports). */
  overlay?: string;
  /** `site` settings merged into the copy's `hindsight.config.yaml` (the project's own settings are kept). */
  site?: { base?: string; url?: string; title?: string };
}

/**
 * Copies the project into a new temporary folder.
 *
 * @returns the copy's root folder
 */
export async function copyProject({ overlay, site }: CopyOptions = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hindsight-site-'));
  for (const entry of copied) {
    await cp(join(projectRoot, entry), join(root, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  if (overlay) await cp(overlay, root, { recursive: true });
  if (site) {
    const configPath = join(root, 'hindsight.config.yaml');
    const existing = await readFile(configPath, 'utf8').catch(() => '');
    const config = (parse(existing) ?? {}) as { site?: Record<string, string> };
    config.site = { ...config.site, ...site };
    await writeFile(configPath, stringify(config));
  }
  const modules = join(root, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(join(projectRoot, 'node_modules'))) {
    if (!privateEntries.has(entry)) await symlink(join(projectRoot, 'node_modules', entry), join(modules, entry));
  }
  return root;
}

/**
 * Runs `npm run build` in a copy. Rejects with the build's output when it fails.
 *
 * @param env more environment variables for the build (`HINDSIGHT_AUDIENCE=public`)
 * @returns the build's combined output
 */
export async function buildProject(root: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout, stderr } = await run('npm', ['run', 'build'], {
      cwd: root,
      env: { ...process.env, SOURCE_DATE_EPOCH: sourceDateEpoch, NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed in ${root}:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`, { cause: error });
  }
}
