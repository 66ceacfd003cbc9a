/**
 * The text as a reader gets it from its spelling: Markdown escapes, HTML
 * character references and percent-encoded characters resolved, invisible
 * characters removed (`ghp\_…`, `ghp&#95;…`, a zero width space in a token).
 */
import { identityView, TextViewBuilder, type TextView } from './mapping.ts';

/**
 * The HTML named character references that stand for an ASCII character or an
 * invisible one: the only ones that can spell part of a credential. (The HTML
 * list of named references is fixed for good; a test checks this table against
 * it.) Others (`&eacute;`) are left as written, which cannot join a token either.
 */
export const namedReferences: Readonly<Record<string, string>> = {
  AMP: '&',
  amp: '&',
  GT: '>',
  gt: '>',
  LT: '<',
  lt: '<',
  QUOT: '"',
  quot: '"',
  apos: "'",
  ast: '*',
  midast: '*',
  bsol: '\\',
  colon: ':',
  comma: ',',
  commat: '@',
  dollar: '$',
  equals: '=',
  excl: '!',
  DiacriticalGrave: '`',
  grave: '`',
  Hat: '^',
  lbrace: '{',
  lcub: '{',
  rbrace: '}',
  rcub: '}',
  lbrack: '[',
  lsqb: '[',
  rbrack: ']',
  rsqb: ']',
  lpar: '(',
  rpar: ')',
  lowbar: '_',
  UnderBar: '_',
  num: '#',
  percnt: '%',
  period: '.',
  plus: '+',
  quest: '?',
  semi: ';',
  sol: '/',
  verbar: '|',
  vert: '|',
  VerticalLine: '|',
  shy: '\u00ad',
  ZeroWidthSpace: '\u200b',
  NegativeVeryThinSpace: '\u200b',
  NegativeThinSpace: '\u200b',
  NegativeMediumSpace: '\u200b',
  NegativeThickSpace: '\u200b',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  NoBreak: '\u2060',
  ApplyFunction: '\u2061',
  af: '\u2061',
  InvisibleTimes: '\u2062',
  it: '\u2062',
  InvisibleComma: '\u2063',
  ic: '\u2063',
};

/**
 * Characters that render as nothing: format controls (zero width space and
 * joiners, word joiner, byte order mark, bidirectional controls, soft hyphen)
 * and every other default-ignorable code point (variation selectors, tags,
 * Hangul fillers). Inside a token they hide it from a scan of the file; on the
 * page (and in a copy) the token reads whole.
 */
const invisible = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;

/** Whether a character is invisible (a format or default-ignorable character): it can hide inside a credential. */
export function isInvisible(character: string): boolean {
  return invisible.test(character);
}

/** Where a spelling may start: a backslash, an ampersand, a percent sign or an invisible character. */
const spellingStart = /[\\&%\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

const numericReference = /&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?/y;

const namedReference = /&([A-Za-z][A-Za-z0-9]{1,31});/y;

/** A URL's unreserved characters: percent-encoding one of them (`%5F`) does not change what the URL means. */
const unreserved = /^[A-Za-z0-9._~-]$/;

/** Whether a UTF-16 code unit is a hexadecimal digit. */
function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * A hexadecimal digit at `at` in `piece`, written as itself or, when references
 * are read, as a numeric character reference (`&#54;` is `6`): the digit and
 * where its spelling ends.
 */
function hexDigitAt(piece: string, at: number, references: boolean): { digit: string; end: number } | undefined {
  const code = piece.charCodeAt(at);
  if (isHexDigit(code)) return { digit: piece.charAt(at), end: at + 1 };
  if (!references || code !== 0x26) return undefined;
  numericReference.lastIndex = at;
  const numeric = numericReference.exec(piece);
  if (!numeric) return undefined;
  const decoded = fromCodePoint(numeric[1] ?? numeric[2] ?? '', numeric[1] === undefined ? 10 : 16);
  return isHexDigit(decoded.charCodeAt(0)) ? { digit: decoded, end: at + numeric[0].length } : undefined;
}

/**
 * The percent escape whose `%` ends at `after` in `piece`: the unreserved
 * character it stands for and where its spelling ends. The `%` and the digits
 * may be written as character references (`&#37;67`, `%&#54;7`): in an
 * attribute or a Markdown link destination the references are read first, then
 * the address is percent-decoded (by the browser's status bar, a copy, the
 * server), so `&#37;67hp&#95;…` is a `ghp_…` token. Only unreserved characters:
 * `%2F` or `%40` would change what the URL means, `%5F` does not.
 */
function percentEscapeAfter(piece: string, after: number, references: boolean): { value: string; end: number } | undefined {
  const high = hexDigitAt(piece, after, references);
  const low = high && hexDigitAt(piece, high.end, references);
  if (!high || !low) return undefined;
  const decoded = String.fromCharCode(Number.parseInt(high.digit + low.digit, 16));
  return unreserved.test(decoded) ? { value: decoded, end: low.end } : undefined;
}

/** Whether a UTF-16 code unit is ASCII punctuation, which a Markdown backslash escapes. */
function isAsciiPunctuation(code: number): boolean {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

/** The character a numeric reference stands for, as HTML reads it (out of range or a surrogate: U+FFFD). */
export function fromCodePoint(digits: string, radix: number): string {
  // Leading zeros are allowed (`&#0000095;` is `_`); past eight significant digits it is out of range anyway.
  const significant = digits.replace(/^0+/, '');
  const value = significant.length > 8 ? Number.NaN : Number.parseInt(significant || '0', radix);
  if (!Number.isFinite(value) || value === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(value);
}

/** Which spellings a view resolves. */
export interface SpellingOptions {
  /** Markdown backslash escapes (`\_`); not in code or raw HTML, where a backslash is a backslash. Default true. */
  escapes?: boolean;
  /** HTML character references (`&lowbar;`, `&#95;`, `&#x5F;`); not in code. Default true. */
  references?: boolean;
  /** Percent-encoded unreserved URL characters (`%5F`), which mean the same as the character itself. Default true. */
  percent?: boolean;
}

/**
 * Appends `source.slice(from, to)` to `builder` with its spellings resolved:
 * Markdown backslash escapes, HTML character references (named, decimal and
 * hexadecimal, with or without the closing `;` as HTML reads numeric ones),
 * percent-encoded unreserved characters, and invisible characters removed.
 * A percent escape may itself be spelled with references (`&#37;67`,
 * `%&#54;7`): references are read first, then the escape, as a browser reads a
 * link's address (a Markdown-escaped `\%` is a `%` too). One pass; a
 * reference is decoded once (`&amp;#95;` is `&#95;`, as rendered).
 */
export function appendResolved(builder: TextViewBuilder, source: string, from: number, to: number, options: SpellingOptions = {}): void {
  const { escapes = true, references = true, percent = true } = options;
  // Searching a piece of its own keeps a search for the next spelling from running on past `to`: linear in pieces.
  const piece = from === 0 && to === source.length ? source : source.slice(from, to);
  let copied = 0;
  spellingStart.lastIndex = 0;
  for (let match = spellingStart.exec(piece); match; match = spellingStart.exec(piece)) {
    const at = match.index;
    const character = match[0];
    let value: string | undefined;
    let end = at + character.length;
    if (character === '\\') {
      if (!escapes || !isAsciiPunctuation(piece.charCodeAt(at + 1))) continue;
      // An escaped `%` is a `%` all the same: in a link destination, `\%67` is `%67`, which the URL reads as `g`.
      const escape = percent && piece.charCodeAt(at + 1) === 0x25 ? percentEscapeAfter(piece, at + 2, references) : undefined;
      // Only the backslash goes: the character it escapes stays in the next run, placed at its own offset.
      builder.copy(piece, copied, at, from);
      builder.replace('', from + at, from + at + 1);
      if (escape) builder.replace(escape.value, from + at + 1, from + escape.end);
      copied = escape ? escape.end : at + 1;
      spellingStart.lastIndex = escape ? escape.end : at + 2;
      continue;
    } else if (character === '&') {
      if (!references) continue;
      numericReference.lastIndex = at;
      const numeric = numericReference.exec(piece);
      namedReference.lastIndex = at;
      const named = numeric ? undefined : namedReference.exec(piece);
      const decoded = numeric
        ? fromCodePoint(numeric[1] ?? numeric[2] ?? '', numeric[1] === undefined ? 10 : 16)
        : named && Object.hasOwn(namedReferences, named[1] ?? '')
          ? namedReferences[named[1] ?? '']
          : undefined;
      const reference = numeric ?? named;
      if (decoded === undefined || !reference) continue;
      end = at + reference[0].length;
      value = invisible.test(decoded) ? '' : decoded;
      // `&#37;67` is `%67` once references are read, and a URL reads that as `g`: both decodings, in that order.
      const escape = decoded === '%' && percent ? percentEscapeAfter(piece, end, references) : undefined;
      if (escape) ({ value, end } = escape);
    } else if (character === '%') {
      if (!percent) continue;
      const escape = percentEscapeAfter(piece, at + 1, references);
      if (!escape) continue;
      ({ value, end } = escape);
    } else {
      value = '';
    }
    builder.copy(piece, copied, at, from);
    builder.replace(value, from + at, from + end);
    copied = end;
    spellingStart.lastIndex = end;
  }
  builder.copy(piece, copied, piece.length, from);
}

/**
 * The text as a reader sees it, wherever it stands in the file: spellings
 * resolved as `appendResolved` does (escapes, character references, percent
 * encoding, invisible characters). The same view for a text with none of them
 * is the text itself.
 */
export function resolvedView(text: string, options: SpellingOptions = {}): TextView {
  spellingStart.lastIndex = 0;
  if (!spellingStart.test(text)) return identityView(text);
  const builder = new TextViewBuilder();
  appendResolved(builder, text, 0, text.length, options);
  return builder.build();
}
