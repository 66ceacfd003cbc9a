/**
 * The `--format json` output: one object, the shape DESIGN section 5 documents.
 */
import type { CheckSummary } from '../check.ts';
import type { Diagnostic } from '../rule.ts';
import { terminalJson } from '../text.ts';

/** One message of the JSON output. */
export interface JsonMessage {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  url: string;
}

/** The whole JSON output. */
export interface JsonReport extends CheckSummary {
  messages: JsonMessage[];
}

/** Builds the JSON report object. */
export function jsonReport(summary: CheckSummary, diagnostics: readonly Diagnostic[]): JsonReport {
  return {
    files: summary.files,
    errors: summary.errors,
    warnings: summary.warnings,
    messages: diagnostics.map((diagnostic) => ({
      file: diagnostic.file,
      line: diagnostic.place.start.line,
      column: diagnostic.place.start.column,
      endLine: diagnostic.place.end.line,
      endColumn: diagnostic.place.end.column,
      ruleId: diagnostic.ruleId,
      severity: diagnostic.severity,
      message: diagnostic.message,
      url: diagnostic.url,
    })),
  };
}

/**
 * The JSON report as text, with a final newline: credentials masked in every
 * string (file names included) and terminal controls escaped (`terminalJson`).
 */
export function formatJson(summary: CheckSummary, diagnostics: readonly Diagnostic[]): string {
  return `${terminalJson(jsonReport(summary, diagnostics))}\n`;
}
