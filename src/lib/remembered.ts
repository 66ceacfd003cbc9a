/**
 * A pure function of a string, with its results kept: for the small texts that
 * reports repeat over and over (words, table headers), worked out once each. The
 * results are bounded: past `limit` they are forgotten all at once, so that a
 * long-running process (the dev server) does not grow without end.
 */

/** What stands for a kept `undefined` result. */
const nothing: unique symbol = Symbol('nothing');

/**
 * `compute`, remembering each argument's result (`undefined` included).
 *
 * @param limit how many results are kept at most
 */
export function remembered<Value>(compute: (key: string) => Value, limit: number): (key: string) => Value {
  // `undefined` results (a stop word's term) are kept as `nothing`, so that every call is one lookup.
  const kept = new Map<string, Value | typeof nothing>();
  return (key) => {
    const known = kept.get(key);
    if (known !== undefined) return known === nothing ? (undefined as Value) : known;
    const value = compute(key);
    if (kept.size >= limit) kept.clear();
    kept.set(key, value === undefined ? nothing : value);
    return value;
  };
}
