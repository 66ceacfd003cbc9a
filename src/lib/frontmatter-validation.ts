/**
 * Validates parsed frontmatter against the schema and turns every zod issue into
 * an "Unexpected X, expected Y" problem that points at the offending YAML node.
 */
import type { z } from 'zod';
import { isTimeZone, type Config } from './config.ts';
import { suggestName } from './distance.ts';
import type { FrontmatterBlock, FrontmatterProblem } from './frontmatter.ts';
import { frontmatterUrlProblem } from './links.ts';
import { frontmatterSchema, type Frontmatter } from './schema.ts';
import { expectedAt, objectKeysAt } from './schema-shape.ts';
import { literal, literalList, type Place } from './text.ts';
import { ianaZoneFor } from './zones.ts';

/** The result of validating a frontmatter block. */
export interface FrontmatterValidation {
  /** The data with defaults applied, when valid. */
  data?: Frontmatter;
  /** Every schema problem, each at the node it concerns. */
  problems: FrontmatterProblem[];
}

const schemaCache = new WeakMap<Config, ReturnType<typeof frontmatterSchema>>();

/** Validates `block.data` for `config`. */
export function validateFrontmatter(block: FrontmatterBlock, config: Config): FrontmatterValidation {
  if (block.data === undefined) return { problems: [] };
  let schema = schemaCache.get(config);
  if (!schema) {
    schema = frontmatterSchema(config);
    schemaCache.set(config, schema);
  }
  const result = schema.safeParse(block.data ?? {}, { reportInput: true });
  if (result.success) return { data: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, block, schema));
  return { problems };
}

/**
 * What `timezone` expects, naming the zone an abbreviation stands for: `PDT` is
 * `America/Los_Angeles`, whose clock also knows when PST applies.
 */
function zoneExpectation(written: string): string {
  const zone = ianaZoneFor(written);
  if (zone === undefined || zone === written || !isTimeZone(zone)) return 'an IANA time zone such as `UTC` or `America/Toronto`';
  if (/^[+-]/.test(zone)) return `an IANA time zone such as \`Europe/Berlin\`, or the offset ${literal(zone)}`;
  return `an IANA time zone: ${literal(zone)} for ${literal(written)}, which also follows its daylight saving time`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing value';
  if (value === null) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return literal(value);
}

function placeFor(block: FrontmatterBlock, path: PropertyKey[], useKey = false): Place {
  for (let length = path.length; length > 0; length--) {
    const field = block.fields[path.slice(0, length).map(String).join('.')];
    if (field) return (useKey ? field.key : undefined) ?? field.value;
  }
  return block.openingPlace;
}

function describeIssue(issue: z.core.$ZodIssue, block: FrontmatterBlock, schema: z.ZodType): FrontmatterProblem[] {
  const path = issue.path.map(String).join('.');
  const field = path === '' ? 'frontmatter' : path;
  const input = 'input' in issue ? issue.input : undefined;
  // A malformed URL is the `link` rule's to report, with what is wrong with it: one bad value, one message.
  // The data still fails validation, so no rule or page ever reads the bad URL as a valid link.
  if (issue.code === 'custom' && frontmatterUrlProblem(input)) return [];
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path;
    // Every `watch` entry has the same keys: the schema answers for any list position.
    const known = objectKeysAt(schema, parent);
    const expected = known ? `one of ${literalList(known)}` : 'only the documented keys';
    return issue.keys.map((key) => {
      // `tag:`, `servces:`, `repeat-of:`, `Title:`: a typo of a known key, named first.
      const suggestion = known ? suggestName(key, known) : undefined;
      const didYouMean = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
      return {
        message: `Unexpected key ${literal(key)}${parent.length ? ` in \`${parent.join('.')}\`` : ''}${didYouMean}, expected ${expected}`,
        place: placeFor(block, [...parent, key], true),
      };
    });
  }
  // Absence reads "Missing X, expected Y", as in the other rules: there is no X to call unexpected.
  if (issue.code === 'custom' && (issue.params as { missing?: boolean } | undefined)?.missing) {
    return [{ message: `Missing \`${field}\`, expected ${issue.message}`, place: block.openingPlace }];
  }
  if (input === undefined && issue.code !== 'custom' && issue.code !== 'too_small') {
    const expected = expectedAt(schema, issue.path) ?? (issue.code === 'invalid_type' ? `a ${issue.expected}` : issue.message);
    return [{ message: `Missing \`${field}\`, expected ${expected}`, place: placeFor(block, issue.path) }];
  }
  if (path === 'timezone' && typeof input === 'string') {
    return [{ message: `Unexpected ${literal(input)} for \`timezone\`, expected ${zoneExpectation(input)}`, place: placeFor(block, issue.path) }];
  }
  let expected: string;
  switch (issue.code) {
    case 'invalid_type':
      expected = expectedAt(schema, issue.path) ?? `a ${issue.expected === 'array' ? 'list' : issue.expected === 'object' ? 'mapping' : issue.expected}`;
      break;
    case 'invalid_value':
      expected = `one of ${literalList(issue.values)}`;
      break;
    case 'too_small':
      expected = issue.origin === 'array' ? (expectedAt(schema, issue.path) ?? issue.message) : issue.message;
      break;
    default:
      expected = issue.message;
  }
  const actual = issue.code === 'too_small' && Array.isArray(input) ? 'empty list' : describeValue(input);
  return [{ message: `Unexpected ${actual} for \`${field}\`, expected ${expected}`, place: placeFor(block, issue.path) }];
}
