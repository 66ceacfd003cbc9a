/**
 * Parses reports on several threads, for cold runs with many files to parse: this
 * one and worker threads.
 *
 * Only plain data crosses threads: the configuration, each file's path and bytes,
 * and each report as its cache-entry JSON (with its rendered summary and body,
 * for a build). Each worker has a few files in flight
 * (so it never waits for the next one), and answers in the order it was sent them,
 * so when a worker dies (out of memory on a hostile file) the file it was parsing
 * is known: that file gets a diagnostic, the others go back to the queue. Results
 * are delivered by index, so the order of the reports never depends on the threads.
 *
 * The worker module sits beside this one, with this module's extension: `.ts` in
 * the repository (Node strips the types), `.js` in the published package (the
 * bundled command line has its own bundled worker beside it, build/cli/).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParsedReport } from '../parse.ts';
import { decodeParse, type ParseResult } from './parse-cache.ts';
import { siblingModule } from './sibling-module.ts';
import type { ParseAnswer, ParseRequest, ParseWorkerData } from './parse-worker.ts';

/**
 * Files per thread. A worker costs its start (loading the parser's modules, 0.2 s
 * bundled and 0.3 to 0.6 s from the TypeScript sources) and its own JIT warm-up;
 * and on a machine with few cores, V8's background threads (its optimizing
 * compiler, its garbage collector) then compete with the parse threads, which
 * makes each parse slower. On 2 cores (`npm run bench`) a second thread was no
 * faster for 1,000 reports (1.43 s alone against 1.57 s) nor for 2,000, and 8 %
 * faster for 4,000.
 */
const minFilesPerThread = 1000;
/** Files sent to a worker ahead of its answers, so that it never waits while this thread is busy parsing. */
const inFlightPerWorker = 4;

/**
 * A worker's stack, in MiB: 768 KiB usable (Node keeps 192 KiB back), less than
 * the main thread's 984 KiB. A file nested so deep that the parser runs out of
 * stack on a worker is parsed again on the main thread (so it fails, or not,
 * exactly as without workers); with a worker's default 4 MiB, such a file would
 * parse (very slowly) where the main thread fails, and the results would depend
 * on the thread count.
 */
const workerStackMb = (768 + 192) / 1024;

/** The worker module: beside this file, with its extension. */
const workerUrl = siblingModule('./parse-worker', import.meta.url);

/** A file to parse. */
export interface ParseJob {
  path: string;
  bytes: Uint8Array;
}

/**
 * How many threads (this one included) to parse `count` files on: up to one per
 * core, with at least `minFilesPerThread` files each (so 1 below 2,000 files).
 *
 * @param requested a thread count asked for (`HINDSIGHT_THREADS`), which wins
 */
export function threadsFor(count: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, count));
  return Math.max(1, Math.min(availableParallelism(), Math.floor(count / minFilesPerThread)));
}

/** What the pool calls for each parsed file: its report, and its JSON when it has one (for the cache). */
export type OnParsed = (index: number, result: ParseResult, json: string | undefined) => void;

/**
 * Parses `jobs` on `threads` threads: this one and `threads - 1` worker threads,
 * calling `onParsed` once per job, in whatever order they finish. This thread
 * has the parser loaded anyway, so it parses too (from the other end of the
 * queue) rather than wait; it yields between files so that the workers' answers
 * are taken as they come.
 *
 * @param work the configuration to parse with, and whether to work out the self-contained rules' findings too
 * @param parseHere parses a job on this thread and calls `onParsed` (the caller's own parse, cache included)
 * @param failed the report for a job whose worker died while parsing it (the pool names the reason)
 * @param module the worker module (tests pass ones that fail)
 */
export async function parseOnThreads(
  jobs: readonly ParseJob[],
  work: ParseWorkerData,
  threads: number,
  onParsed: OnParsed,
  parseHere: (index: number) => void,
  failed: (job: ParseJob, reason: string) => ParsedReport,
  module: URL = workerUrl,
): Promise<void> {
  const queue = jobs.map((_, index) => index);
  let remaining = jobs.length;
  let wake: (() => void) | undefined;
  // Each delivery may be the last, or may have put a file back in the queue: the loop below waits for one of those.
  const delivered = (job: number, result: ParseResult, json: string | undefined) => {
    remaining--;
    onParsed(job, result, json);
    wake?.();
  };
  const requeue = (lost: number[]) => {
    queue.unshift(...lost);
    wake?.();
  };
  const spawn = () => {
    let worker: Worker;
    try {
      worker = new Worker(module, { workerData: work satisfies ParseWorkerData, resourceLimits: { stackSizeMb: workerStackMb } });
    } catch {
      return;
    }
    let ready = false;
    const inFlight: number[] = [];
    const feed = () => {
      while (inFlight.length < inFlightPerWorker && queue.length > 0) {
        const job = queue.shift()!;
        inFlight.push(job);
        const request: ParseRequest = { job, path: jobs[job]!.path, bytes: jobs[job]!.bytes };
        worker.postMessage(request);
      }
      if (inFlight.length === 0) void worker.terminate();
    };
    worker.on('message', (answer: ParseAnswer | { ready: true }) => {
      if ('ready' in answer) {
        ready = true;
        return;
      }
      const job = inFlight.shift();
      if (job === undefined || job !== answer.job) return;
      // A parser failure on a worker: this thread parses the file, so that the result is the one it would give.
      if ('retry' in answer) requeue([job]);
      else if ('result' in answer) delivered(job, answer.result, undefined);
      else {
        const result = decodeParse(answer.json, jobs[job]!.bytes);
        if (answer.rendered) result.rendered = answer.rendered;
        delivered(job, result, answer.json);
      }
      feed();
    });
    let reason = 'the worker thread stopped';
    worker.on('error', (error: Error) => {
      reason = error.message || reason;
    });
    worker.on('exit', () => {
      const lost = inFlight.splice(0);
      if (ready && lost.length > 0) {
        // Answers come in order, so the first file in flight was being parsed when the thread died: it is the cause.
        const culprit = lost.shift()!;
        delivered(culprit, { report: failed(jobs[culprit]!, reason) }, undefined);
        requeue(lost);
        if (queue.length > inFlightPerWorker) spawn();
      } else {
        // The thread never started (its module failed to load): its files go back to the queue, for the others.
        requeue(lost);
      }
    });
    feed();
  };
  for (let thread = 1; thread < Math.min(threads, jobs.length); thread++) spawn();
  while (remaining > 0) {
    const job = queue.pop();
    if (job === undefined) {
      // Everything is in flight on the workers: wait for an answer (or a file put back).
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    parseHere(job);
    remaining--;
    // Let the workers' answers in, and give them their next files.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
