/**
 * What GitHub answers for an issue and a pull request, validated before anything
 * of it reaches the cache. A proxy's HTML page, a body of another shape or a
 * different issue than the one asked for is not an answer: the client keeps the
 * cached state and warns. What is kept is bounded: titles, labels and assignees
 * are capped and stripped of control characters (they are printed on terminals).
 */
import * as z from 'zod';

/** The longest title kept, in UTF-16 code units: enough for any real title, never a 300 MB one. */
export const maxTitleLength = 300;
/** How many labels and assignees are kept per issue. */
const maxNames = 50;
/** The longest label or login kept (GitHub's own limits are 50 and 39). */
const maxNameLength = 100;

/**
 * A string for display: control characters (terminal escapes, NUL, newlines)
 * become spaces, and the result is cut to `max` code units with an ellipsis,
 * never splitting a surrogate pair.
 */
export function displayText(value: string, max: number): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A title as kept in the cache and shown. */
export function capTitle(title: string): string {
  return displayText(title, maxTitleLength);
}

/** An ISO 8601 instant as GitHub writes them; anything else is dropped rather than shown. */
const instant = z.iso.datetime({ offset: true });
/** An optional instant that drops a malformed value instead of refusing the whole answer. */
const optionalInstant = instant.nullish().catch(undefined);

/** A label: GitHub sends objects with a `name`; older answers and some proxies send plain names. */
const labelsSchema = z
  .array(z.union([z.string(), z.looseObject({ name: z.string() })]))
  .transform((labels) => labels.slice(0, maxNames).map((label) => displayText(typeof label === 'string' ? label : label.name, maxNameLength)))
  .optional()
  .catch(undefined);

const assigneesSchema = z
  .array(z.looseObject({ login: z.string() }))
  .transform((users) => users.slice(0, maxNames).map((user) => displayText(user.login, maxNameLength)))
  .optional()
  .catch(undefined);

/**
 * `GET /repos/{owner}/{repo}/issues/{number}`: the fields Hindsight keeps. `state`
 * and `title` must be there (an answer without them is not an issue); `number`, when
 * present, must be the one asked for; `pull_request` marks a pull request.
 */
export const issueAnswerSchema = z.looseObject({
  number: z.number().int().positive().optional(),
  state: z.enum(['open', 'closed']),
  title: z.string(),
  state_reason: z.string().nullish().catch(undefined),
  closed_at: optionalInstant,
  labels: labelsSchema,
  assignees: assigneesSchema,
  pull_request: z.looseObject({ merged_at: optionalInstant }).nullish(),
});

/** An issue answer, validated. */
export type IssueAnswer = z.infer<typeof issueAnswerSchema>;

/** `GET /repos/{owner}/{repo}/pulls/{number}`: whether (and when) it was merged. */
export const pullAnswerSchema = z.looseObject({
  number: z.number().int().positive().optional(),
  state: z.enum(['open', 'closed']),
  merged: z.boolean(),
  merged_at: optionalInstant,
});

/** A pull request answer, validated. */
export type PullAnswer = z.infer<typeof pullAnswerSchema>;

/**
 * What an answer that is valid JSON (the transport made sure) but not the expected
 * shape looks like, in a few words for warnings.
 */
export function describeJunk(data: unknown, what: 'an issue' | 'a pull request'): string {
  if (data instanceof ArrayBuffer) return `binary data, not ${what}`;
  if (data === null) return `JSON null, not ${what}`;
  if (Array.isArray(data)) return `a JSON list, not ${what}`;
  if (typeof data !== 'object') return `a JSON ${typeof data === 'bigint' ? 'number' : typeof data}, not ${what}`;
  return `JSON that is not ${what}`;
}

/**
 * Validates an issue answer.
 *
 * @param data the parsed body
 * @param number the issue number asked for: an answer about another one is junk
 * @returns the answer, or why it is not one
 */
export function readIssueAnswer(data: unknown, number: number): { answer: IssueAnswer } | { junk: string } {
  const parsed = issueAnswerSchema.safeParse(data);
  if (!parsed.success) return { junk: describeJunk(data, 'an issue') };
  if (parsed.data.number !== undefined && parsed.data.number !== number) return { junk: `issue #${parsed.data.number} instead of #${number}` };
  return { answer: parsed.data };
}

/** Validates a pull request answer (see `readIssueAnswer`). */
export function readPullAnswer(data: unknown, number: number): { answer: PullAnswer } | { junk: string } {
  const parsed = pullAnswerSchema.safeParse(data);
  if (!parsed.success) return { junk: describeJunk(data, 'a pull request') };
  if (parsed.data.number !== undefined && parsed.data.number !== number) return { junk: `pull request #${parsed.data.number} instead of #${number}` };
  return { answer: parsed.data };
}
