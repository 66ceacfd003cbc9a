/**
 * The facts a source states about itself, from its frontmatter and header lines
 * (`**Date:** …`, `| Severity | SEV-2 |`), and the small readers of their values
 * (lists, service and author names).
 */
import { slugify } from '../scaffold.ts';
import { type FieldMeaning, type HeaderField, keyMeaning } from './fields.ts';

/** A value from the source frontmatter or a header fact, with where it was found. */
export interface Fact {
  meaning: FieldMeaning;
  /** The key as written. */
  key: string;
  value: string;
  /** `frontmatter`, `header line 3`, `line 120`. */
  where: string;
  /** Frontmatter and header facts are declared; facts in the body are second choice. */
  declared: boolean;
}

/** Facts in order of trust: the frontmatter, then the header, then the body. */
export function collectFacts(frontmatter: Record<string, unknown> | undefined, fields: readonly HeaderField[]): Fact[] {
  const facts: Fact[] = [];
  for (const [key, value] of Object.entries(frontmatter ?? {})) {
    // A Hindsight report imported again: its impact window is a mapping of the same three times.
    if (key === 'impact' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [part, meaning] of [
        ['start', 'start'],
        ['end', 'end'],
        ['detected', 'detected'],
      ] as const) {
        const time = (value as Record<string, unknown>)[part];
        if (typeof time === 'string') facts.push({ meaning, key: `impact.${part}`, value: time.replace('T', ' '), where: 'frontmatter', declared: true });
      }
      continue;
    }
    const meaning = keyMeaning(key);
    if (!meaning) continue;
    for (const text of scalarTexts(value)) facts.push({ meaning, key, value: text, where: 'frontmatter', declared: true });
  }
  for (const inHeader of [true, false]) {
    for (const field of fields) {
      if (field.meaning && field.inHeader === inHeader) {
        // `Minutes downtime: 170` (GitLab's template) gives the unit in the key.
        const value = field.meaning === 'duration' && /^\d+$/.test(field.value) && /minutes/i.test(field.key) ? `${field.value} minutes` : field.value;
        facts.push({ meaning: field.meaning, key: field.key, value, where: `${inHeader ? 'header ' : ''}line ${field.line}`, declared: inHeader });
      }
    }
  }
  return facts;
}

/** The texts of a frontmatter value: a scalar, or the scalars of a list. */
function scalarTexts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(scalarTexts);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? [] : [value.toISOString().slice(0, 10)];
  if (typeof value === 'object') return [];
  const text = String(value).trim();
  return text === '' ? [] : [text];
}

/** `a, b and c`, `a; b`, `a & b` → the items. */
export function splitList(value: string): string[] {
  return value
    .split(/\s*(?:[,;]|\band\b|&|\n)\s*/i)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !/^(?:n\/?a|none|-+|tbd|unknown|\?+)$/i.test(item));
}

/** A service name as Hindsight keeps it: GitLab's `~"Service::Web"` label is `web`, `Checkout API` is `checkout-api`. */
export function serviceName(written: string): string {
  const unlabelled = written
    .replace(/~"([^"]+)"/g, '$1')
    .replace(/~(\S+)/g, '$1')
    .replace(/["“”]/g, '');
  return slugify(unlabelled.split('::').at(-1) ?? unlabelled);
}

/** An author as Hindsight keeps it: `Benjamin Elder <ben@example.com>` is `Benjamin Elder`. */
export function authorName(written: string): string {
  return written
    .replace(/<[^>]*@[^>]*>/g, '')
    .replace(/\(\s*[^)]*@[^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Statuses that say the source was not finished (`Complete, action items in progress` is finished: the status leads). */
export const unfinishedStatus =
  /^\W*(?:draft|wip|work in progress|in progress|ongoing|investigating|open|unresolved|todo|to do|pending|incomplete|in review|under review)\b/i;
