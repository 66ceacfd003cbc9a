/**
 * The content-layer loader: reads every report with the same core as the CLI
 * (`parseReport`, `checkReports`) and stores one plain `SiteReport` per report.
 * Astro's own Markdown entry type is never used: it trims the body, parses YAML
 * differently and does not sanitize raw HTML.
 *
 * After Astro's glob loader (packages/astro/src/content/loaders/glob.ts): unchanged
 * entries are skipped by digest, entries whose files are gone are deleted, files are
 * watched in dev, and warnings are logged without failing. This is the build's one
 * check: each diagnostic is printed once, and errors fail the build with the
 * report `hindsight check` prints. Each sync also publishes the corpus data
 * (statistics, chains, the calendar) from the same parse.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
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
import { publishedSettings } from './settings.ts';

/** The folders whose code decides what is stored for a report (parser, renderer, projection, this loader). */
const codeFolders = ['lib', 'astro'];

/** Hindsight's own code: `src/` in this repository, `build/` in the published package. */
const codeRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * A digest of the code that turns a file into a stored entry. It is part of every
 * entry's digest, so an entry cached by an earlier build is rendered again as soon
 * as that code changes (an upgrade of the package), not only when its file does.
 *
 * @param root the folder holding Hindsight's `lib/` and `astro/` folders
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

/** Thrown when the reports have errors: its message is the check's pretty report (file, line, column, rule). */
export class ReportErrors extends AstroError {
  constructor(report: string, errorCount: number) {
    super(
      `hindsight check found ${errorCount} ${errorCount === 1 ? 'error' : 'errors'}; fix ${errorCount === 1 ? 'it' : 'them'} to build the site:\n\n${report}`,
      'Run `npx hindsight check --verbose` for notes and each rule’s page; drafts only get warnings for missing sections.',
    );
    this.name = 'ReportErrors';
    // The message names every file, line and rule; a stack into Hindsight's loader would only hide it.
    this.stack = '';
  }
}

/** One diagnostic on one line, as the build log shows warnings. */
export function formatLogLine(diagnostic: Diagnostic): string {
  return `${diagnostic.file}:${diagnostic.place.start.line}:${diagnostic.place.start.column}: ${diagnostic.message} [${diagnostic.ruleId}]`;
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
}

/** The loader for the `postmortems` collection. */
export function hindsightLoader(options: HindsightLoaderOptions = {}): Loader {
  const parses = new Map<string, CachedParse>();
  let parsedWith = '';
  let code: string | undefined;

  async function sync(context: LoaderContext, root: string): Promise<void> {
    const config = await settingsConfig(root);
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
    code ??= await codeDigest(codeRoot, context.generateDigest);
    const reports = await Promise.all(paths.map((path) => parseCached(context, root, path, config)));
    const diagnostics = checkReports(reports, config, { now: settingsNow() });
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    for (const diagnostic of warnings) context.logger.warn(formatLogLine(diagnostic));
    if (errors.length > 0) {
      // The warnings were logged above: the report lists the errors alone, so each diagnostic is printed once.
      const report = formatPretty(paths, summarize(paths.length, errors), errors, { color: false });
      // In dev the server keeps running and shows what it can; a build stops here.
      if (!context.watcher) throw new ReportErrors(report, errors.length);
      context.logger.error(`hindsight check found errors:\n${report}`);
    }
    store(context, root, reports, diagnostics, config, `${configDigest}:${code}`);
    if (options.onSync) {
      // The calendar is made here, from this parse, so /calendar.ics never reads the files again. Its GitHub
      // state comes from the cache like the pages' (in dev it follows the cache at the next report change).
      const github = await cachedGithubStates(githubTargetsOf(reports, config), root, config);
      const siteUrl = context.config.site;
      options.onSync({
        reports,
        diagnostics,
        graph: corpusGraph(reports, config),
        config,
        calendar: { github: github.lookup, ...(siteUrl ? { siteUrl } : {}) },
      });
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
      const config = await settingsConfig(root);
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

/** The configuration the integration resolved (its options applied), else `hindsight.config.yaml` as it is. */
async function settingsConfig(root: string): Promise<Config> {
  return publishedSettings()?.config ?? (await loadConfig(root)).config;
}

/** The integration's "now", so the checks and the pages agree; else the environment's. */
function settingsNow(): Date {
  const published = publishedSettings()?.now;
  return published ? new Date(published) : buildNow();
}

/** A path relative to the project root, with `/` separators. */
function relativePath(root: string, path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  return relative(root, absolute).split('\\').join('/');
}
