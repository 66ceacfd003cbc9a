/**
 * src/astro/loader.ts with a stand-in for Astro's loader context: entries are
 * plain data, unchanged files are skipped by digest, deleted files lose their
 * entries, warnings are logged and errors fail with the check's pretty report.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { codeDigest, hindsightLoader, loggedWarnings, ReportErrors, warningLines } from '../../src/astro/loader.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import type { SiteReport } from '../../src/lib/site/report.ts';
import { makeProject } from '../helpers.ts';
import { fakeContext } from './loader-context.ts';

const first = 'postmortems/2024-03-01-api-down.md';
const second = 'postmortems/2024-03-08-api-down-again.md';

async function sampleProject() {
  return makeProject({
    [first]: report(),
    [second]: report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
  });
}

describe('the content loader', () => {
  test('stores one plain-data entry per report, with backlinks', async () => {
    const root = await sampleProject();
    const { context, entries } = fakeContext(root);
    await hindsightLoader().load(context);
    expect([...entries.keys()].sort()).toEqual(['2024-03-01-api-down', '2024-03-08-api-down-again']);
    const stored = entries.get('2024-03-01-api-down')!;
    expect(stored.filePath).toBe(first);
    expect(JSON.parse(JSON.stringify(stored.data))).toEqual(stored.data);
    const data = stored.data as unknown as SiteReport;
    expect(data.title).toBe('API down after a bad deploy');
    expect(data.links.repeatedBy).toEqual(['2024-03-08-api-down-again']);
    expect(data.body.map((part) => ('html' in part ? part.html : '')).join('')).toContain('<h2 id="overview">Overview</h2>');
  });

  test('skips unchanged files by digest and stores again only what changed', async () => {
    const root = await sampleProject();
    const { context, log } = fakeContext(root);
    const loader = hindsightLoader();
    await loader.load(context);
    expect(log.sets).toHaveLength(2);
    log.sets.length = 0;
    await hindsightLoader().load(context);
    expect(log.sets).toEqual([]);
    await writeFile(join(root, second), report({ date: '2024-03-08', title: 'API down once more', extra: 'repeat_of: [2024-03-01-api-down]\n' }));
    await loader.load(context);
    expect(log.sets).toEqual(['2024-03-08-api-down-again']);
  });

  test('stores a report again when another report changes its backlinks', async () => {
    const root = await sampleProject();
    const { context, log } = fakeContext(root);
    await hindsightLoader().load(context);
    log.sets.length = 0;
    await writeFile(join(root, second), report({ date: '2024-03-08' }));
    await hindsightLoader().load(context);
    expect(log.sets.sort()).toEqual(['2024-03-01-api-down', '2024-03-08-api-down-again']);
  });

  test('deletes the entries of files that are gone', async () => {
    const root = await sampleProject();
    const { context, entries } = fakeContext(root);
    await hindsightLoader().load(context);
    await rm(join(root, second));
    await hindsightLoader().load(context);
    expect([...entries.keys()]).toEqual(['2024-03-01-api-down']);
  });

  test('logs warnings with their place and rule, without failing', async () => {
    const root = await makeProject({ [first]: report({ status: 'draft', body: '# API down\n\n## Overview\n\nErrors.\n' }) });
    const { context, entries, log } = fakeContext(root);
    await hindsightLoader().load(context);
    expect(entries.size).toBe(1);
    expect(log.warnings.some((warning) => /^postmortems\/2024-03-01-api-down\.md:\d+:\d+: .+ \[required-section\]$/.test(warning))).toBe(true);
  });

  test('logs the first warnings and how many more, not thousands of lines', async () => {
    // Drafts without their sections: each has warnings, and 30 of them have more than the log shows.
    const files = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [
        `postmortems/2024-03-${String(index + 1).padStart(2, '0')}-api-down.md`,
        report({ status: 'draft', date: `2024-03-${String(index + 1).padStart(2, '0')}`, body: '# API down\n\n## Overview\n\nErrors.\n' }),
      ]),
    );
    const root = await makeProject(files);
    const { context, entries, log } = fakeContext(root);
    await hindsightLoader().load(context);
    expect(entries.size).toBe(30);
    expect(log.warnings).toHaveLength(loggedWarnings + 1);
    expect(log.warnings.slice(0, loggedWarnings).every((warning) => /^postmortems\/.+:\d+:\d+: .+ \[[a-z-]+\]$/.test(warning))).toBe(true);
    expect(log.warnings.at(-1)).toMatch(/^… and \d+ more warnings: run `npx hindsight check` to see them all$/);
    const more = Number(/and (\d+) more/.exec(log.warnings.at(-1)!)![1]);
    expect(more).toBeGreaterThan(30);
    expect(warningLines([])).toEqual([]);
  });

  test('prints each diagnostic once: warnings as log lines, errors only in the failure', async () => {
    const root = await makeProject({
      [first]: report({ status: 'draft', body: '# API down\n\n## Overview\n\nErrors.\n' }),
      [second]: report({ date: '2024-03-08', severity: 'sev9' }),
    });
    const { context, log } = fakeContext(root);
    const failure = await hindsightLoader()
      .load(context)
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    const warnings = log.warnings.filter((warning) => warning.endsWith('[required-section]'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(failure?.message).toContain('Unexpected `sev9`');
    // The failure lists the errors alone: no warning is printed a second time.
    expect(failure?.message).not.toContain('required-section');
  });

  test('fails a build on errors with the pretty report the CLI prints', async () => {
    const root = await makeProject({ [first]: report({ severity: 'sev9' }) });
    const { context } = fakeContext(root);
    const failure = await hindsightLoader()
      .load(context)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ReportErrors);
    expect((failure as Error).message).toContain(first);
    expect((failure as Error).message).toMatch(/5:11\S*\s+error\s+Unexpected `sev9`/);
    expect((failure as Error).message).toContain('frontmatter');
  });

  test('leaves out of the site, saying why, what dev shows with errors: a name that is no address, invalid frontmatter, a second file of an id', async () => {
    const root = await makeProject({
      'postmortems/2024-03-01-api-down.md': report(),
      'postmortems/-draft.md': report({ title: 'Not an address' }),
      'postmortems/2024-03-02-db.md': report({ date: '2024-03-02', severity: 'sev9' }),
      'postmortems/more/2024-03-01-api-down.md': report({ title: 'The same id' }),
    });
    const { context, entries, log } = fakeContext(root, { dev: true });
    await hindsightLoader().load(context);
    expect([...entries.keys()]).toEqual(['2024-03-01-api-down']);
    expect((entries.get('2024-03-01-api-down')?.data as { title: string }).title).toBe('API down after a bad deploy');
    const leftOut = log.warnings.filter((warning) => warning.includes('left out of the site'));
    expect(leftOut).toEqual([
      expect.stringMatching(/^postmortems\/-draft\.md: left out of the site: Unexpected file name `-draft\.md`/),
      'postmortems/2024-03-02-db.md: left out of the site, its frontmatter is not valid',
    ]);
  });

  test('in dev, errors are logged and the server keeps the reports it can show', async () => {
    const root = await makeProject({ [first]: report({ status: 'in-review', body: '# API down\n\n## Overview\n\nErrors.\n' }) });
    const { context, entries, log } = fakeContext(root, { dev: true });
    await hindsightLoader().load(context);
    expect(log.errors.join('\n')).toContain('required-section');
    expect(entries.size).toBe(1);
  });

  test('fails a build on an image whose file does not exist, and in dev checks again when a file comes or goes', async () => {
    const withGraph = report({ body: completeBody.replace('Rolled back release 42.', 'Rolled back release 42.\n\n![Error rate](./images/error-rate.png)') });
    const root = await makeProject({ [first]: withGraph });
    const failure = await hindsightLoader()
      .load(fakeContext(root).context)
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(failure).toBeInstanceOf(ReportErrors);
    expect(failure!.message).toMatch(/32:15\S*\s+error\s+Unexpected image `\.\/images\/error-rate\.png` that does not\s+exist/);

    // In dev, the watcher's handlers run the check again: a new image clears the error, though no report changed.
    const { context, log } = fakeContext(root, { dev: true });
    const handlers = new Map<string, (path: string) => unknown>();
    (context as unknown as { watcher: unknown }).watcher = {
      add: () => {},
      on: (event: string, handler: (path: string) => unknown) => handlers.set(event, handler),
    };
    await hindsightLoader().load(context);
    expect(log.errors.join('\n')).toContain('Unexpected image `./images/error-rate.png` that does not');
    log.errors.length = 0;
    await mkdir(join(root, 'postmortems/images'));
    await writeFile(join(root, 'postmortems/images/error-rate.png'), 'PNG');
    await handlers.get('add')!(join(root, 'postmortems/images/error-rate.png'));
    expect(log.errors).toEqual([]);
    expect(log.infos.at(-1)).toBe('Reloaded reports after a change to postmortems/images/error-rate.png');
    // A hidden file (an editor's swap file) is not a reason to check again.
    await handlers.get('add')!(join(root, 'postmortems/.error-rate.png.swp'));
    expect(log.infos.at(-1)).toBe('Reloaded reports after a change to postmortems/images/error-rate.png');
  });

  test('the code digest changes when the code that renders entries does', async () => {
    // The folder holding Hindsight's code: `src/` in a clone, `build/` in the package.
    const root = await makeProject({ 'lib/render.ts': 'export const version = 1;\n', 'astro/loader.js': '// loader\n' });
    const digest = (data: string) => createHash('sha256').update(data).digest('hex');
    const before = await codeDigest(root, digest);
    expect(await codeDigest(root, digest)).toBe(before);
    await writeFile(join(root, 'lib/render.ts'), 'export const version = 2;\n');
    expect(await codeDigest(root, digest)).not.toBe(before);
  });
});
