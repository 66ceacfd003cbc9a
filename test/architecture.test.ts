/**
 * The layering of src/ holds (see CONTRIBUTING.md): no import cycles (type-only
 * imports included), a rule module is imported only by the rule index, and the
 * core does no I/O. The fixture tree has one of each mistake, so the checks are
 * shown to catch them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { findCycles, findLayerViolations, readImportGraph } from './architecture/imports.ts';

const source = fileURLToPath(new URL('../src/', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/architecture/src/', import.meta.url));

describe('src/ layering', () => {
  test('has no import cycle', async () => {
    expect(findCycles(await readImportGraph(source)).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  test('imports rule modules only through the rule index, and keeps I/O out of the core', async () => {
    expect(findLayerViolations(await readImportGraph(source)).map(({ from, to }) => `${from} → ${to}`)).toEqual([]);
  });
});

describe('the checks catch each mistake (test/fixtures/architecture)', () => {
  test('a cycle through type-only imports', async () => {
    expect(findCycles(await readImportGraph(fixture))).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/a.ts']]);
  });

  test('a rule module imported outside the index, and the core importing I/O', async () => {
    const violations = findLayerViolations(await readImportGraph(fixture)).map(({ from, to }) => `${from} → ${to}`);
    expect(violations.sort()).toEqual(['lib/a.ts → lib/node/files.ts', 'lib/site/page.ts → lib/rules/some-rule.ts']);
  });
});
