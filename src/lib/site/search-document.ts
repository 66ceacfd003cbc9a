/**
 * What the search index holds of a report: a small HTML document that Pagefind
 * reads as it would the report's page, made from the stored report alone.
 *
 * The index used to be read from the built pages, so it could only be written
 * once the last of them was rendered: Pagefind then wrote it while the build
 * waited (a second at 1,000 reports, ten at 10,000). Made from the stored
 * reports, the documents reach Pagefind during the content sync, and the index
 * is written on another core while Astro bundles and renders the pages
 * (src/astro/pagefind.ts). This module is the one place that says what is
 * searchable; the pages carry no Pagefind attributes.
 *
 * Indexed as text: the title (Pagefind weighs the `h1`), the services, tags,
 * contributing factors, authors and reviewers, the body as the page renders it,
 * the timeline's events and the action items (title, tracker references,
 * owner), under the body's own headings. Not indexed as text: badges, dates,
 * durations, the check's warnings and the links to other reports, which would
 * make every report match words such as "sev2" or "Repeat". Filters (severity,
 * status, service, tag), metadata (title, date, summary) and the date sort are
 * Pagefind's, as its UI and API read them.
 */
import type { Config } from '../config.ts';
import { factorTaxonomy } from '../factors.ts';
import { escapeHtml } from './html.ts';
import { createLinks } from './links.ts';
import { bodyParts, groupedActionItems } from './report-page.ts';
import type { SiteReport } from './report.ts';
import { statusLabel } from './site.ts';
import { timelineView } from './timeline-view.ts';

/** The site's links below a base of `/`: the search page gives Pagefind the site's base (`baseUrl`). */
const links = createLinks('/', { services: new Map(), tags: new Map() });

/** A report as the search index takes it: its page's address below the site's base, and the HTML to index. */
export interface SearchDocument {
  /** `/postmortems/<id>/`: the search page adds the site's base (Pagefind's `baseUrl`). */
  url: string;
  html: string;
}

/** An element holding only escaped text, with attributes already escaped. */
function element(tag: string, text: string, attributes = ''): string {
  return `<${tag}${attributes}>${escapeHtml(text)}</${tag}>`;
}

/** A list of values, each its own Pagefind filter value when `filter` is given. */
function list(values: readonly string[], filter?: string): string {
  if (values.length === 0) return '';
  const attribute = filter ? ` data-pagefind-filter="${filter}"` : '';
  return `<ul>${values.map((value) => element('li', value, attribute)).join('')}</ul>`;
}

/**
 * The HTML Pagefind indexes for a report (see the module's comment for what it holds).
 *
 * @param report a stored report, as the pages read it
 */
export function searchDocument(report: SiteReport, config: Config): SearchDocument {
  const timeline = timelineView(report);
  const factors = factorTaxonomy(config)
    .filter((factor) => report.factors.includes(factor.id))
    .map((factor) => factor.label);
  const parts = bodyParts(report, { timeline: timeline !== undefined, actions: report.actionItems.length > 0 });
  const body = parts.map((part) => {
    if (part.kind === 'html') return part.html;
    const heading = part.heading ? element('h2', part.heading) : '';
    if (part.kind === 'timeline') {
      return `${heading}<ul>${(timeline?.days ?? []).flatMap((day) => day.entries.map((entry) => element('li', entry.text))).join('')}</ul>`;
    }
    const groups = groupedActionItems(report).map((group) => {
      const items = group.items.map((item) => {
        const details = [...item.references.map((reference) => reference.label), ...(item.owner ? [`@${item.owner}`] : [])];
        return `<li>${element('p', item.title)}${details.length > 0 ? element('p', details.join(' ')) : ''}</li>`;
      });
      return `${group.name ? element('h3', group.name) : ''}<ul>${items.join('')}</ul>`;
    });
    return `${heading}${groups.join('')}`;
  });
  const html = [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    element('title', report.title),
    `</head><body><article data-pagefind-body data-pagefind-meta="${escapeHtml(`summary:${report.summary}`)}">`,
    // Filters, the date and its sort, without their words in the text.
    `<div data-pagefind-ignore>${element('span', report.severity, ' data-pagefind-filter="severity"')}${element('span', statusLabel(report.status), ' data-pagefind-filter="status"')}`,
    `<time data-pagefind-meta="${escapeHtml(`date:${report.date}`)}" data-pagefind-sort="${escapeHtml(`date:${report.date}`)}"></time></div>`,
    element('h1', report.title, ' data-pagefind-meta="title"'),
    list(report.services, 'service'),
    list(report.tags, 'tag'),
    list(factors),
    report.authors.length > 0 ? element('p', report.authors.join(', ')) : '',
    report.reviewers.length > 0 ? element('p', report.reviewers.join(', ')) : '',
    ...body,
    '</article></body></html>',
  ].join('');
  return { url: links.report(report.id), html };
}
