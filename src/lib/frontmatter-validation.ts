/**
 * Validates parsed frontmatter against the schema and turns every zod issue into
 * an "Unexpected X, expected Y" problem that points at the offending YAML node.
 */
import type { z } from 'zod';
import type { Config } from './config.ts';
import type { FrontmatterBlock, FrontmatterProblem } from './frontmatter.ts';
import { frontmatterUrlProblem } from './links.ts';
import { frontmatterKeys, frontmatterSchema, impactKeys, statuses, watchKeys, type Frontmatter } from './schema.ts';
import { literal, literalList, type Place } from './text.ts';

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
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, block, config));
  return { problems };
}

/** The keys a mapping at `parent` accepts (list positions do not matter: every `watch` entry has the same keys). */
function keysOf(parent: readonly PropertyKey[]): readonly string[] | undefined {
  const path = parent.map((segment) => (typeof segment === 'number' ? '*' : String(segment))).join('.');
  if (path === '') return frontmatterKeys;
  if (path === 'impact') return impactKeys;
  if (path === 'watch.*') return watchKeys;
  return undefined;
}

const dateTimeExpectation = "a time written `YYYY-MM-DDTHH:MM` in the report's `timezone`, optionally with an offset such as `+02:00`";

/** What each field must hold, for messages about missing or mistyped fields. */
function fieldExpectation(dottedPath: string, config: Config): string | undefined {
  // `watch.0.expires` and `watch.3.expires` expect the same.
  const path = dottedPath.replace(/\.\d+(?=\.|$)/g, '.*');
  switch (path) {
    case 'title':
      return 'a one-line title';
    case 'date':
      return 'the day impact began, written `YYYY-MM-DD`';
    case 'status':
      return `one of ${literalList(statuses)}`;
    case 'severity':
      return `one of ${literalList(config.severities)}`;
    case 'services':
      return 'a list of the affected services, such as `[api]`';
    case 'impact':
      return 'a mapping with `start` and optionally `end` and `detected`';
    case 'impact.start':
    case 'impact.end':
    case 'impact.detected':
      return dateTimeExpectation;
    case 'watch':
      return 'a list of mappings with `name`, `expires` and optionally `issue`';
    case 'watch.*.name':
      return 'what will expire, such as `API signing certificate`';
    case 'watch.*.expires':
      return 'the day it expires, written `YYYY-MM-DD`';
    case 'watch.*.issue':
      return 'the issue tracking its renewal, a URL or `owner/repo#123`';
    case 'tags':
    case 'authors':
    case 'repeat_of':
    case 'related':
    case 'resolution_prs':
      return 'a list';
    default:
      return undefined;
  }
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

function describeIssue(issue: z.core.$ZodIssue, block: FrontmatterBlock, config: Config): FrontmatterProblem[] {
  const path = issue.path.map(String).join('.');
  const field = path === '' ? 'frontmatter' : path;
  const input = 'input' in issue ? issue.input : undefined;
  // A malformed URL is the `link` rule's to report, with what is wrong with it: one bad value, one message.
  // The data still fails validation, so no rule or page ever reads the bad URL as a valid link.
  if (issue.code === 'custom' && frontmatterUrlProblem(input)) return [];
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path;
    const known = keysOf(parent);
    const expected = known ? `one of ${literalList(known)}` : 'only the documented keys';
    return issue.keys.map((key) => ({
      message: `Unexpected key ${literal(key)}${parent.length ? ` in \`${parent.join('.')}\`` : ''}, expected ${expected}`,
      place: placeFor(block, [...parent, key], true),
    }));
  }
  if (issue.code === 'custom' && (issue.params as { missing?: boolean } | undefined)?.missing) {
    return [{ message: `Unexpected missing field \`${field}\`, expected ${issue.message}`, place: block.openingPlace }];
  }
  if (input === undefined && issue.code !== 'custom' && issue.code !== 'too_small') {
    const expected = fieldExpectation(path, config) ?? (issue.code === 'invalid_type' ? `a ${issue.expected}` : issue.message);
    return [{ message: `Unexpected missing field \`${field}\`, expected ${expected}`, place: placeFor(block, issue.path) }];
  }
  let expected: string;
  switch (issue.code) {
    case 'invalid_type':
      expected = fieldExpectation(path, config) ?? `a ${issue.expected === 'array' ? 'list' : issue.expected === 'object' ? 'mapping' : issue.expected}`;
      break;
    case 'invalid_value':
      expected = `one of ${literalList(issue.values)}`;
      break;
    case 'too_small':
      expected = issue.origin === 'array' ? (fieldExpectation(path, config) ?? issue.message) : issue.message;
      break;
    default:
      expected = issue.message;
  }
  const actual = issue.code === 'too_small' && Array.isArray(input) ? 'empty list' : describeValue(input);
  return [{ message: `Unexpected ${actual} for \`${field}\`, expected ${expected}`, place: placeFor(block, issue.path) }];
}
