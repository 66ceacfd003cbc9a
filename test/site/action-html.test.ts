/**
 * Action items' markup as strings (src/lib/site/action-html.ts): the state badge
 * and the `/actions/` table rows, which replaced the templates of
 * `StateBadge.astro` and `ActionTable.astro` with the same markup.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { StateBadgeView } from '../../src/lib/site/action-states.ts';
import { actionRowsHtml, stateBadgeHtml } from '../../src/lib/site/action-html.ts';
import type { ActionView } from '../../src/lib/site/actions-view.ts';

const unverified: StateBadgeView = {
  kind: 'unverified-open',
  label: 'Open',
  verified: false,
  notes: [{ text: 'not ticked in the report' }, { text: 'not yet synced from GitHub' }],
  referenceStates: [],
};

const closed: StateBadgeView = {
  kind: 'closed',
  label: 'Closed',
  verified: true,
  notes: [
    { text: 'closed', date: { datetime: '2022-09-01T15:04:05.000Z', label: 'Sep 1, 2022' } },
    { text: 'as of', date: { datetime: '2024-05-30T08:00:00.000Z', label: 'May 30, 2024' } },
  ],
  referenceStates: ['closed', null],
};

function view(overrides: Partial<ActionView> = {}): ActionView {
  return {
    title: 'Rotate the <secret> & alert',
    state: 'open',
    stateLabel: 'Open',
    tracking: unverified,
    overdue: false,
    references: [],
    report: { id: '2024-03-01-api', href: '/postmortems/2024-03-01-api/', title: 'API "down"', date: '2024-03-01', dateLabel: 'Mar 1, 2024' },
    ...overrides,
  };
}

describe('stateBadgeHtml', () => {
  test('says "not verified" of a state from the checkbox, to screen readers and in its notes', () => {
    expect(stateBadgeHtml(unverified)).toBe(
      '<details class="state-details"><summary><span class="badge state-badge is-unverified-open">' +
        'Open<span class="sr-only">, not verified</span></span></summary>' +
        '<span class="state-notes">Not verified: not ticked in the report · not yet synced from GitHub</span></details>',
    );
  });

  test("dates GitHub's state in its notes, and names the kind the style sheet draws an icon for", () => {
    expect(stateBadgeHtml(closed)).toBe(
      '<details class="state-details"><summary><span class="badge state-badge is-closed">' +
        'Closed</span></summary><span class="state-notes"><span class="dated-note">closed <time datetime="2022-09-01T15:04:05.000Z">Sep 1, 2022</time></span> · ' +
        '<span class="dated-note">as of <time datetime="2024-05-30T08:00:00.000Z">May 30, 2024</time></span></span></details>',
    );
    expect(stateBadgeHtml({ ...closed, kind: 'not-planned', label: 'Not planned' })).toContain(
      '<span class="badge state-badge is-not-planned">Not planned</span>',
    );
  });

  test('has an icon in the style sheet for every kind', async () => {
    const css = await readFile(new URL('../../src/styles/report.css', import.meta.url), 'utf8');
    const kinds: StateBadgeView['kind'][] = ['open', 'closed', 'not-planned', 'merged', 'missing', 'unverified-open', 'unverified-done'];
    for (const kind of kinds) {
      const rule = new RegExp(`\\.state-badge\\.is-${kind}[,\\s][^{]*\\{[^}]*--state-icon: url\\("data:image/svg\\+xml,%3Csvg `);
      expect(css, kind).toMatch(rule);
    }
  });
});

describe('actionRowsHtml', () => {
  test('writes a row per item: title and references, state, owner, due date and report, escaped', () => {
    const item = view({
      tracking: closed,
      owner: 'bob',
      ownerHref: '/actions/owner/bob/',
      due: '2024-04-01',
      dueLabel: 'Apr 1, 2024',
      overdue: true,
      references: [
        { raw: 'acme/api#1', label: 'acme/api#1', href: 'https://github.com/acme/api/issues/1' },
        { raw: 'OPS-2', label: 'OPS-2' },
      ],
    });
    expect(actionRowsHtml([item], true)).toBe(
      '<tr class="open"><th scope="row" class="cell-title">Rotate the &lt;secret&gt; &amp; alert<span class="references">' +
        '<a href="https://github.com/acme/api/issues/1">acme/api#1</a><span class="reference-state"> (closed)</span>, OPS-2</span></th>' +
        `<td class="cell-state" data-value="Closed">${stateBadgeHtml(closed)}</td>` +
        '<td class="cell-owner" data-value="bob"><a href="/actions/owner/bob/"><span class="sr-only">Owner </span>@bob</a></td>' +
        '<td class="cell-due" data-value="2024-04-01"><span class="phone-label">Due </span><time datetime="2024-04-01">Apr 1, 2024</time> <span class="badge overdue">Overdue</span></td>' +
        '<td class="cell-report" data-value="2024-03-01"><a href="/postmortems/2024-03-01-api/">API &quot;down&quot;</a> <time class="secondary" datetime="2024-03-01">Mar 1, 2024</time></td></tr>',
    );
  });

  test('says what is missing, marks an archived report, and leaves the owner out on an owner’s own list', () => {
    const item = view({ state: 'archived' });
    const withOwner = actionRowsHtml([item], true);
    expect(withOwner).toContain(`${stateBadgeHtml(unverified)} <span class="badge status">Archived report</span></td>`);
    expect(withOwner).toContain('<td class="cell-owner" data-value><span class="none">No owner</span></td>');
    expect(withOwner).toContain('<td class="cell-due" data-value><span class="none">No due date</span></td>');
    expect(withOwner).toMatch(/^<tr class="archived">/);
    const withoutOwner = actionRowsHtml([item], false);
    expect(withoutOwner).not.toContain('cell-owner');
    expect(withoutOwner).toBe(withOwner.replace('<td class="cell-owner" data-value><span class="none">No owner</span></td>', ''));
  });

  test('lists the items in the order given, each row written once and reused', () => {
    const first = view({ title: 'First' });
    const second = view({ title: 'Second' });
    const rows = actionRowsHtml([first, second], true);
    expect(rows.indexOf('First')).toBeLessThan(rows.indexOf('Second'));
    expect(actionRowsHtml([second, first], true)).toBe(rows.slice(rows.indexOf('<tr', 1)) + rows.slice(0, rows.indexOf('<tr', 1)));
    expect(actionRowsHtml([], true)).toBe('');
  });
});
