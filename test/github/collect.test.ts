import { describe, expect, it } from 'vitest';
import { githubReferencesOf } from '../../src/lib/github/collect.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

describe('githubReferencesOf', () => {
  it('places a single resolution_prs value (not a list) at the value', () => {
    const config = makeConfig();
    const [parsed] = parseFiles({ 'postmortems/2024-03-01-api-down.md': report({ extra: 'resolution_prs: acme/api#12\n' }) }, config);
    const found = githubReferencesOf(parsed!, config).filter((entry) => entry.origin === 'resolution_prs');
    expect(found).toHaveLength(1);
    expect(found[0]!.place.start).toMatchObject({ line: 10, column: 17 });
  });
});
