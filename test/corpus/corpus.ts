/**
 * Where the shared corpus of real postmortems is, and a `describe` for suites that
 * need it. The corpus lives beside the clone (`../shared/corpus`), not in it: a
 * developer without it gets those suites skipped with the reason in the test name;
 * CI always has it, so there a missing corpus fails loudly instead of passing green.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** The project's root folder. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared corpus: `../shared/corpus` beside the project's clone. */
export const corpusFolder = resolve(projectRoot, '../shared/corpus');

/** Why corpus suites cannot run, or `undefined` when the corpus (or `folder` in it) is there. */
export function missingCorpusReason(folder = corpusFolder): string | undefined {
  return existsSync(folder) ? undefined : `the shared corpus is not at ${folder} (clone the project beside \`shared/\`)`;
}

/**
 * A suite that reads the shared corpus. Its body runs only when `folder` exists, so
 * reading files while collecting tests is safe. Without it the suite shows one
 * skipped test naming the reason, or, in CI (`CI=true`), one failing test.
 *
 * @param name the suite's name
 * @param body the suite, as for `describe`
 * @param folder the folder it needs (the whole corpus by default)
 */
export function describeWithCorpus(name: string, body: () => void, folder = corpusFolder): void {
  const reason = missingCorpusReason(folder);
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    if (process.env.CI === 'true') {
      it('has the shared corpus (CI always lays it beside the clone)', () => {
        throw new Error(`Cannot run corpus tests in CI: ${reason}`);
      });
    } else {
      it.skip(`skipped: ${reason}`, () => {
        throw new Error(reason);
      });
    }
  });
}

/** Every Markdown file (`.md`) below a folder, at any depth. */
export function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.md$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}
