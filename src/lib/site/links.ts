/**
 * Every internal link of the site, built in one place so that a configured
 * `base` path (`/postmortems/` on GitHub Pages) is never forgotten.
 */
import { slugify } from '../render.ts';

/** The site's routes, as hrefs that include the base path. */
export interface Links {
  /** `/`: every report, newest first. */
  home: string;
  /** `/search/`. */
  search: string;
  /** `/services/`. */
  services: string;
  /** `/tags/`. */
  tags: string;
  /** `/actions/`. */
  actions: string;
  /** `/rules/`. */
  rules: string;
  /** `/recurring/`: every repeat chain. */
  recurring: string;
  /** `/stats/`. */
  stats: string;
  /** `/stats.json`: the statistics as data. */
  statsJson: string;
  /** `/reviews/`: the reports awaiting review. */
  reviews: string;
  /** `/factors/`: contributing factors across incidents. */
  factors: string;
  /** `/rss.xml`. */
  rss: string;
  /** `/postmortems/<id>/`. */
  report(id: string): string;
  /** `/services/<slug>/`. */
  service(name: string): string;
  /** `/tags/<slug>/`. */
  tag(name: string): string;
  /** `/rules/<id>/`. */
  rule(id: string): string;
  /** Any other path under the base (`pagefind/pagefind.js`). */
  path(path: string): string;
}

/**
 * Joins the base path and a path below it: (`/docs`, `services/`) → `/docs/services/`.
 *
 * @param base the configured base, with or without a trailing slash
 * @param path a path relative to the base, without a leading slash
 */
export function joinBase(base: string, path: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return `${prefix}${path.replace(/^\/+/, '')}`;
}

/**
 * URL-safe, unique slugs for names (services, tags): `utoronto-hub` stays as it is,
 * `Data Platform` becomes `data-platform`, and names that would share a slug get
 * `-2`, `-3` in sorted name order, so every build assigns the same ones.
 */
export function slugMap(names: Iterable<string>): Map<string, string> {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of [...new Set(names)].sort()) {
    const base = slugify(name) || 'item';
    let slug = base;
    for (let counter = 2; taken.has(slug); counter++) slug = `${base}-${counter}`;
    taken.add(slug);
    slugs.set(name, slug);
  }
  return slugs;
}

/** Percent-encodes one path segment (report ids are file names and may hold any character). */
function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * The links of a site.
 *
 * @param base the site's base path (`/` or `/postmortems/`)
 * @param slugs service and tag slugs, from `slugMap`
 */
export function createLinks(base: string, slugs: { services: Map<string, string>; tags: Map<string, string> }): Links {
  const at = (path: string) => joinBase(base, path);
  return {
    home: at(''),
    search: at('search/'),
    services: at('services/'),
    tags: at('tags/'),
    actions: at('actions/'),
    rules: at('rules/'),
    recurring: at('recurring/'),
    stats: at('stats/'),
    statsJson: at('stats.json'),
    reviews: at('reviews/'),
    factors: at('factors/'),
    rss: at('rss.xml'),
    report: (id) => at(`postmortems/${segment(id)}/`),
    service: (name) => at(`services/${slugs.services.get(name) ?? segment(slugify(name) || name)}/`),
    tag: (name) => at(`tags/${slugs.tags.get(name) ?? segment(slugify(name) || name)}/`),
    rule: (id) => at(`rules/${segment(id)}/`),
    path: at,
  };
}
