/**
 * Repeat detection on a thread of its own, for a build of many reports: at
 * 10,000 reports it is the longest of the checks (about 1.7 s), and the build's
 * main thread has the reports it parsed to render meanwhile (src/astro/loader.ts).
 *
 * The worker module sits beside this one (sibling-module.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RepeatSearch } from '../repeats.ts';
import type { SimilarPair } from '../similarity.ts';
import { siblingModule } from './sibling-module.ts';

/** Below this many reports the search takes a fraction of a second: a thread would cost more than it saves. */
export const repeatThreadFrom = 2000;

const workerUrl = siblingModule('./repeat-worker', import.meta.url);

/** Whether the search for `count` reports is worth a thread of its own (enough reports, and a core to run it on). */
export function worthARepeatThread(count: number): boolean {
  return count >= repeatThreadFrom && availableParallelism() > 1;
}

/**
 * The similar pairs of `search` (`findSimilarPairs(search.documents, { threshold })`),
 * found on a worker thread. Rejects when the thread fails; the caller then finds
 * them on its own thread, as without one.
 *
 * @param module the worker module (tests pass one that fails)
 */
export function similarPairsOnThread(search: RepeatSearch, module: URL = workerUrl): Promise<SimilarPair[]> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(module, { workerData: search });
    } catch (error) {
      reject(error as Error);
      return;
    }
    let answered = false;
    worker.once('message', (pairs: SimilarPair[]) => {
      answered = true;
      resolve(pairs);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', () => {
      if (!answered) reject(new Error('the repeat detection thread stopped without an answer'));
    });
  });
}
