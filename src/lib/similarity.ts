/**
 * Text similarity between incident reports, for the `possible-repeat` rule.
 *
 * Each report becomes a sparse TF-IDF vector over normalised words: lower case,
 * stop words dropped, a few incident-domain synonyms folded together ("secret",
 * "credential", "password" and "token" are one concept), then Porter-stemmed.
 * Fields are weighted: the title and the root cause say most about *why* an
 * incident happened, the impact least. Two reports are compared by the cosine of
 * their vectors.
 *
 * Only reports that share a service and come one after the other in time are
 * compared, through an inverted index per service built in date order: a report is
 * scored against the earlier reports of its services that share one of its rarer
 * words with it (the common words cannot make a pair similar enough alone, so
 * their long index entries are never read), never against every other report, so
 * the cost follows the rare words reports share, not n².
 *
 * Everything here is pure and works on plain data, so the evaluation and the
 * benchmark can feed it reports that are not Hindsight files (the dfds corpus).
 */
// The parts: `similarity/document.ts` holds what is compared, `similarity/terms.ts` (with
// `similarity/stemmer.ts`) what a text's words become, `similarity/vectors.ts` the TF-IDF
// vectors and their products, `similarity/postings.ts` the inverted index; this module finds
// the similar pairs and keeps the public API.
import { fieldWeights, type SimilarityDocument, type TextField } from './similarity/document.ts';
import { PostingIndex } from './similarity/postings.ts';
import { dot, topSharedTerms, vectorize } from './similarity/vectors.ts';

export { fieldWeights, type SimilarityDocument, type TextField } from './similarity/document.ts';
export { stem } from './similarity/stemmer.ts';
export { terms } from './similarity/terms.ts';

/** A pair of reports that look alike: the later one may be a repeat of the earlier. */
export interface SimilarPair {
  /** The later report's id. */
  later: string;
  /** The earlier report's id. */
  earlier: string;
  /** Cosine similarity of the two reports' TF-IDF vectors, 0 to 1. */
  score: number;
  /** The services the two share, sorted. */
  sharedServices: string[];
  /** The stems that contribute most to the score, most first (at most five): why they look alike. */
  sharedTerms: string[];
}

/** Options for `findSimilarPairs`. */
export interface SimilarityOptions {
  /** The lowest score reported, 0 to 1. */
  threshold: number;
  /**
   * Whether a pair may be reported. `possible-repeat` uses it to skip reports that
   * already link each other; the evaluation uses the default (every pair).
   */
  include?: (later: string, earlier: string) => boolean;
  /** Field weights other than `fieldWeights`, for experiments and the evaluation. */
  weights?: Partial<Record<TextField, number>>;
  /**
   * The ids of the later reports whose pairs are wanted (`check` of a few files);
   * every document still counts for the IDF and as an earlier report. Default: all.
   */
  later?: ReadonlySet<string>;
  /**
   * The most index entries read for one report, rarest words first (their latest
   * holders first). Default `maxPostingsRead`; `Infinity` compares exactly (the
   * benchmark counts what the limit changes).
   */
  maxPostings?: number;
  /** Counts the work done, for the test that keeps it near-linear: incremented, never reset. */
  work?: SimilarityWork;
}

/**
 * The default `maxPostings`: a bound on the work per report, so that a service
 * with thousands of reports stays linear. The words are read rarest first, and a
 * repeat shares rare words (names, error codes, the failing component), so only a
 * pair alike in everyday words alone could be missed, and only where the earlier
 * reports of a service sharing the report's words run into the thousands. Below
 * the bound the comparison is exact: no real corpus at hand comes near it (the
 * largest has 350 reports in all), nor do 10,000 generated reports over 40
 * services (scripts/bench.ts counts the pairs the bound changes).
 */
export const maxPostingsRead = 4096;

/** The work `findSimilarPairs` did: index entries visited and candidate pairs scored in full. */
export interface SimilarityWork {
  /** Entries of the inverted index visited while looking for candidates. */
  postings: number;
  /** Candidate pairs whose similarity was computed in full. */
  candidates: number;
  /** Words of a report whose index entries were not all read, for `maxPostings` (0: the comparison was exact). */
  capped: number;
}

/** Orders documents in time: date, then impact start when both are known, then id. */
export function compareInTime(left: SimilarityDocument, right: SimilarityDocument): number {
  if (left.date !== right.date) return left.date < right.date ? -1 : 1;
  if (left.startTime !== undefined && right.startTime !== undefined && left.startTime !== right.startTime) {
    return left.startTime - right.startTime;
  }
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/** Whether `earlier` comes strictly before `later` in time (a same-day pair without start times is not ordered). */
function strictlyBefore(earlier: SimilarityDocument, later: SimilarityDocument): boolean {
  if (earlier.date !== later.date) return earlier.date < later.date;
  return earlier.startTime !== undefined && later.startTime !== undefined && earlier.startTime < later.startTime;
}

/**
 * A little below the threshold, so that a bound computed with rounding never drops
 * a pair whose own (differently rounded) score reaches the threshold.
 */
const boundSlack = 1e-9;

/**
 * Pairs of documents that share a service and whose similarity reaches the
 * threshold, the later one first, sorted by later id then score (highest first).
 *
 * Documents are visited in time order; each one looks for candidates among the
 * earlier documents of its services in an inverted index ((service, term) → earlier
 * documents holding the term), then is added to it. Not every term is looked up
 * (MaxScore, as in search engines): a term contributes at most its weight here times
 * its largest weight in any document, and the terms whose contributions together
 * stay under the threshold (the common words, whose index entries are the long
 * ones) cannot make a pair reach it alone. Only the other terms find candidates;
 * each candidate is then scored in full, exactly as if every pair had been
 * compared, so the pairs and scores do not depend on the pruning. The work is the
 * index entries of those rarer terms, not every pair of the same service.
 */
export function findSimilarPairs(documents: readonly SimilarityDocument[], options: SimilarityOptions): SimilarPair[] {
  const ordered = [...documents].sort(compareInTime);
  const { vectors, vocabulary } = vectorize(ordered, { ...fieldWeights, ...options.weights });
  const serviceSets = ordered.map((document) => new Set(document.services));
  const wanted = options.later;
  // Past the last wanted document nothing is scored, so nothing needs indexing either.
  let last = ordered.length - 1;
  if (wanted) while (last >= 0 && !wanted.has(ordered[last]!.id)) last--;
  // The largest weight of each term in any document: the bound on what it adds to a pair.
  const largest = new Float64Array(vocabulary.length);
  for (const vector of vectors) {
    for (let k = 0; k < vector.ids.length; k++) if (vector.weights[k]! > largest[vector.ids[k]!]!) largest[vector.ids[k]!] = vector.weights[k]!;
  }
  // (service, term) → the earlier documents of that service holding the term, with the term's weight in each.
  const serviceIds = new Map<string, number>();
  const servicesOf = serviceSets.map((set) =>
    [...set].map((service) => {
      let id = serviceIds.get(service);
      if (id === undefined) {
        id = serviceIds.size;
        serviceIds.set(service, id);
      }
      return id;
    }),
  );
  const postings = new PostingIndex();
  const partial = new Float64Array(ordered.length);
  const isCandidate = new Uint8Array(ordered.length);
  const candidates: number[] = [];
  const limit = options.threshold * (1 - boundSlack);
  const maxPostings = options.maxPostings ?? maxPostingsRead;
  const pairs: SimilarPair[] = [];
  for (let position = 0; position <= last; position++) {
    const document = ordered[position]!;
    const vector = vectors[position]!;
    const services = serviceSets[position]!;
    const serviceList = servicesOf[position]!;
    const count = vector.ids.length;
    if (!wanted || wanted.has(document.id)) {
      // Each word's index lists (one per service), the entries they hold, and its bound: its weight here times its largest anywhere.
      const lists = new Int32Array(count * serviceList.length);
      const lengths = new Int32Array(count);
      const bounds = new Float64Array(count);
      const costs = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const term = vector.ids[k]!;
        for (let s = 0; s < serviceList.length; s++) {
          const list = postings.listOf(serviceList[s]! * vocabulary.length + term);
          lists[k * serviceList.length + s] = list;
          if (list !== -1) lengths[k]! += postings.length(list);
        }
        bounds[k] = vector.weights[k]! * largest[term]!;
        costs[k] = bounds[k] === 0 ? Number.POSITIVE_INFINITY : lengths[k]! / bounds[k]!;
      }
      // Leave out the words that cost most per unit of bound (the common ones) while their bounds together stay under half
      // the threshold: a pair they alone could make similar enough cannot exist, and a candidate must then get the
      // other half from the words read, which spares scoring most candidates in full.
      // Only the words an earlier report of these services holds can find a candidate (often fewer than half): the others are in neither list.
      const held: number[] = [];
      for (let k = 0; k < count; k++) if (lengths[k]! > 0) held.push(k);
      const byCost = held.sort((left, right) => (costs[right] === costs[left] ? left - right : costs[right]! > costs[left]! ? 1 : -1));
      let skipped = 0;
      const read = new Uint8Array(count).fill(1);
      for (const k of byCost) {
        if (skipped + bounds[k]! >= limit * 0.5) continue;
        skipped += bounds[k]!;
        read[k] = 0;
      }
      // The rest, rarest first, within the budget.
      let budget = maxPostings;
      const readable = byCost.filter((k) => read[k] === 1).sort((left, right) => lengths[left]! - lengths[right]! || left - right);
      for (const k of readable) {
        const weight = vector.weights[k]!;
        let cut = false;
        for (let s = 0; s < serviceList.length; s++) {
          const list = lists[k * serviceList.length + s]!;
          if (list === -1) continue;
          // The latest holders when the budget runs out mid-word (the index is in time order).
          const holders = postings.documents(list);
          const weights = postings.weights(list);
          const from = Math.max(0, holders.length - budget);
          if (from > 0) cut = true;
          budget -= holders.length - from;
          if (options.work) options.work.postings += holders.length - from;
          for (let h = from; h < holders.length; h++) {
            const other = holders[h]!;
            if (isCandidate[other] === 0) {
              isCandidate[other] = 1;
              candidates.push(other);
            }
            partial[other]! += weight * weights[h]!;
          }
        }
        if (cut && options.work) options.work.capped++;
      }
      const found: Array<{ pair: SimilarPair; firstShared: number; other: number }> = [];
      for (const other of candidates) {
        const reachable = partial[other]! + skipped >= limit;
        isCandidate[other] = 0;
        partial[other] = 0;
        // What the read words gave, plus the most the skipped ones could add: under the threshold, it need not be scored.
        // (Past the budget, the words cut short are not counted: that is where the bound trades exactness for linear work.)
        if (!reachable) continue;
        const earlier = ordered[other]!;
        if (!strictlyBefore(earlier, document)) continue;
        if (options.work) options.work.candidates++;
        const { score, firstShared } = dot(vector, vectors[other]!);
        if (score < options.threshold) continue;
        const shared = [...serviceSets[other]!].filter((service) => services.has(service)).sort();
        if (options.include && !options.include(document.id, earlier.id)) continue;
        const pair = {
          later: document.id,
          earlier: earlier.id,
          score: Math.min(1, score),
          sharedServices: shared,
          sharedTerms: topSharedTerms(vector, vectors[other]!, vocabulary),
        };
        found.push({ pair, firstShared, other });
      }
      candidates.length = 0;
      // The order a scan of every term would have met them in (first shared term, then time), which decides between equal scores below.
      found.sort((left, right) => left.firstShared - right.firstShared || left.other - right.other);
      for (const { pair } of found) pairs.push(pair);
    }
    for (const service of serviceList) {
      for (let k = 0; k < count; k++) postings.add(service * vocabulary.length + vector.ids[k]!, position, vector.weights[k]!);
    }
  }
  return pairs.sort((left, right) => (left.later < right.later ? -1 : left.later > right.later ? 1 : right.score - left.score));
}

/** The cosine similarity of two documents, scored within `corpus` (which supplies the IDF). */
export function similarity(left: SimilarityDocument, right: SimilarityDocument, corpus: readonly SimilarityDocument[] = [left, right]): number {
  const documents = corpus.includes(left) && corpus.includes(right) ? corpus : [...corpus, left, right];
  const { vectors } = vectorize(documents);
  // The same dot product `findSimilarPairs` scores with: a pair scores alike here and there, to the last bit.
  return Math.min(1, dot(vectors[documents.indexOf(left)]!, vectors[documents.indexOf(right)]!).score);
}
