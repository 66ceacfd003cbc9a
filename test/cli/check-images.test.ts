/**
 * `hindsight check` and the `image` rule: the command lists the content folder's
 * files (whatever the targets) and the rule reports an image whose file is not
 * there; the listing itself (`listContentFiles`).
 */
import { readdirSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listContentFiles } from '../../src/lib/node/files.ts';
import { parseCacheFolder } from '../../src/lib/node/parse-cache.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { makeProject, runCli } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
/** A report showing `./images/error-rate.png` on line 22, column 25. */
const withGraph = report({
  body: completeBody.replace(
    'All API clients failed for 42 minutes.',
    'All API clients failed for 42 minutes.\n\n![Error rate by minute](./images/error-rate.png)',
  ),
});
const message = 'Unexpected image `./images/error-rate.png` that does not exist, expected a file at `postmortems/images/error-rate.png`';

describe('hindsight check: images', () => {
  it('exits 1 on a missing image with file, line, column and rule, and 0 once the file exists (the parse cached in between)', async () => {
    // A project with `node_modules`, so that `check` keeps its parse cache there.
    const root = await makeProject({ [path]: withGraph, 'node_modules/.keep': '' });
    const missing = await runCli(['check', '--format', 'json'], root);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).messages).toEqual([
      {
        file: path,
        line: 22,
        column: 25,
        endLine: 22,
        endColumn: 48,
        ruleId: 'image',
        severity: 'error',
        message,
        url: '/rules/image/',
      },
    ]);
    const pretty = await runCli(['check'], root);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toMatch(
      /^postmortems\/2024-03-01-api-down\.md\n\s+22:25-22:48\s+error\s+Unexpected image `\.\/images\/error-rate\.png` that does not[\s\S]*`postmortems\/images\/error-rate\.png`\s+image\n/,
    );

    // The report is unchanged, so its parse now comes from the cache: the rule still sees the new file, and then its loss.
    expect(readdirSync(join(root, parseCacheFolder), { recursive: true }).length).toBeGreaterThan(0);
    await mkdir(join(root, 'postmortems/images'));
    await writeFile(join(root, 'postmortems/images/error-rate.png'), 'PNG');
    expect(await runCli(['check'], root)).toEqual({ code: 0, stdout: '✔ 1 file checked: 0 errors, 0 warnings\n', stderr: '' });
    await rm(join(root, 'postmortems/images/error-rate.png'));
    expect((await runCli(['check'], root)).code).toBe(1);
  });

  it('lists the whole content folder for one named file, from a subfolder, and with the image in a `_` folder', async () => {
    const root = await makeProject({
      [path]: withGraph.replace('./images/error-rate.png', './_assets/error-rate.png'),
      'postmortems/_assets/error-rate.png': 'PNG',
      'postmortems/2024-03-02-db-slow.md': report({ date: '2024-03-02', body: completeBody.replace('Rolled back release 42.', '![x](./x.png)') }),
    });
    expect((await runCli(['check', path], root)).code).toBe(0);
    const inside = await runCli(['check', '--format', 'json', '2024-03-02-db-slow.md'], join(root, 'postmortems'));
    expect(inside.code).toBe(1);
    // (The two reports alike are a `possible-repeat` warning, not this test's.)
    const images = (JSON.parse(inside.stdout) as { messages: { ruleId: string }[] }).messages.filter((found) => found.ruleId === 'image');
    expect(images).toMatchObject([
      { file: '2024-03-02-db-slow.md', ruleId: 'image', message: 'Unexpected image `./x.png` that does not exist, expected a file at `x.png`' },
    ]);
  });

  it('warns only on an archived report (imported reports often come without their images)', async () => {
    const root = await makeProject({ [path]: withGraph.replace('status: reviewed', 'status: archived') });
    const result = await runCli(['check', '--format', 'json'], root);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).messages).toMatchObject([{ ruleId: 'image', severity: 'warning', message }]);
  });
});

describe('listContentFiles', () => {
  it('lists every file by name, `_` folders included, and leaves hidden folders, node_modules and symbolic links unlisted', async () => {
    const root = await makeProject({
      'postmortems/a.md': '',
      'postmortems/images/b.png': '',
      'postmortems/_assets/c.png': '',
      'postmortems/.git/d': '',
      'postmortems/node_modules/e/f.png': '',
      'postmortems/.hidden.png': '',
      'other/g.png': '',
    });
    await symlink(join(root, 'other'), join(root, 'postmortems/linked'));
    const listed = listContentFiles('postmortems', root)!;
    expect(listed.folder).toBe('postmortems');
    expect([...listed.files].sort()).toEqual(['postmortems/.hidden.png', 'postmortems/_assets/c.png', 'postmortems/a.md', 'postmortems/images/b.png']);
    expect([...listed.unlisted].sort()).toEqual(['postmortems/.git', 'postmortems/linked', 'postmortems/node_modules']);
    // Relative to the working directory, as report paths are.
    expect([...listContentFiles('.', join(root, 'postmortems/images'))!.files]).toEqual(['b.png']);
    expect(listContentFiles('../images', join(root, 'postmortems/_assets'))!.folder).toBe('../images');
    expect(listContentFiles('missing', root)).toBeUndefined();
  });
});
