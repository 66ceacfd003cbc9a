/**
 * How much of the real reports' timelines the parser reads.
 *
 * Usage: `npm run timeline-coverage [-- [--verbose] <corpus folder>]` (default `../shared/corpus`);
 * `--verbose` lists the lines of each file that were counted but not resolved.
 *
 * The entries are counted independently of the parser: in every section whose
 * heading looks like a timeline ("Timeline", "Incident timeline", "Follow-up
 * timeline (times in BST)", "Chronology"…, at any heading depth), each list item,
 * table row, sub-heading or paragraph line whose leading text matches a broad
 * date-or-time pattern is one entry, placeholders such as `HH:mm` included. A
 * heading or lone line holding only a date, with such entries under it, is a
 * group label and not counted. An entry counts as resolved when the parser gave
 * an entry starting on the same line an `instant`.
 */
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { Heading, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { defaultConfig } from '../src/lib/config.ts';
import { parseMarkdown } from '../src/lib/markdown-parser.ts';
import { parseReport } from '../src/lib/parse.ts';

/** One file of the corpus manifest. */
interface ManifestEntry {
  repo: string;
  path: string;
  kind: string;
  out: string;
}

/** The figures for one file. */
export interface FileCoverage {
  /** The corpus file (relative to the corpus folder). */
  file: string;
  /** The repository it comes from. */
  source: string;
  /** Lines that hold a time-looking entry, as counted independently. */
  lines: number[];
  /** Those lines on which the parser resolved an entry to an instant. */
  resolvedLines: number[];
}

/** The figures for a whole corpus. */
export interface Coverage {
  files: FileCoverage[];
  /** Per source repository: entries counted and resolved. */
  sources: Map<string, { entries: number; resolved: number }>;
  entries: number;
  resolved: number;
  /** resolved / entries. */
  ratio: number;
}

const month = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
/** Anything that starts like a date or a time, readable or not. Deliberately broader than the parser. */
const timeLike = new RegExp(
  [
    '^\\d{1,2}[:.h]\\d{2}\\b',
    '^\\d{1,2}\\s?[ap]\\.?m\\b',
    '^\\d{4}[-/.][\\d?MX]',
    '^\\d{1,2}[-/]\\d{1,2}\\b',
    `^${month}\\s+\\d{1,2}\\b`,
    `^\\d{1,2}(?:st|nd|rd|th)?\\s+${month}`,
    `^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+(?:${month}|\\d)`,
    '^(?:yyyy|hh|xx|\\?\\?|--)[-:/]',
    '^\\?{3}',
  ].join('|'),
  'i',
);
/** A clock time anywhere near the start. */
const clockLike = /\d{1,2}:\d{2}|\d\s?[ap]\.?m\b|hh:mm|\?\?:\?\?|--:--/i;
const timelineHeading = /timeline|chronolog|sequence of events/i;

/** The leading text of a block: Markdown markers, brackets and approximations dropped. */
function leading(text: string): string {
  return text.replace(/^(?:[\s*_`[(|~>]|ca\.|approx\.?|date\s*:|time\s*:)+/i, '');
}

interface Candidate {
  line: number;
  text: string;
  kind: 'heading' | 'item' | 'row' | 'line';
  depth: number;
}

/** The time-looking entries of one file, by line. */
export function countTimelineEntries(text: string): number[] {
  const tree = parseMarkdown(text);
  const lines = text.split('\n');
  const counted = new Set<number>();
  const children = tree.children;
  children.forEach((node, start) => {
    if (node.type !== 'heading' || !timelineHeading.test(toString(node))) return;
    let end = start + 1;
    while (end < children.length) {
      const next = children[end]!;
      if (next.type === 'heading' && next.depth <= node.depth) break;
      end++;
    }
    const candidates: Candidate[] = [];
    for (const child of children.slice(start + 1, end)) collect(child, lines, candidates);
    candidates.forEach((candidate, index) => {
      if (!timeLike.test(leading(candidate.text))) return;
      const dateOnly = !clockLike.test(leading(candidate.text).slice(0, 40));
      if (dateOnly && (candidate.kind === 'heading' || candidate.kind === 'line')) {
        // A date over time-looking entries is a group label.
        const after = candidates.slice(index + 1);
        const closing = after.findIndex((other) => other.kind === 'heading' && other.depth <= candidate.depth);
        const under = closing === -1 ? after : after.slice(0, closing);
        if (under.some((later) => timeLike.test(leading(later.text)))) return;
      }
      counted.add(candidate.line);
    });
  });
  return [...counted].sort((a, b) => a - b);
}

function collect(node: RootContent, lines: string[], into: Candidate[]): void {
  const line = node.position?.start.line ?? 0;
  switch (node.type) {
    case 'heading':
      into.push({ line, text: toString(node), kind: 'heading', depth: (node as Heading).depth });
      break;
    case 'list':
      for (const item of node.children) {
        const first = item.children[0];
        if (first?.type === 'paragraph') {
          into.push({ line: first.position?.start.line ?? line, text: toString(first).split('\n')[0] ?? '', kind: 'item', depth: 99 });
        }
        for (const child of item.children) if (child.type === 'list') collect(child, lines, into);
      }
      break;
    case 'table':
      for (const row of node.children.slice(1)) {
        into.push({ line: row.position?.start.line ?? line, text: row.children.map((cell) => toString(cell)).join(' | '), kind: 'row', depth: 99 });
      }
      break;
    case 'paragraph': {
      const end = node.position?.end.line ?? line;
      for (let number = line; number <= end; number++) {
        into.push({ line: number, text: lines[number - 1] ?? '', kind: 'line', depth: 99 });
      }
      break;
    }
    case 'blockquote':
      for (const child of node.children) collect(child, lines, into);
      break;
    default:
      break;
  }
}

/**
 * Measures the parser over the `report` files of a corpus (catalog entries and
 * templates are skipped).
 *
 * @param corpus the corpus folder, holding `MANIFEST.json`
 */
export function measureTimelineCoverage(corpus: string): Coverage {
  const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8')) as ManifestEntry[];
  const config = defaultConfig();
  const files: FileCoverage[] = [];
  const sources = new Map<string, { entries: number; resolved: number }>();
  for (const entry of manifest) {
    if (entry.kind !== 'report') continue;
    const bytes = readFileSync(join(corpus, entry.out));
    // Parse under the original file name, so the id (and its date prefix) is the report's own.
    const report = parseReport(posix.basename(entry.path), bytes, config);
    const resolvedAt = new Set(report.timeline.filter((item) => item.instant).map((item) => item.place.start.line));
    const lines = countTimelineEntries(new TextDecoder().decode(bytes));
    const resolvedLines = lines.filter((line) => resolvedAt.has(line));
    files.push({ file: entry.out, source: entry.repo, lines, resolvedLines });
    const totals = sources.get(entry.repo) ?? { entries: 0, resolved: 0 };
    totals.entries += lines.length;
    totals.resolved += resolvedLines.length;
    sources.set(entry.repo, totals);
  }
  const entries = files.reduce((sum, file) => sum + file.lines.length, 0);
  const resolved = files.reduce((sum, file) => sum + file.resolvedLines.length, 0);
  return { files, sources, entries, resolved, ratio: entries === 0 ? 0 : resolved / entries };
}

const percent = (resolved: number, entries: number) => (entries === 0 ? '   -  ' : `${((100 * resolved) / entries).toFixed(1).padStart(5)}%`);

if (import.meta.main) {
  const folder = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
  const corpus = resolve(folder ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'));
  const coverage = measureTimelineCoverage(corpus);
  const verbose = process.argv.includes('--verbose');
  console.log(`Timeline entries resolved to an instant, ${corpus}\n`);
  for (const [source, totals] of [...coverage.sources].sort()) {
    console.log(
      `${source.padEnd(40)} ${String(totals.resolved).padStart(5)} / ${String(totals.entries).padStart(5)}  ${percent(totals.resolved, totals.entries)}`,
    );
  }
  console.log(
    `${'overall'.padEnd(40)} ${String(coverage.resolved).padStart(5)} / ${String(coverage.entries).padStart(5)}  ${percent(coverage.resolved, coverage.entries)}`,
  );
  if (verbose) {
    for (const file of coverage.files) {
      const missed = file.lines.filter((line) => !file.resolvedLines.includes(line));
      if (missed.length > 0) console.log(`\n${file.file}: not resolved on lines ${missed.join(', ')}`);
    }
  }
}
