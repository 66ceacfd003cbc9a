/**
 * The `--format pretty` output, laid out as vfile-reporter (and remark-lint)
 * print: each file with problems, then one row per diagnostic (`line:col-line:col`,
 * severity, message, rule id), its cause nested under it, and a summary. Our own
 * layout rather than vfile-reporter's, which pads every row to the widest message
 * (310 columns for one long message): here a message wraps to the terminal's width,
 * its continuation lines indented under it, and the rule id ends its last line.
 */
import { compareDiagnostics, type CheckSummary } from '../check.ts';
import { packagedRuleDocsUrl } from '../rule-docs.ts';
import type { Diagnostic } from '../rule.ts';
import { rulesById } from '../rules/index.ts';
import { terminalText } from '../text.ts';
import { summaryLine } from './github.ts';
import { displayWidth, wrapWords } from './layout.ts';

/** Options for the pretty output. */
export interface PrettyOptions {
  /** ANSI colours (a terminal that wants them). */
  color: boolean;
  /** Show notes and each rule's docs URL (causes are always shown). */
  verbose?: boolean;
  /** The terminal's width; default 80 (what a pipe or a CI log gets). */
  columns?: number;
}

/**
 * A diagnostic with every text made safe for a terminal line (`terminalText`).
 * Rules quote values with `literal`, which already does so; file names are not
 * quoted (vfile-reporter prints each at the start of a line), and a note may hold
 * a report id as written.
 */
function printableDiagnostic(diagnostic: Diagnostic): Diagnostic {
  const safe: Diagnostic = { ...diagnostic, file: terminalText(diagnostic.file), message: terminalText(diagnostic.message), url: terminalText(diagnostic.url) };
  if (diagnostic.note !== undefined) safe.note = diagnostic.note.split('\n').map(terminalText).join('\n');
  if (diagnostic.cause) safe.cause = { ...diagnostic.cause, file: terminalText(diagnostic.cause.file), message: terminalText(diagnostic.cause.message) };
  return safe;
}

/** ANSI codes, or nothing without colour. */
interface Palette {
  red: string;
  yellow: string;
  bold: string;
  dim: string;
  underline: string;
  /** Back to normal: colour, intensity and underline. */
  reset: string;
}

const colors: Palette = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  reset: '\u001b[39m\u001b[22m\u001b[24m',
};
const plain: Palette = { red: '', yellow: '', bold: '', dim: '', underline: '', reset: '' };

/** Below this many columns for the message, it starts on a line of its own instead of beside its position. */
const narrowest = 30;

/** `5:11-5:15`, as vfile-reporter writes a place. */
function position(place: Diagnostic['place']): string {
  return `${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column}`;
}

/** Spaces up to `width` columns after `text`. */
function padded(text: string, width: number): string {
  return `${text}${' '.repeat(Math.max(0, width - displayWidth(text)))}`;
}

/**
 * A row: `head` (position and severity, already padded to `headWidth` columns),
 * then `text` wrapped into `columns`, continuation lines indented under its first
 * line; `tail` (the rule id) ends the last line when it fits there, else gets a
 * line of its own. A terminal too narrow for the message beside its head gets the
 * message on the lines below it.
 */
function row(indent: string, head: string, headWidth: number, text: string, tail: string, columns: number, palette: Palette): string[] {
  const lines: string[] = [];
  let start = indent.length + headWidth;
  if (columns - start < narrowest) {
    lines.push(`${indent}${head}`.trimEnd());
    start = indent.length + 2;
  }
  const room = columns - start;
  const wrapped = wrapWords(text, room, room);
  // The tail is one unbreakable word, two spaces after the message.
  const last = wrapped.at(-1) ?? '';
  const tailFits = tail !== '' && displayWidth(last) + 2 + displayWidth(tail) <= room;
  const painted = `${palette.dim}${tail}${palette.reset}`;
  if (tailFits) wrapped[wrapped.length - 1] = `${last}  ${painted}`;
  else if (tail !== '') wrapped.push(painted);
  const prefix = ' '.repeat(start);
  wrapped.forEach((line, index) => lines.push(index === 0 && lines.length === 0 ? `${indent}${head}${line}` : `${prefix}${line}`));
  return lines;
}

/** The docs URL a person can open: the site's when `site.url` made it absolute, else the rule's page in this package. */
function docsUrl(diagnostic: Diagnostic): string {
  if (/^https?:\/\//.test(diagnostic.url)) return diagnostic.url;
  return packagedRuleDocsUrl(diagnostic.ruleId, rulesById.has(diagnostic.ruleId));
}

/** vfile-reporter's count: `✖ 2 errors`, `⚠ 1 warning`, or `3 messages (✖ 2 errors, ⚠ 1 warning)`. */
function byline(summary: CheckSummary, palette: Palette): string {
  const parts: string[] = [];
  if (summary.errors) parts.push(`${palette.red}✖${palette.reset} ${summary.errors} ${summary.errors === 1 ? 'error' : 'errors'}`);
  if (summary.warnings) parts.push(`${palette.yellow}⚠${palette.reset} ${summary.warnings} ${summary.warnings === 1 ? 'warning' : 'warnings'}`);
  const text = parts.join(', ');
  return summary.errors && summary.warnings ? `${summary.errors + summary.warnings} messages (${text})` : text;
}

/**
 * Formats diagnostics for people, wrapped to `options.columns`: no line is longer,
 * except for a word that alone is (a long path or URL), and every diagnostic keeps
 * its position and rule id.
 *
 * @param paths the files checked (only those with diagnostics are listed)
 */
export function formatPretty(paths: readonly string[], summary: CheckSummary, diagnostics: readonly Diagnostic[], options: PrettyOptions): string {
  if (diagnostics.length === 0) return `✔ ${summaryLine(summary)}\n`;
  const columns = Math.max(20, options.columns ?? 80);
  const palette = options.color ? colors : plain;
  // Grouped by file whatever order they come in (`checkReports` already sorts them so).
  const shown = [...diagnostics].sort(compareDiagnostics).map(printableDiagnostic);
  const positionWidth = Math.max(...shown.map((diagnostic) => position(diagnostic.place).length));
  const severityWidth = Math.max(...shown.map((diagnostic) => diagnostic.severity.length));
  const lines: string[] = [];
  let file: string | undefined;
  for (const diagnostic of shown) {
    if (diagnostic.file !== file) {
      if (file !== undefined) lines.push('');
      file = diagnostic.file;
      const hasError = shown.some((other) => other.file === file && other.severity === 'error');
      lines.push(`${palette.underline}${hasError ? palette.red : palette.yellow}${file}${palette.reset}`);
    }
    const severityColor = diagnostic.severity === 'error' ? palette.red : palette.yellow;
    const head = `${padded(position(diagnostic.place), positionWidth)}  ${severityColor}${padded(diagnostic.severity, severityWidth)}${palette.reset}  `;
    const headWidth = positionWidth + 2 + severityWidth + 2;
    lines.push(...row('  ', head, headWidth, diagnostic.message, diagnostic.ruleId, columns, palette));
    if (diagnostic.cause) {
      // The earlier place, nested as vfile-reporter nests a cause; its file is named when it is another one.
      const elsewhere = diagnostic.cause.file !== diagnostic.file ? ` (in ${diagnostic.cause.file})` : '';
      const causePosition = position(diagnostic.cause.place);
      lines.push(`  ${palette.bold}[cause]${palette.reset}:`);
      lines.push(...row('    ', `${causePosition}  info  `, causePosition.length + 8, `${diagnostic.cause.message}${elsewhere}`, '', columns, palette));
    }
    if (options.verbose) {
      lines.push(`  ${palette.bold}[url]${palette.reset}:`, `    ${docsUrl(diagnostic)}`);
      if (diagnostic.note) {
        lines.push(`  ${palette.bold}[note]${palette.reset}:`);
        for (const paragraph of diagnostic.note.split('\n')) lines.push(...wrapWords(paragraph, columns - 4, columns - 4).map((line) => `    ${line}`));
      }
    }
  }
  return `${lines.join('\n')}\n\n${byline(summary, palette)}\n${summary.files} ${summary.files === 1 ? 'file' : 'files'} checked\n`;
}
