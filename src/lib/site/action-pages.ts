/**
 * The `/actions/` pages: every action item as a compact table, and one
 * server-rendered page per filter, so filtering needs no script:
 *
 * - by state: `/actions/open/`, `/actions/overdue/`, `/actions/done/`, `/actions/archived/`
 *   (items not done in archived reports: history, in no open or overdue list), `/actions/unverified/`;
 * - by owner: `/actions/owner/<owner>/`, with the same state filters below it
 *   (`/actions/owner/alice/open/`), and `/actions/owner/` listing every owner;
 * - long lists in pages of `listPageSize` (`/actions/open/page/2/`).
 *
 * Every page is bounded by the page size, and the pages by the items: an owner
 * gets a state's page only when they have items in that state. Pure: a
 * function of the site model.
 */
import { syncSummary, type SyncSummary } from './action-states.ts';
import { actionsPage, ownerSlugs, type ActionView } from './actions-view.ts';
import { formatDay } from './format.ts';
import type { Links } from './links.ts';
import { pageNumbers, pageOf, pageParam, pageSuffix, pagination, type Pagination } from './pages.ts';
import { formatCount } from '../text.ts';
import type { Site } from './site.ts';

/** The filters, in the order the filter links show them. `all` is `/actions/` itself. */
export const actionFilters = ['all', 'open', 'overdue', 'done', 'archived', 'unverified'] as const;

/** One filter of the action items. */
export type ActionFilter = (typeof actionFilters)[number];

/** Which items a page of `/actions/` lists: a state filter, an owner's items, and which page of them. */
export interface ActionsRoute {
  filter: ActionFilter;
  /** An owner as written in the reports (`alice`), for their items only. */
  owner?: string;
  /** 1-based. */
  page: number;
}

/** A link to a filter's page. */
export interface ActionFilterLink {
  filter: ActionFilter;
  label: string;
  /** Absent for an owner's empty filter: that page does not exist. */
  href?: string;
  count: number;
  /** The page shown is this filter's. */
  current: boolean;
}

/** An owner, with their items' page and counts. */
export interface OwnerView {
  name: string;
  href: string;
  open: number;
  overdue: number;
  done: number;
}

/** Everything one `/actions/` page shows. */
export interface ActionsPageView {
  filter: ActionFilter;
  /** The owner whose items are shown, with the page of all their items. */
  owner?: { name: string; href: string };
  /** The page's `h1` and title. */
  title: string;
  /** What the filter holds, in a sentence. */
  definition: string;
  filters: ActionFilterLink[];
  /** This page's items. */
  items: ActionView[];
  pagination: Pagination;
  /** `Items 101–200 of 2,450`, or `12 items` on a single page. */
  rangeLabel: string;
  /** What the page says when the filter holds nothing. */
  empty: string;
  /** The owners with the most open items (on the pages not about one owner), and how many owners there are. */
  topOwners: OwnerView[];
  ownerCount: number;
  /** `/actions/owner/`: every owner. */
  ownersHref: string;
  sync: SyncSummary;
  /** `/calendar.ics`: due dates and watch expiries. */
  calendarHref: string;
}

/** How many owners the `/actions/` pages link directly; the rest are on `/actions/owner/`. */
export const topOwnerCount = 12;

const labels: Record<ActionFilter, string> = {
  all: 'All',
  open: 'Open',
  overdue: 'Overdue',
  done: 'Done',
  archived: 'Archived',
  unverified: 'Not verified',
};

const titles: Record<ActionFilter, string> = {
  all: 'Action items',
  open: 'Open action items',
  overdue: 'Overdue action items',
  done: 'Done action items',
  archived: 'Action items of archived reports',
  unverified: 'Action items not verified on GitHub',
};

/** The path below `/actions/` of a filter (and owner): `''`, `open/`, `owner/alice/open/`. */
function filterPath(site: Site, filter: ActionFilter, owner: string | undefined): string {
  const ownerPath = owner === undefined ? '' : `owner/${ownerSlugs(site).get(owner) ?? encodeURIComponent(owner)}/`;
  return `${ownerPath}${filter === 'all' ? '' : `${filter}/`}`;
}

/** The page of a filter: `/actions/` for `all`, `/actions/<filter>/` for the others. */
export function actionFilterHref(links: Links, filter: ActionFilter): string {
  return filter === 'all' ? links.actions : links.path(`actions/${filter}/`);
}

/** What each filter holds, as the page explains it (an owner's page: of their items). */
function definitionOf(filter: ActionFilter, today: string, owner?: string): string {
  switch (filter) {
    case 'all':
      return `${owner === undefined ? 'Every action item of every report' : `Every action item @${owner} owns`}: open ones first (overdue first among them), then done ones, then those of archived reports.`;
    case 'open':
      return 'Items not done: their GitHub issue is still open or, when GitHub’s state is not known, their box is not ticked in the report.';
    case 'overdue':
      return `Open items whose due date is before ${formatDay(today)}, the day this site was built.`;
    case 'done':
      return 'Items whose GitHub issues are closed or merged or, when GitHub’s state is not known, whose box is ticked in the report.';
    case 'archived':
      return 'Items not done in archived reports: history, kept for reading, not counted as open or overdue.';
    case 'unverified':
      return 'Items whose GitHub state is not known (tracked elsewhere, or not synced yet): their checkbox decides whether they count as open or done (or archived), and they are listed there too.';
  }
}

/**
 * What a filter's page says when it lists nothing (`members`: the items of its
 * scope, everyone's or an owner's). The unverified filter of a scope none of whose
 * items is verified lists nothing either (`repeatsAll`), and says why.
 */
function emptyText(filter: ActionFilter, members: Record<ActionFilter, ActionView[]>): string {
  switch (filter) {
    case 'all':
      return 'No action items yet.';
    case 'open':
      return 'Nothing open.';
    case 'overdue':
      return 'Nothing overdue.';
    case 'done':
      return 'Nothing done yet.';
    case 'archived':
      return 'No archived report has an item not done.';
    case 'unverified':
      // With no item at all, "known for every item" would be true of nothing.
      if (members.all.length === 0) return emptyText('all', members);
      return repeatsAll(members, filter)
        ? 'GitHub’s state is known for none of them yet (they are tracked elsewhere, or hindsight sync has not run): each is listed under All, where its checkbox decides whether it counts as open or done.'
        : 'GitHub’s state is known for every item.';
  }
}

/** `12 items`, `1 item`. */
function countLabel(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'item' : 'items'}`;
}

/** The items of each filter among `all` (open ones first, then done, then archived, as `actionsPage` lists them). */
function byFilter(all: readonly ActionView[]): Record<ActionFilter, ActionView[]> {
  const open = all.filter((item) => item.state === 'open');
  return {
    all: [...all],
    open,
    overdue: open.filter((item) => item.overdue),
    done: all.filter((item) => item.state === 'done'),
    archived: all.filter((item) => item.state === 'archived'),
    unverified: all.filter((item) => !item.tracking.verified),
  };
}

/**
 * Whether a filter would list every item of its scope again: `unverified` when no
 * item's GitHub state is known (nothing synced yet, or every item tracked
 * elsewhere). Its page then says so, on one page, instead of repeating the
 * pages of All (a third of the `/actions/` pages of a site never synced).
 */
function repeatsAll(members: Record<ActionFilter, ActionView[]>, filter: ActionFilter): boolean {
  return filter === 'unverified' && members.all.length > 0 && members.unverified.length === members.all.length;
}

/** What every `/actions/` page reads: computed once per site, not once per page. */
interface ActionData {
  all: Record<ActionFilter, ActionView[]>;
  owners: Map<string, Record<ActionFilter, ActionView[]>>;
  ownerViews: OwnerView[];
  sync: SyncSummary;
}

const memo = new WeakMap<Site, ActionData>();

/** The items of every filter, for the whole site and for each owner, computed once per site. */
function filtered(site: Site): ActionData {
  const known = memo.get(site);
  if (known) return known;
  const { open, done, archived } = actionsPage(site);
  const everything = [...open, ...done, ...archived];
  const perOwner = new Map<string, ActionView[]>();
  for (const item of everything) if (item.owner !== undefined) (perOwner.get(item.owner) ?? perOwner.set(item.owner, []).get(item.owner)!).push(item);
  const owners = new Map([...perOwner].map(([owner, items]) => [owner, byFilter(items)]));
  const ownerViews = [...owners]
    .map(([name, items]) => ({
      name,
      href: site.links.path(`actions/${filterPath(site, 'all', name)}`),
      open: items.open.length,
      overdue: items.overdue.length,
      done: items.done.length,
    }))
    // Most open first, then most overdue, then by name: who has the most to do.
    .sort((left, right) => right.open - left.open || right.overdue - left.overdue || (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  const sync = syncSummary(
    everything.map((item) => item.tracking),
    site.today,
    site.config.timezone,
  );
  const result = { all: byFilter(everything), owners, ownerViews, sync };
  memo.set(site, result);
  return result;
}

/** Every owner with their counts, the one with most open items first. */
export function ownerViews(site: Site): OwnerView[] {
  return filtered(site).ownerViews;
}

/** Every page of `/actions/`: its `[...filter]` route parameter and what it lists. */
export function actionRoutes(site: Site): { param: string | undefined; route: ActionsRoute }[] {
  const { all, owners } = filtered(site);
  const routes: { param: string | undefined; route: ActionsRoute }[] = [];
  const add = (filter: ActionFilter, owner: string | undefined, members: Record<ActionFilter, ActionView[]>) => {
    for (const page of pageNumbers(repeatsAll(members, filter) ? 0 : members[filter].length)) {
      const path = `${filterPath(site, filter, owner)}${pageSuffix(page)}`.replace(/\/$/, '');
      routes.push({ param: path === '' ? undefined : path, route: { filter, ...(owner === undefined ? {} : { owner }), page } });
    }
  };
  for (const filter of actionFilters) add(filter, undefined, all);
  for (const [owner, items] of owners) for (const filter of actionFilters) if (items[filter].length > 0) add(filter, owner, items);
  return routes;
}

/**
 * One `/actions/` page.
 *
 * @param filter which items it lists
 * @param options an owner's items only, and which page (default: everyone's, the first)
 */
export function actionsFilterPage(site: Site, filter: ActionFilter, options: { owner?: string; page?: number } = {}): ActionsPageView {
  const { owner, page = 1 } = options;
  const lists = filtered(site);
  const members = owner === undefined ? lists.all : (lists.owners.get(owner) ?? byFilter([]));
  const repeated = repeatsAll(members, filter);
  const items = repeated ? [] : members[filter];
  const hrefOf = (other: number) => site.links.path(`actions/${filterPath(site, filter, owner)}${pageSuffix(other)}`);
  const paging = pagination(items.length, page, hrefOf);
  return {
    filter,
    ...(owner === undefined ? {} : { owner: { name: owner, href: site.links.path(`actions/${filterPath(site, 'all', owner)}`) } }),
    title: owner === undefined ? titles[filter] : `${titles[filter]} of @${owner}`,
    definition: definitionOf(filter, site.today, owner),
    filters: actionFilters.map((key) => {
      const count = members[key].length;
      // An owner's empty filter has no page: it is shown, not linked.
      const linked = owner === undefined || count > 0 || key === 'all';
      return {
        filter: key,
        label: labels[key],
        ...(linked ? { href: site.links.path(`actions/${filterPath(site, key, owner)}`) } : {}),
        count,
        current: key === filter,
      };
    }),
    items: pageOf(items, page),
    pagination: paging,
    rangeLabel: repeated
      ? countLabel(members[filter].length)
      : paging.pages === 1
        ? countLabel(items.length)
        : `Items ${formatCount(paging.from)}–${formatCount(paging.to)} of ${formatCount(items.length)}`,
    empty: emptyText(filter, members),
    topOwners: owner === undefined ? lists.ownerViews.slice(0, topOwnerCount) : [],
    ownerCount: lists.ownerViews.length,
    ownersHref: site.links.path('actions/owner/'),
    sync: lists.sync,
    calendarHref: site.links.path('calendar.ics'),
  };
}

/** `/actions/owner/` a page at a time: every owner, with their counts. */
export function ownersPage(site: Site, page = 1): { owners: OwnerView[]; pagination: Pagination; total: number } {
  const all = ownerViews(site);
  return {
    owners: pageOf(all, page),
    pagination: pagination(all.length, page, (other) => site.links.path(`actions/owner/${pageSuffix(other)}`)),
    total: all.length,
  };
}

/** The `[...filter]` parameters of the pages of `/actions/owner/`. */
export function ownersPageParams(site: Site): { param: string; page: number }[] {
  return pageNumbers(ownerViews(site).length).map((page) => ({ param: `owner${pageParam(page) ? `/${pageParam(page)}` : ''}`, page }));
}

/** How many open items are past their due date, for the index page. */
export function overdueCount(site: Site): number {
  return actionsPage(site).overdueCount;
}
