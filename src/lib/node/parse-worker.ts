/**
 * A parse worker thread (started by parse-pool.ts): parses the reports it is sent
 * with the same `parseReport` as the main thread and answers with plain data.
 *
 * Each answer is the report's cache-entry JSON (`encodeReport`), which the main
 * thread both reads back and stores; a report JSON cannot carry exactly (a YAML
 * `.nan`) goes back as a structured clone instead, and is not cached.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { parseReport } from '../parse.ts';
import { encodeReport } from './parse-cache.ts';

/** A file to parse, as the pool sends it. */
export interface ParseRequest {
  /** The job's number, echoed in the answer. */
  job: number;
  path: string;
  bytes: Uint8Array;
}

/**
 * A parsed file, as the worker answers: its JSON, or the report itself when JSON
 * cannot carry it exactly, or a request to parse it on the main thread.
 */
export type ParseAnswer = { job: number; json: string } | { job: number; report: ReturnType<typeof parseReport> } | { job: number; retry: true };

/** How `parseReport` says the parser itself failed (parse.ts): on a worker, that is left to the main thread. */
const internalFailure = 'Unexpected internal error while parsing';

const config = (workerData as { config: Config }).config;

parentPort?.on('message', (request: ParseRequest) => {
  const report = parseReport(request.path, request.bytes, config);
  // A parser failure (a file nested deeper than this thread's smaller stack allows) is retried on the main
  // thread, so that what a file gives never depends on the thread that parsed it.
  if (report.unreadable?.message.startsWith(internalFailure)) {
    parentPort!.postMessage({ job: request.job, retry: true } satisfies ParseAnswer);
    return;
  }
  const json = encodeReport(report);
  try {
    parentPort!.postMessage((json === undefined ? { job: request.job, report } : { job: request.job, json }) satisfies ParseAnswer);
  } catch {
    // Too deep to copy between threads: the main thread parses it itself.
    parentPort!.postMessage({ job: request.job, retry: true } satisfies ParseAnswer);
  }
});
// The modules are loaded: from here on, a thread that dies was killed by the file it was parsing.
parentPort?.postMessage({ ready: true });
