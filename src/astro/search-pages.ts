/**
 * The reports' pages, handed to the search index as Astro renders them.
 *
 * Pagefind used to read the built pages once the build was over, alone, while
 * the rest of the machine waited: a tenth of a build at 1,000 reports, a fifth
 * at 10,000. Now the integration opens the index when the build starts
 * (pagefind.ts), and a middleware (search-middleware.ts) gives it each report's
 * page as soon as it is rendered: Pagefind, a process of its own, indexes on
 * another core while Astro renders the next pages. What it indexes is the
 * page's own HTML, as before.
 *
 * The integration and the middleware are loaded through different module graphs
 * (the Astro config's and the built site's), in one process: they meet under a
 * registered symbol, as the settings do (settings.ts). This module imports
 * nothing, so the middleware stays small.
 */

/** What the open index does with a report's page: its address below the site's base (`/postmortems/<id>/`) and its HTML. */
export type AddPage = (url: string, html: string) => void;

/** The folder of the reports' pages below the site's base (the route `postmortems/[id]`, src/astro/routes.ts). */
export const reportPagesFolder = 'postmortems';

/** A report's page below the site's base: `/postmortems/<id>/`. */
const reportPagePath = new RegExp(`^/${reportPagesFolder}/[^/]+/$`);

/**
 * The pages on their way to the index, in a fixed order. Pagefind's index
 * depends on the order pages are added, and Astro renders several pages at a
 * time, which finish in whatever order: each page takes a ticket when it starts
 * (Astro starts them in the order of its paths, the same in every build), and
 * pages are added in ticket order, so two builds of the same input write the
 * same index. At most the pages rendering at the same time wait.
 */
export class SearchPageQueue {
  /** `site.base` with the route prefix (`/` or `/docs/incidents/`), ending in `/`. */
  readonly base: string;
  readonly #add: AddPage;
  #tickets = 0;
  #next = 0;
  readonly #settled = new Map<number, { url: string; html: string } | undefined>();

  constructor(base: string, add: AddPage) {
    this.base = base;
    this.#add = add;
  }

  /** A page starts rendering: its place in the order. */
  take(): number {
    return this.#tickets++;
  }

  /**
   * A page is rendered (or failed, or is not HTML: no `html`). A report's page
   * goes to the index once every page that started before it has settled.
   *
   * @param pathname the page's path as served (`/docs/incidents/postmortems/<id>/`)
   */
  settle(ticket: number, pathname: string, html: string | undefined): void {
    const url = pathname.startsWith(this.base) ? `/${pathname.slice(this.base.length)}` : undefined;
    this.#settled.set(ticket, html !== undefined && url !== undefined && reportPagePath.test(url) ? { url, html } : undefined);
    while (this.#settled.has(this.#next)) {
      const page = this.#settled.get(this.#next);
      this.#settled.delete(this.#next++);
      if (page) this.#add(page.url, page.html);
    }
  }

  /** Adds what still waits behind a page that never settled (a render that never ended), in ticket order. */
  drain(): void {
    for (const ticket of [...this.#settled.keys()].sort((left, right) => left - right)) {
      const page = this.#settled.get(ticket);
      if (page) this.#add(page.url, page.html);
    }
    this.#settled.clear();
    this.#next = this.#tickets;
  }
}

const key = Symbol.for('hindsight-postmortems.search-pages');

/** Opens (a queue) or closes (`undefined`) the hand-over of pages to the search index in this process. */
export function setSearchPageQueue(queue: SearchPageQueue | undefined): void {
  (globalThis as Record<symbol, unknown>)[key] = queue;
}

/** The open hand-over, during a build once the integration started the index; otherwise there is nothing to do. */
export function searchPageQueue(): SearchPageQueue | undefined {
  return (globalThis as Record<symbol, unknown>)[key] as SearchPageQueue | undefined;
}

const reportPagesKey = Symbol.for('hindsight-postmortems.report-pages');

/** Says how many report pages this build makes: one per report the content sync stored (the loader knows). */
export function setExpectedReportPages(count: number): void {
  (globalThis as Record<symbol, unknown>)[reportPagesKey] = count;
}

/** How many report pages this build makes, when the content sync said so. */
export function expectedReportPages(): number | undefined {
  const count = (globalThis as Record<symbol, unknown>)[reportPagesKey];
  return typeof count === 'number' ? count : undefined;
}
