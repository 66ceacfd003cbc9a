/**
 * `hindsight import` over every real report of the shared corpus (eight teams'
 * formats): at least 95% convert, every converted report passes `check` as
 * archived, and no line of any original body is lost. The figures per source are
 * printed, so a change that helps one team's format and hurts another's shows.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers.ts';
import { corpusFolder as corpus, describeWithCorpus } from './corpus.ts';

interface ImportJson {
  files: number;
  imported: number;
  results: Array<{ source: string; status: string; output?: string; reason?: string }>;
}

/** The lines of a report's body: everything after its own frontmatter block, when it has one. */
function bodyLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] === '---') {
    const closing = lines.indexOf('---', 1);
    if (closing > 0) return lines.slice(closing + 1);
  }
  return lines;
}

/** The first line of `wanted` that is not found, in order, in `lines`; `undefined` when all are. */
function firstMissingLine(wanted: readonly string[], lines: readonly string[]): string | undefined {
  let position = 0;
  for (const line of wanted) {
    while (position < lines.length && lines[position] !== line) position++;
    if (position === lines.length) return line;
    position++;
  }
  return undefined;
}

describeWithCorpus('import over the shared corpus', () => {
  const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8')) as { out: string; kind: string }[];
  const reports = manifest.filter((entry) => entry.kind === 'report').map((entry) => join(corpus, entry.out));
  let cwd = '';
  let output: ImportJson;
  let code = -1;

  beforeAll(async () => {
    cwd = await makeProject({});
    const result = await runCli(['import', ...reports, '--out', 'postmortems', '--format', 'json'], cwd);
    expect(result.stderr).toBe('');
    code = result.code;
    output = JSON.parse(result.stdout) as ImportJson;
  }, 120_000);

  it('converts at least 95% of the reports, each source counted', () => {
    expect(output.files).toBe(reports.length);
    expect(reports.length).toBeGreaterThan(90);
    const bySource = new Map<string, { converted: number; total: number; reasons: string[] }>();
    for (const result of output.results) {
      // Sources are shown relative to the working directory; the corpus folder under it names the team.
      const source = relative(corpus, resolve(cwd, result.source)).split(/[\\/]/)[0]!;
      const entry = bySource.get(source) ?? { converted: 0, total: 0, reasons: [] };
      entry.total++;
      if (result.status === 'imported') entry.converted++;
      else entry.reasons.push(`${result.source.split('/').at(-1)}: ${result.reason}`);
      bySource.set(source, entry);
    }
    const table = [...bySource].map(([source, { converted, total }]) => `${source.padEnd(36)} ${String(converted).padStart(3)}/${total}`);
    console.log(
      `hindsight import over the corpus, converted/total per source:\n${table.join('\n')}\n${'total'.padEnd(36)} ${String(output.imported).padStart(3)}/${output.files}`,
    );
    expect(output.imported / output.files).toBeGreaterThanOrEqual(0.95);
    // Every source but the undated reports converts; a failure says which file and why.
    for (const [source, { converted, total, reasons }] of bySource) {
      expect(converted / total, `${source}: ${reasons.join('; ')}`).toBeGreaterThanOrEqual(0.75);
      for (const reason of reasons) expect(reason).toMatch(/Unexpected report without a date/);
    }
    // Some reports are not converted (they have no date), so the command says it.
    expect(code).toBe(1);
  });

  it('gives reports that `check` passes as archived (warnings are fine)', async () => {
    const result = await runCli(['check', 'postmortems', '--format', 'json'], cwd);
    const summary = JSON.parse(result.stdout) as {
      files: number;
      errors: number;
      messages: Array<{ file: string; ruleId: string; severity: string; message: string }>;
    };
    expect(summary.messages.filter((message) => message.severity === 'error')).toEqual([]);
    expect(summary.files).toBe(output.imported);
    expect(result.code).toBe(0);
  }, 120_000);

  it('keeps every line of every original body, in order', async () => {
    const imported = output.results.filter((result) => result.status === 'imported');
    expect(imported.length).toBe(output.imported);
    for (const result of imported) {
      const source = await readFile(resolve(cwd, result.source), 'utf8');
      const converted = await readFile(join(cwd, result.output!), 'utf8');
      const lines = converted.split(/\r?\n/);
      expect(firstMissingLine(bodyLines(source), lines), result.source).toBeUndefined();
      // The new frontmatter is added above the body; nothing of the body is before it.
      expect(lines[0], result.source).toBe('---');
    }
  });
});
