/**
 * An action item's state, decided in one place: the `prior-open-actions` rule, the
 * CLI's `hindsight actions`, the site's `/actions/` and report pages and the pull
 * request comment all ask this module, so they never disagree.
 *
 * The decision: an item is **done** only when something says so —
 * - GitHub says its issues or pull requests are closed or merged (combined over
 *   its references by `combineStates`: one still open keeps it open), or
 * - GitHub says nothing conclusive (unknown, missing, not on GitHub) and the
 *   report ticks its box (`[x]`) or its table's Status column says done.
 *
 * Everything else is **open**: "not known to be done". An item with no checkbox
 * and no known GitHub state is open, not "unknown": the founding incident was a
 * step nobody verified, and an item nobody marked done is exactly that step. An
 * issue still open on GitHub keeps a ticked item open: the tracker is the live record.
 *
 * On top of done/open: **unverified** (GitHub's state is not known, so only the
 * report decided), **overdue** (a due date before today and still open work) and
 * **carried over** (a later report cites the same issue, so it is tracked there).
 *
 * Where the item stands as work (`actionItemState`): **done**; **archived** when it
 * is not done and its report is `archived` (history: imported from before
 * Hindsight, nobody is expected to do it now, so it is neither open work nor
 * overdue); else **open**. The lists of work ask this: `/actions/` (an "Archived"
 * filter of their own, out of the open and overdue lists and the owners' counts),
 * `hindsight actions` (`--open` and `--overdue` leave them out), the calendar's
 * due dates and the pull request comment's due dates. What asks only whether an
 * item is done (`isOpenActionItem`) still counts it: `prior-open-actions` and the
 * "still open" items of a repeated report, which are the lesson a repeat should read.
 */
import type { ActionItem } from './action-items.ts';
import type { CloseReason, IssueState, StateLookup } from './issue-state.ts';

/**
 * One state for an item with several GitHub references: `open` if any is open;
 * otherwise `unknown` if any is unknown (or there are none); otherwise `missing`
 * if any does not exist; `merged` if all are merged; else `closed`.
 */
export function combineStates(states: readonly IssueState[]): IssueState {
  if (states.length === 0) return 'unknown';
  if (states.includes('open')) return 'open';
  if (states.includes('unknown')) return 'unknown';
  if (states.includes('missing')) return 'missing';
  if (states.every((state) => state === 'merged')) return 'merged';
  return 'closed';
}

/**
 * The combined GitHub state of an item's references (`unknown` without a lookup,
 * or when it names nothing on GitHub).
 *
 * @param lookup GitHub states (live or cached), when there are any
 */
export function itemIssueState(item: Pick<ActionItem, 'references'>, lookup: StateLookup | undefined): IssueState {
  const states = item.references.flatMap((reference) => (reference.github ? [lookup ? lookup.get(reference.github).state : 'unknown'] : []));
  return combineStates(states);
}

/**
 * Whether an item is done (see the module's header): closed or merged on GitHub,
 * or, GitHub being inconclusive, ticked (or "done" in its Status column).
 *
 * @param checked the item's checkbox or Status column; `undefined` when it has neither
 * @param state its combined GitHub state (`combineStates`)
 */
export function isDone(checked: boolean | undefined, state: IssueState): boolean {
  if (state === 'closed' || state === 'merged') return true;
  if (state === 'open') return false;
  return checked === true;
}

/** Whether an item is still open: not known to be done (`isDone`). The rule and the pull request comment ask this. */
export function isOpenActionItem(item: Pick<ActionItem, 'references' | 'checked'>, lookup?: StateLookup): boolean {
  return !isDone(item.checked, itemIssueState(item, lookup));
}

/** Where an item stands as work (see the module's header): done, open, or not done in an archived report. */
export type ActionItemState = 'open' | 'done' | 'archived';

/** The report statuses that make a report history: its items that are not done are archived, not open. */
export const historyStatuses: readonly string[] = ['archived'];

/**
 * Where an item stands as work: `done` (`isDone`), else `archived` when its
 * report's status is history (`historyStatuses`), else `open`.
 *
 * @param done `isDone` of the item
 * @param reportStatus its report's `status` (undefined when the frontmatter is invalid: not history)
 */
export function actionItemState(done: boolean, reportStatus: string | undefined): ActionItemState {
  if (done) return 'done';
  return reportStatus !== undefined && historyStatuses.includes(reportStatus) ? 'archived' : 'open';
}

/** The word lists use for where an item stands: `Open`, `Done`, `Archived`. */
export function actionItemStateLabel(state: ActionItemState): string {
  return state === 'open' ? 'Open' : state === 'done' ? 'Done' : 'Archived';
}

/**
 * Whether an item is overdue: its due date is before `today` and it is open
 * work (an archived report's item is history, never overdue).
 *
 * @param today `YYYY-MM-DD` in the report's zone (dates compare as strings)
 * @param state `actionItemState` of the item
 */
export function isOverdue(due: string | undefined, today: string, state: ActionItemState): boolean {
  return due !== undefined && due < today && state === 'open';
}

/**
 * The short label every surface shows for an item's state: `Open`, `Done` (the
 * report decided; GitHub said nothing), `Closed`, `Not planned`, `Merged`, `Missing`.
 *
 * @param state its combined GitHub state
 * @param done `isDone` of it
 * @param reason for `closed`: why GitHub closed it
 */
export function actionStateLabel(state: IssueState, done: boolean, reason?: CloseReason): string {
  switch (state) {
    case 'open':
      return 'Open';
    case 'merged':
      return 'Merged';
    case 'missing':
      return 'Missing';
    case 'closed':
      return reason === 'not_planned' ? 'Not planned' : 'Closed';
    default:
      return done ? 'Done' : 'Open';
  }
}

/**
 * Whether an earlier report's item is carried over: the later report has an item
 * citing one of the same issues, so it is tracked there (`prior-open-actions` leaves it out).
 *
 * @param carried the keys of the issues the later report's items cite
 * @param key how a reference is keyed (the graph's `linkKey`, so aliases of one issue match)
 */
export function isCarriedOver(
  item: Pick<ActionItem, 'references'>,
  carried: ReadonlySet<string>,
  key: (reference: ActionItem['references'][number]) => string,
): boolean {
  return item.references.some((reference) => carried.has(key(reference)));
}

/**
 * The item's text for a message: its first line without its references, `@owner`
 * and `due:` (messages list the references themselves). The rule's messages and
 * the pull request comment both name an item by it.
 */
export function itemSummary(item: Pick<ActionItem, 'text' | 'references'>): string {
  let text = item.text.split('\n')[0]!;
  for (const reference of item.references) text = text.split(reference.raw).join(' ');
  return text
    .replace(/(?<![\w.])@[\w/-]+/g, ' ')
    .replace(/\bdue:\s*\d{4}-\d{2}-\d{2}/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[\s:;,(–—-]+$/, '')
    .trim();
}
