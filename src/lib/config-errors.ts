/**
 * Friendly configuration errors, after Starlight's `parseWithFriendlyErrors`:
 * each zod issue becomes "**path**: what is wrong".
 */
import type { z } from 'zod';
import { configSchema, isTimeZone, type Config } from './config.ts';
import { suggestName } from './distance.ts';
import { rulesById } from './rules/index.ts';
import { objectKeysAt } from './schema-shape.ts';
import { literal } from './text.ts';
import { ianaZoneFor } from './zones.ts';

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
  // Keys inside list entries (`factors.3`) have never been suggested; doing so would change messages users know.
  if (path.some((segment) => typeof segment === 'number')) return [];
  return objectKeysAt(configSchema, path) ?? [];
}

/** ` (did you mean \`x\`?)` when `written` is close to one of `candidates` (case, `-` for `_` aside), else `''`. */
function didYouMean(written: string, candidates: readonly string[]): string {
  const suggestion = suggestName(written, candidates);
  return suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
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
    const input = String(issue.input);
    // `mailto:a@b` is an absolute URL, but not one a page or a feed item can live under.
    if (URL.canParse(input) && !/^https?:$/.test(new URL(input).protocol)) {
      return `Unexpected ${literal(input)}, must be an \`http://\` or \`https://\` URL such as \`${example}\``;
    }
    return `Unexpected ${literal(input)}, must be an absolute URL such as \`${example}\``;
  }
  if (issue.code === 'custom' && issue.path.join('.') === 'timezone' && typeof issue.input === 'string') {
    // `timezone: PDT`: name the zone whose clock it is, as the `frontmatter` rule does for a report.
    const zone = ianaZoneFor(issue.input);
    const hint = zone !== undefined && zone !== issue.input && isTimeZone(zone) ? ` (${literal(zone)} for ${literal(issue.input)})` : '';
    return `${issue.message}${hint}`;
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
      lines.push(
        `- **rules.${id}**: Unexpected rule \`${id}\`${didYouMean(id, [...rulesById.keys()])}, expected one of ${[...rulesById.keys()].map((known) => `\`${known}\``).join(', ')}`,
      );
  }
  if (result.success && lines.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration in ${source}:\n${lines.join('\n')}`);
}

/** The `rules` mapping of raw configuration data, when it is one. */
function ruleLevels(data: unknown): Record<string, unknown> {
  const rules = (data as { rules?: unknown } | null | undefined)?.rules;
  return typeof rules === 'object' && rules !== null && !Array.isArray(rules) ? (rules as Record<string, unknown>) : {};
}
