/**
 * `check --format github-comment`: the Markdown of the comment Hindsight keeps on a
 * pull request. The founding incident's lesson is that an earlier report and its
 * open actions were not in front of the people who needed them; a new report is
 * read most closely in its pull request, so the comment puts there:
 *
 * - the problems found in the checked reports, each linked to its line at the pull
 *   request's head commit;
 * - for each checked report, the reports it links (`repeat_of`, `related`) or reads
 *   like (the `possible-repeat` rule's similarity), with their open action items;
 * - the `watch` expiries and action-item due dates, past or within the configured
 *   window, of the services the checked reports touch.
 *
 * Pure: every input is given (reports, diagnostics, states, "now", links). Every
 * value from a report is escaped as text (`markdownCell`, which also masks
 * credentials), never read as Markdown: a title cannot bring a link, HTML or bold
 * text into the comment, nor mention anybody. Links are only ones built here from
 * parsed parts (http and https only). The whole stays under GitHub's limit for a
 * comment: long sections end with "and N more".
 */
import type { ActionItem } from '../action-items.ts';
import { actionItemState, isOpenActionItem, itemSummary } from '../action-state.ts';
import { reportPageUrl } from '../calendar.ts';
import type { CheckSummary } from '../check.ts';
import { ruleLevel, watchWindowDays, type Config } from '../config.ts';
import { dateRange, inDateRange } from '../date-range.ts';
import { calendarDaysFrom, daysInWords } from '../days.ts';
import type { StateLookup } from '../issue-state.ts';
import { corpusGraph, linkKey, type CorpusGraph } from '../graph.ts';
import type { ParsedReport } from '../parse.ts';
import { parseReference, type TrackerReference } from '../references.ts';
import type { Diagnostic } from '../rule.ts';
import { findPossibleRepeats, maxRepeatsPerReport } from '../repeats.ts';
import { dayCount, reviewDue } from '../review.ts';
import { redactSecrets } from '../secrets.ts';
import { localDate } from '../time.ts';
import { markdownCell, summaryLine } from './github.ts';

/** The hidden first line that identifies Hindsight's comment among a pull request's comments. */
export const commentMarker = '<!-- hindsight-comment -->';

/**
 * A second hidden line for a comment with nothing to report (no report changed):
 * `hindsight comment` then updates an earlier comment but never creates one, so a
 * pull request that touches no report gets no comment at all.
 */
export const updateOnlyMarker = '<!-- hindsight-comment: update-only -->';

/** GitHub's limit for a comment's body, in characters. */
export const githubCommentLimit = 65_536;

/** Room kept under the limit: GitHub counts characters a little differently from UTF-16 `length`. */
const defaultMaxLength = githubCommentLimit - 1_536;

/** Where the comment's links point. */
export interface CommentLinks {
  /**
   * The repository's files at the pull request's head commit, for links to a line.
   * Absent (outside GitHub Actions, head commit unknown): no such links.
   */
  files?: {
    /** `https://github.com/acme/infrastructure`: the server and the repository. */
    repositoryUrl: string;
    /** The head commit of the pull request (not the merge commit GitHub Actions checks out: that one is short-lived). */
    sha: string;
    /**
     * The working directory inside the repository, `/`-separated, `''` at its root:
     * report paths are relative to the working directory, links to the repository.
     */
    directory: string;
  };
  /** The workflow run's page, which "and N more" points to. */
  runUrl?: string;
}

/** Everything the comment is made from. */
export interface GithubCommentInput {
  /** Every report read (the whole content folder), so links and look-alikes resolve. */
  reports: readonly ParsedReport[];
  /** Paths of the checked reports (with `--changed`, the changed ones), as in `ParsedReport.path`. */
  targets: readonly string[];
  /** The problems found in the checked reports. */
  diagnostics: readonly Diagnostic[];
  summary: CheckSummary;
  config: Config;
  /** "Now", for due dates and expiries. */
  now: Date;
  /** GitHub state of issues and pull requests (live or cached), when known. */
  github?: StateLookup;
  /** The corpus graph; default the one of `reports` (built once per run). */
  graph?: CorpusGraph;
  links?: CommentLinks;
  /** `origin/main (1a2b3c4)`: with `--changed`, what the reports changed since. */
  changedSince?: string;
  /** The longest comment written, in characters; default a little under GitHub's 65,536. */
  maxLength?: number;
}

/** A part of the comment whose rows can be cut to fit. */
interface Section {
  /** Lines before the rows: the heading, an introduction, a table's head. */
  head: string[];
  rows: string[];
  /** Lines instead of the table when there are no rows. */
  empty: string[];
  /** What a row is, for "and N more problems". */
  noun: string;
}

const pluralNouns: Readonly<Record<string, string>> = { problem: 'problems', row: 'rows', date: 'dates' };

/** The longest value from a report written into one cell: enough for any real title or item. */
const maxValueLength = 300;
/** The longest diagnostic message written. */
const maxMessageLength = 1_000;

/**
 * A value from a report as Markdown text: credentials masked before it is trimmed
 * (so no part of one survives), trimmed, escaped by `markdownCell` (code spans stay
 * code, everything else is text, `|` cannot end a table cell), and with an invisible
 * word joiner where GitHub would still make something of the text: after each `@`
 * (a mention would notify `@team` on every update; an e-mail address would become
 * a link), after the `:` of `://` and after `www`, which GFM turns into links even
 * when escaped.
 */
function text(value: string, maxLength = maxValueLength): string {
  let masked = redactSecrets(value);
  if (masked.length > maxLength) masked = `${masked.slice(0, maxLength - 1)}…`;
  return markdownCell(masked)
    .replace(/@/g, '@\u2060')
    .replace(/\\:(?=\\\/\\\/)/g, '\\:\u2060')
    .replace(/\b(www)(?=\\\.)/gi, '$1\u2060');
}

/** A value shown as code (ids, services, rule ids), escaped the same way. */
function code(value: string): string {
  // A backtick inside would end the span early: shown as text then, still escaped.
  return value.includes('`') ? text(value) : text(`\`${value}\``);
}

/**
 * A link destination, or `undefined` when `url` must not be a link: only absolute
 * http(s) URLs without credentials. The characters that would end a destination
 * early or escape the next one are percent-encoded, which leaves the URL the same.
 */
function linkTarget(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url) || redactSecrets(url) !== url) return undefined;
  const parsed = new URL(url);
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href.replace(/[()<>\\\s"'`]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)`, or the text alone when the URL cannot be a link. `label` is Markdown already escaped. */
function link(label: string, url: string | undefined): string {
  const target = linkTarget(url);
  return target === undefined ? label : `[${label}](${target})`;
}

/** A path inside the repository, `/`-separated and without `.` or `..`; `undefined` when it leaves the repository. */
function repositoryPath(directory: string, path: string): string | undefined {
  const parts: string[] = [];
  for (const part of `${directory}/${path}`.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

/**
 * The URL of a report's file at the head commit, at a line when given.
 * `?plain=1` shows a Markdown file as source: only then do line anchors work.
 */
function fileUrl(links: CommentLinks | undefined, path: string, line?: number, endLine?: number): string | undefined {
  const files = links?.files;
  if (!files) return undefined;
  const inRepository = repositoryPath(files.directory, path);
  if (inRepository === undefined) return undefined;
  const encoded = inRepository.split('/').map(encodeURIComponent).join('/');
  const anchor = line === undefined ? '' : `#L${line}${endLine !== undefined && endLine > line ? `-L${endLine}` : ''}`;
  return `${files.repositoryUrl}/blob/${encodeURIComponent(files.sha)}/${encoded}?plain=1${anchor}`;
}

/** A report's page on the published site when its address is configured, else its file at the head commit. */
function reportUrl(report: ParsedReport, config: Config, links: CommentLinks | undefined): string | undefined {
  return reportPageUrl(config, report.id) ?? fileUrl(links, report.path);
}

/** `2 days ago`, `in 12 days`, `today`, with the date: `2022-09-02 (2 days ago)`. */
function dateWords(date: string, today: string): string {
  return `${date} (${daysInWords(calendarDaysFrom(today, date))})`;
}

/** An item's tracker references as links, each with its GitHub state when known (`open`, `closed`). */
function referenceLinks(references: readonly Pick<TrackerReference, 'label' | 'url' | 'github'>[], github: StateLookup | undefined): string {
  return references
    .map((reference) => {
      const state = reference.github && github ? github.get(reference.github).state : undefined;
      const known = state !== undefined && state !== 'unknown' ? ` (${state})` : '';
      return `${link(text(reference.label), reference.url)}${known}`;
    })
    .join(', ');
}

/** One action item in a cell: its summary, references, owner and due date. */
function itemCell(item: ActionItem, today: string, github: StateLookup | undefined, carriedOver: boolean): string {
  const parts = [text(itemSummary(item) || item.text)];
  if (item.references.length > 0) parts.push(referenceLinks(item.references, github));
  // In a code span, so that GitHub does not mention (and notify) the owner on every update.
  if (item.owner !== undefined) parts.push(`owner ${code(`@${item.owner}`)}`);
  if (item.due !== undefined) {
    const days = calendarDaysFrom(today, item.due);
    parts.push(`due ${text(item.due)}${days < 0 ? ` (**overdue**, ${daysInWords(days)})` : days <= 7 ? ` (${daysInWords(days)})` : ''}`);
  }
  if (carriedOver) parts.push('carried over into this report');
  return parts.join(' · ');
}

/** The key of an item's reference, as the graph and `prior-open-actions` compare them (`github:owner/repo#5`). */
function referenceKey(reference: TrackerReference, config: Config): string {
  return linkKey(reference.url, config);
}

/** The problems section: one row per diagnostic. */
function problemsSection(input: GithubCommentInput): Section {
  const rows = input.diagnostics.map((diagnostic) => {
    const { start, end } = diagnostic.place;
    const where = link(text(`${diagnostic.file}:${start.line}`), fileUrl(input.links, diagnostic.file, start.line, end.line));
    const icon = diagnostic.severity === 'error' ? '❌ error' : '⚠️ warning';
    return `| ${icon} | ${where} | ${link(code(diagnostic.ruleId), diagnostic.url)} | ${text(diagnostic.message, maxMessageLength)} |`;
  });
  return {
    head: ['#### Problems', '', '| | Where | Rule | Message |', '| --- | --- | --- | --- |'],
    rows,
    empty: ['#### Problems', '', 'None in the checked reports.'],
    noun: 'problem',
  };
}

/** How a checked report is connected to another one. */
interface Connection {
  report: ParsedReport;
  how: string[];
}

/** The reports `report` links or reads like, in that order: `repeat_of`, `related`, then the most similar. */
function connectionsOf(
  report: ParsedReport,
  input: GithubCommentInput,
  graph: CorpusGraph,
  similar: ReadonlyMap<string, { earlier: string; score: number }[]>,
): Connection[] {
  const node = graph.nodes[report.id];
  // A report that loses its id to an earlier file (a duplicate id) is not the graph's: it has no links there.
  if (!node || node.path !== report.path) return [];
  const byPath = new Map(input.reports.map((candidate) => [candidate.path, candidate]));
  const connections = new Map<string, Connection>();
  const add = (id: string, how: string) => {
    const other = graph.nodes[id] && byPath.get(graph.nodes[id].path);
    if (!other) return;
    const known = connections.get(id);
    if (known) known.how.push(how);
    else connections.set(id, { report: other, how: [how] });
  };
  for (const id of node.repeatOf) add(id, code('repeat_of'));
  for (const id of node.related) add(id, code('related'));
  for (const pair of (similar.get(report.id) ?? []).slice(0, maxRepeatsPerReport))
    add(pair.earlier, `reads like it (similarity ${pair.score.toFixed(2)}), not linked`);
  return [...connections.values()];
}

/** The earlier reports section: a row per open action item of each report a checked report links or reads like. */
function earlierSection(input: GithubCommentInput, checked: readonly ParsedReport[], graph: CorpusGraph, lookup: StateLookup | undefined): Section {
  const similar = new Map<string, { earlier: string; score: number }[]>();
  // The team turned the rule off: its similarity is not wanted here either.
  if (ruleLevel(input.config, 'possible-repeat') !== 'off') {
    for (const pair of findPossibleRepeats(input.reports, input.config)) {
      const list = similar.get(pair.later) ?? [];
      list.push(pair);
      similar.set(pair.later, list);
    }
  }
  const rows: string[] = [];
  for (const report of checked) {
    const connections = connectionsOf(report, input, graph, similar);
    if (connections.length === 0) continue;
    const today = localDate(input.now, report.data?.timezone ?? input.config.timezone);
    const carried = new Set(report.actionItems.flatMap((item) => item.references.map((reference) => referenceKey(reference, input.config))));
    let first = true;
    for (const { report: other, how } of connections) {
      const title = other.data ? `: ${text(other.data.title)}${other.data.date ? ` (${text(other.data.date)})` : ''}` : '';
      const otherCell = `${link(code(other.id), reportUrl(other, input.config, input.links))}${title}`;
      const open = other.actionItems.filter((item) => isOpenActionItem(item, lookup));
      const items =
        open.length === 0
          ? ['none open']
          : open.map((item) =>
              itemCell(
                item,
                today,
                input.github,
                item.references.some((reference) => carried.has(referenceKey(reference, input.config))),
              ),
            );
      items.forEach((item, position) => {
        const checkedCell = first ? link(code(report.id), fileUrl(input.links, report.path)) : '';
        const cells = position === 0 ? [checkedCell, otherCell, how.join(', '), item] : ['', '', '', item];
        rows.push(`| ${cells.join(' | ')} |`);
        first = false;
      });
    }
  }
  return {
    head: [
      '#### Earlier reports',
      '',
      'The reports the checked reports link, or read like, and their action items still open: a repeat is often the step an earlier resolution missed.',
      '',
      '| Checked report | Other report | How | Open action items |',
      '| --- | --- | --- | --- |',
    ],
    rows,
    empty: ['#### Earlier reports', '', 'The checked reports link no other report, and read like none.'],
    noun: 'row',
  };
}

/** A date row before it is written: sorted by date. */
interface DateRow {
  date: string;
  order: string;
  line: string;
}

/** The coming (or past) `watch` expiries and due dates of the services the checked reports touch. */
function datesSection(input: GithubCommentInput, checked: readonly ParsedReport[], lookup: StateLookup | undefined): Section {
  const services = [...new Set(checked.flatMap((report) => report.data?.services ?? []))].sort();
  const window = watchWindowDays(input.config);
  const range = dateRange(input.config, input.now);
  const dated: DateRow[] = [];
  for (const report of input.reports) {
    const data = report.data;
    if (!data || !data.services.some((service) => services.includes(service))) continue;
    const today = localDate(input.now, data.timezone);
    const reportCell = `${link(code(report.id), reportUrl(report, input.config, input.links))}: ${text(data.title)}`;
    for (const entry of data.watch) {
      // A date out of the sanity range is a typo the checks report; it is not an expiry.
      if (!inDateRange(entry.expires, range)) continue;
      const days = calendarDaysFrom(today, entry.expires);
      if (days > window) continue;
      const reference = entry.issue === undefined ? undefined : parseReference(entry.issue, input.config);
      const state = reference?.github && input.github ? input.github.get(reference.github).state : undefined;
      // Expired and renewed (its issue closed): done, as the `watch-expiry` rule sees it.
      if (days < 0 && (state === 'closed' || state === 'merged')) continue;
      const what = `${days < 0 ? '**Expired**' : 'Expires'}: ${text(entry.name)}`;
      const issue = reference ? referenceLinks([reference], input.github) : entry.issue === undefined ? 'no issue' : text(entry.issue);
      dated.push({
        date: entry.expires,
        order: `${report.id}\u0000${entry.name}`,
        line: `| ${dateWords(entry.expires, today)} | ${what} | ${reportCell} | ${issue} |`,
      });
    }
    // A draft or in-review report's review deadline (review.ts decides it, as for `review-overdue` and /reviews/).
    const review = reviewDue(data, input.config);
    if (review && inDateRange(review.date, range) && calendarDaysFrom(today, review.date) <= window) {
      const late = calendarDaysFrom(today, review.date) < 0;
      const what = `${late ? '**Review overdue**' : 'Review due'} (${text(review.severity)}: ${dayCount(review.days)} after the incident)`;
      dated.push({
        date: review.date,
        order: `${report.id}\u0000review`,
        line: `| ${dateWords(review.date, today)} | ${what} | ${reportCell} | ${data.reviewers.length > 0 ? `reviewers ${data.reviewers.map((name) => code(`@${name}`)).join(', ')}` : 'no reviewers'} |`,
      });
    }
    for (const item of report.actionItems) {
      if (item.due === undefined || !inDateRange(item.due, range)) continue;
      const days = calendarDaysFrom(today, item.due);
      // Open work only: an archived report's item is history, never due or overdue (action-state.ts decides).
      if (days > window || actionItemState(!isOpenActionItem(item, lookup), data.status) !== 'open') continue;
      const what = `${days < 0 ? '**Overdue**' : 'Due'}: ${text(itemSummary(item) || item.text)}${item.owner !== undefined ? ` · owner ${code(`@${item.owner}`)}` : ''}`;
      const issue = item.references.length > 0 ? referenceLinks(item.references, input.github) : 'no issue';
      dated.push({
        date: item.due,
        order: `${report.id}\u0000${item.place.start.line}`,
        line: `| ${dateWords(item.due, today)} | ${what} | ${reportCell} | ${issue} |`,
      });
    }
  }
  dated.sort((left, right) => (left.date < right.date ? -1 : left.date > right.date ? 1 : left.order < right.order ? -1 : left.order > right.order ? 1 : 0));
  const scope = services.length === 0 ? 'the checked reports’ services' : services.map(code).join(', ');
  const intro = `For ${scope}: \`watch\` entries, reviews and open action items due within ${window} days, or already past.`;
  return {
    head: ['#### Coming up', '', intro, '', '| Date | What | Report | Tracked in |', '| --- | --- | --- | --- |'],
    rows: dated.map((row) => row.line),
    empty: ['#### Coming up', '', `${intro} None.`],
    noun: 'date',
  };
}

/** "…and 3 more problems", with the run's page when known. */
function moreLine(count: number, noun: string, links: CommentLinks | undefined): string {
  const nouns = count === 1 ? noun : (pluralNouns[noun] ?? `${noun}s`);
  const where =
    links?.runUrl !== undefined && linkTarget(links.runUrl) !== undefined
      ? `: see [the workflow run](${linkTarget(links.runUrl)}) and \`hindsight check\``
      : ': run `hindsight check` to see them';
  return `…and ${count} more ${nouns}, left out to keep this comment within GitHub's size limit${where}.`;
}

/** A section with its first `shown` rows. */
function renderSection(section: Section, shown: number, links: CommentLinks | undefined): string[] {
  if (section.rows.length === 0) return [...section.empty, ''];
  const lines = shown > 0 ? [...section.head, ...section.rows.slice(0, shown)] : [section.head[0]!];
  if (shown < section.rows.length) lines.push('', moreLine(section.rows.length - shown, section.noun, links));
  return [...lines, ''];
}

/** The characters a list of lines takes, joined by line breaks. */
function size(lines: readonly string[]): number {
  return lines.reduce((total, line) => total + line.length + 1, 0);
}

/**
 * How many rows of each section fit in `budget` characters: each section gets an
 * equal share, and what a small section does not use goes to the larger ones, so
 * that many problems never push the earlier reports out of the comment.
 */
function fitRows(sections: readonly Section[], budget: number): number[] {
  const needs = sections.map((section) => size(section.rows));
  const grants = needs.map(() => 0);
  let left = Math.max(0, budget);
  const order = needs.map((_, position) => position).sort((a, b) => needs[a]! - needs[b]!);
  order.forEach((position, done) => {
    const grant = Math.min(needs[position]!, Math.floor(left / (order.length - done)));
    grants[position] = grant;
    left -= grant;
  });
  return sections.map((section, position) => {
    let used = 0;
    let shown = 0;
    for (const row of section.rows) {
      if (used + row.length + 1 > grants[position]!) break;
      used += row.length + 1;
      shown++;
    }
    return shown;
  });
}

/**
 * The comment's Markdown for a check: a hidden marker, the verdict, the problems,
 * the earlier reports and their open action items, and the dates coming up.
 */
export function formatGithubComment(input: GithubCommentInput): string {
  const graph = input.graph ?? corpusGraph(input.reports, input.config);
  const targetSet = new Set(input.targets);
  const checked = input.reports.filter((report) => targetSet.has(report.path));
  const lookup = input.github;
  const { summary } = input;
  const verdict = summary.errors > 0 ? '❌' : summary.warnings > 0 ? '⚠️' : '✅';
  const head = [commentMarker, `### ${verdict} Hindsight: ${summaryLine(summary)}`, ''];
  if (input.changedSince !== undefined) head.push(`The reports changed since ${text(input.changedSince)}.`, '');
  const foot = ['_Hindsight updates this comment on every push to the pull request._'];

  const sections = [problemsSection(input), earlierSection(input, checked, graph, lookup), datesSection(input, checked, lookup)];
  const maxLength = input.maxLength ?? defaultMaxLength;
  // What is written whatever the rows: the head, the foot, each section's head and its "and N more" line.
  const fixed =
    size(head) +
    size(foot) +
    sections.reduce((total, section) => total + size(section.head) + size(section.empty) + 2 + moreLine(1_000_000, section.noun, input.links).length + 2, 0);
  const shown = fitRows(sections, maxLength - fixed);
  const lines = [...head, ...sections.flatMap((section, position) => renderSection(section, shown[position]!, input.links)), ...foot];
  return `${lines.join('\n')}\n`;
}

/**
 * The comment for a `--changed` run in which no report changed: it replaces an
 * earlier comment (a report changed, then the change was undone) and, marked
 * update-only, never starts a new one.
 *
 * @param changedSince `origin/main (1a2b3c4)`
 */
export function formatNothingChangedComment(changedSince: string): string {
  return `${[commentMarker, updateOnlyMarker, '### ✅ Hindsight: no reports changed', '', `No report changed since ${text(changedSince)}: nothing to check.`].join('\n')}\n`;
}
