/**
 * Friendly configuration errors, after Starlight's `parseWithFriendlyErrors`:
 * each zod issue becomes "**path**: what is wrong".
 */
import type { z } from 'zod';
import { configSchema, type Config } from './config.ts';
import { rulesById } from './rules/index.ts';

/** A configuration that cannot be used; its message is ready to print. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `Unexpected key ${issue.keys.map((key) => `\`${key}\``).join(', ')}`;
  if (issue.code === 'invalid_value') return `Unexpected value, expected one of ${issue.values.map((value) => `\`${String(value)}\``).join(', ')}`;
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
    if (!rulesById.has(id)) lines.push(`- **rules.${id}**: Unexpected rule \`${id}\`, expected one of ${[...rulesById.keys()].map((known) => `\`${known}\``).join(', ')}`);
  }
  if (result.success && lines.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration in ${source}:\n${lines.join('\n')}`);
}

/** The `rules` mapping of raw configuration data, when it is one. */
function ruleLevels(data: unknown): Record<string, unknown> {
  const rules = (data as { rules?: unknown } | null | undefined)?.rules;
  return typeof rules === 'object' && rules !== null && !Array.isArray(rules) ? (rules as Record<string, unknown>) : {};
}
