/**
 * `allMatches` (src/lib/matches.ts) gives what `[...text.matchAll(pattern)]`
 * gives, without the copy of the pattern `matchAll` makes on every call.
 */
import { describe, expect, it } from 'vitest';
import { allMatches } from '../../src/lib/matches.ts';

/** What a match says: its text, where it is, its groups and, with the `d` flag, their indices. */
function described(matches: readonly RegExpMatchArray[]) {
  return matches.map((match) => ({ text: [...match], index: match.index, groups: match.groups, indices: match.indices && [...match.indices] }));
}

const texts = ['', 'a', 'All times UTC.', 'aaa bbb  ccc', '😀a😀', 'x\ny\r\nz', 'ab'.repeat(50), 'é😀é'];
const patterns = [
  /a/g,
  /a*/g,
  /\b\w+\b/dg,
  /(?<word>[a-z]+)|(?<space>\s+)/gi,
  /(?:)/g,
  /(?:)/gu,
  /./gu,
  /./g,
  /$/gm,
  /^/gm,
  /\p{L}*/gu,
  /[😀]/gu,
  /a/gy,
  new RegExp('(?:)', 'gv'),
  new RegExp('[\\p{L}--[a-z]]', 'gv'),
];

describe('allMatches', () => {
  it('gives the matches matchAll gives, empty matches and code points included', () => {
    for (const pattern of patterns) {
      for (const text of texts) {
        expect(described(allMatches(text, pattern)), `${String(pattern)} on ${JSON.stringify(text)}`).toEqual(described([...text.matchAll(pattern)]));
      }
    }
  });

  it('starts at the beginning and leaves the pattern ready for its next caller', () => {
    const pattern = /b/g;
    pattern.lastIndex = 2;
    expect(allMatches('bab', pattern).map((match) => match.index)).toEqual([0, 2]);
    expect(pattern.lastIndex).toBe(0);
  });

  it('lets a caller use the same pattern while it reads the matches', () => {
    const word = /\w+/g;
    const nested = allMatches('one two', word).map((match) => allMatches(match[0], word).length);
    expect(nested).toEqual([1, 1]);
  });

  it('makes no copy of the pattern (matchAll makes one per call: its cost for a large pattern is why this exists)', () => {
    let made = 0;
    class CountedPattern extends RegExp {
      constructor(source: string | RegExp, flags?: string) {
        super(source, flags);
        made++;
      }
    }
    const pattern = new CountedPattern('a', 'g');
    made = 0;
    expect(allMatches('banana', pattern)).toHaveLength(3);
    expect(made).toBe(0);
    expect([...'banana'.matchAll(pattern)]).toHaveLength(3);
    expect(made).toBe(1);
  });

  it('refuses a pattern without the g flag, as matchAll does', () => {
    expect(() => allMatches('a', /a/)).toThrow(TypeError);
    expect(() => 'a'.matchAll(/a/)).toThrow(TypeError);
  });
});
