/**
 * The state model of GitHub issues and pull requests, as plain data.
 *
 * Pure: no I/O, so the core (rules, the calendar) may use it. The GitHub client (`github/client.ts`) fills it from the API or the on-disk
 * cache; rules, the CLI and the site read it through a `StateLookup`, so they work
 * the same whether the state came live, from the cache, or is unknown.
 */

/** Where an issue or pull request stands. `missing` is a 404; `unknown` means no token, offline, or an error. */
export type IssueState = 'open' | 'closed' | 'merged' | 'missing' | 'unknown';

/** Every state, in the order summaries list them. */
export const issueStates: readonly IssueState[] = ['open', 'closed', 'merged', 'missing', 'unknown'];

/** Why an issue (or an unmerged pull request) was closed, as GitHub's `state_reason` says. */
export type CloseReason = 'completed' | 'not_planned';

/** Where a state came from: fetched in this run, read from the cache, or not available at all. */
export type StateSource = 'live' | 'cache' | 'none';

/** An issue or pull request on GitHub. */
export interface GithubTarget {
  owner: string;
  repo: string;
  number: number;
}

/** What is known about one issue or pull request. */
export interface ReferenceState {
  /** `owner/repo#number`, lower-cased: the identity used for deduplication and the cache. */
  key: string;
  state: IssueState;
  /** For `closed`: completed or not planned (when GitHub says). */
  reason?: CloseReason;
  /** Whether GitHub says it is an issue or a pull request (known once fetched). */
  kind?: 'issue' | 'pull';
  title?: string;
  labels?: string[];
  assignees?: string[];
  /** ISO 8601 instant it was closed. */
  closedAt?: string;
  /** ISO 8601 instant a pull request was merged. */
  mergedAt?: string;
  source: StateSource;
  /** ISO 8601 instant the data was last fetched or confirmed by the API (for `cache`: its age). */
  fetchedAt?: string;
  /** Why the state is `unknown` or came from the cache instead of live (no token, rate limit, timeout…). */
  problem?: string;
}

/** Reads the known state of an issue or pull request. Rules get one through `RuleContext.github`. */
export interface StateLookup {
  /** The state of `target`; `unknown` with source `none` when nothing is known. */
  get(target: GithubTarget): ReferenceState;
}

/** The identity of an issue or pull request: GitHub names are case-insensitive. */
export function referenceKey(target: GithubTarget): string {
  return `${target.owner}/${target.repo}#${target.number}`.toLowerCase();
}

/** The state of something nothing is known about. */
export function unknownState(target: GithubTarget, problem?: string): ReferenceState {
  return problem === undefined
    ? { key: referenceKey(target), state: 'unknown', source: 'none' }
    : { key: referenceKey(target), state: 'unknown', source: 'none', problem };
}

/** Whether a state means the work is finished: closed or merged. */
export function isFinished(state: ReferenceState): boolean {
  return state.state === 'closed' || state.state === 'merged';
}

/** A lookup over states already resolved, keyed by `referenceKey`. */
export function lookupFromStates(states: Iterable<ReferenceState>): StateLookup {
  const byKey = new Map<string, ReferenceState>();
  for (const state of states) byKey.set(state.key, state);
  return {
    get: (target) => byKey.get(referenceKey(target)) ?? unknownState(target),
  };
}

/** A state as a rule's docs example (or a test) writes it: `open`, `closed`, `merged`, `missing`, or `closed:not_planned`. */
export type ExampleState = IssueState | `closed:${CloseReason}`;

/**
 * A lookup from a plain record such as `{ 'acme/api#101': 'open' }`, for rule docs
 * examples and tests: the states are as if fetched live.
 */
export function lookupFromRecord(record: Readonly<Record<string, ExampleState>>, fetchedAt = '2024-06-01T00:00:00.000Z'): StateLookup {
  const states: ReferenceState[] = [];
  for (const [label, written] of Object.entries(record)) {
    const [state, reason] = written.split(':') as [IssueState, CloseReason | undefined];
    const entry: ReferenceState = { key: label.toLowerCase(), state, source: state === 'unknown' ? 'none' : 'live', fetchedAt };
    if (reason) entry.reason = reason;
    if (state === 'merged') entry.kind = 'pull';
    states.push(entry);
  }
  return lookupFromStates(states);
}
