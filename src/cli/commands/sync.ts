/**
 * `hindsight sync`: refreshes the GitHub state cache for every reference of
 * every report (action items, `resolution_prs`, `watch[].issue`). The site, `actions`
 * and `check --github --offline` read that cache.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveStates } from '../../lib/github/client.ts';
import { githubReferencesOf } from '../../lib/github/collect.ts';
import { progressBar, resolveOptionsFor } from '../../lib/github/environment.ts';
import { issueStates } from '../../lib/issue-state.ts';
import { loadContent } from '../content.ts';
import { exitCodes, type CliIO } from '../io.ts';

/** Help for `sync`. */
export const syncHelp = `Usage: hindsight sync [options]

Fetches the state of every GitHub issue and pull request the reports link
(action items, resolution_prs, watch issues) and stores it in the cache
(default node_modules/.cache/hindsight/github.json; config github.cacheDir).
Requests are conditional: what has not changed since the last sync costs a
304 and no rate limit. Answers are checked before they are stored: an HTML
page, invalid, truncated or oversized JSON, or a body that stalls keeps the
cached state and counts as not synced. Server errors several times in a row,
a timeout or a rate limit stop the run: the rest keep their cached state.

Environment:
  GITHUB_TOKEN     a token that can read the repositories (never printed or stored)
  GITHUB_API_URL   the API base URL (default https://api.github.com; GitHub Enterprise)

Options:
  -h, --help       show this help

Exit codes: 0 synced (some states may have failed; a warning says which),
1 nothing could be fetched at all (no token, no network, rate limited, only
junk answers) or the cache could not be written, 2 usage or configuration error.
`;

/** Runs `sync`; returns the exit code. */
export async function sync(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout.write(syncHelp);
    return exitCodes.ok;
  }
  const { root, config, reports } = await loadContent(io);
  const referencesByReport = reports.map((report) => githubReferencesOf(report, config));
  const targets = referencesByReport.flat().map(({ reference }) => reference.github);
  const reportCount = referencesByReport.filter((found) => found.length > 0).length;
  const options = resolveOptionsFor(io.env, root, config, 'live');

  const bar = io.stderr.isTTY ? progressBar((text) => io.stderr.write(text), 'Syncing GitHub state') : undefined;
  if (bar) options.onProgress = (done, total) => bar.update(done, total);
  const result = await resolveStates(targets, options);
  bar?.finish();
  // A cache that cannot be written is sync's failure, not a warning: it is said once, below.
  for (const warning of result.warnings) if (warning !== result.cacheWriteError?.warning) io.stderr.write(`hindsight: warning: ${warning}\n`);

  const { stats } = result;
  const cachePath = relative(io.cwd, options.cacheFile) || options.cacheFile;
  if (stats.references === 0) {
    io.stdout.write(`No GitHub references in ${reports.length} report${reports.length === 1 ? '' : 's'}; nothing to sync.\n`);
    return exitCodes.ok;
  }
  const counts = issueStates.map((state) => `${state} ${stats.byState[state]}`).join(', ');
  const seconds = (stats.elapsedMs / 1000).toFixed(2);
  io.stdout.write(
    [
      stats.fetched === 0
        ? `Could not sync: none of ${stats.references} GitHub reference${stats.references === 1 ? '' : 's'} from ${reportCount} report${reportCount === 1 ? '' : 's'} could be fetched (see the warnings on stderr)`
        : `Synced ${stats.fetched} of ${stats.references} GitHub reference${stats.references === 1 ? '' : 's'} from ${reportCount} report${reportCount === 1 ? '' : 's'} in ${seconds} s` +
          (stats.fetched < stats.references ? `; ${stats.references - stats.fetched} not synced (see the warnings on stderr)` : ''),
      `  states: ${counts}`,
      `  requests: ${stats.requests} (${stats.conditional} conditional, ${stats.notModified} not modified)`,
      `  fetched: ${stats.fetched}, from cache after a failure: ${stats.fromCache}, unknown: ${stats.unknown}`,
      `  cache: ${cachePath}${result.cacheWriteError ? ' (not written)' : ''}`,
      '',
    ].join('\n'),
  );
  if (result.cacheWriteError) {
    io.stderr.write(
      `hindsight sync: could not write the GitHub cache ${cachePath} (${result.cacheWriteError.code}), so the states fetched were not saved; ` +
        'make its folder writable, or set `github.cacheDir` in hindsight.config.yaml\n',
    );
    return exitCodes.problems;
  }
  return stats.fetched === 0 ? exitCodes.problems : exitCodes.ok;
}
