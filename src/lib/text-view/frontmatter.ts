/**
 * The frontmatter's values as YAML reads them: escapes in double-quoted scalars
 * (`"ghp\u005F…"`) resolved, each value placed back in the file.
 */
import { parseDocument, visit, type Scalar } from 'yaml';
import { closingFence, openingFence, parsedYaml, verbatimYaml, type ParsedYaml } from '../frontmatter-yaml.ts';
import { TextViewBuilder, type TextView } from './mapping.ts';
import { fromCodePoint, isInvisible } from './spellings.ts';

/** The YAML escapes of a double-quoted scalar that stand for one character. */
const yamlEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const yamlHexEscape = /\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/y;

/** A double-quoted scalar's escape at `at`: what it stands for (`''` for an escaped line break) and where it ends. */
function yamlEscape(source: string, at: number): { value: string; end: number } {
  const next = source.charAt(at + 1);
  if (next === '\n' || next === '\r') return { value: '', end: at + (source.startsWith('\r\n', at + 1) ? 3 : 2) };
  const simple = yamlEscapes[next];
  if (simple !== undefined) return { value: simple, end: at + 2 };
  yamlHexEscape.lastIndex = at;
  const hex = yamlHexEscape.exec(source);
  if (hex) return { value: fromCodePoint(hex[1] ?? hex[2] ?? hex[3] ?? '', 16), end: at + hex[0].length };
  return { value: next, end: at + 2 };
}

/**
 * A string scalar's value traced back to its source: the parsed value is walked
 * against the source, matching escapes (`\x5F`, `\u005F`), doubled quotes and
 * folded line breaks; indentation and escaped line breaks are skipped. A value
 * the walk cannot follow maps its rest to the scalar's end.
 */
function scalarView(node: Scalar, value: string, source: string, offset: number): TextView | undefined {
  const range = node.range;
  if (!range) return undefined;
  let position = offset + range[0];
  let stop = offset + range[1];
  const double = node.type === 'QUOTE_DOUBLE';
  const single = node.type === 'QUOTE_SINGLE';
  if (double || single) {
    position += 1;
    if (stop > position && source.charAt(stop - 1) === (double ? '"' : "'")) stop -= 1;
  } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const header = source.indexOf('\n', position);
    position = header === -1 || header >= stop ? stop : header + 1;
  }
  // A value spelled as it is written is already read by the views of the whole file.
  if (source.slice(position, stop) === value) return undefined;
  const builder = new TextViewBuilder();
  let index = 0;
  while (index < value.length) {
    const wanted = value.charAt(index);
    let matched = false;
    while (position < stop && !matched) {
      const character = source.charAt(position);
      if (double && character === '\\') {
        const escape = yamlEscape(source, position);
        if (escape.value !== '' && value.startsWith(escape.value, index)) {
          // An escape for an invisible character (`\u200B`, `\u00AD`) hides nothing from a reader: the view
          // drops it, as the views of the body drop the character itself.
          builder.replace(isInvisible(escape.value) ? '' : escape.value, position, escape.end);
          index += escape.value.length;
          matched = true;
        }
        position = escape.end;
      } else if (single && character === "'" && source.charAt(position + 1) === "'" && wanted === "'") {
        builder.replace("'", position, position + 2);
        position += 2;
        index += 1;
        matched = true;
      } else if (character === wanted) {
        builder.copy(source, position, position + 1);
        position += 1;
        index += 1;
        matched = true;
      } else if ((wanted === ' ' || wanted === '\n') && (character === '\n' || character === '\r')) {
        // A folded line break: the value has a space or a line feed where the source breaks the line.
        builder.replace(wanted, position, position + 1);
        position += 1;
        index += 1;
        matched = true;
      } else {
        // Indentation, trailing spaces or the `\r` of a CRLF: part of the layout, not of the value.
        position += 1;
      }
    }
    if (!matched) {
      builder.replace(value.slice(index), Math.max(offset + range[0], stop - 1), stop);
      break;
    }
  }
  return builder.build();
}

/**
 * Views of the frontmatter's string values (keys and values, nested at any
 * depth) as YAML reads them, for the values whose spelling differs from their
 * source: double-quoted escapes (`"ghp\x5F…"`), escaped line breaks that join
 * two lines into one value, doubled single quotes, folded block scalars. Each
 * view maps to the file. Aliases are not followed.
 *
 * @param source the file's text
 * @param block the report's frontmatter block (where it ends: just past its closing
 *   line, 0 for none); when the parse that read it just happened on this thread,
 *   its YAML document is reused rather than parsed again
 */
export function frontmatterViews(source: string, block: { endOffset: number }): TextView[] {
  const remembered = parsedYaml(block);
  // Read by the plain-YAML reader: every value is spelled as it is read, and the views of the whole file read them.
  if (remembered === verbatimYaml) return [];
  const parsed = remembered ?? parseBlock(source, block.endOffset);
  if (!parsed) return [];
  const views: TextView[] = [];
  visit(parsed.document, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const view = scalarView(node, node.value, source, parsed.offset);
      if (view) views.push(view);
    },
  });
  return views;
}

/** The YAML between the fences, parsed (duplicate keys allowed: every value is read), and where it starts in the file. */
function parseBlock(source: string, endOffset: number): ParsedYaml | undefined {
  if (endOffset === 0) return undefined;
  const opening = openingFence.exec(source);
  if (!opening) return undefined;
  const start = opening[0].length;
  const closing = closingFence.exec(source.slice(start, endOffset));
  if (!closing) return undefined;
  const yaml = source.slice(start, start + closing.index);
  return { document: parseDocument(yaml, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false }), offset: start };
}
