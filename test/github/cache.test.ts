/**
 * The on-disk GitHub cache: atomic writes, and reads that survive anything a file
 * can hold (cut short, the wrong shape, huge, a folder, `__proto__` keys).
 */
import { mkdir, mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyCache, readCache, writeCache, type CacheData } from '../../src/lib/github/cache.ts';

const api = 'https://api.github.com';
let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hindsight-cache-test-'));
  file = join(folder, 'github.json');
});

function sample(title = 'Alert on expiry'): CacheData {
  const cache = emptyCache();
  cache.apis[api] = { 'acme/api#102': { state: 'closed', title, etag: 'W/"abc"', fetchedAt: '2024-06-01T00:00:00.000Z' } };
  return cache;
}

describe('writeCache', () => {
  it('writes through a temporary file in the same folder and leaves none behind', async () => {
    await writeCache(file, sample('first'));
    await writeCache(file, sample('second'));
    expect(await readdir(folder)).toEqual(['github.json']);
    const { cache, problem } = await readCache(file);
    expect(problem).toBeUndefined();
    expect(cache.apis[api]?.['acme/api#102']?.title).toBe('second');
  });

  it('never leaves half a file when many runs write at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, position) => writeCache(file, sample(`run ${position} ${'x'.repeat(20_000)}`))));
    const { cache, problem } = await readCache(file);
    expect(problem).toBeUndefined();
    expect(cache.apis[api]?.['acme/api#102']?.title).toMatch(/^run \d+ x+…$/);
    expect(await readdir(folder)).toEqual(['github.json']);
  });

  it('throws when the folder cannot be created, leaving nothing behind', async () => {
    await writeFile(join(folder, 'node_modules'), 'a file where a folder should be');
    await expect(writeCache(join(folder, 'node_modules', '.cache', 'github.json'), sample())).rejects.toMatchObject({
      code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/),
    });
  });

  it('throws when the file is a folder, and removes its temporary file', async () => {
    await mkdir(file);
    await expect(writeCache(file, sample())).rejects.toHaveProperty('code');
    expect((await readdir(folder)).sort()).toEqual(['github.json']);
  });
});

describe('readCache', () => {
  it('starts empty, with a warning, from a file cut short', async () => {
    await writeCache(file, sample());
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length / 2));
    const { cache, problem } = await readCache(file);
    expect(cache).toEqual(emptyCache());
    expect(problem).toBe(`the GitHub cache ${file} is not valid JSON; starting empty`);
  });

  it('starts empty, with a warning, from the wrong shape', async () => {
    for (const text of ['[]', 'null', '"x"', '{"version":2,"apis":{}}', '{"version":1,"apis":[]}', '{"version":1,"apis":{"https://api.github.com":[1]}}']) {
      await writeFile(file, text);
      const { cache, problem } = await readCache(file);
      expect(cache, text).toEqual(emptyCache());
      expect(problem, text).toBe(`the GitHub cache ${file} has an unexpected shape; starting empty`);
    }
  });

  it('starts empty, with a warning, when the path is a folder or the file is huge', async () => {
    await mkdir(file);
    expect((await readCache(file)).problem).toBe(`could not read the GitHub cache ${file} (EISDIR); starting empty`);
    const huge = join(folder, 'huge.json');
    await writeFile(huge, '');
    await truncate(huge, 65 * 1024 * 1024); // sparse: no disk used
    expect((await readCache(huge)).problem).toBe(`the GitHub cache ${huge} is larger than 64 MB; starting empty`);
  });

  it('drops entries of the wrong shape and keys that are not references or API URLs, keeping the rest', async () => {
    const good = { state: 'closed', title: 'Alert on expiry', fetchedAt: '2024-06-01T00:00:00.000Z' };
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        apis: {
          [api]: { 'acme/api#102': good, 'acme/api#103': { state: 'exploded', fetchedAt: 'yesterday' }, 'not a key': good },
          'https://user:ghp_x@ghe.example/api/v3': { 'acme/api#1': good },
          'file:///etc': { 'acme/api#1': good },
        },
      }),
    );
    const { cache, problem } = await readCache(file);
    expect(problem).toBeUndefined();
    expect(Object.keys(cache.apis)).toEqual([api]);
    expect(Object.keys(cache.apis[api]!)).toEqual(['acme/api#102']);
  });

  it('caps titles and labels read from the file, and cleans control characters', async () => {
    const entry = { state: 'open', title: `\u001b]0;pwned\u0007${'t'.repeat(10_000)}`, labels: ['x'.repeat(1000)], fetchedAt: '2024-06-01T00:00:00.000Z' };
    await writeFile(file, JSON.stringify({ version: 1, apis: { [api]: { 'acme/api#1': entry } } }));
    const read = (await readCache(file)).cache.apis[api]?.['acme/api#1'];
    expect(read?.title?.length).toBe(300);
    expect(read?.title?.startsWith(' ]0;pwned ')).toBe(true);
    expect(read?.labels?.[0]?.length).toBe(300);
  });

  it('is harmless with `__proto__` keys at every level', async () => {
    const good = { state: 'closed', title: 'Alert on expiry', fetchedAt: '2024-06-01T00:00:00.000Z' };
    await writeFile(
      file,
      `{"__proto__":{"polluted":"yes"},"version":1,"apis":{"__proto__":{"polluted":"yes"},"${api}":{"__proto__":{"state":"open","polluted":"yes","fetchedAt":"2024-06-01T00:00:00.000Z"},"acme/api#102":${JSON.stringify(good)}}}}`,
    );
    const { cache, problem } = await readCache(file);
    expect(problem).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(cache.apis)).toEqual([api]);
    const entries = cache.apis[api]!;
    expect(Object.keys(entries)).toEqual(['acme/api#102']);
    expect(Object.getPrototypeOf(entries)).toBeNull();
    expect((entries as Record<string, unknown>).polluted).toBeUndefined();
    // Written back, the file holds only what was valid.
    await writeCache(file, cache);
    expect(await readFile(file, 'utf8')).not.toContain('polluted');
  });
});
