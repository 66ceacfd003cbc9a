/**
 * An imported report's title, and the slug its file name is made of.
 *
 * The title comes from the source's frontmatter, else its `#` heading, else the
 * first heading when nothing comes before it (`## INCIDENT REPORT: …`), else the
 * file name. It is kept as written (`2017-09-27, Hub 403`): it is history. The
 * slug leaves out what the file name already says or what every report says:
 * the date, and words such as "Incident report:" or "Postmortem -".
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { SectionSpec } from '../config.ts';
import { slugify } from '../scaffold.ts';
import { matchSection } from '../sections.ts';
import { findDates } from './dates.ts';
import { fieldMeaning, isMetadataHeading, plainInline, readKeyValue } from './fields.ts';

/** Where a title came from. */
export type TitleSource = 'frontmatter' | 'heading' | 'file name';

/** A report's title and where it was found. */
export interface FoundTitle {
  title: string;
  source: TitleSource;
  /** The 1-based line of the heading, for a title from a heading. */
  line?: number;
}

/** `Title:` before the title itself, as some templates write it. */
const titleLabel = /^title\s*:\s*/i;

/**
 * The text of a heading that can be a title: not a section name (`# Summary`),
 * not a block of facts (`# Metadata`), not one fact (`## Date: 12th March 2023`),
 * except a `#` heading that says more than its date (`# incident date:
 * 2019-02-20, kubectl logs unavailable`).
 */
function headingTitle(text: string, depth: number, lookup: ReadonlyMap<string, SectionSpec>): string | undefined {
  const plain = plainInline(text);
  const withoutLabel = plain.replace(titleLabel, '').trim();
  if (withoutLabel === '' || matchSection(withoutLabel, lookup) || isMetadataHeading(withoutLabel)) return undefined;
  const keyValue = withoutLabel === plain ? readKeyValue(plain) : undefined;
  const meaning = keyValue && fieldMeaning(keyValue.key);
  if (keyValue && meaning && !(depth === 1 && meaning === 'date' && removeDates(keyValue.value) !== '')) return undefined;
  return withoutLabel;
}

/**
 * Finds the title of a report.
 *
 * @param tree the body, parsed with the file's positions
 * @param frontmatterTitle the source frontmatter's `title`, when it has one
 * @param fileName the file's name
 * @param lookup the configured section names (a `# Summary` heading is not a title)
 */
export function findTitle(tree: Root, frontmatterTitle: unknown, fileName: string, lookup: ReadonlyMap<string, SectionSpec>): FoundTitle {
  if (typeof frontmatterTitle === 'string' && frontmatterTitle.trim() !== '') return { title: frontmatterTitle.trim(), source: 'frontmatter' };
  const children = tree.children;
  const headings = children.flatMap((node, index) => (node.type === 'heading' ? [{ node, index }] : []));
  // The first `#` heading that can be a title; else the first heading, when nothing comes before it.
  const candidates = [
    ...headings.filter(({ node }) => node.depth === 1).slice(0, 1),
    ...(children[0]?.type === 'heading' ? [{ node: children[0], index: 0 }] : []),
  ];
  for (const { node, index } of candidates) {
    const text = toString(node);
    const title = headingTitle(text, node.depth, lookup);
    if (title) return { title, source: 'heading', line: node.position?.start.line ?? 0 };
    // `# Title:` on its own line, the title in the next heading or paragraph.
    if (plainInline(text).replace(titleLabel, '') === '' && titleLabel.test(plainInline(text))) {
      const next = children[index + 1];
      const nextText = next && (next.type === 'heading' || next.type === 'paragraph') ? plainInline(toString(next)) : '';
      if (nextText !== '' && nextText.length <= 200) return { title: nextText, source: 'heading', line: next?.position?.start.line ?? 0 };
    }
  }
  return { title: titleFromFileName(fileName), source: 'file name' };
}

/** A title from a file name: `2024-02-28-decide is down.md` → `decide is down`. */
function titleFromFileName(fileName: string): string {
  // `003-instantschools-….md`: a sequence number says nothing about the incident.
  const stem = fileName.replace(/\.(?:md|markdown)$/i, '').replace(/^\d{1,4}(?=[-_ ])(?!-\d{2}-\d{2})/, '');
  const withoutDate = removeDates(stem.replace(/_/g, ' '));
  const words = withoutDate.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words === '' ? stem : words;
}

/** A text without its dates and the separators around them (`2017-09-27, Hub 403` → `Hub 403`). */
function removeDates(text: string): string {
  let result = text;
  for (const found of findDates(text).reverse()) result = `${result.slice(0, found.start)} ${result.slice(found.end)}`;
  return (
    result
      .replace(/\(\s*\)|\[\s*\]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[\s,:;|–—-]+|[\s,:;|–—-]+$/g, '')
      // `Shai-Hulud attack on November 24th, 2025` leaves `… attack on`.
      .replace(/\s+(?:on|at|in|of|from|during|for|since)$/i, '')
  );
}

/** A generic lead that every postmortem could start its title with ("Incident report:", "Postmortem for"), left out of slugs. */
const genericLead =
  /^(?:incident|post[\s-]?mortem|rca|root cause analysis)(?:\s+(?:report|review|analysis|summary|post[\s-]?mortem))?(?:\s*#?\d+)?\s*(?:[:|–—-]\s*|\s+(?:for|of|on)\s+)/i;

/**
 * The slug of an imported report's file name: the title without its dates and a
 * generic lead ("Incident report:", "Post-Mortem -"), slugified as `hindsight new`
 * does; the file name's words when that leaves nothing; `incident` as a last resort.
 */
export function importSlug(title: string, fileName: string): string {
  // `incident date: 2019-02-20, kubectl logs unavailable`: the key is not part of the incident's name.
  const keyValue = readKeyValue(title);
  const named = keyValue && fieldMeaning(keyValue.key) ? keyValue.value : title;
  const withoutDates = removeDates(named);
  const lead = genericLead.exec(withoutDates);
  const trimmed = lead && lead[0].length < withoutDates.length ? withoutDates.slice(lead[0].length) : withoutDates;
  return slugify(trimmed) || slugify(titleFromFileName(fileName)) || 'incident';
}
