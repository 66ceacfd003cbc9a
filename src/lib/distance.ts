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
