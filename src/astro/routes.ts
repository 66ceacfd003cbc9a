/**
 * Every page of the site, injected by the integration (the team's project holds
 * no copy of them). Patterns are relative to the route prefix; entrypoints are
 * files in `src/routes/` (in the published package, `build/routes/`, where
 * endpoints are compiled to `.js`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';

/** One injected route: its pattern below the prefix and its file below `routes/`. */
export interface RouteSpec {
  /** The URL pattern below the route prefix, without a leading slash (`postmortems/[id]`). */
  pattern: string;
  /** The file below `routes/`, without the extension of endpoints (`rss.xml` for `rss.xml.ts`). */
  file: string;
}

/** The site's routes. The 404 page is added only without a prefix (see `injectedRoutes`). */
export const routeSpecs: readonly RouteSpec[] = [
  // Long lists are pages: `/`, `/page/2/`… (see src/lib/site/pages.ts).
  { pattern: '[...page]', file: 'index.astro' },
  { pattern: 'postmortems/[id]', file: 'postmortems/[id].astro' },
  { pattern: 'services', file: 'services/index.astro' },
  { pattern: 'services/[name]/[...page]', file: 'services/[name].astro' },
  { pattern: 'tags', file: 'tags/index.astro' },
  { pattern: 'tags/[name]/[...page]', file: 'tags/[name].astro' },
  { pattern: 'actions/[...filter]', file: 'actions/[...filter].astro' },
  { pattern: 'recurring/[...page]', file: 'recurring.astro' },
  { pattern: 'reviews/[...page]', file: 'reviews.astro' },
  { pattern: 'factors', file: 'factors.astro' },
  { pattern: 'stats', file: 'stats.astro' },
  { pattern: 'stats.json', file: 'stats.json' },
  { pattern: 'rules', file: 'rules/index.astro' },
  { pattern: 'rules/[id]', file: 'rules/[id].astro' },
  { pattern: 'search', file: 'search/index.astro' },
  { pattern: 'rss.xml', file: 'rss.xml' },
  { pattern: 'calendar.ics', file: 'calendar.ics' },
];

/** The 404 page: the host serves it for any missing path, so it belongs to the whole site, not below a prefix. */
const notFound: RouteSpec = { pattern: '404', file: '404.astro' };

/**
 * Normalizes a route prefix: `''` for none, else `/incidents` (a leading slash, no trailing one).
 *
 * @throws {AstroError} when the prefix has characters that are not URL path segments
 */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed) || trimmed.split('/').some((segment) => /^\.+$/.test(segment))) {
    throw new AstroError(
      `Unexpected route prefix \`${prefix}\`, expected path segments of letters, digits, \`-\`, \`_\`, \`.\` or \`~\` (for example \`incidents\`)`,
      'Set `prefix` to a path such as `incidents`, or leave it out.',
    );
  }
  return `/${trimmed}`;
}

/**
 * The routes to inject, with absolute entrypoints.
 *
 * @param routesFolder the `routes/` folder beside this module's folder
 * @param prefix a normalized prefix (`''` or `/incidents`)
 */
export function injectedRoutes(routesFolder: URL, prefix: string): { pattern: string; entrypoint: string }[] {
  const specs = prefix === '' ? [...routeSpecs, notFound] : routeSpecs;
  return specs.map((spec) => ({
    pattern: `${prefix}/${spec.pattern}`.replace(/\/$/, '') || '/',
    entrypoint: entrypointOf(routesFolder, spec.file),
  }));
}

/**
 * An endpoint is `.ts` in the sources and `.js` once compiled; a page is `.astro` in both.
 *
 * @throws {AstroError} when an endpoint's file is in neither form (an incomplete install)
 */
function entrypointOf(routesFolder: URL, file: string): string {
  if (file.endsWith('.astro')) return fileURLToPath(new URL(file, routesFolder));
  for (const extension of ['.ts', '.js']) {
    const path = fileURLToPath(new URL(`${file}${extension}`, routesFolder));
    if (existsSync(path)) return path;
  }
  throw new AstroError(
    `hindsight: the route file \`${file}\` is missing from ${fileURLToPath(routesFolder)}`,
    'Reinstall hindsight-postmortems (`npm ci`, or `npm install hindsight-postmortems`): its installed copy is incomplete.',
  );
}
