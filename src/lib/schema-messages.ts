/**
 * The one translator from zod issues to messages, for a report's frontmatter and
 * for `hindsight.config.yaml` alike (after Starlight's error map): what a value
 * must be comes from the schemas themselves, through their metadata (`.meta()`,
 * read by `schema-shape.ts`) and their refinements' messages, never from a list
 * kept here or from zod's internals.
 *
 * - `expected`: what a field holds, in words ("the day impact began, written `YYYY-MM-DD`").
 * - `example`: an example value, for the messages about a URL.
 * - `timeZone`: the field is an IANA time zone, so an abbreviation (`PDT`) is answered with its zone.
 *
 * The two documents speak in two voices. A report's messages name the field in the
 * sentence ("Unexpected `critical` for `severity`, expected one of …"); the
 * configuration's are printed after the setting's path ("- **site.url**:
 * Unexpected `foo`, expected an absolute URL …"). Both schemas word a refinement
 * as what is expected ("a date written `YYYY-MM-DD`", "at most 3660 days (ten
 * years)"). A check that spans settings (`review.days` against `severities`)
 * words its whole message, "Unexpected …", and it is printed as it is.
 */
import type { z } from 'zod';
import { isTimeZone } from './config.ts';
import { suggestName } from './distance.ts';
import { expectedAt, metaAt, objectKeysAt } from './schema-shape.ts';
import { literal, literalList } from './text.ts';
import { ianaZoneFor } from './zones.ts';

/**
 * Whose messages: `field` for a report's frontmatter (the field is named in the
 * message), `setting` for the configuration (the caller prints the path first).
 */
export type Voice = 'field' | 'setting';

/** One message about an issue, and what it is about. */
export interface IssueMessage {
  /** "Unexpected X, expected Y" (or "Missing X, expected Y"). */
  message: string;
  /** The path of the node it points at: the value's, or an unexpected key's own (`[...mapping, key]`). */
  path: PropertyKey[];
  /** Whether it points at the key rather than the value (an unexpected key). */
  atKey: boolean;
}

/** ` (did you mean \`x\`?)` when `written` is close to one of `candidates` (case, `-` for `_` aside), else `''`. */
export function didYouMean(written: string, candidates: readonly string[]): string {
  const suggestion = suggestName(written, candidates);
  return suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
}

/** A value as a message names it: quoted, or what kind of thing it is when quoting says nothing. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing value';
  if (value === null) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return literal(value);
}

/**
 * What a time-zone field expects, naming the zone an abbreviation stands for:
 * `PDT` is `America/Los_Angeles`, whose clock also knows when PST applies.
 */
function zoneExpectation(written: string): string {
  const zone = ianaZoneFor(written);
  if (zone === undefined || zone === written || !isTimeZone(zone)) return 'an IANA time zone such as `UTC` or `America/Toronto`';
  if (/^[+-]/.test(zone)) return `an IANA time zone such as \`Europe/Berlin\`, or the offset ${literal(zone)}`;
  return `an IANA time zone: ${literal(zone)} for ${literal(written)}, which also follows its daylight saving time`;
}

/** What a mapping expects of its keys: "only `level`", "one of `level` or `windowDays`". */
function keysExpectation(keys: readonly string[]): string {
  return keys.length === 1 ? `only ${literal(keys[0])}` : `one of ${literalList(keys)}`;
}

/** A setting's value as a message names it: as a report's are, and an empty text or list (a quoted nothing says nothing) as such. */
function describeSetting(value: unknown): string {
  if (value === '') return 'empty text';
  if (Array.isArray(value) && value.length === 0) return 'empty list';
  return describeValue(value);
}

/**
 * A bound zod words itself ("Too big: expected number to be <=1"), as what is
 * expected ("at most 1"); `undefined` when the schema words it (`.max(3660, 'at
 * most 3660 days (ten years)')`) or for a kind of value the configuration has none of.
 */
function boundExpectation(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string | undefined {
  // zod's own English wording; a schema's message never starts so.
  if (!/^Too (?:big|small):/.test(issue.message)) return undefined;
  const big = issue.code === 'too_big';
  const bound = String(big ? issue.maximum : issue.minimum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'number':
    case 'int':
      if (big) return inclusive ? `at most ${bound}` : `less than ${bound}`;
      return inclusive ? `${bound} or more` : `more than ${bound}`;
    case 'string':
      if (big) return `at most ${bound} characters`;
      return bound === '1' ? 'a text that is not empty' : `at least ${bound} characters`;
    case 'array':
    case 'set':
      if (big) return `at most ${bound} entries`;
      return bound === '1' ? 'a list of at least one entry' : `a list of at least ${bound} entries`;
    default:
      return undefined;
  }
}

/**
 * The issues of the alternative of a union that got furthest with the input: the
 * one with the deepest issue, then one whose complaint is not the input's type
 * (`rules: { possible-repeat: warning }` is a level that is misspelt, not a
 * mapping that is missing).
 */
function closestAlternative(alternatives: readonly z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  let closest: z.core.$ZodIssue[] = [];
  let best = -1;
  for (const issues of alternatives) {
    const depth = Math.max(0, ...issues.map((issue) => issue.path.length));
    const typeOnly = issues.some((issue) => issue.path.length === 0 && issue.code === 'invalid_type');
    const score = depth * 2 + (typeOnly ? 0 : 1);
    if (score > best) [closest, best] = [issues, score];
  }
  return closest;
}

/**
 * The messages for one zod issue (an unrecognized-keys issue gives one per key).
 *
 * @param issue the issue, from a parse with `reportInput: true`
 * @param schema the root schema that was parsed with, for its keys and metadata
 * @param voice whose messages
 */
export function issueMessages(issue: z.core.$ZodIssue, schema: z.ZodType, voice: Voice): IssueMessage[] {
  const path = issue.path;
  const dotted = path.map(String).join('.');
  const field = dotted === '' ? 'frontmatter' : dotted;
  const input = 'input' in issue ? issue.input : undefined;
  const about = (message: string): IssueMessage[] => [{ message, path, atKey: false }];
  /** "Unexpected X for `field`, expected Y" in a report, "Unexpected X, expected Y" in the configuration. */
  const unexpected = (actual: string, expected: string) => about(`Unexpected ${actual}${voice === 'field' ? ` for \`${field}\`` : ''}, expected ${expected}`);

  if (issue.code === 'invalid_union') {
    return closestAlternative(issue.errors).flatMap((inner) => issueMessages({ ...inner, path: [...path, ...inner.path] }, schema, voice));
  }
  if (issue.code === 'unrecognized_keys') {
    // Every `watch` entry (or `factors` entry) has the same keys: the schema answers for any list position.
    const known = objectKeysAt(schema, path);
    const expected = known ? keysExpectation(known) : 'only the documented keys';
    // The configuration prints the mapping's path before the message.
    const where = voice === 'field' && path.length ? ` in \`${dotted}\`` : '';
    return issue.keys.map((key) => {
      // `tag:`, `servces:`, `repeat-of:`, `Title:`, `serverities:`: a typo of a known key, named first.
      const suggestion = known ? didYouMean(key, known) : '';
      return { message: `Unexpected key ${literal(key)}${where}${suggestion}, expected ${expected}`, path: [...path, key], atKey: true };
    });
  }

  const expectation = expectedAt(schema, path);
  if (voice === 'setting') {
    if (metaAt(schema, path, 'timeZone') === true && typeof input === 'string') {
      // `timezone: PDT`: name the zone whose clock it is, as the messages about a report's `timezone` do.
      return unexpected(literal(input), zoneExpectation(input));
    }
    if (issue.code === 'invalid_value') {
      const values = issue.values.map(String);
      // A text is meant as one of the values (`warning` for `warn`); anything else (`rules: { possible-repeat: 5 }`)
      // may have been meant as another form of the setting, which its `expected` metadata names too.
      if (typeof input === 'string') return unexpected(literal(input), `one of ${literalList(values)}${didYouMean(input, values)}`);
      return unexpected(describeSetting(input), expectation ?? `one of ${literalList(values)}`);
    }
    if (issue.code === 'invalid_format' && issue.format === 'url') {
      const example = metaAt(schema, path, 'example') ?? 'https://example.com';
      const written = String(input);
      // `mailto:a@b` is an absolute URL, but not one a page or a feed item can live under.
      const web = URL.canParse(written) && !/^https?:$/.test(new URL(written).protocol) ? 'an `http://` or `https://` URL' : 'an absolute URL';
      return unexpected(literal(written), `${web} such as \`${String(example)}\``);
    }
    if (issue.code === 'invalid_type') {
      // `windowDays: 1.5` is a number, but not a whole one: the value itself says what is wrong.
      if (issue.expected === 'int' && typeof input === 'number' && Number.isFinite(input)) return unexpected(literal(input), expectation ?? 'a whole number');
      // An empty `github:` is `null`, and a list an array: `typeof` calls both "object", which is what was expected.
      const actual = input === undefined ? 'missing value' : input === null ? 'empty value' : Array.isArray(input) ? 'list' : typeof input;
      return unexpected(actual, expectation ?? (issue.expected === 'int' ? 'a whole number' : issue.expected));
    }
    // A check across settings words its whole message (`review.days` keys against `severities`, a tracker pattern that backtracks).
    if (issue.message.startsWith('Unexpected ')) return about(issue.message);
    const bound = issue.code === 'too_big' || issue.code === 'too_small' ? boundExpectation(issue) : undefined;
    // Every other refinement's message is what is expected (`.max(3660, 'at most 3660 days (ten years)')`).
    return unexpected(describeSetting(input), bound ?? issue.message);
  }

  // Absence reads "Missing X, expected Y", as in the other rules: there is no X to call unexpected.
  if (issue.code === 'custom' && (issue.params as { missing?: boolean } | undefined)?.missing) {
    // It points at the opening `---`: a field that is not there has no place of its own.
    return [{ message: `Missing \`${field}\`, expected ${issue.message}`, path: [], atKey: false }];
  }
  if (input === undefined && issue.code !== 'custom' && issue.code !== 'too_small') {
    return about(`Missing \`${field}\`, expected ${expectation ?? (issue.code === 'invalid_type' ? `a ${issue.expected}` : issue.message)}`);
  }
  if (metaAt(schema, path, 'timeZone') === true && typeof input === 'string') return unexpected(literal(input), zoneExpectation(input));
  switch (issue.code) {
    case 'invalid_type':
      return unexpected(
        describeValue(input),
        expectation ?? `a ${issue.expected === 'array' ? 'list' : issue.expected === 'object' ? 'mapping' : issue.expected}`,
      );
    case 'invalid_value':
      return unexpected(describeValue(input), `one of ${literalList(issue.values)}`);
    case 'too_small':
      return unexpected(Array.isArray(input) ? 'empty list' : describeValue(input), issue.origin === 'array' ? (expectation ?? issue.message) : issue.message);
    default:
      return unexpected(describeValue(input), issue.message);
  }
}
