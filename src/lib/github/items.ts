/**
 * Action items with their GitHub state, as plain rows: what `hindsight actions`
 * prints and what an "open action items" page can show. Pure.
 */
import type { ParsedReport } from '../parse.ts';
import { localDate } from '../time.ts';
import { actionItemState, actionStateLabel, combineStates, isDone, isOverdue, type ActionItemState } from '../action-state.ts';
import type { CloseReason, IssueState, StateLookup, StateSource } from '../issue-state.ts';

/** One reference of an action item, with what GitHub says about it. */
export interface ActionItemReferenceRow {
  label: string;
  url: string;
  /** `github`, or the configured tracker's name (whose state is not fetched: `unknown`). */
  tracker: string;
  state: IssueState;
  source: StateSource;
  /** The issue's title on GitHub, when known. */
  title?: string;
  /** When the state was fetched (ISO 8601), when known. */
  fetchedAt?: string;
}

/** One action item across the reports. */
export interface ActionItemRow {
  /** The report's id, path, title and status. */
  report: { id: string; path: string; title?: string; status?: string };
  text: string;
  owner?: string;
  due?: string;
  group?: string;
  /** The task checkbox, when there is one. */
  checked?: boolean;
  /** Where the item is in the file. */
  line: number;
  column: number;
  /**
   * The item's state from its GitHub references, combined by `combineStates`
   * (src/lib/action-state.ts, which decides `done` too).
   */
  state: IssueState;
  /** Whether the item is done: its issues are closed or merged, or (state not known) it is ticked `[x]`. */
  done: boolean;
  /**
   * Where it stands as work (`actionItemState`): `open`, `done`, or `archived`
   * (not done, in an archived report: history, neither open nor overdue).
   */
  progress: ActionItemState;
  /** Whether `due` has passed and the item is open work. */
  overdue: boolean;
  /**
   * The state in a word or two, as the site's badge shows it (`Open`, `Done`, `Closed`, `Not planned`,
   * `Merged`, `Missing`), or `Archived` for an item not done in an archived report.
   */
  label: string;
  references: ActionItemReferenceRow[];
}

/**
 * Every action item of `reports`, in report order then file order.
 *
 * @param lookup GitHub state; without one every state is `unknown`
 * @param now "today", for `overdue` (the day is taken in each report's zone)
 * @param defaultZone the zone for reports without a valid `timezone`
 */
export function actionItemRows(reports: readonly ParsedReport[], lookup: StateLookup | undefined, now: Date, defaultZone = 'UTC'): ActionItemRow[] {
  const rows: ActionItemRow[] = [];
  for (const report of reports) {
    const today = localDate(now, report.data?.timezone ?? defaultZone);
    for (const item of report.actionItems) {
      const closedReasons: (CloseReason | undefined)[] = [];
      const references = item.references.map((reference): ActionItemReferenceRow => {
        const row: ActionItemReferenceRow = { label: reference.label, url: reference.url, tracker: reference.tracker, state: 'unknown', source: 'none' };
        if (reference.github && lookup) {
          const state = lookup.get(reference.github);
          row.state = state.state;
          row.source = state.source;
          if (state.title !== undefined) row.title = state.title;
          if (state.fetchedAt !== undefined) row.fetchedAt = state.fetchedAt;
          if (state.state === 'closed') closedReasons.push(state.reason);
        }
        return row;
      });
      const githubStates = references.filter((reference) => reference.tracker === 'github').map((reference) => reference.state);
      const state = combineStates(githubStates);
      const done = isDone(item.checked, state);
      const progress = actionItemState(done, report.data?.status);
      const row: ActionItemRow = {
        report: { id: report.id, path: report.path },
        text: item.text,
        line: item.place.start.line,
        column: item.place.start.column,
        state,
        done,
        progress,
        overdue: isOverdue(item.due, today, progress),
        // "Not planned" only when every closed issue was closed so, as on the site's badge.
        label:
          progress === 'archived'
            ? 'Archived'
            : actionStateLabel(state, done, closedReasons.length > 0 && closedReasons.every((reason) => reason === 'not_planned') ? 'not_planned' : undefined),
        references,
      };
      if (report.data?.title !== undefined) row.report.title = report.data.title;
      if (report.data?.status !== undefined) row.report.status = report.data.status;
      if (item.owner !== undefined) row.owner = item.owner;
      if (item.due !== undefined) row.due = item.due;
      if (item.group !== undefined) row.group = item.group;
      if (item.checked !== undefined) row.checked = item.checked;
      rows.push(row);
    }
  }
  return rows;
}
