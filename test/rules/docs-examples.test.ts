/**
 * "Docs are tests": every example on a rule's docs page is checked here, so the
 * `/rules/<id>/` pages can never show an example that is wrong.
 */
import { describe, expect, it } from 'vitest';
import { lookupFromRecord } from '../../src/lib/issue-state.ts';
import { rules } from '../../src/lib/rules/index.ts';
import { brief, checkFiles, contentFiles } from '../helpers.ts';

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s docs', (_id, rule) => {
  it('has a failing and a passing example', () => {
    expect(rule.docs.examples.some((example) => example.expected.length > 0)).toBe(true);
    expect(rule.docs.examples.some((example) => example.expected.length === 0)).toBe(true);
  });

  it.each(rule.docs.examples.map((example) => [example.title, example] as const))('example: %s', (_title, example) => {
    const [first] = Object.keys(example.files);
    const github = example.github ? lookupFromRecord(example.github) : undefined;
    // Every file of the example is in the content folder; only its Markdown files are reports.
    const reports = Object.fromEntries(Object.entries(example.files).filter(([path]) => /\.(md|markdown)$/i.test(path)));
    const diagnostics = checkFiles(reports, { rule, targets: [first!], github, files: contentFiles(Object.keys(example.files)) });
    expect(diagnostics.map(brief)).toEqual(example.expected);
    for (const diagnostic of diagnostics) expect(diagnostic.ruleId).toBe(rule.id);
  });
});
