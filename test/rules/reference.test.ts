import { describe, expect, it } from 'vitest';
import reference from '../../src/lib/rules/reference.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { brief, checkFiles, makeConfig, parseFiles } from '../helpers.ts';

const earlier = { 'postmortems/2024-03-01-api-down.md': report() };
const later = (extra: string) => ({ 'postmortems/2024-03-08-api-down-again.md': report({ date: '2024-03-08', extra }) });

describe('reference', () => {
  it('passes links to existing reports, issue URLs and short references', () => {
    const files = {
      ...later('repeat_of: [2024-03-01-api-down]\nrelated:\n  - https://github.com/acme/api/issues/4\n  - acme/api#7\n'),
      ...earlier,
    };
    expect(checkFiles(files, { rule: reference })).toEqual([]);
  });

  it('reports an unknown id at its YAML node', () => {
    const files = { ...later('related:\n  - 2023-01-01-nothing-like-it\n'), ...earlier };
    const [diagnostic, ...rest] = checkFiles(files, { rule: reference });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({
      ruleId: 'reference',
      severity: 'error',
      file: 'postmortems/2024-03-08-api-down-again.md',
      place: { start: { line: 11, column: 5 }, end: { line: 11, column: 31 } },
    });
    expect(diagnostic!.message).toBe(
      'Unexpected unknown report `2023-01-01-nothing-like-it` in `related`, expected the id of a report (a file name without `.md`)',
    );
  });

  it('accepts a single id instead of a list', () => {
    expect(checkFiles({ ...later('repeat_of: 2024-03-01-api-down\n'), ...earlier }, { rule: reference })).toEqual([]);
  });

  it('reports an unknown id written as a single value at the value, not at line 1', () => {
    const [diagnostic, ...rest] = checkFiles({ ...later('repeat_of: 2023-01-01-nothing-like-it\n'), ...earlier }, { rule: reference });
    expect(rest).toEqual([]);
    expect(brief(diagnostic!)).toBe(
      '10:12: Unexpected unknown report `2023-01-01-nothing-like-it` in `repeat_of`, expected the id of a report (a file name without `.md`)',
    );
  });

  it('places graph edges from a single value at the value', () => {
    const graph = corpusGraph(parseFiles({ ...later('repeat_of: 2024-03-01-api-down\n'), ...earlier }), makeConfig());
    expect(graph.edges[0]?.place.start).toMatchObject({ line: 10, column: 12 });
  });

  it('reports a link to itself', () => {
    const [diagnostic] = checkFiles(later('repeat_of: [2024-03-08-api-down-again]\n'), { rule: reference });
    expect(brief(diagnostic!)).toBe(
      '10:13: Unexpected link from report `2024-03-08-api-down-again` to itself in `repeat_of`, expected the id of another report',
    );
  });

  it('reports duplicate ids with the first file as the cause', () => {
    const files = { 'postmortems/2024-03-01-api-down.md': report(), 'postmortems/archive/2024-03-01-api-down.md': report() };
    const [diagnostic, ...rest] = checkFiles(files, { rule: reference });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({
      ruleId: 'reference',
      file: 'postmortems/archive/2024-03-01-api-down.md',
      place: { start: { line: 1, column: 1 } },
      cause: { file: 'postmortems/2024-03-01-api-down.md', place: { start: { line: 1, column: 1 } } },
    });
    expect(diagnostic!.message).toMatch(/^Unexpected duplicate report id `2024-03-01-api-down`/);
  });

  it('calls "first" the file that links to the id resolve to, whatever the case of its folder', () => {
    // Code-unit order puts `Z` before `a`; a locale-aware sort would not, and the rule and the graph would disagree.
    const files = {
      'postmortems/archive/2024-03-01-api-down.md': report(),
      'postmortems/Zeta/2024-03-01-api-down.md': report(),
      ...later('repeat_of: [2024-03-01-api-down]\n'),
    };
    const parsed = parseFiles(files);
    expect(corpusGraph(parsed, makeConfig()).nodes['2024-03-01-api-down']?.path).toBe('postmortems/Zeta/2024-03-01-api-down.md');
    const diagnostics = checkFiles(files, { rule: reference });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, brief(diagnostic), diagnostic.cause?.file])).toEqual([
      [
        'postmortems/archive/2024-03-01-api-down.md',
        '1:1: Unexpected duplicate report id `2024-03-01-api-down`, expected every file name to be unique (also used by `postmortems/Zeta/2024-03-01-api-down.md`)',
        'postmortems/Zeta/2024-03-01-api-down.md',
      ],
    ]);
    expect(diagnostics[0]!.place.end).toMatchObject({ line: 1, column: 4 });
  });

  it('only reports on target files but resolves against all', () => {
    const files = { ...later('repeat_of: [2024-03-01-api-down]\n'), 'postmortems/2024-03-01-api-down.md': report({ extra: 'related: [missing-one]\n' }) };
    const diagnostics = checkFiles(files, { rule: reference, targets: ['postmortems/2024-03-08-api-down-again.md'] });
    expect(diagnostics).toEqual([]);
  });
});

describe('reference cycles', () => {
  it('reports A repeats B repeats A at both links, without looping', () => {
    const files = {
      'postmortems/2024-03-01-api-down.md': report({ extra: 'repeat_of: [2024-03-08-api-down-again]\n' }),
      'postmortems/2024-03-08-api-down-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
    };
    const diagnostics = checkFiles(files, { rule: reference });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, brief(diagnostic), diagnostic.cause?.file])).toEqual([
      [
        'postmortems/2024-03-01-api-down.md',
        '10:13: Unexpected cycle of `repeat_of` links between `2024-03-01-api-down`, `2024-03-08-api-down-again`, expected each report to repeat only earlier reports',
        'postmortems/2024-03-08-api-down-again.md',
      ],
      [
        'postmortems/2024-03-08-api-down-again.md',
        '10:13: Unexpected cycle of `repeat_of` links between `2024-03-01-api-down`, `2024-03-08-api-down-again`, expected each report to repeat only earlier reports',
        'postmortems/2024-03-01-api-down.md',
      ],
    ]);
  });
});
