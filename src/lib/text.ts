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
    // `indexOf` finds each line feed natively: several times quicker than a loop over every character.
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) starts.push(newline + 1);
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

/**
 * A whole number for people, with thousands separated (`10,000`): the same bytes
 * on every machine, whatever its locale, and without starting the number
 * formatter of `Intl` (a few milliseconds, at every start of the command line).
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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

/**
 * Lets `lineIndexOf(report)` answer with the index the parse already made of the
 * report's text, rather than make it again.
 */
export function shareLineIndex(report: { readonly text: string }, index: LineIndex): void {
  if (index.text === report.text) lineIndexes.set(report, index);
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
  // A label in ASCII (most) is its own NFKD form, and once lower-cased its letters and digits are `[a-z0-9]`: the
  // same label without the normalisation and the Unicode property class, which were most of a check's time here.
  if (isAscii(label))
    return label
      .toLowerCase()
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether `text` holds ASCII characters only: such a text is its own NFKD form,
 * and its letters and digits are `[A-Za-z0-9]`, so that the readings of labels
 * and of words (similarity/terms.ts) can skip Unicode normalisation and classes.
 */
export function isAscii(text: string): boolean {
  return asciiText.test(text);
}

const asciiText = /^[\x00-\x7f]*$/;

/**
 * The same JSON text in ASCII alone: every character above U+007F written as its
 * `\u` escape (one outside the Basic Multilingual Plane as its two surrogates'
 * escapes), which every JSON reader decodes to the same value. Outside strings a
 * valid JSON text holds only ASCII, so only string contents change. Such a text
 * is one byte per character in V8, and a JavaScript string literal made of it
 * compiles about four times faster (src/astro/data-store.ts).
 */
export function asciiJson(json: string): string {
  return json.replace(nonAsciiCharacter, escapeCharacter);
}

const nonAsciiCharacter = /[^\x00-\x7f]/g;

/**
 * Characters a quoted value must not carry into a message as they are: line breaks
 * and tabs (a value would spill onto lines that look like diagnostics), other
 * control characters (terminal escapes in a CI log), the bidirectional controls
 * that make text read differently from what it is, lone surrogates and the two
 * non-characters U+FFFE and U+FFFF (no encoder or XML parser takes them).
 */
const unprintable =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\u001b`: how an unprintable character is shown (JavaScript's and JSON's escape). */
function escapeCharacter(character: string): string {
  return escapes[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Shows every unprintable character of `text` escaped, so the text stays one visible line. */
function escapeUnprintable(text: string): string {
  return text.replace(unprintable, escapeCharacter);
}

/**
 * A GitHub workflow command (`::error …::`, `::add-mask::`, `::stop-commands::`) is
 * any log line that starts with `::` after white space: the runner acts on it.
 */
const workflowCommandStart = /^(\s*)::/;

/**
 * Makes any text safe to print as (part of) one line of a terminal or CI log: the
 * one place that decides it, for every format that prints values from reports
 * (file names, action items, titles). Credentials are masked, control characters
 * (ANSI escapes, line breaks, bidirectional controls) shown escaped, and a leading
 * `::` escaped (`\u003a:`) so that the value can never start a workflow command.
 */
export function terminalText(value: string): string {
  return escapeUnprintable(redactSecrets(value)).replace(workflowCommandStart, '$1\\u003a:');
}

/**
 * A CommonMark code span showing `text` as it is: the fence is one backtick longer
 * than the longest run of backticks inside (so no backtick in the value can close
 * it), padded with a space where the value starts or ends with a backtick, or
 * where both its ends are spaces (which a renderer would otherwise strip).
 */
export function codeSpan(text: string): string {
  let longest = 0;
  for (const [run] of text.matchAll(/`+/g)) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Wraps a literal value in backticks for a message, on one line, trimming long
 * values. Credentials are masked before trimming, so a message never carries even
 * part of one; control characters are shown escaped (`\n`, `\u001b`). The code
 * span is fenced so that a backtick in the value cannot end it (see `codeSpan`):
 * messages are Markdown in the step summary and on the site.
 */
export function literal(value: unknown, maxLength = 60): string {
  let text = escapeUnprintable(redactSecrets(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))));
  if (text.length > maxLength) text = `${text.slice(0, maxLength - 1)}…`;
  return codeSpan(text);
}

/**
 * Characters no output carries: C0 controls but tab, line feed and carriage
 * return; DEL and the C1 controls; lone surrogates; U+FFFE and U+FFFF. XML 1.0
 * forbids the C0 ones, lone surrogates and the two non-characters (one of them
 * makes a whole RSS feed unreadable), iCalendar forbids controls in text, and in
 * HTML and terminals they are at best invisible and at worst escape sequences.
 */
const outputIllegal =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Controls that separate words (Word's manual line break is `\u000b`): a space keeps the words apart. */
const spacingControls = new Set(['\u000b', '\u000c', '\u0085']);

/**
 * `text` without the characters no output may carry (see `findUnprintable`); the
 * ones that separate words (vertical tab, form feed, next line) become spaces.
 * The second line of defence of the RSS feed, the calendar, the site's pages and
 * the statistics: the `frontmatter` rule refuses these characters first.
 */
export function printable(text: string): string {
  return mayHoldIllegal.test(text) ? text.replace(outputIllegal, (character) => (spacingControls.has(character) ? ' ' : '')) : text;
}

/**
 * Every character `outputIllegal` can match, surrogates whole: one character class
 * finds that a text has none (nearly every text) several times faster than the
 * pattern with its surrogate look-arounds, which then runs only on the rest.
 */
const mayHoldIllegal = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/**
 * A copy of plain data (records, arrays, strings, numbers, booleans) with every
 * string made `printable`, keys included: the site's stored data, whose ids and
 * texts must match wherever a page looks one up by the other.
 */
export function printableData<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => printableData(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [printable(key), printableData(field)])) as T;
  }
  return value;
}

/** A character `printable` removes, where it is, and what kind of character it is (for messages). */
export interface UnprintableCharacter {
  /** The character (one UTF-16 code unit). */
  character: string;
  /** Its offset in the text. */
  index: number;
  /** What it is, as a message names it. */
  kind: 'control character' | 'unpaired surrogate' | 'non-character';
}

/** The first character of `text` that no output may carry, if any. */
export function findUnprintable(text: string): UnprintableCharacter | undefined {
  outputIllegal.lastIndex = 0;
  const match = outputIllegal.exec(text);
  outputIllegal.lastIndex = 0;
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const kind = code >= 0xd800 && code <= 0xdfff ? 'unpaired surrogate' : code >= 0xfffe ? 'non-character' : 'control character';
  return { character: match[0], index: match.index, kind };
}

/** `\u000B`: a character as its UTF-16 code unit, the way Unicode charts and JSON escapes name it. */
export function codeUnitName(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Characters JSON may carry raw that a terminal or log viewer would act on: C1 controls, line separators, bidirectional controls. */
const jsonUnsafe = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Pretty-printed JSON for a terminal or a script: credentials masked in every
 * string value, and the characters `JSON.stringify` leaves raw but a terminal
 * would act on (C1 controls such as the one-byte CSI, bidirectional controls)
 * written as `\u` escapes, which JSON readers decode to the same value. C0
 * controls and lone surrogates are already escaped by `JSON.stringify`; no value
 * starts a line, so none can be read as a workflow command.
 */
export function terminalJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, field: unknown) => (typeof field === 'string' ? redactSecrets(field) : field), 2);
  return json.replace(jsonUnsafe, escapeCharacter);
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
