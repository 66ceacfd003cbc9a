/**
 * Whether a configured regular expression can backtrack catastrophically.
 *
 * Tracker patterns (`trackers[].pattern`) come from the configuration and run on
 * every URL in an action item. JavaScript's engine backtracks, so a pattern such
 * as `([A-Za-z]+-?)*\d+$` takes minutes on a URL of 40 characters: the inner and
 * outer repetitions can split the same letters in exponentially many ways. This
 * module reads a pattern's structure and names the part that makes it slow, so
 * the configuration is refused when it loads rather than hanging a check.
 *
 * It looks for the three shapes behind super-linear backtracking:
 *
 * - a repetition inside a repetition that can match the same characters
 *   (`(a+)+`, `([A-Za-z]+-?)*`, `(a{1,2})*`): exponential;
 * - alternatives inside a repetition that can match the same text (`(a|a)*`,
 *   `(\w|\d)+`, `(ab|abab)*`): exponential;
 * - two unbounded repetitions in a row that can match the same text, with
 *   nothing between them that only one of them could skip (`\d+\d+`,
 *   `.*\d+.*$`, two `.*` around a `/`): polynomial, and cubic once the engine
 *   retries at every start position.
 *
 * The reading is conservative: where a part is too complex to reason about
 * (a backreference, a Unicode property), it is taken to match anything, so a
 * pattern may be refused that would have been safe, never the reverse for these
 * shapes. Patterns are assumed to compile with the `u` flag.
 */
// The parts: `regex-safety/charset.ts` (sets of characters), `regex-safety/syntax.ts` (reading a
// pattern into a tree); this module holds the analysis.
import { anyChar, intersect, isSubset, noChar, union, type CharSet } from './regex-safety/charset.ts';
import { Reader, type RegexNode } from './regex-safety/syntax.ts';

/** Whether a part can match the empty string. */
function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
      return false;
    case 'sequence':
      return node.items.every(nullable);
    case 'alternation':
      return node.branches.some(nullable);
    case 'group':
      return node.lookaround || nullable(node.body);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    case 'assertion':
      return true;
  }
}

/** Every character a part can consume. */
function charsOf(node: RegexNode): CharSet {
  switch (node.type) {
    case 'char':
      return node.set;
    case 'sequence':
      return node.items.reduce<CharSet>((set, item) => union(set, charsOf(item)), noChar);
    case 'alternation':
      return node.branches.reduce<CharSet>((set, branch) => union(set, charsOf(branch)), noChar);
    case 'group':
      return node.lookaround ? noChar : charsOf(node.body);
    case 'repeat':
      return node.max === 0 ? noChar : charsOf(node.body);
    case 'assertion':
      return noChar;
  }
}

/** The characters `x` for which a part can match a run of `x` alone (`xxx`, or nothing when it is nullable). */
function pumpable(node: RegexNode): CharSet {
  if (nullable(node)) return anyChar;
  switch (node.type) {
    case 'char':
      return node.set;
    case 'sequence':
      return node.items.reduce<CharSet>((set, item) => intersect(set, pumpable(item)), anyChar);
    case 'alternation':
      return node.branches.reduce<CharSet>((set, branch) => union(set, pumpable(branch)), noChar);
    case 'group':
    case 'repeat':
      return pumpable(node.body);
    case 'assertion':
      return anyChar;
  }
}

/**
 * The character sets of a part's first characters, one per position, as far as
 * they are fixed (`/[a-z]+` gives `/`, `[a-z]`). Two alternatives whose lists
 * differ somewhere cannot match the same text.
 */
function leadingSets(node: RegexNode, limit = 16): CharSet[] {
  const sets: CharSet[] = [];
  const walk = (part: RegexNode): boolean => {
    if (sets.length >= limit) return false;
    switch (part.type) {
      case 'char':
        sets.push(part.set);
        return true;
      case 'sequence':
        return part.items.every(walk);
      case 'group':
        return !part.lookaround && walk(part.body);
      case 'repeat':
        // The first repetition is certain; after it, the length varies (unless fixed) and the list stops.
        if (part.min === 0) return false;
        for (let count = 0; count < part.min; count++) if (!walk(part.body)) return false;
        return part.min === part.max;
      case 'assertion':
        return true;
      default:
        return false;
    }
  };
  walk(node);
  return sets;
}

/** Whether two alternatives can match the same text, as far as their fixed first characters tell. */
function overlapping(left: RegexNode, right: RegexNode): boolean {
  const leftSets = leadingSets(left);
  const rightSets = leadingSets(right);
  for (let index = 0; index < Math.min(leftSets.length, rightSets.length); index++) {
    if (intersect(leftSets[index]!, rightSets[index]!).length === 0) return false;
  }
  return true;
}

/** Every part of a node, itself included, depth first. */
function* parts(node: RegexNode): Generator<RegexNode> {
  yield node;
  if (node.type === 'sequence') for (const item of node.items) yield* parts(item);
  else if (node.type === 'alternation') for (const branch of node.branches) yield* parts(branch);
  else if (node.type === 'group' || node.type === 'repeat') yield* parts(node.body);
}

/** Whether a part holds a repetition without an upper bound. */
function unbounded(node: RegexNode): boolean {
  for (const part of parts(node)) if (part.type === 'repeat' && part.max === Infinity) return true;
  return false;
}

/** A part that must be matched between two repetitions: the characters it uses, and those it can match a run of. */
interface Stretch {
  chars: CharSet;
  runs: CharSet;
}

/** An unbounded repetition at one end of a part, and what must be matched between it and that end. */
interface Edge {
  loop: CharSet;
  stretch: Stretch[];
}

/** The part's own stretch, when it cannot be skipped. */
function stretchOf(node: RegexNode): Stretch[] {
  return nullable(node) ? [] : [{ chars: charsOf(node), runs: pumpable(node) }];
}

/**
 * The first and last unbounded repetitions of a part that holds one, with what
 * separates each from the part's start or end: `(/[a-z]+)?` enters its loop only
 * after a `/`. Alternatives are read as a whole (conservative).
 */
function edges(node: RegexNode): { first: Edge; last: Edge } | undefined {
  if (!unbounded(node)) return undefined;
  if (node.type === 'repeat' && node.max === Infinity) {
    // Each round of `(?:\.\d+)*` starts with a `.`: what its body must match before its own loop separates it too.
    const inner = nullable(node.body) ? undefined : edges(node.body);
    const loop = charsOf(node.body);
    return { first: { loop, stretch: inner?.first.stretch ?? [] }, last: { loop, stretch: inner?.last.stretch ?? [] } };
  }
  const items = node.type === 'sequence' ? node.items : (node.type === 'group' && !node.lookaround) || node.type === 'repeat' ? [node.body] : undefined;
  const firstIndex = items ? items.findIndex(unbounded) : -1;
  const lastIndex = items ? items.findLastIndex(unbounded) : -1;
  const firstEdges = items?.[firstIndex] && edges(items[firstIndex]);
  const lastEdges = items?.[lastIndex] && edges(items[lastIndex]);
  if (!items || !firstEdges || !lastEdges) {
    const edge = { loop: charsOf(node), stretch: [] };
    return { first: edge, last: edge };
  }
  return {
    first: { loop: firstEdges.first.loop, stretch: [...items.slice(0, firstIndex).flatMap(stretchOf), ...firstEdges.first.stretch] },
    last: { loop: lastEdges.last.loop, stretch: [...lastEdges.last.stretch, ...items.slice(lastIndex + 1).flatMap(stretchOf)] },
  };
}

/**
 * Whether two unbounded repetitions, one after the other with `middle` between
 * them, can share out the same text in many ways: they have characters in
 * common, and what lies between them can be matched by a run of one of those
 * characters or uses only characters both can match (`.*` and `.*` around `/`).
 */
function competing(first: CharSet, middle: readonly Stretch[], second: CharSet): boolean {
  const shared = intersect(first, second);
  if (shared.length === 0) return false;
  const runs = middle.reduce<CharSet>((set, part) => intersect(set, part.runs), shared);
  const used = middle.reduce<CharSet>((set, part) => union(set, part.chars), noChar);
  return runs.length > 0 || isSubset(used, shared);
}

/** What makes a pattern slow: the kind of shape and the fragments of the pattern that form it. */
export interface RegexHazard {
  /** `exponential` (minutes on a short input) or `polynomial` (seconds on a long one). */
  growth: 'exponential' | 'polynomial';
  /** What is wrong, to follow "Unexpected": `repetition inside a repetition \`(a+)+\``. */
  problem: string;
  /** How to rewrite it. */
  hint: string;
}

/**
 * The first shape in `pattern` that can make a backtracking engine take
 * super-linear time, or `undefined` when there is none.
 *
 * @param pattern a pattern that compiles with the `u` flag
 * @throws {SyntaxError} when the pattern cannot be read
 */
export function regexHazard(pattern: string): RegexHazard | undefined {
  const root = new Reader(pattern).read();
  const fragment = (node: RegexNode) => `\`${pattern.slice(node.start, node.end)}\``;
  for (const repeat of parts(root)) {
    if (repeat.type !== 'repeat' || repeat.max < 2) continue;
    const body = repeat.body;
    const runs = pumpable(body);
    for (const inner of parts(body)) {
      if (inner.type === 'repeat' && inner.min !== inner.max && intersect(runs, pumpable(inner.body)).length > 0) {
        return {
          growth: 'exponential',
          problem: `repetition ${fragment(inner)} inside the repetition ${fragment(repeat)}`,
          hint: 'repeat each part once, as in `[A-Za-z0-9-]+` rather than `([A-Za-z0-9]+-?)*`',
        };
      }
      if (inner.type === 'alternation') {
        for (let left = 0; left < inner.branches.length; left++) {
          for (let right = left + 1; right < inner.branches.length; right++) {
            if (overlapping(inner.branches[left]!, inner.branches[right]!)) {
              return {
                growth: 'exponential',
                problem: `alternatives ${fragment(inner.branches[left]!)} and ${fragment(inner.branches[right]!)} that match the same text inside the repetition ${fragment(repeat)}`,
                hint: 'make the alternatives start differently, or merge them into one character class',
              };
            }
          }
        }
      }
    }
  }
  for (const sequence of parts(root)) {
    if (sequence.type !== 'sequence') continue;
    const items = sequence.items;
    for (let first = 0; first < items.length; first++) {
      const before = edges(items[first]!)?.last;
      if (!before) continue;
      for (let second = first + 1; second < items.length; second++) {
        const after = edges(items[second]!)?.first;
        if (!after) continue;
        const middle = [...before.stretch, ...items.slice(first + 1, second).flatMap(stretchOf), ...after.stretch];
        if (competing(before.loop, middle, after.loop)) {
          return {
            growth: 'polynomial',
            problem: `repetitions ${fragment(items[first]!)} and ${fragment(items[second]!)} that can match the same text one after the other`,
            hint: 'separate them with a character the first cannot match, as in `[^/]+/\\d+` rather than `.*\\d+`',
          };
        }
      }
    }
  }
  return undefined;
}

/**
 * Why a configured tracker pattern is refused, as a configuration message
 * ("Unexpected X, expected Y"), or `undefined` when it runs in linear time (or
 * does not compile, which the schema reports on its own).
 *
 * @param pattern the `trackers[].pattern` value, compiled with the `u` flag
 */
export function trackerPatternProblem(pattern: string): string | undefined {
  let hazard: RegexHazard | undefined;
  try {
    new RegExp(pattern, 'u');
    hazard = regexHazard(pattern);
  } catch {
    return undefined;
  }
  if (!hazard) return undefined;
  const cost =
    hazard.growth === 'exponential'
      ? 'this one can backtrack for minutes on a URL of a few dozen characters'
      : 'this one slows down with the square of a long URL';
  return `Unexpected ${hazard.problem} in \`${pattern}\`, expected a pattern that runs in time proportional to the URL's length (${cost}); ${hazard.hint}`;
}
