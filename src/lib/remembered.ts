/**
 * A pure function of a string, with its results kept: for the small texts that
 * reports repeat over and over (words, table headers), worked out once each. The
 * results are bounded: past `limit` they are forgotten all at once, so that a
 * long-running process (the dev server) does not grow without end.
 */

/**
 * `compute`, remembering each argument's result (`undefined` included).
 *
 * @param limit how many results are kept at most
 */
export function remembered<Value>(compute: (key: string) => Value, limit: number): (key: string) => Value {
  const kept = new Map<string, Value>();
  return (key) => {
    const known = kept.get(key);
    // One lookup for what is known (the common case); a second only to tell a kept `undefined` from none.
    if (known !== undefined || kept.has(key)) return known as Value;
    const value = compute(key);
    if (kept.size >= limit) kept.clear();
    kept.set(key, value);
    return value;
  };
}
