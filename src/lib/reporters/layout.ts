/**
 * Text laid out for a terminal of a given width: how many columns a string
 * takes, and word wrapping that breaks only at spaces, so a long path or URL
 * overflows the width rather than break (a terminal still makes it a link, and
 * it can be copied whole).
 */

/** East Asian wide and fullwidth characters, and emoji: two columns each. */
const wide =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
/** Combining marks and zero-width characters take no column of their own. */
// eslint-disable-next-line no-misleading-character-class -- each character is counted alone on purpose: a variation selector takes no column
const zeroWidth = /[\p{Mn}\p{Me}\u200b-\u200f\ufe0f]/u;

/** The columns `text` takes in a terminal (it holds no escape sequences). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += zeroWidth.test(character) ? 0 : wide.test(character) ? 2 : 1;
  return width;
}

/**
 * Splits `text` into lines of at most `first` columns for the first line and
 * `rest` for the others, at spaces. A word longer than a line gets a line of its
 * own and is not broken. Runs of spaces fold into one.
 */
export function wrapWords(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const width = displayWidth(word);
    const room = lines.length === 0 ? first : rest;
    if (line !== '' && used + 1 + width > room) {
      lines.push(line);
      line = word;
      used = width;
    } else {
      line = line === '' ? word : `${line} ${word}`;
      used += (used === 0 ? 0 : 1) + width;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
