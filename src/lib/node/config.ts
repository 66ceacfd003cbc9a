/**
 * Reads `hindsight.config.yaml` from the project root.
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, validateConfig } from '../config-errors.ts';
import type { Config } from '../config.ts';
import { yamlFieldPlaces } from '../frontmatter.ts';
import { LineIndex } from '../text.ts';

/** File names looked for, in order. */
export const configFileNames = ['hindsight.config.yaml', 'hindsight.config.yml'];

/** A loaded configuration. */
export interface LoadedConfig {
  config: Config;
  /** The file it was read from; none when the project has none (the defaults). */
  file?: string;
  /**
   * Settings that work but should change (a deprecated one), each a message naming
   * the file and line: the CLI prints them on stderr, the site's build logs them.
   */
  warnings: string[];
}

/**
 * Loads and validates the project configuration; defaults when there is no file.
 *
 * @throws {ConfigError} when the file is not valid YAML or not a valid configuration (each problem with its line)
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  for (const name of configFileNames) {
    let text: string;
    try {
      text = await readFile(join(root, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError(`Cannot read ${name}: ${(error as Error).message}`);
    }
    const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
    if (document.errors.length > 0) {
      const lines = document.errors.map((error) => describeYamlError(error, text));
      throw new ConfigError(`Invalid YAML in ${name}:\n${lines.join('\n')}`);
    }
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: 50 });
    } catch (error) {
      throw new ConfigError(`Invalid YAML in ${name}: ${(error as Error).message}`);
    }
    // Where each setting is, so that every message names its line.
    const places = yamlFieldPlaces(document, new LineIndex(text));
    return { ...validateConfig(data ?? {}, name, places), file: name };
  }
  return validateConfig({});
}

/**
 * One YAML error as a list line: the message, then where (`at line 2, column 1`), then
 * the offending line when it has any text, on a line of its own. The `yaml` package's
 * own pretty message ends in a colon before a context block, which reads as cut off.
 */
export function describeYamlError(error: { message: string; pos: [number, number] }, text: string): string {
  const message = error.message
    .split('\n')[0]!
    .replace(/\s+at line \d+, column \d+:?$/, '')
    .replace(/[.:]$/, '');
  const before = text.slice(0, Math.min(error.pos[0], text.length));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const source = text.split('\n')[line - 1]?.replace(/\r$/, '') ?? '';
  return `- ${message} at line ${line}, column ${column}${source.trim() === '' ? '' : `\n    ${source}`}`;
}

/**
 * What marks the root of a project: its configuration, its `package.json`, its Git
 * folder, or the default content folder (a project without any of the others).
 */
const rootMarkers = [...configFileNames, 'package.json', '.git', 'postmortems'];

/**
 * The project root for a command run in `start`: the nearest folder, from `start`
 * up, that holds one of `rootMarkers`; `start` itself when none does. `npx` finds
 * the project's `hindsight` from any subfolder, so `hindsight check x.md` run inside
 * `postmortems/` must still read the configuration and the content folder of the
 * project, not look for `postmortems/postmortems/`.
 */
export async function findProjectRoot(start: string): Promise<string> {
  for (let folder = start; ; folder = dirname(folder)) {
    for (const marker of rootMarkers) {
      try {
        await access(join(folder, marker));
        return folder;
      } catch {
        // Not here; try the next marker, then the parent folder.
      }
    }
    if (dirname(folder) === folder) return start;
  }
}
