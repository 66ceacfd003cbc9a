/**
 * `hindsight new <title>`: writes a new draft report from the project's template.
 * The text is made by `src/lib/scaffold.ts`; this file only reads and writes files.
 */
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { findReportFiles } from '../../lib/node/files.ts';
import { reportId } from '../../lib/parse.ts';
import { optionsProblem, reportFileName, scaffoldReport, TemplateError } from '../../lib/scaffold.ts';
import { localDate } from '../../lib/time.ts';
import { loadProject } from '../content.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';

/** Help for `new`. */
export const newHelp = `Usage: hindsight new <title> [options]

Writes a new draft report, <content folder>/<date>-<slug>.md (default folder:
postmortems/), from <content folder>/_template.md, or from a built-in template when
there is none. Prints the new file's path. Never overwrites an existing file.

Options:
  --date <YYYY-MM-DD>   the day impact began (default: today in the configured timezone)
  --service <name>      an affected service; repeat for several (default: the template's)
  --severity <level>    one of the configured severities (default: the template's)
  -h, --help            show this help

Exit codes: 0 written, 2 usage error, invalid template or the file already exists.
`;

/** Paths in output use `/` on every platform. */
function displayPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Runs `new`; returns the exit code. */
export async function newReport(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      date: { type: 'string' },
      service: { type: 'string', multiple: true },
      severity: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(newHelp);
    return exitCodes.ok;
  }
  // Unquoted words are one title: `hindsight new API down` means "API down".
  const title = positionals.join(' ').replace(/\s+/g, ' ').trim();
  const { root, config } = await loadProject(io);
  const options = {
    title,
    date: values.date ?? localDate(io.now ?? new Date(), config.timezone),
    severity: values.severity,
    services: values.service?.map((service) => service.trim()),
  };
  const problem = optionsProblem(options, config);
  if (problem) throw new UsageError(problem);

  const folder = resolve(root, config.content);
  const templatePath = join(folder, '_template.md');
  let template: string | undefined;
  try {
    // The template is copied into a report that gets published: a link to a file outside the project
    // (`_template.md` → /etc/passwd, in a pull request from a fork) must not be read.
    const target = await realpath(templatePath);
    const projectRoot = await realpath(root);
    if (target !== projectRoot && !target.startsWith(`${projectRoot}${sep}`)) {
      throw new UsageError(
        `Unexpected template \`${displayPath(relative(io.cwd, templatePath))}\` that links to a file outside the project, expected a file in \`${displayPath(relative(io.cwd, folder)) || '.'}\`; replace the link with the template itself`,
      );
    }
    template = await readFile(templatePath, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(
        `Cannot read the template \`${displayPath(relative(io.cwd, templatePath))}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  let text: string;
  try {
    text = scaffoldReport(template, options, config);
  } catch (error) {
    if (error instanceof TemplateError) {
      throw new UsageError(`Unexpected template \`${displayPath(relative(io.cwd, templatePath))}\` that cannot be filled in: ${error.message}`);
    }
    throw error;
  }

  const path = join(folder, reportFileName(options.date, title));
  const shown = displayPath(relative(io.cwd, path));
  // A report of the same id in a subfolder would make every link to that id ambiguous (the `reference` rule refuses it).
  const sameId = (await findReportFiles([folder], io.cwd).catch(() => [])).find((existing) => reportId(existing) === reportId(path));
  if (sameId !== undefined && sameId !== shown) {
    throw new UsageError(
      `Unexpected report id \`${reportId(path)}\` already used by \`${sameId}\`, expected a new id; edit that report, or choose another title or \`--date\``,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    // `wx` fails if the file exists, even if it appeared a moment ago: a report is never overwritten.
    await writeFile(path, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`Unexpected existing file \`${shown}\`, expected a new report; edit that file, or choose another title or \`--date\``);
    }
    throw new UsageError(`Cannot write \`${shown}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  io.stdout.write(`${shown}\n`);
  return exitCodes.ok;
}
