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

/** A report as the similarity core sees it: identity, order, services and text. */
export interface SimilarityDocument {
  /** The report id. */
  id: string;
  /** `YYYY-MM-DD`: the day impact began. Orders the reports; only earlier reports are candidates. */
  date: string;
  /** When known, the impact start as epoch milliseconds; breaks ties between reports of the same day. */
  startTime?: number;
  /** Services affected; two reports are compared only when they share one. */
  services: readonly string[];
  /** The title. */
  title: string;
  /** Free-form labels. */
  tags?: readonly string[];
  /** The Overview / Summary section's text. */
  overview?: string;
  /** The Root Cause / Contributing Factors section's text. */
  rootCause?: string;
  /** The Impact / What happened section's text. */
  impact?: string;
  /** The Resolution section's text. */
  resolution?: string;
}

/** The fields of a document that carry text, with how much each counts. */
export type TextField = 'title' | 'tags' | 'overview' | 'rootCause' | 'impact' | 'resolution';

/**
 * How much a word counts in each field. The title and root cause name the cause
 * of an incident; the impact mostly describes symptoms that many unrelated
 * incidents share ("users could not log in"), so it counts least.
 */
export const fieldWeights: Readonly<Record<TextField, number>> = {
  title: 2,
  tags: 1.5,
  overview: 1,
  rootCause: 2,
  impact: 0.5,
  resolution: 1,
};

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

// ---------------------------------------------------------------------------
// Words

/**
 * English function words, plus words that every postmortem uses whatever went
 * wrong ("incident", "issue", "minutes", month names): they say nothing about
 * the cause, so two reports sharing them are no more alike.
 */
const stopWords = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below
  between both but by can cannot could couldn did didn do does doesn doing don down during each either else ever
  every few for from further had hadn has hasn have haven having he her here hers herself him himself his how i if
  in into is isn it its itself just let me more most much must mustn my myself no nor not now of off on once only
  or other ought our ours ourselves out over own per same shan she should shouldn so some such than that the their
  theirs them themselves then there these they this those though through thus to too under until up upon us very
  via was wasn we were weren what when where which while who whom why will with within without won would wouldn
  yet you your yours yourself yourselves etc ie eg s t d ll m o re ve y
  incident incidents issue issues outage outages problem problems postmortem postmortems report reports reported
  team teams user users customer customers people someone somebody anyone everyone engineer engineers
  minute minutes min mins hour hours hr hrs second seconds day days week weeks month months year years time times
  today yesterday morning afternoon evening night utc pst pdt est edt cet cest gmt am pm
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday
  approximately around about roughly several many multiple various some new old first second third last next
  started start began begin ended end took take taken make made get got getting see seen saw found find
  caused cause causing causes due result resulted resulting led lead leading happened happen happens occurred occur
  affected affecting affect impact impacted impacting
  we our us able unable
  one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty hundred thousand
  half dozen percent nobody nothing everything something`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Incident-domain synonyms, folded to one word before stemming so that "the
 * AzureAD secret expired" and "login failures after credential rotation" share
 * their key concepts. Kept small and conservative: each group names one thing
 * that incidents are commonly about, in the words teams use for it.
 */
const synonymGroups: Readonly<Record<string, readonly string[]>> = {
  credential: ['credential', 'credentials', 'secret', 'secrets', 'password', 'passwords', 'passwd', 'token', 'tokens', 'apikey', 'apikeys', 'keytab'],
  certificate: ['certificate', 'certificates', 'cert', 'certs', 'tls', 'ssl', 'x509', 'letsencrypt'],
  expire: ['expire', 'expired', 'expires', 'expiring', 'expiry', 'expiration', 'expirations', 'lapsed', 'lapse'],
  rotate: [
    'rotate',
    'rotated',
    'rotates',
    'rotating',
    'rotation',
    'rotations',
    'renew',
    'renewed',
    'renewal',
    'renewing',
    'regenerate',
    'regenerated',
    'reissued',
  ],
  login: ['login', 'logins', 'logon', 'signin', 'sign-in', 'authenticate', 'authentication', 'auth', 'sso', 'oauth', 'oidc', 'saml'],
  memory: ['memory', 'oom', 'oomkilled', 'oomkill', 'ram', 'heap'],
  disk: ['disk', 'disks', 'volume', 'volumes', 'pvc', 'filesystem', 'inode', 'inodes'],
  database: ['database', 'databases', 'db', 'dbs', 'postgres', 'postgresql', 'mysql', 'rds', 'sql'],
  deploy: ['deploy', 'deploys', 'deployed', 'deploying', 'deployment', 'deployments', 'release', 'released', 'releases', 'rollout', 'rollouts'],
  rollback: ['rollback', 'rollbacks', 'revert', 'reverted', 'reverting', 'reverts'],
  ratelimit: ['ratelimit', 'ratelimited', 'ratelimits', 'throttle', 'throttled', 'throttling', '429'],
  dns: ['dns', 'resolver', 'resolvers', 'nameserver', 'nameservers', 'coredns', 'kubedns'],
  failover: ['failover', 'failovers', 'failback', 'switchover'],
};

const synonyms = new Map<string, string>();
for (const [canonical, words] of Object.entries(synonymGroups)) for (const word of words) synonyms.set(word, canonical);

/**
 * The Porter (1980) stemmer: "expired", "expires" and "expiring" all become
 * `expir`. Implemented here rather than pulled in: it is small, stable and the
 * only text-processing piece the core needs.
 */
export function stem(word: string): string {
  if (word.length <= 2) return word;
  let w = word;
  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss')) {
    // unchanged
  } else if (w.endsWith('s')) w = w.slice(0, -1);
  // Step 1b
  let step1bExtra = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    step1bExtra = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    step1bExtra = true;
  }
  if (step1bExtra) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (endsWithDoubleConsonant(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  // Step 1c
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  // Steps 2 to 4: suffix replacements when the stem is long enough.
  w = replaceSuffix(w, step2, 0);
  w = replaceSuffix(w, step3, 0);
  w = replaceSuffix(w, step4, 1);
  // Step 5a
  if (w.endsWith('e')) {
    const base = w.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsCvc(base))) w = base;
  }
  // Step 5b
  if (measure(w) > 1 && w.endsWith('ll')) w = w.slice(0, -1);
  return w;
}

const step2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['abli', 'able'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
];
const step3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
const step4: ReadonlyArray<readonly [string, string]> = [
  ['al', ''],
  ['ance', ''],
  ['ence', ''],
  ['er', ''],
  ['ic', ''],
  ['able', ''],
  ['ible', ''],
  ['ant', ''],
  ['ement', ''],
  ['ment', ''],
  ['ent', ''],
  ['ion', ''],
  ['ou', ''],
  ['ism', ''],
  ['ate', ''],
  ['iti', ''],
  ['ous', ''],
  ['ive', ''],
  ['ize', ''],
];

/** Replaces the longest matching suffix when the remaining stem's measure exceeds `minimum`. */
function replaceSuffix(word: string, rules: ReadonlyArray<readonly [string, string]>, minimum: number): string {
  let best: readonly [string, string] | undefined;
  for (const rule of rules) if (word.endsWith(rule[0]) && (!best || rule[0].length > best[0].length)) best = rule;
  if (!best) return word;
  const base = word.slice(0, -best[0].length);
  if (measure(base) <= minimum) return word;
  // Step 4's `ion` only goes after `s` or `t` ("adoption" → "adopt", not "opinion" → "opin").
  if (rules === step4 && best[0] === 'ion' && !/[st]$/.test(base)) return word;
  return base + best[1];
}

function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if (letter === 'a' || letter === 'e' || letter === 'i' || letter === 'o' || letter === 'u') return false;
  if (letter === 'y') return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in a stem. */
function measure(word: string): number {
  let count = 0;
  let index = 0;
  const length = word.length;
  while (index < length && isConsonant(word, index)) index++;
  while (index < length) {
    while (index < length && !isConsonant(word, index)) index++;
    if (index >= length) break;
    while (index < length && isConsonant(word, index)) index++;
    count++;
  }
  return count;
}

function hasVowel(word: string): boolean {
  for (let index = 0; index < word.length; index++) if (!isConsonant(word, index)) return true;
  return false;
}

function endsWithDoubleConsonant(word: string): boolean {
  const length = word.length;
  return length >= 2 && word[length - 1] === word[length - 2] && isConsonant(word, length - 1);
}

/** Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "how"). */
function endsCvc(word: string): boolean {
  const length = word.length;
  if (length < 3) return false;
  return isConsonant(word, length - 3) && !isConsonant(word, length - 2) && isConsonant(word, length - 1) && !/[wxy]/.test(word[length - 1]!);
}

/**
 * The terms of a text: lower-cased words without accents, stop words and most
 * numbers dropped (three-digit numbers stay: they are HTTP statuses such as
 * `500`), synonyms folded, then stemmed. "Logins failed with HTTP 500s" →
 * `login`, `fail`, `http`, `500`.
 */
export function terms(text: string): string[] {
  const result: string[] = [];
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // "sign-in", "rate-limit", "out-of-memory": joined forms first, so the synonym table sees them.
    .replace(/\b(sign|log)[- ](in|on)\b/g, '$1$2')
    .replace(/\brate[- ]limit/g, 'ratelimit')
    .replace(/\bout[- ]of[- ]memory\b/g, 'oom')
    .split(/[^\p{L}\p{N}]+/u);
  for (const raw of words) {
    if (raw.length < 2) continue;
    // Strip plural `s` from numbers ("500s") and keep only HTTP-status-like numbers.
    const word = /^\d+s$/.test(raw) ? raw.slice(0, -1) : raw;
    const term = termOf(word);
    if (term !== undefined) result.push(term);
  }
  return result;
}

/**
 * Words already turned into terms (`null`: dropped). Reports share most of their
 * words, so each distinct word is stemmed once; the cache is bounded so that a
 * long-running process (the dev server) does not grow without limit.
 */
const termCache = new Map<string, string | null>();
const termCacheLimit = 100_000;

function termOf(word: string): string | undefined {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached ?? undefined;
  let term: string | null;
  if (/^\d+$/.test(word) && !/^[1-5]\d\d$/.test(word)) term = null;
  else if (stopWords.has(word)) term = null;
  // Mixed letters and digits ("aadsts7000222") are error codes and versions: kept as they are.
  else term = synonyms.get(word) ?? (/\d/.test(word) ? word : stem(word));
  if (termCache.size >= termCacheLimit) termCache.clear();
  termCache.set(word, term);
  return term ?? undefined;
}

// ---------------------------------------------------------------------------
// Vectors and the index

/** A sparse vector: term ids ascending, with their weights; unit length. */
interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Weighted term frequencies of a document, before IDF. */
function termFrequencies(document: SimilarityDocument, vocabulary: Map<string, number>, weights: Readonly<Record<TextField, number>>): Map<number, number> {
  const frequencies = new Map<number, number>();
  const add = (text: string | undefined, weight: number) => {
    if (!text || weight <= 0) return;
    for (const term of terms(text)) {
      let id = vocabulary.get(term);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(term, id);
      }
      frequencies.set(id, (frequencies.get(id) ?? 0) + weight);
    }
  };
  add(document.title, weights.title);
  add(document.tags?.join(' '), weights.tags);
  add(document.overview, weights.overview);
  add(document.rootCause, weights.rootCause);
  add(document.impact, weights.impact);
  add(document.resolution, weights.resolution);
  return frequencies;
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
 * The TF-IDF vectors of `documents`, in the order given. Term frequency is
 * dampened (`ln(1 + tf)`) so that a word repeated in a long report does not
 * drown the others; IDF is smoothed (`ln((n + 1) / (df + 1)) + 1`) so that a word
 * in every report still counts a little.
 */
function vectorize(
  documents: readonly SimilarityDocument[],
  weights: Readonly<Record<TextField, number>> = fieldWeights,
): { vectors: SparseVector[]; vocabulary: string[] } {
  const vocabulary = new Map<string, number>();
  const frequencies = documents.map((document) => termFrequencies(document, vocabulary, weights));
  const documentFrequency = new Float64Array(vocabulary.size);
  for (const frequency of frequencies) for (const id of frequency.keys()) documentFrequency[id]! += 1;
  const count = documents.length;
  const vectors = frequencies.map((frequency) => {
    const ids = Int32Array.from([...frequency.keys()].sort((left, right) => left - right));
    const weights = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, position) => {
      const idf = Math.log((count + 1) / (documentFrequency[id]! + 1)) + 1;
      const weight = Math.log1p(frequency.get(id)!) * idf;
      weights[position] = weight;
      norm += weight * weight;
    });
    norm = Math.sqrt(norm);
    if (norm > 0) for (let position = 0; position < weights.length; position++) weights[position]! /= norm;
    return { ids, weights };
  });
  const words: string[] = new Array(vocabulary.size);
  for (const [word, id] of vocabulary) words[id] = word;
  return { vectors, vocabulary: words };
}

/** The stems that contribute most to the dot product of two vectors. */
function topSharedTerms(left: SparseVector, right: SparseVector, vocabulary: readonly string[], limit = 5): string[] {
  const contributions: Array<[string, number]> = [];
  let i = 0;
  let j = 0;
  while (i < left.ids.length && j < right.ids.length) {
    const a = left.ids[i]!;
    const b = right.ids[j]!;
    if (a === b) {
      contributions.push([vocabulary[a]!, left.weights[i]! * right.weights[j]!]);
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
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
function dot(left: SparseVector, right: SparseVector): { score: number; firstShared: number } {
  let score = 0;
  let firstShared = -1;
  let i = 0;
  let j = 0;
  while (i < left.ids.length && j < right.ids.length) {
    const a = left.ids[i]!;
    const b = right.ids[j]!;
    if (a === b) {
      if (firstShared === -1) firstShared = a;
      score += left.weights[i++]! * right.weights[j++]!;
    } else if (a < b) i++;
    else j++;
  }
  return { score, firstShared };
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
  const postings = new Map<number, { documents: number[]; weights: number[] }>();
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
      const lists: Array<{ documents: number[]; weights: number[] } | undefined> = new Array(count * serviceList.length);
      const lengths = new Int32Array(count);
      const bounds = new Float64Array(count);
      const costs = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const term = vector.ids[k]!;
        for (let s = 0; s < serviceList.length; s++) {
          const list = postings.get(serviceList[s]! * vocabulary.length + term);
          lists[k * serviceList.length + s] = list;
          if (list) lengths[k]! += list.documents.length;
        }
        bounds[k] = vector.weights[k]! * largest[term]!;
        costs[k] = bounds[k] === 0 ? Number.POSITIVE_INFINITY : lengths[k]! / bounds[k]!;
      }
      // Leave out the words that cost most per unit of bound (the common ones) while their bounds together stay under half
      // the threshold: a pair they alone could make similar enough cannot exist, and a candidate must then get the
      // other half from the words read, which spares scoring most candidates in full.
      const byCost = Array.from({ length: count }, (_, k) => k).sort((left, right) =>
        costs[right] === costs[left] ? left - right : costs[right]! > costs[left]! ? 1 : -1,
      );
      let skipped = 0;
      const read = new Uint8Array(count).fill(1);
      for (const k of byCost) {
        if (lengths[k] === 0 || skipped + bounds[k]! >= limit * 0.5) continue;
        skipped += bounds[k]!;
        read[k] = 0;
      }
      // The rest, rarest first, within the budget.
      let budget = maxPostings;
      const readable = byCost.filter((k) => read[k] === 1 && lengths[k]! > 0).sort((left, right) => lengths[left]! - lengths[right]! || left - right);
      for (const k of readable) {
        const weight = vector.weights[k]!;
        let cut = false;
        for (let s = 0; s < serviceList.length; s++) {
          const holders = lists[k * serviceList.length + s];
          if (!holders) continue;
          // The latest holders when the budget runs out mid-word (the index is in time order).
          const from = Math.max(0, holders.documents.length - budget);
          if (from > 0) cut = true;
          budget -= holders.documents.length - from;
          if (options.work) options.work.postings += holders.documents.length - from;
          for (let h = from; h < holders.documents.length; h++) {
            const other = holders.documents[h]!;
            if (isCandidate[other] === 0) {
              isCandidate[other] = 1;
              candidates.push(other);
            }
            partial[other]! += weight * holders.weights[h]!;
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
      for (let k = 0; k < count; k++) {
        const key = service * vocabulary.length + vector.ids[k]!;
        const holders = postings.get(key);
        if (holders) {
          holders.documents.push(position);
          holders.weights.push(vector.weights[k]!);
        } else postings.set(key, { documents: [position], weights: [vector.weights[k]!] });
      }
    }
  }
  return pairs.sort((left, right) => (left.later < right.later ? -1 : left.later > right.later ? 1 : right.score - left.score));
}

/** The cosine similarity of two documents, scored within `corpus` (which supplies the IDF). */
export function similarity(left: SimilarityDocument, right: SimilarityDocument, corpus: readonly SimilarityDocument[] = [left, right]): number {
  const documents = corpus.includes(left) && corpus.includes(right) ? corpus : [...corpus, left, right];
  const { vectors } = vectorize(documents);
  const a = vectors[documents.indexOf(left)]!;
  const b = vectors[documents.indexOf(right)]!;
  let dot = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    if (a.ids[i] === b.ids[j]) dot += a.weights[i++]! * b.weights[j++]!;
    else if (a.ids[i]! < b.ids[j]!) i++;
    else j++;
  }
  return Math.min(1, dot);
}
