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

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('reports `%s` as unknown until a report has that id', (id) => {
    const files = { ...later(`repeat_of: [${id}]\nrelated: [${id}]\n`), ...earlier };
    expect(checkFiles(files, { rule: reference }).map(brief)).toEqual([
      `10:13: Unexpected unknown report \`${id}\` in \`repeat_of\`, expected the id of a report (a file name without \`.md\`)`,
      `11:11: Unexpected unknown report \`${id}\` in \`related\`, expected the id of a report (a file name without \`.md\`)`,
    ]);
    expect(checkFiles({ ...files, [`postmortems/${id}.md`]: report({ date: '2024-02-01' }) }, { rule: reference })).toEqual([]);
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
  it("reports A repeats B repeats A once, at the earlier report's link, with the link back as the cause", () => {
    const files = {
      'postmortems/2024-03-01-api-down.md': report({ extra: 'repeat_of: [2024-03-08-api-down-again]\n' }),
      'postmortems/2024-03-08-api-down-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
    };
    const diagnostics = checkFiles(files, { rule: reference });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, brief(diagnostic), diagnostic.cause?.file, diagnostic.cause?.place.start.line])).toEqual([
      [
        'postmortems/2024-03-01-api-down.md',
        '10:13: Unexpected cycle of `repeat_of` links between `2024-03-01-api-down` and `2024-03-08-api-down-again`, expected each report to repeat only earlier reports',
        'postmortems/2024-03-08-api-down-again.md',
        10,
      ],
    ]);
  });

  it('reports a cycle through 1,000 reports once, naming a few of them, in a few hundred bytes', () => {
    const count = 1000;
    const id = (index: number) => `2024-01-01-r${String(index).padStart(4, '0')}`;
    const files = Object.fromEntries(
      // A short body: the rule reads only the frontmatter, and 1,000 full reports take seconds to parse.
      Array.from({ length: count }, (_, index) => [
        `postmortems/${id(index)}.md`,
        report({ date: '2024-01-01', extra: `repeat_of: [${id((index + 1) % count)}]\n`, body: '# R\n' }),
      ]),
    );
    const diagnostics = checkFiles(files, { rule: reference });
    expect(diagnostics.map(brief)).toEqual([
      '10:13: Unexpected cycle of `repeat_of` links between `2024-01-01-r0000`, `2024-01-01-r0001`, `2024-01-01-r0002`, `2024-01-01-r0003`, `2024-01-01-r0004` and 995 other reports, expected each report to repeat only earlier reports',
    ]);
    expect(diagnostics[0]).toMatchObject({ file: 'postmortems/2024-01-01-r0000.md', cause: { file: 'postmortems/2024-01-01-r0999.md' } });
    expect(JSON.stringify(diagnostics).length).toBeLessThan(1_500);
    // Parsing 1,000 reports is most of the time; the rule itself takes milliseconds.
  }, 30_000);

  it('tells the earliest report of the cycle that is checked in this run (`check --changed`)', () => {
    const files = {
      'postmortems/2024-03-01-a.md': report({ extra: 'repeat_of: [2024-03-08-b]\n' }),
      'postmortems/2024-03-08-b.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-15-c]\n' }),
      'postmortems/2024-03-15-c.md': report({ date: '2024-03-15', extra: 'repeat_of: [2024-03-01-a]\n' }),
    };
    const targets = ['postmortems/2024-03-15-c.md'];
    expect(checkFiles(files, { rule: reference, targets }).map((diagnostic) => [diagnostic.file, brief(diagnostic)])).toEqual([
      [
        'postmortems/2024-03-15-c.md',
        '10:13: Unexpected cycle of `repeat_of` links between `2024-03-01-a`, `2024-03-08-b` and `2024-03-15-c`, expected each report to repeat only earlier reports',
      ],
    ]);
    expect(checkFiles(files, { rule: reference }).map((diagnostic) => diagnostic.file)).toEqual(['postmortems/2024-03-01-a.md']);
  });
});

describe('reference: ids that collide where case does not count', () => {
  it.each([
    ['Case.md', 'case.md', 'only in letter case'],
    ['2024-03-01-API-Down.md', '2024-03-01-api-down.md', 'only in letter case'],
    ['2024-03-01-caf\u00e9.md', '2024-03-01-cafe\u0301.md', 'only in how its accents are encoded (Unicode normalization)'],
    ['2024-03-01-CAF\u00c9.md', '2024-03-01-cafe\u0301.md', 'only in letter case and Unicode normalization'],
  ])('reports %s beside %s, at the later file by path', (one, two, how) => {
    const [first, second] = [`postmortems/${one}`, `postmortems/${two}`].sort();
    const files = { [`postmortems/${two}`]: report(), [`postmortems/${one}`]: report() };
    const diagnostics = checkFiles(files, { rule: reference });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.cause?.file])).toEqual([[second, first]]);
    expect(diagnostics[0]!.message).toMatch(
      new RegExp(
        `^Unexpected report id \`[^\`]+\` that differs from \`[^\`]+\` ${how.replace(/[()]/g, '\\$&')}, expected ids that stay distinct on case-insensitive file systems and in URLs`,
      ),
    );
  });

  it('links still resolve to the exact id, and distinct ids pass', () => {
    const files = {
      'postmortems/2024-03-01-api-down.md': report(),
      'postmortems/2024-03-01-api-down-2.md': report(),
      ...later('repeat_of: [2024-03-01-api-down]\n'),
    };
    expect(checkFiles(files, { rule: reference })).toEqual([]);
  });

  it('reports an exact duplicate once, as a duplicate, even beside a case variant', () => {
    const files = {
      'postmortems/2024-03-01-api-down.md': report(),
      'postmortems/archive/2024-03-01-api-down.md': report(),
      'postmortems/2024-03-01-Api-down.md': report(),
    };
    const diagnostics = checkFiles(files, { rule: reference });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.message.split(',')[0]])).toEqual([
      ['postmortems/2024-03-01-api-down.md', 'Unexpected report id `2024-03-01-api-down` that differs from `2024-03-01-Api-down` only in letter case'],
      ['postmortems/archive/2024-03-01-api-down.md', 'Unexpected duplicate report id `2024-03-01-api-down`'],
    ]);
  });
});

describe('reference on archived reports', () => {
  it('stays an error', () => {
    const files = {
      'postmortems/2024-03-08-api-down-again.md': report({ date: '2024-03-08', status: 'archived', extra: 'related: [2023-01-01-nothing-like-it]\n' }),
      ...earlier,
    };
    expect(checkFiles(files, { rule: reference }).map((diagnostic) => diagnostic.severity)).toEqual(['error']);
  });
});
