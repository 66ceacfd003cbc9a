/**
 * Writes each rule's docs page, `docs/rules/<id>.md`, and their index
 * `docs/rules/README.md`, from the rules' docs (src/lib/rules/). `check --verbose`
 * links these pages until `site.url` is set; `test/lib/rule-docs.test.ts` fails
 * when they are out of date.
 *
 * Usage: `npm run docs:rules` (writes), `npm run docs:rules -- --check` (exit 1
 * when a page would change, writing nothing).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDocsFolder, ruleDocsIndex, ruleDocsMarkdown } from '../src/lib/rule-docs.ts';
import { rules } from '../src/lib/rules/index.ts';

const folder = resolve(dirname(fileURLToPath(import.meta.url)), '..', ruleDocsFolder);
const pages = new Map<string, string>([['README.md', ruleDocsIndex(rules)], ...rules.map((rule) => [`${rule.id}.md`, ruleDocsMarkdown(rule)] as const)]);
const existing = (() => {
  try {
    return readdirSync(folder).filter((name) => name.endsWith('.md'));
  } catch {
    return [];
  }
})();
const read = (name: string) => {
  try {
    return readFileSync(join(folder, name), 'utf8');
  } catch {
    return undefined;
  }
};
const stale = [...[...pages].filter(([name, text]) => read(name) !== text).map(([name]) => name), ...existing.filter((name) => !pages.has(name))];

if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(`Out of date in ${ruleDocsFolder}/: ${stale.join(', ')}. Run \`npm run docs:rules\`.`);
    process.exitCode = 1;
  }
} else {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of pages) if (read(name) !== text) writeFileSync(join(folder, name), text);
  // A page of a rule that no longer exists would link nowhere from the index.
  for (const name of existing) if (!pages.has(name)) rmSync(join(folder, name));
  console.log(stale.length > 0 ? `Wrote ${stale.join(', ')} in ${ruleDocsFolder}/` : `${ruleDocsFolder}/ is up to date`);
}
