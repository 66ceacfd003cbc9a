/**
 * The limits of a report, shared by the check and the site: what `check` accepts,
 * the build renders.
 *
 * The parser measures a report against these limits before parsing its Markdown
 * (markdown-budget.ts: a linear scan of the source) and after (tree-limits.ts, a
 * walk of the tree); a report over one gets a `file` error, its tree is dropped
 * and only its frontmatter and credentials are checked. The site's loader stores
 * only reports within the limits, and its renderer refuses any tree over them
 * before it starts (`assertWithinLimits`): its hast and HTML utilities recurse, so
 * a deep enough tree would overflow the stack. A report's file name is limited
 * too, as its id is its page's address (report-id.ts).
 *
 * The budget is counts, not a clock: a time limit would let the same report pass
 * on a fast machine and fail on a busy CI runner. Each count bounds a cost that was
 * measured. Most were set for micromark, the parser Hindsight used first, which is
 * superlinear in emphasis markers, brackets, backtick runs and lines of one
 * paragraph, and in list markers on one line; they still bound the tree the rules
 * and the renderer walk. The parser now (markdown-parser.ts) is superlinear within
 * one paragraph instead: in its length times its inline elements when it holds
 * non-ASCII text, and in its character references (`&amp;`), in time and memory.
 * The counts keep the worst report within them to about a second of parsing
 * (test/hardening/limits.test.ts, test/fuzz/linear.test.ts).
 * The largest real postmortem we know is 24 KB and 383 lines, so every limit is
 * far above what a report needs.
 */
import { formatCount, type Place } from './text.ts';

/** The limits, each with what it bounds. */
export const limits = {
  /** Characters of the frontmatter block: the YAML parser takes seconds and gigabytes for a few megabytes. */
  frontmatterCharacters: 64 * 1024,
  /** Characters of the Markdown body, code blocks included. */
  bodyCharacters: 1024 * 1024,
  /** Lines of the body, code blocks included (each costs micromark a few tokens). */
  bodyLines: 20_000,
  /** Characters of Markdown outside code blocks. */
  markdownCharacters: 256 * 1024,
  /**
   * Lines of Markdown outside code blocks, each counted `1 + depth / 8` for a line
   * nested `depth` levels (micromark re-checks every open container on every line).
   */
  markdownLines: 5_000,
  /** Lines of one paragraph (or table) without a blank line: micromark merges their text in quadratic time. */
  paragraphLines: 2_000,
  /**
   * Characters of one paragraph (a heading, a table row): the parser's cost grows
   * with a paragraph's length times its inline elements. The longest paragraph of
   * the real reports we know is about 1,100 characters.
   */
  paragraphCharacters: 16 * 1024,
  /** Character references (`&amp;`, `&#35;`) in one paragraph: the parser copies the text around each one, in quadratic time and memory. */
  paragraphCharacterReferences: 500,
  /** Emphasis markers (`*`, `_`, `~`) in one paragraph: resolving emphasis is quadratic in them. */
  paragraphEmphasis: 1_000,
  /** Emphasis markers in the whole body. */
  emphasis: 10_000,
  /** Brackets (`[`, `]`) in one paragraph: resolving links is quadratic in them. */
  paragraphBrackets: 500,
  /** Brackets in the whole body. */
  brackets: 10_000,
  /** Runs of backticks in one paragraph: each unmatched run scans the rest of the paragraph. */
  paragraphBacktickRuns: 200,
  /** Lists and block quotes that start: micromark's cost grows with their number times the whole body. */
  containers: 1_000,
  /** Footnote marks (`[^`), references and definitions. */
  footnotes: 1_000,
  /** Link and footnote definitions (`[label]: …`). */
  definitions: 1_000,
  /** Table cell separators (`|`) outside code blocks. */
  tableCells: 10_000,
  /** Raw HTML tags outside code blocks. */
  htmlTags: 10_000,
  /** Levels of Markdown nesting: lists, block quotes, footnotes, emphasis and links inside each other. */
  nesting: 64,
  /** Levels of raw HTML elements inside each other. */
  htmlNesting: 64,
  /** Markdown nodes and HTML elements (an upper bound of what the page's HTML holds). */
  elements: 50_000,
} as const;

/** A limit a report exceeds: what is over, and where. */
export interface LimitProblem {
  /** "Unexpected X, expected Y", saying what the limit is. */
  message: string;
  /** Where the limit was crossed. */
  place: Place;
}

/**
 * The rules that still run on a report over a limit: its text and frontmatter
 * are read in full (a credential in a huge paste must still stop it), its
 * Markdown is not, so the rules that read the body would only report what is
 * missing from an empty one.
 */
export const partialCheckRules: ReadonlySet<string> = new Set(['file', 'frontmatter', 'secret', 'reference']);

/** What the check did with a report over a limit, appended to each limit's message. */
export const partialCheckNote = 'only its frontmatter and credentials were checked';

/** `5.8 MiB`, `64 KiB`: a size as messages write it. */
export function formatSize(characters: number): string {
  if (characters >= 1024 * 1024) return `${trimZero((characters / 1024 / 1024).toFixed(1))} MiB`;
  if (characters >= 1024) return `${trimZero((characters / 1024).toFixed(1))} KiB`;
  return `${formatCount(characters)} characters`;
}

/**
 * A size over a limit and the limit, as messages write them: rounded, unless the
 * rounding would make them read the same (`1 MiB, expected at most 1 MiB`).
 */
export function formatSizes(size: number, limit: number): [string, string] {
  const [written, most] = [formatSize(size), formatSize(limit)];
  return written === most ? [`${formatCount(size)} characters`, `${formatCount(limit)}`] : [written, most];
}

/** `1.0` → `1`: sizes are written without a zero decimal. */
function trimZero(value: string): string {
  return value.endsWith('.0') ? value.slice(0, -2) : value;
}
