/**
 * The self-contained rules' findings, worked out with the parse
 * (src/lib/report-findings.ts): the check gives exactly what it gives without
 * them, each rule that says it is self-contained keeps its promise, and one that
 * breaks it is run by the check as before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import type { ParsedReport } from '../../src/lib/parse.ts';
import { keepTreeForOtherRules, selfContainedFindings, storedFindings, type ReportFindings } from '../../src/lib/report-findings.ts';
import { defineReportRule, type Rule } from '../../src/lib/rule.ts';
import { rules } from '../../src/lib/rules/index.ts';
import { corpusFolder, describeWithCorpus } from '../corpus/corpus.ts';
import { contentFiles, makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();
const now = new Date('2024-06-01T00:00:00Z');

/** Every Markdown file of every rule's docs examples, each under its own folder so paths do not collide. */
function exampleReports(): ParsedReport[] {
  const files: Record<string, string> = {};
  rules.forEach((rule) =>
    rule.docs.examples.forEach((example, index) => {
      for (const [path, text] of Object.entries(example.files)) if (path.endsWith('.md')) files[`${rule.id}-${index}/${path}`] = text;
    }),
  );
  return parseFiles(files, config);
}

/**
 * The check's diagnostics on `files` as `hindsight check` gets them (findings worked
 * out beforehand, each tree then kept only where the other rules read it), and
 * with whole trees and no findings; and how many top-level nodes were let go.
 */
function prunedAndWhole(files: Record<string, string>, options: { listed?: boolean } = {}) {
  const listed = options.listed ? { files: contentFiles(Object.keys(files)) } : {};
  const whole = parseFiles(files, config);
  const pruned = parseFiles(files, config);
  const findings = new Map<ParsedReport, ReportFindings>(pruned.map((report) => [report, selfContainedFindings(report, config)]));
  let letGo = 0;
  for (const report of pruned) {
    keepTreeForOtherRules(report, config);
    letGo += report.tree.children.filter((node) => (node.type as string) === 'hindsightPrunedNode').length;
  }
  return { whole: checkReports(whole, config, { now, ...listed }), pruned: checkReports(pruned, config, { now, findings, ...listed }), letGo };
}

/** The check's diagnostics with and without the findings worked out beforehand. */
function bothWays(reports: ParsedReport[]) {
  const findings = new Map<ParsedReport, ReportFindings>(reports.map((report) => [report, selfContainedFindings(report, config)]));
  return { live: checkReports(reports, config, { now }), stored: checkReports(reports, config, { now, findings }), findings };
}

describe('selfContainedFindings', () => {
  it('gives the check the same diagnostics, in the same order, on every docs example', () => {
    const { live, stored } = bothWays(exampleReports());
    expect(live.length).toBeGreaterThan(50);
    expect(stored).toEqual(live);
  });

  it('runs every rule that says it is self-contained without it reading anything else', () => {
    const selfContained = rules.filter((rule) => rule.selfContained).map((rule) => rule.id);
    // The rules that read one report and the configuration only; the others need the date, GitHub, other reports or files.
    expect(selfContained.sort()).toEqual(
      ['empty-section', 'file', 'impact-window', 'link', 'required-section', 'secret', 'timeline-order', 'timezone-mismatch'].sort(),
    );
    for (const report of exampleReports()) expect(Object.keys(selfContainedFindings(report, config)).sort(), report.path).toEqual(selfContained.sort());
  });

  it('leaves out a rule that breaks its promise, and the check still runs it', () => {
    const datedRule: Rule = defineReportRule({
      id: 'dated',
      severity: 'warning',
      selfContained: true,
      docs: { summary: '', rationale: '', fix: '', examples: [] },
      check(report, context) {
        if (context.now.getUTCFullYear() > 2000)
          context.report(report, { message: 'Unexpected year', place: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } });
      },
    });
    // Rule settings are not in the parse cache's key: a rule that reads them is not self-contained either.
    const configuredRule: Rule = { ...datedRule, id: 'configured', check: (context) => void Object.keys(context.config.rules) };
    const [report] = parseFiles({ 'postmortems/a.md': '# A\n' }, config);
    const findings = selfContainedFindings(report!, config, [datedRule, configuredRule]);
    expect(storedFindings(findings, 'dated')).toBeUndefined();
    expect(storedFindings(findings, 'configured')).toBeUndefined();
    const diagnostics = checkReports([report!], config, { now, rules: [datedRule], findings: new Map([[report!, findings]]) });
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['Unexpected year']);
  });

  it('reports what is stored, through the same severity, lenience and masking as a live finding', () => {
    const [report] = parseFiles({ 'postmortems/a.md': '---\nstatus: draft\n---\n# A\n' }, config);
    const stored: ReportFindings = {
      'required-section': [
        {
          message: 'Unexpected stored finding with `ghp_0123456789abcdefghijklmnopqrstuvwxyzAB`',
          place: { start: { line: 4, column: 1 }, end: { line: 4, column: 4 } },
        },
      ],
    };
    const diagnostics = checkReports([report!], config, {
      now,
      rules: rules.filter((rule) => rule.id === 'required-section'),
      findings: new Map([[report!, stored]]),
    });
    expect(diagnostics).toHaveLength(1);
    // A draft eases `required-section` to a warning, and a token in a message is masked, stored or not.
    expect(diagnostics[0]!.severity).toBe('warning');
    expect(diagnostics[0]!.message).toBe('Unexpected stored finding with `ghp_…`');
  });

  it('ignores inherited keys when looking a rule up', () => {
    expect(storedFindings({}, 'constructor')).toBeUndefined();
    expect(storedFindings({ link: [] }, 'link')).toEqual([]);
  });
});

describe('keepTreeForOtherRules', () => {
  it('keeps every node the rules after the self-contained ones read: the same diagnostics on every docs example', () => {
    const files: Record<string, string> = {};
    rules.forEach((rule) =>
      rule.docs.examples.forEach((example, index) => {
        for (const [path, text] of Object.entries(example.files)) if (path.endsWith('.md')) files[`${rule.id}-${index}/${path}`] = text;
      }),
    );
    const { whole, pruned, letGo } = prunedAndWhole(files);
    expect(letGo).toBeGreaterThan(100);
    expect(whole.some((diagnostic) => diagnostic.ruleId === 'action-item-link')).toBe(true);
    expect(pruned).toEqual(whole);
  });

  it('keeps the action items sections and every node of a report with an image, which `image` and `action-item-link` read', () => {
    const report = [
      '# API down',
      '',
      '## Overview',
      '',
      'Errors, see ![the graph](./missing.png) and ![the other][g].',
      '',
      '[g]: ./gone.png',
      '',
      '## Action Items',
      '',
      '- [ ] Add a canary stage to deploys',
      '- [ ] Page the owner: acme/..#105',
      '',
      '## Follow-ups',
      '',
      'Nothing listed here.',
      '',
    ].join('\n');
    const files = { 'postmortems/2024-03-01-api-down.md': report, 'postmortems/2024-03-02-db.md': report.replace(/!\[[^\]]*\]\S*/g, 'a graph') };
    const { whole, pruned, letGo } = prunedAndWhole(files, { listed: true });
    expect(whole.filter((diagnostic) => diagnostic.ruleId === 'image')).toHaveLength(2);
    expect(whole.filter((diagnostic) => diagnostic.ruleId === 'action-item-link').length).toBeGreaterThanOrEqual(4);
    // The report without an image keeps its action items section alone.
    expect(letGo).toBeGreaterThan(0);
    expect(pruned).toEqual(whole);
  });
});

describeWithCorpus('selfContainedFindings on the shared corpus', () => {
  it('gives the check the same diagnostics on every real report', () => {
    const files: Record<string, string> = {};
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.md') && entry.name !== 'SOURCES.md') files[`corpus/${relative(corpusFolder, path)}`] = readFileSync(path, 'utf8');
      }
    };
    walk(corpusFolder);
    const { live, stored } = bothWays(parseFiles(files, config));
    expect(live.length).toBeGreaterThan(100);
    expect(stored).toEqual(live);
    // And with each tree kept only where the rules after the self-contained ones read it, as `hindsight check` does.
    const { whole, pruned, letGo } = prunedAndWhole(files);
    expect(letGo).toBeGreaterThan(100);
    expect(pruned).toEqual(whole);
  });
});
