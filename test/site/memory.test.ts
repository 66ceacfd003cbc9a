/** The build's garbage collections (src/astro/memory.ts): they collect, without `--expose-gc`. */
import { describe, expect, it, vi, type Mock } from 'vitest';
import type * as memory from '../../src/astro/memory.ts';
import { collectGarbage, worthCollectingBytes } from '../../src/astro/memory.ts';

/** Small objects that nothing refers to once the function returns: about 100 MB of them, in the old generation's pages. */
function leaveGarbage(): number {
  const objects: Array<{ position: number; name: string }> = [];
  for (let position = 0; position < 1_500_000; position++) objects.push({ position, name: `object ${position}` });
  return objects.length;
}

/** Runs `test` with a fresh memory.ts that finds a stand-in for `gc()`, which records its calls instead of collecting. */
async function withStandInCollector(test: (fresh: typeof memory, collector: Mock) => void): Promise<void> {
  const collector = vi.fn();
  (globalThis as { gc?: unknown }).gc = collector;
  try {
    // A fresh module, so that it finds this collector.
    vi.resetModules();
    test(await import('../../src/astro/memory.ts'), collector);
  } finally {
    delete (globalThis as { gc?: unknown }).gc;
  }
}

describe('collectGarbage', () => {
  it('frees what nothing refers to, in a process started without --expose-gc', () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    collectGarbage(0);
    const heapBefore = process.memoryUsage().heapTotal;
    const before = process.memoryUsage().heapUsed;
    expect(leaveGarbage()).toBe(1_500_000);
    const withGarbage = process.memoryUsage().heapUsed;
    expect(withGarbage - before).toBeGreaterThan(20 * 1024 * 1024);
    const heapWithGarbage = process.memoryUsage().heapTotal;
    collectGarbage(0);
    const after = process.memoryUsage();
    expect(after.heapUsed - before).toBeLessThan((withGarbage - before) / 4);
    // The pages the garbage was in are given back, not kept for later (a plain `gc()` keeps about half of them).
    expect(after.heapTotal - heapBefore).toBeLessThan((heapWithGarbage - heapBefore) / 4);
  });

  it('leaves a heap smaller than is worth collecting alone (a small site spends no time on it)', async () => {
    await withStandInCollector((fresh, collector) => {
      const held = process.memoryUsage.rss();
      fresh.collectGarbage(held + 64 * 1024 * 1024);
      expect(collector).not.toHaveBeenCalled();
      fresh.collectGarbage(0);
      expect(collector).toHaveBeenCalledExactlyOnceWith({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      expect(held).toBeLessThan(worthCollectingBytes);
    });
  });

  it('collects when the process holds much memory, however little of the heap is in use (V8 has just collected, and kept the pages)', async () => {
    await withStandInCollector((fresh, collector) => {
      const { heapUsed, rss } = process.memoryUsage();
      expect(heapUsed).toBeLessThan(rss);
      // More than the heap in use, less than what the process holds.
      fresh.collectGarbage(Math.round((heapUsed + rss) / 2));
      expect(collector).toHaveBeenCalledOnce();
    });
  });

  it('leaves no `gc` on the global object', () => {
    collectGarbage(0);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
