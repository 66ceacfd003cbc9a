/**
 * The key of the parse cache (src/lib/node/parse-cache.ts): what decides whether a
 * cached parse may stand for a parse done now. An entry is found by a digest of the
 * report's path and of a SHA-256 of its bytes (`contentHash`), in a generation that
 * is a digest of the entry format, the Hindsight version (`hindsightVersion`: in a
 * clone, also of `src/lib`'s code, so an edit invalidates it; and the Markdown
 * parser's version, which an update can change under an unchanged Hindsight) and
 * the parse-relevant configuration (`parseConfigDigest`). Anything a parse depends on
 * and none of these covers would serve a stale parse; hence the configuration
 * digest leaves out only the fields known not to matter.
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configOutsideParse, type Config } from '../config.ts';

/** A SHA-256 of a report's bytes, hex: with the path, what names a report's entry, so changed bytes are a miss. */
export function contentHash(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

/** The configuration without the fields a parse never reads (`configOutsideParse`, which says why). */
function parseRelevantConfig(config: Config): unknown {
  const relevant: Record<string, unknown> = { ...config };
  for (const field of configOutsideParse.fields) delete relevant[field];
  const github: Record<string, unknown> = { ...config.github };
  for (const field of configOutsideParse.githubFields) delete github[field];
  return { ...relevant, github };
}

/** A digest of the configuration as far as parsing depends on it. */
export function parseConfigDigest(config: Config): string {
  return hash('sha256', stableJson(parseRelevantConfig(config)), 'hex');
}

/** JSON with object keys sorted, so that the digest does not depend on key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `hindsightVersion`, worked out once a process: in a clone it reads every file of src/lib. */
let versionMemo: string | undefined;

/**
 * Hindsight's version as the cache sees it: package.json's version, and, when it
 * runs from its TypeScript sources (a clone), a digest of `src/lib`'s code, so that
 * a developer's edit to the parser invalidates every entry (the published package
 * only changes with its version).
 */
export function hindsightVersion(): string {
  if (versionMemo !== undefined) return versionMemo;
  const here = fileURLToPath(import.meta.url);
  // Walked up rather than a fixed `../../..`: the published CLI is bundled into another folder depth.
  let version = manifestVersion(dirname(here), 'hindsight-postmortems');
  // This file is src/lib/node/parse-cache-key.ts in a clone: its folder's parent is src/lib.
  if (here.endsWith('.ts')) version += `+${sourceDigest(resolve(dirname(here), '..'))}`;
  versionMemo = `${version} satteri@${packageVersion('satteri')}`;
  return versionMemo;
}

/** The version of an installed package (found from here, as `import` finds it), or `unknown`. */
function packageVersion(name: string): string {
  try {
    // From its entry file: the package's `exports` need not list package.json.
    return manifestVersion(dirname(createRequire(import.meta.url).resolve(name)), name);
  } catch {
    // Not resolvable from here: entries then only depend on Hindsight's own version.
    return 'unknown';
  }
}

/** The version in the nearest `package.json` named `name`, from `folder` up, or `unknown`. */
function manifestVersion(folder: string, name: string): string {
  for (let current = folder; ; current = dirname(current)) {
    try {
      const manifest = JSON.parse(readFileSync(join(current, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === name && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No manifest here, or not this package's: keep walking.
    }
    if (dirname(current) === current) return 'unknown';
  }
}

/** A digest of every TypeScript file under `folder` (paths and contents), in a stable order. */
function sourceDigest(folder: string): string {
  const parts: string[] = [];
  const walk = (directory: string) => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) parts.push(`${path.slice(folder.length)}\n${readFileSync(path, 'utf8')}`);
    }
  };
  walk(folder);
  return hash('sha256', parts.join('\n\0'), 'hex').slice(0, 16);
}
