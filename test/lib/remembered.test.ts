import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/lib/remembered.ts';

describe('remembered', () => {
  it('works out each argument once, `undefined` results included', () => {
    const calls: string[] = [];
    const lengthOrNothing = remembered((key: string) => {
      calls.push(key);
      return key === '' ? undefined : key.length;
    }, 10);
    expect([lengthOrNothing('ab'), lengthOrNothing('ab'), lengthOrNothing(''), lengthOrNothing('')]).toEqual([2, 2, undefined, undefined]);
    expect(calls).toEqual(['ab', '']);
  });

  it('forgets everything past its limit, and works it out again', () => {
    const calls: string[] = [];
    const upper = remembered((key: string) => {
      calls.push(key);
      return key.toUpperCase();
    }, 2);
    for (const key of ['a', 'b', 'c', 'a']) expect(upper(key)).toBe(key.toUpperCase());
    // `c` came when two were kept: they were forgotten, so `a` is worked out again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
