/**
 * Validates parsed frontmatter against the schema and turns every zod issue into
 * an "Unexpected X, expected Y" problem (worded by `schema-messages.ts`, the
 * configuration's translator too) that points at the offending YAML node.
 */
import type { z } from 'zod';
import type { Config } from './config.ts';
import type { FrontmatterBlock } from './frontmatter.ts';
import { frontmatterUrlProblem } from './links.ts';
import { frontmatterSchema, type Frontmatter } from './schema.ts';
import { issueMessages } from './schema-messages.ts';
import type { Place } from './text.ts';

/** A value of the frontmatter that the schema refuses, worded, at its YAML node. */
export interface FieldProblem {
  /** "Unexpected X for `field`, expected Y" or "Missing `field`, expected Y". */
  message: string;
  /** The value's node, an unexpected key's own, or the opening `---` for a missing field. */
  place: Place;
}

/** The result of validating a frontmatter block. */
export interface FrontmatterValidation {
  /** The data with defaults applied, when valid. */
  data?: Frontmatter;
  /** Every schema problem, each at the node it concerns. */
  problems: FieldProblem[];
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

/** Where the node at `path` is: its own place (its key's, when asked and it has one), else the nearest enclosing one, else the opening `---`. */
function placeFor(block: FrontmatterBlock, path: readonly PropertyKey[], useKey = false): Place {
  for (let length = path.length; length > 0; length--) {
    const field = block.fields[path.slice(0, length).map(String).join('.')];
    if (field) return (useKey ? field.key : undefined) ?? field.value;
  }
  return block.openingPlace;
}

/** The problems of one zod issue, worded by the one translator, each at its node. */
function describeIssue(issue: z.core.$ZodIssue, block: FrontmatterBlock, schema: z.ZodType): FieldProblem[] {
  // A malformed URL is the `link` rule's to report, with what is wrong with it: one bad value, one message.
  // The data still fails validation, so no rule or page ever reads the bad URL as a valid link.
  if (issue.code === 'custom' && frontmatterUrlProblem('input' in issue ? issue.input : undefined)) return [];
  return issueMessages(issue, schema, 'field').map(({ message, path, atKey }) => ({ message, place: placeFor(block, path, atKey) }));
}
