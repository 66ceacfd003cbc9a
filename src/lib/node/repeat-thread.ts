/**
 * Repeat detection on a thread of its own, for a build of many reports: at
 * 10,000 reports it is the longest of the checks (about 1.5 s), and the build's
 * main thread has the reports it parsed to render, and the other checks to run,
 * meanwhile (src/astro/loader.ts).
 *
 * The worker module sits beside this one (sibling-module.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkReports, compareDiagnostics, type CheckOptions } from '../check.ts';
import type { Config } from '../config.ts';
import type { ParsedReport } from '../parse.ts';
import { rememberPossibleRepeats, type RepeatSearch } from '../repeats.ts';
import type { Diagnostic } from '../rule.ts';
import { pairRuleIds, rules as allRules } from '../rules/index.ts';
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

/**
 * `checkReports(reports, config, options)` for every report, while `pairs` (the
 * search `repeatSearch(reports, config)`, running on a thread) comes: the rules
 * that do not read its pairs run first; then the pairs are kept for the others
 * (`rememberPossibleRepeats`), which run last. The same diagnostics, in the same
 * order, as `checkReports` alone; if the thread failed (`undefined`), those rules
 * find the pairs themselves.
 */
export async function checkReportsAlongside(
  reports: readonly ParsedReport[],
  config: Config,
  options: Omit<CheckOptions, 'targets' | 'rules'>,
  pairs: Promise<SimilarPair[] | undefined>,
): Promise<Diagnostic[]> {
  const readsPairs = (rule: { id: string }) => pairRuleIds.has(rule.id);
  const first = checkReports(reports, config, { ...options, rules: allRules.filter((rule) => !readsPairs(rule)) });
  const found = await pairs;
  if (found) rememberPossibleRepeats(reports, config, found);
  const last = checkReports(reports, config, { ...options, rules: allRules.filter(readsPairs) });
  // Each part is sorted; sorted together, they are in the order (file, place, rule id) `checkReports` gives all rules at once.
  return [...first, ...last].sort(compareDiagnostics);
}
