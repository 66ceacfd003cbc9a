/**
 * Who a report, and a site, is for: the team (`internal`) or everybody
 * (`public`). A report says it in its `visibility` field (default from
 * `publish.defaultVisibility`); a site is built for one audience, chosen by the
 * integration's `audience` option or `HINDSIGHT_AUDIENCE` (a second CI job).
 * Pure: the environment's value is passed in.
 */

/** The audiences, the values of a report's `visibility` and of the site's `audience`. */
export const audiences = ['internal', 'public'] as const;
/** An audience: `internal` (the team) or `public` (everybody). */
export type Audience = (typeof audiences)[number];

/** The environment variable a CI job sets to build the public edition. */
export const audienceVariable = 'HINDSIGHT_AUDIENCE';

/** Whether a value is one of the audiences. */
export function isAudience(value: unknown): value is Audience {
  return (audiences as readonly unknown[]).includes(value);
}

/** A value of `HINDSIGHT_AUDIENCE` that is not an audience; its message names the variable and what it takes. */
export class AudienceError extends Error {
  constructor(value: string) {
    // The value is the environment's, not a secret, but it may be long or hold control characters: show a short, clean copy.
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value).slice(1, -1);
    super(`Unexpected \`${audienceVariable}\` value \`${shown}\`, expected \`public\` or \`internal\` (or leave it unset for \`internal\`)`);
    this.name = 'AudienceError';
  }
}

/**
 * The audience a site is built for: the integration's option when given (it is
 * written in the project's code, so it wins over the environment), else
 * `HINDSIGHT_AUDIENCE`, else `internal`. An empty variable counts as unset, as a
 * CI matrix leaves it for the internal job. A variable with another value is an
 * error even when the option wins: a typo (`HINDSIGHT_AUDIENCE=pubic`) in the job
 * meant to publish must never quietly build something else.
 *
 * @param option the integration's `audience` option (already validated)
 * @param environment the value of `HINDSIGHT_AUDIENCE`
 * @throws {AudienceError} when the variable holds anything but `public` or `internal`
 */
export function resolveAudience(option: Audience | undefined, environment: string | undefined): Audience {
  const value = environment?.trim();
  const fromEnvironment = value === undefined || value === '' ? undefined : value;
  if (fromEnvironment !== undefined && !isAudience(fromEnvironment)) throw new AudienceError(environment ?? '');
  return option ?? fromEnvironment ?? 'internal';
}
