import { describe, expect, it } from 'vitest';
import file from '../../src/lib/rules/file.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';

describe('file', () => {
  it('passes UTF-8 text', () => {
    expect(checkFiles({ [path]: report() }, { rule: file })).toEqual([]);
  });

  it('reports binary content at 1:1', () => {
    const [diagnostic] = checkFiles({ [path]: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) }, { rule: file });
    expect(diagnostic).toMatchObject({ ruleId: 'file', severity: 'error', place: { start: { line: 1, column: 1 } } });
    expect(diagnostic!.message).toBe('Unexpected binary content (a NUL byte), expected a UTF-8 Markdown text file');
  });

  it('reports invalid UTF-8 (a Latin-1 file) at the first byte that is not UTF-8', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('\uFEFF---\ntitle: caf'), 0xe9, 0x0a]);
    const diagnostics = checkFiles({ [path]: latin1 }, { rule: file });
    expect(diagnostics.map(brief)).toEqual(['2:11: Unexpected bytes that are not valid UTF-8, expected a UTF-8 Markdown text file; re-save it as UTF-8']);
    expect(diagnostics[0]!.place.end).toMatchObject({ line: 2, column: 12 });
  });

  it('says UTF-16 (Windows "Unicode") is UTF-16, not binary', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'---\n'].flatMap((character) => [character.charCodeAt(0), 0])]);
    expect(checkFiles({ [path]: utf16 }, { rule: file }).map(brief)).toEqual([
      '1:1: Unexpected UTF-16 text, expected a UTF-8 Markdown text file; re-save it as UTF-8',
    ]);
  });
});
