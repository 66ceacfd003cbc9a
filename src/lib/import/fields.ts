/**
 * Header facts of a report written without Hindsight frontmatter: the `Key: value`
 * lines, bold keys (`**Date:** …`, `**Severity**: …`), headings that hold a fact
 * (`## Date: 12th March 2023`, or `## Authors` over one short paragraph),
 * two-column tables (`| Severity | SEV-2 |`, as Notion and Confluence export
 * them) and one-row tables whose header names the facts.
 *
 * Facts are read wherever they are, but the report's header (what comes before
 * its first section, and sections such as `# Metadata` or `## Stats`) is where a
 * fact is meant: a key found there that Hindsight has no field for is reported, so
 * the user knows it stayed in the body only.
 */
import type { Heading, List, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { SectionSpec } from '../config.ts';
import { matchSection } from '../sections.ts';
import { normalizeLabel } from '../text.ts';

/** What a header key means for a Hindsight report. */
export type FieldMeaning =
  | 'title'
  | 'date'
  | 'created'
  | 'start'
  | 'end'
  | 'detected'
  | 'duration'
  | 'detectionDelay'
  | 'severity'
  | 'priority'
  | 'urgency'
  | 'status'
  | 'services'
  | 'authors'
  | 'tags'
  | 'timezone';

/** Keys by meaning, normalised as `normalizeLabel` does (`Service(s) affected` is `service s affected`). */
const keysByMeaning: Record<FieldMeaning, readonly string[]> = {
  title: ['title', 'incident title', 'subject', 'report title'],
  date: [
    'date',
    'dates',
    'date s',
    'incident date',
    'date of incident',
    'day',
    'incident day',
    'date occurred',
    'occurred',
    'occurred on',
    'occurred at',
    'happened on',
    'when',
    'date and time',
    'date time',
    'incident date and time',
    'outage date',
    'event date',
  ],
  created: ['created', 'created at', 'created on', 'opened', 'opened at', 'triggered', 'triggered at', 'declared', 'declared at', 'incident declared'],
  start: [
    'start',
    'start time',
    'start date',
    'started',
    'started at',
    'start of impact',
    'impact start',
    'impact started',
    'impact began',
    'incident start',
    'incident start time',
    'incident started',
    'began',
    'began at',
    'outage start',
    'outage began',
    'outage started',
    'time of incident',
    'incident time',
    'time',
    'first impact',
    'issue start',
    'downtime start',
    'start of incident',
    'impact started at',
    'incident started at',
    'started on',
    'began on',
    'start of outage',
    'first seen',
  ],
  end: [
    'end',
    'end time',
    'end date',
    'ended',
    'ended at',
    'end of impact',
    'impact end',
    'impact ended',
    'incident end',
    'incident end time',
    'incident ended',
    'resolved',
    'resolved at',
    'resolved on',
    'resolution time',
    'time resolved',
    'recovered',
    'recovered at',
    'outage end',
    'outage ended',
    'mitigated',
    'mitigated at',
    'fixed at',
    'downtime end',
    'all clear',
    'end of incident',
    'impact ended at',
    'incident ended at',
    'end of outage',
    'resolved time',
  ],
  detected: [
    'detected',
    'detected at',
    'detection time',
    'time detected',
    'time of detection',
    'first detected',
    'alerted',
    'alerted at',
    'alert time',
    'reported',
    'reported at',
    'first reported',
    'discovered',
    'discovered at',
    'detected on',
  ],
  duration: [
    'duration',
    'total duration',
    'impact duration',
    'total impact duration',
    'incident duration',
    'outage duration',
    'length',
    'downtime',
    'total downtime',
    'length of outage',
    'duration of impact',
    'outage length',
    'minutes downtime',
    'minutes downtime or degradation',
    'minutes of downtime',
  ],
  detectionDelay: ['detection delay', 'time to detection', 'time to detect', 'time until detection', 'ttd'],
  severity: ['severity', 'sev', 'incident severity', 'severity level', 'level', 'incident level', 'impact level', 'incident sev', 'sev level'],
  priority: ['priority', 'incident priority', 'prio'],
  urgency: ['urgency'],
  status: ['status', 'incident status', 'state', 'report status', 'postmortem status', 'post mortem status', 'current status', 'document status'],
  services: [
    'services',
    'service',
    'service s',
    'affected services',
    'affected service',
    'affected service s',
    'services affected',
    'service affected',
    'service s affected',
    'impacted services',
    'impacted service',
    'services impacted',
    'components',
    'component',
    'component s',
    'affected components',
    'affected component',
    'components affected',
    'affected systems',
    'affected system',
    'systems affected',
    'system',
    'systems',
    'product',
    'products',
    'affected products',
    'affected product',
    'application',
    'applications',
    'affected applications',
    'app',
    'apps',
  ],
  authors: [
    'author',
    'authors',
    'author s',
    'written by',
    'created by',
    'prepared by',
    'report author',
    'report authors',
    'postmortem author',
    'postmortem authors',
    'post mortem author',
    'postmortem owner',
    'post mortem owner',
    'owner of the postmortem',
    'report owner',
    'document owner',
    'owner',
    'owners',
    'editor',
    'editors',
  ],
  tags: ['tags', 'tag', 'labels', 'label', 'categories', 'category', 'keywords', 'topics'],
  timezone: ['timezone', 'time zone', 'tz', 'times in', 'all times in'],
};

const meaningByKey: ReadonlyMap<string, FieldMeaning> = new Map(
  (Object.entries(keysByMeaning) as Array<[FieldMeaning, readonly string[]]>).flatMap(([meaning, keys]) => keys.map((key) => [key, meaning] as const)),
);

/** What a key means (`Date of incident` → `date`), when Hindsight has a field for it: the keys above, exactly. */
export function fieldMeaning(key: string): FieldMeaning | undefined {
  return meaningByKey.get(normalizeLabel(key));
}

/**
 * Words that, in a key no list above has, still say what it holds (`Incident
 * Severity Level`, `Date of outage (UTC)`, `Outage duration (minutes)`), unless the
 * key is about something else (`Review date`, `Service owner`).
 */
const meaningWords: ReadonlyArray<readonly [RegExp, FieldMeaning, RegExp?]> = [
  [/\b(?:time zone|timezone)\b/, 'timezone'],
  [/\b(?:severity|sev)\b/, 'severity'],
  [/\bpriority\b/, 'priority'],
  [/\b(?:duration|downtime)\b/, 'duration', /\bto\b/],
  [/\bauthors?\b/, 'authors'],
  [/\b(?:services?|components?|systems?)\b/, 'services', /\b(?:owners?|teams?|level|account|accounts|desk|provider|agreement|status|health|now)\b/],
  [
    /\bdate\b/,
    'date',
    /\b(?:modified|updated?|last|review|reviewed|meeting|due|publish|published|report|document|next|target|completion|completed|follow|action|retro|retrospective|postmortem|post mortem|created|resolved|resolution|end|closed|close)\b/,
  ],
];

/**
 * What a key of a header line, a table row or the frontmatter means: a known key,
 * else a key whose words say it. Headings use `fieldMeaning` alone, since `##
 * Service dependencies` is a section, not a fact.
 */
export function keyMeaning(key: string): FieldMeaning | undefined {
  const exact = fieldMeaning(key);
  if (exact) return exact;
  const label = normalizeLabel(key);
  for (const [words, meaning, unless] of meaningWords) {
    if (words.test(label) && !unless?.test(label)) return meaning;
  }
  return undefined;
}

/** Section headings whose lines are header facts, not prose. */
const metadataHeadings = new Set([
  'metadata',
  'meta',
  'meta data',
  'details',
  'incident details',
  'incident information',
  'incident info',
  'information',
  'info',
  'properties',
  'facts',
  'key facts',
  'key information',
  'at a glance',
  'stats',
  'statistics',
  'incident stats',
  'incident metadata',
  'document information',
  'document details',
  'basic information',
  'overview table',
  'incident overview table',
  'header',
]);

/** Whether a heading names a block of facts (`# Metadata`, `## Stats`) or one fact (`## Authors`), not a section of prose. */
export function isMetadataHeading(title: string): boolean {
  return metadataHeadings.has(normalizeLabel(title)) || fieldMeaning(title) !== undefined;
}

/** A fact found in a report. */
export interface HeaderField {
  /** The key as written, Markdown removed (`Date`, `Service(s) affected`). */
  key: string;
  /** What it means, when Hindsight has a field for it. */
  meaning?: FieldMeaning;
  /** The value as written, Markdown removed. */
  value: string;
  /** The 1-based line in the file. */
  line: number;
  /** Whether it is in the report's header (before its first section, or in a metadata section). */
  inHeader: boolean;
}

/**
 * Inline Markdown to plain text: links and images to their text, autolinks to
 * their URL, emphasis and code markers dropped, HTML tags and hard breaks removed.
 */
export function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/\[([^\]]+)\](?!\()/g, '$1')
    .replace(/<(https?:[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?![\w*])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `**Date:** value`, `**Date**: value`, `*Date:* value`, `Date: value`: the key and the rest. */
const keyValuePatterns: readonly RegExp[] = [
  /^(?:\*\*|__)([^*_:]{1,40}?)\s*:\s*(?:\*\*|__)\s*(.*)$/,
  /^(?:\*\*|__)([^*_:]{1,40}?)(?:\*\*|__)\s*:\s*(.*)$/,
  /^[*_]([^*_:]{1,40}?):[*_]\s*(.*)$/,
  /^([\p{L}][^:*_`[\]<>|]{0,39}?)\s*:(?:\s+(.*)|\s*$)/u,
];

/**
 * A key that reads like a label, not the start of a sentence: at most five words,
 * starting with a letter, without sentence punctuation.
 */
function isKeyLike(key: string): boolean {
  if (!/^\p{L}/u.test(key) || /[.,;!?"]/.test(key)) return false;
  return key.split(/\s+/).length <= 5;
}

/** The key and value of one line, when it is a `Key: value` line. */
export function readKeyValue(line: string): { key: string; value: string } | undefined {
  // List markers and a task box before the key: `- **Date:** …`, `1. Service(s) affected: …`.
  const stripped = line.replace(/^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?/, '').trim();
  for (const pattern of keyValuePatterns) {
    const match = pattern.exec(stripped);
    if (!match) continue;
    const key = plainInline(match[1] ?? '');
    if (!isKeyLike(key)) return undefined;
    return { key, value: plainInline(match[2] ?? '') };
  }
  return undefined;
}

/** Lines of a node's source text, with their 1-based line numbers. */
function sourceLines(text: string, node: RootContent): Array<{ text: string; line: number }> {
  const start = node.position?.start;
  const end = node.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return [];
  return text
    .slice(start.offset, end.offset)
    .split(/\r?\n/)
    .map((lineText, index) => ({ text: lineText, line: start.line + index }));
}

/** The paragraphs of a list, nested lists included. */
function listParagraphs(list: List): Paragraph[] {
  const found: Paragraph[] = [];
  for (const item of list.children) {
    for (const child of item.children) {
      if (child.type === 'paragraph') found.push(child);
      else if (child.type === 'list') found.push(...listParagraphs(child));
    }
  }
  return found;
}

/** Facts in a table: each row of a two-column table, or the one data row of a table whose header names facts. */
function tableFields(table: Table, inHeader: boolean): HeaderField[] {
  const rows = table.children.map((row) => ({ cells: row.children.map((cell) => plainInline(toString(cell))), line: row.position?.start.line ?? 0 }));
  const header = rows[0];
  if (!header) return [];
  const fields: HeaderField[] = [];
  if (header.cells.length === 2) {
    for (const [position, { cells, line }] of rows.entries()) {
      const [key = '', value = ''] = cells;
      // `| Field | Value |` names the columns; a header row is a fact only when it reads like one (`| Date | 2023-03-04 |`).
      if (!isKeyLike(key) || value === '' || (position === 0 && fieldMeaning(key) === undefined)) continue;
      fields.push(field(key.replace(/:$/, ''), value, line, inHeader));
    }
    return fields;
  }
  const [data, ...more] = rows.slice(1);
  // `| Date | Severity | Services |` over a single row of values.
  if (!data || more.length > 0 || header.cells.filter((cell) => fieldMeaning(cell) !== undefined).length < 2) return [];
  header.cells.forEach((key, column) => {
    const value = data.cells[column] ?? '';
    if (isKeyLike(key) && value !== '') fields.push(field(key, value, data.line, inHeader));
  });
  return fields;
}

function field(key: string, value: string, line: number, inHeader: boolean): HeaderField {
  const meaning = keyMeaning(key);
  return { key, ...(meaning ? { meaning } : {}), value, line, inHeader };
}

/** How the heading at the top of a section sets the region that follows it. */
function headingKind(heading: Heading, lookup: ReadonlyMap<string, SectionSpec>): 'fact' | 'metadata' | 'content' {
  const title = plainInline(toString(heading));
  const label = normalizeLabel(title);
  if (matchSection(title, lookup)) return 'content';
  const keyValue = readKeyValue(title);
  // `## Date: 12th March 2023` is a fact; `# Incident Report: User Account Takeover` is a title.
  if (keyValue && keyValue.value !== '' && fieldMeaning(keyValue.key) !== undefined) return 'fact';
  if (isMetadataHeading(label)) return 'metadata';
  return 'content';
}

/**
 * Every fact in a report body, in document order.
 *
 * @param tree the body, parsed with the file's positions
 * @param text the whole file
 * @param lookup the configured section names, so that `## Timeline` is never a fact
 */
export function readHeaderFields(tree: Root, text: string, lookup: ReadonlyMap<string, SectionSpec>): HeaderField[] {
  const fields: HeaderField[] = [];
  let inHeader = true;
  let seenHeading = false;
  const children = tree.children;
  children.forEach((node, index) => {
    if (node.type === 'heading') {
      const first = !seenHeading;
      seenHeading = true;
      const kind = headingKind(node, lookup);
      const title = plainInline(toString(node));
      const line = node.position?.start.line ?? 0;
      if (kind === 'fact') {
        const keyValue = readKeyValue(title)!;
        fields.push(field(keyValue.key, keyValue.value, line, inHeader));
        return;
      }
      if (kind === 'metadata') {
        inHeader = true;
        // `## Authors` over one short paragraph: the paragraph is the value.
        const next = children[index + 1];
        const meaning = fieldMeaning(title);
        if (meaning && next?.type === 'paragraph') {
          const value = plainInline(toString(next));
          // A paragraph of `Key: value` lines (`## Date` over `Start: …`) is read line by line instead.
          if (value !== '' && value.length <= 200 && !sourceLines(text, next).some((entry) => readKeyValue(entry.text)?.value)) {
            fields.push(field(title, value, next.position?.start.line ?? line, true));
          }
        }
        return;
      }
      // The report's title (its first heading, when that is no section) does not end its header; the first section does.
      if (!first || matchSection(title, lookup)) inHeader = false;
      return;
    }
    const paragraphs = node.type === 'paragraph' ? [node] : node.type === 'list' ? listParagraphs(node) : [];
    for (const paragraph of paragraphs) {
      for (const { text: lineText, line } of sourceLines(text, paragraph)) {
        const keyValue = readKeyValue(lineText);
        if (keyValue && keyValue.value !== '') fields.push(field(keyValue.key, keyValue.value, line, inHeader));
      }
    }
    if (node.type === 'table') fields.push(...tableFields(node, inHeader));
  });
  return fields;
}
