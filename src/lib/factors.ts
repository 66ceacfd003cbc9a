/**
 * Contributing factors: a fixed, configured list of categories (`factors` in
 * `hindsight.config.yaml`) that a report names in its frontmatter (`factors:
 * [deploy, expired-credential]`), so a team can count and follow them across
 * incidents. A free-text tag would split one cause into `deploy`, `deploys` and
 * `bad-deploy`; a taxonomy checked by the `frontmatter` rule keeps them one.
 */
import * as z from 'zod';
import { suggestName } from './distance.ts';
import { literal, literalList } from './text.ts';

/** A factor id: lower-case words joined by `-`, so it is a stable URL fragment too (`configuration-change`). */
export const factorIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One contributing factor of the taxonomy, as the site shows it. */
export interface FactorSpec {
  /** What reports write in `factors`, e.g. `expired-credential`. */
  id: string;
  /** What the site shows, e.g. `Expired credential`. */
  label: string;
  /** What counts as this factor, shown on `/factors/`. */
  description?: string;
}

/**
 * The default taxonomy: the causes that recur most in published postmortems
 * (morgue and icco/postmortems keep similar fixed lists; FireHydrant calls
 * them contributing factors). A team replaces the whole list in its configuration.
 */
export const defaultFactors: readonly FactorSpec[] = [
  { id: 'deploy', label: 'Deploy', description: 'A release or rollout of code changed behaviour.' },
  { id: 'configuration-change', label: 'Configuration change', description: 'A setting, flag or infrastructure definition changed.' },
  { id: 'capacity', label: 'Capacity', description: 'Load, quotas or resources ran out.' },
  { id: 'dependency', label: 'Dependency', description: 'An upstream service, provider or library failed.' },
  { id: 'expired-credential', label: 'Expired credential', description: 'A secret, token, key or certificate expired or was revoked.' },
  { id: 'monitoring-gap', label: 'Monitoring gap', description: 'No alert or dashboard showed the problem in time.' },
  { id: 'manual-operation', label: 'Manual operation', description: 'A step done by hand, outside the usual automation.' },
];

/**
 * One entry of `factors` in the configuration: an id alone (`capacity`), or
 * `{ id, label, description }`. A bare id is read as `{ id }`, so both shapes
 * get the same checks and messages.
 */
export const factorEntrySchema = z.preprocess(
  (value) => (typeof value === 'string' ? { id: value } : value),
  z.strictObject({
    /** What reports write, e.g. `expired-credential`. */
    id: z.string().regex(factorIdPattern, 'lower-case words joined by `-`, such as `expired-credential`'),
    /** What the site shows; default: the id in words (`Expired credential`). */
    label: z.string().min(1).optional(),
    /** What counts as this factor. */
    description: z.string().min(1).optional(),
  }),
);

/** A configured factor entry, as parsed (its label may be missing). */
export type FactorEntry = z.infer<typeof factorEntrySchema>;

/** `expired-credential` → `Expired credential`. */
export function labelOfId(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Problems with the configured list that each entry alone cannot show: an id
 * listed twice (the second would never be reachable on `/factors/`).
 *
 * @returns zod issues to add, at `factors.<position>.id`
 */
export function factorListIssues(entries: readonly FactorEntry[]): z.core.$ZodRawIssue[] {
  const seen = new Set<string>();
  const issues: z.core.$ZodRawIssue[] = [];
  entries.forEach((entry, position) => {
    if (seen.has(entry.id)) {
      issues.push({
        code: 'custom',
        path: ['factors', position, 'id'],
        input: entry.id,
        message: `Unexpected ${literal(entry.id)} listed twice, expected each factor once`,
      });
    }
    seen.add(entry.id);
  });
  return issues;
}

/**
 * What the factor functions read of a configuration. Structural, not `Config`:
 * config.ts builds its schema from this module, which so never imports it back.
 */
export interface FactorSettings {
  factors?: readonly FactorEntry[];
}

/** Taxonomies already normalised, per configuration (a parsed configuration never changes). */
const taxonomies = new WeakMap<FactorSettings, readonly FactorSpec[]>();

/** The configured factors, each with its label, in the configured order. */
export function factorTaxonomy(config: FactorSettings): readonly FactorSpec[] {
  let taxonomy = taxonomies.get(config);
  if (!taxonomy) {
    // A configuration built by hand (tests, older callers) may lack the field: the defaults apply.
    const entries: readonly FactorEntry[] = config.factors ?? defaultFactors;
    taxonomy = entries.map((entry) => ({
      id: entry.id,
      label: entry.label ?? labelOfId(entry.id),
      ...(entry.description ? { description: entry.description } : {}),
    }));
    taxonomies.set(config, taxonomy);
  }
  return taxonomy;
}

/**
 * What a report's `factors` entry must be, for the `frontmatter` rule's
 * "Unexpected `deploys` for `factors.0`, expected …" message: the configured
 * ids, and the one a typo most likely means.
 */
export function factorExpectation(written: string, ids: readonly string[]): string {
  if (ids.length === 0) return 'no factor: `factors` in hindsight.config.yaml lists none';
  const suggestion = suggestName(written, ids);
  return `one of ${literalList(ids)}${suggestion ? ` (did you mean ${literal(suggestion)}?)` : ''}, as \`factors\` in hindsight.config.yaml lists them`;
}

/** The schema of one `factors` entry of a report: an id of the configured taxonomy. */
export function reportFactorSchema(config: FactorSettings) {
  const ids = factorTaxonomy(config).map((factor) => factor.id);
  return z
    .string()
    .min(1, 'a contributing factor')
    .superRefine((value, context) => {
      if (!ids.includes(value)) context.addIssue({ code: 'custom', input: value, message: factorExpectation(value, ids) });
    });
}
