/**
 * "Did you mean" suggestions: `closestMatcher` (a trie, for many lookups in one
 * corpus) answers exactly as `closestMatch` (a distance to every candidate).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, closestMatcher } from '../../src/lib/distance.ts';

describe('closestMatcher', () => {
  it('suggests the closest report id, as closestMatch does', () => {
    const ids = ['2024-03-01-api-down', '2024-03-08-api-down-again', '2022-09-07-utoronto-hub-login-500'];
    const suggest = closestMatcher(ids);
    expect(suggest('2024-03-01-api-dwn')).toBe('2024-03-01-api-down');
    expect(suggest('2024-03-08-api-down-agin')).toBe('2024-03-08-api-down-again');
    expect(suggest('something-else')).toBeUndefined();
  });

  it('gives the same answer as closestMatch for any candidates, text and limit, ties included', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '1', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), word, fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), (candidates, written, maxCost) => {
        expect(closestMatcher(candidates)(written, maxCost)).toBe(closestMatch(written, candidates, maxCost));
      }),
      { numRuns: 500 },
    );
  });
});
