/**
 * What a schema says about itself, read through zod's public API: the keys an
 * object accepts, the metadata (`.meta()`) a field carries, and the settings a
 * document uses that the schema marks deprecated. The "did you mean" of a
 * misspelt key needs the keys that were allowed where it was written; reading
 * them from the schema itself (rather than from a list kept by hand, or from
 * zod's internals) keeps them true when a field is added.
 */
import * as z from 'zod';

/**
 * The schema that checks the keys an object does not name, for the objects made
 * with `objectWithOthers` (zod keeps a catchall in its internals).
 */
// Held as `unknown`: a schema type inside a registry's metadata type recurses too deep for TypeScript.
const otherKeys = z.registry<{ schema: unknown }>();

/**
 * An object whose named keys have their own schemas and whose every other key
 * takes `others`, such as `rules`: `watch-expiry` has options, every other rule
 * only a level. Its keys and metadata can be read as any object's.
 *
 * @param shape the keys with schemas of their own
 * @param others the schema of every other key
 */
export function objectWithOthers<Shape extends z.ZodRawShape, Others extends z.ZodType>(shape: Shape, others: Others) {
  const schema = z.object(shape).catchall(others);
  otherKeys.add(schema, { schema: others });
  // Typed so that a named key may hold what its own schema takes: TypeScript holds every key of an
  // object with an index signature to that signature too, and a named key's input is not the others'.
  return schema as unknown as z.ZodObject<Shape, z.core.$catchall<z.ZodType<z.output<Others>, z.input<Others> | z.input<Shape[keyof Shape]>>>>;
}

/** The schema that does the checking, under the wrappers that only change a missing value, the input or the output. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodNullable) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      // `z.preprocess(wrapSingle, z.array(…))`: what the value must be is the pipe's output side;
      // `schema.transform(…)`: it is the input side, the transform only reshapes what passed.
      current = current.out instanceof z.ZodTransform ? current.in : current.out;
    } else {
      return current;
    }
  }
}

/** One wrapper less, or `undefined` at the schema that does the checking. */
function peel(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodNullable)
    return schema.unwrap();
  if (schema instanceof z.ZodPipe) return schema.out instanceof z.ZodTransform ? schema.in : schema.out;
  return undefined;
}

/**
 * The schema of the value at `segment` inside `schema`: an object's field (or
 * the schema of its other keys), a list's item (any position), or, in a union,
 * the first alternative that has one (`rules.watch-expiry` is a level or a
 * mapping: `windowDays` is the mapping's).
 */
function child(schema: unknown, segment: PropertyKey): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return inner.shape[String(segment)] ?? otherKeys.get(inner)?.schema;
  if (inner instanceof z.ZodArray) return typeof segment === 'number' ? inner.unwrap() : undefined;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options) {
      const found = child(option, segment);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The object schema a (possibly wrapped) schema checks with, or, for a union, its one alternative that is an object. */
function objectOf(schema: unknown): z.ZodObject | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return inner;
  if (inner instanceof z.ZodUnion) {
    const objects = inner.options.map(objectOf).filter((option) => option !== undefined);
    return objects.length === 1 ? objects[0] : undefined;
  }
  return undefined;
}

/** The schema at `path` inside `schema`, wrappers and all, or `undefined` when the path leads nowhere. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): unknown {
  let current: unknown = schema;
  for (const segment of path) {
    current = child(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * The keys of the object schema at `path` inside `schema`, through the
 * `optional`, `default`, `prefault`, `nullable`, `preprocess` and `transform`
 * wrapping it, the lists on the way (`['watch', 0]` is a `watch` entry) and the
 * unions whose one mapping form it is (`['rules', 'watch-expiry']`);
 * `undefined` when the path does not lead to an object schema.
 *
 * @param schema the root schema, such as the configuration's or the frontmatter's
 * @param path an issue's path to the mapping (`[]` for the top level)
 */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  const object = objectOf(schemaAt(schema, path));
  return object ? Object.keys(object.shape) : undefined;
}

/**
 * A metadata value of the field at `path`, as its schema declares it with
 * `.meta({ [key]: … })`, on the field or on any wrapper of it (a `.default()`, a
 * `preprocess`): the outermost wins.
 *
 * @param schema the root schema
 * @param path an issue's path (`['watch', 0, 'expires']`)
 * @param key the metadata key, such as `expected`
 */
export function metaAt(schema: z.ZodType, path: readonly PropertyKey[], key: string): unknown {
  for (let layer = schemaAt(schema, path); layer instanceof z.ZodType; layer = peel(layer)) {
    const value = layer.meta()?.[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * What the field at `path` must hold, in words, as its schema declares with
 * `.meta({ expected })`: the messages about a missing or mistyped field read it
 * from the schema, so a field's wording sits beside its definition.
 *
 * @param schema the root schema
 * @param path an issue's path (`['watch', 0, 'expires']`)
 */
export function expectedAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  const expected = metaAt(schema, path, 'expected');
  return typeof expected === 'string' ? expected : undefined;
}

/** A setting that still works but has moved, found in a document. */
export interface DeprecatedSetting {
  /** Where it was written (`['github', 'watchWindowDays']`). */
  path: (string | number)[];
  /** The value written there. */
  value: unknown;
  /** Where it lives now (`['rules', 'watch-expiry', 'windowDays']`), as its schema's `.meta({ movedTo })` says. */
  movedTo: string[];
}

/**
 * The settings of `data` that its schema marks deprecated with
 * `.meta({ deprecated: true, movedTo: [...] })`, in document order. Only
 * mappings are walked: a setting inside a list is never deprecated on its own.
 *
 * @param schema the root schema
 * @param data the document, before validation
 */
export function deprecatedSettings(schema: z.ZodType, data: unknown): DeprecatedSetting[] {
  const found: DeprecatedSetting[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [key, field] of Object.entries(value)) {
      const fieldPath = [...path, key];
      if (schemaAt(schema, fieldPath) === undefined) continue;
      const movedTo = metaAt(schema, fieldPath, 'movedTo');
      if (metaAt(schema, fieldPath, 'deprecated') === true && Array.isArray(movedTo))
        found.push({ path: fieldPath, value: field, movedTo: movedTo.map(String) });
      else walk(field, fieldPath);
    }
  };
  walk(data, []);
  return found;
}
