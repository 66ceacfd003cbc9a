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
 * sentence ("Unexpected `critical` for `severity`, expected one of …") and its
 * schema words a refinement as what is expected ("a date written `YYYY-MM-DD`").
 * The configuration's are printed after the setting's path ("- **site.url**:
 * Unexpected `foo`, must be …") and its schema words a refinement as a rule the
 * value breaks ("must be a domain such as …").
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

/** ` (\`America/Los_Angeles\` for \`PDT\`)` when `written` is an abbreviation of an IANA zone, else `''`. */
function zoneHint(written: string): string {
  const zone = ianaZoneFor(written);
  return zone !== undefined && zone !== written && isTimeZone(zone) ? ` (${literal(zone)} for ${literal(written)})` : '';
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
    // Every `watch` entry has the same keys: the schema answers for any list position. A setting
    // inside a list entry (`factors.3`) has never been given a suggestion; one would change messages users know.
    const known = voice === 'setting' && path.some((segment) => typeof segment === 'number') ? undefined : objectKeysAt(schema, path);
    const expected = known ? `one of ${literalList(known)}` : 'only the documented keys';
    return issue.keys.map((key) => {
      // `tag:`, `servces:`, `repeat-of:`, `Title:`, `serverities:`: a typo of a known key, named first.
      const suggestion = known ? didYouMean(key, known) : '';
      const message =
        voice === 'field'
          ? `Unexpected key ${literal(key)}${path.length ? ` in \`${dotted}\`` : ''}${suggestion}, expected ${expected}`
          : `Unexpected key ${literal(key)}${suggestion}`;
      return { message, path: [...path, key], atKey: true };
    });
  }

  const expectation = expectedAt(schema, path);
  if (voice === 'setting') {
    if (issue.code === 'invalid_value') {
      const values = issue.values.map(String);
      const written = typeof input === 'string' ? input : undefined;
      const listed = values.map((value) => literal(value)).join(', ');
      return about(
        `Unexpected ${written === undefined ? 'value' : literal(written)}, expected one of ${listed}${written === undefined ? '' : didYouMean(written, values)}`,
      );
    }
    if (issue.code === 'invalid_format' && issue.format === 'url') {
      const example = metaAt(schema, path, 'example') ?? 'https://example.com';
      const written = String(input);
      // `mailto:a@b` is an absolute URL, but not one a page or a feed item can live under.
      const web = URL.canParse(written) && !/^https?:$/.test(new URL(written).protocol) ? 'an `http://` or `https://` URL' : 'an absolute URL';
      return about(`Unexpected ${literal(written)}, must be ${web} such as \`${String(example)}\``);
    }
    if (issue.code === 'custom' && metaAt(schema, path, 'timeZone') === true && typeof input === 'string') {
      // `timezone: PDT`: name the zone whose clock it is, as the messages about a report's `timezone` do.
      return about(`${issue.message}${zoneHint(input)}`);
    }
    if (issue.code === 'invalid_type') {
      // An empty `github:` is `null`, and a list an array: `typeof` calls both "object", which is what was expected.
      const actual = input === undefined ? 'missing value' : input === null ? 'empty value' : Array.isArray(input) ? 'list' : typeof input;
      return about(`Unexpected ${actual}, expected ${expectation ?? issue.expected}`);
    }
    return about(issue.message);
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
