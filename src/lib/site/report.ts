/**
 * What the site keeps of a parsed report: a plain, JSON-serializable projection
 * of `ParsedReport` (no Markdown tree, no positions beyond a line number), with
 * the sanitized body HTML and the report's own diagnostics. The content loader
 * stores one per report; every page is built from these.
 */
import type { Config } from '../config.ts';
import type { GithubTarget } from '../issue-state.ts';
import { isReportIdLink, type CorpusGraph } from '../graph.ts';
import type { ParsedReport } from '../parse.ts';
import { parseReference } from '../references.ts';
import { renderText } from '../render.ts';
import type { Diagnostic } from '../rule.ts';
import type { Status } from '../schema.ts';
import { sectionContent } from '../sections.ts';
import { printableData } from '../text.ts';
import { impactInstants, impactOffsetZone } from '../time.ts';
import { timelineProblemMessage } from '../timeline.ts';
import type { ActionTracking } from './tracking.ts';
import { renderBody, type SiteBodyPart } from './body.ts';

/** A link to an issue, a pull request or a page, ready to show. */
export interface SiteReference {
  /** As written. */
  raw: string;
  /** Short text: `acme/api#101`, `OPS-42`, or the value as written. */
  label: string;
  /** Where it leads, when it is a URL or a known tracker reference. */
  href?: string;
  /** The GitHub issue or pull request it names, whose state the site shows from the cache. */
  github?: GithubTarget;
}

/** A timeline entry as the site shows it. */
export interface SiteTimelineEntry {
  /** The time as written. */
  time: string;
  /** The event, Markdown stripped. */
  text: string;
  /** The resolved instant (ISO 8601, UTC), when it could be read. */
  instant?: string;
  /** The zone the time was read in. */
  zone: string;
  /** Why the time could not be read. */
  problem?: string;
  /** The entry names a day but no clock time (`| 2021-12-17 | log4j 2.17 published |`). */
  dateOnly?: boolean;
  /**
   * Set when the entry has no `instant` and so cannot be placed in time; it keeps its
   * place in document order. `unknown`: the report says the time is not known
   * (`[unknown]`, `TBD`); `unreadable`: a time that cannot be read (`14:??`). `time`
   * is as written, `problem` says why.
   */
  unplaced?: 'unknown' | 'unreadable';
}

/** An action item as the site shows it. */
export interface SiteActionItem {
  /** The item's text without its references, owner and due date. */
  title: string;
  /** The item's whole text, as written (Markdown stripped). */
  text: string;
  /** Its tracker references. */
  references: SiteReference[];
  /** The task checkbox: true `[x]`, false `[ ]`, absent when there is none. */
  checked?: boolean;
  /** `@owner`, without the `@`. */
  owner?: string;
  /** `YYYY-MM-DD`. */
  due?: string;
  /** The heading it sits under. */
  group?: string;
  /** Its line in the file. */
  line: number;
  /**
   * What GitHub says about its references. Never stored: `trackActionItems`
   * adds it at build time from the cache, which changes without the report changing.
   */
  tracking?: ActionTracking;
}

/** A diagnostic of `hindsight check` on this report (warnings: errors stop the build). */
export interface SiteDiagnostic {
  severity: 'error' | 'warning';
  ruleId: string;
  message: string;
  line: number;
  column: number;
}

/** Links between this report and others, both directions, from the corpus graph. */
export interface SiteReportLinks {
  /** Report ids this one repeats. */
  repeatOf: string[];
  /** Report ids that repeat this one. */
  repeatedBy: string[];
  /** Report ids this one names as related. */
  related: string[];
  /** Report ids that name this one as related. */
  relatedFrom: string[];
  /** `repeat_of` / `related` values that are issues or pages, not reports. */
  external: (SiteReference & { kind: 'repeat_of' | 'related' })[];
}

/** A report as stored by the content loader: plain data only. */
export interface SiteReport {
  id: string;
  /** The file's path relative to the project root. */
  path: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  status: Status;
  severity: string;
  /** The report's IANA zone (or the configured default). */
  timezone: string;
  /**
   * The zone the report's times are read and shown in, as the core reads its
   * timeline: its `timezone` when written, else the one offset all its impact
   * times carry (`+01:00`), else the configured default.
   */
  zone: string;
  /** The impact window as written in the frontmatter. */
  impact?: { start: string; end?: string; detected?: string; mitigated?: string };
  /** The impact window as instants (ISO 8601, UTC), where it could be read. */
  instants: { start?: string; end?: string; detected?: string; mitigated?: string };
  services: string[];
  tags: string[];
  /** Contributing factor ids, each once, from the configured taxonomy. */
  factors: string[];
  authors: string[];
  /** Who reviews the report. */
  reviewers: string[];
  links: SiteReportLinks;
  resolutionPrs: SiteReference[];
  watch: { name: string; expires: string; issue?: SiteReference }[];
  /** The Overview (or Summary) section as plain text, shortened. */
  summary: string;
  /**
   * The body, rendered and sanitized, without its leading `#` title, its sections
   * `h2`; cut where the page puts the structured timeline and action items (see `renderBody`).
   */
  body: SiteBodyPart[];
  timeline: SiteTimelineEntry[];
  actionItems: SiteActionItem[];
  diagnostics: SiteDiagnostic[];
}

/** The longest summary shown in lists and feeds, in characters. */
export const summaryLength = 280;

/** Section names that hold a report's summary, in order of preference. */
const summarySections = ['Overview', 'Summary'];

/** Shortens text at a word boundary, with an ellipsis. */
export function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** The report's summary: its Overview (or Summary) section's paragraphs, else its first paragraph. */
export function summaryOf(report: ParsedReport): string {
  const section = summarySections.map((name) => report.sections.find((candidate) => candidate.name === name)).find((candidate) => candidate !== undefined);
  const nodes = section ? sectionContent(report.tree, section) : report.tree.children;
  const paragraphs = nodes.filter((node) => node.type === 'paragraph');
  // The text as the page shows it: raw HTML sanitized away, not quoted as markup.
  return shorten(renderText({ type: 'root', children: section ? paragraphs : paragraphs.slice(0, 1) }), summaryLength);
}

/** A reference value (`owner/repo#1`, a URL) as a link. */
export function siteReference(raw: string, config: Config): SiteReference {
  const parsed = parseReference(raw, config);
  if (parsed) return { raw, label: parsed.label, href: parsed.url, ...githubOf(parsed) };
  return /^https?:\/\//i.test(raw) && URL.canParse(raw) ? { raw, label: raw, href: raw } : { raw, label: raw };
}

/** The GitHub target of a parsed reference, as a field to spread (nothing for other trackers). */
function githubOf(reference: { github?: GithubTarget }): { github?: GithubTarget } {
  return reference.github ? { github: { owner: reference.github.owner, repo: reference.github.repo, number: reference.github.number } } : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` without the first `raw`, and the parentheses around it (`(acme/ops#4)`,
 * `( #4 )`), replaced by a space. A search, not a regular expression built per
 * reference: every item of every report goes through here.
 */
function withoutReference(text: string, raw: string): string {
  const at = raw === '' ? -1 : text.indexOf(raw);
  if (at === -1) return text;
  let start = at;
  let before = at;
  while (before > 0 && /\s/.test(text.charAt(before - 1))) before--;
  if (text.charAt(before - 1) === '(') start = before - 1;
  let end = at + raw.length;
  let after = end;
  while (after < text.length && /\s/.test(text.charAt(after))) after++;
  if (text.charAt(after) === ')') end = after + 1;
  return `${text.slice(0, start)} ${text.slice(end)}`;
}

/**
 * An action item's text without what the site shows beside it: its references,
 * `@owner` and `due: date`, and the punctuation that joined them.
 */
export function actionTitle(item: { text: string; references: { raw: string }[]; owner?: string; due?: string }): string {
  let title = item.text;
  for (const reference of item.references) title = withoutReference(title, reference.raw);
  if (item.owner) title = title.replace(new RegExp(`@${escapeRegExp(item.owner)}(?![\\w-])`), ' ');
  if (item.due) title = title.replace(new RegExp(`\\bdue:?\\s*${escapeRegExp(item.due)}`, 'i'), ' ');
  title = title
    .replace(/\s+/g, ' ')
    .replace(/(?:\s*[:,;–—-])+\s*$/, '')
    .replace(/\(\s*\)/g, '')
    .trim();
  return title || item.text.trim();
}

/**
 * The parts of a `SiteReport` that only its own file and the configuration
 * decide, and that cost the most to make: its summary and its rendered body. A
 * build makes them on the parse threads, beside each parse (`renderReport`), so
 * that the main thread, which stores every report, does not.
 */
export interface RenderedReport {
  summary: string;
  body: SiteBodyPart[];
}

/** Whether the site renders `report`: it has valid frontmatter, and parsed whole (within the limits, readable). */
export function rendersOnSite(report: ParsedReport): boolean {
  return report.data !== undefined && !report.limit && !report.unreadable;
}

/** The summary and the body of `report` as `toSiteReport` makes them, with `config` (the one it was parsed with). */
export function renderReport(report: ParsedReport, config: Config): RenderedReport {
  return { summary: summaryOf(report), body: renderBody(report, { config }) };
}

/** Everything `toSiteReport` needs about one report. */
export interface SiteReportInput {
  report: ParsedReport;
  /** The diagnostics of this report. */
  diagnostics: readonly Diagnostic[];
  /** The corpus graph of every report (backlinks). */
  graph: CorpusGraph;
  config: Config;
  /** Its summary and body, when a parse thread rendered them already (`renderReport`, same configuration); else they are made here. */
  rendered?: RenderedReport;
}

/**
 * Projects a parsed report to what the site stores, rendering its body.
 *
 * @returns `undefined` when the report has no valid frontmatter (the check
 *   reports it; with that rule turned off the site leaves the file out)
 */
export function toSiteReport({ report, diagnostics, graph, config, rendered }: SiteReportInput): SiteReport | undefined {
  const data = report.data;
  if (!data) return undefined;
  // The check refuses control characters in frontmatter; the pages, the feed and the search index never carry them either.
  return printableData(siteReport(report, data, diagnostics, graph, config, rendered ?? renderReport(report, config)));
}

/** The projection itself, strings as written. */
function siteReport(
  report: ParsedReport,
  data: NonNullable<ParsedReport['data']>,
  diagnostics: readonly Diagnostic[],
  graph: CorpusGraph,
  config: Config,
  { summary, body }: RenderedReport,
): SiteReport {
  const instants = impactInstants(report);
  const iso = (instant: Date | undefined) => (instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : undefined);
  const node = graph.nodes[report.id];
  const external: SiteReportLinks['external'] = [];
  for (const kind of ['repeat_of', 'related'] as const) {
    for (const raw of data[kind]) if (!isReportIdLink(raw)) external.push({ kind, ...siteReference(raw, config) });
  }
  return {
    id: report.id,
    path: report.path,
    title: data.title,
    date: data.date,
    status: data.status,
    severity: data.severity,
    timezone: data.timezone,
    zone: readingZone(report, data),
    ...(data.impact ? { impact: { ...data.impact } } : {}),
    instants: withoutUndefined({ start: iso(instants.start), end: iso(instants.end), detected: iso(instants.detected), mitigated: iso(instants.mitigated) }),
    services: [...data.services],
    tags: [...data.tags],
    factors: [...new Set(data.factors)],
    authors: [...data.authors],
    reviewers: [...data.reviewers],
    links: {
      repeatOf: [...(node?.repeatOf ?? [])],
      repeatedBy: [...(node?.repeatedBy ?? [])],
      related: [...(node?.related ?? [])],
      relatedFrom: [...(node?.relatedFrom ?? [])],
      external,
    },
    resolutionPrs: data.resolution_prs.map((raw) => siteReference(raw, config)),
    watch: data.watch.map((entry) =>
      withoutUndefined({
        name: entry.name,
        expires: entry.expires,
        issue: entry.issue === undefined ? undefined : siteReference(entry.issue, config),
      }),
    ),
    summary,
    body,
    timeline: report.timeline.map((entry) =>
      withoutUndefined({
        time: entry.time,
        text: entry.text,
        instant: entry.instant,
        zone: entry.zone,
        problem: entry.problem && timelineProblemMessage(entry.problem),
        dateOnly: entry.dateOnly,
        unplaced: entry.unplaced,
      }),
    ),
    actionItems: report.actionItems.map((item) =>
      withoutUndefined({
        title: actionTitle(item),
        text: item.text,
        references: item.references.map((reference) => ({ raw: reference.raw, label: reference.label, href: reference.url, ...githubOf(reference) })),
        checked: item.checked,
        owner: item.owner,
        due: item.due,
        group: item.group,
        line: item.place.start.line,
      }),
    ),
    diagnostics: diagnostics
      .filter((diagnostic) => diagnostic.file === report.path)
      .map((diagnostic) => ({
        severity: diagnostic.severity,
        ruleId: diagnostic.ruleId,
        message: diagnostic.message,
        line: diagnostic.place.start.line,
        column: diagnostic.place.start.column,
      })),
  };
}

/**
 * The zone the core reads a report's bare times in (see `impactOffsetZone`, and
 * the timeline's reading): a written `timezone` wins, then the common offset of
 * the impact times, then `timezone` as defaulted from the configuration.
 */
function readingZone(report: ParsedReport, data: NonNullable<ParsedReport['data']>): string {
  const written = (report.frontmatter.data as { timezone?: unknown } | undefined)?.timezone !== undefined;
  return (written ? undefined : impactOffsetZone(data.impact)) ?? data.timezone;
}

/** Drops `undefined` fields, so stored data has no holes and serializes the same everywhere. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
