/**
 * Progress for long runs, on stderr so that `--format json` keeps stdout one JSON
 * object.
 *
 * On a terminal (and not in CI) a line with a count and a rate is redrawn in place
 * once a run is long (over 200 reports, or over a second), then replaced by a
 * summary line. Elsewhere (CI logs, pipes) nothing is drawn: a long run gets the
 * summary line alone, "Checked 1000 reports in 1.2 s (980 cached, 20 parsed on 2
 * threads)". Short runs print nothing, so small projects and tests see no change.
 *
 * Our own twenty lines rather than a library: the only feature needed is one line
 * redrawn with `\r`, and the libraries that do it (cli-progress, progress) bring
 * bars, themes and terminal handling that this does not use.
 */
import type { CliIO } from './io.ts';
import type { ReadStats } from '../lib/node/files.ts';

/** Runs with at least this many reports are long: they get the progress line and the summary. */
export const longRunFiles = 200;
/** A run that takes longer than this is long too (on a terminal, where timing does not change any output that is compared). */
const longRunMs = 1000;
/** The line is redrawn at most this often. */
const redrawMs = 100;

/** Progress of one run. */
export interface Progress {
  /** `done` of `total` reports read. */
  reading(done: number, total: number): void;
  /** The reports are read; the rules run now. */
  checking(total: number): void;
  /** The run is over: the summary line, when the run was long (`checked` reports of the `stats.files` read). */
  finish(verb: string, checked: number, stats: ReadStats): void;
}

/** A duration for people: `850 ms`, `1.2 s`. */
function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * "Checked 1000 reports in 1.2 s (980 cached, 20 parsed on 2 threads)"; when fewer
 * reports were checked than read (named files, `--changed`), "Checked 1 report in
 * 0.4 s (1000 read: 999 cached, 1 parsed on 1 thread)".
 */
export function summaryLine(verb: string, checked: number, stats: ReadStats, milliseconds: number): string {
  const count = (value: number) => `${value} ${value === 1 ? 'report' : 'reports'}`;
  const threads = stats.parsed === 0 ? '' : ` on ${stats.threads} ${stats.threads === 1 ? 'thread' : 'threads'}`;
  const read = checked === stats.files ? '' : `${stats.files} read: `;
  return `${verb} ${count(checked)} in ${formatDuration(milliseconds)} (${read}${stats.cached} cached, ${stats.parsed} parsed${threads})`;
}

/**
 * The progress of a run that started at `started` (`performance.now()`).
 */
export function startProgress(io: CliIO, started = performance.now()): Progress {
  const live = Boolean(io.stderr.isTTY) && !io.env.CI;
  let drawn = false;
  let lastDraw = 0;
  const draw = (line: string) => {
    // `\r` and "erase to the end of the line", so a shorter line leaves nothing of the longer one.
    io.stderr.write(`\r${line}\u001b[K`);
    drawn = true;
  };
  return {
    reading(done, total) {
      if (!live) return;
      const now = performance.now();
      const elapsed = now - started;
      if (total < longRunFiles && elapsed < longRunMs) return;
      if (now - lastDraw < redrawMs && done < total) return;
      lastDraw = now;
      const rate = elapsed > 0 ? Math.round((done / elapsed) * 1000) : 0;
      draw(`Reading reports: ${done}/${total} (${rate}/s)`);
    },
    checking(total) {
      if (drawn) draw(`Checking ${total} ${total === 1 ? 'report' : 'reports'}…`);
    },
    finish(verb, checked, stats) {
      const elapsed = performance.now() - started;
      const long = stats.files >= longRunFiles || (live && elapsed >= longRunMs);
      if (drawn) io.stderr.write('\r\u001b[K');
      if (long) io.stderr.write(`${summaryLine(verb, checked, stats, elapsed)}\n`);
    },
  };
}
