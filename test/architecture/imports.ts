/**
 * The import graph of a source tree, read from its files' `import` and `export …
 * from` statements (type-only imports included: a cycle through types still ties
 * modules together), and the layering rules the codebase keeps.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

/** Module path (relative to the tree's root, `/` separators) → the modules it imports. */
export type ImportGraph = Map<string, string[]>;

/** `import … from '…'`, `import '…'`, `export … from '…'`, `import('…')`, in .ts and .astro frontmatter and scripts. */
const importPattern = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Reads every `.ts`, `.mts`, `.js` and `.astro` file below `root` into an import graph of relative imports. */
export async function readImportGraph(root: string): Promise<ImportGraph> {
  const graph: ImportGraph = new Map();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(ts|mts|js|astro)$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const from = relative(root, path).split('\\').join('/');
    const text = await readFile(path, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[1] ?? match[2]!;
      if (!specifier.startsWith('.')) continue;
      targets.add(
        relative(root, resolve(dirname(path), specifier))
          .split('\\')
          .join('/'),
      );
    }
    graph.set(from, [...targets].sort());
  }
  return graph;
}

/** Every import cycle, each once, as the modules on it in import order (the first repeated at the end). */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'open');
    stack.push(module);
    for (const target of graph.get(module) ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === 'open') {
        const cycle = stack.slice(stack.indexOf(target));
        // One report per cycle, whichever module it was entered from.
        const key = [...cycle].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...cycle, target]);
        }
      } else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of [...graph.keys()].sort()) if (!state.has(module)) visit(module);
  return cycles;
}

/** One import that breaks a layering rule. */
export interface LayerViolation {
  from: string;
  to: string;
  rule: string;
}

/**
 * The layering rules of `src/`:
 * - a rule module (`lib/rules/<id>.ts`) is imported only by the rule index;
 * - the core (`lib/`, except `lib/node/` and `lib/github/`) imports neither `lib/node/` nor `lib/github/`,
 *   and nothing of Astro's or the CLI's.
 */
export function findLayerViolations(graph: ImportGraph): LayerViolation[] {
  const violations: LayerViolation[] = [];
  const isRuleModule = (module: string) => /^lib\/rules\/(?!index\.ts$|examples\.ts$)[^/]+\.ts$/.test(module);
  const isCore = (module: string) => module.startsWith('lib/') && !module.startsWith('lib/node/') && !module.startsWith('lib/github/');
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (isRuleModule(to) && from !== 'lib/rules/index.ts') {
        violations.push({ from, to, rule: 'a rule module is imported only by the rule index (lib/rules/index.ts)' });
      }
      if (isCore(from) && (to.startsWith('lib/node/') || to.startsWith('lib/github/'))) {
        violations.push({ from, to, rule: 'the core does no I/O: it imports neither lib/node/ nor lib/github/' });
      }
      if (isCore(from) && /^(astro|cli|routes|components|layouts)\//.test(to)) {
        violations.push({ from, to, rule: 'the core knows nothing of Astro or the CLI' });
      }
    }
  }
  return violations;
}
