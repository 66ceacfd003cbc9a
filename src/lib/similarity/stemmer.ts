/**
 * The Porter (1980) stemmer, for the similarity's terms (terms.ts): words that
 * differ only by their ending are one term.
 */

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

/** Step 2's suffixes and their replacements: derivational endings folded to a shorter one. */
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
/** Step 3's suffixes and their replacements. */
const step3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
/** Step 4's suffixes, removed when the stem left is long enough (`m > 1`). */
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

/** Porter's consonant: not a vowel, and `y` only after a vowel or at the start ("toy": consonant; "syzygy": vowel). */
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

/** Whether a stem holds a vowel: steps 1b and 1c remove a suffix only then. */
function hasVowel(word: string): boolean {
  for (let index = 0; index < word.length; index++) if (!isConsonant(word, index)) return true;
  return false;
}

/** A double consonant at the end ("hopp"), which step 1b undoubles. */
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
