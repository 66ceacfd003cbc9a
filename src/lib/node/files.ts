/**
 * Finding and reading report files on disk.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config.ts';
import { parseReport, unreadableReport, type ParsedReport } from '../parse.ts';

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

/** Loads many reports with bounded concurrency, in the order given. */
export async function loadReports(paths: readonly string[], cwd: string, config: Config): Promise<ParsedReport[]> {
  const results: ParsedReport[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const position = next++;
      results[position] = await loadReport(paths[position]!, cwd, config);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, paths.length) }, worker));
  return results;
}
