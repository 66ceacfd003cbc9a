/**
 * Offsets, lines and columns in a report's text.
 *
 * Every diagnostic points into the file as it is on disk, so conversions between
 * character offsets and 1-based line/column pairs live in one place.
 */
import { redactSecrets } from './secrets.ts';

/** A 1-based line and column, plus the 0-based character offset in the file. */
export interface Point {
  line: number;
  column: number;
  offset?: number;
}

/** A span in a file: where it starts and (exclusive) where it ends. */
export interface Place {
  start: Point;
  end: Point;
}

/**
 * Maps offsets in a text to lines and columns. Built once per file; lookups are
 * a binary search over line starts, so rules can ask for thousands of positions.
 */
export class LineIndex {
  /** The whole file, exactly as it is reported on. */
  readonly text: string;
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[];

  /** @param text the whole file, exactly as it will be reported on */
  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let index = 0; index < text.length; index++) {
      if (text.charCodeAt(index) === 10 /* \n */) starts.push(index + 1);
    }
    this.lineStarts = starts;
  }

  /** The point for a 0-based offset (clamped to the text). */
  pointAt(offset: number): Point {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - (this.lineStarts[low] ?? 0) + 1, offset: clamped };
  }

  /** The place covering offsets `[start, end)`. */
  placeAt(start: number, end: number): Place {
    return { start: this.pointAt(start), end: this.pointAt(Math.max(start, end)) };
  }

  /** The offset of a 1-based line and column. */
  offsetOf(line: number, column: number): number {
    const lineStart = this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))] ?? 0;
    return lineStart + column - 1;
  }
}

/** Line indexes of reports, so the rules that place findings by offset share one per report. */
const lineIndexes = new WeakMap<object, LineIndex>();

/**
 * The line index of a report's text, built on first use and shared by every rule
 * of the run (a `ParsedReport` is plain data, so it cannot carry one itself).
 */
export function lineIndexOf(report: { readonly text: string }): LineIndex {
  let index = lineIndexes.get(report);
  if (index?.text !== report.text) {
    index = new LineIndex(report.text);
    lineIndexes.set(report, index);
  }
  return index;
}

/** The place of a whole line (without its line ending). */
export function linePlace(index: LineIndex, line: number): Place {
  const start = index.offsetOf(line, 1);
  let end = index.text.indexOf('\n', start);
  if (end === -1) end = index.text.length;
  if (end > start && index.text.charCodeAt(end - 1) === 13 /* \r */) end -= 1;
  return index.placeAt(start, end);
}

/**
 * Normalises a heading or label for comparison: lower case, punctuation and
 * emphasis markers dropped, runs of white space folded. "What Didn't Go So Well?"
 * and "what didnt go so well" compare equal.
 */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Characters a quoted value must not carry into a message as they are: line breaks
 * and tabs (a value would spill onto lines that look like diagnostics), other
 * control characters (terminal escapes in a CI log) and the bidirectional controls
 * that make text read differently from what it is.
 */
const unprintable = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Wraps a literal value in backticks for a message, on one line, trimming long
 * values. Credentials are masked before trimming, so a message never carries even
 * part of one; control characters are shown escaped (`\n`, `\u001b`).
 */
export function literal(value: unknown, maxLength = 60): string {
  let text = redactSecrets(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
  text = text.replace(unprintable, (character) => escapes[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (text.length > maxLength) text = `${text.slice(0, maxLength - 1)}…`;
  return `\`${text}\``;
}

/**
 * Lists already quoted, by list and conjunction. The same lists (the frontmatter
 * keys, the statuses, the configured severities) are quoted in thousands of messages
 * of a large corpus, and quoting scans each value for credentials.
 */
const quotedLists = new WeakMap<readonly unknown[], Map<string, string>>();

/**
 * Lists literal values for a message: "`a`, `b` or `c`". The result is remembered
 * for the array, so pass arrays that do not change (constants, the parsed configuration).
 */
export function literalList(values: readonly unknown[], conjunction = 'or'): string {
  let byConjunction = quotedLists.get(values);
  const remembered = byConjunction?.get(conjunction);
  if (remembered !== undefined) return remembered;
  const items = values.map((value) => literal(value));
  const quoted = items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
  if (!byConjunction) quotedLists.set(values, (byConjunction = new Map()));
  byConjunction.set(conjunction, quoted);
  return quoted;
}
