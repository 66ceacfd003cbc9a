/**
 * Finds a report's sections and matches their headings to the configured names.
 */
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { SectionSpec } from './config.ts';
import { normalizeLabel, type Place } from './text.ts';

/** One section of a report body: a heading and everything up to the next heading of its depth or above. */
export interface Section {
  /** The heading's text as written. */
  title: string;
  /** The configured section it matches (its canonical `name`), if any. */
  name?: string;
  /** The heading depth (2 for `##`). */
  depth: number;
  /** Where the heading is. */
  headingPlace: Place;
  /** Index of the heading in `tree.children`. */
  startIndex: number;
  /** Index one past the section's last node in `tree.children`. */
  endIndex: number;
}

/**
 * The depth at which a report's sections sit. Reports normally have one `#` title
 * and `##` sections; some (learningequality's template) use `#` for every section.
 * With a lookup, the depth is the one whose headings name the most configured
 * sections, so a stray `# Stats` under the `# Title` does not make `#` the level
 * while `## Summary` and `## Timeline` are right there. Without one (or when no
 * heading names a section), two or more `#` headings make `#` the level.
 */
export function sectionDepthOf(tree: Root, lookup?: ReadonlyMap<string, SectionSpec>): number {
  let topLevel = 0;
  for (const node of tree.children) if (node.type === 'heading' && node.depth === 1) topLevel++;
  const byCount = topLevel >= 2 ? 1 : 2;
  if (!lookup) return byCount;
  const named = [1, 2].map((depth) => {
    const names = new Set<string>();
    for (const node of tree.children) {
      if (node.type !== 'heading' || node.depth !== depth) continue;
      const spec = matchSection(toString(node).trim(), lookup);
      if (spec) names.add(spec.name);
    }
    return names.size;
  });
  const [atOne = 0, atTwo = 0] = named;
  if (atOne === atTwo) return byCount;
  return atOne > atTwo ? 1 : 2;
}

/**
 * Splits the top level of the tree into sections.
 *
 * @param tree the body, parsed with positions
 * @param lookup normalised heading text → section spec
 */
export function findSections(tree: Root, lookup: ReadonlyMap<string, SectionSpec>): { depth: number; sections: Section[] } {
  const depth = sectionDepthOf(tree, lookup);
  const sections: Section[] = [];
  tree.children.forEach((node, position) => {
    if (node.type !== 'heading' || node.depth > depth || !node.position) return;
    const last = sections.at(-1);
    if (last && last.endIndex === -1) last.endIndex = position;
    if (node.depth < depth) return;
    const title = toString(node).trim();
    sections.push({
      title,
      name: matchSection(title, lookup)?.name,
      depth,
      headingPlace: { start: node.position.start, end: node.position.end },
      startIndex: position,
      endIndex: -1,
    });
  });
  const last = sections.at(-1);
  if (last && last.endIndex === -1) last.endIndex = tree.children.length;
  return { depth, sections };
}

/**
 * The spec a heading names. The whole heading first; then the heading without a
 * trailing qualifier in parentheses or after a colon or dash ("Timeline (all
 * times UTC)", "Action items: engineering", "Timeline - Sep 7"). A heading that
 * merely starts with a known name ("Follow-up timeline") is not that section.
 */
export function matchSection(title: string, lookup: ReadonlyMap<string, SectionSpec>): SectionSpec | undefined {
  const candidates = [title, title.replace(/\s*[([{].*$/, ''), title.replace(/\s*(?::|\s[-–—]\s).*$/, '')];
  for (const candidate of candidates) {
    const spec = lookup.get(normalizeLabel(candidate));
    if (spec) return spec;
  }
  return undefined;
}

/** The nodes of a section after its heading. */
export function sectionContent(tree: Root, section: Section): RootContent[] {
  return tree.children.slice(section.startIndex + 1, section.endIndex);
}
