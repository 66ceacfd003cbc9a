/**
 * The public edition: what a site built for `audience: public` is made of.
 *
 * It is made once, at the source: the content loader checks every report as
 * usual, then keeps only the public reports (`visibility: public`, not drafts),
 * each rewritten without what stays internal, and parses the rewritten text
 * again. Every page, feed, the statistics, the calendar and the search index are
 * built from those reports alone, so no page can forget to filter, and a new page
 * cannot either. What a public report loses:
 * - `authors` and `reviewers` (people), and every `@owner` in its action items;
 * - its sections named in `publish.internalSections` (`## Internal notes`);
 * - its HTML comments (never shown, but they are text an author may think private);
 * - links to a report that is not published (internal, a draft, or missing): in
 *   the body the link becomes the plain text "an internal report", with neither
 *   the id nor the link text (often the other report's title); in `repeat_of` and
 *   `related` the entry is left out, so no banner, backlink or chain names it.
 *
 * Free prose that names an internal incident is left as written: the
 * `public-exposure` rule reports an internal report's id or title in a public
 * report, with private addresses and internal host names.
 */
import type { Definition, Html, Link, LinkReference, Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { stringify } from 'yaml';
import { actionItemsSectionName } from '../action-items.ts';
import { sectionLookup, type Config, type SectionSpec } from '../config.ts';
import { parseReport, type ParsedReport } from '../parse.ts';
import { allMatches } from '../matches.ts';
import type { Diagnostic } from '../rule.ts';
import { matchSection, type Section } from '../sections.ts';
import { normalizeLabel } from '../text.ts';
import { skipChildren, walkTree } from '../tree-walk.ts';
import { isAudience, type Audience } from './audience.ts';

/** A replacement of `[start, end)` in a report's text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What a link to a report that is not published becomes in a public report's body. */
export const internalReportText = 'an internal report';

/** Frontmatter fields that name people: the public edition leaves them out. */
export const peopleFields: readonly string[] = ['authors', 'reviewers'];

/** Frontmatter fields that link other reports. */
const linkFields = ['repeat_of', 'related'] as const;

/** `@owner` or `@org/team`, as the action-item parser reads owners (not an e-mail address or a path). */
const mentionPattern = /(?<![\w@./-])@[A-Za-z0-9][\w-]*(?:\/[A-Za-z0-9][\w-]*)?/g;

/**
 * A report's visibility: its validated `visibility`, else the one written (a
 * report whose other fields are invalid), else `publish.defaultVisibility`.
 */
export function visibilityOf(report: ParsedReport, config: Config): Audience {
  const written = (report.frontmatter.data as { visibility?: unknown } | undefined)?.visibility;
  return report.data?.visibility ?? (isAudience(written) ? written : config.publish.defaultVisibility);
}

/**
 * Whether the public edition publishes a report: public, with valid frontmatter,
 * and not a draft (a draft's `public-exposure` findings are only warnings, so an
 * unfinished report could still hold what must not be published).
 */
export function isPublished(report: ParsedReport, config: Config): boolean {
  return report.data !== undefined && report.data.status !== 'draft' && visibilityOf(report, config) === 'public';
}

/** The ids of the reports the public edition leaves out: internal ones, drafts, and unreadable or invalid files. */
export function unpublishedIds(reports: readonly ParsedReport[], config: Config): Set<string> {
  const published = new Set(reports.filter((report) => isPublished(report, config)).map((report) => report.id));
  return new Set(reports.map((report) => report.id).filter((id) => !published.has(id)));
}

/** Internal-section lookups already built, per configuration. */
const internalLookups = new WeakMap<Config, ReadonlyMap<string, SectionSpec>>();

/**
 * A lookup of the headings that name an internal section. An entry that names a
 * configured section (`Contributing Factors`, an alias of `Root Cause`) takes in
 * that section's name and every alias, so `## Root causes` is internal too.
 */
function internalLookup(config: Config): ReadonlyMap<string, SectionSpec> {
  let lookup = internalLookups.get(config);
  if (lookup) return lookup;
  const built = new Map<string, SectionSpec>();
  const sections = sectionLookup(config);
  for (const entry of config.publish.internalSections) {
    const spec = sections.get(normalizeLabel(entry)) ?? { name: entry, aliases: [], required: false };
    for (const label of [entry, spec.name, ...spec.aliases]) built.set(normalizeLabel(label), spec);
  }
  internalLookups.set(config, (lookup = built));
  return lookup;
}

/** The report's sections that the public edition leaves out (`publish.internalSections`). */
export function internalSectionsOf(report: ParsedReport, config: Config): Section[] {
  const lookup = internalLookup(config);
  if (lookup.size === 0) return [];
  return report.sections.filter(
    (section) => matchSection(section.title, lookup) !== undefined || (section.name !== undefined && lookup.has(normalizeLabel(section.name))),
  );
}

/** The offsets a section covers: from its heading to the next section (or the end of the text). */
function sectionRange(report: ParsedReport, section: Section): { start: number; end: number } | undefined {
  const start = report.tree.children[section.startIndex]?.position?.start.offset;
  if (start === undefined) return undefined;
  const end = report.tree.children[section.endIndex]?.position?.start.offset ?? report.text.length;
  return { start, end };
}

/** The id of the report a link leads to (`../id/`, `./id.md`, `/postmortems/id/#timeline`, a full URL), as its last path segment. */
export function linkedReportId(url: string): string | undefined {
  if (/^(?:mailto|tel):/i.test(url)) return undefined;
  const path = url.replace(/[?#].*$/s, '');
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  let last = segments.at(-1);
  if (last !== undefined && /^index(?:\.html?)?$/i.test(last)) last = segments.at(-2);
  if (last === undefined) return undefined;
  try {
    last = decodeURIComponent(last);
  } catch {
    // A malformed escape: the segment as written.
  }
  return last.replace(/\.(?:md|markdown|html?)$/i, '');
}

/** The offsets of a node in the file, when it has them. */
function rangeOf(node: Nodes): { start: number; end: number } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** Keeps a text's line breaks and nothing else, so every later line keeps its number. */
function blankLines(text: string): string {
  return text.replace(/[^\r\n]/g, '');
}

/**
 * What the public edition changes in a public report's body, as edits of its
 * text (offsets are the file's): internal sections out, links to unpublished
 * reports as plain text, HTML comments out, `@owner` mentions out of the action
 * items. Edits never overlap (an edit inside a removed section is dropped).
 *
 * @param unpublished the ids of the reports the public edition leaves out
 */
export function publicBodyEdits(report: ParsedReport, config: Config, unpublished: ReadonlySet<string>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const section of internalSectionsOf(report, config)) {
    const range = sectionRange(report, section);
    if (range) edits.push({ ...range, text: blankLines(report.text.slice(range.start, range.end)) });
  }
  const definitions = new Map<string, Definition>();
  walkTree(report.tree, (node) => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });
  const isUnpublished = (url: string) => {
    const id = linkedReportId(url);
    return id !== undefined && unpublished.has(id);
  };
  walkTree(report.tree, (node) => {
    const range = rangeOf(node);
    if (!range) return undefined;
    if (
      (node.type === 'link' && isUnpublished((node as Link).url)) ||
      (node.type === 'linkReference' && isUnpublished(definitions.get((node as LinkReference).identifier)?.url ?? ''))
    ) {
      edits.push({ ...range, text: internalReportText });
      return skipChildren;
    }
    if (node.type === 'definition' && isUnpublished(node.url)) edits.push({ ...range, text: '' });
    // Comments only: other raw HTML is the report's content, sanitized when rendered.
    if (node.type === 'html' && /^<!--[\s\S]*-->$/.test((node as Html).value.trim()))
      edits.push({ ...range, text: blankLines(report.text.slice(range.start, range.end)) });
    return undefined;
  });
  edits.push(...ownerEdits(report));
  return withoutOverlaps(edits);
}

/**
 * Edits that take owners out of the action items: every `@mention` in the Action
 * Items sections (and in any item outside them), and an owner written without `@`
 * in a table's Owner column.
 */
function ownerEdits(report: ParsedReport): TextEdit[] {
  const edits: TextEdit[] = [];
  const ranges = report.sections
    .filter((section) => section.name === actionItemsSectionName)
    .map((section) => sectionRange(report, section))
    .filter((range) => range !== undefined);
  for (const item of report.actionItems) {
    const start = item.place.start.offset;
    const end = item.place.end.offset;
    if (start !== undefined && end !== undefined) ranges.push({ start, end });
  }
  // A mention written as a link (`[@alice](https://github.com/alice)`) goes whole: its URL names the owner too.
  const inRanges = (node: Nodes) => {
    const range = rangeOf(node);
    return range !== undefined && ranges.some((outer) => range.start >= outer.start && range.end <= outer.end) ? range : undefined;
  };
  walkTree(report.tree, (node) => {
    if (node.type !== 'link') return;
    const range = inRanges(node);
    if (range && new RegExp(`^${mentionPattern.source}$`).test(toString(node).trim())) edits.push({ ...range, text: '' });
  });
  for (const range of ranges) {
    for (const match of allMatches(report.text.slice(range.start, range.end), mentionPattern)) {
      edits.push({ start: range.start + match.index, end: range.start + match.index + match[0].length, text: '' });
    }
  }
  for (const item of report.actionItems) {
    const start = item.place.start.offset;
    const end = item.place.end.offset;
    if (!item.owner || start === undefined || end === undefined) continue;
    const row = report.text.slice(start, end);
    if (row.includes(`@${item.owner}`)) continue;
    // A table cell holding only the owner's name (the Owner column), not the same word in the item's text.
    const cell = new RegExp(`(?<=\\|[ \\t]*)@?${item.owner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[ \\t]*(?:\\||$))`, 'gm');
    for (const match of row.matchAll(cell)) edits.push({ start: start + match.index, end: start + match.index + match[0].length, text: '' });
  }
  return edits;
}

/** The edits in text order, each dropped when it overlaps one kept before it (the outer one comes first). */
function withoutOverlaps(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const last = kept.at(-1);
    if (last && edit.start < last.end) continue;
    kept.push(edit);
  }
  return kept;
}

/** A text with non-overlapping edits applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = '';
  let position = 0;
  for (const edit of [...edits].sort((left, right) => left.start - right.start)) {
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position);
}

/**
 * A public report's frontmatter as the public edition writes it: without the
 * people fields, and without `repeat_of` and `related` entries naming an
 * unpublished report. From the YAML as written (not the validated data), so a
 * field left to its default stays unwritten and means what it meant.
 *
 * @param data the frontmatter's parsed YAML, a mapping
 */
export function publicFrontmatter(data: Record<string, unknown>, unpublished: ReadonlySet<string>): Record<string, unknown> {
  // No prototype: a `__proto__:` key stays a key (the check reports it), not the prototype of the copy.
  const result = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (peopleFields.includes(key)) continue;
    if ((linkFields as readonly string[]).includes(key)) {
      // A single value is a one-item list (`repeat_of: some-id`).
      const values = typeof value === 'string' ? [value] : value;
      result[key] = Array.isArray(values) ? values.filter((entry) => !(typeof entry === 'string' && unpublished.has(entry))) : value;
      continue;
    }
    result[key] = value;
  }
  return result;
}

/**
 * The frontmatter block for `data`: one line per field (flow style), padded with
 * blank lines to the original block's line count, so the body keeps its lines.
 */
function frontmatterText(data: Record<string, unknown>, originalLines: number): string {
  const flow = (value: unknown) => stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
  const lines = Object.entries(data).map(([key, value]) => `${flow(key)}: ${flow(value)}`);
  // The block is `---`, the fields, then `---`: blank lines make up the difference.
  const padding = Math.max(0, originalLines - 2 - lines.length);
  return `---\n${[...lines, ...Array<string>(padding).fill('')].join('\n')}\n---\n`;
}

/**
 * A public report as the public edition holds it: rewritten (see `publicBodyEdits`
 * and `publicFrontmatter`) and parsed again, so its sections, timeline, action
 * items and data all come from the rewritten text. Action items carry no owner,
 * whatever the text still says.
 *
 * @returns `undefined` when the rewritten report is not valid (never expected: it is left out rather than shown unredacted)
 */
export function publicReport(report: ParsedReport, config: Config, unpublished: ReadonlySet<string>): ParsedReport | undefined {
  const raw = report.frontmatter.data;
  if (!report.data || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const body = report.text.slice(report.frontmatter.endOffset);
  const shifted = publicBodyEdits(report, config, unpublished).map((edit) => ({
    ...edit,
    start: edit.start - report.frontmatter.endOffset,
    end: edit.end - report.frontmatter.endOffset,
  }));
  const originalLines = report.text.slice(0, report.frontmatter.endOffset).split('\n').length - 1;
  const text = frontmatterText(publicFrontmatter(raw as Record<string, unknown>, unpublished), originalLines) + applyEdits(body, shifted);
  const parsed = parseReport(report.path, text, config);
  if (!parsed.data) return undefined;
  return { ...parsed, actionItems: parsed.actionItems.map(({ owner: _owner, ...item }) => item) };
}

/** The public edition of a corpus: its published reports, each as `publicReport` makes it. */
export interface PublicEdition {
  reports: ParsedReport[];
  /** Public reports left out because their rewritten text did not parse as a valid report, by path. */
  withheld: string[];
}

/** The public edition of every report: the published ones, rewritten, in their order. */
export function publicEdition(reports: readonly ParsedReport[], config: Config): PublicEdition {
  const unpublished = unpublishedIds(reports, config);
  const edition: PublicEdition = { reports: [], withheld: [] };
  for (const report of reports) {
    if (!isPublished(report, config)) continue;
    const rewritten = publicReport(report, config, unpublished);
    if (rewritten) edition.reports.push(rewritten);
    else edition.withheld.push(report.path);
  }
  return edition;
}

/** What a site for one audience is made of. */
export interface SiteEdition {
  audience: Audience;
  /** The reports the site stores: every report for `internal`, the public edition for `public`. */
  reports: readonly ParsedReport[];
  /**
   * The check's diagnostics the site shows. None in the public edition: they are
   * the team's to-do list, and their messages quote other reports and text the
   * public edition leaves out.
   */
  diagnostics: readonly Diagnostic[];
  /** Public reports the public edition had to leave out (see `publicReport`), by path. */
  withheld: string[];
}

/**
 * The reports and diagnostics a site for `audience` is built from, after the
 * check has run on every report.
 */
export function siteEdition(audience: Audience, reports: readonly ParsedReport[], diagnostics: readonly Diagnostic[], config: Config): SiteEdition {
  if (audience === 'internal') return { audience, reports, diagnostics, withheld: [] };
  const edition = publicEdition(reports, config);
  return { audience, reports: edition.reports, diagnostics: [], withheld: edition.withheld };
}
