/** The build's garbage collections (src/astro/memory.ts): they collect, without `--expose-gc`. */
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/astro/memory.ts';

/** Objects that nothing refers to once the function returns: about 40 MB of them, in the old generation. */
function leaveGarbage(): number {
  let kept = 0;
  const lists: number[][] = [];
  for (let list = 0; list < 200; list++) lists.push(Array.from({ length: 25_000 }, (_, index) => index + list));
  for (const list of lists) kept += list.length;
  return kept;
}

describe('collectGarbage', () => {
  it('frees what nothing refers to, in a process started without --expose-gc', () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    expect(leaveGarbage()).toBe(5_000_000);
    const withGarbage = process.memoryUsage().heapUsed;
    expect(withGarbage - before).toBeGreaterThan(20 * 1024 * 1024);
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan((withGarbage - before) / 4);
  });

  it('leaves no `gc` on the global object', () => {
    collectGarbage();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
