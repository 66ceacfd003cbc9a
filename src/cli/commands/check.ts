/**
 * `hindsight check [paths…]`: checks reports and prints diagnostics.
 */
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkReports, summarize } from '../../lib/check.ts';
import { resolveStates } from '../../lib/github/client.ts';
import { githubTargetsOf } from '../../lib/github/collect.ts';
import { resolveOptionsFor } from '../../lib/github/environment.ts';
import type { StateLookup } from '../../lib/issue-state.ts';
import { findReportFiles, listContentFiles, MissingPathError, readReports } from '../../lib/node/files.ts';
import { changesSince, GitError, type Changes } from '../../lib/node/git.ts';
import { cacheDisabledBy, ParseCache } from '../../lib/node/parse-cache.ts';
import { formatGithub, formatStepSummary } from '../../lib/reporters/github.ts';
import { formatNothingChangedComment } from '../../lib/reporters/github-comment.ts';
import { formatJson } from '../../lib/reporters/json.ts';
import { formatPretty } from '../../lib/reporters/pretty.ts';
import { githubCommentOutput, readHeadShaOption } from '../check-comment.ts';
import { loadProject } from '../content.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';
import { startProgress } from '../progress.ts';

/** Help for `check`. */
export const checkHelp = `Usage: hindsight check [paths…] [options]

Checks postmortem reports. Paths are files or folders (default: the configured
content folder, \`postmortems/\`). Files and folders starting with \`_\` are skipped
when a folder is walked.

Options:
  --format <pretty|github|json|github-comment>
                                 output format (default: github when GITHUB_ACTIONS=true,
                                 else pretty); github-comment is Markdown for the pull
                                 request comment (see \`hindsight comment\`)
  --head-sha <sha>               with github-comment: the commit line links point at
                                 (default: the pull request's head, from GITHUB_EVENT_PATH)
  --max-warnings <n>             exit 1 when there are more than n warnings
  --github                       check action items, resolution_prs and watch issues
                                 against GitHub (GITHUB_TOKEN; GITHUB_API_URL for
                                 Enterprise), refreshing the state cache
  --offline                      with --github: use the state cache only, no requests
  --changed                      check only the reports changed since the merge base
                                 with the base branch: committed, staged, unstaged and
                                 untracked (the other reports are still read)
  --since <ref>                  the base for --changed (implies --changed)
  --verbose                      show notes, docs URLs and related places (pretty format)
  --no-cache                     parse every report again, without reading or writing
                                 the parse cache (also HINDSIGHT_CACHE=0)
  -h, --help                     show this help

Without --github, GitHub state is unknown and the rules that need it stay quiet
(an expired \`watch\` entry only warns). GitHub problems (no token, rate limits,
server errors, timeouts) never fail the check: states fall back to the cache or
to unknown, and a warning on stderr says so.

With --changed, the base is --since <ref>, else the pull request's base branch
(GITHUB_BASE_REF, tried as origin/<name> then <name>), else the remote's default
branch (origin/HEAD, then origin/main, origin/master, main, master), and reports
are compared with \`git merge-base <base> HEAD\`. Only problems in changed reports
are shown and counted; a renamed report counts under its new name, a deleted one
is not checked, files outside the content folder are ignored, and named paths
narrow the changed reports further. In GitHub Actions, set \`fetch-depth: 0\` on
actions/checkout: a shallow clone has no merge base.

Parses are cached in node_modules/.cache/hindsight/parses/, keyed by each file's
content, the configuration and the Hindsight version: an unchanged report is not
parsed again. Cold runs with many reports parse on worker threads, one per core
(HINDSIGHT_THREADS=n sets the number; 1 parses on the main thread). Runs of 200
reports or more end with a summary line on stderr.

--format github-comment writes, to stdout, the problems (each linked to its line
at the pull request's head commit), the reports each checked report links or
reads like with their open action items, and the \`watch\` expiries and due dates
of their services within the watch-expiry window (rules: { watch-expiry:
{ windowDays } }, default 30 days) or past; at most 65,536 characters, starting
with the hidden line \`<!-- hindsight-comment -->\`. It writes no step summary
(the check beside it does).

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or configuration error.
`;

const formats = ['pretty', 'github', 'json', 'github-comment'] as const;

/** Runs `check`; returns the exit code. */
export async function check(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      'max-warnings': { type: 'string' },
      github: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      changed: { type: 'boolean', default: false },
      since: { type: 'string' },
      'head-sha': { type: 'string' },
      cache: { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    // `--no-cache`.
    allowNegative: true,
  });
  if (values.help) {
    io.stdout.write(checkHelp);
    return exitCodes.ok;
  }
  const format = values.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'pretty');
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`Unexpected format \`${format}\`, expected \`pretty\`, \`github\`, \`json\` or \`github-comment\``);
  }
  const headSha = readHeadShaOption(values['head-sha']);
  let maxWarnings = Number.POSITIVE_INFINITY;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^\d+$/.test(values['max-warnings'])) {
      throw new UsageError(`Unexpected \`--max-warnings ${values['max-warnings']}\`, expected a whole number such as \`0\``);
    }
  }

  if (values.offline && !values.github) {
    throw new UsageError('Unexpected `--offline` without `--github`, expected `--github --offline` (GitHub state from the cache only)');
  }

  // `--since` only means something for `--changed`, so naming a base is enough to ask for it.
  const changedOnly = values.changed || values.since !== undefined;
  const threads = threadsFromEnvironment(io);
  const started = performance.now();

  const { root, config, contentFolder } = await loadProject(io);
  let targets: string[];
  let corpusPaths: string[];
  try {
    // The content folder is always read, so links from the checked files to other reports resolve.
    const contentFiles = await findReportFiles([contentFolder], io.cwd).catch((error: unknown) => {
      if (error instanceof MissingPathError && positionals.length > 0) return [];
      throw error;
    });
    targets = positionals.length > 0 ? await findReportFiles(positionals, io.cwd) : contentFiles;
    corpusPaths = [...new Set([...contentFiles, ...targets])];
  } catch (error) {
    if (error instanceof MissingPathError) {
      const hint = positionals.length === 0 ? ` (the content folder; set \`content\` in hindsight.config.yaml or pass paths)` : '';
      throw new UsageError(`${error.message}${hint}`);
    }
    throw error;
  }

  let changes: Changes | undefined;
  if (changedOnly) {
    changes = await readChanges(root, values.since, io);
    targets = keepChanged(targets, changes, root, io.cwd);
    if (targets.length === 0) return reportNothingChanged(changes, format, io);
  }

  const cache = values.cache && !cacheDisabledBy(io.env) ? ParseCache.open(root, config) : undefined;
  const progress = startProgress(io, started);
  const { reports, stats, findings } = await readReports(corpusPaths, io.cwd, config, {
    cache,
    threads,
    onProgress: progress.reading,
    findings: true,
    onlyToCheck: true,
  });
  // Every report of the project was just read: entries for other files (or older contents) are stale.
  await cache?.prune();
  progress.checking(reports.length);
  let github: StateLookup | undefined;
  if (values.github) {
    const targetSet = new Set(targets);
    const resolved = await resolveStates(
      githubTargetsOf(
        reports.filter((report) => targetSet.has(report.path)),
        config,
      ),
      resolveOptionsFor(io.env, root, config, values.offline ? 'offline' : 'live'),
    );
    // Warnings go to stderr so that `--format json` stays one JSON object on stdout.
    for (const warning of resolved.warnings) io.stderr.write(`hindsight: warning: ${warning}\n`);
    github = resolved.lookup;
  }
  // The whole content folder, whatever the targets: an image a checked report shows may be anywhere in it.
  const files = listContentFiles(contentFolder, io.cwd);
  const diagnostics = checkReports(reports, config, { targets: new Set(targets), now: io.now, findings, github, files });
  const summary = summarize(targets.length, diagnostics);

  if (changes) {
    // Which base was used, so a report missing from the run can be explained; stderr keeps JSON one object.
    const line = `${targets.length} ${targets.length === 1 ? 'report' : 'reports'} changed since ${describeBase(changes)}\n`;
    (format === 'json' || format === 'github-comment' ? io.stderr : io.stdout).write(line);
  }
  if (format === 'json') io.stdout.write(formatJson(summary, diagnostics));
  else if (format === 'github') io.stdout.write(formatGithub(summary, diagnostics));
  else if (format === 'github-comment') {
    const changedSince = changes ? describeBase(changes) : undefined;
    io.stdout.write(await githubCommentOutput({ io, root, config, reports, targets, diagnostics, summary, github, changedSince, headSha }));
  } else {
    const color = Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined && io.env.FORCE_COLOR !== '0';
    // A pipe or a CI log has no width: 80 columns, as terminals start.
    const columns = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80;
    io.stdout.write(formatPretty(targets, summary, diagnostics, { color, verbose: values.verbose, columns }));
  }

  // The comment's run sits beside a check that writes the summary: one summary per run.
  if (format !== 'github-comment') await appendStepSummary(formatStepSummary(summary, diagnostics), io);
  progress.finish('Checked', targets.length, stats);

  if (summary.errors > 0 || summary.warnings > maxWarnings) return exitCodes.problems;
  return exitCodes.ok;
}

/** `HINDSIGHT_THREADS`: how many threads to parse on (1: the main thread only); unset, by the machine. */
function threadsFromEnvironment(io: CliIO): number | undefined {
  const value = io.env.HINDSIGHT_THREADS;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`Unexpected \`HINDSIGHT_THREADS=${value}\`, expected a whole number of threads such as \`2\` (1 parses on the main thread)`);
  }
  return Number(value);
}

/** Appends to `$GITHUB_STEP_SUMMARY` when it is set; a failure is a warning, never a failed check. */
async function appendStepSummary(markdown: string, io: CliIO): Promise<void> {
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) return;
  try {
    await appendFile(resolve(io.cwd, summaryFile), markdown);
  } catch (error) {
    io.stderr.write(`hindsight: could not append to GITHUB_STEP_SUMMARY (${(error as Error).message})\n`);
  }
}

/** Reads the changes from Git; Git problems (no repository, shallow clone) are usage errors: exit 2 with what to do. */
async function readChanges(root: string, since: string | undefined, io: CliIO): Promise<Changes> {
  try {
    // Git gets the CLI's environment, not the process's, so `run` stays a function of `io`.
    return await changesSince(root, { since, githubBaseRef: io.env.GITHUB_BASE_REF }, { env: io.env });
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
}

/** A path as compared between Git's list and the walked folders: absolute, and Unicode-normalized (macOS file names). */
function pathKey(path: string): string {
  return path.normalize('NFC');
}

/**
 * The targets that Git lists as changed. Intersecting (rather than taking Git's list)
 * keeps only reports: files outside the content folder, files the walk skips
 * (`_template.md`) and deleted files drop out, and named paths narrow the changes.
 */
function keepChanged(targets: readonly string[], changes: Changes, root: string, cwd: string): string[] {
  const changed = new Set(changes.files.map((file) => pathKey(resolve(root, file))));
  return targets.filter((target) => changed.has(pathKey(resolve(cwd, target))));
}

/** `origin/main (1a2b3c4)`: the base as named, and the merge base it led to. */
function describeBase(changes: Changes): string {
  return `${changes.base} (${changes.mergeBase.slice(0, 7)})`;
}

/** The output of a `--changed` run with no changed report: a clean run of zero files, in every format. */
async function reportNothingChanged(changes: Changes, format: string, io: CliIO): Promise<number> {
  const message = `No reports changed since ${describeBase(changes)}`;
  if (format === 'json') {
    io.stdout.write(formatJson(summarize(0, []), []));
    io.stderr.write(`${message}\n`);
  } else if (format === 'github-comment') {
    io.stdout.write(formatNothingChangedComment(describeBase(changes)));
    io.stderr.write(`${message}\n`);
    return exitCodes.ok;
  } else {
    io.stdout.write(format === 'pretty' ? `✔ ${message}\n` : `${message}\n`);
  }
  await appendStepSummary(`### ✅ Hindsight: ${message}\n`, io);
  return exitCodes.ok;
}
