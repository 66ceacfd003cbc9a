/**
 * Helpers for the package tests: the reports copied into the fixture project,
 * snapshots of its files, the imports of the published modules, and a search
 * of the built Pagefind index.
 */
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedNodeFolder, run, describeRun } from './run.ts';

/** A report written by the test, not copied from this repository. */
export interface GeneratedReport {
  id: string;
  title: string;
  text: string;
}

/**
 * A complete, reviewed report with no errors, different in service and wording
 * from the sample reports (so no `possible-repeat` warning), carrying `word`
 * in its overview so a search for it finds this report only.
 */
export function generatedReport(word: string): GeneratedReport {
  const id = '2024-03-12-checkout-queue-backlog';
  const title = 'Checkout orders wait in a stuck queue';
  const text = `---
title: ${title}
date: 2024-03-12
status: reviewed
severity: sev3
timezone: UTC
impact:
  start: 2024-03-12T09:10
  end: 2024-03-12T10:40
  detected: 2024-03-12T09:25
services: [checkout]
tags: [queue]
authors: [carol]
---

# ${title}

## Overview

For 1 h 30 m new orders waited in the checkout queue: the ${word} worker pool stopped
taking messages after a configuration change halved its connection limit.

## Impact

- About 1,200 orders were confirmed up to 90 minutes late.
- No order was lost or charged twice.

## Timeline

| Time | Event |
| --- | --- |
| 09:05 | The connection limit change is deployed. |
| 09:10 | The queue stops draining. |
| 09:25 | The queue-depth alert fires. |
| 10:30 | The change is reverted. |
| 10:40 | The backlog is cleared. |

## Resolution

The configuration change was reverted and the worker pool restarted.

## Action Items

- [ ] Alert on queue age as well as depth: acme/checkout#41 @carol
- [x] Validate the connection limit in CI: acme/checkout#42 @dave
`;
  return { id, title, text };
}

/** A report with one error: an action item that links no tracker issue. */
export interface BrokenReport extends GeneratedReport {
  /** The 1-based line of the error. */
  line: number;
  /** The rule that reports it. */
  ruleId: string;
}

/** A draft whose action item has no tracker link: `action-item-link` is an error even in a draft. */
export function brokenReport(): BrokenReport {
  const id = '2024-04-02-search-latency';
  const title = 'Search answers slowly';
  const lines = [
    '---',
    `title: ${title}`,
    'date: 2024-04-02',
    'status: draft',
    'severity: sev4',
    'timezone: UTC',
    'services: [search]',
    '---',
    '',
    `# ${title}`,
    '',
    '## Overview',
    '',
    'Search took several seconds to answer for an hour.',
    '',
    '## Action Items',
    '',
    '- [ ] Add a latency alert',
    '',
  ];
  return { id, title, text: lines.join('\n'), line: lines.indexOf('- [ ] Add a latency alert') + 1, ruleId: 'action-item-link' };
}

/** Every file below `root` (relative paths, `/` separators), skipping the folders named in `skip` at any depth. */
export async function listFiles(root: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const files: string[] = [];
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) await walk(path);
      } else {
        files.push(relative(root, path).split(sep).join('/'));
      }
    }
  }
  await walk(root);
  return files.sort();
}

/** Folders of the fixture project that are not its own files: dependencies, build output, Astro's cache, Git. */
export const generatedFolders: ReadonlySet<string> = new Set(['node_modules', 'dist', '.astro', '.git']);

/** Each file of the project (outside `generatedFolders`) and the SHA-256 of its bytes. */
export async function snapshotFiles(root: string): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const path of await listFiles(root, generatedFolders)) {
    snapshot.set(
      path,
      createHash('sha256')
        .update(await readFile(join(root, path)))
        .digest('hex'),
    );
  }
  return snapshot;
}

/** One import of a published module. */
export interface ModuleImport {
  /** The importing file, relative to the package root. */
  file: string;
  specifier: string;
}

/** A specifier's package name (`@octokit/rest` for `@octokit/rest/x`, `astro` for `astro/errors`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Whether a specifier names a Node builtin (`node:fs`, `fs`, `fs/promises`). */
export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier) || builtinModules.includes(packageName(specifier));
}

/**
 * The module specifiers a compiled `.js` file imports at run time: static imports,
 * re-exports and dynamic imports of a string literal. es-module-lexer (a
 * dependency of Astro and Vitest) parses the JavaScript, so `from '…'` inside a
 * template string (the files `hindsight init` writes) is not mistaken for one.
 */
export async function javascriptImports(code: string): Promise<string[]> {
  const lexer = await import('es-module-lexer');
  await lexer.init;
  const [imports] = lexer.parse(code);
  return imports.filter((entry) => entry.n !== undefined && entry.t !== 3).map((entry) => entry.n!);
}

/** A value import in an Astro component's frontmatter or `<script>` (`import type` is erased, so it is left out). */
const astroImport = /^\s*(?:import|export)\s+(?!type\s)(?:[\w*{}\s,$]+?\s+from\s+)?(['"])([^'"]+)\1/gm;
/** A dynamic import of a string literal. */
const dynamicImport = /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g;

/** The module specifiers an `.astro` file imports (frontmatter and scripts). */
export function astroImports(text: string): string[] {
  return [...text.matchAll(astroImport), ...text.matchAll(dynamicImport)].map((match) => match[2]!);
}

/** Results of a Pagefind search: the URLs found for each term, and the filters for `--filters`. */
export type SearchResults = Record<string, string[]> & { '--filters'?: Record<string, Record<string, number>> };

/**
 * Searches the built site's Pagefind index with Pagefind's own browser bundle
 * (`dist/pagefind/pagefind.js`), run in Node by `pagefind-search.ts`.
 *
 * @param dist the built site
 * @param scratch an empty folder for a copy of the bundle
 */
export async function searchSite(dist: string, scratch: string, terms: readonly string[]): Promise<SearchResults> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'pagefind-search.ts');
  const result = await run(join(pinnedNodeFolder, 'node'), [script, dist, scratch, ...terms], { cwd: scratch, timeout: 60_000 });
  if (result.code !== 0) throw new Error(`The Pagefind search failed: ${describeRun(result)}`);
  return JSON.parse(result.stdout) as SearchResults;
}
