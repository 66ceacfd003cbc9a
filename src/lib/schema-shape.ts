/**
 * The keys an object schema accepts, read through zod's public API. The
 * "did you mean" of a misspelt key needs the keys that were allowed where it
 * was written; reading them from the schema itself (rather than from a list kept
 * by hand, or from zod's internals) keeps them true when a field is added.
 */
import { z } from 'zod';

/**
 * The keys of the object schema at `path` inside `schema`, through the
 * `optional`, `default`, `prefault`, `nullable` and `preprocess` wrapping it and
 * the lists on the way (`['watch', 0]` is a `watch` entry); `undefined` when the
 * path does not lead to an object schema.
 *
 * @param schema the root schema, such as the configuration's or the frontmatter's
 * @param path an issue's path to the mapping (`[]` for the top level)
 */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: unknown = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = unwrap(current.shape[String(segment)]);
    else if (current instanceof z.ZodArray && typeof segment === 'number') current = unwrap(current.unwrap());
    else return undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}

/** The schema that does the checking, under the wrappers that only change a missing value or the input. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodNullable) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      // `z.preprocess(wrapSingle, z.array(…))`: what the value must be is the pipe's output side.
      current = current.out;
    } else {
      return current;
    }
  }
}

/**
 * What the field at `path` must hold, in words, as its schema declares with
 * `.meta({ expected })`: the messages about a missing or mistyped field read it
 * from the schema, so a field's wording sits beside its definition. The wording
 * may be on any wrapper of the field (a `.default()`, a `preprocess`).
 *
 * @param schema the root schema
 * @param path an issue's path (`['watch', 0, 'expires']`)
 */
export function expectedAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let current: unknown = schema;
  for (const segment of path) {
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject) current = inner.shape[String(segment)];
    else if (inner instanceof z.ZodArray && typeof segment === 'number') current = inner.unwrap();
    else return undefined;
  }
  for (let layer = current; layer instanceof z.ZodType; layer = peel(layer)) {
    const expected = layer.meta()?.expected;
    if (typeof expected === 'string') return expected;
  }
  return undefined;
}

/** One wrapper less, or `undefined` at the schema that does the checking. */
function peel(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodNullable)
    return schema.unwrap();
  if (schema instanceof z.ZodPipe) return schema.out;
  return undefined;
}
