/**
 * src/astro/github-state.ts: the pages read GitHub state from the cache only,
 * and its warnings reach the log once, not once per page served in dev.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cachedGithubStates, warnWhenChanged } from '../../src/astro/github-state.ts';
import { makeConfig } from '../helpers.ts';

describe('GitHub state for the pages', () => {
  test('without a cache every target is unknown, with one warning and no request', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hindsight-state-'));
    const { lookup, warnings } = await cachedGithubStates([{ owner: 'acme', repo: 'api', number: 1 }], root, makeConfig(), {});
    expect(lookup.get({ owner: 'acme', repo: 'api', number: 1 })?.state).toBe('unknown');
    expect(warnings).toEqual([expect.stringContaining('1 of 1 GitHub reference is not in the cache')]);
  });

  test('the same warnings are logged once; changed ones are logged again', () => {
    const logged: string[] = [];
    const warn = warnWhenChanged((message) => logged.push(message));
    // The dev server asks for the site model on every request.
    for (let request = 0; request < 5; request++) warn(['2 of 7 GitHub references are not in the cache']);
    expect(logged).toEqual(['2 of 7 GitHub references are not in the cache']);
    warn(['1 of 7 GitHub references is not in the cache']);
    warn(['1 of 7 GitHub references is not in the cache']);
    warn([]);
    warn(['1 of 7 GitHub references is not in the cache']);
    expect(logged).toEqual([
      '2 of 7 GitHub references are not in the cache',
      '1 of 7 GitHub references is not in the cache',
      '1 of 7 GitHub references is not in the cache',
    ]);
  });
});
