/**
 * Reads `hindsight.config.yaml` from the project root.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, parseConfig } from '../config-errors.ts';
import type { Config } from '../config.ts';

/** File names looked for, in order. */
export const configFileNames = ['hindsight.config.yaml', 'hindsight.config.yml'];

/**
 * Loads and validates the project configuration; defaults when there is no file.
 *
 * @throws {ConfigError} when the file is not valid YAML or not a valid configuration
 */
export async function loadConfig(root: string): Promise<{ config: Config; file?: string }> {
  for (const name of configFileNames) {
    let text: string;
    try {
      text = await readFile(join(root, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError(`Cannot read ${name}: ${(error as Error).message}`);
    }
    const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
    if (document.errors.length > 0) {
      const lines = document.errors.map((error) => `- ${error.message.split('\n')[0]}`);
      throw new ConfigError(`Invalid YAML in ${name}:\n${lines.join('\n')}`);
    }
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: 50 });
    } catch (error) {
      throw new ConfigError(`Invalid YAML in ${name}: ${(error as Error).message}`);
    }
    return { config: parseConfig(data ?? {}, name), file: name };
  }
  return { config: parseConfig({}) };
}
