/**
 * Reports as TF-IDF vectors over their terms (terms.ts), weighted by field, and
 * the products of two vectors: the cosine of two unit vectors is their dot
 * product, and the terms that add most to it say why two reports look alike.
 */
import { fieldWeights, type SimilarityDocument, type TextField } from './document.ts';
import { terms } from './terms.ts';

/** A sparse vector: term ids ascending, with their weights; unit length. */
export interface SparseVector {
  /** The ids of the terms the document holds (their places in the vocabulary), ascending. */
  ids: Int32Array;
  /** Each term's weight, in the order of `ids`. */
  weights: Float64Array;
}

/**
 * The TF-IDF vectors of `documents`, in the order given. Term frequency is
 * dampened (`ln(1 + tf)`) so that a word repeated in a long report does not
 * drown the others; IDF is smoothed (`ln((n + 1) / (df + 1)) + 1`) so that a word
 * in every report still counts a little.
 */
export function vectorize(
  documents: readonly SimilarityDocument[],
  weights: Readonly<Record<TextField, number>> = fieldWeights,
): { vectors: SparseVector[]; vocabulary: string[] } {
  const vocabulary = new Map<string, number>();
  // Each document's weighted term frequencies, summed in one array by term id (the ids it touched listed beside),
  // rather than a map per document: thousands of documents of a hundred terms each.
  let frequency = new Float64Array(1024);
  let documentFrequency = new Float64Array(1024);
  const touched: number[] = [];
  const counted = documents.map((document) => {
    const add = (field: TextField, text: string | undefined) => {
      const weight = weights[field];
      if (weight <= 0) return;
      const words = document.terms ? document.terms[field] : text ? terms(text) : undefined;
      if (!words) return;
      for (const term of words) {
        let id = vocabulary.get(term);
        if (id === undefined) {
          id = vocabulary.size;
          vocabulary.set(term, id);
          if (id === frequency.length) {
            frequency = grown(frequency);
            documentFrequency = grown(documentFrequency);
          }
        }
        if (frequency[id] === 0) touched.push(id);
        frequency[id]! += weight;
      }
    };
    add('title', document.title);
    add('tags', document.tags?.join(' '));
    add('overview', document.overview);
    add('rootCause', document.rootCause);
    add('impact', document.impact);
    add('resolution', document.resolution);
    const ids = Int32Array.from(touched).sort();
    const termFrequencies = new Float64Array(ids.length);
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position]!;
      termFrequencies[position] = frequency[id]!;
      frequency[id] = 0;
      documentFrequency[id]! += 1;
    }
    touched.length = 0;
    return { ids, termFrequencies };
  });
  const count = documents.length;
  const vectors = counted.map(({ ids, termFrequencies }) => {
    // The frequencies' array becomes the weights'.
    const weights = termFrequencies;
    let norm = 0;
    for (let position = 0; position < ids.length; position++) {
      const idf = Math.log((count + 1) / (documentFrequency[ids[position]!]! + 1)) + 1;
      const weight = Math.log1p(termFrequencies[position]!) * idf;
      weights[position] = weight;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let position = 0; position < weights.length; position++) weights[position]! /= norm;
    return { ids, weights };
  });
  const words: string[] = new Array(vocabulary.size);
  for (const [word, id] of vocabulary) words[id] = word;
  return { vectors, vocabulary: words };
}

/** `array` copied into one twice its size (the rest zero). */
function grown(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Calls `visit` with each term two vectors share and its weight in each, in ascending term order. */
function forEachSharedTerm(left: SparseVector, right: SparseVector, visit: (term: number, leftWeight: number, rightWeight: number) => void): void {
  let i = 0;
  let j = 0;
  while (i < left.ids.length && j < right.ids.length) {
    const a = left.ids[i]!;
    const b = right.ids[j]!;
    if (a === b) visit(a, left.weights[i++]!, right.weights[j++]!);
    else if (a < b) i++;
    else j++;
  }
}

/** The stems that contribute most to the dot product of two vectors. */
export function topSharedTerms(left: SparseVector, right: SparseVector, vocabulary: readonly string[], limit = 5): string[] {
  const contributions: Array<[string, number]> = [];
  forEachSharedTerm(left, right, (term, leftWeight, rightWeight) => contributions.push([vocabulary[term]!, leftWeight * rightWeight]));
  return contributions
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, limit)
    .map(([word]) => word);
}

/**
 * The dot product of two sparse vectors, adding the shared terms' products in
 * ascending term order (the order an accumulator over every term adds them in, so
 * the score is the same to the last bit), and the first term they share.
 */
export function dot(left: SparseVector, right: SparseVector): { score: number; firstShared: number } {
  let score = 0;
  let firstShared = -1;
  forEachSharedTerm(left, right, (term, leftWeight, rightWeight) => {
    if (firstShared === -1) firstShared = term;
    score += leftWeight * rightWeight;
  });
  return { score, firstShared };
}
