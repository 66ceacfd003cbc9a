/**
 * Action items' state as the site shows it: what GitHub says about their issues
 * and pull requests (read from the cache `hindsight sync` writes), and their
 * checkbox where GitHub says nothing. Pure: reports and a state lookup in, plain
 * data out; no clock (dates come from the states, "today" from the caller).
 *
 * Whether an item is done, and its label, are decided by src/lib/action-state.ts,
 * which `hindsight actions`, the rules and the pull request comment use too, so
 * they never disagree; this module adds what only the pages show (dates, notes).
 */
import { actionItemState, actionStateLabel, combineStates, isDone, type ActionItemState } from '../action-state.ts';
import type { GithubTarget, ReferenceState, StateLookup } from '../issue-state.ts';
import { calendarDaysFrom } from '../days.ts';
import { localDate } from '../time.ts';
import { formatDay } from './format.ts';
import type { SiteActionItem, SiteReport } from './report.ts';
import type { ActionTracking, ReferenceTracking } from './tracking.ts';

// The state types live in tracking.ts, which report.ts reads too; they are named from here as well.
export type { ActionTracking, ReferenceTracking, UnknownCause } from './tracking.ts';

function referenceTracking(state: ReferenceState): ReferenceTracking {
  const tracking: ReferenceTracking = { state: state.state, source: state.source };
  if (state.reason !== undefined) tracking.reason = state.reason;
  if (state.closedAt !== undefined) tracking.closedAt = state.closedAt;
  if (state.mergedAt !== undefined) tracking.mergedAt = state.mergedAt;
  if (state.fetchedAt !== undefined) tracking.fetchedAt = state.fetchedAt;
  return tracking;
}

/** The earliest (`pick = -1`) or latest (`pick = 1`) of some ISO instants. */
function extreme(instants: readonly (string | undefined)[], pick: 1 | -1): string | undefined {
  let best: string | undefined;
  let bestTime = 0;
  for (const instant of instants) {
    const time = instant === undefined ? Number.NaN : Date.parse(instant);
    if (Number.isNaN(time)) continue;
    if (best === undefined || (pick === 1 ? time > bestTime : time < bestTime)) {
      best = instant;
      bestTime = time;
    }
  }
  return best;
}

/**
 * The state of one action item.
 *
 * @param lookup GitHub states (the cache); without one every GitHub state is `unknown`
 */
export function trackingOf(item: Pick<SiteActionItem, 'references' | 'checked'>, lookup: StateLookup | undefined): ActionTracking {
  const references = item.references.map((reference) => {
    if (!reference.github) return null;
    const state: ReferenceState = lookup?.get(reference.github) ?? { key: '', state: 'unknown', source: 'none' };
    return referenceTracking(state);
  });
  const github = references.filter((reference): reference is ReferenceTracking => reference !== null);
  const state = combineStates(github.map((reference) => reference.state));
  const tracking: ActionTracking = {
    state,
    done: isDone(item.checked, state),
    verified: state !== 'unknown',
    references,
  };
  if (state === 'unknown') {
    tracking.unknownCause = github.length === 0 ? 'not-on-github' : 'not-synced';
    return tracking;
  }
  const fetchedAt = extreme(
    github.map((reference) => reference.fetchedAt),
    -1,
  );
  if (fetchedAt !== undefined) tracking.fetchedAt = fetchedAt;
  if (state === 'closed') {
    const closed = github.filter((reference) => reference.state === 'closed');
    if (closed.some((reference) => reference.reason === 'completed')) tracking.reason = 'completed';
    else if (closed.length > 0 && closed.every((reference) => reference.reason === 'not_planned')) tracking.reason = 'not_planned';
    const closedAt = extreme(
      closed.map((reference) => reference.closedAt),
      1,
    );
    if (closedAt !== undefined) tracking.closedAt = closedAt;
  }
  if (state === 'closed' || state === 'merged') {
    const mergedAt = extreme(
      github.filter((reference) => reference.state === 'merged').map((reference) => reference.mergedAt),
      1,
    );
    if (mergedAt !== undefined) tracking.mergedAt = mergedAt;
  }
  return tracking;
}

/** Every GitHub issue and pull request the reports' action items name (duplicates kept; the cache read dedupes). */
export function actionItemTargets(reports: readonly SiteReport[]): GithubTarget[] {
  return reports.flatMap((report) =>
    report.actionItems.flatMap((item) => item.references.flatMap((reference) => (reference.github ? [reference.github] : []))),
  );
}

/**
 * The reports with every action item's `tracking` set from `lookup`. The stored
 * reports are not changed: the site model is built from the copies.
 */
export function trackActionItems(reports: readonly SiteReport[], lookup: StateLookup | undefined): SiteReport[] {
  return reports.map((report) => ({
    ...report,
    actionItems: report.actionItems.map((item) => ({ ...item, tracking: trackingOf(item, lookup) })),
  }));
}

/**
 * Whether an item is done: GitHub's state where the build knows it (its issues
 * closed or merged; see `trackActionItems`), else its ticked checkbox.
 */
export function actionState(item: Pick<SiteActionItem, 'tracking' | 'checked'>): 'open' | 'done' {
  if (item.tracking) return item.tracking.done ? 'done' : 'open';
  // Not tracked yet: GitHub says nothing, so the report decides (action-state.ts).
  return isDone(item.checked, 'unknown') ? 'done' : 'open';
}

/**
 * Where an item stands as work (`actionItemState`): `open`, `done`, or `archived`
 * when its report is history. What the site counts as open action items: the
 * index, the service and tag pages, a report's facts, like `/actions/open/`.
 */
export function workState(item: Pick<SiteActionItem, 'tracking' | 'checked'>, reportStatus: string | undefined): ActionItemState {
  return actionItemState(actionState(item) === 'done', reportStatus);
}

/** What a state badge shows: its kind sets icon and colour; the label is always written out. */
export type StateKind = 'open' | 'closed' | 'not-planned' | 'merged' | 'missing' | 'unverified-open' | 'unverified-done';

/** A date in a badge's note, for `<time>`. */
export interface NoteDate {
  /** ISO 8601, for the `datetime` attribute. */
  datetime: string;
  /** `Aug 2, 2022`, the day in the site's zone. */
  label: string;
}

/** One part of the words after a badge: `closed Aug 2, 2022`, `as of Jun 1, 2024`. */
export interface StateNote {
  text: string;
  date?: NoteDate;
}

/**
 * An action item's state badge and the notes that explain it. The label is one
 * short word or two, the same on every list (`Open`, `Closed`, `Not planned`,
 * `Merged`, `Missing`, and `Open` or `Done` from the checkbox, drawn dashed and
 * marked "not verified" for screen readers); the notes say where the state
 * comes from and when, shown on demand.
 */
export interface StateBadgeView {
  kind: StateKind;
  /** `Open`, `Closed`, `Not planned`, `Merged`, `Missing`; `Open` or `Done` when not verified. */
  label: string;
  /** Whether GitHub's state is shown; `false` means the checkbox's. */
  verified: boolean;
  /** When the state was fetched from GitHub. */
  asOf?: NoteDate;
  notes: StateNote[];
  /**
   * Each reference's own state (`open`, `closed`, `not synced`…), in the item's
   * order, `null` outside GitHub; empty unless the item names several GitHub
   * issues (with one, the badge says it all).
   */
  referenceStates: (string | null)[];
}

function noteDate(instant: string | undefined, zone: string): NoteDate | undefined {
  if (instant === undefined) return undefined;
  const time = new Date(instant);
  if (Number.isNaN(time.getTime())) return undefined;
  return { datetime: time.toISOString(), label: formatDay(localDate(time, zone)) };
}

/** A note, with its date when known (`closed Aug 2, 2022`), or its words alone (`closed`). */
function dated(text: string, date: NoteDate | undefined): StateNote {
  return date ? { text, date } : { text };
}

/** One reference's state in a word or two. */
function referenceWords(reference: ReferenceTracking): string {
  if (reference.state === 'unknown') return 'not synced';
  if (reference.state === 'closed' && reference.reason === 'not_planned') return 'closed: not planned';
  return reference.state;
}

/** What the checkbox says, as a note. */
function checkboxNote(checked: boolean | undefined): string {
  if (checked === true) return 'ticked in the report';
  if (checked === false) return 'not ticked in the report';
  return 'no checkbox in the report';
}

/**
 * The badge of an action item.
 *
 * @param tracking its state (`trackingOf`)
 * @param checked its checkbox
 * @param zone the zone dates are written in (the configured `timezone`)
 */
export function stateBadge(tracking: ActionTracking, checked: boolean | undefined, zone: string): StateBadgeView {
  const github = tracking.references.filter((reference) => reference !== null);
  const referenceStates = github.length > 1 ? tracking.references.map((reference) => (reference ? referenceWords(reference) : null)) : [];
  if (!tracking.verified) {
    const why = tracking.unknownCause === 'not-on-github' ? 'not tracked on GitHub' : 'not yet synced from GitHub';
    return {
      kind: tracking.done ? 'unverified-done' : 'unverified-open',
      label: actionStateLabel(tracking.state, tracking.done),
      verified: false,
      notes: [{ text: checkboxNote(checked) }, { text: why }],
      referenceStates,
    };
  }
  const asOf = noteDate(tracking.fetchedAt, zone);
  const notes: StateNote[] = [];
  let kind: StateKind;
  switch (tracking.state) {
    case 'open':
      kind = 'open';
      notes.push({ text: checked === true ? 'ticked in the report, but still open on GitHub' : 'on GitHub' });
      break;
    case 'merged':
      kind = 'merged';
      notes.push(dated('merged', noteDate(tracking.mergedAt, zone)));
      break;
    case 'missing':
      kind = 'missing';
      notes.push({ text: 'the issue does not exist on GitHub' }, { text: checkboxNote(checked) });
      break;
    default:
      kind = tracking.reason === 'not_planned' ? 'not-planned' : 'closed';
      notes.push(dated(tracking.reason === 'completed' ? 'completed' : 'closed', noteDate(tracking.closedAt ?? tracking.mergedAt, zone)));
  }
  if (asOf) notes.push(dated('as of', asOf));
  const label = actionStateLabel(tracking.state, tracking.done, tracking.reason);
  return asOf ? { kind, label, verified: true, asOf, notes, referenceStates } : { kind, label, verified: true, notes, referenceStates };
}

/** How fresh the GitHub states behind some items are. */
export interface SyncSummary {
  /** Items whose state GitHub decided. */
  verified: number;
  /** Items whose checkbox decided. */
  unverified: number;
  /** The oldest fetch among the verified items. */
  oldest?: NoteDate;
  /** Whole days from the oldest fetch to "today" (0: fetched today). */
  oldestAgeDays?: number;
}

/**
 * How many items GitHub's state decided, and how old the oldest of those states is.
 *
 * @param badges the items' badges (`stateBadge`)
 * @param today the build's day, `YYYY-MM-DD`, in `zone`
 */
export function syncSummary(badges: readonly StateBadgeView[], today: string, zone: string): SyncSummary {
  const verified = badges.filter((badge) => badge.verified);
  const summary: SyncSummary = { verified: verified.length, unverified: badges.length - verified.length };
  const oldestInstant = extreme(
    verified.map((badge) => badge.asOf?.datetime),
    -1,
  );
  const oldest = verified.find((badge) => badge.asOf?.datetime === oldestInstant)?.asOf;
  if (oldest) {
    summary.oldest = oldest;
    summary.oldestAgeDays = Math.max(0, calendarDaysFrom(localDate(new Date(oldest.datetime), zone), today));
  }
  return summary;
}
