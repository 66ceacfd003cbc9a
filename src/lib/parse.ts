/**
 * The one parser: the CLI and the site both turn a file into a `ParsedReport` here.
 *
 * `parseReport` is a pure function of (path, bytes, config) returning plain data
 * (no class instances, no functions), so a content-hash cache or a worker thread
 * can wrap it without changing it.
 */
import type { Root } from 'mdast';
import { findActionItems, type ActionItem } from './action-items.ts';
import { sectionLookup, type Config } from './config.ts';
import { blankFrontmatter, readFrontmatter, type FrontmatterBlock } from './frontmatter.ts';
import { validateFrontmatter, type FieldProblem } from './frontmatter-validation.ts';
import type { LimitProblem } from './limits.ts';
import { frontmatterLimitProblem, markdownLimitProblem } from './markdown-budget.ts';
import { parseMarkdown } from './markdown-parser.ts';
import { reportTerms, type ReportTerms } from './report-terms.ts';
import { statuses, type Frontmatter, type Status } from './schema.ts';
import { findSections, type Section } from './sections.ts';
import { LineIndex, shareLineIndex, type Place } from './text.ts';
import { readTimeline, type TimelineEntry } from './timeline.ts';
import { treeLimitProblem } from './tree-limits.ts';

/** Why a file is not a report that can be read at all (the `file` rule reports it as it is). */
export interface FileProblem {
  /** "Unexpected X, expected Y". */
  message: string;
  /** Where, when it is known; else the start of the file. */
  place: Place;
}

/** A report, parsed: everything the rules and the site need, as plain data. */
export interface ParsedReport {
  /** The file name without `.md`; reports link each other by it. */
  id: string;
  /** The path as given (relative to the working directory for the CLI). */
  path: string;
  /** The file's text (BOM removed, line endings as on disk). Empty when unreadable. */
  text: string;
  /** Why the file could not be read as text, if it could not. */
  unreadable?: FileProblem;
  /**
   * The limit the report exceeds (size, nesting, elements; see `limits`), if it
   * exceeds one: its Markdown was then not parsed (or its tree was dropped), so
   * `tree`, `sections`, `actionItems` and `timeline` are empty, and only its text
   * and frontmatter are checked.
   */
  limit?: LimitProblem;
  /** The frontmatter block and its syntax problems. */
  frontmatter: FrontmatterBlock;
  /** Schema problems of the frontmatter, each at its YAML node. */
  frontmatterIssues: FieldProblem[];
  /** The validated frontmatter, when it is valid. */
  data?: Frontmatter;
  /** Whether the report says `status: draft` (read even when other fields are invalid). */
  draft: boolean;
  /**
   * The report's `status` when it is one of the statuses, read even when other
   * fields are invalid (so a draft or an archived report with a bad field still
   * gets its status's lenience).
   */
  status?: Status;
  /** The Markdown body, parsed with positions that are the file's own. */
  tree: Root;
  /** The `##` (or `#`) sections, matched to configured names. */
  sections: Section[];
  /** The action items under the Action Items section(s), in document order. */
  actionItems: ActionItem[];
  /** The entries of the Timeline section(s), in document order, each with its instant when it could be read. */
  timeline: TimelineEntry[];
  /** Its words as repeat detection counts them, by field (report-terms.ts); none without valid frontmatter. */
  terms?: ReportTerms;
}

/** Whether a raw frontmatter value is one of the statuses. */
function isStatus(value: unknown): value is Status {
  return (statuses as readonly unknown[]).includes(value);
}

/** The id of a report at `path`: its file name without the `.md` extension. */
export function reportId(path: string): string {
  const name = path.split(/[\\/]/).at(-1) ?? path;
  return name.replace(/\.(md|markdown)$/i, '');
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A report that could not be read or parsed, carrying the reason for the `file` rule.
 *
 * @param place where the problem is, when it is known (default the start of the file)
 */
export function unreadableReport(path: string, message: string, place?: Place): ParsedReport {
  const origin = { line: 1, column: 1, offset: 0 };
  const start = { start: origin, end: origin };
  return {
    id: reportId(path),
    path,
    text: '',
    unreadable: { message, place: place ?? start },
    frontmatter: { present: false, language: '', data: undefined, openingPlace: start, endOffset: 0, fields: {}, problems: [] },
    frontmatterIssues: [],
    draft: false,
    tree: emptyTree(),
    sections: [],
    actionItems: [],
    timeline: [],
  };
}

/** Decodes bytes as UTF-8, or says why they are not text (and where, when that helps). */
function decode(bytes: Uint8Array): { text: string } | { problem: string; place?: Place } {
  // "Unicode" in Windows editors is UTF-16 with a byte order mark; it is full of NUL bytes, but it is not binary.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: 'Unexpected UTF-16 text, expected a UTF-8 Markdown text file; re-save it as UTF-8' };
  }
  if (bytes.includes(0)) return { problem: 'Unexpected binary content (a NUL byte), expected a UTF-8 Markdown text file' };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    // Point at the first byte that is not UTF-8 (an `é` saved as Latin-1), counted as an editor shows the rest of the line.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const index = new LineIndex(lenient);
    const offset = Math.max(0, lenient.indexOf('\uFFFD'));
    return {
      problem: 'Unexpected bytes that are not valid UTF-8, expected a UTF-8 Markdown text file; re-save it as UTF-8',
      place: index.placeAt(offset, offset + 1),
    };
  }
}

/**
 * Parses one report.
 *
 * @param path where the file is (kept as given, for messages)
 * @param content the file's bytes, or its text
 * @param config the project configuration
 */
export function parseReport(path: string, content: Uint8Array | string, config: Config): ParsedReport {
  try {
    return parseReadable(path, content, config);
  } catch (error) {
    // A parser bug must not stop the run: the file gets a diagnostic and the others are still checked.
    return unreadableReport(
      path,
      `Unexpected internal error while parsing (${(error as Error)?.message ?? String(error)}), expected a parsable report; please report this with the file`,
    );
  }
}

/** A report whose frontmatter block is over its limit: nothing is parsed, its text is kept for the credential check. */
function oversizedFrontmatterReport(path: string, text: string, limit: LimitProblem): ParsedReport {
  const empty = unreadableReport(path, '');
  return {
    id: empty.id,
    path,
    text,
    limit,
    // Present, so the `frontmatter` rule does not call it missing; it has no data, so no field is validated.
    frontmatter: { ...empty.frontmatter, present: true },
    frontmatterIssues: [],
    draft: false,
    tree: empty.tree,
    sections: [],
    actionItems: [],
    timeline: [],
  };
}

/** The tree of a report whose body is not parsed (unreadable, or over a limit): a root without children. */
export function emptyTree(): Root {
  return { type: 'root', children: [] };
}

/** A byte order mark is not part of the text an author sees or a column they count. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A file's text as `parseReport` reads it (UTF-8, without a byte order mark), or
 * `undefined` when its bytes are not UTF-8 text. The parse cache keeps no text: an
 * entry takes it from the file it was read with (src/lib/node/parse-cache.ts).
 */
export function reportText(bytes: Uint8Array): string | undefined {
  const decoded = decode(bytes);
  return 'problem' in decoded ? undefined : withoutByteOrderMark(decoded.text);
}

/**
 * The Markdown tree of a report's body, with the file's own positions (the
 * frontmatter blanked, not cut): what `parseReport` parses when the report is
 * within its limits. The parse cache stores no tree and makes it again with this:
 * the parser is quicker than reading a stored tree back.
 *
 * @param frontmatterEnd where the frontmatter block ends (`FrontmatterBlock.endOffset`)
 */
export function bodyTree(text: string, frontmatterEnd: number): Root {
  return parseMarkdown(blankFrontmatter(text, frontmatterEnd));
}

function parseReadable(path: string, content: Uint8Array | string, config: Config): ParsedReport {
  const id = reportId(path);
  const decoded = typeof content === 'string' ? { text: content } : decode(content);
  if ('problem' in decoded) return unreadableReport(path, decoded.problem, decoded.place);
  const text = withoutByteOrderMark(decoded.text);
  const index = new LineIndex(text);
  // A huge frontmatter block is never given to the YAML parser: only its text is checked (for credentials).
  const frontmatterLimit = frontmatterLimitProblem(text, index);
  if (frontmatterLimit) return oversizedFrontmatterReport(path, text, frontmatterLimit);
  const frontmatter = readFrontmatter(text, index);
  const validation = validateFrontmatter(frontmatter, config);
  // Measured before the parser sees it (see limits.ts), and the tree after, before anything recurses over it.
  const budget = markdownLimitProblem(text, frontmatter.endOffset, index);
  const parsed = budget ? undefined : bodyTree(text, frontmatter.endOffset);
  const limit = budget ?? (parsed ? treeLimitProblem(parsed) : undefined);
  const tree: Root = parsed && !limit ? parsed : emptyTree();
  const { sections } = findSections(tree, sectionLookup(config));
  const rawStatus = (frontmatter.data as { status?: unknown } | undefined)?.status;
  const terms = reportTerms({ tree, sections, data: validation.data });
  const report: ParsedReport = {
    ...(limit ? { limit } : {}),
    id,
    path,
    text,
    frontmatter,
    frontmatterIssues: validation.problems,
    data: validation.data,
    draft: rawStatus === 'draft',
    ...(isStatus(rawStatus) ? { status: rawStatus } : {}),
    tree,
    sections,
    actionItems: findActionItems(tree, sections, index, config),
    timeline: readTimeline({ text, index, tree, sections, id, frontmatter: frontmatter.data, config }),
    ...(terms ? { terms } : {}),
  };
  // The rules place their findings with this same index.
  shareLineIndex(report, index);
  return report;
}
