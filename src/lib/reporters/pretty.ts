/**
 * The `--format pretty` output: vfile-reporter, as remark-lint prints, followed by
 * a one-line summary.
 */
import { reporter } from 'vfile-reporter';
import type { CheckSummary } from '../check.ts';
import type { Diagnostic } from '../rule.ts';
import { summaryLine } from './github.ts';
import { toVFiles } from './vfile.ts';

/** Options for the pretty output. */
export interface PrettyOptions {
  /** ANSI colours (a terminal that wants them). */
  color: boolean;
  /** Show notes, URLs and causes. */
  verbose?: boolean;
}

/** Formats diagnostics for people. */
export function formatPretty(
  paths: readonly string[],
  summary: CheckSummary,
  diagnostics: readonly Diagnostic[],
  options: PrettyOptions,
): string {
  const body = diagnostics.length
    ? reporter(toVFiles(paths, diagnostics), { color: options.color, quiet: true, verbose: options.verbose ?? false })
    : '';
  // vfile-reporter ends with its own count of messages; add the number of files checked.
  if (body) return `${body}\n${summary.files} ${summary.files === 1 ? 'file' : 'files'} checked\n`;
  return `✔ ${summaryLine(summary)}\n`;
}
