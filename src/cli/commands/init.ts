/**
 * `hindsight init`: adds Hindsight to an existing project. What to write comes
 * from `src/lib/init/plan.ts`; this file reads the project, writes new files with
 * the `wx` flag (so a file that appears meanwhile is never overwritten), adds
 * scripts to package.json, and prints the report.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { contentFolderProblem, normalizeContentFolder } from '../../lib/init/config-file.ts';
import { PackageJsonError } from '../../lib/init/package-json.ts';
import { contentFolderOf, pathsToRead, planInit, type ExistingConfig } from '../../lib/init/plan.ts';
import { formatInitReport } from '../../lib/init/report.ts';
import { loadConfig } from '../../lib/node/config.ts';
import { readGitFacts } from '../../lib/node/git.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';

/** Help for `init`. */
export const initHelp = `Usage: hindsight init [options]

Adds Hindsight to the project in this folder (the nearest folder up with a
package.json): hindsight.config.yaml, <content>/_template.md, astro.config.mjs,
src/content.config.ts, .gitignore, .github/workflows/postmortems.yml, and the
package.json scripts build, dev, preview, postmortems:check, postmortems:new and
postmortems:sync.

It writes only what is missing. An existing file is never overwritten or edited:
init prints the lines to add to it instead. package.json only gains scripts
whose names are free. With a github.com Git remote, the site's address and the
repository are filled in. Running init again changes nothing.

Options:
  --content <folder>  the folder of reports (default: postmortems; e.g. docs/postmortems)
  --dry-run           print what would be written, and write nothing
  -h, --help          show this help

Exit codes: 0 done (or nothing to do), 2 usage error, no package.json, or an
invalid package.json or hindsight.config.yaml.
`;

/** Paths in output use `/` on every platform. */
function displayPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Whether a path exists. */
async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The project root: the nearest folder from `start` up with a package.json, never
 * above the Git repository's root (a package.json in a home folder is not the project's).
 */
async function findPackageRoot(start: string): Promise<string | undefined> {
  for (let folder = start; ; folder = dirname(folder)) {
    if (await exists(join(folder, 'package.json'))) return folder;
    if ((await exists(join(folder, '.git'))) || dirname(folder) === folder) return undefined;
  }
}

/** A file's text, or `undefined` when it does not exist. */
async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // A folder where a file is expected, or an unreadable file: it exists, and init must not write over it.
    if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM') return '';
    throw error;
  }
}

/** Runs `init`; returns the exit code. */
export async function init(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      content: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(initHelp);
    return exitCodes.ok;
  }
  if (values.content !== undefined) {
    const problem = contentFolderProblem(values.content);
    if (problem) throw new UsageError(problem);
  }
  const content = values.content === undefined ? undefined : normalizeContentFolder(values.content);

  const root = await findPackageRoot(io.cwd);
  if (root === undefined) {
    throw new UsageError(
      'Unexpected project without a `package.json`, expected a Node.js project: run `npm init -y` and `npm i -D hindsight-postmortems astro` first, then `npx hindsight init`',
    );
  }
  const show = (path: string) => displayPath(relative(io.cwd, join(root, path))) || '.';
  const packageJson = await readFile(join(root, 'package.json'), 'utf8');

  // An invalid configuration stops init (ConfigError, exit 2): its content folder is unknown.
  const loaded = await loadConfig(root);
  for (const warning of loaded.warnings) io.stderr.write(`hindsight: warning: ${warning}\n`);
  let existingConfig: ExistingConfig | undefined;
  if (loaded.file) {
    const text = await readFile(join(root, loaded.file), 'utf8');
    existingConfig = { file: loaded.file, data: parseDocument(text, { version: '1.2' }).toJS({ maxAliasCount: 50 }), config: loaded.config };
  }

  const files: Record<string, string> = {};
  for (const path of pathsToRead(contentFolderOf({ content, existingConfig }))) {
    const text = await readIfExists(join(root, path));
    if (text !== undefined) files[path] = text;
  }
  const gitFacts = await readGitFacts(root, { env: io.env });

  let plan;
  try {
    plan = planInit({
      content,
      existingConfig,
      packageJson,
      files,
      repository: gitFacts.repository,
      remoteName: gitFacts.remoteName,
      defaultBranch: gitFacts.defaultBranch,
    });
  } catch (error) {
    if (error instanceof PackageJsonError) throw new UsageError(error.message);
    throw error;
  }

  const written: string[] = [];
  const appeared: string[] = [];
  let packageJsonWritten = false;
  if (!values['dry-run']) {
    for (const file of plan.files) {
      const path = resolve(root, file.path);
      try {
        await mkdir(dirname(path), { recursive: true });
        // `wx` fails if the file exists, even if it appeared a moment ago: nothing is ever overwritten.
        await writeFile(path, file.text, { flag: 'wx' });
        written.push(file.path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') appeared.push(file.path);
        else throw new UsageError(`Cannot write \`${show(file.path)}\` (${code ?? (error as Error).message})`);
      }
    }
    if (plan.packageJson) {
      // Written only if nobody changed it since it was read; otherwise the scripts are printed instead.
      const now = await readFile(join(root, 'package.json'), 'utf8');
      if (now === packageJson) {
        await writeFile(join(root, 'package.json'), plan.packageJson.text);
        packageJsonWritten = true;
      }
    }
  }
  io.stdout.write(formatInitReport(plan, { dryRun: values['dry-run'], written, appeared, packageJsonWritten, show }));
  return exitCodes.ok;
}
