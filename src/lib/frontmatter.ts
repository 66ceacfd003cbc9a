/**
 * Splits a report into frontmatter and body, safely.
 *
 * gray-matter does the split, always with options (without them it caches and
 * shares `data` objects between calls) and with the `yaml` package as its only
 * engine: YAML 1.2 core schema, so dates stay strings and nothing is evaluated.
 * Any other language tag (`---js`, `---javascript`, `---coffee`, …) is refused
 * before gray-matter sees it, and its code engines are replaced by ones that
 * throw, in case a future tag slips past the first guard.
 *
 * What is wrong with the block is data (`FrontmatterProblem`: a code, what was
 * found, a place); `frontmatter-problems.ts` words it.
 */
import matter from 'gray-matter';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { rememberParsedYaml } from './frontmatter-yaml.ts';
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
  /** gray-matter could not split the block; `reason` is its error. */
  | { code: 'unreadable'; reason: string; place: Place }
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

/** What the code engines throw: the language they refused, reported as a `language` problem. */
class RefusedLanguage extends Error {
  readonly language: string;
  constructor(language: string) {
    super(language);
    this.language = language;
  }
}

const refuse = (language: string) => () => {
  throw new RefusedLanguage(language);
};

const openingLine = /^---([^\r\n]*)\r?\n/;
const closingLine = /^(?:---|\.\.\.)[ \t]*\r?$/m;

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
  const opening = openingLine.exec(text);
  // `----` or `--- text` is a thematic break or prose, not a frontmatter fence.
  if (!opening || /^-/.test(opening[1] ?? '')) return block;
  block.present = true;
  const rawLanguage = opening[1] ?? '';
  block.language = rawLanguage.trim().toLowerCase();
  const bodyStart = opening[0].length;
  const rest = text.slice(bodyStart);
  const closing = closingLine.exec(rest);
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

  let document: Document | undefined;
  const parseYaml = (source: string) => {
    // With CRLF endings the block ends in a lone `\r` (gray-matter splits on `\n---`), which YAML rejects.
    document = parseDocument(source.replace(/\r$/, ''), { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
    return {};
  };
  // gray-matter only understands `---` fences, so a `...` closing line is handled by us alone.
  const usesDotsFence = closing[0].startsWith('...');
  const matterSource = usesDotsFence ? text.slice(0, bodyStart + closing.index) + '---' + text.slice(bodyStart + closing.index + 3) : text;
  let rawMatter: string;
  try {
    const file = matter(matterSource, {
      language: 'yaml',
      excerpt: false,
      engines: {
        yaml: { parse: parseYaml },
        yml: { parse: parseYaml },
        js: { parse: refuse('js') },
        javascript: { parse: refuse('javascript') },
        coffee: { parse: refuse('coffee') },
        coffeescript: { parse: refuse('coffeescript') },
        cson: { parse: refuse('cson') },
        json: { parse: refuse('json') },
      },
    } as unknown as Parameters<typeof matter>[1]);
    rawMatter = file.matter;
  } catch (error) {
    block.problems.push(
      error instanceof RefusedLanguage
        ? { code: 'language', language: error.language, place: block.openingPlace }
        : { code: 'unreadable', reason: String((error as Error)?.message ?? error), place: block.openingPlace },
    );
    return block;
  }
  // gray-matter's block starts somewhere on the opening line (after the tag, or right after `---` when the
  // tag is only spaces) and runs through the newline that ends it: line that newline up with the file's.
  const openingNewline = rawMatter.indexOf('\n');
  const contentOffset = openingNewline === -1 ? 3 + rawLanguage.length : bodyStart - 1 - openingNewline;
  if (document === undefined) {
    // Only comments or blank lines: an empty mapping.
    block.data = {};
    return block;
  }
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
  if (rawMatter.length === 0) block.data = {};
  return block;
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
