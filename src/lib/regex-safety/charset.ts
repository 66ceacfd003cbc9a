/**
 * Sets of characters as code point ranges: what a part of a pattern can match,
 * so the analysis can ask whether two parts can match the same character.
 */

/** A set of code points as sorted, disjoint, inclusive ranges. */
export type CharSet = readonly (readonly [number, number])[];

const maxCodePoint = 0x10ffff;

/** Every code point: what `.` (with the `s` flag), a backreference or anything not understood may match. */
export const anyChar: CharSet = [[0, maxCodePoint]];

/** No code point: what an empty class matches. */
export const noChar: CharSet = [];

/** The code points in either set. */
export function union(left: CharSet, right: CharSet): CharSet {
  const ranges = [...left, ...right].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of ranges) {
    const last = merged.at(-1);
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/** The code points in both sets: where two parts of a pattern can match the same character. */
export function intersect(left: CharSet, right: CharSet): CharSet {
  const result: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const [aLow, aHigh] = left[i]!;
    const [bLow, bHigh] = right[j]!;
    const low = Math.max(aLow, bLow);
    const high = Math.min(aHigh, bHigh);
    if (low <= high) result.push([low, high]);
    if (aHigh < bHigh) i++;
    else j++;
  }
  return result;
}

/** The code points not in `set` (`[^…]`, `\D`, `\W`, `\S`). */
export function complement(set: CharSet): CharSet {
  const result: [number, number][] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= maxCodePoint) result.push([next, maxCodePoint]);
  return result;
}

/** Whether every character of `inner` is in `outer`. */
export function isSubset(inner: CharSet, outer: CharSet): boolean {
  const size = (set: CharSet) => set.reduce((sum, [low, high]) => sum + high - low + 1, 0);
  return size(intersect(inner, outer)) === size(inner);
}

/** Adds the other case of ASCII letters, for `(?i:…)` groups. */
export function caseFold(set: CharSet): CharSet {
  const upper = intersect(set, [[0x41, 0x5a]]).map(([low, high]) => [low + 32, high + 32] as const);
  const lower = intersect(set, [[0x61, 0x7a]]).map(([low, high]) => [low - 32, high - 32] as const);
  return union(set, union(upper, lower));
}

/** `\d`. */
export const digit: CharSet = [[0x30, 0x39]];

/** `\w`. */
export const word: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];

/** `\s`: JavaScript's white space and line terminators. */
export const space: CharSet = union(
  [
    [0x09, 0x0d],
    [0x20, 0x20],
    [0xa0, 0xa0],
    [0x1680, 0x1680],
    [0x2000, 0x200a],
    [0x2028, 0x2029],
  ],
  [
    [0x202f, 0x202f],
    [0x205f, 0x205f],
    [0x3000, 0x3000],
    [0xfeff, 0xfeff],
  ],
);

/** What `.` does not match without the `s` flag. */
export const lineTerminators: CharSet = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
