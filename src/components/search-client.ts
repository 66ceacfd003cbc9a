/**
 * The search page's script (the site's only client-side JavaScript): loads
 * Pagefind's index on demand and lists results for the query as the reader types.
 *
 * Results are built with DOM methods, never `innerHTML`: titles and summaries are
 * set as text, and Pagefind's excerpt keeps only its `<mark>` highlights, so text
 * from a report can never become markup here.
 */

/** The part of Pagefind's API this page uses. */
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  search(query: string): Promise<{ results: { id: string; data(): Promise<PagefindResult> }[] }>;
}

interface PagefindResult {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}

import { formatDay } from '../lib/site/format.ts';

/** How many results are shown at first, and added by each "More results". */
const defaultPageSize = 20;

/**
 * Copies Pagefind's excerpt into `target` as text, keeping only `<mark>`
 * highlights. The excerpt is parsed by an inert DOMParser document, where
 * nothing loads or runs.
 */
export function appendExcerpt(target: HTMLElement, excerpt: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, 'text/html');
  for (const node of Array.from(parsed.body.childNodes)) {
    if (node.nodeType === Node.ELEMENT_NODE && (node as Element).tagName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      target.append(mark);
    } else {
      target.append(document.createTextNode(node.textContent ?? ''));
    }
  }
}

function resultItem(result: PagefindResult): HTMLLIElement {
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  heading.className = 'report-item-title';
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.meta.title ?? result.url;
  heading.append(link);
  item.append(heading);
  if (result.meta.date) {
    const date = document.createElement('p');
    date.className = 'page-intro';
    const time = document.createElement('time');
    time.dateTime = result.meta.date;
    // The same `Sep 7, 2022` as every other page.
    time.textContent = formatDay(result.meta.date);
    date.append(time);
    item.append(date);
  }
  const excerpt = document.createElement('p');
  appendExcerpt(excerpt, result.excerpt);
  item.append(excerpt);
  return item;
}

/**
 * Wires the search form: reads `?q=`, searches as the reader types, keeps the
 * address in step so a search can be shared and the back button works.
 */
export function runSearchPage(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const browse = document.getElementById('search-browse');
  const bundle = form.dataset.pagefind;
  if (!input || !status || !list || !more || !browse || !bundle) return;
  const pageSize = Math.max(1, Number(form.dataset.pageSize) || defaultPageSize);
  let pagefind: Promise<Pagefind> | undefined;
  const load = () => {
    pagefind ??= import(/* @vite-ignore */ bundle).then(async (module: Pagefind) => {
      await module.options({ baseUrl: form.dataset.base ?? '/', excerptLength: 30 });
      return module;
    });
    return pagefind;
  };
  let latest = 0;
  // The results of the current query not shown yet, and the query they belong to.
  let rest: { data(): Promise<PagefindResult> }[] = [];
  let shownQuery = '';
  /** Says how many match and how many are shown; offers the rest. */
  const summarize = (count: number) => {
    const shown = list.children.length;
    status.textContent =
      count === 0
        ? `No reports match “${shownQuery}”. Try fewer or other words: an error message, a service, a symptom.`
        : `${count} ${count === 1 ? 'report matches' : 'reports match'} “${shownQuery}”${count > shown ? `; ${shown} ${shown === 1 ? 'is' : 'are'} shown` : ''}.`;
    more.hidden = rest.length === 0;
    more.textContent = `More results (${Math.min(pageSize, rest.length)} of ${rest.length} more)`;
    browse.hidden = count !== 0;
  };
  const search = async (query: string) => {
    const ticket = ++latest;
    if (query.trim() === '') {
      list.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      browse.hidden = true;
      return;
    }
    status.textContent = 'Searching…';
    try {
      const found = await (await load()).search(query);
      const data = await Promise.all(found.results.slice(0, pageSize).map((result) => result.data()));
      if (ticket !== latest) return;
      list.replaceChildren(...data.map(resultItem));
      rest = found.results.slice(pageSize);
      shownQuery = query;
      summarize(found.results.length);
    } catch {
      if (ticket === latest) status.textContent = 'Search is not available: the search index was not built (run `npm run build`).';
    }
  };
  more.addEventListener('click', async () => {
    const ticket = latest;
    const next = rest.slice(0, pageSize);
    const data = await Promise.all(next.map((result) => result.data()));
    if (ticket !== latest) return;
    const count = list.children.length + rest.length;
    rest = rest.slice(next.length);
    const items = data.map(resultItem);
    list.append(...items);
    summarize(count);
    // Keyboard and screen reader users continue at the first new result, not back at the button.
    items[0]?.querySelector('a')?.focus();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const url = new URL(location.href);
      url.searchParams.set('q', input.value);
      history.replaceState(null, '', url);
      void search(input.value);
    }, 150);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set('q', input.value);
    history.replaceState(null, '', url);
    void search(input.value);
  });
  const initial = new URLSearchParams(location.search).get('q') ?? '';
  input.value = initial;
  if (initial) void search(initial);
  else input.focus();
}
