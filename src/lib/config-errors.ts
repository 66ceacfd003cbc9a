/**
 * Friendly configuration errors, after Starlight's `parseWithFriendlyErrors`:
 * each zod issue becomes "**path**: what is wrong", worded by the translator the
 * frontmatter's messages share (`schema-messages.ts`), and, when the file's
 * places are known, where it is (`hindsight.config.yaml:3:5`). A deprecated
 * setting still works, and is a warning naming its new place.
 */
import { configSchema, type Config } from './config.ts';
import type { FieldPlace } from './frontmatter.ts';
import { rulesById } from './rules/index.ts';
import { didYouMean, issueMessages, type IssueMessage } from './schema-messages.ts';
import { deprecatedSettings } from './schema-shape.ts';
import { literal, literalList } from './text.ts';

/** A configuration that cannot be used; its message is ready to print. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where each setting of a configuration file is, by dotted path (`yamlFieldPlaces` of its YAML). */
export type SettingPlaces = Readonly<Record<string, FieldPlace>>;

/** A valid configuration, and what in it should still change. */
export interface ValidatedConfig {
  config: Config;
  /** Settings that work but should be written otherwise (a deprecated one), each a message ready to print. */
  warnings: string[];
}

/**
 * `hindsight.config.yaml:3:5`: where the setting at `path` is (its key, with
 * `atKey`), or the nearest enclosing setting; `undefined` when the places are
 * unknown or none encloses it.
 */
function locate(source: string, places: SettingPlaces | undefined, path: readonly PropertyKey[], atKey: boolean): string | undefined {
  if (!places) return undefined;
  for (let length = path.length; length > 0; length--) {
    const field = places[path.slice(0, length).map(String).join('.')];
    if (!field) continue;
    const point = ((atKey && length === path.length ? field.key : undefined) ?? field.value).start;
    return `${source}:${point.line}:${point.column}`;
  }
  return undefined;
}

/** `- **path** (file:line:column): message`; the setting's path is the mapping's for an unexpected key. */
function line(path: readonly PropertyKey[], message: string, where: string | undefined): string {
  return `- **${path.length ? path.join('.') : '(top level)'}**${where ? ` (${where})` : ''}: ${message}`;
}

/** The list lines of one issue's messages: those about the same setting on one line (the unexpected keys of a mapping). */
function issueLines(messages: readonly IssueMessage[], source: string, places: SettingPlaces | undefined): string[] {
  const groups = new Map<string, { path: PropertyKey[]; messages: IssueMessage[] }>();
  for (const message of messages) {
    const path = message.atKey ? message.path.slice(0, -1) : message.path;
    const key = path.map(String).join('\0');
    const group = groups.get(key) ?? { path, messages: [] };
    group.messages.push(message);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ path, messages: [first, ...rest] }) =>
    line(path, [first!, ...rest].map((message) => message.message).join('; '), locate(source, places, first!.path, first!.atKey)),
  );
}

/** A value as YAML flow text nested under `path`: `rules: { watch-expiry: { windowDays: 14 } }`. */
function flowSetting(path: readonly string[], value: unknown): string {
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return path.reduceRight((inner, key, index) => (index === 0 ? `${key}: ${inner}` : `{ ${key}: ${inner} }`), scalar);
}

/** The value at `path` of raw data, if any. */
function valueAt(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A warning for each deprecated setting of `data`, naming where it lives now (`.meta({ deprecated, movedTo })` on the schema). */
function deprecationWarnings(data: unknown, source: string, places: SettingPlaces | undefined): string[] {
  return deprecatedSettings(configSchema, data).map(({ path, value, movedTo }) => {
    const where = locate(source, places, path, true) ?? source;
    const written = `\`${path.join('.')}\``;
    const newPlace = `\`${movedTo.join('.')}\``;
    if (valueAt(data, movedTo) !== undefined) {
      return `${where}: Unexpected deprecated setting ${written} beside ${newPlace}, which wins, expected ${newPlace} alone; remove ${written}`;
    }
    return `${where}: Unexpected deprecated setting ${written}, expected ${literal(flowSetting(movedTo, value))}: the setting moved there, and the old place still works for now`;
  });
}

/**
 * Validates a parsed configuration object.
 *
 * @param data the YAML data of `hindsight.config.yaml` (`{}` when there is none)
 * @param source the file name, for the messages
 * @param places where each setting is in the file, when it was read from one: messages then name the line
 * @returns the configuration, and warnings about settings that should change
 * @throws {ConfigError} listing every problem
 */
export function validateConfig(data: unknown, source = 'hindsight.config.yaml', places?: SettingPlaces): ValidatedConfig {
  const result = configSchema.safeParse(data ?? {}, { reportInput: true });
  const lines = result.success ? [] : result.error.issues.flatMap((issue) => issueLines(issueMessages(issue, configSchema, 'setting'), source, places));
  // The schema cannot know the rule ids (the rules import it), so a mistyped id is caught here, not silently ignored.
  const configuredRules = result.success ? result.data.rules : ruleSettings(data);
  const ids = [...rulesById.keys()];
  for (const id of Object.keys(configuredRules)) {
    if (rulesById.has(id)) continue;
    lines.push(
      line(
        ['rules', id],
        `Unexpected rule ${literal(id)}${didYouMean(id, ids)}, expected one of ${literalList(ids)}`,
        locate(source, places, ['rules', id], true),
      ),
    );
  }
  if (result.success && lines.length === 0) return { config: result.data, warnings: deprecationWarnings(data, source, places) };
  throw new ConfigError(`Invalid configuration in ${source}:\n${lines.join('\n')}`);
}

/**
 * Validates a parsed configuration object; `validateConfig` also says which settings should change.
 *
 * @param data the YAML data of `hindsight.config.yaml` (`{}` when there is none)
 * @param source the file name, for the message
 * @throws {ConfigError} listing every problem
 */
export function parseConfig(data: unknown, source = 'hindsight.config.yaml'): Config {
  return validateConfig(data, source).config;
}

/** The `rules` mapping of raw configuration data, when it is one. */
function ruleSettings(data: unknown): Record<string, unknown> {
  const rules = (data as { rules?: unknown } | null | undefined)?.rules;
  return typeof rules === 'object' && rules !== null && !Array.isArray(rules) ? (rules as Record<string, unknown>) : {};
}
