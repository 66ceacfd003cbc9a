/**
 * Test helpers: check in-memory reports with the real parser and rules.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkReports } from '../src/lib/check.ts';
import { ConfigError, parseConfig } from '../src/lib/config-errors.ts';
import { configSchema, type Config, type ConfigInput } from '../src/lib/config.ts';
import type { ContentFiles } from '../src/lib/content-files.ts';
import { parseReport, type ParsedReport } from '../src/lib/parse.ts';
import type { Diagnostic, Rule } from '../src/lib/rule.ts';
import type { StateLookup } from '../src/lib/issue-state.ts';
import { run } from '../src/cli/run.ts';

/** A configuration from partial input, defaults applied. */
export function makeConfig(input: ConfigInput = {}): Config {
  return configSchema.parse(input);
}

/** Options for `checkFiles`. */
export interface CheckFilesOptions {
  config?: Config;
  rule?: Rule;
  now?: Date;
  /** Only report on these paths (default: all). */
  targets?: string[];
  /** GitHub state for the rules that use it (as with `check --github`). */
  github?: StateLookup;
  /** The content folder's files, for the `image` rule (`contentFiles` makes them from paths). */
  files?: ContentFiles;
}

/** Parses in-memory files (strings are encoded to UTF-8 bytes, as on disk). */
export function parseFiles(files: Record<string, string | Uint8Array>, config = makeConfig()): ParsedReport[] {
  return Object.entries(files).map(([path, content]) => parseReport(path, typeof content === 'string' ? new TextEncoder().encode(content) : content, config));
}

/** Checks in-memory files with one rule (or all) and returns the diagnostics. */
export function checkFiles(files: Record<string, string | Uint8Array>, options: CheckFilesOptions = {}): Diagnostic[] {
  const config = options.config ?? makeConfig();
  return checkReports(parseFiles(files, config), config, {
    rules: options.rule ? [options.rule] : undefined,
    now: options.now ?? new Date('2024-06-01T00:00:00Z'),
    targets: options.targets ? new Set(options.targets) : undefined,
    github: options.github,
    files: options.files,
  });
}

/** The content folder's files as `check` lists them, from paths (in `folder`, by default `postmortems`). */
export function contentFiles(paths: Iterable<string>, options: { folder?: string; unlisted?: Iterable<string> } = {}): ContentFiles {
  return { folder: options.folder ?? 'postmortems', files: new Set(paths), unlisted: new Set(options.unlisted ?? []) };
}

/** The message `parseConfig` throws for `data` (a test fails when it throws none, or something else). */
export function configProblem(data: unknown): string {
  try {
    parseConfig(data);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw new Error('expected a ConfigError', { cause: error });
    return error.message;
  }
  throw new Error('expected a ConfigError');
}

/** `line:column: message` for compact assertions. */
export function brief(diagnostic: Diagnostic): string {
  return `${diagnostic.place.start.line}:${diagnostic.place.start.column}: ${diagnostic.message}`;
}

/** A temporary project folder with the given files. */
export async function makeProject(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hindsight-test-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

/** Runs the CLI in `cwd` with captured output. */
export async function runCli(argv: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd,
    env,
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    now: new Date('2024-06-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}
