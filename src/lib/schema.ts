/**
 * The report frontmatter schema (DESIGN section 3).
 *
 * Custom messages on formats and refinements hold only what was *expected*: the
 * `frontmatter` rule wraps them as "Unexpected `value` for `field`, expected …".
 */
import { z } from 'zod';
import { isTimeZone, type Config } from './config.ts';
import { looksLikeUrl, urlProblem } from './links.ts';

/** The report statuses, in the order a report moves through them. */
export const statuses = ['draft', 'in-review', 'reviewed', 'closed'] as const;
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

/** `owner/repo#123`: a GitHub issue or pull request short reference. */
export const shortReferencePattern = /^([\w.-]+)\/([\w.-]+)#(\d+)$/;
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

/** A thing that will need attention again, such as a credential's expiry. */
export const watchSchema = z.strictObject({
  /** What expires, e.g. `UToronto AzureAD client secret`. */
  name: z.string().min(1, 'a name'),
  /** The day it expires. */
  expires: dateSchema,
  /** The issue that tracks renewing it. */
  issue: trackerReference('an issue URL or `owner/repo#123`').optional(),
});

/** Builds the frontmatter schema for a configuration (severities and default zone vary). */
export function frontmatterSchema(config: Config) {
  const severities = config.severities as [string, ...string[]];
  return z
    .strictObject({
      /** What happened, in one line. */
      title: z.string().trim().min(1, 'a non-empty title'),
      /** The day impact began, in the report's zone. */
      date: dateSchema,
      /** Where the report is in its review. */
      status: z.enum(statuses),
      /** How bad it was, from the configured scale. */
      severity: z.enum(severities),
      /** IANA zone for clock times without one. */
      timezone: z.string().refine(isTimeZone, 'an IANA time zone such as `UTC` or `America/Toronto`').default(config.timezone),
      /** When users were affected. */
      impact: z
        .strictObject({
          start: dateTimeSchema,
          end: dateTimeSchema.optional(),
          detected: dateTimeSchema.optional(),
        })
        .optional(),
      /** The services affected; at least one. */
      services: z.preprocess(wrapSingle, z.array(z.string().min(1, 'a service name')).min(1, 'at least one service')),
      /** Free-form labels. */
      tags: listOf(z.string().min(1, 'a tag')),
      /** Who wrote the report. */
      authors: listOf(z.string().min(1, 'an author')),
      /** Earlier incidents this one repeats. */
      repeat_of: listOf(incidentLinkSchema),
      /** Incidents related to this one. */
      related: listOf(incidentLinkSchema),
      /** The changes that made the fix permanent. */
      resolution_prs: listOf(trackerReference('a pull request URL or `owner/repo#123`')),
      /** Things that will need attention again. */
      watch: z.array(watchSchema).default([]),
    })
    .superRefine((data, context) => {
      if (data.status !== 'draft' && data.impact === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['impact'],
          message: 'an `impact` window with at least `start` (required unless `status: draft`)',
          params: { missing: true },
        });
      }
    });
}

/** A report's validated frontmatter. */
export type Frontmatter = z.infer<ReturnType<typeof frontmatterSchema>>;

/** Every top-level key the frontmatter accepts, for "did you mean" style messages. */
export const frontmatterKeys = [
  'title',
  'date',
  'status',
  'severity',
  'timezone',
  'impact',
  'services',
  'tags',
  'authors',
  'repeat_of',
  'related',
  'resolution_prs',
  'watch',
] as const;

/** The keys of an `impact` mapping. */
export const impactKeys = ['start', 'end', 'detected'] as const;

/** The keys of a `watch` entry. */
export const watchKeys = ['name', 'expires', 'issue'] as const;
