/**
 * Loading a project's reports for the commands that work on the whole content
 * folder (`actions`, `sync`).
 */
import type { Config } from '../lib/config.ts';
import { loadConfig } from '../lib/node/config.ts';
import { findReportFiles, loadReports, MissingPathError } from '../lib/node/files.ts';
import type { ParsedReport } from '../lib/parse.ts';
import { UsageError, type CliIO } from './io.ts';

/**
 * The configuration and every report in the content folder.
 *
 * @throws {UsageError} when the content folder does not exist
 */
export async function loadContent(io: CliIO): Promise<{ config: Config; reports: ParsedReport[] }> {
  const { config } = await loadConfig(io.cwd);
  let paths: string[];
  try {
    paths = await findReportFiles([config.content], io.cwd);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(`${error.message} (the content folder; set \`content\` in hindsight.config.yaml)`);
    throw error;
  }
  return { config, reports: await loadReports(paths, io.cwd, config) };
}
