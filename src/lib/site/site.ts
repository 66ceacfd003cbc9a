/**
 * The site model: pure functions from the stored reports, the config and "now"
 * to the rows of every list, the services and tags, the navigation and the feed.
 * Each page's own view is in its module beside this one (report-page.ts,
 * actions-view.ts and action-pages.ts, report-list.ts, recurring.ts, trends.ts…).
 * Pages and components only format these.
 */
import type { Config } from '../config.ts';
import { printable } from '../text.ts';
import { localDate } from '../time.ts';
import { workState } from './action-states.ts';
import type { SiteCorpus } from './corpus.ts';
import { formatDay, formatDuration, parseInstant } from './format.ts';
import { createLinks, slugMap, type Links } from './links.ts';
import type { SiteReport } from './report.ts';
import { rowChains, type RowChain } from './chains.ts';

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
  /** The same in whole minutes, for sorting. */
  durationMinutes?: number;
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
  /** The same rows by report id: a report's page finds its own without scanning every row. */
  rowsById: ReadonlyMap<string, ReportRow>;
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
  archived: 'Archived',
};

/** A status as the site writes it (`In review`); an unknown one as written. */
export function statusLabel(status: string): string {
  return statusLabels[status] ?? status;
}

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

/** The instant a report is sorted by: impact start, else its date. */
function sortKey(report: SiteReport): number {
  return parseInstant(report.instants.start)?.getTime() ?? Date.parse(`${report.date}T00:00:00Z`);
}

/** Newest first; ties by id so every build orders them the same. */
export function compareNewestFirst(left: SiteReport, right: SiteReport): number {
  return sortKey(right) - sortKey(left) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}

/** How long the impact lasted, in milliseconds, when both ends are known. */
function durationOf(report: SiteReport): number | undefined {
  const start = parseInstant(report.instants.start);
  const end = parseInstant(report.instants.end);
  return start && end ? end.getTime() - start.getTime() : undefined;
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
    // Open work only: an archived report's unfinished items are history, as on /actions/.
    const open = report.actionItems.filter((item) => workState(item, report.status) === 'open').length;
    const duration = durationOf(report);
    return {
      id: report.id,
      href: links.report(report.id),
      title: report.title,
      date: report.date,
      dateLabel: formatDay(report.date),
      ...(duration !== undefined ? { duration: formatDuration(duration), durationMinutes: Math.floor(duration / 60_000) } : {}),
      ongoing: report.impact !== undefined && report.impact.end === undefined,
      severity: severityView(report.severity, config.severities),
      status: { name: report.status, label: statusLabel(report.status) },
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
    // Every page's `<title>` and header: the configuration is not checked for control characters.
    title: printable(config.site.title),
    links,
    navigation: navigation(links),
    rows,
    // Reversed, so that the first row of an id wins, as a search from the start would find it.
    rowsById: new Map(rows.toReversed().map((row) => [row.id, row])),
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

/**
 * The feed's items: the `length` newest reports, newest first. Every text is
 * `printable`: one control character in one title would make the whole feed not
 * well-formed XML, and feed readers then show none of it.
 */
export function feedItems(site: Site, length = feedLength): FeedItem[] {
  return site.rows.slice(0, length).map((row) => {
    const report = site.reports.get(row.id)!;
    return {
      title: printable(row.title),
      link: row.href,
      pubDate: parseInstant(report.instants.start) ?? new Date(`${row.date}T00:00:00Z`),
      description: printable(row.summary),
      categories: [...report.services, ...report.tags].map(printable),
    };
  });
}

/** What `/rss.xml` holds: the options @astrojs/rss writes out as the feed. */
export interface Feed {
  /** The channel's title: the site's. */
  title: string;
  /** The channel's description. */
  description: string;
  /** The channel's link: the home page, absolute. */
  site: string;
  items: FeedItem[];
}

/**
 * Everything `/rss.xml` says, ready for @astrojs/rss (which escapes markup but
 * passes control characters through): the channel's texts come from the
 * configuration, so they are made `printable` like the items'.
 *
 * @param origin the site's origin for absolute links (`site.url`, else the preview's)
 */
export function rssFeed(site: Site, origin: string): Feed {
  const title = printable(site.title);
  return {
    title,
    description: `New incident postmortems: ${title}`,
    // Feed readers need absolute links; the channel links to the home page, under the base path.
    site: new URL(site.links.home, origin).href,
    items: feedItems(site),
  };
}
