/**
 * The inverted index `findSimilarPairs` reads: for each key (a service and a term),
 * the earlier documents holding the term, with the term's weight in each, in the
 * order they were added (time order).
 *
 * Each key's list is two plain arrays, found by a list number: no object per key
 * (a corpus of thousands of reports makes hundreds of thousands of keys), and each
 * list's entries side by side in memory, as the search reads them (millions of
 * reads at 10,000 reports).
 */

/** The index: keys added as documents are, read a list at a time. */
export class PostingIndex {
  /** Each key's list number. */
  readonly #lists = new Map<number, number>();
  /** Per list: the documents holding its term, oldest first, and the term's weight in each. */
  readonly #documents: number[][] = [];
  readonly #weights: number[][] = [];

  /** The list of `key`, or -1 when no document holds it yet. */
  listOf(key: number): number {
    return this.#lists.get(key) ?? -1;
  }

  /** How many documents `list` holds. */
  length(list: number): number {
    return this.#documents[list]!.length;
  }

  /** The documents of `list`, oldest first (read only). */
  documents(list: number): readonly number[] {
    return this.#documents[list]!;
  }

  /** The term's weight in each document of `list`, in the order of `documents` (read only). */
  weights(list: number): readonly number[] {
    return this.#weights[list]!;
  }

  /** Adds `document`, which holds the key's term with `weight`, as the newest of the key's list. */
  add(key: number, document: number, weight: number): void {
    const list = this.#lists.get(key);
    if (list === undefined) {
      this.#lists.set(key, this.#documents.length);
      this.#documents.push([document]);
      this.#weights.push([weight]);
    } else {
      this.#documents[list]!.push(document);
      this.#weights[list]!.push(weight);
    }
  }
}
