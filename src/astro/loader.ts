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
 * (statistics, chains, the calendar) from the same parse, and a build's sync
 * hands the stored reports to the search index (pagefind.ts). Parses come from the
 * parse cache the CLI writes (node_modules/.cache/hindsight/parses/), so a build
 * right after `hindsight check` parses no report again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
import type { LoaderContext } from 'astro/loaders';
import { z } from 'astro/zod';
import { checkReports, summarize } from '../lib/check.ts';
import type { Config } from '../lib/config.ts';
import { githubTargetsOf } from '../lib/github/collect.ts';
import { corpusGraph } from '../lib/graph.ts';
import { loadConfig } from '../lib/node/config.ts';
import { findReportFiles, listContentFiles, MissingPathError, readReports } from '../lib/node/files.ts';
import { cacheDisabledBy, ParseCache } from '../lib/node/parse-cache.ts';
import { checkReportsAlongside, similarPairsOnThread, worthARepeatThread } from '../lib/node/repeat-thread.ts';
import type { ParsedReport } from '../lib/parse.ts';
import { audienceVariable, resolveAudience, type Audience } from '../lib/publish/audience.ts';
import { siteEdition } from '../lib/publish/edition.ts';
import { repeatSearch } from '../lib/repeats.ts';
import { reportIdProblem } from '../lib/report-id.ts';
import { formatPretty } from '../lib/reporters/pretty.ts';
import type { Diagnostic } from '../lib/rule.ts';
import type { SiteCorpusInput } from '../lib/site/corpus.ts';
import { renderReport, rendersOnSite, toSiteReport, type RenderedReport, type SiteReport } from '../lib/site/report.ts';
import { searchDocument, type SearchDocument } from '../lib/site/search-document.ts';
import { terminalText } from '../lib/text.ts';
import { entryData, type TypedLoader } from './entries.ts';
import { cachedGithubStates } from './github-state.ts';
import { indexReports } from './pagefind.ts';
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

/**
 * The build log shows this many warnings at most: a site of thousands of archived
 * reports can have thousands, which would bury the rest of the log (and its errors).
 * `hindsight check` lists them all.
 */
export const loggedWarnings = 20;

/** The log lines for the check's warnings: the first `loggedWarnings`, then how many more and where to see them. */
export function warningLines(warnings: readonly Diagnostic[]): string[] {
  const lines = warnings.slice(0, loggedWarnings).map(formatLogLine);
  const more = warnings.length - loggedWarnings;
  if (more > 0) lines.push(`… and ${more} more ${more === 1 ? 'warning' : 'warnings'}: run \`npx hindsight check\` to see them all`);
  return lines;
}

/** One diagnostic on one line, as the build log shows warnings. */
export function formatLogLine(diagnostic: Diagnostic): string {
  return `${terminalText(diagnostic.file)}:${diagnostic.place.start.line}:${diagnostic.place.start.column}: ${diagnostic.message} [${diagnostic.ruleId}]`;
}

/** Options of `hindsightLoader`. */
export interface HindsightLoaderOptions {
  /** Called after each sync with every parsed report, the diagnostics and the graph (the `corpus` collection stores what it needs). */
  onSync?: (run: SiteCorpusInput) => void;
}

/** The loader for the `postmortems` collection: one `SiteReport` per report. */
export function hindsightLoader(options: HindsightLoaderOptions = {}): TypedLoader<SiteReport> {
  // The parse cache the CLI shares (a build after `hindsight check` parses nothing); in memory too, so dev re-syncs read no entry twice.
  let cache: ParseCache | undefined;
  let code: string | undefined;

  async function sync(context: LoaderContext, root: string): Promise<void> {
    const config = await settingsConfig(root);
    const configDigest = context.generateDigest(JSON.stringify(config));
    // The config decides sections, severities and references: a new one is another generation of parses.
    if (cache?.generation !== ParseCache.generationOf(config)) {
      cache = (cacheDisabledBy(process.env) ? undefined : ParseCache.open(root, config)) ?? ParseCache.inMemory(config);
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
    // Parse threads render the bodies of the reports they parse, so this thread, which stores every report, need not.
    const { reports, stats, findings, rendered } = await readReports(paths, root, config, { cache, findings: true, render: true });
    // At thousands of reports, repeat detection (the longest of the checks) runs on a thread of its own, while this one
    // renders the reports it parsed and runs the other checks; without a thread (or if it fails) the check finds the pairs itself.
    const repeats = worthARepeatThread(reports.length) ? similarPairsOnThread(repeatSearch(reports, config)).catch(() => undefined) : undefined;
    // Every report was just read: the cache keeps these parses and drops the others.
    await cache.prune();
    // One line per build, so a slow build says whether it parsed (in dev, each reload says so already).
    if (!context.watcher) {
      const threads = stats.parsed > 0 && stats.threads > 1 ? ` on ${stats.threads} threads` : '';
      context.logger.info(
        `Read ${stats.files} ${stats.files === 1 ? 'report' : 'reports'} (${stats.cached} from the parse cache, ${stats.parsed} parsed${threads})`,
      );
    }
    const audience = settingsAudience();
    // A public edition stores rewritten reports, rendered as rewritten: only an internal one is rendered ahead.
    if (repeats && audience === 'internal') renderAhead(context, reports, rendered, config);
    const now = settingsNow();
    // The content folder's files, for the `image` rule: listed on every sync, as an image may come or go alone.
    const files = listContentFiles(config.content, root);
    const diagnostics = repeats
      ? await checkReportsAlongside(reports, config, { findings, now, files }, repeats)
      : checkReports(reports, config, { findings, now, files });
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    for (const line of warningLines(warnings)) context.logger.warn(line);
    if (errors.length > 0) {
      // The warnings were logged above: the report lists the errors alone, so each diagnostic is printed once.
      const report = formatPretty(paths, summarize(paths.length, errors), errors, { color: false });
      // In dev the server keeps running and shows what it can; a build stops here.
      if (!context.watcher) throw new ReportErrors(report, errors.length);
      context.logger.error(`hindsight check found errors:\n${report}`);
    }
    // Everything below (pages, feeds, statistics, the search index) is built from the edition alone: for
    // `audience: public`, the public reports, rewritten without what stays internal (src/lib/publish/edition.ts).
    const edition = siteEdition(audience, reports, diagnostics, config);
    for (const path of edition.withheld)
      context.logger.warn(`${relativePath(root, path)}: left out of the public edition, its rewritten text is not a valid report`);
    // A public edition's rewritten reports are other objects: they miss in `rendered`, and are rendered as rewritten.
    const stored = store(context, root, edition.reports, edition.diagnostics, config, `${configDigest}:${edition.audience}:${code}`, rendered);
    // A build's search index is made from the stored reports, and written while Astro renders the pages (pagefind.ts).
    if (!context.watcher) indexReports(searchDocuments(stored, config));
    if (options.onSync) {
      // The calendar is made here, from this parse, so /calendar.ics never reads the files again. Its GitHub
      // state comes from the cache like the pages' (in dev it follows the cache at the next report change).
      const github = await cachedGithubStates(githubTargetsOf(edition.reports, config), root, config);
      const siteUrl = context.config.site;
      options.onSync({
        reports: edition.reports,
        diagnostics: edition.diagnostics,
        graph: corpusGraph(edition.reports, config),
        config,
        now,
        calendar: { github: github.lookup, ...(siteUrl ? { siteUrl } : {}) },
      });
    }
  }

  function store(
    context: LoaderContext,
    root: string,
    reports: readonly ParsedReport[],
    diagnostics: readonly Diagnostic[],
    config: Config,
    settingsDigest: string,
    rendered: ReadonlyMap<ParsedReport, RenderedReport>,
  ): SiteReport[] {
    const graph = corpusGraph(reports, config);
    const kept = new Set<string>();
    // The stored reports, in the order of the files.
    const stored: SiteReport[] = [];
    // Grouped once: filtering every diagnostic for every report grows with their product.
    const byFile = new Map<string, Diagnostic[]>();
    for (const diagnostic of diagnostics) {
      const list = byFile.get(diagnostic.file);
      if (list) list.push(diagnostic);
      else byFile.set(diagnostic.file, [diagnostic]);
    }
    for (const report of reports) {
      if (kept.has(report.id)) continue; // a duplicate id: the `reference` rule reports it; the first file wins
      // Only what parsed within the limits is rendered, and only a name that is an address gets a page; the `file`
      // rule reports both (a build stops on it; dev logs it and leaves the report out).
      const unpublishable = report.limit?.message ?? reportIdProblem(report.path);
      if (unpublishable) {
        context.logger.warn(`${terminalText(report.path)}: left out of the site: ${terminalText(unpublishable)}`);
        continue;
      }
      const own = byFile.get(report.path) ?? [];
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
        // The loader stored this entry: its data is a `SiteReport` (the collection's schema only declares it).
        stored.push(existing.data as unknown as SiteReport);
        continue;
      }
      const data = toSiteReport({ report, diagnostics: own, graph, config, rendered: rendered.get(report) });
      if (!data) {
        context.logger.warn(`${report.path}: left out of the site, its frontmatter is not valid`);
        continue;
      }
      kept.add(report.id);
      stored.push(data);
      // No `parseData`: the schema only declares the type, and the entry is our own typed plain data.
      context.store.set({
        id: report.id,
        data: entryData(data),
        digest,
        filePath: relativePath(root, report.path),
      });
    }
    for (const id of context.store.keys()) if (!kept.has(id)) context.store.delete(id);
    return stored;
  }

  return {
    name: 'hindsight',
    // The entries' type, for Astro's generated types; not a validation: `toSiteReport` made every entry.
    schema: z.custom<SiteReport>(),
    async load(context) {
      const root = fileURLToPath(context.config.root);
      await sync(context, root);
      const watcher = context.watcher;
      if (!watcher) {
        // A build syncs once and renders its pages from the stored entries: its parses can go, and are collected
        // when the build proper starts (memory.ts).
        cache = undefined;
        return;
      }
      const config = await settingsConfig(root);
      const folder = resolve(root, config.content);
      watcher.add(folder);
      // A report that changes; or any file that comes or goes, which may be an image a report shows (the `image` rule).
      const onChange = async (changed: string, anyFile = false) => {
        const watched = /\.(md|markdown)$/i.test(changed) || (anyFile && !basename(changed).startsWith('.'));
        if (!watched || relative(folder, changed).startsWith('..')) return;
        try {
          await sync(context, root);
          context.logger.info(`Reloaded reports after a change to ${relativePath(root, changed)}`);
        } catch (error) {
          context.logger.error(`Could not reload reports: ${(error as Error).message}`);
        }
      };
      watcher.on('change', (changed) => onChange(changed));
      watcher.on('add', (changed) => onChange(changed, true));
      watcher.on('unlink', (changed) => onChange(changed, true));
    },
  };
}

/**
 * Renders the summary and body of the reports that `store` will render (those a
 * parse thread did not, and that have no stored entry, which may be kept as it
 * is), into `rendered`: while repeat detection runs on its thread.
 */
function renderAhead(context: LoaderContext, reports: readonly ParsedReport[], rendered: Map<ParsedReport, RenderedReport>, config: Config): void {
  for (const report of reports) {
    if (rendered.has(report) || !rendersOnSite(report) || reportIdProblem(report.path) || context.store.has(report.id)) continue;
    rendered.set(report, renderReport(report, config));
  }
}

/** Each report's search document, made as Pagefind takes them, so that a sync without an index makes none. */
function* searchDocuments(reports: readonly SiteReport[], config: Config): Generator<SearchDocument> {
  for (const report of reports) yield searchDocument(report, config);
}

/** The configuration the integration resolved (its options applied), else `hindsight.config.yaml` as it is. */
async function settingsConfig(root: string): Promise<Config> {
  return publishedSettings()?.config ?? (await loadConfig(root)).config;
}

/** The integration's audience; else `HINDSIGHT_AUDIENCE` (a loader used without the integration still honours it). */
function settingsAudience(): Audience {
  return publishedSettings()?.audience ?? resolveAudience(undefined, process.env[audienceVariable]);
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
