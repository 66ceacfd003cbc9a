/**
 * What the frontmatter reader (frontmatter.ts) and the credential check's views
 * of the block's values (text-view/frontmatter.ts) share: the fences that delimit
 * the block, and the YAML document behind the block this thread read last (or
 * that the plain-YAML reader read it, and every value is spelled as written), so
 * that the views, made right after the parse, need not parse the YAML a second
 * time. One block only, and never part of the block, which stays plain data for
 * the cache and the threads: a block read earlier, or from the cache, gets
 * `undefined`, and its reader parses the YAML itself.
 *
 * A module of its own, importing nothing of the core, so that both can use it
 * without an import cycle.
 */
import type { Document } from 'yaml';

/** The opening fence: `---` on the first line, then an optional language tag (captured). */
export const openingFence = /^---([^\r\n]*)\r?\n/;

/** The closing fence: the first line that is `---` or `...`, then only spaces. */
export const closingFence = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/** A parsed block's YAML, and the offset in the file where the text it was parsed from starts. */
export interface ParsedYaml {
  document: Document;
  offset: number;
}

/**
 * A block the plain-YAML reader read (frontmatter-simple.ts): it has no YAML
 * document, and needs none, since every value in it is spelled as it is read.
 */
export const verbatimYaml = 'verbatim';

let last: { block: object; parsed: ParsedYaml | typeof verbatimYaml } | undefined;

/** Records the YAML document `readFrontmatter` parsed for `block` (the object it returns), or that the block is verbatim. */
export function rememberParsedYaml(block: object, parsed: ParsedYaml | typeof verbatimYaml): void {
  last = { block, parsed };
}

/** The YAML document behind `block` (or `verbatimYaml`), when it is the block this thread read last. */
export function parsedYaml(block: object): ParsedYaml | typeof verbatimYaml | undefined {
  return last?.block === block ? last.parsed : undefined;
}
