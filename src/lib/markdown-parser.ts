/**
 * The Markdown parser: CommonMark with GitHub's extensions (tables, task lists,
 * strikethrough, footnotes, autolinked addresses), read into an mdast tree whose
 * positions are the text's own (line, column and offset of every node).
 *
 * It is satteri, the native parser Astro 7 renders Markdown with, rather than
 * remark's micromark: the trees are the same mdast (every real report of the
 * shared corpus reads the same, position for position:
 * test/corpus/markdown-parser-corpus.test.ts), and it parses a report about fifty
 * times faster, which was most of what a cold `check` spent. Where the two differ
 * (the ends of block quotes and lists with lazy continuation lines, in generated
 * shapes no report has), satteri's reading is also what Astro renders elsewhere.
 * Its own costs grow faster than linearly within one long paragraph, which the
 * limits bound (limits.ts: `paragraphCharacters`, `paragraphCharacterReferences`).
 */
import type { Root } from 'mdast';
import { markdownToMdast, type Features } from 'satteri';

/**
 * GitHub-flavoured Markdown and nothing else: the frontmatter is read (and
 * blanked) by frontmatter.ts, and no extension a report on GitHub would show as
 * plain text (math, smart quotes, wikilinks…) is turned on.
 */
const features: Features = {
  gfm: true,
  frontmatter: false,
  math: false,
  headingAttributes: false,
  directive: false,
  superscript: false,
  subscript: false,
  wikilinks: false,
  definitionList: false,
  smartPunctuation: false,
  rawHtml: false,
};

/**
 * Parses Markdown text into an mdast tree of plain objects (safe to cache as
 * JSON and to send between threads).
 *
 * A NUL character is read as U+FFFD, as CommonMark says and browsers do (one
 * character for one, so positions are unchanged).
 */
export function parseMarkdown(text: string): Root {
  const source = text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
  return markdownToMdast(source, { features, position: true }) as Root;
}
