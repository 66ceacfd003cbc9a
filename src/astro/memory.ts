/**
 * A full garbage collection at the start of the build proper, after the content
 * sync and Astro's writing of its data store, the two steps of a build that
 * leave the most garbage behind (every report's parse, its checks and its
 * rendered body, of which only the stored entries live on; the data store's
 * serialization).
 *
 * Without it, V8 carries that garbage into the bundling step and the page
 * rendering, growing its heap rather than collecting, and never gives the
 * memory back: at 10,000 reports the build peaked at 2.1 to 2.4 GB, of which
 * about 1.1 GB was dead objects (`npm run bench`). Collected there, and the freed
 * pages given back, the heap starts the bundling with about 150 MB live, and the
 * build peaks at 1.6 to 1.8 GB. A second collection at the end of the sync took
 * the peak about 0.1 GB lower, for about a second of the build's main thread (a
 * collection of the whole heap, stopped, where V8 collects the same garbage
 * concurrently during the data store's serialization): it is no longer made.
 *
 * Node exposes `gc()` only with `--expose-gc`, which the project's `astro build`
 * is not started with: the flag is set at run time, which gives a new context a
 * `gc` function (and nothing else), and that function is called. Where that is
 * not possible, nothing happens and V8 collects when it would have.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc()`: with options, the kind of collection. */
type Collector = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** The collector once found; `null` when this runtime has none. */
let collector: Collector | null | undefined;

/**
 * The memory the process holds (its resident set) from which a collection is
 * worth its time. At that point a site of 1,000 reports holds about 450 MB and
 * its build fits in memory anyway, while one of 10,000 holds 1.4 to 1.7 GB.
 *
 * What the process holds, not the heap in use: when V8 has just collected on its
 * own (after a large allocation), the heap in use is small (224 MB at 10,000
 * reports) but the freed pages are still the process's (1.4 GB), and only this
 * collection gives them back. Measured on the heap in use, the build skipped it
 * then, and peaked at 2.2 GB instead of 1.7 GB.
 */
export const worthCollectingBytes = 768 * 1024 * 1024;

/**
 * Runs a full garbage collection now, when the runtime allows it and the process
 * holds at least `minimumBytes`, and gives the freed memory back to the system:
 * V8's "last resort" collection, which compacts the heap and releases its empty
 * pages. A plain `gc()` frees the objects but keeps the pages, so the process
 * stays as large (measured: 280 MB kept for 14 MB of live objects, against 16 MB).
 */
export function collectGarbage(minimumBytes = worthCollectingBytes): void {
  if (process.memoryUsage.rss() < minimumBytes) return;
  if (collector === undefined) collector = findCollector();
  collector?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

function findCollector(): Collector | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as Collector;
  try {
    setFlagsFromString('--expose-gc');
    const fromContext = runInNewContext('gc') as unknown;
    return typeof fromContext === 'function' ? (fromContext as Collector) : null;
  } catch {
    return null;
  }
}
