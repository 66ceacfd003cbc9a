/**
 * GitHub Actions output: workflow-command annotations on the diff, and a Markdown
 * summary for `$GITHUB_STEP_SUMMARY`. Escaping follows actions/toolkit's
 * `packages/core/src/command.ts`.
 */
import type { CheckSummary } from '../check.ts';
import type { Diagnostic } from '../rule.ts';

/** Escapes a workflow command's message. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error …::` or `::warning …::` line. */
export function annotation(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.place;
  const properties: [string, string | number][] = [
    ['file', diagnostic.file],
    ['line', start.line],
    ['endLine', end.line],
  ];
  // GitHub only honours columns on annotations that stay on one line.
  if (start.line === end.line) properties.push(['col', start.column], ['endColumn', end.column]);
  properties.push(['title', `hindsight(${diagnostic.ruleId})`]);
  const head = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  const command = diagnostic.severity === 'error' ? 'error' : 'warning';
  return `::${command} ${head}::${escapeData(`${diagnostic.message}\n${diagnostic.url}`)}`;
}

/** Every annotation, one per line, with a final plain summary line. */
export function formatGithub(summary: CheckSummary, diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map(annotation);
  lines.push(summaryLine(summary));
  return `${lines.join('\n')}\n`;
}

/** "12 files checked: 1 error, 2 warnings". */
export function summaryLine(summary: CheckSummary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(summary.files, 'file')} checked: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The Markdown appended to `$GITHUB_STEP_SUMMARY`. */
export function formatStepSummary(summary: CheckSummary, diagnostics: readonly Diagnostic[]): string {
  const verdict = summary.errors > 0 ? '❌' : summary.warnings > 0 ? '⚠️' : '✅';
  const lines = [`### ${verdict} Hindsight: ${summaryLine(summary)}`, ''];
  if (diagnostics.length > 0) {
    lines.push('| File | Line | Severity | Rule | Message |', '| --- | ---: | --- | --- | --- |');
    for (const diagnostic of diagnostics) {
      lines.push(
        `| ${cell(diagnostic.file)} | ${diagnostic.place.start.line} | ${diagnostic.severity} | [${diagnostic.ruleId}](${diagnostic.url}) | ${cell(diagnostic.message)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
