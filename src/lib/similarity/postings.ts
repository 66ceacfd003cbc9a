/**
 * The inverted index `findSimilarPairs` reads: for each key (a service and a term),
 * the earlier documents holding the term, with the term's weight in each.
 *
 * Held in typed arrays, each key's entries a list from the newest back (the order
 * the search reads them in when its budget runs out): a corpus of thousands of
 * reports makes hundreds of thousands of entries, and an object and two arrays
 * per key made that mostly allocation and garbage collection.
 */
import { grown } from './grown.ts';

/** The index: keys added as documents are, read a list at a time (see the module comment). */
export class PostingIndex {
  /** Each key's list. */
  readonly #lists = new Map<number, number>();
  /** Per list: its newest entry, and its length. */
  #newest = new Int32Array(256);
  #lengths = new Int32Array(256);
  /** Per entry: the document, its weight, and the list's entry before it (-1 at the oldest). */
  #documents = new Int32Array(1024);
  #weights = new Float64Array(1024);
  #older = new Int32Array(1024);
  #entries = 0;

  /** The list of `key`, or -1 when no document holds it yet. */
  listOf(key: number): number {
    return this.#lists.get(key) ?? -1;
  }

  /** How many documents `list` holds. */
  length(list: number): number {
    return this.#lengths[list]!;
  }

  /** The newest entry of `list`; `older` walks back from it, `document` and `weight` read it. */
  newest(list: number): number {
    return this.#newest[list]!;
  }

  /** The entry added to the same list before `entry`, or -1. */
  older(entry: number): number {
    return this.#older[entry]!;
  }

  /** The document of `entry`. */
  document(entry: number): number {
    return this.#documents[entry]!;
  }

  /** The term's weight in the document of `entry`. */
  weight(entry: number): number {
    return this.#weights[entry]!;
  }

  /** Adds `document`, which holds the key's term with `weight`, as the newest of the key's list. */
  add(key: number, document: number, weight: number): void {
    let list = this.#lists.get(key);
    if (list === undefined) {
      list = this.#lists.size;
      this.#lists.set(key, list);
      if (list === this.#newest.length) {
        this.#newest = grown(this.#newest);
        this.#lengths = grown(this.#lengths);
      }
      this.#newest[list] = -1;
    }
    const entry = this.#entries++;
    if (entry === this.#documents.length) {
      this.#documents = grown(this.#documents);
      this.#weights = grown(this.#weights);
      this.#older = grown(this.#older);
    }
    this.#documents[entry] = document;
    this.#weights[entry] = weight;
    this.#older[entry] = this.#newest[list]!;
    this.#newest[list] = entry;
    this.#lengths[list]!++;
  }
}
