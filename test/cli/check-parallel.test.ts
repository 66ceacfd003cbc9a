/**
 * `check` gives the same answer however its reports were parsed: with or without
 * the parse cache (cold and warm), on the main thread or on worker threads. The
 * corpus is ~200 generated reports plus hostile files (binary, over the size
 * limit, invalid YAML, a YAML `.nan` JSON cannot carry, UTF-16, deep nesting).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.ts';
import { maxReportBytes } from '../../src/lib/node/files.ts';
import { parseCacheFolder } from '../../src/lib/node/parse-cache.ts';
import { syntheticReports } from '../../scripts/synthetic-reports.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeProject } from '../helpers.ts';

/** Runs `check --format json` with an environment; stdout, stderr and the exit code. */
async function check(root: string, env: Record<string, string>, args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await run(['check', '--format', 'json', ...args], {
    cwd: root,
    env,
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    now: new Date('2025-01-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

const hostile: Record<string, string | Uint8Array> = {
  'postmortems/2024-01-01-binary.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
  'postmortems/2024-01-02-huge.md': new Uint8Array(maxReportBytes + 1).fill(0x61),
  'postmortems/2024-01-03-bad-yaml.md': '---\ntitle: [unclosed\ndate: 2024-01-03\n---\n\n## Overview\n',
  'postmortems/2024-01-04-nan.md': report({ date: '2024-01-04', severity: '.nan', extra: 'tags: [.inf, -.inf, -0]\n' }),
  'postmortems/2024-01-05-utf16.md': new Uint8Array([0xff, 0xfe, 0x2d, 0x00, 0x2d, 0x00]),
  // Deeper than a worker's smaller stack may allow: then the main thread parses it, as it would without workers.
  'postmortems/2024-01-06-deep.md': `${report({ date: '2024-01-06' })}\n${'> '.repeat(1500)}deep\n`,
  'postmortems/2024-01-07-latin1.md': new Uint8Array([...new TextEncoder().encode(report({ date: '2024-01-07' })), 0xe9, 0x0a]),
  'postmortems/2024-01-08-proto.md': report({ date: '2024-01-08', extra: '__proto__: { polluted: true }\nconstructor: x\n' }),
};

describe('check with the parse cache and worker threads', () => {
  let root: string;
  const files = (): Record<string, string | Uint8Array> => {
    const generated = Object.fromEntries(syntheticReports({ count: 200, seed: 7 }).map((entry) => [entry.path, entry.text]));
    return { ...generated, ...hostile };
  };

  beforeAll(async () => {
    root = await makeProject(files());
    // A project with node_modules gets a cache; this one starts without any entry.
    await mkdir(join(root, 'node_modules'));
  });

  it('prints the same JSON with and without the cache, on 1 or 3 threads, cold and warm', async () => {
    const entries = () => readdir(join(root, parseCacheFolder), { recursive: true }).catch(() => []);
    const reference = await check(root, { HINDSIGHT_CACHE: '0', HINDSIGHT_THREADS: '1' });
    expect(reference.code).toBe(1);
    const summary = JSON.parse(reference.stdout) as { files: number; messages: Array<{ file: string; ruleId: string }> };
    expect(summary.files).toBe(208);
    // The hostile files are reported, not crashes.
    for (const file of Object.keys(hostile))
      expect(
        summary.messages.some((message) => message.file === file),
        file,
      ).toBe(true);
    expect(summary.messages.some((message) => message.ruleId === 'internal')).toBe(false);
    expect(await entries()).toEqual([]);

    const runs = {
      'no cache, 3 threads': await check(root, { HINDSIGHT_CACHE: '0', HINDSIGHT_THREADS: '3' }),
      'cold cache, 3 threads': await check(root, { HINDSIGHT_THREADS: '3' }),
      'warm cache, 1 thread': await check(root, { HINDSIGHT_THREADS: '1' }),
      'warm cache, 3 threads': await check(root, { HINDSIGHT_THREADS: '3' }),
    };
    for (const [name, result] of Object.entries(runs)) {
      expect(result.stdout, name).toBe(reference.stdout);
      expect(result.code, name).toBe(reference.code);
    }
    // The huge file is never parsed; the YAML `.nan` and the `__proto__` key are parsed again each time rather than cached.
    expect(runs['cold cache, 3 threads'].stderr).toMatch(/^Checked 208 reports in \d.*\(0 cached, 207 parsed on 3 threads\)\n$/);
    expect(runs['warm cache, 1 thread'].stderr).toMatch(/\(205 cached, 2 parsed on 1 thread\)\n$/);
    const shards = (await entries()).filter((name) => String(name).endsWith('.jsonl'));
    const lines = await Promise.all(
      shards.map(async (name) => (await readFile(join(root, parseCacheFolder, String(name)), 'utf8')).split('\n').filter(Boolean).length),
    );
    expect(lines.reduce((sum, count) => sum + count, 0)).toBe(205);

    await rm(join(root, 'node_modules', '.cache'), { recursive: true });
    const coldOneThread = await check(root, { HINDSIGHT_THREADS: '1' });
    expect(coldOneThread.stdout).toBe(reference.stdout);
    expect(coldOneThread.stderr).toMatch(/\(0 cached, 207 parsed on 1 thread\)\n$/);
  }, 300_000);

  it('checks one file against the whole cached corpus, as without the cache', async () => {
    const target = 'postmortems/2024-01-08-proto.md';
    const uncached = await check(root, { HINDSIGHT_CACHE: '0' }, [target]);
    const cached = await check(root, {}, [target]);
    expect(cached.stdout).toBe(uncached.stdout);
    expect(cached.stderr).toMatch(/^Checked 1 report in .* \(208 read: 205 cached, 2 parsed on 1 thread\)\n$/);
  }, 120_000);

  it('re-parses only the edited report, and --no-cache neither reads nor writes the cache', async () => {
    const edited = syntheticReports({ count: 200, seed: 7 })[10]!;
    await writeFile(join(root, edited.path), `${edited.text}\nOne more line.\n`);
    const after = await check(root, {});
    expect(after.stderr).toMatch(/\(204 cached, 3 parsed on 1 thread\)\n$/);
    const fresh = await check(root, {}, ['--no-cache']);
    expect(fresh.stdout).toBe(after.stdout);
    expect(fresh.stderr).toMatch(/\(0 cached, 207 parsed on \d threads?\)\n$/);
    await writeFile(join(root, edited.path), edited.text);
  }, 120_000);

  it('refuses a thread count that is not a number', async () => {
    const result = await check(root, { HINDSIGHT_THREADS: 'many' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'hindsight check: Unexpected `HINDSIGHT_THREADS=many`, expected a whole number of threads such as `2` (1 parses on the main thread)\n',
    );
  });
});
