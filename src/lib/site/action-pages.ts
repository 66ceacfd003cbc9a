/**
 * The `/actions/` pages: every action item, and one server-rendered page per
 * filter (`/actions/open/`, `/actions/overdue/`, `/actions/done/`,
 * `/actions/unverified/`), linked to each other, so filtering needs no script.
 * Pure: a function of the site model.
 */
import { syncSummary, type SyncSummary } from './action-states.ts';
import { formatDay } from './format.ts';
import type { Links } from './links.ts';
import { actionsPage, type ActionView, type Site } from './site.ts';

/** The filters, in the order the filter links show them. `all` is `/actions/` itself. */
export const actionFilters = ['all', 'open', 'overdue', 'done', 'unverified'] as const;

/** One filter of the action items. */
export type ActionFilter = (typeof actionFilters)[number];

/** A link to a filter's page. */
export interface ActionFilterLink {
  filter: ActionFilter;
  label: string;
  href: string;
  count: number;
  /** The page shown is this filter's. */
  current: boolean;
}

/** A list on an actions page. */
export interface ActionSection {
  /** The heading's id. */
  id: string;
  heading: string;
  items: ActionView[];
  /** What the page says when the list is empty. */
  empty: string;
}

/** Everything one `/actions/` page shows. */
export interface ActionsPageView {
  filter: ActionFilter;
  /** The page's `h1` and title. */
  title: string;
  /** What the filter holds, in a sentence. */
  definition: string;
  filters: ActionFilterLink[];
  sections: ActionSection[];
  sync: SyncSummary;
  /** `/calendar.ics`: due dates and watch expiries. */
  calendarHref: string;
}

const labels: Record<ActionFilter, string> = {
  all: 'All',
  open: 'Open',
  overdue: 'Overdue',
  done: 'Done',
  unverified: 'Not verified',
};

const titles: Record<ActionFilter, string> = {
  all: 'Action items',
  open: 'Open action items',
  overdue: 'Overdue action items',
  done: 'Done action items',
  unverified: 'Action items not verified on GitHub',
};

/** The page of a filter: `/actions/` for `all`, `/actions/<filter>/` for the others. */
export function actionFilterHref(links: Links, filter: ActionFilter): string {
  return filter === 'all' ? links.actions : links.path(`actions/${filter}/`);
}

/** What each filter holds, as the page explains it. */
function definitionOf(filter: ActionFilter, today: string): string {
  switch (filter) {
    case 'all':
      return 'Every action item of every report: open ones first (overdue first among them), then done ones.';
    case 'open':
      return 'Items not done: their GitHub issue is still open or, when GitHub’s state is not known, their box is not ticked in the report.';
    case 'overdue':
      return `Open items whose due date is before ${formatDay(today)}, the day this site was built.`;
    case 'done':
      return 'Items whose GitHub issues are closed or merged or, when GitHub’s state is not known, whose box is ticked in the report.';
    case 'unverified':
      return 'Items whose GitHub state is not known (tracked elsewhere, or not synced yet): their checkbox decides whether they count as open or done, and they are listed there too.';
  }
}

/**
 * One `/actions/` page.
 *
 * @param filter which items it lists
 */
export function actionsFilterPage(site: Site, filter: ActionFilter): ActionsPageView {
  const { open, done } = actionsPage(site);
  const all = [...open, ...done];
  const members: Record<ActionFilter, ActionView[]> = {
    all,
    open,
    overdue: open.filter((item) => item.overdue),
    done,
    unverified: all.filter((item) => !item.tracking.verified),
  };
  const sections: ActionSection[] =
    filter === 'all'
      ? [
          { id: 'open-heading', heading: `Open (${open.length})`, items: open, empty: 'Nothing open.' },
          { id: 'done-heading', heading: `Done (${done.length})`, items: done, empty: 'Nothing done yet.' },
        ]
      : [{ id: `${filter}-heading`, heading: `${labels[filter]} (${members[filter].length})`, items: members[filter], empty: emptyText(filter) }];
  return {
    filter,
    title: titles[filter],
    definition: definitionOf(filter, site.today),
    filters: actionFilters.map((key) => ({
      filter: key,
      label: labels[key],
      href: actionFilterHref(site.links, key),
      count: members[key].length,
      current: key === filter,
    })),
    sections,
    sync: syncSummary(all.map((item) => item.tracking), site.today, site.config.timezone),
    calendarHref: site.links.path('calendar.ics'),
  };
}

function emptyText(filter: Exclude<ActionFilter, 'all'>): string {
  switch (filter) {
    case 'open':
      return 'Nothing open.';
    case 'overdue':
      return 'Nothing overdue.';
    case 'done':
      return 'Nothing done yet.';
    case 'unverified':
      return 'GitHub’s state is known for every item.';
  }
}

/** How many open items are past their due date, for the index page. */
export function overdueCount(site: Site): number {
  return actionsPage(site).overdueCount;
}
