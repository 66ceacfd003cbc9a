/**
 * The project a command works on: its root, configuration and content folder,
 * and (for the commands that work on the whole folder) its reports.
 */
import { relative, resolve } from 'node:path';
import type { Config } from '../lib/config.ts';
import { findProjectRoot, loadConfig } from '../lib/node/config.ts';
import { findReportFiles, loadReports, MissingPathError } from '../lib/node/files.ts';
import { cacheDisabledBy, ParseCache } from '../lib/node/parse-cache.ts';
import type { ParsedReport } from '../lib/parse.ts';
import { UsageError, type CliIO } from './io.ts';

/** Where a command's project is. */
export interface Project {
  /** The project root (absolute): the configuration, the template and the GitHub cache are found from here. */
  root: string;
  config: Config;
  /** The content folder as a path relative to the working directory (`postmortems`, or `.` inside it). */
  contentFolder: string;
}

/**
 * Finds the project of the working directory (which may be a subfolder of it) and
 * loads its configuration, printing its warnings (a deprecated setting) on stderr,
 * where they never mix with `--format json` output.
 *
 * @throws {ConfigError} when the configuration is invalid
 */
export async function loadProject(io: CliIO): Promise<Project> {
  const root = await findProjectRoot(io.cwd);
  const { config, warnings } = await loadConfig(root);
  for (const warning of warnings) io.stderr.write(`hindsight: warning: ${warning}\n`);
  const contentFolder = relative(io.cwd, resolve(root, config.content)) || '.';
  return { root, config, contentFolder };
}

/**
 * The project and every report in its content folder.
 *
 * @throws {UsageError} when the content folder does not exist
 */
export async function loadContent(io: CliIO): Promise<Project & { reports: ParsedReport[] }> {
  const project = await loadProject(io);
  let paths: string[];
  try {
    paths = await findReportFiles([project.contentFolder], io.cwd);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(`${error.message} (the content folder; set \`content\` in hindsight.config.yaml)`);
    throw error;
  }
  // The parse cache `check` uses: `actions` and `sync` after a check parse nothing again.
  const cache = cacheDisabledBy(io.env) ? undefined : ParseCache.open(project.root, project.config);
  // With the checks' findings, worked out on the parse threads: a `check` after `sync` or `actions` then finds them cached.
  const reports = await loadReports(paths, io.cwd, project.config, { cache, findings: true });
  await cache?.prune();
  return { ...project, reports };
}
