/**
 * Conformance: the checker over ~350 real, published postmortems. None of them has
 * Hindsight frontmatter, so each real report must get a `frontmatter` diagnostic —
 * and nothing may crash.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers.ts';
import { corpusFolder as corpus, describeWithCorpus, projectRoot } from './corpus.ts';

describeWithCorpus('check over the shared corpus', () => {
  const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8')) as { out: string; kind: string }[];

  it("runs over every Markdown file without a crash and reports each real report's missing frontmatter", async () => {
    const target = relative(projectRoot, corpus);
    const result = await runCli(['check', '--format', 'json', target], projectRoot);
    expect(result.code).toBe(1);
    // Nothing on stderr but the one summary line a long run ends with (no warning, no crash).
    expect(result.stderr).toMatch(/^(Checked \d+ reports in [^\n]*\n)?$/);
    const output = JSON.parse(result.stdout) as { files: number; messages: { file: string; ruleId: string; line: number }[] };
    expect(output.files).toBeGreaterThanOrEqual(340);
    expect(output.messages.filter((message) => message.ruleId === 'internal')).toEqual([]);
    const reports = manifest.filter((entry) => entry.kind === 'report');
    expect(reports.length).toBeGreaterThan(90);
    for (const entry of reports) {
      const file = `${target}/${entry.out}`;
      const text = readFileSync(join(corpus, entry.out), 'utf8');
      const frontmatter = output.messages.filter((message) => message.file === file && message.ruleId === 'frontmatter');
      expect(frontmatter.length, file).toBeGreaterThan(0);
      if (!text.startsWith('---')) {
        expect(frontmatter[0], file).toMatchObject({ line: 1 });
        expect(JSON.stringify(frontmatter[0])).toContain('Missing frontmatter');
      }
    }
  });
});
