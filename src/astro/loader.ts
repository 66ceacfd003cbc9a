/**
 * The content-layer loader: reads every report with the same core as the CLI
 * (`parseReport`, `checkReports`) and stores one plain `SiteReport` per report.
 * Astro's own Markdown entry type is never used: it trims the body, parses YAML
 * differently and does not sanitize raw HTML.
 *
 * After Astro's glob loader (packages/astro/src/content/loaders/glob.ts): unchanged
 * entries are skipped by digest, entries whose files are gone are deleted, files are
 * watched in dev, and warnings are logged without failing (counted in one line
 * when `npm run build` has just printed them: see `checkRanBefore`). Errors fail
 * the build with the report `hindsight check` prints. Each sync also publishes
 * the corpus data (statistics, chains, the calendar) from the same parse.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { checkReports, summarize } from '../lib/check.ts';
import type { Config } from '../lib/config.ts';
import { githubTargetsOf } from '../lib/github/collect.ts';
import { corpusGraph } from '../lib/graph.ts';
import { loadConfig } from '../lib/node/config.ts';
import { findReportFiles, loadReport, MissingPathError, parseReportBytes } from '../lib/node/files.ts';
import type { ParsedReport } from '../lib/parse.ts';
import { formatPretty } from '../lib/reporters/pretty.ts';
import type { Diagnostic } from '../lib/rule.ts';
import type { SiteCorpusInput } from '../lib/site/corpus.ts';
import { toSiteReport } from '../lib/site/report.ts';
import { cachedGithubStates } from './github-state.ts';
import { buildNow } from './now.ts';

/** The folders whose code decides what is stored for a report (parser, renderer, projection, this loader). */
const codeFolders = ['src/lib', 'src/astro'];

/**
 * A digest of the code that turns a file into a stored entry. It is part of every
 * entry's digest, so an entry cached by an earlier build is rendered again as soon
 * as that code changes, not only when its file does.
 */
export async function codeDigest(root: string, generateDigest: (data: string) => string): Promise<string> {
  const parts: string[] = [];
  const walk = async (folder: string) => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(ts|js|mjs)$/.test(entry.name)) parts.push(`${relative(root, path)}\n${await readFile(path, 'utf8')}`);
    }
  };
  for (const folder of codeFolders) await walk(join(root, folder));
  return generateDigest(parts.join('\n\0'));
}

/** Thrown when the reports have errors: its message is the check's pretty report. */
export class ReportErrors extends Error {
  constructor(report: string) {
    super(`hindsight check found errors; fix them to build the site:\n\n${report}`);
    this.name = 'ReportErrors';
  }
}

/** One diagnostic on one line, as the build log shows warnings. */
export function formatLogLine(diagnostic: Diagnostic): string {
  return `${diagnostic.file}:${diagnostic.place.start.line}:${diagnostic.place.start.column}: ${diagnostic.message} [${diagnostic.ruleId}]`;
}

/** Options of `hindsight check` that take a value: the word after them is not a path. */
const checkValueOptions = new Set(['--format', '--max-warnings']);

/** Whether some words run `hindsight check` on every report: no paths, only options. */
function isWholeCheck(words: readonly string[]): boolean {
  const at = words.indexOf('check');
  // `hindsight check`, `npx hindsight check`, `node bin/hindsight.js check`.
  if (at < 1 || !/(^|[/\\])hindsight(\.js)?$/.test(words[at - 1]!)) return false;
  const rest = words.slice(at + 1);
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index]!;
    if (!word.startsWith('-') || word === '-h' || word === '--help') return false;
    if (checkValueOptions.has(word)) index++;
  }
  return true;
}

/**
 * Whether the npm script running this build (`npm_lifecycle_script`, set by npm
 * for `npm run build`) ran `hindsight check` on every report before `astro build`,
 * as the project's own `build` script does. The check has then printed every
 * warning already, and the loader need not print them a second time. Anything
 * else (`astro build` or `astro dev` alone, a check of some paths only, a script
 * this cannot read) returns false, and the loader prints them.
 */
export function checkRanBefore(script: string | undefined): boolean {
  if (!script) return false;
  const steps = script.split('&&').map((step) => step.trim().split(/\s+/));
  const build = steps.findIndex((words) => words.some((word, index) => word === 'astro' && words[index + 1] === 'build'));
  return build > 0 && steps.slice(0, build).some(isWholeCheck);
}

/** A parse kept between syncs in one process (dev), keyed by the file's bytes. */
interface CachedParse {
  digest: string;
  report: ParsedReport;
}

/** Options of `hindsightLoader`. */
export interface HindsightLoaderOptions {
  /** Called after each sync with every parsed report, the diagnostics and the graph (the `corpus` collection stores what it needs). */
  onSync?: (run: SiteCorpusInput) => void;
  /** The environment (default `process.env`): `npm_lifecycle_script` says whether `hindsight check` ran just before (see `checkRanBefore`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The loader for the `postmortems` collection. */
export function hindsightLoader(options: HindsightLoaderOptions = {}): Loader {
  const parses = new Map<string, CachedParse>();
  let parsedWith = '';
  let code: string | undefined;

  async function sync(context: LoaderContext, root: string): Promise<void> {
    const { config } = await loadConfig(root);
    const configDigest = context.generateDigest(JSON.stringify(config));
    // The config decides sections, severities and references: a new one invalidates every parse.
    if (configDigest !== parsedWith) {
      parses.clear();
      parsedWith = configDigest;
    }
    let paths: string[];
    try {
      paths = await findReportFiles([config.content], root);
    } catch (error) {
      if (!(error instanceof MissingPathError)) throw error;
      context.logger.warn(`The content folder \`${config.content}\` does not exist: the site has no reports.`);
      paths = [];
    }
    // Once per loader: editing this code reloads the content config, which makes a new loader.
    code ??= await codeDigest(root, context.generateDigest);
    const reports = await Promise.all(paths.map((path) => parseCached(context, root, path, config)));
    const diagnostics = checkReports(reports, config, { now: buildNow() });
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    if (!context.watcher && checkRanBefore((options.env ?? process.env).npm_lifecycle_script)) {
      // `npm run build` printed them a moment ago: one line instead of the same list again.
      if (warnings.length > 0) context.logger.info(`${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'} on the reports, listed above by \`hindsight check\``);
    } else {
      for (const diagnostic of warnings) context.logger.warn(formatLogLine(diagnostic));
    }
    if (errors.length > 0) {
      const report = formatPretty(paths, summarize(paths.length, diagnostics), diagnostics, { color: false });
      // In dev the server keeps running and shows what it can; a build stops here.
      if (!context.watcher) throw new ReportErrors(report);
      context.logger.error(`hindsight check found errors:\n${report}`);
    }
    store(context, root, reports, diagnostics, config, `${configDigest}:${code}`);
    if (options.onSync) {
      // The calendar is made here, from this parse, so /calendar.ics never reads the files again. Its GitHub
      // state comes from the cache like the pages' (in dev it follows the cache at the next report change).
      const github = await cachedGithubStates(githubTargetsOf(reports, config), root, config);
      const siteUrl = context.config.site;
      options.onSync({ reports, diagnostics, graph: corpusGraph(reports, config), config, calendar: { github: github.lookup, ...(siteUrl ? { siteUrl } : {}) } });
    }
  }

  async function parseCached(context: LoaderContext, root: string, path: string, config: Config): Promise<ParsedReport> {
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(root, path));
    } catch {
      // loadReport turns the failure into a report the `file` rule explains.
      return loadReport(path, root, config);
    }
    const digest = context.generateDigest(bytes.toString('latin1'));
    const cached = parses.get(path);
    if (cached?.digest === digest) return cached.report;
    const report = parseReportBytes(path, bytes, config);
    parses.set(path, { digest, report });
    return report;
  }

  function store(
    context: LoaderContext,
    root: string,
    reports: readonly ParsedReport[],
    diagnostics: readonly Diagnostic[],
    config: Config,
    settingsDigest: string,
  ): void {
    const graph = corpusGraph(reports, config);
    const kept = new Set<string>();
    for (const report of reports) {
      if (kept.has(report.id)) continue; // a duplicate id: the `reference` rule reports it; the first file wins
      const own = diagnostics.filter((diagnostic) => diagnostic.file === report.path);
      // Everything the stored entry is made of: the file, its diagnostics and links (they depend on other files).
      const digest = context.generateDigest({
        settings: settingsDigest,
        text: report.text,
        diagnostics: JSON.stringify(own),
        links: JSON.stringify(graph.nodes[report.id] ?? null),
      });
      const existing = context.store.get(report.id);
      if (existing && existing.digest === digest) {
        kept.add(report.id);
        continue;
      }
      const data = toSiteReport({ report, diagnostics: own, graph, config });
      if (!data) {
        context.logger.warn(`${report.path}: left out of the site, its frontmatter is not valid`);
        continue;
      }
      kept.add(report.id);
      // No `parseData`: the collection has no schema, the entry is our own typed plain data.
      context.store.set({
        id: report.id,
        data: data as unknown as Record<string, unknown>,
        digest,
        filePath: relativePath(root, report.path),
      });
    }
    for (const id of context.store.keys()) if (!kept.has(id)) context.store.delete(id);
  }

  return {
    name: 'hindsight',
    async load(context) {
      const root = fileURLToPath(context.config.root);
      await sync(context, root);
      const watcher = context.watcher;
      if (!watcher) return;
      const { config } = await loadConfig(root);
      const folder = resolve(root, config.content);
      watcher.add(folder);
      const onChange = async (changed: string) => {
        if (!/\.(md|markdown)$/i.test(changed) || relative(folder, changed).startsWith('..')) return;
        try {
          await sync(context, root);
          context.logger.info(`Reloaded reports after a change to ${relativePath(root, changed)}`);
        } catch (error) {
          context.logger.error(`Could not reload reports: ${(error as Error).message}`);
        }
      };
      watcher.on('change', onChange);
      watcher.on('add', onChange);
      watcher.on('unlink', onChange);
    },
  };
}

/** A path relative to the project root, with `/` separators. */
function relativePath(root: string, path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  return relative(root, absolute).split('\\').join('/');
}
