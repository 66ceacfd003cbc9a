/**
 * A parse worker thread (started by parse-pool.ts): parses the reports it is sent
 * with the same `parseReport` as the main thread and answers with plain data.
 *
 * Each answer is the parse's cache-entry JSON (`encodeParse`: the report, and the
 * self-contained rules' findings on it when the pool asked for them), which the
 * main thread both reads back and stores; a report JSON cannot carry exactly (a
 * YAML `.nan`) goes back as a structured clone instead, and is not cached. A
 * build's pool also has the worker render each report's summary and body
 * (`renderReport`), which go back beside the JSON and are never cached.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { parseReport, type ParsedReport } from '../parse.ts';
import { selfContainedFindings } from '../report-findings.ts';
import type * as SiteReports from '../site/report.ts';
import type { RenderedReport } from '../site/report.ts';
import { encodeParse, type ParseResult } from './parse-cache.ts';
import { siblingModule } from './sibling-module.ts';

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
export type ParseAnswer = { job: number; json: string; rendered?: RenderedReport } | { job: number; result: ParseResult } | { job: number; retry: true };

/** What a worker is started with. */
export interface ParseWorkerData {
  config: Config;
  /** Whether to work out the self-contained rules' findings with each parse. */
  findings: boolean;
  /** Whether to render each report's summary and body as the site stores them (a build: src/astro/loader.ts). */
  render?: boolean;
}

/** How `parseReport` says the parser itself failed (parse.ts): on a worker, that is left to the main thread. */
const internalFailure = 'Unexpected internal error while parsing';

const { config, findings, render } = workerData as ParseWorkerData;
/**
 * The site's report module, beside this one with this module's extension (`.ts` in
 * the repository, `.js` in the package). Named at run time, so that bundling the
 * command line's worker (build/cli/) leaves the HTML pipeline out: its workers never render.
 */
const siteReportModule = siblingModule('../site/report', import.meta.url);
// Loaded only by a build's workers.
const site = render ? ((await import(siteReportModule.href)) as typeof SiteReports) : undefined;

/**
 * The report's summary and body for the site, when this worker renders them. A
 * report the site leaves out (no valid frontmatter, over a limit) gets none; a
 * render that fails gets none either, so the main thread renders it again and
 * fails as it would without threads.
 */
function rendered(report: ParsedReport): RenderedReport | undefined {
  if (!site?.rendersOnSite(report)) return undefined;
  try {
    return site.renderReport(report, config);
  } catch {
    return undefined;
  }
}

parentPort?.on('message', (request: ParseRequest) => {
  const report = parseReport(request.path, request.bytes, config);
  // A parser failure (a file nested deeper than this thread's smaller stack allows) is retried on the main
  // thread, so that what a file gives never depends on the thread that parsed it.
  if (report.unreadable?.message.startsWith(internalFailure)) {
    parentPort!.postMessage({ job: request.job, retry: true } satisfies ParseAnswer);
    return;
  }
  const result: ParseResult = findings ? { report, findings: selfContainedFindings(report, config) } : { report };
  const json = encodeParse(result);
  const page = rendered(report);
  if (page) result.rendered = page;
  try {
    const answer: ParseAnswer = json === undefined ? { job: request.job, result } : { job: request.job, json, ...(page ? { rendered: page } : {}) };
    parentPort!.postMessage(answer);
  } catch {
    // Too deep to copy between threads: the main thread parses it itself.
    parentPort!.postMessage({ job: request.job, retry: true } satisfies ParseAnswer);
  }
});
// The modules are loaded: from here on, a thread that dies was killed by the file it was parsing.
parentPort?.postMessage({ ready: true });
