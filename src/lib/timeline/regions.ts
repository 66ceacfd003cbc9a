/**
 * Where a report's timelines are: which stretches of the body the reader walks.
 * Kept apart from the walk because it is about sections, not times.
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { sectionLookup, type Config } from '../config.ts';
import { matchSection, type Section } from '../sections.ts';
import { readLeadingTime } from './grammar.ts';

/** A stretch of the body to read as a timeline: a heading and what follows it. */
export interface TimelineRegion {
  /** The heading's text (a zone in it, `Timeline (UTC)`, applies to the region). */
  title: string;
  /** Index of the heading in `tree.children`. */
  startIndex: number;
  /** Index one past the region's last node. */
  endIndex: number;
}

/**
 * The parts of the body that are timelines: every section matched to `Timeline`
 * (directly or through an alias), and any deeper heading that names it where the
 * report's sections sit one level up (`# Summary`, `# Details` with a `## Timeline`
 * under it: `#` is the section level, and the timeline would otherwise go unread).
 */
export function timelineRegions(tree: Root, sections: readonly Section[], config: Config): TimelineRegion[] {
  const regions: TimelineRegion[] = sections
    .filter((section) => section.name === 'Timeline')
    .map(({ title, startIndex, endIndex }) => ({ title, startIndex, endIndex }));
  const lookup = sectionLookup(config);
  // The sections' regions are in document order and the walk below goes forward, so one pointer says whether a
  // node is inside a region: a lookup over every region per heading was quadratic with thousands of sections.
  const fromSections = regions.length;
  let nextRegion = 0;
  let coveredUntil = 0;
  const covered = (index: number) => {
    while (nextRegion < fromSections && regions[nextRegion]!.startIndex <= index) coveredUntil = Math.max(coveredUntil, regions[nextRegion++]!.endIndex);
    return index < coveredUntil;
  };
  tree.children.forEach((node, index) => {
    if (node.type !== 'heading' || covered(index)) return;
    const title = toString(node).trim();
    if (matchSection(title, lookup)?.name !== 'Timeline') return;
    let endIndex = index + 1;
    while (endIndex < tree.children.length) {
      const next = tree.children[endIndex];
      if (next?.type === 'heading' && next.depth <= node.depth) break;
      endIndex++;
    }
    regions.push({ title, startIndex: index, endIndex });
    coveredUntil = Math.max(coveredUntil, endIndex);
  });
  // `## Timeline` followed by `## May 12`, `## May 13`: the dated sections continue the timeline.
  for (const region of regions) {
    const heading = tree.children[region.startIndex];
    const depth = heading?.type === 'heading' ? heading.depth : 2;
    for (;;) {
      const next = tree.children[region.endIndex];
      if (next?.type !== 'heading' || next.depth !== depth || !readLeadingTime(toString(next))) break;
      let endIndex = region.endIndex + 1;
      while (endIndex < tree.children.length) {
        const node = tree.children[endIndex];
        if (node?.type === 'heading' && node.depth <= depth) break;
        endIndex++;
      }
      region.endIndex = endIndex;
    }
  }
  return regions.sort((a, b) => a.startIndex - b.startIndex);
}
