/**
 * The site's view models: pure functions from the stored reports, the config and
 * "now" to exactly what each page shows. Pages and components only format these.
 */
import type { Config } from '../config.ts';
import { formatInZone, localDate, zoneLabel } from '../time.ts';
import { stateBadge, trackingOf, type StateBadgeView } from './action-states.ts';
import type { SiteCorpus } from './corpus.ts';
import { formatDay, formatDuration, formatElapsed } from './format.ts';
import { createLinks, slugMap, type Links } from './links.ts';
import type { SiteActionItem, SiteReference, SiteReport } from './report.ts';
import { possibleRepeatsFor, rowChains, type PossibleRepeatView, type RowChain } from './recurring.ts';

/** A name with the page that lists it (a service, a tag). */
export interface NamedLink {
  name: string;
  href: string;
}

/** A link in the header's navigation. */
export interface NavigationItem {
  label: string;
  href: string;
  /** The route key pages pass as `current` to mark it (`reports`, `services`…). */
  key: string;
}

/** A severity, with its place on the site's four-step colour scale (1 = most severe). */
export interface SeverityView {
  name: string;
  tone: 1 | 2 | 3 | 4;
}

/** A report in a list: everything the index, service and tag pages show for it. */
export interface ReportRow {
  id: string;
  href: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `Sep 7, 2022`. */
  dateLabel: string;
  /** `5 h 23 m`; absent when the impact window cannot be read. */
  duration?: string;
  /** The impact has no end yet. */
  ongoing: boolean;
  severity: SeverityView;
  status: { name: string; label: string };
  services: NamedLink[];
  tags: NamedLink[];
  openActions: number;
  totalActions: number;
  /** It repeats an earlier report. */
  isRepeat: boolean;
  /** How many later reports repeat it. */
  repeatedByCount: number;
  /** Its place in a repeat chain (from the corpus graph), when it is in one: the badge says how often the incident recurred. */
  chain?: RowChain;
  summary: string;
}

/** An action item with its state, as lists show it. */
export interface ActionView {
  title: string;
  state: 'open' | 'done';
  stateLabel: string;
  /** The state badge: GitHub's state with its dates, or the checkbox's, marked not verified. */
  tracking: StateBadgeView;
  owner?: string;
  due?: string;
  dueLabel?: string;
  /** Open and past its due date ("today" is the build's day in the configured zone). */
  overdue: boolean;
  references: SiteReference[];
  group?: string;
  /** The report it comes from. */
  report: { id: string; href: string; title: string; date: string; dateLabel: string };
}

/** Another report, linked from a report page. */
export interface LinkedReport {
  id: string;
  href: string;
  title: string;
  dateLabel: string;
  /** Its open action items (shown for the reports this one repeats). */
  openActions: ActionView[];
}

/** A timeline entry on a report page. */
export interface TimelineRow {
  /** The local clock time in the report's zone (`05:25`), or the time as written when unreadable. */
  time: string;
  /** `datetime` attribute value (ISO), when the instant is known. */
  datetime?: string;
  /** The time as written, when it differs from `time`. */
  written?: string;
  /** `+1 h 42 m` since impact start. */
  elapsed?: string;
  text: string;
  /** Why the time could not be read. */
  problem?: string;
}

/** Timeline entries of one local day. */
export interface TimelineDay {
  /** `2022-09-07`, or empty for entries whose time could not be read. */
  day: string;
  /** `Sep 7, 2022`. */
  label: string;
  entries: TimelineRow[];
}

/** The facts at the top of a report page. */
export interface ReportFacts {
  /** The zone the report's times are shown in (`America/Toronto`, or `+01:00` read from its impact times). */
  zone: string;
  /** `2022-09-07 05:25 – 10:48 EDT`. */
  windowLocal?: string;
  /** `windowLocal`'s two ends, which the page keeps each on one line. */
  windowLocalEnds?: WindowEnds;
  /** `2022-09-07 09:25 – 14:48 UTC`; absent when the report's zone writes the same. */
  windowUtc?: string;
  /** `windowUtc`'s two ends. */
  windowUtcEnds?: WindowEnds;
  startDatetime?: string;
  endDatetime?: string;
  duration?: string;
  ongoing: boolean;
  /** `2022-09-07 07:07 EDT`. */
  detectedLocal?: string;
  /** `1 h 42 m` from impact start to detection. */
  timeToDetect?: string;
}

/** A check diagnostic shown on a report page. */
export interface DiagnosticView {
  severity: 'error' | 'warning';
  ruleId: string;
  ruleHref: string;
  message: string;
  location: string;
}

/** Everything a report page shows. */
export interface ReportPage {
  row: ReportRow;
  path: string;
  /** The report is a draft: sections may be missing, and the page says so. */
  draft: boolean;
  /** The "Action items" fact: `2 open of 5`, `None`, or `None yet` on a draft. */
  actionSummary: string;
  authors: string[];
  facts: ReportFacts;
  repeatOf: LinkedReport[];
  repeatedBy: LinkedReport[];
  related: LinkedReport[];
  external: { kindLabel: string; label: string; href?: string }[];
  resolutionPrs: SiteReference[];
  watch: { name: string; expires: string; expiresLabel: string; expired: boolean; issue?: SiteReference }[];
  timeline: TimelineDay[];
  actionGroups: { name?: string; items: ActionView[] }[];
  html: string;
  diagnostics: DiagnosticView[];
  /** Earlier reports the `possible-repeat` check says this one looks like, unlinked. */
  possibleRepeats: PossibleRepeatView[];
}

/** A service or tag with its reports. */
export interface TermView extends NamedLink {
  /** Its URL segment (`data-platform` for `Data Platform`). */
  slug: string;
  count: number;
  /** Date of the newest report (`Sep 7, 2022`). */
  latestLabel: string;
  openActions: number;
  rows: ReportRow[];
}

/** The built site: links, navigation and every report's row and page. */
export interface Site {
  title: string;
  links: Links;
  navigation: NavigationItem[];
  /** Newest first. */
  rows: ReportRow[];
  /** Open action items across every report. */
  openActions: number;
  /** Reports that repeat an earlier one. */
  repeatCount: number;
  /** "Today", `YYYY-MM-DD` in the configured zone. */
  today: string;
  reports: ReadonlyMap<string, SiteReport>;
  services: TermView[];
  tags: TermView[];
  config: Config;
  /** Statistics, repeat chains and possible repeats of the whole corpus (the content loader's `corpus` entry). */
  corpus?: SiteCorpus;
}

/** Input of `buildSite`. */
export interface SiteInput {
  reports: readonly SiteReport[];
  config: Config;
  /** The build's "now", for overdue marks (fixed by `SOURCE_DATE_EPOCH` for reproducible builds). */
  now: Date;
  /** The base path the site is served under (defaults to the config's `site.base`). */
  base?: string;
  /** The corpus data (`siteCorpus`): repeat chains for the badges, possible repeats for report pages. */
  corpus?: SiteCorpus;
}

const statusLabels: Record<string, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  reviewed: 'Reviewed',
  closed: 'Closed',
};

/** The header's navigation: other pages add their entry here. */
export function navigation(links: Links): NavigationItem[] {
  return [
    { key: 'reports', label: 'Reports', href: links.home },
    { key: 'services', label: 'Services', href: links.services },
    { key: 'tags', label: 'Tags', href: links.tags },
    { key: 'actions', label: 'Action items', href: links.actions },
    { key: 'recurring', label: 'Recurring', href: links.recurring },
    { key: 'stats', label: 'Stats', href: links.stats },
    { key: 'rules', label: 'Checks', href: links.rules },
  ];
}

/**
 * What a navigation link is to the page shown, as `aria-current` says it:
 * `page` for the page itself, `true` for the section the page is in (a report
 * page under "Reports", `/actions/open/` under "Action items"), nothing
 * otherwise. Only one link of a navigation is ever the page; a page inside a
 * section is not the section's page, so its link must not claim to be.
 *
 * @param section the navigation key of the page's section (`current` of the layout)
 * @param pathname the page's own path, base included (`/hindsight/actions/open/`)
 */
export function navigationCurrent(item: NavigationItem, section: string | undefined, pathname: string): 'page' | 'true' | undefined {
  if (item.href === pathname || item.href === `${pathname}/`) return 'page';
  return item.key === section ? 'true' : undefined;
}

/** Where a severity sits on the four-step scale, from its position in `config.severities`. */
export function severityView(name: string, severities: readonly string[]): SeverityView {
  const index = severities.indexOf(name);
  if (index < 0 || severities.length <= 1) return { name, tone: index < 0 ? 4 : 1 };
  return { name, tone: (1 + Math.round((index * 3) / (severities.length - 1))) as SeverityView['tone'] };
}

function parseInstant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** The instant a report is sorted by: impact start, else its date. */
function sortKey(report: SiteReport): number {
  return parseInstant(report.instants.start)?.getTime() ?? Date.parse(`${report.date}T00:00:00Z`);
}

/** Newest first; ties by id so every build orders them the same. */
export function compareNewestFirst(left: SiteReport, right: SiteReport): number {
  return sortKey(right) - sortKey(left) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}

/**
 * Whether an item is done: GitHub's state where the build knows it (its issues
 * closed or merged; see `trackActionItems`), else its ticked checkbox.
 */
export function actionState(item: SiteActionItem): 'open' | 'done' {
  if (item.tracking) return item.tracking.done ? 'done' : 'open';
  return item.checked === true ? 'done' : 'open';
}

function actionView(item: SiteActionItem, report: SiteReport, links: Links, today: string, zone: string): ActionView {
  const state = actionState(item);
  return {
    title: item.title,
    state,
    stateLabel: state === 'done' ? 'Done' : 'Open',
    tracking: stateBadge(item.tracking ?? trackingOf(item, undefined), item.checked, zone),
    ...(item.owner ? { owner: item.owner } : {}),
    ...(item.due ? { due: item.due, dueLabel: formatDay(item.due) } : {}),
    overdue: state === 'open' && item.due !== undefined && item.due < today,
    references: item.references,
    ...(item.group ? { group: item.group } : {}),
    report: { id: report.id, href: links.report(report.id), title: report.title, date: report.date, dateLabel: formatDay(report.date) },
  };
}

function durationOf(report: SiteReport): string | undefined {
  const start = parseInstant(report.instants.start);
  const end = parseInstant(report.instants.end);
  return start && end ? formatDuration(end.getTime() - start.getTime()) : undefined;
}

/**
 * Builds the site model.
 */
export function buildSite({ reports, config, now, base, corpus }: SiteInput): Site {
  const services = slugMap(reports.flatMap((report) => report.services));
  const tags = slugMap(reports.flatMap((report) => report.tags));
  const links = createLinks(base ?? config.site.base, { services, tags });
  const today = localDate(now, config.timezone);
  const sorted = [...reports].sort(compareNewestFirst);
  const byId = new Map(sorted.map((report) => [report.id, report]));
  const chains = corpus ? rowChains(corpus, links) : new Map<string, RowChain>();
  const rows = sorted.map((report): ReportRow => {
    const open = report.actionItems.filter((item) => actionState(item) === 'open').length;
    const duration = durationOf(report);
    return {
      id: report.id,
      href: links.report(report.id),
      title: report.title,
      date: report.date,
      dateLabel: formatDay(report.date),
      ...(duration ? { duration } : {}),
      ongoing: report.impact !== undefined && report.impact.end === undefined,
      severity: severityView(report.severity, config.severities),
      status: { name: report.status, label: statusLabels[report.status] ?? report.status },
      services: report.services.map((name) => ({ name, href: links.service(name) })),
      tags: report.tags.map((name) => ({ name, href: links.tag(name) })),
      openActions: open,
      totalActions: report.actionItems.length,
      isRepeat: report.links.repeatOf.length > 0,
      repeatedByCount: report.links.repeatedBy.length,
      ...(chains.has(report.id) ? { chain: chains.get(report.id)! } : {}),
      summary: report.summary,
    };
  });
  const rowById = new Map(rows.map((row) => [row.id, row]));
  const terms = (names: Map<string, string>, pick: (report: SiteReport) => string[], href: (name: string) => string): TermView[] =>
    [...names.keys()].map((name) => {
      const members = sorted.filter((report) => pick(report).includes(name));
      const termRows = members.map((report) => rowById.get(report.id)!);
      return {
        name,
        slug: names.get(name)!,
        href: href(name),
        count: members.length,
        latestLabel: termRows[0]?.dateLabel ?? '',
        openActions: termRows.reduce((total, row) => total + row.openActions, 0),
        rows: termRows,
      };
    });
  return {
    title: config.site.title,
    links,
    navigation: navigation(links),
    rows,
    openActions: rows.reduce((total, row) => total + row.openActions, 0),
    repeatCount: rows.filter((row) => row.isRepeat).length,
    today,
    reports: byId,
    services: terms(services, (report) => report.services, links.service),
    tags: terms(tags, (report) => report.tags, links.tag),
    config,
    ...(corpus ? { corpus } : {}),
  };
}

/** The open action items of every report, and the done ones, for `/actions/`. */
export function actionsPage(site: Site): { open: ActionView[]; done: ActionView[]; overdueCount: number } {
  const all = [...site.reports.values()].flatMap((report) =>
    report.actionItems.map((item) => actionView(item, report, site.links, site.today, site.config.timezone)),
  );
  const byReportDate = (left: ActionView, right: ActionView) => (left.report.date < right.report.date ? 1 : left.report.date > right.report.date ? -1 : 0);
  const open = all
    .filter((item) => item.state === 'open')
    .sort(
      (left, right) =>
        Number(right.overdue) - Number(left.overdue) ||
        (left.due ?? '9999') .localeCompare(right.due ?? '9999') ||
        byReportDate(left, right),
    );
  const done = all.filter((item) => item.state === 'done');
  return { open, done, overdueCount: open.filter((item) => item.overdue).length };
}

function linkedReport(site: Site, id: string, withActions: boolean): LinkedReport | undefined {
  const report = site.reports.get(id);
  if (!report) return undefined;
  return {
    id,
    href: site.links.report(id),
    title: report.title,
    dateLabel: formatDay(report.date),
    openActions: withActions
      ? report.actionItems.filter((item) => actionState(item) === 'open').map((item) => actionView(item, report, site.links, site.today, site.config.timezone))
      : [],
  };
}

/**
 * The two ends of an impact window as written in a range: `2022-09-07 05:25` and
 * `10:48 EDT`. A page keeps each on one line, so a narrow column breaks the range
 * between its ends (`2026-11-20 23:10 CET –` / `2026-11-21 01:35 CET`), never
 * inside a date.
 */
export interface WindowEnds {
  from: string;
  to: string;
}

/** The ends of the impact window in `zone` (the end's day only when it differs; `ongoing` without an end). */
export function windowEnds(start: Date, end: Date | undefined, zone: string): WindowEnds {
  if (!end) return { from: formatInZone(start, zone), to: 'ongoing' };
  const from = formatInZone(start, zone, { zoneName: false });
  const to = formatInZone(end, zone, { zoneName: false });
  const startLabel = zoneLabel(start, zone);
  const endLabel = zoneLabel(end, zone);
  if (from.slice(0, 10) === to.slice(0, 10) && startLabel === endLabel) return { from, to: `${to.slice(11)} ${endLabel}` };
  return { from: `${from} ${startLabel}`, to: `${to} ${endLabel}` };
}

/** The impact window as one range: `2022-09-07 05:25 – 10:48 EDT` (the end's day only when it differs). */
export function formatWindow(start: Date, end: Date | undefined, zone: string): string {
  const ends = windowEnds(start, end, zone);
  return `${ends.from} – ${ends.to}`;
}

function factsOf(report: SiteReport): ReportFacts {
  const zone = report.zone;
  const start = parseInstant(report.instants.start);
  const end = parseInstant(report.instants.end);
  const detected = parseInstant(report.instants.detected);
  const facts: ReportFacts = { zone, ongoing: report.impact !== undefined && report.impact.end === undefined };
  if (start) {
    facts.windowLocalEnds = windowEnds(start, end, zone);
    facts.windowLocal = formatWindow(start, end, zone);
    const windowUtc = formatWindow(start, end, 'UTC');
    if (windowUtc !== facts.windowLocal) {
      facts.windowUtc = windowUtc;
      facts.windowUtcEnds = windowEnds(start, end, 'UTC');
    }
    facts.startDatetime = start.toISOString();
    if (end) {
      facts.endDatetime = end.toISOString();
      facts.duration = formatDuration(end.getTime() - start.getTime());
    }
  }
  if (detected) {
    facts.detectedLocal = formatInZone(detected, zone);
    if (start) facts.timeToDetect = formatDuration(detected.getTime() - start.getTime());
  }
  return facts;
}

function timelineOf(report: SiteReport): TimelineDay[] {
  const zone = report.zone;
  const start = parseInstant(report.instants.start);
  const days: TimelineDay[] = [];
  for (const entry of report.timeline) {
    const instant = parseInstant(entry.instant);
    const local = instant ? formatInZone(instant, zone, { zoneName: false }) : undefined;
    const day = local?.slice(0, 10) ?? '';
    const time = local?.slice(11) ?? entry.time;
    const row: TimelineRow = {
      time,
      ...(instant ? { datetime: instant.toISOString() } : {}),
      ...(local && entry.time.trim() !== time ? { written: entry.time } : {}),
      ...(instant && start ? { elapsed: formatElapsed(instant.getTime() - start.getTime()) } : {}),
      text: entry.text,
      ...(entry.problem ? { problem: entry.problem } : {}),
    };
    const last = days.at(-1);
    if (last && last.day === day) last.entries.push(row);
    else days.push({ day, label: day ? formatDay(day) : 'Unread times', entries: [row] });
  }
  return days;
}

/** Everything `/postmortems/<id>/` shows, or `undefined` for an unknown id. */
export function reportPage(site: Site, id: string): ReportPage | undefined {
  const report = site.reports.get(id);
  const row = site.rows.find((candidate) => candidate.id === id);
  if (!report || !row) return undefined;
  const linked = (ids: readonly string[], withActions = false) =>
    [...new Set(ids)].map((other) => linkedReport(site, other, withActions)).filter((value): value is LinkedReport => value !== undefined);
  const groups: { name?: string; items: ActionView[] }[] = [];
  for (const item of report.actionItems) {
    const view = actionView(item, report, site.links, site.today, site.config.timezone);
    const last = groups.at(-1);
    if (last && last.name === item.group) last.items.push(view);
    else groups.push({ ...(item.group ? { name: item.group } : {}), items: [view] });
  }
  const draft = report.status === 'draft';
  return {
    row,
    path: report.path,
    draft,
    actionSummary: row.totalActions > 0 ? `${row.openActions} open of ${row.totalActions}` : draft ? 'None yet' : 'None',
    authors: report.authors,
    facts: factsOf(report),
    repeatOf: linked(report.links.repeatOf, true),
    repeatedBy: linked(report.links.repeatedBy),
    related: linked([...report.links.related, ...report.links.relatedFrom].filter((other) => !report.links.repeatOf.includes(other) && !report.links.repeatedBy.includes(other))),
    external: report.links.external.map((link) => ({
      kindLabel: link.kind === 'repeat_of' ? 'Repeat of' : 'Related',
      label: link.label,
      ...(link.href ? { href: link.href } : {}),
    })),
    resolutionPrs: report.resolutionPrs,
    watch: report.watch.map((entry) => ({
      name: entry.name,
      expires: entry.expires,
      expiresLabel: formatDay(entry.expires),
      expired: entry.expires < site.today,
      ...(entry.issue ? { issue: entry.issue } : {}),
    })),
    timeline: timelineOf(report),
    actionGroups: groups,
    html: report.html,
    possibleRepeats: possibleRepeatsFor(site, id),
    diagnostics: report.diagnostics.map((diagnostic) => ({
      severity: diagnostic.severity,
      ruleId: diagnostic.ruleId,
      ruleHref: site.links.rule(diagnostic.ruleId),
      message: diagnostic.message,
      location: `line ${diagnostic.line}, column ${diagnostic.column}`,
    })),
  };
}

/** An item of `/rss.xml`. */
export interface FeedItem {
  title: string;
  /** The report's path, base included; @astrojs/rss makes it absolute with the site URL. */
  link: string;
  pubDate: Date;
  description: string;
  categories: string[];
}

/**
 * How many reports the feed carries. Feed readers fetch the whole file on every
 * poll and only need what is new: with 300 reports a feed of all of them was
 * 200 KB; the site's index keeps every report.
 */
export const feedLength = 50;

/** The feed's items: the `length` newest reports, newest first. */
export function feedItems(site: Site, length = feedLength): FeedItem[] {
  return site.rows.slice(0, length).map((row) => {
    const report = site.reports.get(row.id)!;
    return {
      title: row.title,
      link: row.href,
      pubDate: parseInstant(report.instants.start) ?? new Date(`${row.date}T00:00:00Z`),
      description: row.summary,
      categories: [...report.services, ...report.tags],
    };
  });
}
