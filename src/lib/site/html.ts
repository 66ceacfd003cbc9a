/**
 * Escaping for the HTML the site writes as strings rather than through Astro's
 * templates: the search documents (search-document.ts) and the rows of long
 * lists (action-table-html.ts), which are built once and reused by every page
 * that shows them. It escapes as Astro's templates do, so a row reads the same
 * whichever of the two wrote it.
 */

/** What text content must not hold as itself: markup, entities and quotes. */
const textSpecial = /[&<>"']/g;

/** What a double-quoted attribute value must not hold as itself. */
const attributeSpecial = /[&"]/g;

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` escaped for an element's content (and safe in a double-quoted attribute value too). */
export function escapeHtml(text: string): string {
  return text.replace(textSpecial, (character) => entities[character]!);
}

/**
 * An attribute as Astro's templates write it: nothing for `undefined`, the bare
 * name for an empty string, else ` name="value"` with `&` and `"` escaped.
 */
export function attribute(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (value === '') return ` ${name}`;
  return ` ${name}="${value.replace(attributeSpecial, (character) => entities[character]!)}"`;
}
