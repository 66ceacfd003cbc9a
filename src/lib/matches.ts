/**
 * Every match of a global pattern in a text, without the copy of the pattern
 * that `String.prototype.matchAll` makes.
 *
 * `matchAll` builds a new RegExp from the pattern on every call (so that its
 * iterator owns a `lastIndex`). For a large pattern that copy costs far more than
 * the search: the time zone statement pattern (zones.ts, about 3 KB of source)
 * took about 4 µs per call on a six-character table header that holds no zone,
 * against well under 0.1 µs for the search itself, and the checks call such
 * patterns on a few lines of every report. A pattern kept in a module and
 * searched with again and again goes through `allMatches`; a literal written at
 * its one search may as well use `matchAll`.
 */

/**
 * The matches of `pattern` in `text`, in order, as `[...text.matchAll(pattern)]`
 * gives them (an empty match moves on by one character, or by one code point
 * under the `u` or `v` flag). The pattern's `lastIndex` is used and left at 0,
 * so a shared pattern is ready for its next caller; every match is collected
 * before any is returned, so a caller may use the same pattern while it reads
 * them.
 *
 * @param pattern a pattern with the `g` flag (as `matchAll` requires)
 * @throws TypeError for a pattern without the `g` flag, as `matchAll` does
 */
export function allMatches(text: string, pattern: RegExp): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`allMatches needs a global pattern, got /${pattern.source}/${pattern.flags}`);
  const unicode = pattern.unicode || pattern.flags.includes('v');
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  try {
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      found.push(match);
      if (match[0] === '') pattern.lastIndex = advance(text, pattern.lastIndex, unicode);
    }
  } finally {
    pattern.lastIndex = 0;
  }
  return found;
}

/** The index after `index`: one code unit on, or past a whole surrogate pair when the pattern reads code points. */
function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const first = text.charCodeAt(index);
  const second = text.charCodeAt(index + 1);
  return first >= 0xd800 && first <= 0xdbff && second >= 0xdc00 && second <= 0xdfff ? index + 2 : index + 1;
}
