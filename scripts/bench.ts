/**
 * `npm run bench`: how Hindsight scales, against its references, in one run.
 *
 * Generates synthetic but realistic reports (scripts/synthetic-reports.ts: varied
 * services and incident kinds, prose from the vocabulary of the real reports in
 * ../shared/corpus) into a temporary copy of the project, then measures, each as a
 * child process (wall time, and peak memory through /usr/bin/time when present):
 *
 * - `hindsight check` cold (parse cache cleared) and warm, against
 *   markdownlint-cli2 with its default rules on the same files;
 * - a one-file check after one report was edited (the author's loop);
 * - `astro build` of the Hindsight site as a team has it: a project that
 *   installed the packed package (`npm pack`, as `npm i -D hindsight-postmortems`
 *   lays it out) and has the files `hindsight init` writes (caches cleared; and
 *   again right after the installed `hindsight check`, with the parse cache
 *   warm), against a bare Astro site (glob loader, one page per report rendering
 *   `render(entry)`, caches cleared); and once, for reference, this repository's
 *   own layout, whose site imports src/ (Vite compiles the TypeScript);
 * - the largest page each build writes;
 * - the cost of repeat detection (`possible-repeat` off and on, warm), and in
 *   process: the similarity search alone, the pairs its work bound changes, and
 *   reading the cache entries as JSON against `v8.deserialize`.
 *
 * Options: `--reports N` (default 1000), `--runs N` (medians of N runs, default 3),
 * `--no-site` (skip the two Astro builds), `--keep` (leave the projects in place).
 * Prints a table, then one line of JSON with every figure.
 *
 * markdownlint-cli2 is taken from node_modules when installed, else installed
 * once (pinned) into node_modules/.cache/hindsight-bench/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { configSchema } from '../src/lib/config.ts';
import { astroConfigText, contentConfigText } from '../src/lib/init/astro.ts';
import { findReportFiles, readReports } from '../src/lib/node/files.ts';
import { ParseCache } from '../src/lib/node/parse-cache.ts';
import { findPossibleRepeats, similarityDocument } from '../src/lib/repeats.ts';
import { findSimilarPairs } from '../src/lib/similarity.ts';
import { bundleCli } from './bundle-cli.ts';
import { corpusVocabulary, syntheticReports } from './synthetic-reports.ts';

/** The markdownlint-cli2 the comparison runs (default rules, no configuration). */
const markdownlintVersion = '0.24.1';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    site: { type: 'boolean', default: true },
    keep: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const reportCount = Number(values.reports);
const runCount = Math.max(1, Number(values.runs));
const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const timeCommand = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** What one child process took. */
interface Measure {
  /** Wall time, milliseconds. */
  ms: number;
  /** Peak resident memory, MiB (when /usr/bin/time is there). */
  peakMb?: number;
  code: number;
  stdout: string;
  /** The end of its stderr, for a failure's message. */
  stderr: string;
}

/**
 * Runs a command, timing it and (through /usr/bin/time) reading its peak memory.
 *
 * @param worst the highest exit code that is not a failure (1 for a checker that found problems)
 */
async function measure(command: string, args: string[], cwd: string, env: Record<string, string> = {}, worst = 1): Promise<Measure> {
  const memoryFile = join(tmpdir(), `hindsight-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [file, argv] = timeCommand ? [timeCommand, ['-f', '%M', '-o', memoryFile, command, ...args]] : [command, args];
  const began = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(file, argv, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', SOURCE_DATE_EPOCH: '1735689600', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (err = (err + chunk.toString()).slice(-20_000)));
    child.on('error', fail);
    child.on('close', (status) => {
      if (status === null || status > worst) fail(new Error(`${command} ${args.join(' ')} exited with ${status}:\n${err}`));
      else done({ code: status ?? 0, stdout: out, stderr: err });
    });
  });
  const ms = performance.now() - began;
  let peakMb: number | undefined;
  if (timeCommand) {
    const kilobytes = Number((await readFile(memoryFile, 'utf8').catch(() => '')).trim().split('\n').at(-1));
    if (Number.isFinite(kilobytes) && kilobytes > 0) peakMb = kilobytes / 1024;
    await rm(memoryFile, { force: true });
  }
  return { ms, ...(peakMb === undefined ? {} : { peakMb }), code, stdout, stderr };
}

const median = (list: readonly number[]) => {
  const sorted = [...list].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Medians of `runs` measurements. */
async function medianOf(runs: number, once: (run: number) => Promise<Measure>): Promise<{ ms: number; peakMb?: number; all: number[] }> {
  const all: Measure[] = [];
  for (let run = 0; run < runs; run++) all.push(await once(run));
  const peaks = all.flatMap((one) => (one.peakMb === undefined ? [] : [one.peakMb]));
  return { ms: median(all.map((one) => one.ms)), ...(peaks.length > 0 ? { peakMb: Math.max(...peaks) } : {}), all: all.map((one) => one.ms) };
}

/** A folder of links to the repository's packages, except the caches, which stay private to each project. */
async function linkModules(root: string): Promise<void> {
  const modules = join(root, 'node_modules');
  await mkdir(modules, { recursive: true });
  for (const entry of await readdir(join(repository, 'node_modules'))) {
    if (!['.astro', '.vite', '.cache'].includes(entry)) await symlink(join(repository, 'node_modules', entry), join(modules, entry));
  }
}

/** The markdownlint-cli2 entry script: from node_modules, else installed once into the bench's own folder. */
function markdownlintBin(): string {
  const installed = join(repository, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
  if (existsSync(installed)) return installed;
  const folder = join(repository, 'node_modules', '.cache', 'hindsight-bench', `markdownlint-cli2-${markdownlintVersion}`);
  const script = join(folder, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
  if (!existsSync(script)) {
    process.stderr.write(`Installing markdownlint-cli2@${markdownlintVersion} into ${folder} (once)…\n`);
    execFileSync(
      'npm',
      ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `markdownlint-cli2@${markdownlintVersion}`],
      { stdio: 'inherit' },
    );
  }
  return script;
}

/** Removes a project's build and cache folders (Astro's, Vite's, Hindsight's parse cache). */
async function clearCaches(root: string): Promise<void> {
  for (const folder of ['dist', '.astro', 'node_modules/.astro', 'node_modules/.vite', 'node_modules/.cache'])
    await rm(join(root, folder), { recursive: true, force: true });
}

/** The largest HTML page under `folder`, in KiB. */
async function largestPage(folder: string): Promise<number> {
  let largest = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) largest = Math.max(largest, (await stat(join(entry.parentPath, entry.name))).size);
  }
  return largest / 1024;
}

/** The bare Astro site: a glob loader, one page per report rendering `render(entry)`. */
async function bareSite(root: string, reports: string): Promise<void> {
  await linkModules(root);
  await cp(reports, join(root, 'postmortems'), { recursive: true });
  await writeFile(join(root, 'package.json'), '{ "name": "bare-astro-bench", "private": true, "type": "module" }\n');
  await writeFile(join(root, 'astro.config.mjs'), "import { defineConfig } from 'astro/config';\n\nexport default defineConfig({});\n");
  await mkdir(join(root, 'src', 'pages'), { recursive: true });
  await writeFile(
    join(root, 'src', 'content.config.ts'),
    "import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\n\nexport const collections = { postmortems: defineCollection({ loader: glob({ pattern: '**/*.md', base: './postmortems' }) }) };\n",
  );
  await writeFile(
    join(root, 'src', 'pages', '[...slug].astro'),
    `---
import { getCollection, render } from 'astro:content';

export async function getStaticPaths() {
  const entries = await getCollection('postmortems');
  return entries.map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<html lang="en"><head><title>{entry.data.title}</title></head><body><main><Content /></main></body></html>
`,
  );
}

/** A copy of the project (sources, scripts, configuration) with the generated reports instead of its own. */
async function hindsightSite(root: string, reports: string): Promise<void> {
  for (const entry of ['package.json', 'tsconfig.json', 'astro.config.mjs', 'bin', 'src', 'public']) {
    await cp(join(repository, entry), join(root, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await linkModules(root);
  await cp(reports, join(root, 'postmortems'), { recursive: true });
  await writeFile(join(root, 'hindsight.config.yaml'), '{}\n');
}

/**
 * A team's project: the packed package installed in node_modules (the tarball's
 * files, as npm lays them out; its dependencies linked from the repository's),
 * the configuration files `hindsight init` writes, and the reports.
 */
async function installedSite(root: string, reports: string, tarball: string): Promise<void> {
  await linkModules(root);
  const installed = join(root, 'node_modules', 'hindsight-postmortems');
  await rm(installed, { recursive: true, force: true });
  await mkdir(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  await writeFile(join(root, 'package.json'), '{ "name": "hindsight-installed-bench", "private": true, "type": "module" }\n');
  await writeFile(join(root, 'astro.config.mjs'), astroConfigText());
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(join(root, 'src', 'content.config.ts'), contentConfigText());
  await writeFile(join(root, 'hindsight.config.yaml'), '{}\n');
  await cp(reports, join(root, 'postmortems'), { recursive: true });
}

/** Packs the package as `npm publish` would (its `prepack` builds it) into `folder`: the tarball's path. */
function packPackage(folder: string): string {
  const output = execFileSync('npm', ['pack', '--pack-destination', folder, '--silent'], {
    cwd: repository,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return join(folder, output.trim().split('\n').at(-1)!);
}

const format = {
  seconds: (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`),
  mb: (mb: number | undefined) => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MiB`),
  ratio: (value: number) => `${value.toFixed(2)}×`,
};

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'hindsight-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const vocabulary = corpusVocabulary(join(repository, '..', 'shared', 'corpus'));
    const generated = join(work, 'generated');
    await mkdir(join(generated), { recursive: true });
    let bytes = 0;
    // No mistyped ids: the site must build, and errors stop it.
    for (const report of syntheticReports({ count: reportCount, vocabulary, mistakes: false })) {
      await writeFile(join(generated, report.path.replace(/^postmortems\//, '')), report.text);
      bytes += Buffer.byteLength(report.text);
    }
    const project = join(work, 'hindsight');
    await hindsightSite(project, generated);
    const cli = join(project, 'bin', 'hindsight.js');
    const check = (args: string[] = [], env: Record<string, string> = {}) => measure(node, [cli, 'check', '--format', 'json', ...args], project, env);
    // The command line as the package ships it (scripts/build-package.ts bundles it the same way).
    await bundleCli(join(repository, 'src'), join(project, 'build', 'cli'));
    // What bin/hindsight.js does in an installed package: Node's compile cache on, then the bundle.
    const bundled = join(project, 'build', 'hindsight.js');
    await writeFile(bundled, "import { enableCompileCache } from 'node:module';\n\nenableCompileCache?.();\nawait import('./cli/bin.js');\n");
    const checkBundled = (args: string[] = [], env: Record<string, string> = {}) =>
      measure(node, [bundled, 'check', '--format', 'json', ...args], project, env);
    const parseCache = join(project, 'node_modules', '.cache', 'hindsight');
    log(`bench: ${reportCount} reports (${(bytes / reportCount / 1024).toFixed(1)} KiB each) in ${work}`);

    // Alternated, so that drift on a shared machine hits both sides alike.
    log('bench: cold check and markdownlint-cli2…');
    const markdownlint = markdownlintBin();
    const coldRuns: Measure[] = [];
    const coldBundledRuns: Measure[] = [];
    const coldOneThreadRuns: Measure[] = [];
    const lintRuns: Measure[] = [];
    for (let run = 0; run < runCount; run++) {
      await rm(parseCache, { recursive: true, force: true });
      coldRuns.push(await check());
      lintRuns.push(await measure(node, [markdownlint, 'postmortems/**/*.md'], project));
      await rm(parseCache, { recursive: true, force: true });
      coldBundledRuns.push(await checkBundled());
      // On one thread: what the worker threads gain or cost on this machine (nothing, when other work holds its cores).
      await rm(parseCache, { recursive: true, force: true });
      coldOneThreadRuns.push(await checkBundled([], { HINDSIGHT_THREADS: '1' }));
    }
    const cold = { ms: median(coldRuns.map((one) => one.ms)), peakMb: Math.max(...coldRuns.map((one) => one.peakMb ?? 0)) || undefined };
    const lint = { ms: median(lintRuns.map((one) => one.ms)), peakMb: Math.max(...lintRuns.map((one) => one.peakMb ?? 0)) || undefined };
    const coldBundled = { ms: median(coldBundledRuns.map((one) => one.ms)), peakMb: Math.max(...coldBundledRuns.map((one) => one.peakMb ?? 0)) || undefined };
    const coldOneThread = {
      ms: median(coldOneThreadRuns.map((one) => one.ms)),
      peakMb: Math.max(...coldOneThreadRuns.map((one) => one.peakMb ?? 0)) || undefined,
    };
    const first = coldRuns[0]!;
    if (!first.stdout.startsWith('{')) throw new Error(`hindsight check printed no JSON (exit ${first.code}):\n${first.stderr}`);
    const checked = JSON.parse(first.stdout) as { files: number; errors: number; warnings: number; messages: Array<{ ruleId: string }> };

    log('bench: warm check, one-file check after an edit…');
    // The last cold run was the bundle's, with its own cache generation: one run fills the sources' again.
    await check();
    const warm = await medianOf(runCount, () => check());
    const edited = (await findReportFiles(['postmortems'], project))[Math.floor(reportCount / 2)]!;
    const oneFile = await medianOf(runCount, async (run) => {
      await appendFile(join(project, edited), `\nEdited again (${run}).\n`);
      return check([edited]);
    });
    const oneCold = await check([edited], { HINDSIGHT_CACHE: '0' });
    // The bundled command line has its own cache generation (its version has no source digest): warm it first.
    await checkBundled();
    const warmBundled = await medianOf(runCount, () => checkBundled());
    const oneFileBundled = await medianOf(runCount, async (run) => {
      await appendFile(join(project, edited), `\nEdited in the bundle's run (${run}).\n`);
      return checkBundled([edited]);
    });

    log('bench: repeat detection off and on…');
    const repeatOff: number[] = [];
    const repeatOn: number[] = [];
    for (let run = 0; run < runCount; run++) {
      for (const off of run % 2 === 0 ? [true, false] : [false, true]) {
        await writeFile(join(project, 'hindsight.config.yaml'), off ? 'rules:\n  possible-repeat: off\n' : '{}\n');
        (off ? repeatOff : repeatOn).push((await check()).ms);
      }
    }

    log('bench: in process (similarity, cache entries)…');
    const config = configSchema.parse({});
    const paths = await findReportFiles(['postmortems'], project);
    const { reports } = await readReports(paths, project, config, { cache: ParseCache.open(project, config) });
    const similarityRuns: number[] = [];
    for (let run = 0; run < runCount; run++) {
      const began = performance.now();
      findPossibleRepeats([...reports], config);
      similarityRuns.push(performance.now() - began);
    }
    const documents = reports.flatMap((report) => {
      const document = similarityDocument(report);
      return document ? [document] : [];
    });
    const searchWork = { postings: 0, candidates: 0, capped: 0 };
    const bounded = findSimilarPairs(documents, { threshold: config.repeats.threshold, work: searchWork });
    const exact = findSimilarPairs(documents, { threshold: config.repeats.threshold, maxPostings: Number.POSITIVE_INFINITY });
    const key = (pair: { later: string; earlier: string }) => `${pair.later}<${pair.earlier}`;
    const boundedKeys = new Set(bounded.map(key));
    const missedPairs = exact.filter((pair) => !boundedKeys.has(key(pair))).length;
    // One generation's entries (the sources' and the bundle's are both there, and this process's own): a line each.
    const entryFolder = join(parseCache, 'parses');
    const generations = await Promise.all(
      (await readdir(entryFolder)).map(async (name) => {
        const lines: string[] = [];
        for (const shard of await readdir(join(entryFolder, name))) {
          if (shard.endsWith('.jsonl')) lines.push(...(await readFile(join(entryFolder, name, shard), 'utf8')).split('\n').filter(Boolean));
        }
        return lines;
      }),
    );
    const entryTexts = generations.sort((left, right) => right.length - left.length)[0]!.map((line) => line.slice(41));
    const entryBuffers = entryTexts.map((text) => v8.serialize(JSON.parse(text)));
    const decode: { json: number[]; v8: number[] } = { json: [], v8: [] };
    for (let run = 0; run < runCount; run++) {
      let began = performance.now();
      for (const text of entryTexts) JSON.parse(text);
      decode.json.push(performance.now() - began);
      began = performance.now();
      for (const buffer of entryBuffers) v8.deserialize(buffer);
      decode.v8.push(performance.now() - began);
    }

    type Build = { ms: number; peakMb?: number; largestKb: number };
    let site: { hindsight: Build; hindsightAfterCheck: Build; bare: Build; fromSources: Build } | undefined;
    // Each run's time, Hindsight's then bare Astro's, alternated: what a median hides on a noisy machine.
    let buildRuns = '';
    if (values.site) {
      log('bench: npm pack, and a project that installed it…');
      const installed = join(work, 'installed');
      await installedSite(installed, generated, packPackage(work));
      log('bench: astro build of the Hindsight site and of a bare Astro site…');
      const bare = join(work, 'bare');
      await bareSite(bare, generated);
      await writeFile(join(project, 'hindsight.config.yaml'), '{}\n');
      const astro = join(repository, 'node_modules', 'astro', 'bin', 'astro.mjs');
      const buildHindsight: Measure[] = [];
      const buildBare: Measure[] = [];
      for (let run = 0; run < runCount; run++) {
        await clearCaches(installed);
        buildHindsight.push(await measure(node, [astro, 'build'], installed, {}, 0));
        await clearCaches(bare);
        buildBare.push(await measure(node, [astro, 'build'], bare, {}, 0));
      }
      // A team's flow in CI: `npx hindsight check`, then the build reads the check's parses.
      await clearCaches(installed);
      await measure(node, [join(installed, 'node_modules', 'hindsight-postmortems', 'bin', 'hindsight.js'), 'check', '--format', 'json'], installed);
      const afterCheck = await measure(node, [astro, 'build'], installed, {}, 0);
      const afterCheckLargest = await largestPage(join(installed, 'dist'));
      // This repository's own site, which imports src/: once, for reference.
      await clearCaches(project);
      const fromSources = await measure(node, [astro, 'build'], project, {}, 0);
      buildRuns = `; build ${buildHindsight.map((one) => one.ms.toFixed(0)).join(', ')}; bare Astro ${buildBare.map((one) => one.ms.toFixed(0)).join(', ')}`;
      const summarize = (list: Measure[]) => ({
        ms: median(list.map((one) => one.ms)),
        ...(list[0]?.peakMb === undefined ? {} : { peakMb: Math.max(...list.map((one) => one.peakMb ?? 0)) }),
      });
      const single = (one: Measure, largestKb: number): Build => ({ ms: one.ms, ...(one.peakMb === undefined ? {} : { peakMb: one.peakMb }), largestKb });
      site = {
        hindsight: { ...summarize(buildHindsight), largestKb: afterCheckLargest },
        hindsightAfterCheck: single(afterCheck, afterCheckLargest),
        bare: { ...summarize(buildBare), largestKb: await largestPage(join(bare, 'dist')) },
        fromSources: single(fromSources, await largestPage(join(project, 'dist'))),
      };
    }

    const overhead = (median(repeatOn) - median(repeatOff)) / median(repeatOff);
    const results = {
      reports: reportCount,
      runs: runCount,
      reportKb: bytes / reportCount / 1024,
      diagnostics: {
        files: checked.files,
        errors: checked.errors,
        warnings: checked.warnings,
        possibleRepeat: checked.messages.filter((message) => message.ruleId === 'possible-repeat').length,
      },
      check: {
        cold: { ms: cold.ms, peakMb: cold.peakMb },
        coldBundled: { ms: coldBundled.ms, peakMb: coldBundled.peakMb },
        coldBundledOneThread: { ms: coldOneThread.ms, peakMb: coldOneThread.peakMb },
        warmBundled: { ms: warmBundled.ms, peakMb: warmBundled.peakMb },
        oneFileAfterEditBundled: { ms: oneFileBundled.ms, peakMb: oneFileBundled.peakMb },
        warm: { ms: warm.ms, peakMb: warm.peakMb },
        oneFileAfterEdit: { ms: oneFile.ms, peakMb: oneFile.peakMb },
        oneFileNoCache: { ms: oneCold.ms, peakMb: oneCold.peakMb },
        repeatDetectionOverhead: overhead,
      },
      markdownlint: { version: markdownlintVersion, ms: lint.ms, peakMb: lint.peakMb },
      inProcess: {
        repeatDetectionMs: median(similarityRuns),
        similarityWork: searchWork,
        pairsMissedByWorkBound: missedPairs,
        pairs: exact.length,
        cacheEntries: entryTexts.length,
        decodeJsonMs: median(decode.json),
        decodeV8Ms: median(decode.v8),
      },
      ...(site ? { site } : {}),
      ratios: {
        coldCheckToMarkdownlint: cold.ms / lint.ms,
        coldBundledCheckToMarkdownlint: coldBundled.ms / lint.ms,
        ...(site
          ? {
              buildToBareAstro: site.hindsight.ms / site.bare.ms,
              buildAfterCheckToBareAstro: site.hindsightAfterCheck.ms / site.bare.ms,
              buildFromSourcesToBareAstro: site.fromSources.ms / site.bare.ms,
            }
          : {}),
      },
    };

    const goals: Array<[string, boolean]> = [];
    if (reportCount <= 1000) {
      goals.push(['cold check ≤ 0.5× markdownlint-cli2 (bundled CLI, as installed)', results.ratios.coldBundledCheckToMarkdownlint <= 0.5]);
      goals.push(['one-file check after an edit < 1 s (bundled CLI, as installed)', oneFileBundled.ms < 1000]);
    } else {
      goals.push(['cold check < 20 s (bundled CLI, as installed)', coldBundled.ms < 20_000]);
      if (site?.hindsight.peakMb !== undefined) goals.push(['build peak memory < 2 GB', site.hindsight.peakMb < 2048]);
    }
    if (site) goals.push(['astro build ≤ 2× bare Astro', site.hindsight.ms / site.bare.ms <= 2]);

    const rows: Array<[string, string, string]> = [
      ['reports (size each)', `${reportCount}`, `${results.reportKb.toFixed(1)} KiB; ${checked.errors} errors, ${checked.warnings} warnings`],
      [`markdownlint-cli2 ${markdownlintVersion}, default rules`, format.seconds(lint.ms), `peak ${format.mb(lint.peakMb)}`],
      ['check, cold (parse cache cleared), bundled CLI', format.seconds(coldBundled.ms), `peak ${format.mb(coldBundled.peakMb)}`],
      ['  cold check / markdownlint-cli2', format.ratio(results.ratios.coldBundledCheckToMarkdownlint), 'goal ≤ 0.5× at 1,000'],
      [
        'check, cold, bundled CLI, one thread',
        format.seconds(coldOneThread.ms),
        `peak ${format.mb(coldOneThread.peakMb)}; ${format.ratio(coldOneThread.ms / lint.ms)} markdownlint-cli2; ${availableParallelism()} cores`,
      ],
      ['check, warm (every parse cached), bundled CLI', format.seconds(warmBundled.ms), `peak ${format.mb(warmBundled.peakMb)}`],
      ['check one file after editing it, bundled CLI', format.seconds(oneFileBundled.ms), 'goal < 1 s at 1,000'],
      [
        'check, cold, from the sources (clone)',
        format.seconds(cold.ms),
        `peak ${format.mb(cold.peakMb)}; ${format.ratio(results.ratios.coldCheckToMarkdownlint)} markdownlint-cli2`,
      ],
      ['check, warm, from the sources', format.seconds(warm.ms), `peak ${format.mb(warm.peakMb)}`],
      ['check one file after an edit, from the sources', format.seconds(oneFile.ms), `without the cache: ${format.seconds(oneCold.ms)}`],
      [
        'repeat detection overhead (warm, off vs on)',
        `${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(1)} %`,
        `${format.seconds(median(repeatOff))} vs ${format.seconds(median(repeatOn))}`,
      ],
      [
        'repeat detection alone, in process',
        format.seconds(median(similarityRuns)),
        `${searchWork.postings} index reads, ${searchWork.candidates} pairs scored, ${searchWork.capped} words cut by the bound`,
      ],
      ['pairs the work bound misses', `${missedPairs}`, `of ${exact.length} pairs at the threshold`],
      [`decode ${entryTexts.length} cache entries: JSON`, format.seconds(median(decode.json)), `v8.deserialize: ${format.seconds(median(decode.v8))}`],
    ];
    if (site) {
      rows.push(
        [
          'astro build, Hindsight installed (cold)',
          format.seconds(site.hindsight.ms),
          `peak ${format.mb(site.hindsight.peakMb)}, largest page ${site.hindsight.largestKb.toFixed(0)} KiB`,
        ],
        ['astro build, right after a check', format.seconds(site.hindsightAfterCheck.ms), `peak ${format.mb(site.hindsightAfterCheck.peakMb)}`],
        [
          'astro build, bare Astro (glob loader)',
          format.seconds(site.bare.ms),
          `peak ${format.mb(site.bare.peakMb)}, largest page ${site.bare.largestKb.toFixed(0)} KiB`,
        ],
        [
          '  Hindsight build / bare Astro',
          format.ratio(site.hindsight.ms / site.bare.ms),
          `after a check: ${format.ratio(site.hindsightAfterCheck.ms / site.bare.ms)}; goal ≤ 2×`,
        ],
        [
          'astro build, this repository (imports src/), once',
          format.seconds(site.fromSources.ms),
          `peak ${format.mb(site.fromSources.peakMb)}; ${format.ratio(site.fromSources.ms / site.bare.ms)} bare Astro`,
        ],
      );
    }
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    const line = `+-${widths.map((width) => '-'.repeat(width)).join('-+-')}-+`;
    const out = [
      `Hindsight bench: ${reportCount} reports, median of ${runCount} ${runCount === 1 ? 'run' : 'runs'}${vocabulary.length > 0 ? ' (prose from ../shared/corpus)' : ''}, Node ${process.versions.node}`,
      line,
      ...rows.map((row) => `| ${row[0].padEnd(widths[0]!)} | ${row[1].padStart(widths[1]!)} | ${row[2].padEnd(widths[2]!)} |`),
      line,
      ...goals.map(([goal, met]) => `${met ? 'met    ' : 'MISSED '} ${goal}`),
      `runs (ms): cold bundled one thread ${coldOneThreadRuns.map((one) => one.ms.toFixed(0)).join(', ')}; cold bundled ${coldBundledRuns.map((one) => one.ms.toFixed(0)).join(', ')}; markdownlint ${lintRuns.map((one) => one.ms.toFixed(0)).join(', ')}; one file bundled ${oneFileBundled.all.map((ms) => ms.toFixed(0)).join(', ')}; cold from sources ${coldRuns.map((one) => one.ms.toFixed(0)).join(', ')}${buildRuns}`,
    ];
    if (values.keep) out.push(`Projects kept in ${work}`);
    out.push(JSON.stringify({ ...results, goals: Object.fromEntries(goals) }));
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }
}

await main();
