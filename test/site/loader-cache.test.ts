/**
 * The content loader shares the parse cache with the CLI: a build right after
 * `hindsight check` parses no report again, and a dev server keeps its parses
 * between syncs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { hindsightLoader } from '../../src/astro/loader.ts';
import { run } from '../../src/cli/run.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeProject } from '../helpers.ts';
import { fakeContext as fakeLoaderContext } from './loader-context.ts';

/** A loader context like Astro's, and the info lines it logs. */
function fakeContext(root: string) {
  const { context, entries, log } = fakeLoaderContext(root);
  return { context, infos: log.infos, entries };
}

async function project() {
  const root = await makeProject({
    'postmortems/2024-03-01-api-down.md': report(),
    'postmortems/2024-03-08-api-down-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
  });
  await mkdir(join(root, 'node_modules'));
  return root;
}

const quiet = { write: () => {} };

describe('the loader and the parse cache', () => {
  afterEach(() => vi.unstubAllEnvs());

  test('a build after `hindsight check` reads every parse from the cache', async () => {
    const root = await project();
    expect(await run(['check'], { cwd: root, env: {}, stdout: quiet, stderr: quiet })).toBe(0);
    const { context, infos, entries } = fakeContext(root);
    await hindsightLoader().load(context);
    expect(infos).toContain('Read 2 reports (2 from the parse cache, 0 parsed)');
    expect([...entries.keys()].sort()).toEqual(['2024-03-01-api-down', '2024-03-08-api-down-again']);
  });

  test('a first build fills the cache for the next one; an edited report alone is parsed again', async () => {
    const root = await project();
    const first = fakeContext(root);
    await hindsightLoader().load(first.context);
    expect(first.infos).toContain('Read 2 reports (0 from the parse cache, 2 parsed)');
    await writeFile(join(root, 'postmortems/2024-03-01-api-down.md'), report({ title: 'Edited' }));
    const second = fakeContext(root);
    await hindsightLoader().load(second.context);
    expect(second.infos).toContain('Read 2 reports (1 from the parse cache, 1 parsed)');
  });

  test('a build lets go of its parses once its one sync is done (memory for the pages)', async () => {
    const root = await project();
    // No disk cache: what a second load of the same loader finds could only have been kept in memory.
    vi.stubEnv('HINDSIGHT_CACHE', '0');
    const loader = hindsightLoader();
    const first = fakeContext(root);
    await loader.load(first.context);
    const second = fakeContext(root);
    await loader.load(second.context);
    expect(second.infos).toContain('Read 2 reports (0 from the parse cache, 2 parsed)');
  });

  test('HINDSIGHT_CACHE=0 keeps the build off the disk cache', async () => {
    const root = await project();
    vi.stubEnv('HINDSIGHT_CACHE', '0');
    for (let build = 0; build < 2; build++) {
      const { context, infos } = fakeContext(root);
      await hindsightLoader().load(context);
      expect(infos).toContain('Read 2 reports (0 from the parse cache, 2 parsed)');
    }
  });
});
