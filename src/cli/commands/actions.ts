/**
 * `hindsight actions`: lists the action items of every report with their state,
 * owner, due date and report — a table for people, JSON for scripts.
 */
import { parseArgs } from 'node:util';
import { resolveStates } from '../../lib/github/client.ts';
import { githubTargetsOf } from '../../lib/github/collect.ts';
import { resolveOptionsFor } from '../../lib/github/environment.ts';
import { actionItemRows, type ActionItemRow } from '../../lib/github/items.ts';
import { terminalJson, terminalText } from '../../lib/text.ts';
import { loadContent } from '../content.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';

/** Help for `actions`. */
export const actionsHelp = `Usage: hindsight actions [options]

Lists the action items of every report: state, due date, owner, report, text.
States come from the GitHub cache that \`hindsight sync\` fills (no requests), or
live with --github. An item is done when its issues are closed or merged, or,
when their state is unknown, when it is ticked [x]; otherwise it is open, or,
in an archived report (history), archived: neither open nor overdue.

Options:
  --open                  only open items (not done, not in an archived report)
  --overdue               only open items past their due date
  --format <table|json>   table for people (default), json for scripts
  --github                fetch the state live (GITHUB_TOKEN), refreshing the cache
  -h, --help              show this help

Exit codes: 0 listed (even when empty), 2 usage or configuration error.
`;

const formats = ['table', 'json'] as const;

/** Shortens text to `width` characters with an ellipsis. */
function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * A plain-text table: columns padded to their widest cell, the last one unpadded.
 * Every cell is `terminalText`: an item's text, a file name or a label comes from
 * a report, and must not move the cursor, start a workflow command or show a token.
 */
function formatTable(rows: readonly ActionItemRow[]): string {
  const header = ['STATE', 'DUE', 'OWNER', 'REPORT', 'REFERENCES', 'ITEM'];
  const cells = rows.map((row) =>
    [
      row.label,
      row.due ? `${row.due}${row.overdue ? ' overdue' : ''}` : '',
      row.owner ? `@${row.owner}` : '',
      `${row.report.path}:${row.line}`,
      row.references.map((reference) => reference.label).join(', '),
    ]
      .map(terminalText)
      // Clipped after escaping, so the width is the one the terminal shows.
      .concat(clip(terminalText(row.text), 72)),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const render = (line: readonly string[]) =>
    line
      .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return `${[header, ...cells].map(render).join('\n')}\n`;
}

/** Runs `actions`; returns the exit code. */
export async function actions(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      open: { type: 'boolean', default: false },
      overdue: { type: 'boolean', default: false },
      format: { type: 'string', default: 'table' },
      github: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(actionsHelp);
    return exitCodes.ok;
  }
  if (!(formats as readonly string[]).includes(values.format)) {
    throw new UsageError(`Unexpected format \`${values.format}\`, expected \`table\` or \`json\``);
  }
  const { root, config, reports } = await loadContent(io);
  const resolved = await resolveStates(githubTargetsOf(reports, config), resolveOptionsFor(io.env, root, config, values.github ? 'live' : 'offline'));
  for (const warning of resolved.warnings) io.stderr.write(`hindsight: warning: ${warning}\n`);

  let rows = actionItemRows(reports, resolved.lookup, io.now ?? new Date(), config.timezone);
  if (values.open) rows = rows.filter((row) => row.progress === 'open');
  if (values.overdue) rows = rows.filter((row) => row.overdue);

  if (values.format === 'json') {
    // Escaped by JSON itself; `terminalJson` also masks credentials and the controls JSON leaves raw.
    io.stdout.write(`${terminalJson({ items: rows })}\n`);
  } else if (rows.length === 0) {
    io.stdout.write(values.open || values.overdue ? 'No matching action items.\n' : 'No action items.\n');
  } else {
    io.stdout.write(formatTable(rows));
    const open = rows.filter((row) => row.progress === 'open').length;
    const archived = rows.filter((row) => row.progress === 'archived').length;
    const overdue = rows.filter((row) => row.overdue).length;
    // Archived reports' items not done are history: counted apart, only when there are some.
    io.stdout.write(
      `\n${rows.length} item${rows.length === 1 ? '' : 's'}: ${open} not done, ${overdue} overdue${archived > 0 ? `, ${archived} not done in archived reports` : ''}\n`,
    );
  }
  return exitCodes.ok;
}
