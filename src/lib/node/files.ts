/**
 * Finding and reading report files on disk.
 */
import { readdirSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config.ts';
import type { ContentFiles } from '../content-files.ts';
import { parseReport, unreadableReport, type ParsedReport } from '../parse.ts';
import { keepTreeForOtherRules, selfContainedFindings, type ReportFindings } from '../report-findings.ts';
import type { RenderedReport } from '../site/report.ts';
import { encodeParse, readSmallFile, type CacheSlot, type ParseCache, type ParseResult } from './parse-cache.ts';
import { parseOnThreads, threadsFor, type ParseJob } from './parse-pool.ts';

/** Files larger than this are reported, not parsed: no real postmortem comes close. */
export const maxReportBytes = 10 * 1024 * 1024;

/** A path given on the command line that does not exist. */
export class MissingPathError extends Error {
  /** The path as given. */
  readonly path: string;

  constructor(path: string) {
    super(`Unexpected path \`${path}\` that does not exist, expected a report file or a folder of reports`);
    this.path = path;
  }
}

const markdownFile = /\.(md|markdown)$/i;

/** Whether a directory entry is skipped while walking: `_template.md`, `_drafts/`, dot folders, node_modules. */
function skipped(name: string, isDirectory: boolean): boolean {
  return name.startsWith('_') || (isDirectory && (name.startsWith('.') || name === 'node_modules'));
}

async function walk(directory: string, found: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    if (skipped(entry.name, entry.isDirectory())) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, found);
    else if (entry.isFile() && markdownFile.test(entry.name)) found.push(path);
  }
}

/**
 * The report files under `paths` (files are taken as given; folders are walked),
 * as paths relative to `cwd`, sorted and without duplicates.
 */
export async function findReportFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new MissingPathError(path);
    }
    if (info.isDirectory()) await walk(absolute, found);
    else found.push(absolute);
  }
  const relativePaths = found.map((path) => toDisplayPath(relative(cwd, path)));
  return [...new Set(relativePaths)].sort();
}

/**
 * Every file in the content folder, for the rules that judge what reports refer to
 * on disk (`image`): names only, no file is read or stat'ed, so 10,000 reports
 * take milliseconds. Hidden folders, `node_modules` and symbolic links are not
 * looked into but listed as `unlisted` (rules say nothing about what is there).
 * Unlike `findReportFiles`, folders and files starting with `_` are listed: the
 * site publishes an image from `_assets/` like any other.
 *
 * @param folder the content folder, relative to `cwd` (or absolute)
 * @returns paths relative to `cwd` with `/` separators, as `findReportFiles` gives
 *   them; `undefined` when the folder cannot be read (it does not exist)
 */
export function listContentFiles(folder: string, cwd: string): ContentFiles | undefined {
  const absolute = resolve(cwd, folder);
  const files = new Set<string>();
  const unlisted = new Set<string>();
  const walkNames = (directory: string, prefix: string, top: boolean): boolean => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      if (!top) unlisted.add(prefix);
      return false;
    }
    for (const entry of entries) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') unlisted.add(path);
        else walkNames(join(directory, entry.name), path, false);
      } else if (entry.isFile()) files.add(path);
      else unlisted.add(path);
    }
    return true;
  };
  const root = toDisplayPath(relative(cwd, absolute));
  if (!walkNames(absolute, root, true)) return undefined;
  return { folder: root, files, unlisted };
}

/** Paths in messages use `/` on every platform, as GitHub annotations expect. */
function toDisplayPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Reads and parses one report. Never throws: an unreadable or oversized file, or a
 * failure inside the parser, becomes a report whose `unreadable` says why.
 */
export async function loadReport(path: string, cwd: string, config: Config): Promise<ParsedReport> {
  const absolute = resolve(cwd, path);
  try {
    const info = await stat(absolute);
    // Checked before reading, so a huge file is never loaded into memory.
    if (info.size > maxReportBytes) return oversizedReport(path, info.size);
    return parseReportBytes(path, await readFile(absolute), config);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);
    return unreadableReport(path, `Unexpected failure reading the file (${reason}), expected a readable Markdown file`);
  }
}

/** A report too large to parse, carrying the reason for the `file` rule. */
function oversizedReport(path: string, size: number): ParsedReport {
  return unreadableReport(path, `Unexpected file of ${(size / 1024 / 1024).toFixed(1)} MiB, expected a report of at most ${maxReportBytes / 1024 / 1024} MiB`);
}

/**
 * Parses bytes already read from disk, with the same size limit as `loadReport`
 * (the site's loader reads each file itself, to digest it before parsing).
 */
export function parseReportBytes(path: string, bytes: Uint8Array, config: Config): ParsedReport {
  if (bytes.length > maxReportBytes) return oversizedReport(path, bytes.length);
  return parseReport(path, bytes, config);
}

/**
 * Files parsed between two turns of the event loop. The Markdown parser hands
 * each tree over in a native buffer that is freed by a finalizer, and those run
 * only between turns: 10,000 parses in one turn held about 100 MB of them at
 * once, which the process kept for the rest of its run.
 */
const filesPerTurn = 100;

/** Lets the event loop turn (and the parser's finalizers run). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Options for `readReports`. */
export interface ReadOptions {
  /** The parse cache (`ParseCache.open`); without one every file is parsed. */
  cache?: ParseCache;
  /** Threads to parse on; 1 parses on this thread. Default: by the number of files to parse and the machine's cores. */
  threads?: number;
  /** Called as reports are ready, with how many are and how many there are in all (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Whether to work out the self-contained rules' findings with each parse (on the
   * parse threads, cached with it) for `checkReports`: what a check wants, and
   * wasted work for a run that only reads the reports. Default: false.
   */
  findings?: boolean;
  /**
   * Whether the worker threads render each report's summary and body as the site
   * stores them (`renderReport`), for a build, whose main thread then need not.
   * Reports parsed on this thread or read from the cache get none. Default: false.
   */
  render?: boolean;
  /**
   * Whether the reports are read only to be checked (`hindsight check`): each
   * report with its self-contained findings then keeps of its tree only what the
   * other rules read (`keepTreeForOtherRules`), instead of the whole tree to the
   * end of the run. Not for the site, which renders the trees. Default: false.
   */
  onlyToCheck?: boolean;
}

/** What a `readReports` run did, for the summary line. */
export interface ReadStats {
  /** Reports read. */
  files: number;
  /** Reports whose parse came from the cache. */
  cached: number;
  /** Reports parsed in this run. */
  parsed: number;
  /** The threads they were parsed on (1: this thread). */
  threads: number;
}

/**
 * Reads and parses reports, in the order given: each file is read once, its parse
 * taken from the cache when its bytes, the configuration and Hindsight are
 * unchanged, else parsed (on worker threads when there are many) and cached.
 * Never throws: a file that cannot be read or parsed becomes a report whose
 * `unreadable` says why.
 */
export async function readReports(
  paths: readonly string[],
  cwd: string,
  config: Config,
  options: ReadOptions = {},
): Promise<{ reports: ParsedReport[]; stats: ReadStats; findings: Map<ParsedReport, ReportFindings>; rendered: Map<ParsedReport, RenderedReport> }> {
  const { cache, onProgress } = options;
  const withFindings = options.findings ?? false;
  const reports: ParsedReport[] = new Array(paths.length);
  const findings = new Map<ParsedReport, ReportFindings>();
  const rendered = new Map<ParsedReport, RenderedReport>();
  const jobs: ParseJob[] = [];
  const positions: number[] = [];
  const slots: CacheSlot[] = [];
  let done = 0;
  let hits = 0;
  const ready = (position: number, { report, findings: found, rendered: page }: ParseResult) => {
    reports[position] = report;
    if (found) findings.set(report, found);
    // A one-shot check (its cache is not read again in this process): the tree's other nodes can go now.
    if (found && options.onlyToCheck) keepTreeForOtherRules(report, config);
    if (page) rendered.set(report, page);
    onProgress?.(++done, paths.length);
  };
  for (let position = 0; position < paths.length; position++) {
    const path = paths[position]!;
    let read;
    try {
      // Synchronous reads: for thousands of small files they are several times faster than promises.
      read = readSmallFile(resolve(cwd, path), maxReportBytes);
    } catch (error) {
      ready(position, { report: readFailure(path, error) });
      continue;
    }
    if (!('bytes' in read)) {
      ready(position, { report: oversizedReport(path, read.size) });
      continue;
    }
    const slot = cache?.slot(path, read.bytes);
    let cached = slot && cache!.get(slot, read.bytes);
    if (cached) {
      hits++;
      if (withFindings && !cached.findings) {
        // Parsed by a run that did not check (the site's loader before this feature, `actions`): the findings are added to the entry.
        cached = { report: cached.report, findings: selfContainedFindings(cached.report, config) };
        cache!.set(slot!, cached, cache!.folder !== undefined ? encodeParse(cached) : undefined);
      }
      ready(position, cached);
      // A cached report's tree was parsed again from its bytes (parse-cache.ts): the parser's buffers need turns too.
      if (hits % filesPerTurn === 0) await nextTurn();
      continue;
    }
    jobs.push({ path, bytes: read.bytes });
    positions.push(position);
    if (slot) slots.push(slot);
  }
  const parsed = (job: number, result: ParseResult, json: string | undefined) => {
    // The rendered page is the build's, never the cache's (in memory either): a parse is what the cache keeps.
    const { rendered: _page, ...parse } = result;
    if (cache) cache.set(slots[job]!, parse, json);
    ready(positions[job]!, result);
  };
  const threads = threadsFor(jobs.length, options.threads);
  // JSON only for a cache that writes it to disk.
  const parseHere = (job: number) => {
    const report = parseReport(jobs[job]!.path, jobs[job]!.bytes, config);
    const result: ParseResult = withFindings ? { report, findings: selfContainedFindings(report, config) } : { report };
    parsed(job, result, cache?.folder !== undefined ? encodeParse(result) : undefined);
  };
  if (threads > 1) {
    await parseOnThreads(jobs, { config, findings: withFindings, render: options.render ?? false }, threads, parsed, parseHere, (job, reason) =>
      unreadableReport(job.path, `Unexpected failure of the parser thread (${reason}), expected a parsable report; please report this with the file`),
    );
  } else {
    for (let job = 0; job < jobs.length; job++) {
      parseHere(job);
      if (job % filesPerTurn === filesPerTurn - 1) await nextTurn();
    }
  }
  // The new parses, appended to the cache's shards in one write each.
  cache?.save();
  return { reports, stats: { files: paths.length, cached: hits, parsed: jobs.length, threads }, findings, rendered };
}

/** A report for a file that could not be read. */
function readFailure(path: string, error: unknown): ParsedReport {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);
  return unreadableReport(path, `Unexpected failure reading the file (${reason}), expected a readable Markdown file`);
}

/** Loads many reports, in the order given (see `readReports`). */
export async function loadReports(paths: readonly string[], cwd: string, config: Config, options: ReadOptions = {}): Promise<ParsedReport[]> {
  return (await readReports(paths, cwd, config, options)).reports;
}
