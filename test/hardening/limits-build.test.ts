/**
 * One real `astro build` of the nastiest reports `check` accepts (issue 11,
 * items 2 and 8): nesting at every limit, raw HTML the parser must close for
 * itself, hundreds of lists and footnotes, and file names in other scripts. The
 * function-level tests and the fuzz suite cover the classes; this proves the
 * pages, the search index and the routes take what they let through.
 */
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { limits } from '../../src/lib/limits.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeConfig, parseFiles } from '../helpers.ts';
import { buildProject, copyProject } from '../e2e/project.ts';

/** A complete report dated `date` with `notes` in a `## Notes` section. */
function withNotes(date: string, notes: string): string {
  return report({ date, title: `Hostile ${date}` }).replace('## Overview', `## Notes\n\n${notes}\n\n## Overview`);
}

const nastiest: Record<string, string> = {
  'postmortems/2024-03-01-deep.md': withNotes(
    '2024-03-01',
    [
      `${'- '.repeat(limits.nesting)}list at the limit`,
      `${'> '.repeat(limits.nesting)}quote at the limit`,
      `${'*'.repeat(2 * limits.nesting)}emphasis at the limit${'*'.repeat(2 * limits.nesting)}`,
      `${'- '.repeat(limits.nesting - 4)}${'<div>'.repeat(limits.htmlNesting)}HTML inside a deep list`,
    ].join('\n\n'),
  ),
  'postmortems/2024-03-02-café.md': withNotes('2024-03-02', 'A name with an accent.'),
  'postmortems/2024-03-03-障害.md': withNotes('2024-03-03', 'A name in Japanese.'),
  'postmortems/2024-03-04-v1.2_rollout.md': withNotes('2024-03-04', 'Dots and underscores.'),
  'postmortems/2024-03-05-html.md': withNotes(
    '2024-03-05',
    [
      `<table>\n${'<tr><td>a<td>b\n'.repeat(200)}</table>`,
      `<div>${'<p>text '.repeat(200)}</div>`,
      `<ul>${'<li>item '.repeat(200)}</ul>`,
      `<svg>${'<path d="M0 0"/>'.repeat(200)}</svg>`,
      '<details><summary>More</summary>\n\nText\n\n</details>',
      '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
    ].join('\n\n'),
  ),
  'postmortems/2024-03-06-lists.md': withNotes('2024-03-06', Array.from({ length: 800 }, (_, index) => `#### Step ${index}\n- item ${index}`).join('\n')),
  'postmortems/2024-03-07-footnotes.md': withNotes(
    '2024-03-07',
    `${Array.from({ length: 200 }, (_, index) => `note[^n${index}]`).join(' ')}\n\n${Array.from({ length: 200 }, (_, index) => `[^n${index}]: footnote ${index}`).join('\n')}`,
  ),
};

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('a real build of the nastiest accepted reports', () => {
  it('passes the check without errors, builds, and writes a page for each', async () => {
    const config = makeConfig();
    const errors = checkReports(parseFiles(nastiest, config), config, { now: new Date('2024-06-01T00:00:00Z') }).filter(
      (diagnostic) => diagnostic.severity === 'error' && diagnostic.file in nastiest,
    );
    expect(errors.map((error) => `${error.file}: ${error.message}`)).toEqual([]);

    const overlay = await mkdtemp(join(tmpdir(), 'hindsight-nastiest-'));
    for (const [path, text] of Object.entries(nastiest)) {
      await mkdir(dirname(join(overlay, path)), { recursive: true });
      await writeFile(join(overlay, path), text);
    }
    const root = await copyProject({ overlay });
    await buildProject(root);
    for (const path of Object.keys(nastiest)) {
      const id = path.slice('postmortems/'.length, -'.md'.length);
      const page = join(root, 'dist', 'postmortems', id, 'index.html');
      expect(await exists(page), `${page} exists`).toBe(true);
      const html = await readFile(page, 'utf8');
      expect(html).toContain(`Hostile ${id.slice(0, 10)}`);
      expect(html).not.toMatch(/<script>alert|onerror=|javascript:alert/);
    }
  }, 600_000);
});
