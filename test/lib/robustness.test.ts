/**
 * Whatever a file holds, `check` reports it as a diagnostic on that file and goes
 * on with the others; no stack trace ever reaches the user.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeConfig, makeProject, runCli } from '../helpers.ts';

describe('never crash', () => {
  it('reports every kind of bad file and still checks the good one', async () => {
    const root = await makeProject({
      'postmortems/2024-03-01-api-down.md': report(),
      'postmortems/binary.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'postmortems/latin1.md': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      'postmortems/empty.md': '',
      'postmortems/no-frontmatter.md': '# Just a heading\n\nSome text.\n',
      'postmortems/only-fence.md': '---\n',
      'postmortems/bad-yaml.md': '---\n: : :\n  - [\n---\n',
      'postmortems/list-yaml.md': '---\n- a\n- b\n---\n',
    });
    await writeFile(join(root, 'postmortems/huge.md'), `${report()}\n${'All work and no play. '.repeat(240_000)}`);
    const result = await runCli(['check', '--format', 'json'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout);
    expect(output.files).toBe(9);
    const filesWithErrors = new Set(
      output.messages.filter((message: { severity: string }) => message.severity === 'error').map((message: { file: string }) => message.file),
    );
    for (const name of ['binary', 'latin1', 'empty', 'no-frontmatter', 'only-fence', 'bad-yaml', 'list-yaml']) {
      expect(filesWithErrors).toContain(`postmortems/${name}.md`);
    }
    expect(filesWithErrors).not.toContain('postmortems/2024-03-01-api-down.md');
    const ruleOf = (file: string) =>
      output.messages.filter((message: { file: string }) => message.file === file).map((message: { ruleId: string }) => message.ruleId);
    expect(ruleOf('postmortems/binary.md')).toEqual(['file']);
    expect(ruleOf('postmortems/latin1.md')).toEqual(['file']);
    expect(ruleOf('postmortems/list-yaml.md')).toContain('frontmatter');
  });

  it('parses and checks arbitrary text without throwing', () => {
    const config = makeConfig();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (body, withFrontmatter) => {
        const text = withFrontmatter ? `---\n${body}\n---\n${body}` : body;
        const parsed = parseReport('postmortems/x.md', text, config);
        const diagnostics = checkReports([parsed], config);
        for (const diagnostic of diagnostics) {
          expect(diagnostic.ruleId).not.toBe('internal');
          expect(diagnostic.place.start.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps parse results plain data (structured-clone safe)', () => {
    const parsed = parseReport('postmortems/2024-03-01-api-down.md', report(), makeConfig());
    expect(structuredClone(parsed)).toEqual(parsed);
  });
});

describe('size limit', () => {
  it('reports a file over 10 MiB instead of parsing it, from disk and from bytes already read', async () => {
    const { loadReport, parseReportBytes, maxReportBytes } = await import('../../src/lib/node/files.ts');
    const huge = new Uint8Array(maxReportBytes + 1).fill(0x61);
    const root = await makeProject({ 'postmortems/huge.md': huge });
    const config = makeConfig();
    const expected = 'Unexpected file of 10.0 MiB, expected a report of at most 10 MiB';
    expect((await loadReport('postmortems/huge.md', root, config)).unreadable?.message).toBe(expected);
    expect(parseReportBytes('postmortems/huge.md', huge, config).unreadable?.message).toBe(expected);
    expect(parseReportBytes('postmortems/small.md', new TextEncoder().encode(report()), config).unreadable).toBeUndefined();
  });
});
