/**
 * Lookups of offsets in sorted lists, so that matching thousands of places
 * (items to sections, body nodes to cuts) stays O(n log n) where a scan of the
 * whole list per place was quadratic.
 */

/**
 * The index of the last item whose key is at most `value`, or -1.
 *
 * @param items sorted by `key`, ascending
 */
export function lastIndexAtOrBefore<T>(items: readonly T[], key: (item: T) => number, value: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (key(items[middle]!) <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Offsets sorted ascending, for `anyInRange`. */
export function sortedOffsets(offsets: Iterable<number>): number[] {
  return [...offsets].sort((left, right) => left - right);
}

/** Whether any of the sorted `offsets` is in `[start, end)`. */
export function anyInRange(offsets: readonly number[], start: number, end: number): boolean {
  const before = lastIndexAtOrBefore(offsets, (offset) => offset, start - 1);
  const next = offsets[before + 1];
  return next !== undefined && next >= start && next < end;
}
