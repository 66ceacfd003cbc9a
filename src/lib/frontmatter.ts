/**
 * Splits a report into frontmatter and body, safely.
 *
 * The block is the lines between an opening `---` line (optionally tagged
 * `yaml` or `yml`) and the first closing `---` or `...` line, read by the `yaml`
 * package alone: YAML 1.2 core schema, so dates stay strings and nothing is
 * evaluated. (A block of plain `key: value` lines is read quicker by
 * frontmatter-simple.ts, to the same values and places.) Any other language tag
 * (`---js`, `---coffee`, …) is refused, and the block never parsed. (gray-matter
 * used to do the split; it also runs code engines and JavaScript parsers, which a
 * block must never reach.)
 *
 * What is wrong with the block is data (`FrontmatterProblem`: a code, what was
 * found, a place); `frontmatter-problems.ts` words it.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { readSimpleYaml } from './frontmatter-simple.ts';
import { closingFence, openingFence, rememberParsedYaml, verbatimYaml } from './frontmatter-yaml.ts';
import { type LineIndex, linePlace, type Place } from './text.ts';

/** Frontmatter language tags we accept: `---`, `---yaml`, `---yml`. */
const yamlLanguages = new Set(['', 'yaml', 'yml']);

/** Aliases beyond this many make the YAML a "billion laughs" bomb; real reports use none. */
export const maxAliasCount = 50;

/**
 * Something wrong with the frontmatter block itself, found while splitting or
 * parsing it: what, as a code and the data a message needs, and where. Worded by
 * `frontmatterProblemMessage` (`frontmatter-problems.ts`).
 */
export type FrontmatterProblem =
  /** No closing `---` (or `...`) line: the block runs to the end of the file. */
  | { code: 'unclosed'; place: Place }
  /** A language tag other than YAML (`---js`); `language` is the tag as written. The block is never evaluated. */
  | { code: 'language'; language: string; place: Place }
  /** The YAML does not parse (a syntax error, a duplicate key); `reason` is the first line of the parser's error. */
  | { code: 'yaml-syntax'; reason: string; place: Place }
  /** The YAML expands beyond `limit` aliases (a "billion laughs" bomb); `reason` is the first line of the parser's error. */
  | { code: 'yaml-aliases'; reason: string; limit: number; place: Place };

/** Where one YAML field's key and value are in the file. */
export interface FieldPlace {
  key?: Place;
  value: Place;
}

/** The frontmatter block of a report, as plain data. */
export interface FrontmatterBlock {
  /** Whether the file starts with a `---` block at all. */
  present: boolean;
  /** The language tag after the opening `---`, lower-cased (`''` for none). */
  language: string;
  /** The parsed YAML (plain JavaScript values), or `undefined` when it could not be read. */
  data: unknown;
  /** The place of the opening `---` line, where messages about missing fields point. */
  openingPlace: Place;
  /** Offset just past the closing delimiter line; the body starts here. */
  endOffset: number;
  /** Field places by dotted path (`impact.start`, `services.0`, `watch.0.expires`). */
  fields: Record<string, FieldPlace>;
  /** Problems with the block's syntax or language. */
  problems: FrontmatterProblem[];
}

/**
 * Reads the frontmatter of `text` (BOM already removed).
 *
 * @param text the whole file
 * @param index a line index over the same text
 */
export function readFrontmatter(text: string, index: LineIndex): FrontmatterBlock {
  const block: FrontmatterBlock = {
    present: false,
    language: '',
    data: undefined,
    openingPlace: linePlace(index, 1),
    endOffset: 0,
    fields: {},
    problems: [],
  };
  const opening = openingFence.exec(text);
  // `----` or `--- text` is a thematic break or prose, not a frontmatter fence.
  if (!opening || /^-/.test(opening[1] ?? '')) return block;
  block.present = true;
  const rawLanguage = opening[1] ?? '';
  block.language = rawLanguage.trim().toLowerCase();
  const bodyStart = opening[0].length;
  const rest = text.slice(bodyStart);
  const closing = closingFence.exec(rest);
  if (!closing) {
    block.problems.push({ code: 'unclosed', place: block.openingPlace });
    block.endOffset = opening[0].length;
    return block;
  }
  const closingEnd = bodyStart + closing.index + closing[0].length;
  block.endOffset = text.charAt(closingEnd) === '\n' ? closingEnd + 1 : closingEnd;

  if (!yamlLanguages.has(block.language)) {
    block.problems.push({ code: 'language', language: rawLanguage.trim(), place: block.openingPlace });
    return block;
  }

  // The YAML is the lines between the fences; its offsets are the file's from `contentOffset` on.
  const contentOffset = bodyStart;
  const source = text.slice(bodyStart, bodyStart + closing.index);
  if (onlyCommentsOrBlanks(source)) {
    block.data = {};
    return block;
  }
  // Most blocks are plain `key: value` lines: read without building a YAML document, to the same values and places.
  const simple = readSimpleYaml(source, index, contentOffset);
  if (simple) {
    rememberParsedYaml(block, verbatimYaml);
    block.data = simple.data;
    block.fields = simple.fields;
    return block;
  }
  const document = parseDocument(source, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
  rememberParsedYaml(block, { document, offset: contentOffset });
  for (const error of document.errors) {
    const [start, end] = error.pos;
    block.problems.push({
      code: 'yaml-syntax',
      reason: firstLine(error.message),
      place: index.placeAt(contentOffset + start, contentOffset + Math.max(end, start + 1)),
    });
  }
  if (document.errors.length > 0) return block;
  try {
    block.data = document.toJS({ maxAliasCount });
  } catch (error) {
    block.problems.push({ code: 'yaml-aliases', reason: firstLine((error as Error).message), limit: maxAliasCount, place: block.openingPlace });
    return block;
  }
  block.fields = yamlFieldPlaces(document, index, contentOffset);
  return block;
}

/**
 * Whether a block holds only comments and blank lines (an empty mapping). Line by
 * line: a pattern such as `^\s*#` tried at every line start of a block of blank
 * lines grows with the square of its length (1.5 s for 64 KiB).
 */
function onlyCommentsOrBlanks(source: string): boolean {
  for (const line of source.split('\n')) {
    const content = line.trimStart();
    if (content !== '' && !content.startsWith('#')) return false;
  }
  return true;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/\s+at line \d+, column \d+:?$/, '') ?? message;
}

function nodePlace(node: YamlNode, index: LineIndex, offset: number): Place | undefined {
  if (!node.range) return undefined;
  return index.placeAt(offset + node.range[0], offset + node.range[1]);
}

/**
 * Where every key and value of a parsed YAML document is, by dotted path
 * (`github.url`, `rules.watch-expiry.windowDays`): the configuration's messages
 * point at its settings with it, as the frontmatter's do at fields.
 *
 * @param document the parsed YAML
 * @param index a line index over the text it was parsed from
 * @param offset where the YAML starts in that text
 */
export function yamlFieldPlaces(document: Document, index: LineIndex, offset = 0): Record<string, FieldPlace> {
  const places: Record<string, FieldPlace> = {};
  collectPlaces(document.contents as YamlNode | null, [], places, index, offset);
  return places;
}

/** Records where every key and value of the YAML tree is, by dotted path. */
function collectPlaces(node: YamlNode | null, path: (string | number)[], places: Record<string, FieldPlace>, index: LineIndex, offset: number): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      const keyName = isScalar(key) ? String(key.value) : undefined;
      if (keyName === undefined) continue;
      const keyPlace = key ? nodePlace(key, index, offset) : undefined;
      const value = pair.value as YamlNode | null;
      const valuePlace = (value && nodePlace(value, index, offset)) ?? keyPlace;
      if (valuePlace) places[[...path, keyName].join('.')] = { key: keyPlace, value: valuePlace };
      collectPlaces(value, [...path, keyName], places, index, offset);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, position) => {
      const place = nodePlace(item as YamlNode, index, offset);
      if (place) places[[...path, position].join('.')] = { value: place };
      collectPlaces(item as YamlNode, [...path, position], places, index, offset);
    });
  }
}

/**
 * Where item `position` of a list field is, such as `repeat_of.0`. A list field also
 * accepts a single value (`repeat_of: some-id`), stored at the field's own path, so
 * that value's place stands for its one item; the opening `---` is the last resort.
 *
 * @param block the report's frontmatter block
 * @param field the top-level list field, e.g. `repeat_of`
 * @param position the item's index in the (possibly wrapped) list
 */
export function listItemPlace(block: FrontmatterBlock, field: string, position: number): Place {
  return block.fields[`${field}.${position}`]?.value ?? (position === 0 ? block.fields[field]?.value : undefined) ?? block.openingPlace;
}

/**
 * Replaces every character of the frontmatter with a space, keeping line breaks, so
 * that the Markdown parser sees the body at its real lines and columns.
 */
export function blankFrontmatter(text: string, endOffset: number): string {
  if (endOffset === 0) return text;
  return text.slice(0, endOffset).replace(/[^\r\n]/g, ' ') + text.slice(endOffset);
}
