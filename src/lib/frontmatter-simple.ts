/**
 * A reader for the plain YAML that nearly every report's frontmatter is written
 * in, as a quicker way to what the `yaml` package would read: a mapping of
 * `key: value` lines, whose values are strings (plain, or quoted without escapes),
 * flow lists of such strings (`[a, b]`), nothing (`key:`), and one level of
 * nested mapping (`impact:` and its times) or block list (`- item`), with blank
 * lines and comments (on their own lines, or after a value) anywhere between.
 *
 * The `yaml` package builds a document of nodes, resolves tags and keeps every
 * comment and range, which took a third of a report's parse (0.2 ms of 0.6).
 * This reader gives the same values and the same places, or gives up: anything
 * else (numbers, booleans, escapes, anchors, tags, block scalars, multi-line
 * values, lists of mappings, tabs, CRLF line ends, duplicate keys, …) returns
 * `undefined`, and the block is read by the `yaml` package as before. A test
 * compares both readers on generated blocks and on the project's own reports.
 *
 * Every string it reads is spelled in the file as it is read (no escapes, no
 * folding), which the credential check relies on (frontmatter-yaml.ts).
 */
import type { LineIndex, Place } from './text.ts';

/** The values and places of a block read by `readSimpleYaml`. */
export interface SimpleYaml {
  data: Record<string, unknown>;
  /** Where each key and value is, by dotted path, as frontmatter.ts's `FieldPlace`s. */
  fields: Record<string, { key?: Place; value: Place }>;
}

/** A value as read, with where it is in the block (the `yaml` package's node range: start, and end of the value). */
interface Read {
  value: unknown;
  start: number;
  end: number;
  /** A list's items, with their ranges; a mapping's pairs. */
  items?: Read[];
  pairs?: { key: string; keyStart: number; keyEnd: number; value: Read }[];
}

/** A key this reader takes: a plain word (no quotes, no spaces, no YAML indicators). */
const keyLine = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;

/** Characters a plain scalar may not start with (YAML indicators), or that make this reader give up. */
const unsafeStart = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A plain scalar the core schema reads as something other than a string: null, a boolean, a number. */
const notString =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)?$/;

/** What never appears in a value this reader takes: a comment's `#` (after a space), tabs, escapes. A `#` in a word (`acme/api#12`) is text. */
const unsafeAnywhere = /\s#|[\t\\]/;

/**
 * Characters YAML does not allow or reads its own way (control characters, line
 * and paragraph separators, a byte order mark, lone surrogates): a block with one
 * is left to the `yaml` package, which reports or reads it.
 */
const unusualCharacter = /[\0-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;

/** `text` without its leading spaces: YAML's indentation and separation are spaces alone (a no-break space is text). */
function withoutLeadingSpaces(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 32) start++;
  return start === 0 ? text : text.slice(start);
}

/** `text` without its trailing spaces (see `withoutLeadingSpaces`). */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * A single-line scalar at `start` (the text after `key: ` or `- `, trailing
 * spaces included): a plain string, or one quoted without escapes. `undefined`
 * for anything else, so that the caller gives up.
 *
 * @param inFlow whether it is an item of a flow list (`[a, b]`), where `,` and brackets end it
 */
function scalar(text: string, start: number, inFlow: boolean): Read | undefined {
  const trimmed = withoutTrailingSpaces(text);
  if (trimmed === '' || unsafeAnywhere.test(trimmed)) return undefined;
  const end = start + trimmed.length;
  const quote = trimmed.charAt(0);
  if (quote === '"' || quote === "'") {
    const inner = trimmed.slice(1, -1);
    // Quotes inside (escaped, doubled or of the other kind) are left to the `yaml` package.
    if (trimmed.length < 2 || trimmed.charAt(trimmed.length - 1) !== quote || /["']/.test(inner)) return undefined;
    if (inFlow && /[,[\]{}]/.test(inner)) return undefined;
    return { value: inner, start, end };
  }
  if (unsafeStart.test(trimmed) || notString.test(trimmed) || trimmed.includes(': ') || trimmed.endsWith(':')) return undefined;
  if (/[[\]{}]/.test(trimmed) || (inFlow && /[,:]/.test(trimmed))) return undefined;
  return { value: trimmed, start, end };
}

/** A flow list of scalars on one line (`[a, "b c"]`), at `start`. */
function flowList(text: string, start: number): Read | undefined {
  const trimmed = withoutTrailingSpaces(text);
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  const inner = trimmed.slice(1, -1);
  const items: Read[] = [];
  if (withoutLeadingSpaces(inner) !== '') {
    let at = 1;
    for (const part of inner.split(',')) {
      const text = withoutLeadingSpaces(part);
      const item = scalar(text, start + at + part.length - text.length, true);
      if (!item) return undefined;
      items.push(item);
      at += part.length + 1;
    }
  }
  return { value: items.map((item) => item.value), start, end: start + trimmed.length, items };
}

/**
 * A value written on its key's line (or after `- `): a flow list or a scalar,
 * with a comment after it (` # …`) left out. A `#` anywhere else (in quotes, in
 * a word) makes the value's own reader give up.
 */
function inlineValue(text: string, start: number): Read | undefined {
  const comment = text.indexOf(' #');
  const value = comment === -1 ? text : text.slice(0, comment);
  return value.startsWith('[') ? flowList(value, start) : scalar(value, start, false);
}

/**
 * The `key:` at the start of `content` (the match; the key is its group 1), when
 * it is a key this reader takes and not one of `seen`, which it is added to.
 */
function plainKey(content: string, seen: Set<string>): RegExpExecArray | undefined {
  const key = keyLine.exec(content);
  const name = key?.[1];
  // `true:` or `null:` is no string key in YAML's core schema; a repeated key is an error the `yaml` package reports.
  if (!key || name === undefined || seen.has(name) || name === '__proto__' || notString.test(name)) return undefined;
  seen.add(name);
  return key;
}

/** One line of the block: where it starts, its indentation, and its text after the indentation. */
interface Line {
  start: number;
  /** Just past its line feed (or the end of the block). */
  next: number;
  indent: number;
  content: string;
}

function linesOf(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < source.length) {
    const feed = source.indexOf('\n', start);
    const end = feed === -1 ? source.length : feed;
    const raw = source.slice(start, end);
    const content = withoutLeadingSpaces(raw);
    lines.push({ start, next: feed === -1 ? source.length : feed + 1, indent: raw.length - content.length, content });
    start = end + 1;
  }
  return lines;
}

/** A blank line, or one holding only a comment: YAML reads past both, at any indentation. */
function isBlank(line: Line): boolean {
  return line.content === '' || line.content.startsWith('#');
}

/** The first line from `from` on that is not blank (nor only a comment), or `lines.length`. */
function nextContent(lines: readonly Line[], from: number): number {
  let line = from;
  while (line < lines.length && isBlank(lines[line]!)) line++;
  return line;
}

/**
 * The mapping or list written below a `key:` line, from line `from` (not blank):
 * the lines of one indentation, each `key: value` (a mapping) or `- value` (a
 * list), blank and comment lines between them. Returns the value and the line
 * after its last item, or `undefined`.
 */
function nestedValue(lines: readonly Line[], from: number, parentIndent: number): { read: Read; next: number } | undefined {
  const first = lines[from]!;
  const isList = first.content === '-' || first.content.startsWith('- ');
  // A list may sit at its key's own indentation (`services:` then `- api`); a mapping must be deeper.
  if (isList ? first.indent < parentIndent : first.indent <= parentIndent) return undefined;
  const indent = first.indent;
  const items: Read[] = [];
  const pairs: NonNullable<Read['pairs']> = [];
  const keys = new Set<string>();
  let line = from;
  let last = from;
  while (line < lines.length) {
    const current = lines[line]!;
    if (current.indent !== indent) break;
    const offset = current.start + current.indent;
    if (isList) {
      if (!current.content.startsWith('- ')) break;
      const text = current.content.slice(2);
      const value = withoutLeadingSpaces(text);
      const item = inlineValue(value, offset + 2 + text.length - value.length);
      // A list in a list, or a mapping in a list (`- name: x`), is beyond this reader.
      if (!item || item.items) return undefined;
      items.push(item);
    } else {
      const key = plainKey(current.content, keys);
      if (!key) return undefined;
      const value = inlineValue(current.content.slice(key[0].length), offset + key[0].length);
      if (!value) return undefined;
      pairs.push({ key: key[1]!, keyStart: offset, keyEnd: offset + key[1]!.length, value });
    }
    last = line;
    line = nextContent(lines, line + 1);
    // A comment deeper than the items is part of the collection for the `yaml` package, which then ends it there.
    for (let trivia = last + 1; trivia < line; trivia++) if (lines[trivia]!.content !== '' && lines[trivia]!.indent > indent) return undefined;
  }
  if (items.length === 0 && pairs.length === 0) return undefined;
  // What follows must be a key of the parent's: a deeper or stray line is beyond this reader.
  const after = lines[line];
  if (after && after.indent > parentIndent) return undefined;
  // The value ends with the line of its last item (the blank and comment lines after it are not part of it).
  const end = lines[last]!.next;
  const read: Read = isList
    ? { value: items.map((item) => item.value), start: first.start + indent, end, items }
    : { value: Object.fromEntries(pairs.map((pair) => [pair.key, pair.value.value])), start: first.start + indent, end, pairs };
  return { read, next: line };
}

/**
 * Reads `source` (the lines between the fences) when it is plain YAML this reader
 * takes, with places in the file (`offset`: where `source` starts in it), as
 * `readFrontmatter` would have them from the `yaml` package; else `undefined`.
 */
export function readSimpleYaml(source: string, index: LineIndex, offset: number): SimpleYaml | undefined {
  if (source.includes('\r') || unusualCharacter.test(source) || !source.endsWith('\n')) return undefined;
  const lines = linesOf(source);
  const pairs: NonNullable<Read['pairs']> = [];
  const keys = new Set<string>();
  let line = nextContent(lines, 0);
  while (line < lines.length) {
    const current = lines[line]!;
    if (current.indent !== 0) return undefined;
    const key = plainKey(current.content, keys);
    if (!key) return undefined;
    const rest = current.content.slice(key[0].length);
    const next = nextContent(lines, line + 1);
    let value: Read | undefined;
    if (rest !== '') {
      value = inlineValue(rest, current.start + key[0].length);
      line = next;
    } else if (key[0].length !== key[1]!.length + 1) {
      // `key:` then spaces: where its empty value sits is a detail this reader leaves to the `yaml` package.
      return undefined;
    } else if (next < lines.length && (lines[next]!.indent > 0 || lines[next]!.content === '-' || lines[next]!.content.startsWith('- '))) {
      const nested = nestedValue(lines, next, 0);
      if (!nested) return undefined;
      value = nested.read;
      line = nested.next;
    } else {
      // Nothing: YAML's null, placed (empty) right after the colon.
      value = { value: null, start: current.start + key[0].length, end: current.start + key[0].length };
      line = next;
    }
    if (!value) return undefined;
    pairs.push({ key: key[1]!, keyStart: current.start, keyEnd: current.start + key[1]!.length, value });
  }
  if (pairs.length === 0) return undefined;
  const data: Record<string, unknown> = {};
  const fields: SimpleYaml['fields'] = {};
  const place = (start: number, end: number) => index.placeAt(offset + start, offset + end);
  const record = (path: string, read: Read) => {
    if (read.pairs) {
      for (const pair of read.pairs) {
        const keyPlace = place(pair.keyStart, pair.keyEnd);
        fields[`${path}.${pair.key}`] = { key: keyPlace, value: place(pair.value.start, pair.value.end) };
        record(`${path}.${pair.key}`, pair.value);
      }
    } else if (read.items) {
      read.items.forEach((item, position) => {
        fields[`${path}.${position}`] = { value: place(item.start, item.end) };
      });
    }
  };
  for (const pair of pairs) {
    data[pair.key] = pair.value.value;
    fields[pair.key] = { key: place(pair.keyStart, pair.keyEnd), value: place(pair.value.start, pair.value.end) };
    record(pair.key, pair.value);
  }
  return { data, fields };
}
