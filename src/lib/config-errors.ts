/**
 * Friendly configuration errors, after Starlight's `parseWithFriendlyErrors`:
 * each zod issue becomes "**path**: what is wrong".
 */
import type { z } from 'zod';
import { configSchema, type Config } from './config.ts';
import { closestMatch } from './distance.ts';
import { rulesById } from './rules/index.ts';

/** A configuration that cannot be used; its message is ready to print. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Examples of absolute URLs, by the path of the setting, for messages about a relative or malformed one. */
const urlExamples: Record<string, string> = { 'site.url': 'https://acme.github.io', 'github.url': 'https://github.acme.com' };

/** The keys the configuration schema accepts at a path (`[]` for the top level), for "did you mean". */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let shape = shapeOf(configSchema);
  for (const segment of path) shape = shapeOf(shape?.[String(segment)]);
  return Object.keys(shape ?? {});
}

/** The fields of an object schema, through the `default`, `prefault` and `optional` wrapping it. */
function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  let current = schema;
  for (let inner = innerType(current); inner; inner = innerType(current)) current = inner;
  return (current as { shape?: Record<string, unknown> } | undefined)?.shape;
}

function innerType(schema: unknown): unknown {
  return (schema as { _zod?: { def?: { innerType?: unknown } } } | undefined)?._zod?.def?.innerType;
}

/** ` (did you mean \`x\`?)` when `written` is close to one of `candidates` (case aside), else `''`. */
function didYouMean(written: string, candidates: readonly string[]): string {
  const suggestion = candidates.find((candidate) => candidate.toLowerCase() === written.toLowerCase()) ?? closestMatch(written, candidates);
  return suggestion && suggestion !== written ? ` (did you mean \`${suggestion}\`?)` : '';
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => `Unexpected key \`${key}\`${didYouMean(key, known)}`).join('; ');
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map(String);
    const written = typeof issue.input === 'string' ? issue.input : undefined;
    return `Unexpected ${written === undefined ? 'value' : `\`${written}\``}, expected one of ${values.map((value) => `\`${value}\``).join(', ')}${written === undefined ? '' : didYouMean(written, values)}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') {
    const example = urlExamples[issue.path.join('.')] ?? 'https://example.com';
    return `Unexpected \`${String(issue.input)}\`, must be an absolute URL such as \`${example}\``;
  }
  if (issue.code === 'invalid_type') return `Unexpected ${issue.input === undefined ? 'missing value' : typeof issue.input}, expected ${issue.expected}`;
  return issue.message;
}

/**
 * Validates a parsed configuration object.
 *
 * @param data the YAML data of `hindsight.config.yaml` (`{}` when there is none)
 * @param source the file name, for the message
 * @throws {ConfigError} listing every problem
 */
export function parseConfig(data: unknown, source = 'hindsight.config.yaml'): Config {
  const result = configSchema.safeParse(data ?? {}, { reportInput: true });
  const lines = result.success
    ? []
    : result.error.issues.map((issue) => {
        const path = issue.path.length ? issue.path.join('.') : '(top level)';
        return `- **${path}**: ${describe(issue)}`;
      });
  // The schema cannot know the rule ids (the rules import it), so a mistyped id is caught here, not silently ignored.
  const configuredRules = result.success ? result.data.rules : ruleLevels(data);
  for (const id of Object.keys(configuredRules)) {
    if (!rulesById.has(id))
      lines.push(`- **rules.${id}**: Unexpected rule \`${id}\`, expected one of ${[...rulesById.keys()].map((known) => `\`${known}\``).join(', ')}`);
  }
  if (result.success && lines.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration in ${source}:\n${lines.join('\n')}`);
}

/** The `rules` mapping of raw configuration data, when it is one. */
function ruleLevels(data: unknown): Record<string, unknown> {
  const rules = (data as { rules?: unknown } | null | undefined)?.rules;
  return typeof rules === 'object' && rules !== null && !Array.isArray(rules) ? (rules as Record<string, unknown>) : {};
}
