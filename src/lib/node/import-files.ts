/**
 * The file side of `hindsight import`: finding the sources, reading them, and
 * writing each converted report without ever overwriting a file.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { reportId } from '../parse.ts';
import { findReportFiles, maxReportBytes, MissingPathError } from './files.ts';

/** Paths in output use `/` on every platform. */
export function displayPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Files in a folder that are about the reports, not reports: skipped when a folder is walked (a named file is always tried). */
const notReports =
  /^(?:readme|index|changelog|contributing|license|licence|code_of_conduct|security|summary|sidebar|toc|template|.*[-_.]template)\.(?:md|markdown)$/i;

/** A source that is not imported, and why. */
export interface IgnoredSource {
  /** The path, relative to the working directory. */
  path: string;
  reason: string;
}

/**
 * The files to import, relative to `cwd`, in order: named files as they are,
 * folders walked for `.md` and `.markdown` files (skipping `_` files, dot
 * folders, READMEs, indexes and templates), and never a file of the output folder.
 *
 * @throws {MissingPathError} when a named path does not exist
 */
export async function findImportSources(paths: readonly string[], cwd: string, outFolder: string): Promise<{ sources: string[]; ignored: IgnoredSource[] }> {
  const out = resolve(cwd, outFolder);
  const inOutput = (path: string) => {
    const relativeToOut = relative(out, resolve(cwd, path));
    return relativeToOut === '' || (!relativeToOut.startsWith('..') && !relativeToOut.startsWith(sep) && !/^[a-z]:/i.test(relativeToOut));
  };
  const sources: string[] = [];
  const ignored: IgnoredSource[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(resolve(cwd, path))).isDirectory();
    } catch {
      throw new MissingPathError(path);
    }
    const found = await findReportFiles([path], cwd);
    for (const file of found) {
      if (inOutput(file)) {
        // A named file in the output folder is worth a word; a walked one is simply the output of an earlier import.
        if (!isFolder) ignored.push({ path: file, reason: 'it is in the output folder: imported reports are not imported again' });
        continue;
      }
      if (isFolder && notReports.test(basename(file))) {
        ignored.push({ path: file, reason: 'a README, index or template, not a report (name the file to import it anyway)' });
        continue;
      }
      sources.push(file);
    }
  }
  return { sources: [...new Set(sources)], ignored };
}

/** Reads a source's bytes, or says why it cannot be read. */
export async function readSource(path: string, cwd: string): Promise<{ bytes: Uint8Array } | { problem: string }> {
  const absolute = resolve(cwd, path);
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return { problem: 'Unexpected path that is not a file, expected a Markdown file' };
    // Checked before reading, so a huge file is never loaded into memory.
    if (info.size > maxReportBytes) {
      return {
        problem: `Unexpected file of ${(info.size / 1024 / 1024).toFixed(1)} MiB, expected a postmortem of at most ${maxReportBytes / 1024 / 1024} MiB`,
      };
    }
    return { bytes: await readFile(absolute) };
  } catch (error) {
    return {
      problem: `Unexpected failure reading the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), expected a readable Markdown file`,
    };
  }
}

/** The reports already in the output folder, by id (a missing folder has none). */
export async function existingReports(outFolder: string, cwd: string): Promise<Map<string, string>> {
  let files: string[];
  try {
    files = await findReportFiles([outFolder], cwd);
  } catch (error) {
    if (error instanceof MissingPathError) return new Map();
    throw error;
  }
  const byId = new Map<string, string>();
  for (const file of files) if (!byId.has(reportId(file))) byId.set(reportId(file), file);
  return byId;
}

/** What happened when a report was written. */
export type WriteOutcome = 'written' | 'unchanged' | 'exists';

/**
 * Writes a new report; never overwrites. A file already there with the same text
 * is an earlier import of the same source (`unchanged`); any other is left alone (`exists`).
 *
 * @param dryRun say what would happen, write nothing
 */
export async function writeNewReport(path: string, text: string, dryRun = false): Promise<WriteOutcome> {
  const compare = async () => ((await readFile(path, 'utf8').catch(() => undefined)) === text ? 'unchanged' : 'exists');
  if (dryRun)
    return (await stat(path).then(
      () => true,
      () => false,
    ))
      ? compare()
      : 'written';
  try {
    // `wx` fails if the file exists, even if it appeared a moment ago.
    await writeFile(path, text, { flag: 'wx' });
    return 'written';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return compare();
  }
}

/** The absolute path of a report id in the output folder. */
export function outputPath(outFolder: string, cwd: string, id: string): string {
  return join(resolve(cwd, outFolder), `${id}.md`);
}
