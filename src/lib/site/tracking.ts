/**
 * The shape of an action item's tracked state (what GitHub says about its
 * issues and pull requests), apart from action-states.ts, which computes it:
 * the stored report type (report.ts) names it without importing the code that
 * reads stored reports. Types only.
 */
import type { CloseReason, IssueState, StateSource } from '../issue-state.ts';

/** What GitHub says about one reference of an action item. */
export interface ReferenceTracking {
  state: IssueState;
  reason?: CloseReason;
  /** ISO 8601 instant it was closed. */
  closedAt?: string;
  /** ISO 8601 instant it was merged (pull requests). */
  mergedAt?: string;
  /** ISO 8601 instant the state was fetched from the API. */
  fetchedAt?: string;
  source: StateSource;
}

/** Why an item's state is not known. */
export type UnknownCause =
  /** It names GitHub issues, but the cache has none of them (or not all): `hindsight sync` has not fetched them. */
  | 'not-synced'
  /** It names no GitHub issue or pull request (another tracker, a plain link). */
  | 'not-on-github';

/** An action item's state: GitHub's where known, else its checkbox's. */
export interface ActionTracking {
  /** The combined state of its GitHub references (`unknown` when it has none, or one is not known). */
  state: IssueState;
  /** For `closed`: `not_planned` when every closed reference was, `completed` when any was completed. */
  reason?: CloseReason;
  /** Whether the item is done (closed or merged; the ticked box when GitHub says nothing). */
  done: boolean;
  /** Whether GitHub's state decides it; `false` means only the checkbox does (not verified). */
  verified: boolean;
  /** The oldest fetch among the references it combines: the state is at least this fresh. */
  fetchedAt?: string;
  /** The latest closing among its closed references. */
  closedAt?: string;
  /** The latest merge among its merged references. */
  mergedAt?: string;
  /** Why the state is `unknown`. */
  unknownCause?: UnknownCause;
  /** One per reference of the item, in its order; `null` for references outside GitHub. */
  references: (ReferenceTracking | null)[];
}
