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

/** The most results shown at once. */
const shownResults = 20;

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
    date.textContent = result.meta.date;
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
  const bundle = form.dataset.pagefind;
  if (!input || !status || !list || !bundle) return;
  let pagefind: Promise<Pagefind> | undefined;
  const load = () => {
    pagefind ??= import(/* @vite-ignore */ bundle).then(async (module: Pagefind) => {
      await module.options({ baseUrl: form.dataset.base ?? '/', excerptLength: 30 });
      return module;
    });
    return pagefind;
  };
  let latest = 0;
  const search = async (query: string) => {
    const ticket = ++latest;
    if (query.trim() === '') {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    try {
      const found = await (await load()).search(query);
      const data = await Promise.all(found.results.slice(0, shownResults).map((result) => result.data()));
      if (ticket !== latest) return;
      list.replaceChildren(...data.map(resultItem));
      const count = found.results.length;
      status.textContent = count === 0 ? `No reports match “${query}”.` : `${count} ${count === 1 ? 'report matches' : 'reports match'} “${query}”${count > shownResults ? `; the first ${shownResults} are shown` : ''}.`;
    } catch {
      if (ticket === latest) status.textContent = 'Search is not available: the search index was not built (run `npm run build`).';
    }
  };
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
