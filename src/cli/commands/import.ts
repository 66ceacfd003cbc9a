/**
 * `hindsight import <paths…> --out <folder>`: converts existing Markdown
 * postmortems into `archived` Hindsight reports. The conversion is
 * `src/lib/import/`; this file finds, reads and writes files and prints the
 * per-file report.
 */
import { mkdir } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importReport, unknownService, type ImportNote, type ImportResult } from '../../lib/import/convert.ts';
import { displayPath, existingReports, findImportSources, outputPath, readSource, writeNewReport, type IgnoredSource } from '../../lib/node/import-files.ts';
import { MissingPathError } from '../../lib/node/files.ts';
import { literal, literalList } from '../../lib/text.ts';
import { loadProject } from '../content.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';

/** Help for `import`. */
export const importHelp = `Usage: hindsight import <files|folders…> --out <folder> [options]

Converts existing Markdown postmortems into Hindsight reports with
\`status: archived\`: history, published and cross-linked, checked for
credentials, broken links and valid frontmatter but not held to what a new report
must have. Each becomes <folder>/<date>-<slug>.md; the body is kept line for
line under the new frontmatter (the source's own frontmatter is kept as comments).

It reads the title (frontmatter, \`#\` heading or file name), the date
(frontmatter, a \`Date:\` line, the file name, the title; else the timeline), the
severity, services, authors, tags and impact times (\`Key: value\` lines, bold
\`**Key:**\` lines and two-column tables) and the time zone ("All times in PDT").
Severities such as \`SEV-1\` or \`P2 Medium\` are mapped onto the configured ones.
For each file it prints what it could not place. It never overwrites a file.

Options:
  --out <folder>         where the reports go (required; created when missing)
  --service <name>       the service of reports that name none; repeat for several
                         (default: ${unknownService})
  --severity <level>     the severity of reports that give none that can be mapped
                         (default: the least severe configured)
  --dry-run              report what would be written; write nothing
  --format <pretty|json> output format (default: pretty)
  -h, --help             show this help

Folders are walked for .md and .markdown files; READMEs, indexes, templates and
files starting with \`_\` are skipped. A report already in the output folder with
the same text counts as imported (running again is safe); any other file of the
same name is left alone and the source is skipped.

Exit codes: 0 every file imported, 1 some could not be imported, were skipped, or
fail \`hindsight check\` (a credential, a broken link), 2 usage or configuration error.
`;

const formats = ['pretty', 'json'] as const;
const markdownExtensions = new Set(['.md', '.markdown', '.mdown', '.mkd']);

/** What became of one source. */
interface FileOutcome {
  source: string;
  status: 'imported' | 'unchanged' | 'not-converted' | 'skipped';
  /** The report written (or that would be, with `--dry-run`), relative to the working directory. */
  output?: string;
  reason?: string;
  result?: ImportResult;
}

/** Runs `import`; returns the exit code. */
export async function importReports(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      service: { type: 'string', multiple: true },
      severity: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string', default: 'pretty' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(importHelp);
    return exitCodes.ok;
  }
  const format = values.format as (typeof formats)[number];
  if (!formats.includes(format)) throw new UsageError(`Unexpected format ${literal(values.format)}, expected ${literalList(formats)}`);
  if (positionals.length === 0)
    throw new UsageError('Unexpected missing paths, expected the files or folders to import, such as `hindsight import old-postmortems --out postmortems`');
  if (values.out === undefined || values.out.trim() === '')
    throw new UsageError('Unexpected missing `--out`, expected the folder to write the reports to, such as `--out postmortems`');
  const { config } = await loadProject(io);
  if (values.severity !== undefined && !config.severities.includes(values.severity)) {
    throw new UsageError(`Unexpected severity ${literal(values.severity)}, expected ${literalList(config.severities)}`);
  }
  const services = (values.service ?? []).map((service) => service.trim());
  for (const service of services) {
    if (service === '' || /[\r\n]/.test(service)) throw new UsageError(`Unexpected service ${literal(service)}, expected a service name`);
  }

  let found: { sources: string[]; ignored: IgnoredSource[] };
  try {
    found = await findImportSources(positionals, io.cwd, values.out);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(error.message);
    throw error;
  }
  const dryRun = values['dry-run'];
  const outFolder = resolve(io.cwd, values.out);
  if (!dryRun) {
    try {
      await mkdir(outFolder, { recursive: true });
    } catch (error) {
      throw new UsageError(
        `Unexpected \`--out\` ${literal(values.out)} that cannot be a folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), expected a folder to write the reports to`,
      );
    }
  }
  const existing = await existingReports(values.out, io.cwd);
  const claimed = new Set<string>();
  const now = io.now ?? new Date();
  const outcomes: FileOutcome[] = [];

  for (const source of found.sources) {
    const extension = extname(source).toLowerCase();
    if (!markdownExtensions.has(extension)) {
      outcomes.push({
        source,
        status: 'not-converted',
        reason: `Unexpected ${extension ? `${literal(extension)} file` : 'file without an extension'}, expected a Markdown file (\`.md\` or \`.markdown\`)`,
      });
      continue;
    }
    const read = await readSource(source, io.cwd);
    if ('problem' in read) {
      outcomes.push({ source, status: 'not-converted', reason: read.problem });
      continue;
    }
    const result = importReport(source, read.bytes, { config, services, ...(values.severity ? { severity: values.severity } : {}), now });
    if (!result.converted) {
      outcomes.push({ source, status: 'not-converted', reason: result.reason, result });
      continue;
    }
    // `-2`, `-3`… for two sources of this run with the same date and slug.
    const base = `${result.date}-${result.slug}`;
    let id = base;
    for (let suffix = 2; claimed.has(id); suffix++) id = `${base}-${suffix}`;
    claimed.add(id);
    const path = outputPath(values.out, io.cwd, id);
    const shown = displayPath(relative(io.cwd, path));
    const elsewhere = existing.get(id);
    if (elsewhere !== undefined && resolve(io.cwd, elsewhere) !== path) {
      outcomes.push({
        source,
        status: 'skipped',
        output: shown,
        result,
        reason: `Unexpected existing report id ${literal(id)} (${literal(elsewhere)}), expected a new id; nothing was written`,
      });
      continue;
    }
    const outcome = await writeNewReport(path, result.text, dryRun);
    if (outcome === 'exists') {
      outcomes.push({
        source,
        status: 'skipped',
        output: shown,
        result,
        reason: `Unexpected existing file ${literal(shown)}, expected a new report; it is left alone (remove it to import this source again)`,
      });
    } else {
      outcomes.push({ source, status: outcome === 'written' ? 'imported' : 'unchanged', output: shown, result });
    }
  }

  const failed = outcomes.some(
    (outcome) =>
      outcome.status === 'not-converted' || outcome.status === 'skipped' || (outcome.result?.converted === true && outcome.result.problems.length > 0),
  );
  if (format === 'json') io.stdout.write(`${JSON.stringify(jsonReport(outcomes, found.ignored, dryRun), null, 2)}\n`);
  else
    io.stdout.write(
      prettyReport(outcomes, found.ignored, {
        dryRun,
        outFolder: displayPath(relative(io.cwd, outFolder)) || '.',
        severity: values.severity ?? config.severities.at(-1)!,
        chosenSeverity: values.severity !== undefined,
        services,
      }),
    );
  return failed ? exitCodes.problems : exitCodes.ok;
}

/** A note as the pretty report prints it. */
function noteLine(note: ImportNote): string {
  return `  ${note.level === 'warning' ? 'warning: ' : ''}${note.message}\n`;
}

/** What the pretty report's summary says about the defaults. */
interface SummaryOptions {
  dryRun: boolean;
  outFolder: string;
  /** The severity written where none could be read. */
  severity: string;
  /** Whether it came from `--severity`. */
  chosenSeverity: boolean;
  /** `--service`, when given. */
  services: readonly string[];
}

function prettyReport(outcomes: readonly FileOutcome[], ignored: readonly IgnoredSource[], options: SummaryOptions): string {
  let text = '';
  for (const outcome of outcomes) {
    const result = outcome.result;
    if (outcome.status === 'not-converted') {
      text += `${outcome.source}: not converted: ${outcome.reason}\n`;
      for (const note of result?.notes ?? []) text += noteLine(note);
      continue;
    }
    const verb = outcome.status === 'unchanged' ? ' (already imported)' : outcome.status === 'skipped' ? ' (skipped)' : '';
    text += `${outcome.source} → ${outcome.output}${verb}\n`;
    if (outcome.reason) text += `  ${outcome.reason}\n`;
    if (!result?.converted) continue;
    for (const note of result.notes) text += noteLine(note);
    for (const problem of result.problems) {
      text += `  error: ${outcome.output}:${problem.place.start.line}:${problem.place.start.column}: ${problem.message} (${problem.ruleId})\n`;
    }
  }
  for (const entry of ignored) text += `${entry.path}: not imported: ${entry.reason}\n`;

  const count = (status: FileOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  const converted = outcomes.filter((outcome) => outcome.result?.converted);
  const withDefault = (field: 'severity' | 'services') =>
    converted.filter((outcome) => outcome.result?.converted && outcome.result.defaults.includes(field)).length;
  const failing = converted.filter((outcome) => outcome.status !== 'skipped' && outcome.result?.converted && outcome.result.problems.length > 0).length;
  const imported = count('imported') + count('unchanged');
  const parts = [
    count('unchanged') > 0 ? `${count('unchanged')} already there` : '',
    count('not-converted') > 0 ? `${count('not-converted')} not converted` : '',
    count('skipped') > 0 ? `${count('skipped')} skipped` : '',
  ].filter(Boolean);
  text += `\n${options.dryRun ? 'Would import' : 'Imported'} ${imported} of ${outcomes.length} file${outcomes.length === 1 ? '' : 's'} into ${options.outFolder}/${parts.length > 0 ? ` (${parts.join(', ')})` : ''}.\n`;
  const severities = withDefault('severity');
  if (severities > 0) {
    const how = options.chosenSeverity ? 'from `--severity`' : 'choose with `--severity`';
    text += `${severities} give${severities === 1 ? 's' : ''} no severity that maps onto the configured ones: written as ${literal(options.severity)} (${how}).\n`;
  }
  const services = withDefault('services');
  if (services > 0) {
    const written = options.services.length > 0 ? options.services : [unknownService];
    const how = options.services.length > 0 ? 'from `--service`' : 'choose with `--service`';
    text += `${services} name${services === 1 ? 's' : ''} no service: written as ${literalList(written, 'and')} (${how}).\n`;
  }
  if (failing > 0) text += `${failing} fail${failing === 1 ? 's' : ''} \`hindsight check\` (the errors are listed above): fix them before publishing.\n`;
  if (imported > 0 && !options.dryRun)
    text += `Run \`hindsight check ${options.outFolder}\` to see the rest; on archived reports most findings are warnings.\n`;
  return text;
}

function jsonReport(outcomes: readonly FileOutcome[], ignored: readonly IgnoredSource[], dryRun: boolean) {
  return {
    dryRun,
    files: outcomes.length,
    imported: outcomes.filter((outcome) => outcome.status === 'imported' || outcome.status === 'unchanged').length,
    results: outcomes.map((outcome) => {
      const result = outcome.result;
      return {
        source: outcome.source,
        status: outcome.status,
        ...(outcome.output ? { output: outcome.output } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        ...(result?.converted
          ? {
              date: result.date,
              title: result.title,
              from: result.sources,
              defaults: result.defaults,
              problems: result.problems.map((problem) => ({
                line: problem.place.start.line,
                column: problem.place.start.column,
                ruleId: problem.ruleId,
                message: problem.message,
              })),
            }
          : {}),
        notes: result?.notes ?? [],
      };
    }),
    ignored,
  };
}
