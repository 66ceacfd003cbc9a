/**
 * `/postmortems/<id>/` as data: the header's facts (impact window in the
 * report's zone and in UTC, duration, time to detect), the links to other
 * reports both ways, and the body with the structured timeline and action
 * items in the places the report wrote them. Pure functions of the site model.
 */
import { formatInZone, zoneLabel } from '../time.ts';
import { actionState, workState } from './action-states.ts';
import { actionView, type ActionView } from './actions-view.ts';
import type { BodySlot } from './body.ts';
import { formatDay, formatDuration, parseInstant } from './format.ts';
import type { SiteActionItem, SiteReference, SiteReport } from './report.ts';
import { possibleRepeatsFor, type PossibleRepeatView } from './recurring.ts';
import type { ReportRow, Site } from './site.ts';
import { timelineView, type TimelineView } from './timeline-view.ts';

/** Another report, linked from a report page. */
export interface LinkedReport {
  id: string;
  href: string;
  title: string;
  dateLabel: string;
  /** Its open action items (shown for the reports this one repeats). */
  openActions: ActionView[];
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

/** An action items group: the `###` heading they sit under, if any. */
export interface ActionGroup {
  name?: string;
  items: ActionView[];
}

/**
 * A piece of the report's body, in document order: sanitized HTML, or the
 * place of the structured timeline or action items. Each structured part is
 * in the list exactly once when the report has it; `heading` is set when the
 * body had no place for it (raw HTML around it), and the page adds it at the end.
 */
export type ReportBodyPart = { kind: 'html'; html: string } | { kind: BodySlot; heading?: string };

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
  /** Absent when the report has no timeline entries. */
  timeline?: TimelineView;
  actionGroups: ActionGroup[];
  body: ReportBodyPart[];
  diagnostics: DiagnosticView[];
  /** Earlier reports the `possible-repeat` check says this one looks like, unlinked. */
  possibleRepeats: PossibleRepeatView[];
}

function linkedReport(site: Site, id: string, withActions: boolean): LinkedReport | undefined {
  const report = site.reports.get(id);
  if (!report) return undefined;
  return {
    id,
    href: site.links.report(id),
    title: report.title,
    dateLabel: formatDay(report.date),
    openActions: withActions ? report.actionItems.filter((item) => actionState(item) === 'open').map((item) => actionView(item, report, site)) : [],
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

/**
 * A report's action items in their groups (the `###` headings of its Action Items
 * section), in document order: a group's name starts a group wherever it changes,
 * as the report shows them. The page and the search index group them alike.
 */
export function groupedActionItems(report: SiteReport): { name?: string; items: SiteActionItem[] }[] {
  const groups: { name?: string; items: SiteActionItem[] }[] = [];
  for (const item of report.actionItems) {
    const last = groups.at(-1);
    if (last && last.name === item.group) last.items.push(item);
    else groups.push({ ...(item.group ? { name: item.group } : {}), items: [item] });
  }
  return groups;
}

/** The action items in their groups, in document order. */
function actionGroups(report: SiteReport, site: Site): ActionGroup[] {
  return groupedActionItems(report).map((group) => ({ ...group, items: group.items.map((item) => actionView(item, report, site)) }));
}

/**
 * The body's pieces, with each structured part the report has exactly once:
 * where the body places it, else at the end under its own heading.
 */
export function bodyParts(report: SiteReport, has: Record<BodySlot, boolean>): ReportBodyPart[] {
  const parts: ReportBodyPart[] = [];
  const placed = new Set<BodySlot>();
  for (const piece of report.body) {
    if ('html' in piece) parts.push({ kind: 'html', html: piece.html });
    else if (has[piece.slot] && !placed.has(piece.slot)) {
      placed.add(piece.slot);
      parts.push({ kind: piece.slot });
    }
  }
  if (has.timeline && !placed.has('timeline')) parts.push({ kind: 'timeline', heading: 'Timeline' });
  if (has.actions && !placed.has('actions')) parts.push({ kind: 'actions', heading: 'Action items' });
  return parts;
}

/**
 * The "Action items" fact: `2 open of 5`; on an archived report, whose unfinished
 * items are history rather than open work, `2 not done of 5 (archived report)`.
 */
function actionSummary(report: SiteReport, open: number, draft: boolean): string {
  const total = report.actionItems.length;
  if (total === 0) return draft ? 'None yet' : 'None';
  const notDone = report.actionItems.filter((item) => workState(item, report.status) === 'archived').length;
  return notDone > 0 ? `${notDone} not done of ${total} (archived report)` : `${open} open of ${total}`;
}

/** Everything `/postmortems/<id>/` shows, or `undefined` for an unknown id. */
export function reportPage(site: Site, id: string): ReportPage | undefined {
  const report = site.reports.get(id);
  const row = site.rowsById.get(id);
  if (!report || !row) return undefined;
  const linked = (ids: readonly string[], withActions = false) =>
    [...new Set(ids)].map((other) => linkedReport(site, other, withActions)).filter((value): value is LinkedReport => value !== undefined);
  const timeline = timelineView(report);
  const groups = actionGroups(report, site);
  const draft = report.status === 'draft';
  return {
    row,
    path: report.path,
    draft,
    actionSummary: actionSummary(report, row.openActions, draft),
    authors: report.authors,
    facts: factsOf(report),
    repeatOf: linked(report.links.repeatOf, true),
    repeatedBy: linked(report.links.repeatedBy),
    related: linked(
      [...report.links.related, ...report.links.relatedFrom].filter(
        (other) => !report.links.repeatOf.includes(other) && !report.links.repeatedBy.includes(other),
      ),
    ),
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
    ...(timeline ? { timeline } : {}),
    actionGroups: groups,
    body: bodyParts(report, { timeline: timeline !== undefined, actions: groups.length > 0 }),
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
