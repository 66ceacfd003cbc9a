/** Growth for the typed arrays of the similarity search, which does not know its sizes in advance. */

/** `array` copied into one twice its size (the rest zero). */
export function grown<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(array: T): T {
  const larger = new (array.constructor as new (length: number) => T)(array.length * 2);
  larger.set(array);
  return larger;
}
