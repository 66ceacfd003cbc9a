/**
 * A report's words as repeat detection counts them (the similarity core's
 * `terms`: lower case, stop words dropped, synonyms folded, stemmed), field by
 * field: the title, the tags, and the text of the sections that say what
 * happened and why.
 *
 * They depend on the report alone, so the parse works them out once and the
 * parse cache keeps them: a warm `check` of 10,000 reports spent most of its
 * repeat detection splitting and stemming every report's text again.
 */
import type { Nodes, Root } from 'mdast';
import type { Frontmatter } from './schema.ts';
import { sectionContent, type Section } from './sections.ts';
import type { SimilarityDocument, TextField } from './similarity.ts';
import { terms } from './similarity.ts';
import { normalizeLabel } from './text.ts';

/** A report's terms, by field (a field without text has none). */
export type ReportTerms = Partial<Record<TextField, string[]>>;

/**
 * Which configured section names feed which text field. Presets name the same
 * section differently (`Overview` / `Summary`, `Resolution` / `Recovery`).
 */
const sectionFields: Readonly<Record<'overview' | 'rootCause' | 'impact' | 'resolution', readonly string[]>> = {
  overview: ['overview', 'summary'],
  rootCause: ['root cause', 'trigger', 'fault'],
  impact: ['impact', 'what happened'],
  resolution: ['resolution', 'recovery'],
};

/** The words of a Markdown subtree, with spaces between nodes (so list items do not run together). Code blocks are skipped. */
function plainText(nodes: readonly Nodes[]): string {
  const parts: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'text' || node.type === 'inlineCode') parts.push(node.value);
    else if (node.type === 'code' || node.type === 'html') return;
    else if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  for (const node of nodes) visit(node);
  return parts.join(' ');
}

/**
 * The text of the sections that say what happened and why, by field. A report
 * without an overview section contributes its whole body as the overview, so
 * that free-form reports are still compared.
 */
export function sectionTexts(
  tree: Root,
  report: { sections: readonly Section[] },
): Pick<SimilarityDocument, 'overview' | 'rootCause' | 'impact' | 'resolution'> {
  const texts: Partial<Record<keyof typeof sectionFields, string>> = {};
  for (const section of report.sections) {
    const name = normalizeLabel(section.name ?? section.title);
    for (const [field, names] of Object.entries(sectionFields) as Array<[keyof typeof sectionFields, readonly string[]]>) {
      if (!names.includes(name)) continue;
      const text = plainText(sectionContent(tree, section));
      texts[field] = texts[field] ? `${texts[field]} ${text}` : text;
    }
  }
  if (texts.overview === undefined) texts.overview = plainText(tree.children);
  return texts;
}

/** A report's terms, by field; none without valid frontmatter (repeat detection leaves such a report out). */
export function reportTerms(report: { tree: Root; sections: readonly Section[]; data?: Frontmatter }): ReportTerms | undefined {
  if (!report.data) return undefined;
  const texts: Partial<Record<TextField, string | undefined>> = {
    title: report.data.title,
    tags: report.data.tags.join(' '),
    ...sectionTexts(report.tree, report),
  };
  const found: ReportTerms = {};
  for (const [field, text] of Object.entries(texts) as Array<[TextField, string | undefined]>) if (text) found[field] = terms(text);
  return found;
}
