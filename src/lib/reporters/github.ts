/**
 * GitHub Actions output: workflow-command annotations on the diff, and a Markdown
 * summary for `$GITHUB_STEP_SUMMARY`. Escaping follows actions/toolkit's
 * `packages/core/src/command.ts`.
 */
import type { CheckSummary } from '../check.ts';
import type { Diagnostic } from '../rule.ts';
import { codeSpan, terminalText } from '../text.ts';

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
    // A file name is the one value here no rule wrote: its control characters are shown escaped, as in every format.
    ['file', terminalText(diagnostic.file)],
    ['line', start.line],
    ['endLine', end.line],
  ];
  // GitHub only honours columns on annotations that stay on one line.
  if (start.line === end.line) properties.push(['col', start.column], ['endColumn', end.column]);
  properties.push(['title', `hindsight(${diagnostic.ruleId})`]);
  const head = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  const command = diagnostic.severity === 'error' ? 'error' : 'warning';
  return `::${command} ${head}::${escapeData(`${terminalText(diagnostic.message)}\n${terminalText(diagnostic.url)}`)}`;
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

/** ASCII punctuation: CommonMark lets a backslash make any of it literal text. */
const asciiPunctuation = /[!-/:-@[-`{-~]/g;

/**
 * Text for a Markdown table cell, shown as it is: every ASCII punctuation
 * character backslash-escaped, so nothing in it can become emphasis, a link, an
 * autolink (`https\://`, `a\@b\.org`), an image, HTML, an entity or a cell
 * border (`\|`).
 */
function markdownText(text: string): string {
  return text.replace(asciiPunctuation, '\\$&');
}

/**
 * A code span for a table cell: fenced by `codeSpan` so no backtick inside closes
 * it, and with every `|` escaped, because GFM splits a row into cells before it
 * reads code spans. Backslashes right before a `|` are doubled so that the pipe's
 * own escape is never cancelled by one in the value.
 */
function markdownCode(text: string): string {
  return codeSpan(text).replace(/(\\*)\|/g, (_match, slashes: string) => `${slashes}${slashes}\\|`);
}

/**
 * A message as one Markdown table cell. Messages quote values in code spans
 * (`literal`); they are read here by CommonMark's rule (a run of backticks
 * opens a span that the next run of the same length closes) and written again
 * safely, and the text between them is escaped, so that a value from a report
 * can neither close its span nor bring a link, bold text or HTML into the summary.
 */
export function markdownCell(message: string): string {
  const text = terminalText(message);
  const runs = [...text.matchAll(/`+/g)];
  let cell = '';
  let position = 0;
  let index = 0;
  while (index < runs.length) {
    const open = runs[index]!;
    const closing = runs.findIndex((run, at) => at > index && run[0].length === open[0].length);
    // A run of backticks that nothing closes is literal text, escaped with the rest.
    if (closing === -1) {
      index++;
      continue;
    }
    const close = runs[closing]!;
    let content = text.slice(open.index + open[0].length, close.index);
    // CommonMark strips one space from each end of a span padded on both sides.
    if (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
    cell += markdownText(text.slice(position, open.index)) + markdownCode(content);
    position = close.index + close[0].length;
    index = closing + 1;
  }
  return cell + markdownText(text.slice(position));
}

/**
 * A link destination as written between `(` and `)`: the characters that would end
 * it early or escape the next one (parentheses, `<`, `>`, backslashes, white space,
 * controls) are percent-encoded, which leaves the URL the same.
 */
function linkDestination(url: string): string {
  return url.replace(/[()<>\\\s\u0000-\u001f\u007f]/g, (character) => encodeURIComponent(character));
}

/**
 * The Markdown appended to `$GITHUB_STEP_SUMMARY`: a table with a row per
 * diagnostic, every value from a report shown as text or code, never as Markdown.
 */
export function formatStepSummary(summary: CheckSummary, diagnostics: readonly Diagnostic[]): string {
  const verdict = summary.errors > 0 ? '❌' : summary.warnings > 0 ? '⚠️' : '✅';
  const lines = [`### ${verdict} Hindsight: ${summaryLine(summary)}`, ''];
  if (diagnostics.length > 0) {
    lines.push('| File | Line | Severity | Rule | Message |', '| --- | ---: | --- | --- | --- |');
    for (const diagnostic of diagnostics) {
      lines.push(
        `| ${markdownCode(terminalText(diagnostic.file))} | ${diagnostic.place.start.line} | ${diagnostic.severity} | [${markdownText(diagnostic.ruleId)}](${linkDestination(diagnostic.url)}) | ${markdownCell(diagnostic.message)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
