/**
 * Action items as the site lists them: each with its state (GitHub's where the
 * build knows it, else its checkbox), its owner's page, its due date and
 * overdue mark, and the report it comes from. Pure functions of the site model;
 * the lists of the whole site are computed once per site model, since every
 * `/actions/` page and the index read them. An item not done in an archived
 * report is `archived`, not open (src/lib/action-state.ts decides).
 */
import { actionItemState, actionItemStateLabel, isOverdue, type ActionItemState } from '../action-state.ts';
import { actionState, stateBadge, trackingOf, type StateBadgeView } from './action-states.ts';
import { formatDay } from './format.ts';
import { slugMap } from './links.ts';
import type { SiteActionItem, SiteReference, SiteReport } from './report.ts';
import type { Site } from './site.ts';

/** An action item with its state, as lists show it. */
export interface ActionView {
  title: string;
  /** Open work, done, or not done in an archived report (history: neither open nor overdue). */
  state: ActionItemState;
  /** `Open`, `Done` or `Archived`. */
  stateLabel: string;
  /** The state badge: GitHub's state with its dates, or the checkbox's, marked not verified. */
  tracking: StateBadgeView;
  owner?: string;
  /** The owner's items on `/actions/owner/<owner>/`. */
  ownerHref?: string;
  due?: string;
  dueLabel?: string;
  /** Open work and past its due date ("today" is the build's day in the configured zone). */
  overdue: boolean;
  references: SiteReference[];
  group?: string;
  /** The report it comes from. */
  report: { id: string; href: string; title: string; date: string; dateLabel: string };
}

const owners = new WeakMap<Site, Map<string, string>>();

/** Every owner named by an action item, with the URL segment of their page (`slugMap`), once per site. */
export function ownerSlugs(site: Site): Map<string, string> {
  let slugs = owners.get(site);
  if (!slugs) {
    slugs = slugMap([...site.reports.values()].flatMap((report) => report.actionItems.flatMap((item) => (item.owner ? [item.owner] : []))));
    owners.set(site, slugs);
  }
  return slugs;
}

/** The page of one owner's items (`/actions/owner/<slug>/`). */
export function ownerHref(site: Site, owner: string): string {
  return site.links.path(`actions/owner/${ownerSlugs(site).get(owner) ?? encodeURIComponent(owner)}/`);
}

/** One item as lists show it. */
export function actionView(item: SiteActionItem, report: SiteReport, site: Site): ActionView {
  const state = actionItemState(actionState(item) === 'done', report.status);
  return {
    title: item.title,
    state,
    stateLabel: actionItemStateLabel(state),
    tracking: stateBadge(item.tracking ?? trackingOf(item, undefined), item.checked, site.config.timezone),
    ...(item.owner ? { owner: item.owner, ownerHref: ownerHref(site, item.owner) } : {}),
    ...(item.due ? { due: item.due, dueLabel: formatDay(item.due) } : {}),
    overdue: isOverdue(item.due, site.today, state),
    references: item.references,
    ...(item.group ? { group: item.group } : {}),
    report: { id: report.id, href: site.links.report(report.id), title: report.title, date: report.date, dateLabel: formatDay(report.date) },
  };
}

/** Every item of the site: open ones (overdue first, then by due date), done ones, and archived reports' items not done. */
export interface ActionLists {
  open: ActionView[];
  done: ActionView[];
  /** Items not done in archived reports: history, listed apart, in no open or overdue count. */
  archived: ActionView[];
  overdueCount: number;
}

const lists = new WeakMap<Site, ActionLists>();

/**
 * The open action items of every report, the done ones and the archived ones,
 * for `/actions/`. Open: overdue first, then by due date (none last), then the
 * newest report first; done and archived: newest report first. Computed once
 * per site model.
 */
export function actionsPage(site: Site): ActionLists {
  const known = lists.get(site);
  if (known) return known;
  // Site rows are newest first: reports in that order give the tie-break for free (the sort is stable).
  const all = site.rows.flatMap((row) => {
    const report = site.reports.get(row.id)!;
    return report.actionItems.map((item) => actionView(item, report, site));
  });
  const open = all
    .filter((item) => item.state === 'open')
    .sort((left, right) => Number(right.overdue) - Number(left.overdue) || (left.due ?? '9999').localeCompare(right.due ?? '9999'));
  const done = all.filter((item) => item.state === 'done');
  const archived = all.filter((item) => item.state === 'archived');
  const result = { open, done, archived, overdueCount: open.filter((item) => item.overdue).length };
  lists.set(site, result);
  return result;
}
