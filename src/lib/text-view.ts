/**
 * Views of a report's text as a reader sees it, each character traced back to
 * the file.
 *
 * A credential can be written so that the file does not contain it but the
 * rendered page does: `ghp\_…` (a Markdown escape, as Google Docs and Notion
 * exports write underscores), `ghp&#95;…` (an HTML character reference), a zero
 * width space inside the token, or markup between its halves (`ghp_<!-- -->…`,
 * `ghp_**…**`). A view resolves those spellings into the characters a reader (or
 * a copy and paste, or the search index) gets, and keeps, for every character,
 * the span of the file that produced it, so a finding in the view is reported at
 * its place in the file.
 *
 * Views are built in one pass, linear in the size of the text: the mapping is a
 * list of segments (a run copied as is, or a few characters that stand for a
 * longer spelling), looked up by binary search only for the few offsets a
 * finding needs.
 */
// The parts: `text-view/mapping.ts` (the way back to the file), `spellings.ts` (escapes and
// references), `rendered.ts` (the page's text), `frontmatter.ts` (YAML values). This module
// keeps the public API in one place.
export { composeViews, editedLines, identityView, TextViewBuilder, type TextView } from './text-view/mapping.ts';
export { appendResolved, namedReferences, resolvedView, type SpellingOptions } from './text-view/spellings.ts';
export { appendHtmlText, renderedView } from './text-view/rendered.ts';
export { frontmatterViews } from './text-view/frontmatter.ts';
