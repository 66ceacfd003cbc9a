/**
 * One table for the one decision about an action item's state (src/lib/action-state.ts):
 * done only when the report or GitHub says so; otherwise open, or archived in an archived report.
 */
import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../src/lib/action-items.ts';
import {
  actionItemState,
  actionItemStateLabel,
  actionStateLabel,
  combineStates,
  historyStatuses,
  isCarriedOver,
  isDone,
  isOpenActionItem,
  isOverdue,
  itemIssueState,
  itemSummary,
} from '../../src/lib/action-state.ts';
import { lookupFromRecord, type ExampleState, type IssueState } from '../../src/lib/issue-state.ts';

const place = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** An item citing `acme/api#<n>` for each number (GitHub), or a Jira link for `'jira'`. */
function item(checked: boolean | undefined, references: readonly (number | 'jira')[] = [3], text = 'Do it'): ActionItem {
  return {
    text,
    references: references.map((reference) =>
      reference === 'jira'
        ? { raw: 'https://jira.example.com/browse/OPS-1', url: 'https://jira.example.com/browse/OPS-1', label: 'OPS-1', tracker: 'jira', place }
        : {
            raw: `acme/api#${reference}`,
            url: `https://github.com/acme/api/issues/${reference}`,
            label: `acme/api#${reference}`,
            tracker: 'github',
            github: { owner: 'acme', repo: 'api', number: reference },
            place,
          },
    ),
    ...(checked === undefined ? {} : { checked }),
    place,
  };
}

describe('the state of an action item', () => {
  // checkbox (or Status column), references, GitHub states → combined state, done, open, label
  const table: Array<[string, boolean | undefined, (number | 'jira')[], Record<string, ExampleState> | undefined, IssueState, boolean, string]> = [
    ['unticked, no GitHub state', false, [3], undefined, 'unknown', false, 'Open'],
    ['ticked, no GitHub state', true, [3], undefined, 'unknown', true, 'Done'],
    ['no checkbox, no GitHub state: not known to be done', undefined, [3], undefined, 'unknown', false, 'Open'],
    ['no checkbox, another tracker', undefined, ['jira'], undefined, 'unknown', false, 'Open'],
    ['ticked, another tracker', true, ['jira'], undefined, 'unknown', true, 'Done'],
    ['no checkbox, issue closed', undefined, [3], { 'acme/api#3': 'closed' }, 'closed', true, 'Closed'],
    ['unticked, issue closed: GitHub wins', false, [3], { 'acme/api#3': 'closed' }, 'closed', true, 'Closed'],
    ['unticked, closed as not planned', false, [3], { 'acme/api#3': 'closed:not_planned' }, 'closed', true, 'Not planned'],
    ['ticked, issue still open: GitHub wins', true, [3], { 'acme/api#3': 'open' }, 'open', false, 'Open'],
    ['unticked, pull request merged', false, [3], { 'acme/api#3': 'merged' }, 'merged', true, 'Merged'],
    ['ticked, issue missing: the report decides', true, [3], { 'acme/api#3': 'missing' }, 'missing', true, 'Missing'],
    ['no checkbox, issue missing', undefined, [3], { 'acme/api#3': 'missing' }, 'missing', false, 'Missing'],
    ['one closed, one open', true, [3, 4], { 'acme/api#3': 'closed', 'acme/api#4': 'open' }, 'open', false, 'Open'],
    ['one closed, one not synced: the report decides', false, [3, 4], { 'acme/api#3': 'closed' }, 'unknown', false, 'Open'],
    ['both merged', undefined, [3, 4], { 'acme/api#3': 'merged', 'acme/api#4': 'merged' }, 'merged', true, 'Merged'],
    ['one merged, one closed', undefined, [3, 4], { 'acme/api#3': 'merged', 'acme/api#4': 'closed' }, 'closed', true, 'Closed'],
  ];

  it.each(table)('%s', (_name, checked, references, states, state, done, label) => {
    const one = item(checked, references);
    const lookup = states ? lookupFromRecord(states) : undefined;
    expect(itemIssueState(one, lookup)).toBe(state);
    expect(isDone(checked, state)).toBe(done);
    expect(isOpenActionItem(one, lookup)).toBe(!done);
    const reason = states && Object.values(states).includes('closed:not_planned') ? 'not_planned' : undefined;
    expect(actionStateLabel(state, done, reason)).toBe(label);
  });

  it('combines no states as unknown', () => {
    expect(combineStates([])).toBe('unknown');
  });
});

describe('where an item stands as work: open, done, or archived in an archived report', () => {
  // done (isDone), the report's status → state, label
  const table: Array<[boolean, string | undefined, 'open' | 'done' | 'archived', string]> = [
    [false, 'draft', 'open', 'Open'],
    [false, 'in-review', 'open', 'Open'],
    [false, 'reviewed', 'open', 'Open'],
    [false, 'closed', 'open', 'Open'],
    [false, 'archived', 'archived', 'Archived'],
    [false, undefined, 'open', 'Open'],
    [true, 'reviewed', 'done', 'Done'],
    [true, 'closed', 'done', 'Done'],
    [true, 'archived', 'done', 'Done'],
    [true, undefined, 'done', 'Done'],
  ];

  it.each(table)('done %s in a %s report → %s', (done, status, state, label) => {
    expect(actionItemState(done, status)).toBe(state);
    expect(actionItemStateLabel(state)).toBe(label);
  });

  it('takes archived reports for history, and only them', () => {
    expect(historyStatuses).toEqual(['archived']);
  });
});

describe('overdue, carried over, summary', () => {
  it.each([
    ['2024-05-31', '2024-06-01', 'open', true],
    ['2024-06-01', '2024-06-01', 'open', false],
    ['2024-05-31', '2024-06-01', 'done', false],
    ['2024-05-31', '2024-06-01', 'archived', false],
    ['2020-01-01', '2024-06-01', 'archived', false],
    [undefined, '2024-06-01', 'open', false],
  ] as const)('due %s, today %s, %s → overdue %s', (due, today, state, overdue) => {
    expect(isOverdue(due, today, state)).toBe(overdue);
  });

  it('is carried over when a later item cites one of the same issues', () => {
    const key = (reference: ActionItem['references'][number]) => reference.label.toLowerCase();
    expect(isCarriedOver(item(false, [3, 4]), new Set(['acme/api#4']), key)).toBe(true);
    expect(isCarriedOver(item(false, [3]), new Set(['acme/api#4']), key)).toBe(false);
  });

  it('names an item without its references, owner and due date', () => {
    expect(itemSummary(item(false, [3], 'Rotate the secret: acme/api#3 @ops due: 2024-06-01'))).toBe('Rotate the secret');
  });
});
