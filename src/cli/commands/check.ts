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
import type { StateLookup } from '../../lib/github/state.ts';
import { findReportFiles, loadReports, MissingPathError } from '../../lib/node/files.ts';
import { formatGithub, formatStepSummary } from '../../lib/reporters/github.ts';
import { formatJson } from '../../lib/reporters/json.ts';
import { formatPretty } from '../../lib/reporters/pretty.ts';
import { loadProject } from '../content.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';

/** Help for `check`. */
export const checkHelp = `Usage: hindsight check [paths…] [options]

Checks postmortem reports. Paths are files or folders (default: the configured
content folder, \`postmortems/\`). Files and folders starting with \`_\` are skipped
when a folder is walked.

Options:
  --format <pretty|github|json>  output format (default: github when GITHUB_ACTIONS=true, else pretty)
  --max-warnings <n>             exit 1 when there are more than n warnings
  --github                       check action items, resolution_prs and watch issues
                                 against GitHub (GITHUB_TOKEN; GITHUB_API_URL for
                                 Enterprise), refreshing the state cache
  --offline                      with --github: use the state cache only, no requests
  --verbose                      show notes, docs URLs and related places (pretty format)
  -h, --help                     show this help

Without --github, GitHub state is unknown and the rules that need it stay quiet
(an expired \`watch\` entry only warns). GitHub problems (no token, rate limits,
server errors, timeouts) never fail the check: states fall back to the cache or
to unknown, and a warning on stderr says so.

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or configuration error.
`;

const formats = ['pretty', 'github', 'json'] as const;

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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(checkHelp);
    return exitCodes.ok;
  }
  const format = values.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'pretty');
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`Unexpected format \`${format}\`, expected \`pretty\`, \`github\` or \`json\``);
  }
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

  const reports = await loadReports(corpusPaths, io.cwd, config);
  let github: StateLookup | undefined;
  if (values.github) {
    const targetSet = new Set(targets);
    const resolved = await resolveStates(
      githubTargetsOf(reports.filter((report) => targetSet.has(report.path)), config),
      resolveOptionsFor(io.env, root, config, values.offline ? 'offline' : 'live'),
    );
    // Warnings go to stderr so that `--format json` stays one JSON object on stdout.
    for (const warning of resolved.warnings) io.stderr.write(`hindsight: warning: ${warning}\n`);
    github = resolved.lookup;
  }
  const diagnostics = checkReports(reports, config, { targets: new Set(targets), now: io.now, github });
  const summary = summarize(targets.length, diagnostics);

  if (format === 'json') io.stdout.write(formatJson(summary, diagnostics));
  else if (format === 'github') io.stdout.write(formatGithub(summary, diagnostics));
  else {
    const color = Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined && io.env.FORCE_COLOR !== '0';
    io.stdout.write(formatPretty(targets, summary, diagnostics, { color, verbose: values.verbose }));
  }

  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      await appendFile(resolve(io.cwd, summaryFile), formatStepSummary(summary, diagnostics));
    } catch (error) {
      io.stderr.write(`hindsight: could not append to GITHUB_STEP_SUMMARY (${(error as Error).message})\n`);
    }
  }

  if (summary.errors > 0 || summary.warnings > maxWarnings) return exitCodes.problems;
  return exitCodes.ok;
}
