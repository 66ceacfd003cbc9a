/**
 * Edit distance and "did you mean" suggestions, shared by the messages about
 * mistyped report ids and configuration keys.
 */

/** Levenshtein edit distance: the fewest single-character insertions, deletions or substitutions. */
export function editDistance(left: string, right: string): number {
  const row = Array.from({ length: right.length + 1 }, (_, position) => position);
  for (let i = 1; i <= left.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= right.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (left[i - 1] === right[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[right.length]!;
}

/**
 * The candidate closest to `written`, when it is close enough to be a typo: at most
 * `maxCost` edits (by default 2, or a fifth of the length for long words). Ties go to
 * the alphabetically first candidate, so suggestions are stable.
 */
export function closestMatch(written: string, candidates: Iterable<string>, maxCost = Math.max(2, Math.floor(written.length / 5))): string | undefined {
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of candidates) {
    const cost = editDistance(candidate, written);
    if (cost > maxCost) continue;
    if (!best || cost < best.cost || (cost === best.cost && candidate.localeCompare(best.candidate) < 0)) best = { candidate, cost };
  }
  return best?.candidate;
}

/** A trie node: the candidates sharing a prefix, and whether one ends here. */
interface TrieNode {
  children: Map<string, TrieNode>;
  /** The candidate that ends at this node. */
  word?: string;
}

/**
 * `closestMatch` over a fixed set of candidates, for many lookups (one per unknown
 * report id in a corpus of thousands). The candidates go into a trie once; a lookup
 * computes the edit-distance rows along the trie and leaves a branch as soon as
 * every entry of its row exceeds `maxCost`, so it visits the few prefixes near the
 * written text instead of computing a distance to every candidate. Same answers as
 * `closestMatch`, ties included.
 */
export function closestMatcher(candidates: Iterable<string>): (written: string, maxCost?: number) => string | undefined {
  const root: TrieNode = { children: new Map() };
  for (const candidate of candidates) {
    let node = root;
    for (const unit of candidate.split('')) {
      let child = node.children.get(unit);
      if (!child) {
        child = { children: new Map() };
        node.children.set(unit, child);
      }
      node = child;
    }
    node.word = candidate;
  }
  return (written, maxCost = Math.max(2, Math.floor(written.length / 5))) => {
    let best: { candidate: string; cost: number } | undefined;
    const consider = (candidate: string, cost: number) => {
      if (cost > maxCost) return;
      if (!best || cost < best.cost || (cost === best.cost && candidate.localeCompare(best.candidate) < 0)) best = { candidate, cost };
    };
    const first = Array.from({ length: written.length + 1 }, (_, position) => position);
    if (root.word !== undefined) consider(root.word, first[written.length]!);
    // Depth first with an explicit stack: ids can be long, and recursion depth should not depend on input.
    const stack: Array<{ node: TrieNode; unit: string; above: number[] }> = [];
    for (const [unit, child] of root.children) stack.push({ node: child, unit, above: first });
    while (stack.length > 0) {
      const { node, unit, above } = stack.pop()!;
      const row = new Array<number>(written.length + 1);
      row[0] = above[0]! + 1;
      let smallest = row[0];
      for (let j = 1; j <= written.length; j++) {
        row[j] = Math.min(row[j - 1]! + 1, above[j]! + 1, above[j - 1]! + (written[j - 1] === unit ? 0 : 1));
        if (row[j]! < smallest) smallest = row[j]!;
      }
      if (node.word !== undefined) consider(node.word, row[written.length]!);
      // The rows below this prefix never go under this row's smallest entry: past the limit, no candidate under it can match.
      if (smallest > maxCost) continue;
      for (const [next, child] of node.children) stack.push({ node: child, unit: next, above: row });
    }
    return best?.candidate;
  };
}

/** A name folded for comparison: lower case, with `-` and spaces read as `_` (`Repeat-Of` and `repeat of` are `repeat_of`). */
function foldName(name: string): string {
  return name.toLowerCase().replace(/[-\s]+/g, '_');
}

/**
 * The candidate a mistyped name most likely means, for "did you mean" messages:
 * the same name in another case or with `-` or a space for `_` (`Tags`,
 * `repeat-of`), else the closest by edit distance (`servces` → `services`, `tag` →
 * `tags`). `undefined` when `written` is a candidate or none is close.
 */
export function suggestName(written: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(written)) return undefined;
  const folded = foldName(written);
  return candidates.find((candidate) => foldName(candidate) === folded) ?? closestMatch(folded, candidates);
}
