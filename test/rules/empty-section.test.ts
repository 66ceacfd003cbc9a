import { describe, expect, it } from 'vitest';
import emptySection from '../../src/lib/rules/empty-section.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const withResolution = (text: string) => report({ body: completeBody.replace('Rolled back release 42.', text) });
const check = (text: string, config = makeConfig()) => checkFiles({ [path]: text }, { rule: emptySection, config });

describe('empty-section', () => {
  it('passes written sections', () => {
    expect(check(report())).toEqual([]);
  });

  it('reports a section with nothing in it at its heading', () => {
    const [diagnostic, ...rest] = check(report({ body: completeBody.replace('Rolled back release 42.\n', '') }));
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ ruleId: 'empty-section', severity: 'error', place: { start: { line: 28, column: 1 }, end: { line: 28, column: 14 } } });
    expect(diagnostic!.message).toBe('Unexpected empty section `Resolution`, expected content');
  });

  it.each(['TBD', 'TODO', 'todo.', '...', 'To be written', 'Lorem ipsum dolor sit amet'])('reports the placeholder %s', (text) => {
    const diagnostics = check(withResolution(text));
    expect(diagnostics.map(brief)).toEqual([`28:1: Unexpected placeholder \`${text}\` in section \`Resolution\`, expected what was written there`]);
  });

  it('reports template variables and comments', () => {
    expect(check(withResolution('{{ how it was fixed }}')).map(brief)).toEqual([
      '28:1: Unexpected placeholder `{{ how it was fixed }}` in section `Resolution`, expected what was written there',
    ]);
    expect(check(withResolution('<!-- How was it fixed? -->')).map(brief)).toEqual(['28:1: Unexpected empty section `Resolution`, expected content']);
  });

  it('reports an empty template table', () => {
    const text = report({ body: completeBody.replace(/- 10:00[\s\S]*?stop\.\n/, '| Time | Event |\n| --- | --- |\n| | |\n') });
    expect(check(text).map(brief)).toEqual(['22:1: Unexpected empty section `Timeline`, expected content']);
  });

  it('counts content in sub-sections', () => {
    expect(check(withResolution('### Short term\n\nRolled back.'))).toEqual([]);
  });

  it('does not mistake words containing a placeholder for one', () => {
    expect(check(withResolution('TODO lists were updated; the fix is TBD-free.'))).toEqual([]);
  });

  it('takes extra placeholders from the config and only warns on drafts', () => {
    const config = makeConfig({ placeholders: ['Describe the resolution here'] });
    expect(check(withResolution('Describe the resolution here'), config)).toHaveLength(1);
    const [draft] = check(report({ status: 'draft', body: completeBody.replace('Rolled back release 42.', 'TBD') }));
    expect(draft).toMatchObject({ severity: 'warning', ruleId: 'empty-section' });
  });
});

describe('empty-section on archived reports', () => {
  it('only warns', () => {
    const diagnostics = check(report({ status: 'archived', body: completeBody.replace('Rolled back release 42.', 'TBD') }));
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      ['warning', '28:1: Unexpected placeholder `TBD` in section `Resolution`, expected what was written there'],
    ]);
  });
});
