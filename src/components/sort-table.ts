/**
 * Sorting for the site's compact tables (the report lists and `/actions/`), a
 * progressive enhancement: without it a table is complete and in the server's
 * order (newest first), which its caption and `aria-sort` say. With it, each
 * sortable column heading (`th[data-sort]`) becomes a button; a click sorts the
 * rows of this page, a second click reverses them, and `aria-sort` and a
 * status message tell screen readers the new order. Nothing is fetched and no
 * markup is built from text: rows are only moved.
 *
 * A cell sorts by its `data-value` when it has one (an ISO date, minutes, a
 * rank), else by its text. Empty values go last in both directions; ties keep
 * the server's order.
 */

type Direction = 'ascending' | 'descending';

/** The value a cell sorts by, or `undefined` when it has none. */
function cellValue(cell: HTMLTableCellElement | undefined, numeric: boolean): string | number | undefined {
  const raw = (cell?.dataset.value ?? cell?.textContent ?? '').trim();
  if (raw === '') return undefined;
  if (!numeric) return raw;
  const number = Number(raw);
  return Number.isNaN(number) ? undefined : number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Makes one table's headings sort its rows. */
function enhance(table: HTMLTableElement): void {
  const body = table.tBodies[0];
  const headers = [...(table.tHead?.rows[0]?.cells ?? [])];
  if (!body || headers.length === 0) return;
  const serverOrder = new Map([...body.rows].map((row, index) => [row, index]));
  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  table.after(status);
  headers.forEach((header, column) => {
    const kind = header.dataset.sort;
    if (!kind) return;
    const numeric = kind === 'number';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort-button';
    button.append(...header.childNodes);
    header.append(button);
    button.addEventListener('click', () => {
      const current = header.getAttribute('aria-sort');
      const first = header.dataset.sortFirst === 'descending' ? 'descending' : 'ascending';
      const direction: Direction = current === 'ascending' ? 'descending' : current === 'descending' ? 'ascending' : first;
      const sign = direction === 'ascending' ? 1 : -1;
      const keyed = [...body.rows].map((row) => ({ row, value: cellValue(row.cells[column], numeric) }));
      keyed.sort((left, right) => {
        if (left.value === undefined || right.value === undefined) {
          if (left.value !== right.value) return left.value === undefined ? 1 : -1;
        } else {
          const order = numeric ? (left.value as number) - (right.value as number) : collator.compare(String(left.value), String(right.value));
          if (order !== 0) return sign * order;
        }
        return serverOrder.get(left.row)! - serverOrder.get(right.row)!;
      });
      body.append(...keyed.map((entry) => entry.row));
      for (const other of headers) other.removeAttribute('aria-sort');
      header.setAttribute('aria-sort', direction);
      status.textContent = `Sorted by ${header.textContent?.trim() ?? ''}, ${direction}.`;
    });
  });
}

/** Enhances every `table[data-sortable]` under `root` (once each). */
export function enhanceSortableTables(root: ParentNode): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table[data-sortable]:not([data-sort-ready])')) {
    table.dataset.sortReady = '';
    enhance(table);
  }
}
