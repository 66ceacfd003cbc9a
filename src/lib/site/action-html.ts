/**
 * Action items' markup, written as strings: the state badge (one word, and its
 * notes on demand) and the rows of the `/actions/` tables.
 *
 * Why strings and not Astro templates: at 10,000 reports the site has about
 * 25,000 items, and every one is a row on three or four `/actions/` pages (all
 * items, its state, "not verified", its owner's). Rendered through templates,
 * each row cost a few dozen component and expression calls on every page.
 * Written once per item and reused by every page that lists it, a row costs a
 * string lookup. The components (`StateBadge.astro`, `ActionTable.astro`) insert
 * these strings, escaped as Astro escapes (html.ts). Each state's icon is drawn
 * by the style sheet (report.css), not written in every badge: a hundred copies
 * of it were a quarter of an `/actions/` page.
 */
import type { StateBadgeView } from './action-states.ts';
import type { ActionView } from './actions-view.ts';
import { attribute, escapeHtml } from './html.ts';

const badges = new WeakMap<StateBadgeView, string>();

/**
 * A state badge: its label, with its kind as a class (`is-closed`) for its icon
 * and colour, which opens a disclosure with what dates the state and where it
 * comes from ("closed Aug 2, 2022 · as of Jun 1, 2024", "not ticked in the report
 * · not yet synced from GitHub"). Colour is never the only cue: a state from the
 * checkbox says "not verified" in words, to screen readers and in its notes.
 * Written once per badge.
 */
export function stateBadgeHtml(badge: StateBadgeView): string {
  const known = badges.get(badge);
  if (known !== undefined) return known;
  const notes = badge.notes
    .map(({ text, date }) =>
      date
        ? `<span class="dated-note">${escapeHtml(text)} <time${attribute('datetime', date.datetime)}>${escapeHtml(date.label)}</time></span>`
        : escapeHtml(text),
    )
    .join(' · ');
  const html =
    `<details class="state-details"><summary><span${attribute('class', `badge state-badge is-${badge.kind}`)}>${escapeHtml(badge.label)}` +
    `${badge.verified ? '' : '<span class="sr-only">, not verified</span>'}</span></summary>` +
    `<span class="state-notes">${badge.verified ? '' : 'Not verified: '}${notes}</span></details>`;
  badges.set(badge, html);
  return html;
}

/** An item's tracker references, each with its own state when the item names several GitHub issues. */
function referencesHtml(item: ActionView): string {
  if (item.references.length === 0) return '';
  const references = item.references.map((reference, index) => {
    const label = escapeHtml(reference.label);
    const link = reference.href ? `<a${attribute('href', reference.href)}>${label}</a>` : label;
    const state = item.tracking.referenceStates[index];
    return `${link}${state ? `<span class="reference-state"> (${escapeHtml(state)})</span>` : ''}`;
  });
  return `<span class="references">${references.join(', ')}</span>`;
}

/** One row of an action table; `withOwner` adds the owner's cell (every list but an owner's own). */
function rowHtml(item: ActionView, withOwner: boolean): string {
  const title = `<th scope="row" class="cell-title">${escapeHtml(item.title)}${referencesHtml(item)}</th>`;
  const archived = item.state === 'archived' ? ' <span class="badge status">Archived report</span>' : '';
  const state = `<td class="cell-state"${attribute('data-value', item.tracking.label)}>${stateBadgeHtml(item.tracking)}${archived}</td>`;
  const owner = !withOwner
    ? ''
    : `<td class="cell-owner"${attribute('data-value', item.owner ?? '')}>${
        item.owner
          ? `<a${attribute('href', item.ownerHref)}><span class="sr-only">Owner </span>@${escapeHtml(item.owner)}</a>`
          : '<span class="none">No owner</span>'
      }</td>`;
  const due = item.due
    ? `<span class="phone-label">Due </span><time${attribute('datetime', item.due)}>${escapeHtml(item.dueLabel ?? '')}</time>${
        item.overdue ? ' <span class="badge overdue">Overdue</span>' : ''
      }`
    : '<span class="none">No due date</span>';
  const report =
    `<td class="cell-report"${attribute('data-value', item.report.date)}><a${attribute('href', item.report.href)}>${escapeHtml(item.report.title)}</a> ` +
    `<time class="secondary"${attribute('datetime', item.report.date)}>${escapeHtml(item.report.dateLabel)}</time></td>`;
  return `<tr${attribute('class', item.state)}>${title}${state}${owner}<td class="cell-due"${attribute('data-value', item.due ?? '')}>${due}</td>${report}</tr>`;
}

const rowsWithOwner = new WeakMap<ActionView, string>();
const rowsWithoutOwner = new WeakMap<ActionView, string>();

/**
 * The body rows of an action table (`ActionTable.astro`): per item, its title and
 * tracker links, its state badge (and "Archived report" beside an item not done
 * in an archived report), its owner unless `withOwner` is false, its due date and
 * the report it comes from. The cells' `data-value` is what the columns sort by
 * in the browser (sort-table.ts). Each row is written once per item and list kind.
 */
export function actionRowsHtml(items: readonly ActionView[], withOwner: boolean): string {
  const rows = withOwner ? rowsWithOwner : rowsWithoutOwner;
  let html = '';
  for (const item of items) {
    let row = rows.get(item);
    if (row === undefined) {
      row = rowHtml(item, withOwner);
      rows.set(item, row);
    }
    html += row;
  }
  return html;
}
