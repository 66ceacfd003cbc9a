import { describe, expect, it } from 'vitest';
import requiredSection from '../../src/lib/rules/required-section.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';

describe('required-section', () => {
  it('passes a report with every section', () => {
    expect(checkFiles({ [path]: report() }, { rule: requiredSection })).toEqual([]);
  });

  it('reports a missing section where it belongs, as an error', () => {
    const body = completeBody.replace(/## Resolution\n\nRolled back release 42.\n\n/, '');
    const diagnostics = checkFiles({ [path]: report({ body }) }, { rule: requiredSection });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'required-section', severity: 'error', place: { start: { line: 28, column: 1 } } });
    expect(diagnostics[0]!.message).toBe(
      'Missing section `Resolution`, expected a `## Resolution` section (or an alias such as `Resolution and recovery` or `Recovery`)',
    );
  });

  it('points at the last line when nothing follows the missing section', () => {
    const body = completeBody.replace(/## Action Items[\s\S]*$/, '');
    const [diagnostic] = checkFiles({ [path]: report({ body }) }, { rule: requiredSection });
    expect(brief(diagnostic!)).toMatch(/^30:1: Missing section `Action Items`/);
  });

  it('only warns on drafts', () => {
    const body = completeBody.replace('## Timeline', '## Notes');
    const [diagnostic] = checkFiles({ [path]: report({ body, status: 'draft' }) }, { rule: requiredSection });
    expect(diagnostic).toMatchObject({ ruleId: 'required-section', severity: 'warning' });
  });

  it('matches headings case-insensitively, ignoring punctuation, through aliases', () => {
    const body = completeBody
      .replace('## Overview', '## SUMMARY:')
      .replace('## Impact', '## What Happened?')
      .replace('## Action Items', '## Follow-up Actions')
      .replace('## Timeline', '## Timeline (all times UTC)');
    expect(checkFiles({ [path]: report({ body }) }, { rule: requiredSection })).toEqual([]);
  });

  it('uses `#` sections when a report has several top-level headings', () => {
    const body = completeBody.replace(/^## /gm, '# ').replace('# API down\n\n', '');
    expect(checkFiles({ [path]: report({ body }) }, { rule: requiredSection })).toEqual([]);
  });

  it('takes the section level from the headings that name sections, not from a stray `# Stats`', () => {
    const body = `${completeBody.replace('## Overview', '## Summary')}\n# Stats\n\nThree pages in an hour.\n`;
    expect(checkFiles({ [path]: report({ body }) }, { rule: requiredSection })).toEqual([]);
    // A missing section is then asked for at the level the others use.
    const withoutTimeline = body.replace(/## Timeline\n[\s\S]*?(?=## Resolution)/, '');
    expect(checkFiles({ [path]: report({ body: withoutTimeline }) }, { rule: requiredSection }).map(brief)).toEqual([
      '22:1: Missing section `Timeline`, expected a `## Timeline` section (or an alias such as `Incident timeline` or `Timeline of events`)',
    ]);
  });

  it('follows the configured preset', () => {
    const config = makeConfig({ preset: 'google-sre' });
    const messages = checkFiles({ [path]: report() }, { rule: requiredSection, config }).map((diagnostic) => diagnostic.message);
    expect(messages).toEqual([expect.stringContaining('`Root Cause`'), expect.stringContaining('`Detection`')]);
  });

  it('can be turned off', () => {
    const config = makeConfig({ rules: { 'required-section': 'off' } });
    expect(checkFiles({ [path]: report({ body: '# Nothing\n' }) }, { rule: requiredSection, config })).toEqual([]);
  });
});

describe('section matching', () => {
  it('takes qualifiers off but does not match a heading that only starts with a known name', async () => {
    const { matchSection } = await import('../../src/lib/sections.ts');
    const { sectionLookup } = await import('../../src/lib/config.ts');
    const lookup = sectionLookup(makeConfig());
    expect(matchSection('Timeline (all times UTC)', lookup)?.name).toBe('Timeline');
    expect(matchSection('Action items: engineering', lookup)?.name).toBe('Action Items');
    expect(matchSection('Timeline - Sep 7', lookup)?.name).toBe('Timeline');
    expect(matchSection('Follow-up timeline (times in BST)', lookup)).toBeUndefined();
    expect(matchSection('Impactful changes', lookup)).toBeUndefined();
  });
});

describe('required-section on archived reports', () => {
  it('is off: an archived report keeps the sections it was written with', () => {
    const body = '# Hub 403\n\n## What went wrong\n\nA deploy broke logins.\n';
    expect(checkFiles({ [path]: report({ status: 'archived', body }) }, { rule: requiredSection })).toEqual([]);
    expect(checkFiles({ [path]: report({ status: 'reviewed', body }) }, { rule: requiredSection })).toHaveLength(5);
  });
});
