/**
 * The report frontmatter schema (DESIGN section 3).
 *
 * Custom messages on formats and refinements hold only what was *expected*: the
 * translator (`schema-messages.ts`) wraps them as "Unexpected `value` for `field`,
 * expected …", and the `frontmatter` rule reports them.
 */
import * as z from 'zod';
import { defaultConfig, isTimeZone, type Config } from './config.ts';
import { reportFactorSchema } from './factors.ts';
import { looksLikeUrl, urlProblem } from './links.ts';
import { audiences } from './publish/audience.ts';
import { objectKeysAt } from './schema-shape.ts';
import { literalList } from './text.ts';

/**
 * The report statuses, in the order a report moves through them; `archived` is
 * history brought in by `hindsight import`, checked for what can still be fixed
 * (credentials, links, frontmatter) and not for the rigour asked of a new report.
 */
export const statuses = ['draft', 'in-review', 'reviewed', 'closed', 'archived'] as const;
/** A report status. */
export type Status = (typeof statuses)[number];

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Whether a `YYYY-MM-DD` string names a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value) ?? dateTimePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A calendar day written `YYYY-MM-DD`. A value of the wrong shape stops at the
 * first check (`abort`), so `07/01/2024` gets one message, not a second one saying
 * it is not a real date.
 */
export const dateSchema = z.string().regex(datePattern, { message: 'a date written `YYYY-MM-DD`', abort: true }).refine(isCalendarDate, 'a real calendar date');

/** A wall-clock time `YYYY-MM-DDTHH:MM[:SS]`, optionally with `Z` or an offset (one message per bad value, as for dates). */
export const dateTimeSchema = z
  .string()
  .regex(dateTimePattern, { message: 'a time written `YYYY-MM-DDTHH:MM`, optionally with an offset such as `+02:00`', abort: true })
  .refine((value) => {
    const match = dateTimePattern.exec(value);
    return isCalendarDate(value) && Number(match?.[4]) < 24 && Number(match?.[5]) < 60 && Number(match?.[6] ?? 0) < 60;
  }, 'a real calendar date and clock time');

/**
 * `owner/repo#123`: a GitHub issue or pull request short reference, with names GitHub
 * accepts (as `isGithubOwner`, `isGithubRepository` in references.ts): never `acme/..#1`.
 */
export const shortReferencePattern = /^((?=[A-Za-z0-9_-]{1,39}\/)[A-Za-z0-9](?:[-_]?[A-Za-z0-9])*)\/((?!\.\.?#)[\w.-]{1,100})#(\d+)$/;
/** A report id: a file name without `.md`. */
export const reportIdPattern = /^[^\s/\\#?]+$/;

/**
 * Whether a string is a well-formed absolute `http(s)://` URL with a host. The
 * WHATWG parser alone accepts `http:/host` and `https://a..b`; `urlProblem` (the
 * `link` rule's check) refuses them, so the data never holds a URL the rule reports.
 */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0 && urlProblem(value) === undefined;
}

/** An issue or pull request: a URL or `owner/repo#123`. */
function trackerReference(expected: string) {
  return z.string().refine((value) => shortReferencePattern.test(value) || isHttpUrl(value), expected);
}

/**
 * A link to another incident: a report id, an issue or PR URL, or `owner/repo#123`.
 */
export const incidentLinkSchema = z
  .string()
  .min(1, 'a report id, an issue URL or `owner/repo#123`')
  .refine(
    // `https:github.com` fits the id pattern but is a broken URL (the `link` rule says so), not an id.
    (value) => shortReferencePattern.test(value) || (reportIdPattern.test(value) && !looksLikeUrl(value)) || isHttpUrl(value),
    'a report id, an issue URL or `owner/repo#123`',
  );

/** A list that also accepts a single value, so `repeat_of: some-id` works. */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(wrapSingle, z.array(item).default([]));
}

/** Wraps a single string in a list, leaving anything else (a list, a missing value) as it is. */
function wrapSingle(value: unknown): unknown {
  return typeof value === 'string' ? [value] : value;
}

/**
 * What a field holds, in words, for the messages about a missing or mistyped
 * field (`.meta({ expected })`, read by the translator, `schema-messages.ts`):
 * "Missing `date`, expected the day impact began, written `YYYY-MM-DD`".
 */
const dateTimeExpectation = "a time written `YYYY-MM-DDTHH:MM` in the report's `timezone`, optionally with an offset such as `+02:00`";
/** The wording of the optional list fields. */
const aList = { expected: 'a list' };

/** A thing that will need attention again, such as a credential's expiry. */
export const watchSchema = z.strictObject({
  /** What expires, e.g. `UToronto AzureAD client secret`. */
  name: z.string().min(1, 'a name').meta({ expected: 'what will expire, such as `API signing certificate`' }),
  /** The day it expires. */
  expires: dateSchema.meta({ expected: 'the day it expires, written `YYYY-MM-DD`' }),
  /** The issue that tracks renewing it. */
  issue: trackerReference('an issue URL or `owner/repo#123`').optional().meta({ expected: 'the issue tracking its renewal, a URL or `owner/repo#123`' }),
});

/** Builds the frontmatter schema for a configuration (severities and default zone vary). */
export function frontmatterSchema(config: Config) {
  const severities = config.severities as [string, ...string[]];
  return z
    .strictObject({
      /** What happened, in one line. */
      title: z.string().trim().min(1, 'a non-empty title').meta({ expected: 'a one-line title' }),
      /** The day impact began, in the report's zone. */
      date: dateSchema.meta({ expected: 'the day impact began, written `YYYY-MM-DD`' }),
      /** Where the report is in its review. */
      status: z.enum(statuses).meta({ expected: `one of ${literalList(statuses)}` }),
      /** How bad it was, from the configured scale. */
      severity: z.enum(severities).meta({ expected: `one of ${literalList(config.severities)}` }),
      /** IANA zone for clock times without one (`timeZone`: a message names the zone an abbreviation such as `PDT` stands for). */
      timezone: z.string().refine(isTimeZone, 'an IANA time zone such as `UTC` or `America/Toronto`').default(config.timezone).meta({ timeZone: true }),
      /** When users were affected. */
      impact: z
        .strictObject({
          start: dateTimeSchema.meta({ expected: dateTimeExpectation }),
          end: dateTimeSchema.optional().meta({ expected: dateTimeExpectation }),
          detected: dateTimeSchema.optional().meta({ expected: dateTimeExpectation }),
          /** When the impact was stopped or worked around, before the fix that ended it (time to mitigate). */
          mitigated: dateTimeSchema.optional().meta({ expected: dateTimeExpectation }),
        })
        .optional()
        .meta({ expected: 'a mapping with `start` and optionally `end`, `detected` and `mitigated`' }),
      /** The services affected; at least one. */
      services: z
        .preprocess(wrapSingle, z.array(z.string().min(1, 'a service name')).min(1, 'at least one service'))
        .meta({ expected: 'a list of the affected services, such as `[api]`' }),
      /** Free-form labels. */
      tags: listOf(z.string().min(1, 'a tag')).meta(aList),
      /** Contributing factors, from the configured taxonomy (`factors` in the configuration). */
      factors: listOf(reportFactorSchema(config)).meta(aList),
      /** Who wrote the report. */
      authors: listOf(z.string().min(1, 'an author')).meta(aList),
      /** Who reviews the report (`review-overdue` and `/reviews/` name them). */
      reviewers: listOf(z.string().min(1, 'a reviewer')).meta(aList),
      /** Earlier incidents this one repeats. */
      repeat_of: listOf(incidentLinkSchema).meta(aList),
      /** Incidents related to this one. */
      related: listOf(incidentLinkSchema).meta(aList),
      /** The changes that made the fix permanent. */
      resolution_prs: listOf(trackerReference('a pull request URL or `owner/repo#123`')).meta(aList),
      /** Things that will need attention again. */
      watch: z.array(watchSchema).default([]).meta({ expected: 'a list of mappings with `name`, `expires` and optionally `issue`' }),
      /** Who the report is for: `internal` (the team's site) or `public` (the public edition too). */
      visibility: z.enum(audiences).default(config.publish.defaultVisibility),
    })
    .superRefine((data, context) => {
      // A draft has not found out yet; an archived report's history often never recorded it.
      if (data.status !== 'draft' && data.status !== 'archived' && data.impact === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['impact'],
          message: 'a window with at least `start` (required unless `status: draft` or `status: archived`)',
          params: { missing: true },
        });
      }
    });
}

/** A report's validated frontmatter. */
export type Frontmatter = z.infer<ReturnType<typeof frontmatterSchema>>;

/** The schema of the default configuration, for the key lists below (the keys do not depend on the configuration). */
const defaultSchema = frontmatterSchema(defaultConfig());

/**
 * Every top-level key the frontmatter accepts, in the schema's order, for "did you
 * mean" style messages. Read from the schema (the keys do not depend on the
 * configuration), so a new field cannot be left out of the list.
 */
export const frontmatterKeys: readonly string[] = Object.keys(defaultSchema.shape);
/** The keys of `impact` (`start`, `end`, `detected`, `mitigated`), read from the schema as `frontmatterKeys` is. */
export const impactKeys: readonly string[] = objectKeysAt(defaultSchema, ['impact']) ?? [];
