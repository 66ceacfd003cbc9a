/**
 * The command line, as a function: `run(argv, io)` → exit code. Nothing here
 * touches `process`, so tests run every command with captured output.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../lib/config-errors.ts';
import { actions } from './commands/actions.ts';
import { check } from './commands/check.ts';
import { comment } from './commands/comment.ts';
import { importReports } from './commands/import.ts';
import { init } from './commands/init.ts';
import { newReport } from './commands/new.ts';
import { sync } from './commands/sync.ts';
import { exitCodes, UsageError, type CliIO } from './io.ts';

/** The CLI's version, from package.json (two folders up from both src/cli/ and the published build/cli/). */
export const version: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const help = `Usage: hindsight <command> [options]

Postmortems as code: check incident reports in CI, publish them as a site.

Commands:
  new <title>      write a new draft report from the template; --date, --service, --severity
  check [paths…]   check reports (default: postmortems/); --github checks GitHub state
  actions          list action items with state, owner, due date and report
  sync             refresh the GitHub state cache (GITHUB_TOKEN, GITHUB_API_URL)
  comment <file>   post check --format github-comment's Markdown as the pull request's one comment
  init             add Hindsight to this project: config, template, Astro files, CI workflow
  import <paths…>  convert existing Markdown postmortems into archived reports; --out <folder>

Run \`hindsight <command> --help\` for a command's options.
Docs: README.md and the site's /rules/ pages.
`;

const commands: Record<string, (argv: string[], io: CliIO) => Promise<number>> = { check, new: newReport, actions, sync, init, import: importReports, comment };

/**
 * Runs the CLI.
 *
 * @param argv the arguments after `hindsight`
 * @returns the exit code: 0 clean, 1 problems found, 2 usage or configuration error
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help);
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`);
    return exitCodes.ok;
  }
  // `hindsight constructor` or `hindsight toString` names no command, whatever every object inherits.
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr.write(
      `hindsight: Unexpected command \`${name}\`, expected one of ${Object.keys(commands)
        .map((key) => `\`${key}\``)
        .join(', ')}\n\n${help}`,
    );
    return exitCodes.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`hindsight ${name}: ${error.message}\n`);
      return exitCodes.usage;
    }
    // parseArgs reports unknown or malformed options with these codes.
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`hindsight ${name}: ${(error as Error).message}\nRun \`hindsight ${name} --help\` for the options.\n`);
      return exitCodes.usage;
    }
    // Anything else is a bug in Hindsight: say so plainly, without a stack trace.
    io.stderr.write(
      `hindsight ${name}: internal error: ${(error as Error)?.message ?? String(error)}\nThis is a bug in Hindsight; please report it. Set HINDSIGHT_DEBUG=1 for details.\n`,
    );
    if (io.env.HINDSIGHT_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return exitCodes.usage;
  }
}
