/**
 * A report's body as its page shows it: the Markdown rendered and sanitized,
 * with the timeline and the action items replaced by the site's structured
 * versions (times in one zone, elapsed time, GitHub state), each in the place
 * the report wrote it. The reader sees every entry and every item once.
 *
 * The parser knows where each timeline entry and each action item is; the
 * stretch of top-level blocks holding them (tables, lists, and the day or group
 * headings just above them) is cut out, the section's heading and prose kept.
 * Pure: a parsed report in, plain data out.
 */
import type { Root, RootContent } from 'mdast';
import type { Config } from '../config.ts';
import { lastIndexAtOrBefore } from '../offsets.ts';
import type { ParsedReport } from '../parse.ts';
import { renderTree, renderTreePieces, type BodyCut } from '../render.ts';
import { sectionDepthOf } from '../sections.ts';
import { imageReferences, withPublishedImages } from './images.ts';

/** What the page puts in place of a stretch of the body. */
export type BodySlot = 'timeline' | 'actions';

/** A piece of a stored body: sanitized HTML, or where a structured part goes. */
export type SiteBodyPart = { html: string } | { slot: BodySlot };

/** Index of the top-level node whose source holds `offset`, if any (children are in source order). */
function topLevelIndex(children: readonly RootContent[], offset: number): number | undefined {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const position = children[middle]!.position;
    if (!position || position.start.offset === undefined || position.end.offset === undefined) return children.findIndex((node) => contains(node, offset));
    if (offset < position.start.offset) high = middle - 1;
    else if (offset >= position.end.offset) low = middle + 1;
    else return middle;
  }
  return undefined;
}

function contains(node: RootContent, offset: number): boolean {
  const { start, end } = node.position ?? {};
  return start?.offset !== undefined && end?.offset !== undefined && offset >= start.offset && offset < end.offset;
}

function isSectionHeading(node: RootContent | undefined, depth: number): boolean {
  return node?.type === 'heading' && node.depth <= depth;
}

/**
 * The stretches of top-level nodes holding some entries: consecutive holders
 * join unless a section heading stands between them, and each stretch takes in
 * the deeper headings right above it (`### Sep 7, 2022`, `### Process
 * improvements`), which the structured version shows in its own way.
 *
 * @returns `[first, last]` indexes, in order
 */
function stretches(tree: Root, offsets: readonly (number | undefined)[], depth: number): [number, number][] {
  const indexes = [
    ...new Set(
      offsets.flatMap((offset) => (offset === undefined ? [] : [topLevelIndex(tree.children, offset)])).filter((index): index is number => index !== undefined),
    ),
  ]
    // A section heading itself is never cut: the page keeps every section's heading.
    .filter((index) => !isSectionHeading(tree.children[index], depth))
    .sort((left, right) => left - right);
  const result: [number, number][] = [];
  for (const index of indexes) {
    const last = result.at(-1);
    if (last && !tree.children.slice(last[1] + 1, index).some((node) => isSectionHeading(node, depth))) last[1] = index;
    else result.push([index, index]);
  }
  for (const stretch of result) {
    while (stretch[0] > 0 && tree.children[stretch[0] - 1]?.type === 'heading' && !isSectionHeading(tree.children[stretch[0] - 1], depth)) stretch[0]--;
  }
  return result;
}

/**
 * Where the structured timeline and action items go: the first stretch of each
 * gets the slot; later stretches (a timeline split by another section) are left
 * out, their entries shown at the first. An action items stretch that overlaps
 * the timeline's is left alone.
 */
export function structuredCuts(report: ParsedReport): BodyCut[] {
  const tree = report.tree;
  const depth = report.sections[0]?.depth ?? sectionDepthOf(tree);
  const offsetOf = (index: number, edge: 'start' | 'end') => tree.children[index]?.position?.[edge].offset;
  const cutsOf = (found: [number, number][], slot: BodySlot): BodyCut[] =>
    found.flatMap(([first, last], position) => {
      const start = offsetOf(first, 'start');
      const end = offsetOf(last, 'end');
      return start === undefined || end === undefined ? [] : [{ start, end, ...(position === 0 ? { slot } : {}) }];
    });
  const timeline = cutsOf(
    stretches(
      tree,
      report.timeline.map((entry) => entry.place.start.offset),
      depth,
    ),
    'timeline',
  );
  const actions = cutsOf(
    stretches(
      tree,
      report.actionItems.map((item) => item.place.start.offset),
      depth,
    ),
    'actions',
  ).filter(
    // Timeline cuts are sorted and apart: only the last one starting before this cut ends can overlap it.
    (cut) => (timeline[lastIndexAtOrBefore(timeline, (other) => other.start, cut.end - 1)]?.end ?? -Infinity) <= cut.start,
  );
  // An actions stretch dropped for overlapping loses its slot: the first one left takes it.
  if (actions.length > 0 && actions.every((cut) => cut.slot === undefined)) actions[0] = { ...actions[0]!, slot: 'actions' };
  return [...timeline, ...actions].sort((left, right) => left.start - right.start);
}

/** Options of `renderBody`. */
export interface BodyOptions {
  config: Config;
  /** The site's base path, for images published from the report's folder (default `config.site.base`). */
  base?: string;
}

/**
 * The body of a report page: sanitized HTML around the places of the structured
 * timeline and action items, images from the report's folder pointing at their
 * published copies, without the leading `#` title, sections as `h2` (the page's
 * `h1` is the title). When raw HTML wraps a timeline or an item list, it cannot
 * be cut out: the body is then one piece, and the page shows the structured
 * parts after it.
 */
export function renderBody(report: ParsedReport, { config, base = config.site.base }: BodyOptions): SiteBodyPart[] {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const tree = withPublishedImages(report.tree, imageReferences(report.tree, report.path, config.content), prefix);
  const options = { dropLeadingTitle: true, topLevel: 2, config };
  const pieces = renderTreePieces(tree, structuredCuts(report), options);
  if (!pieces) return [{ html: renderTree(tree, options) }];
  return pieces.map((piece) => ('slot' in piece ? { slot: piece.slot as BodySlot } : { html: piece.html }));
}
