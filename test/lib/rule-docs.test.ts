/**
 * The rules' Markdown pages (`docs/rules/`, src/lib/rule-docs.ts): generated from
 * the rules' docs, kept up to date, and what `check --verbose` links to until
 * `site.url` is set.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagedRuleDocsUrl, ruleDocsFolder, ruleDocsIndex, ruleDocsMarkdown } from '../../src/lib/rule-docs.ts';
import { rules } from '../../src/lib/rules/index.ts';
import { projectRoot } from '../corpus/corpus.ts';

const folder = join(projectRoot, ruleDocsFolder);

describe('docs/rules/', () => {
  it.each(rules.map((rule) => [rule.id, rule] as const))('has the page of %s as its docs say (run `npm run docs:rules` after editing them)', (id, rule) => {
    expect(readFileSync(join(folder, `${id}.md`), 'utf8')).toBe(ruleDocsMarkdown(rule));
  });

  it('has the index, and no page of a rule that does not exist', () => {
    expect(readFileSync(join(folder, 'README.md'), 'utf8')).toBe(ruleDocsIndex(rules));
    expect(readdirSync(folder).sort()).toEqual(['README.md', ...rules.map((rule) => `${rule.id}.md`)].sort());
  });

  it('fences example files longer than any backticks inside them', () => {
    const page = ruleDocsMarkdown(rules.find((rule) => rule.id === 'link')!);
    expect(page).toContain('## Examples');
    const rule = { ...rules[0]!, docs: { ...rules[0]!.docs, examples: [{ title: 'x', files: { 'a.md': 'text\n```js\ncode\n```\n' }, expected: [] }] } };
    expect(ruleDocsMarkdown(rule)).toContain('````markdown\ntext\n```js\ncode\n```\n````');
  });

  it("gives the file URL of a rule's page in the package, and of the index for other ids", () => {
    const url = packagedRuleDocsUrl('timeline-order', true);
    expect(url).toMatch(/^file:\/\/.*\/docs\/rules\/timeline-order\.md$/);
    expect(existsSync(fileURLToPath(url))).toBe(true);
    expect(fileURLToPath(packagedRuleDocsUrl('internal', false))).toBe(join(folder, 'README.md'));
  });
});
