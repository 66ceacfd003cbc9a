/**
 * Issue 9's "Done when", from `npm pack`: a team installs the published tarball
 * into a new project, runs `hindsight init`, adds reports and runs `npm run
 * build`, and gets the whole site (a page per report, the index, search) while
 * its repository holds no page or component; reinstalling a newer tarball
 * changes the site with no file of the project edited; the CLI works from the
 * installed package, on the oldest Node that `engines` allows too.
 *
 * One shared fixture (`beforeAll`): pack this repository once, install the
 * tarball with Astro into a new Git repository, run init, copy in reports, build.
 * The tests then run in order on it; the upgrade test is last, as it changes the
 * installed version. Set HINDSIGHT_KEEP_FIXTURES=1 to keep the temporary folder.
 *
 * Needs the npm registry or a warm npm cache (the repository's own `npm ci`
 * fills it with Astro's dependencies). `npm pack` runs `prepack`, which rebuilds
 * this repository's build/.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overridableComponents } from '../../src/astro/options.ts';
import type * as ConfigFiles from '../../src/lib/node/config.ts';
import type * as Files from '../../src/lib/node/files.ts';
import type * as RepeatThread from '../../src/lib/node/repeat-thread.ts';
import type * as Repeats from '../../src/lib/repeats.ts';
import { routeSpecs } from '../../src/astro/routes.ts';
import {
  astroImports,
  brokenReport,
  generatedReport,
  isBuiltin,
  javascriptImports,
  listFiles,
  packageName,
  searchSite,
  snapshotFiles,
  type ModuleImport,
} from './fixture.ts';
import { childEnv, describeRun, repoRoot, run, runOk, type RunResult } from './run.ts';

/** The files `hindsight init` writes into a new project (besides adding scripts to package.json). */
const initFiles = [
  '.github/workflows/postmortems.yml',
  '.gitignore',
  'astro.config.mjs',
  'hindsight.config.yaml',
  'postmortems/_template.md',
  'src/content.config.ts',
];

/** npm's flags for every install: no audit or funding requests, the cache first (it holds Astro's dependencies). */
const installFlags = ['--no-audit', '--no-fund', '--prefer-offline'];

/** A word only the generated report has, to search for. */
const searchWord = 'quetzalcoatlus';

interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  engines?: { node?: string };
  exports?: Record<string, string | Record<string, string>>;
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Report {
  id: string;
  title: string;
  /** The Markdown file's text. */
  text: string;
}

/** Everything the tests share. */
const fixture = {
  /** The temporary folder holding everything below. */
  tmp: '',
  /** The tarball under a fixed name (`<tmp>/packages/hindsight-postmortems.tgz`), so the project's dependency spec stays the same across the upgrade. */
  tarball: '',
  /** The file name `npm pack` gave it. */
  packedName: '',
  /** The tarball's paths, without the `package/` prefix. */
  entries: [] as string[],
  /** The unpacked tarball (`<tmp>/unpacked/package`). */
  unpacked: '',
  /** The tarball's package.json. */
  manifest: {} as PackageManifest,
  /** The team's project. */
  project: '',
  init: undefined as RunResult | undefined,
  /** The files that appeared while `hindsight init` ran. */
  initWrote: [] as string[],
  build: undefined as RunResult | undefined,
  /** The reports copied in: this repository's samples and the generated one. */
  reports: [] as Report[],
  generated: undefined as Report | undefined,
};

/** How long each phase took, printed after the tests. */
const timings: Array<[string, number]> = [];

async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings.push([name, (performance.now() - started) / 1000]);
  }
}

/** Runs a command in the project. */
function inProject(file: string, args: readonly string[], timeout = 180_000): Promise<RunResult> {
  return run(file, args, { cwd: fixture.project, timeout });
}

/** A report's title, from its frontmatter. */
function titleOf(text: string): string {
  const title = /^title:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!title) throw new Error(`No title in:\n${text.slice(0, 300)}`);
  return title;
}

async function read(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** A built page of the project, or `undefined` when it was not built. */
async function page(path: string): Promise<string | undefined> {
  return readFile(join(fixture.project, 'dist', path), 'utf8').catch(() => undefined);
}

beforeAll(async () => {
  fixture.tmp = await mkdtemp(join(tmpdir(), 'hindsight-package-'));
  const packed = join(fixture.tmp, 'pack');
  await mkdir(packed);
  // 1. The tarball, as `npm publish` would make it (`prepack` compiles build/).
  await timed('npm pack (prepack: build:package)', () => runOk('npm', ['pack', '--pack-destination', packed], { cwd: repoRoot, timeout: 300_000 }));
  const tarballs = (await readdir(packed)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`Expected one tarball from npm pack in ${packed}, found ${tarballs.join(', ') || 'none'}`);
  fixture.packedName = tarballs[0]!;
  await mkdir(join(fixture.tmp, 'packages'));
  fixture.tarball = join(fixture.tmp, 'packages', 'hindsight-postmortems.tgz');
  await copyFile(join(packed, fixture.packedName), fixture.tarball);
  const listing = await runOk('tar', ['-tzf', fixture.tarball], { cwd: fixture.tmp });
  fixture.entries = listing.stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''))
    .sort();
  await mkdir(join(fixture.tmp, 'unpacked'));
  await runOk('tar', ['-xzf', fixture.tarball, '-C', join(fixture.tmp, 'unpacked')], { cwd: fixture.tmp });
  fixture.unpacked = join(fixture.tmp, 'unpacked', 'package');
  fixture.manifest = JSON.parse(await read(join(fixture.unpacked, 'package.json'))) as PackageManifest;

  // 2. A team's new project: a Git repository with a package.json, then the install.
  fixture.project = join(fixture.tmp, 'project');
  await mkdir(fixture.project);
  await runOk('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], { cwd: fixture.project });
  await runOk('npm', ['init', '-y'], { cwd: fixture.project });
  await timed('npm i -D <tarball> astro@7', () =>
    runOk('npm', ['install', '--save-dev', ...installFlags, '../packages/hindsight-postmortems.tgz', 'astro@7'], { cwd: fixture.project, timeout: 600_000 }),
  );
  const beforeInit = new Set(await listFiles(fixture.project, new Set(['node_modules', '.git'])));
  fixture.init = await timed('npx hindsight init', () => inProject('npx', ['hindsight', 'init']));
  fixture.initWrote = (await listFiles(fixture.project, new Set(['node_modules', '.git']))).filter((path) => !beforeInit.has(path));

  // The reports: this repository's two samples and one written here.
  const content = join(fixture.project, 'postmortems');
  await mkdir(content, { recursive: true });
  for (const name of (await readdir(join(repoRoot, 'postmortems'))).filter((name) => name.endsWith('.md') && !name.startsWith('_')).sort()) {
    const text = await read(join(repoRoot, 'postmortems', name));
    await writeFile(join(content, name), text);
    fixture.reports.push({ id: basename(name, '.md'), title: titleOf(text), text });
  }
  const generated = generatedReport(searchWord);
  await writeFile(join(content, `${generated.id}.md`), generated.text);
  fixture.generated = generated;
  fixture.reports.push(fixture.generated);

  fixture.build = await timed('npm run build', () => inProject('npm', ['run', 'build'], 300_000));
}, 1_200_000);

afterAll(async () => {
  const total = timings.reduce((sum, [, seconds]) => sum + seconds, 0);
  console.log(
    `Package test phases:\n${timings.map(([name, seconds]) => `  ${seconds.toFixed(1).padStart(6)} s  ${name}`).join('\n')}\n  ${total.toFixed(1).padStart(6)} s  total of the phases above`,
  );
  if (!fixture.tmp) return;
  if (process.env.HINDSIGHT_KEEP_FIXTURES === '1') console.log(`HINDSIGHT_KEEP_FIXTURES=1: kept ${fixture.tmp}`);
  else await rm(fixture.tmp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the compiled package and its documents, and no sources or tests', () => {
    const entries = new Set(fixture.entries);
    const required = [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/hindsight.js',
      'build/cli/bin.js',
      'build/index.js',
      'build/index.d.ts',
      'build/astro/index.js',
      'build/astro/index.d.ts',
      // Every page and endpoint the integration injects, and every component a project may replace.
      ...routeSpecs.map((route) => `build/routes/${route.file.endsWith('.astro') ? route.file : `${route.file}.js`}`),
      'build/routes/404.astro',
      ...overridableComponents.map((name) => `build/components/${name}.astro`),
    ];
    expect(
      required.filter((path) => !entries.has(path)),
      `missing from ${fixture.packedName}`,
    ).toEqual([]);
    expect(fixture.entries.filter((path) => /^build\/routes\/.+\.astro$/.test(path)).length).toBeGreaterThan(0);
    expect(
      fixture.entries.filter(
        (path) => /^(src|test|scripts|postmortems|node_modules|dist)\//.test(path) || (/\.(ts|tsx|mts|cts)$/.test(path) && !/\.d\.ts$/.test(path)),
      ),
      'sources, tests or TypeScript in the tarball',
    ).toEqual([]);
  });

  it('ships CHANGELOG.md', () => {
    expect(fixture.entries, `CHANGELOG.md is missing from ${fixture.packedName} (it is listed in package.json "files")`).toContain('CHANGELOG.md');
  });

  it('has a package.json that can be published and installed', () => {
    const manifest = fixture.manifest;
    expect(manifest.name).toBe('hindsight-postmortems');
    expect(manifest.private, 'a private package cannot be published').not.toBe(true);
    expect(manifest.peerDependencies?.astro, 'astro is a peer dependency').toMatch(/^\^?7\./);
    expect(Object.keys(manifest.exports ?? {}).sort()).toEqual(['.', './astro', './package.json']);
    expect(manifest.bin?.hindsight).toBe('bin/hindsight.js');
    expect(manifest.engines?.node).toMatch(/^>=\s*\d+\.\d+\.\d+$/);
    // Every file `exports` and `bin` point at is in the tarball.
    const targets = [
      ...Object.values(manifest.exports ?? {}).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target))),
      ...Object.values(manifest.bin ?? {}),
    ];
    expect(targets.map((target) => posix.normalize(target)).filter((target) => !fixture.entries.includes(target))).toEqual([]);
  });

  it('imports at run time only dependencies, peer dependencies, Node builtins and its own files', async () => {
    const manifest = fixture.manifest;
    const entries = new Set(fixture.entries);
    const allowed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), manifest.name]);
    const problems: string[] = [];
    let checked = 0;
    for (const file of fixture.entries.filter((path) => /^(build|bin)\/.+\.(js|astro)$/.test(path))) {
      const text = await read(join(fixture.unpacked, file));
      const specifiers = file.endsWith('.astro') ? astroImports(text) : await javascriptImports(text);
      for (const specifier of specifiers) {
        checked++;
        if (specifier.startsWith('.')) {
          const target = posix.normalize(posix.join(posix.dirname(file), specifier));
          if (!entries.has(target)) problems.push(`${file}: \`${specifier}\` is not in the tarball`);
        } else if (specifier.startsWith('astro:')) {
          // Astro's own modules, provided by the astro peer dependency.
          if (!allowed.has('astro')) problems.push(`${file}: \`${specifier}\` needs astro, which is not a peer dependency`);
        } else if (specifier.startsWith('virtual:hindsight/')) {
          // Resolved by the integration's Vite plugin.
        } else if (specifier.startsWith('/') || /^[a-z][a-z\d+.-]*:\/\//i.test(specifier)) {
          // A URL the browser loads (the site's own files).
        } else if (!isBuiltin(specifier) && !allowed.has(packageName(specifier))) {
          const name = packageName(specifier);
          problems.push(
            `${file}: \`${specifier}\`: ${name in (manifest.devDependencies ?? {}) ? `${name} is only a devDependency` : `${name} is not a dependency`}`,
          );
        }
      }
    }
    expect(checked, 'imports found (the parser found none: is it broken?)').toBeGreaterThan(50);
    expect(problems).toEqual([]);
  }, 120_000);

  it('runs the CLI and the main entry without astro, an optional peer dependency', async () => {
    expect(fixture.manifest.peerDependenciesMeta?.astro?.optional).toBe(true);
    // The modules each entry loads, following relative imports.
    const reached = new Set<string>();
    const astroImportsFound: ModuleImport[] = [];
    const pending = ['bin/hindsight.js', 'build/cli/bin.js', 'build/index.js'];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const specifier of await javascriptImports(await read(join(fixture.unpacked, file)))) {
        if (specifier.startsWith('.')) {
          const target = posix.normalize(posix.join(posix.dirname(file), specifier));
          if (target.endsWith('.js') && fixture.entries.includes(target)) pending.push(target);
        } else if (packageName(specifier) === 'astro' || specifier.startsWith('astro:')) {
          astroImportsFound.push({ file, specifier });
        }
      }
    }
    expect(reached.size).toBeGreaterThan(10);
    expect(astroImportsFound).toEqual([]);
  });
});

describe('a new project with the installed package', () => {
  it('`hindsight init` writes the configuration, template, Astro files, .gitignore and workflow', async () => {
    const init = fixture.init!;
    expect(init.code, describeRun(init)).toBe(0);
    expect(
      initFiles.filter((path) => !fixture.initWrote.includes(path)),
      'not written by init',
    ).toEqual([]);
    expect(await read(join(fixture.project, 'astro.config.mjs'))).toMatch(
      /from ['"]hindsight-postmortems\/astro['"][\s\S]*integrations:\s*\[\s*hindsight\(\)\s*\]/,
    );
    expect(await read(join(fixture.project, 'src/content.config.ts'))).toMatch(
      /import \{ hindsightCollections \} from ['"]hindsight-postmortems\/astro['"][\s\S]*export const collections = hindsightCollections\(\)/,
    );
    const manifest = JSON.parse(await read(join(fixture.project, 'package.json'))) as PackageManifest & { scripts: Record<string, string> };
    expect(manifest.scripts.build).toBe('astro build');
    expect(manifest.devDependencies?.['hindsight-postmortems']).toBe('file:../packages/hindsight-postmortems.tgz');
  });

  it("a build's worker threads find the modules they load by name, beside them in the installed package", async () => {
    // The parse worker loads the site's renderer, and the repeat worker runs beside it, by a URL made at run time
    // (parse-worker.ts, repeat-thread.ts): a name the compiled package did not keep would fail only there.
    const build = join(fixture.project, 'node_modules', 'hindsight-postmortems', 'build', 'lib');
    const { readReports } = (await import(pathToFileURL(join(build, 'node', 'files.js')).href)) as typeof Files;
    const { loadConfig } = (await import(pathToFileURL(join(build, 'node', 'config.js')).href)) as typeof ConfigFiles;
    const { similarPairsOnThread } = (await import(pathToFileURL(join(build, 'node', 'repeat-thread.js')).href)) as typeof RepeatThread;
    const { repeatSearch } = (await import(pathToFileURL(join(build, 'repeats.js')).href)) as typeof Repeats;
    const { config } = await loadConfig(fixture.project);
    const paths = fixture.reports.map((report) => `postmortems/${report.id}.md`);
    // Two threads, asked for: the worker gets the first files, so at least one report is rendered on it.
    const { reports, rendered, stats } = await readReports(paths, fixture.project, config, { threads: 2, findings: true, render: true });
    expect(stats.threads).toBe(2);
    expect(rendered.size).toBeGreaterThan(0);
    for (const page of rendered.values()) expect(page.body.length).toBeGreaterThan(0);
    expect(Array.isArray(await similarPairsOnThread(repeatSearch(reports, config)))).toBe(true);
  });

  it('`npm run build` makes a page per report and an index that lists them', async () => {
    const build = fixture.build!;
    expect(build.code, describeRun(build)).toBe(0);
    const pages = (await readdir(join(fixture.project, 'dist', 'postmortems'), { withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    // Exactly the reports: `_template.md` is not one.
    expect(pages, 'report pages in dist/postmortems/').toEqual(fixture.reports.map((report) => report.id).sort());
    const index = await page('index.html');
    expect(index, 'dist/index.html').toBeDefined();
    for (const report of fixture.reports) {
      const html = await page(`postmortems/${report.id}/index.html`);
      expect(html, `dist/postmortems/${report.id}/index.html`).toBeDefined();
      expect(html).toContain(report.title);
      expect(index, `the index links ${report.id}`).toContain(`href="/postmortems/${report.id}/"`);
      expect(index).toContain(report.title);
    }
  });

  it('the site has a search index that finds the reports', async () => {
    expect(fixture.build!.code, 'the build failed (see the build test)').toBe(0);
    expect(await page('pagefind/pagefind.js'), 'dist/pagefind/pagefind.js').toBeDefined();
    expect(await page('search/index.html'), 'the search page').toBeDefined();
    // One search document per report (src/lib/site/search-document.ts): the index holds the reports and nothing else.
    const entry = JSON.parse((await page('pagefind/pagefind-entry.json')) ?? '{}') as { languages?: Record<string, { page_count: number }> };
    expect(
      Object.values(entry.languages ?? {}).reduce((sum, language) => sum + language.page_count, 0),
      'pages in the search index',
    ).toBe(fixture.reports.length);
    const scratch = await mkdtemp(join(fixture.tmp, 'search-'));
    const found = await timed('Pagefind search in Node', () =>
      searchSite(join(fixture.project, 'dist'), scratch, [searchWord, 'AzureAD', 'xylophonequagmire']),
    );
    expect(found[searchWord]).toEqual([`/postmortems/${fixture.generated!.id}/`]);
    // A word of the sample reports (the founding incident) finds each report that has it.
    expect(found.AzureAD).toEqual(
      fixture.reports
        .filter((report) => /azuread/i.test(report.text))
        .map((report) => `/postmortems/${report.id}/`)
        .sort(),
    );
    expect(found.xylophonequagmire).toEqual([]);
  }, 120_000);

  it('the project holds no Hindsight page or component, and Git sees only what init wrote and the reports', async () => {
    const files = await listFiles(fixture.project, new Set(['node_modules', '.git']));
    expect(
      files.filter((path) => path.endsWith('.astro')),
      '.astro files in the project',
    ).toEqual([]);
    expect(
      files.filter((path) => path.startsWith('src/')),
      'src/ holds only the content configuration',
    ).toEqual(['src/content.config.ts']);
    const status = await inProject('git', ['status', '--porcelain', '--untracked-files=all']);
    expect(status.code, describeRun(status)).toBe(0);
    const listed = status.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3))
      .sort();
    // package.json and package-lock.json are the team's own (`npm init`, `npm install`); init adds scripts to the first.
    // dist/, .astro/ and node_modules/ are ignored by the .gitignore init wrote.
    const expected = [
      ...new Set([...fixture.initWrote, 'package.json', 'package-lock.json', ...fixture.reports.map((report) => `postmortems/${report.id}.md`)]),
    ].sort();
    expect(listed).toEqual(expected);
  });
});

describe('the installed CLI', () => {
  it('`npx hindsight --version` prints the package version and `npx hindsight check` passes the reports', async () => {
    const version = await inProject('npx', ['hindsight', '--version']);
    expect(version.code, describeRun(version)).toBe(0);
    expect(version.stdout.trim()).toBe(fixture.manifest.version);
    const check = await timed('npx hindsight check', () => inProject('npx', ['hindsight', 'check']));
    expect(check.code, describeRun(check)).toBe(0);
    expect(check.output).toMatch(new RegExp(`${fixture.reports.length} files? checked`));
  }, 180_000);

  it('a report with an error fails `check` and `npm run build` with its file, line and rule, and no stack trace', async () => {
    const broken = brokenReport();
    const file = `postmortems/${broken.id}.md`;
    await writeFile(join(fixture.project, file), broken.text);
    try {
      // `file`, then `line:column… error …` and the rule id at the end of the (wrapped) message, in both.
      const place = new RegExp(`${broken.line}:\\d+(-\\d+:\\d+)?\\s+error\\s[\\s\\S]*?\\b${broken.ruleId}\\b`);
      const json = await inProject('npx', ['hindsight', 'check', '--format', 'json']);
      expect(json.code, describeRun(json)).toBe(1);
      const messages = (JSON.parse(json.stdout) as { messages: Array<{ file: string; line: number; ruleId: string; severity: string }> }).messages.filter(
        (message) => message.severity === 'error',
      );
      expect(messages.map(({ file, line, ruleId }) => ({ file, line, ruleId }))).toEqual([{ file, line: broken.line, ruleId: broken.ruleId }]);

      const check = await inProject('npx', ['hindsight', 'check']);
      expect(check.code, describeRun(check)).toBe(1);
      expect(check.output).toContain(file);
      expect(check.output).toMatch(place);

      const build = await timed('npm run build (a report with an error)', () => inProject('npm', ['run', 'build'], 300_000));
      expect(build.code, describeRun(build)).not.toBe(0);
      expect(build.output, describeRun(build)).toContain(file);
      expect(build.output, describeRun(build)).toMatch(place);
      // No stack frames into the installed package (its compiled loader and integration).
      expect(build.output).not.toMatch(/^\s*at\s.*hindsight-postmortems/m);
      expect(build.output).not.toMatch(/hindsight-postmortems\/(build|bin)\/\S+:\d+:\d+/);
    } finally {
      await rm(join(fixture.project, file), { force: true });
    }
  }, 600_000);
});

/** The oldest Node the package's `engines` allows, from npm (the `node` package ships binaries): its folder, or why npm could not get it. */
let oldestNode: { version: string; folder?: string; failure?: string } | undefined;

async function getOldestNode(): Promise<NonNullable<typeof oldestNode>> {
  if (oldestNode) return oldestNode;
  const version = /^>=\s*(\d+\.\d+\.\d+)$/.exec(fixture.manifest.engines?.node ?? '')?.[1];
  if (!version) throw new Error(`Unexpected engines.node \`${fixture.manifest.engines?.node}\`, expected \`>=X.Y.Z\``);
  const result = await timed(`npm exec node@${version} (fetch)`, () =>
    run('npm', ['exec', '--yes', `--package=node@${version}`, '--', 'node', '-p', 'process.version + "\\n" + process.execPath'], {
      cwd: fixture.tmp,
      timeout: 240_000,
    }),
  );
  const [printed, execPath] = result.stdout.trim().split('\n').slice(-2);
  if (result.code === 0 && printed === `v${version}` && execPath) oldestNode = { version, folder: dirname(execPath) };
  else oldestNode = { version, failure: describeRun(result) };
  return oldestNode;
}

describe('on the oldest Node that engines allows', () => {
  /** Skips when npm cannot get that Node here (no registry and a cold cache); in CI, fails instead. */
  async function nodeFolder(skip: (note: string) => never): Promise<{ version: string; folder: string }> {
    const node = await getOldestNode();
    if (node.folder) return { version: node.version, folder: node.folder };
    if (process.env.CI === 'true') throw new Error(`Cannot get Node ${node.version} from npm: ${node.failure}`);
    return skip(`Cannot get Node ${node.version} from npm: ${node.failure}`);
  }

  it('runs the installed CLI', async ({ skip }) => {
    const { version, folder } = await nodeFolder(skip);
    const env = childEnv({}, folder);
    const versionRun = await run(join(folder, 'node'), ['-p', 'process.version'], { cwd: fixture.project, env });
    expect(versionRun.stdout.trim()).toBe(`v${version}`);
    const check = await timed(`hindsight check on Node ${version}`, () =>
      run(join(folder, 'node'), ['node_modules/hindsight-postmortems/bin/hindsight.js', 'check'], { cwd: fixture.project, env, timeout: 120_000 }),
    );
    expect(check.code, describeRun(check)).toBe(0);
    expect(check.output).toMatch(new RegExp(`${fixture.reports.length} files? checked`));
  }, 400_000);

  it('builds the site', async ({ skip }) => {
    const { version, folder } = await nodeFolder(skip);
    // npm, Astro and the integration all run on the first `node` on PATH.
    const build = await timed(`npm run build on Node ${version}`, () =>
      run('npm', ['run', 'build'], { cwd: fixture.project, env: childEnv({}, folder), timeout: 300_000 }),
    );
    expect(build.code, describeRun(build)).toBe(0);
    for (const report of fixture.reports) expect(await page(`postmortems/${report.id}/index.html`)).toContain(report.title);
    expect(await page('pagefind/pagefind.js')).toBeDefined();
  }, 400_000);
});

describe('upgrading the package', () => {
  it('a tarball with a changed page component changes the rebuilt site, with no file of the project edited', async () => {
    expect(fixture.build!.code, 'the first build failed (see the build test)').toBe(0);
    const marker = `hindsight-upgrade-marker-${Date.now().toString(36)}`;
    const before = await snapshotFiles(fixture.project);
    const lockBefore = JSON.parse(await read(join(fixture.project, 'package-lock.json'))) as { packages: Record<string, Record<string, unknown>> };

    // The next release: the first tarball's files with one page component changed and the version bumped.
    const next = join(fixture.tmp, 'next', 'package');
    await mkdir(dirname(next), { recursive: true });
    await runOk('tar', ['-xzf', fixture.tarball, '-C', dirname(next)], { cwd: fixture.tmp });
    const footer = join(next, 'build/components/Footer.astro');
    const footerText = await read(footer);
    expect(footerText, 'Footer.astro has no </footer> to add the marker before: update this test').toContain('</footer>');
    await writeFile(footer, footerText.replace('</footer>', `  <span>${marker}</span>\n</footer>`));
    const manifest = JSON.parse(await read(join(next, 'package.json'))) as PackageManifest;
    const [major, minor, patch] = manifest.version.split(/[.-]/).map(Number);
    const nextVersion = `${major}.${minor}.${patch! + 1}`;
    await writeFile(join(next, 'package.json'), `${JSON.stringify({ ...manifest, version: nextVersion }, null, 2)}\n`);
    const nextOut = join(fixture.tmp, 'next-pack');
    await mkdir(nextOut);
    // --ignore-scripts: build/ is already compiled; `prepack` would need the sources.
    await runOk('npm', ['pack', '--ignore-scripts', '--pack-destination', nextOut], { cwd: next });
    // The same path as the first tarball: package.json's spec (`file:../packages/…`) stays as it is, as
    // `npm update` within a `^` range leaves it, so npm does not rewrite package.json and only the lock
    // file's entry for the package changes (checked below).
    await copyFile(join(nextOut, `hindsight-postmortems-${nextVersion}.tgz`), fixture.tarball);

    const install = await timed('npm i -D <tarball 2>', () =>
      inProject('npm', ['install', '--save-dev', ...installFlags, '../packages/hindsight-postmortems.tgz'], 600_000),
    );
    expect(install.code, describeRun(install)).toBe(0);
    const installed = JSON.parse(await read(join(fixture.project, 'node_modules/hindsight-postmortems/package.json'))) as PackageManifest;
    expect(installed.version).toBe(nextVersion);
    const version = await inProject('npx', ['hindsight', '--version']);
    expect(version.stdout.trim()).toBe(nextVersion);

    const build = await timed('npm run build (after the upgrade)', () => inProject('npm', ['run', 'build'], 300_000));
    expect(build.code, describeRun(build)).toBe(0);
    expect(await page('index.html')).toContain(marker);
    for (const report of fixture.reports) expect(await page(`postmortems/${report.id}/index.html`), report.id).toContain(marker);

    // No file of the project changed, except the lock file's entry for the package: its version and integrity.
    const after = await snapshotFiles(fixture.project);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path)).sort();
    expect(changed).toEqual(['package-lock.json']);
    const lockAfter = JSON.parse(await read(join(fixture.project, 'package-lock.json'))) as typeof lockBefore;
    const entry = 'node_modules/hindsight-postmortems';
    expect(lockAfter.packages[entry]?.version).toBe(nextVersion);
    expect(lockAfter.packages[entry]?.integrity).not.toBe(lockBefore.packages[entry]?.integrity);
    const withoutRelease = (lock: typeof lockBefore) => ({
      ...lock,
      packages: { ...lock.packages, [entry]: { ...lock.packages[entry], version: '-', integrity: '-' } },
    });
    expect(withoutRelease(lockAfter)).toEqual(withoutRelease(lockBefore));
  }, 900_000);
});
