/**
 * The project configuration: `hindsight.config.yaml` at the project root.
 *
 * Every field is optional; the defaults make a fresh clone work. The schema is
 * strict so that a typo (`serverities:`) fails loudly instead of being ignored.
 */
import * as z from 'zod';
import { trackerPatternProblem } from './regex-safety.ts';
import { defaultFactors, factorEntrySchema, factorListIssues } from './factors.ts';
import { reviewDaysIssues, reviewSchema } from './review.ts';
import { audiences } from './publish/audience.ts';
import { objectWithOthers } from './schema-shape.ts';
import { literal, literalList, normalizeLabel } from './text.ts';

/**
 * Where the GitHub state cache lives unless `github.cacheDir` says otherwise (relative to
 * the project root). Here, not in `github/cache.ts`, because `init` writes it into a new
 * config and the core does not import the network layer.
 */
export const defaultCacheDir = 'node_modules/.cache/hindsight';

/** How loudly a rule speaks: not at all, as a warning, or as an error. */
export const ruleLevelSchema = z.enum(['off', 'warn', 'error']);
/** A rule's configured level. */
export type RuleLevel = z.infer<typeof ruleLevelSchema>;

/** How many days before a `watch` entry expires `watch-expiry` starts warning, unless configured. */
const defaultWatchWindowDays = 30;

/**
 * How many days before a `watch` entry expires `watch-expiry` starts warning: the
 * schema of `rules: { watch-expiry: { windowDays } }` and of the deprecated
 * `github.watchWindowDays` alike, so that both get the same messages.
 */
const watchWindowDaysSchema = z
  .number()
  .int()
  .min(0, '0 days or more')
  .max(3660, 'at most 3660 days (ten years)')
  .meta({ expected: `a whole number of days such as \`${defaultWatchWindowDays}\`` });

/**
 * One rule's setting under `rules:`: its level alone (`possible-repeat: off`), or
 * a mapping of an optional `level` and the rule's own options (`object`), such as
 * `watch-expiry: { level: warn, windowDays: 14 }`. The configuration holds the
 * mapping either way.
 *
 * @param object the mapping's schema
 * @param example a mapping for the messages, in YAML's flow style (`{ level: warn }`)
 */
function ruleSetting<Options extends z.ZodObject>(object: Options, example: string) {
  return z
    .union([ruleLevelSchema, object])
    .transform((setting) => (typeof setting === 'string' ? { level: setting } : setting) as z.output<Options>)
    .meta({ expected: `${literalList(ruleLevelSchema.options)}, or a mapping such as ${literal(example)}` });
}

/** The setting of a rule without options. */
const plainRuleSetting = ruleSetting(z.strictObject({ level: ruleLevelSchema.optional() }), '{ level: warn }');

/** The settings of the rules that have options, each with its own schema; every other rule takes a level only. */
const rulesSchema = objectWithOthers(
  {
    'watch-expiry': ruleSetting(
      z.strictObject({
        level: ruleLevelSchema.optional(),
        /** How many days before a `watch` entry expires the rule starts warning; the pull-request comment and the calendar use the same window. */
        windowDays: watchWindowDaysSchema.optional(),
      }),
      `{ level: warn, windowDays: ${defaultWatchWindowDays} }`,
    ).optional(),
  },
  plainRuleSetting,
);

/** A rule's setting, as the configuration holds it. */
export interface RuleSetting {
  level?: RuleLevel;
}

/** The rules' settings by id: those the file names, and `watch-expiry` always (its window has a default). */
export type RuleSettings = Record<string, RuleSetting | undefined> & { 'watch-expiry': RuleSetting & { windowDays: number } };

/** One expected section of a report. */
export const sectionSpecSchema = z.strictObject({
  /** The name shown in messages and used as the canonical key, e.g. `Action Items`. */
  name: z.string().min(1),
  /** Other headings that count as this section, e.g. `Follow-up actions`. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Whether a report must have it (drafts only get a warning). */
  required: z.boolean().default(false),
});
/** One expected section of a report, with defaults applied. */
export type SectionSpec = z.infer<typeof sectionSpecSchema>;

/** The section sets teams already use. */
export const presetNames = ['hindsight', 'pagerduty', 'google-sre', '2i2c'] as const;
/** A preset name. */
export type PresetName = (typeof presetNames)[number];

const section = (name: string, required: boolean, aliases: string[] = []): SectionSpec => ({ name, required, aliases });

/**
 * Known sections shared by every preset, so that optional sections still get a
 * stable canonical name (the site and later rules look them up by it).
 */
const optionalSections: SectionSpec[] = [
  section('Root Cause', false, [
    'Root causes',
    'Contributing Factors',
    'Causes',
    'Cause',
    'Trigger',
    'Identified cause',
    'Why it happened',
    'Blameless root cause',
    'Analysis',
  ]),
  section('Detection', false, ['How we found out', 'Detection and response']),
  section('What went well', false, ['Things that went well', 'What went right']),
  section('What went wrong', false, ["What didn't go so well", 'What could have gone better', 'What did not go well', 'Things that went wrong']),
  section('Where we got lucky', false, ['Lucky']),
  section('Lessons learned', false, ['Lessons learnt', 'Lessons', 'Learnings', 'Takeaways']),
];

const overviewAliases = ['Summary', 'Incident summary', 'Executive summary', 'Description', 'TL;DR', 'Abstract'];
const impactAliases = ['What happened', 'Customer impact', 'User impact', 'Impact on users', 'Impact and detection'];
const timelineAliases = ['Incident timeline', 'Timeline of events', 'Chronology', 'Sequence of events', 'Timeline summary'];
const resolutionAliases = ['Resolution and recovery', 'Recovery', 'Remediation', 'Mitigation', 'Fix', 'Solution', 'How it was fixed'];
const actionAliases = [
  'Follow-up actions',
  'Follow-ups',
  'Follow up',
  'Corrective actions',
  'Next steps',
  'Actions',
  'Action plan',
  'Remediation items',
  'Preventive actions',
  'Todo',
];

/** The section sets of each preset. The first matching spec wins when aliases overlap. */
export const presets: Record<PresetName, SectionSpec[]> = {
  hindsight: [
    section('Overview', true, overviewAliases),
    section('Impact', true, impactAliases),
    section('Timeline', true, timelineAliases),
    section('Resolution', true, resolutionAliases),
    section('Action Items', true, actionAliases),
    ...optionalSections,
  ],
  pagerduty: [
    section('Summary', true, ['Overview', 'Incident summary', 'Executive summary']),
    section('Leadup', false, ['Lead-up']),
    section('Fault', false),
    section('Impact', true, ['Customer impact', 'User impact']),
    section('Detection', true),
    section('Response', true),
    section('Recovery', true, ['Resolution', 'Resolution and recovery']),
    section('Timeline', true, timelineAliases),
    section('Root Cause', true, ['Five whys', 'Blameless root cause', 'Root causes', 'Contributing Factors']),
    section('Related records', false, ['Related incidents']),
    section('Lessons learned', false, ['Lessons learnt']),
    section('Action Items', true, ['Corrective actions', ...actionAliases]),
  ],
  'google-sre': [
    section('Summary', true, ['Overview', 'Executive summary']),
    section('Impact', true, ['Customer impact', 'User impact']),
    section('Root Cause', true, ['Root causes', 'Root causes and trigger']),
    section('Trigger', false),
    section('Resolution', true, ['Mitigation', 'Recovery']),
    section('Detection', true),
    section('Action Items', true, actionAliases),
    section('Lessons learned', false, ['Lessons learnt']),
    section('What went well', false),
    section('What went wrong', false, ["What didn't go so well"]),
    section('Where we got lucky', false),
    section('Timeline', true, timelineAliases),
  ],
  '2i2c': [
    section('Overview', true, ['Summary']),
    section('Action Items', true, ['Follow-up actions', 'Follow-ups']),
    section('What happened', true, ['Impact', 'Impact on users']),
    section('Resolution', true),
    section('Timeline', true),
    section('Where we got lucky', false),
    section('What went well', false, ['What went well?']),
    section('What went wrong', false, ["What didn't go so well", "What Didn't Go So Well?"]),
    section('Root Cause', false, ['Root causes', 'Contributing Factors']),
  ],
};

/** A tracker whose URLs count as action-item references (Jira, Linear, …). */
export const trackerSchema = z.strictObject({
  /** Shown on the site next to the reference, e.g. `Jira`. */
  name: z.string().min(1),
  /** A regular expression a reference URL must match, e.g. `^https://acme\\.atlassian\\.net/browse/[A-Z]+-\\d+$`. */
  pattern: z
    .string()
    .min(1)
    .refine((pattern) => {
      try {
        new RegExp(pattern, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'a valid regular expression')
    // Patterns run on every action-item URL: one that backtracks catastrophically would hang `check` and the build.
    .superRefine((pattern, context) => {
      const problem = trackerPatternProblem(pattern);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
});

const zoneExpected = 'an IANA time zone such as `UTC` or `America/Toronto`';
const ianaZone = z
  .string()
  .refine((zone) => isTimeZone(zone), { message: zoneExpected })
  // The message about `PDT` names `America/Los_Angeles` (schema-messages.ts).
  .meta({ timeZone: true, expected: zoneExpected });

/** Whether `YYYY-MM-DD` names a real calendar day (not `2026-02-30`). */
function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().slice(0, 10) === value;
}

/** `corp.acme.com` (that host and every host below it) or `*.internal` (every host below `internal`). */
const domainPattern = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

/** The `publish` settings: the public edition of the site and the `public-exposure` rule. */
export const publishSchema = z.strictObject({
  /** The `visibility` of a report that names none: `internal` (the team's site only) or `public` (the public edition too). */
  defaultVisibility: z.enum(audiences).default('internal'),
  /**
   * Sections left out of a public report in the public edition, matched like every
   * section (case, punctuation and the configured aliases do not matter).
   */
  internalSections: z.array(z.string().min(1)).default(['Internal notes']),
  /**
   * Domains whose host names a public report must not show (`public-exposure`):
   * `corp.acme.com` is that host and every host below it, `*.internal` every host below
   * `internal`. A list given here replaces the default one.
   */
  internalDomains: z
    .array(z.string().regex(domainPattern, 'a domain such as `corp.acme.com` or `*.internal`'))
    .default(['*.internal', '*.intranet', '*.corp', '*.lan', '*.home.arpa']),
});

/** The schema of `hindsight.config.yaml`. */
export const configSchema = z
  .strictObject({
    /** The folder that holds the reports, relative to the project root. */
    content: z.string().min(1).default('postmortems'),
    /** The allowed `severity` values, most severe first. */
    severities: z.array(z.string().min(1)).min(1).default(['sev1', 'sev2', 'sev3', 'sev4']),
    /** The zone for clock times when a report names none. */
    timezone: ianaZone.default('UTC'),
    /** The section set to start from. */
    preset: z.enum(presetNames).default('hindsight'),
    /** Replaces the preset's section set when given. */
    sections: z.array(sectionSpecSchema).min(1).optional(),
    /** More texts that count as "nothing written yet" in a section (matched case-insensitively, whole section). */
    placeholders: z.array(z.string().min(1)).default([]),
    /**
     * Per-rule settings: a level (`possible-repeat: off`), or a mapping of a level and
     * the rule's options (`watch-expiry: { level: warn, windowDays: 14 }`).
     */
    rules: rulesSchema.default({}).meta({ expected: 'a mapping of rule ids to settings, such as `{ possible-repeat: off }`' }),
    /** Trackers other than GitHub whose URLs count as action-item references. */
    trackers: z.array(trackerSchema).default([]),
    /** How the `possible-repeat` rule finds reports that look like an earlier one. */
    repeats: z
      .strictObject({
        /**
         * The lowest text similarity (cosine of TF-IDF vectors, 0 to 1) at which a report
         * sharing a service with an earlier one is reported as a possible repeat. Lower
         * finds more repeats and more false alarms. The default, `0.28`, found every
         * repeat in the labelled evaluation set (`test/fixtures/repeats/`) with one false
         * alarm in 23 warnings.
         */
        threshold: z.number().min(0).max(1).default(0.28),
      })
      .prefault({}),
    /** GitHub settings. */
    github: z
      .strictObject({
        /**
         * The web address of the GitHub that issue links point at: `https://github.com`, or
         * a GitHub Enterprise server such as `https://github.acme.com` (its API address
         * comes from `GITHUB_API_URL`, as GitHub Actions sets it).
         */
        url: z
          .url({ protocol: /^https?$/ })
          .meta({ example: 'https://github.acme.com' })
          .default('https://github.com'),
        /** `owner/repo` that a bare `#123` refers to. */
        repository: z
          .string()
          .regex(/^[\w.-]+\/[\w.-]+$/, 'a repository written `owner/repo`, such as `acme/api`')
          .optional(),
        /**
         * The folder of the GitHub state cache (`github.json`), relative to the project
         * root. Default `node_modules/.cache/hindsight`: a CI cache step can keep it.
         */
        cacheDir: z.string().min(1).optional(),
        /**
         * Deprecated: `rules: { watch-expiry: { windowDays } }`. Still read when that is
         * not set, with a warning (config-errors.ts); the validated configuration has it
         * only under `rules`.
         */
        watchWindowDays: watchWindowDaysSchema.optional().meta({ deprecated: true, movedTo: ['rules', 'watch-expiry', 'windowDays'] }),
        /** How long one GitHub API request may take, in milliseconds, before it counts as failed. */
        timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
      })
      // `prefault` runs the empty object through the schema, so the field defaults apply.
      .prefault({}),
    /**
     * The days a report's dates may fall on (`date`, `impact` times, `watch` expiries,
     * action-item due dates): a typo such as `1022-09-07` or `2202-09-07` is an error,
     * and the statistics and the calendar leave such dates out.
     */
    dates: z
      .strictObject({
        /** The earliest day a date may name, `YYYY-MM-DD`. */
        earliest: z.string().refine(isDay, 'a real day written `YYYY-MM-DD`, such as `1970-01-01`').default('1970-01-01'),
        /** How many years after today the latest day is (at most 100, so that statistics stay a bounded number of months). */
        latestYearsAhead: z.number().int().min(0).max(100).default(10),
      })
      .prefault({}),
    /** Review deadlines per severity (the `review-overdue` rule, `/reviews/`, the calendar). */
    review: reviewSchema,
    /**
     * The contributing factors reports may name in `factors` (`/factors/`, the
     * statistics): ids such as `deploy`, or `{ id, label, description }`. The whole
     * list replaces the default one.
     */
    factors: z.array(factorEntrySchema).default(() => [...defaultFactors]),
    /** The public edition: which reports are public, and what of a public report stays internal. */
    publish: publishSchema.prefault({}),
    /** The published site. */
    site: z
      .strictObject({
        /** The site's title. */
        title: z.string().min(1).default('Postmortems'),
        /** The absolute origin the site is served from, e.g. `https://acme.github.io`; used for rule docs links and RSS. */
        // Only a web origin can prefix rule links and feed items: `mailto:` or `file:` cannot.
        url: z
          .url({ protocol: /^https?$/ })
          .meta({ example: 'https://acme.github.io' })
          .optional(),
        /** The path the site lives under, e.g. `/postmortems/` for a GitHub Pages project site. */
        base: z.string().regex(/^\//, 'a path that starts with `/`, such as `/postmortems/`').default('/'),
      })
      .default({ title: 'Postmortems', base: '/' }),
  })
  // Settings that name others (`review.days` by severity) or must be unique are checked once every field is read.
  .superRefine((config, context) => {
    for (const issue of [...reviewDaysIssues(config.review.days, config.severities), ...factorListIssues(config.factors)]) context.addIssue(issue);
  })
  // One place for each setting: the deprecated `github.watchWindowDays` moves under `rules`, where the new place wins.
  .transform(({ github: { watchWindowDays, ...github }, rules, ...rest }) => {
    const watchExpiry = { ...rules['watch-expiry'], windowDays: rules['watch-expiry']?.windowDays ?? watchWindowDays ?? defaultWatchWindowDays };
    const settings: RuleSettings = { ...rules, 'watch-expiry': watchExpiry };
    return { ...rest, rules: settings, github };
  });

/** The validated configuration with defaults applied. */
export type Config = z.infer<typeof configSchema>;

/**
 * The configuration a parse never reads, nor a self-contained rule: rule settings,
 * the repeat threshold and the date range are read by the other rules, the site
 * settings and the GitHub client's options by the site and the client, and `content`
 * only says where the files are. The parse cache leaves these out of its key
 * (src/lib/node/parse-cache-key.ts), so reading one there would serve stale
 * results: src/lib/report-findings.ts refuses a self-contained rule that does.
 * Every other field, including any added later, counts.
 */
export const configOutsideParse = {
  fields: ['rules', 'repeats', 'dates', 'site', 'content'],
  githubFields: ['cacheDir', 'timeoutMs'],
} as const satisfies { fields: readonly (keyof Config)[]; githubFields: readonly (keyof Config['github'])[] };
/** What a user may write in `hindsight.config.yaml`. */
export type ConfigInput = z.input<typeof configSchema>;

/**
 * Whether `zone` names an IANA time zone (`America/Toronto`, `UTC`) or a fixed
 * offset (`+02:00`). ICU also accepts legacy three-letter ids, but they do not mean
 * what people think (`BST` is Asia/Dhaka to ICU, `CET` never observes summer time
 * in a report), so an area/location name is required instead.
 */
export function isTimeZone(zone: string): boolean {
  if (!/\//.test(zone) && !/^(?:UTC|GMT)$/.test(zone) && !/^[+-]\d{2}:?\d{2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A rule's configured level, when the configuration sets one. A configuration made
 * in code rather than through `configSchema` may still hold a level alone
 * (`rules: { 'possible-repeat': 'off' }`, the form before rule options): it counts.
 */
export function ruleLevel(config: Config, id: string): RuleLevel | undefined {
  const setting: RuleSetting | RuleLevel | undefined = config.rules[id];
  return typeof setting === 'string' ? setting : setting?.level;
}

/**
 * How many days before a `watch` entry expires `watch-expiry` warns (the pull
 * request comment and the calendar use the same window); the default when a
 * configuration made in code leaves it out.
 */
export function watchWindowDays(config: Config): number {
  const setting: unknown = config.rules['watch-expiry'];
  const days = typeof setting === 'object' && setting !== null ? (setting as { windowDays?: unknown }).windowDays : undefined;
  return typeof days === 'number' ? days : defaultWatchWindowDays;
}

/** The configuration a project without `hindsight.config.yaml` gets. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** The section specs in force: the configured ones, or the preset's. */
export function sectionSpecs(config: Config): SectionSpec[] {
  return config.sections ?? presets[config.preset];
}

/** Section lookups already built, per configuration (a parsed configuration never changes). */
const sectionLookups = new WeakMap<Config, ReadonlyMap<string, SectionSpec>>();

/**
 * A lookup from normalised heading text to the section spec it names.
 * Built once per config (every report's parse and timeline use it); earlier specs
 * win when two claim the same alias.
 */
export function sectionLookup(config: Config): ReadonlyMap<string, SectionSpec> {
  let lookup = sectionLookups.get(config);
  if (!lookup) {
    const built = new Map<string, SectionSpec>();
    for (const spec of sectionSpecs(config)) {
      for (const label of [spec.name, ...spec.aliases]) {
        const key = normalizeLabel(label);
        if (!built.has(key)) built.set(key, spec);
      }
    }
    sectionLookups.set(config, (lookup = built));
  }
  return lookup;
}

/** The URL of a rule's documentation page on the site (the rules index for an empty id). */
export function ruleUrl(config: Config, ruleId: string): string {
  const base = config.site.base.endsWith('/') ? config.site.base : `${config.site.base}/`;
  const path = ruleId ? `${base}rules/${ruleId}/` : `${base}rules/`;
  return config.site.url ? new URL(path, config.site.url).href : path;
}
