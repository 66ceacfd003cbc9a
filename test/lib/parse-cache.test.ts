/**
 * The parse cache (src/lib/node/parse-cache.ts) and the worker pool
 * (src/lib/node/parse-pool.ts): what is cached is read back exactly, what is not a
 * valid entry is never used, the cache stays bounded, and a worker that fails
 * costs one file a diagnostic, never the run.
 */
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReports } from '../../src/lib/node/files.ts';
import {
  cacheDisabledBy,
  decodeParse,
  encodeParse,
  isParsedReport,
  ParseCache,
  parseCacheFolder,
  parseConfigDigest,
  type ParseResult,
} from '../../src/lib/node/parse-cache.ts';
import { parseOnThreads, threadsFor, type ParseJob } from '../../src/lib/node/parse-pool.ts';
import { parseReport, unreadableReport, type ParsedReport } from '../../src/lib/parse.ts';
import { selfContainedFindings } from '../../src/lib/report-findings.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { renderReport } from '../../src/lib/site/report.ts';
import { makeConfig, makeProject } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const bytes = (text: string) => new TextEncoder().encode(text);

/** A project with a node_modules folder (so it gets a cache) and two reports. */
async function project() {
  const root = await makeProject({
    [path]: report(),
    'postmortems/2024-03-08-api-down-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
  });
  await mkdir(join(root, 'node_modules'));
  return root;
}

/** The entries of a generation: `name JSON` lines of its shard files. */
async function entryLines(cache: ParseCache) {
  const lines: string[] = [];
  for (const name of await readdir(cache.folder!)) {
    if (name.endsWith('.jsonl')) lines.push(...(await readFile(join(cache.folder!, name), 'utf8')).split('\n').filter(Boolean));
  }
  return lines.sort();
}

describe('encodeParse', () => {
  it('gives back the parse, as plain data', () => {
    const config = makeConfig();
    for (const text of [report(), report({ extra: 'watch:\n  - { name: cert, expires: 2025-01-01 }\n' }), '# no frontmatter\n\n## Overview\n\ntext\n', '']) {
      const parsed = parseReport(path, bytes(text), config);
      const json = encodeParse({ report: parsed });
      expect(json).toBeDefined();
      // Equal, properties set to `undefined` (such as `frontmatter.data` without frontmatter) coming back absent.
      expect(decodeParse(json!, bytes(text))).toEqual({ report: parsed });
      expect(structuredClone(parsed)).toStrictEqual(parsed);
    }
  });

  it('leaves out the text and the tree, and makes them again from the bytes as the parse did', () => {
    const config = makeConfig();
    const overLimit = report({ body: `## Overview\n\n${'word '.repeat(5000)}\n` });
    const cases = {
      'a report': bytes(report()),
      'a byte order mark': bytes(`\uFEFF${report()}`),
      'CRLF line endings': bytes(report().replaceAll('\n', '\r\n')),
      'a NUL character in the body': bytes(`${report()}\nx\0y\n`),
      'no frontmatter': bytes('# Title\n\n## Overview\n\ntext\n'),
      'a paragraph over its limit': bytes(overLimit),
      'not UTF-8': new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]),
    };
    for (const [what, content] of Object.entries(cases)) {
      const parsed = parseReport(path, content, config);
      const json = encodeParse({ report: parsed })!;
      expect(JSON.parse(json).report.tree, what).toBeUndefined();
      expect(JSON.parse(json).report.text, what).toBeUndefined();
      expect(decodeParse(json, content), what).toEqual({ report: parsed });
    }
    expect(parseReport(path, bytes(overLimit), config).limit).toBeDefined();
  });

  it('refuses what JSON would change: NaN, infinities, -0, holes', () => {
    const config = makeConfig();
    const nan = parseReport(path, bytes(report({ severity: '.nan' })), config);
    expect(encodeParse({ report: nan })).toBeUndefined();
    expect(encodeParse({ report: parseReport(path, bytes(report({ extra: 'tags: [.inf]\n' })), config) })).toBeUndefined();
    expect(encodeParse({ report: parseReport(path, bytes(report({ extra: 'tags: [-0]\n' })), config) })).toBeUndefined();
    const holes = parseReport(path, bytes(report()), config);
    holes.sections.length += 1;
    expect(encodeParse({ report: holes })).toBeUndefined();
    expect(encodeParse({ report: unreadableReport(path, 'Unexpected binary content') })).toBeDefined();
  });

  it('copes with a tree nested deeper than a recursive walk could go', () => {
    const deep = parseReport(path, bytes(report()), makeConfig());
    let node: { type: string; children: unknown[] } = { type: 'blockquote', children: [] };
    deep.tree.children.push(node as never);
    for (let depth = 0; depth < 100_000; depth++) {
      const child = { type: 'blockquote', children: [] };
      node.children.push(child);
      node = child;
    }
    expect(() => encodeParse({ report: deep })).not.toThrow();
    expect(isParsedReport(deep, path)).toBe(true);
  });
});

describe('the generation', () => {
  it('changes with the configuration a parse depends on, not with rule levels or site settings', () => {
    const base = parseConfigDigest(makeConfig());
    expect(parseConfigDigest(makeConfig({ rules: { 'possible-repeat': 'off' }, repeats: { threshold: 0.5 }, site: { title: 'Other' } }))).toBe(base);
    expect(parseConfigDigest(makeConfig({ severities: ['p1', 'p2'] }))).not.toBe(base);
    expect(parseConfigDigest(makeConfig({ timezone: 'Europe/Paris' }))).not.toBe(base);
    expect(parseConfigDigest(makeConfig({ preset: '2i2c' }))).not.toBe(base);
    expect(parseConfigDigest(makeConfig({ github: { repository: 'acme/api' } }))).not.toBe(base);
  });

  it('leaves out only fields that do not change a parse', () => {
    // The fields the digest leaves out must not change what parseReport returns.
    const text = bytes(report({ extra: 'watch:\n  - { name: cert, expires: 2099-01-01 }\n' }));
    const plain = parseReport(path, text, makeConfig());
    const other = makeConfig({
      rules: { secret: 'off' },
      repeats: { threshold: 0.9 },
      dates: { earliest: '2030-01-01', latestYearsAhead: 0 },
      site: { title: 'X', base: '/x/', url: 'https://example.com' },
      content: 'elsewhere',
      github: { cacheDir: 'x', watchWindowDays: 1, timeoutMs: 5 },
    });
    expect(parseReport(path, text, other)).toStrictEqual(plain);
    expect(parseConfigDigest(other)).toBe(parseConfigDigest(makeConfig()));
  });
});

describe('ParseCache', () => {
  it('is off without node_modules, and with HINDSIGHT_CACHE=0', async () => {
    const root = await makeProject({ [path]: report() });
    expect(ParseCache.open(root, makeConfig())).toBeUndefined();
    expect(cacheDisabledBy({ HINDSIGHT_CACHE: '0' })).toBe(true);
    expect(cacheDisabledBy({ HINDSIGHT_CACHE: 'false' })).toBe(true);
    expect(cacheDisabledBy({ HINDSIGHT_CACHE: '1' })).toBe(false);
    expect(cacheDisabledBy({})).toBe(false);
  });

  it('parses a report once, then reads it back exactly, in this process and the next', async () => {
    const root = await project();
    const config = makeConfig();
    const paths = [path, 'postmortems/2024-03-08-api-down-again.md'];
    const cold = await readReports(paths, root, config, { cache: ParseCache.open(root, config) });
    expect(cold.stats).toEqual({ files: 2, cached: 0, parsed: 2, threads: 1 });
    const cache = ParseCache.open(root, config)!;
    expect(cache.folder).toContain(join(root, parseCacheFolder));
    const warm = await readReports(paths, root, config, { cache });
    expect(warm.stats).toEqual({ files: 2, cached: 2, parsed: 0, threads: 1 });
    expect(warm.reports).toEqual(cold.reports);
    expect((await readReports(paths, root, config)).reports).toEqual(cold.reports);
    expect(await entryLines(cache)).toHaveLength(2);
  });

  it("keeps the self-contained rules' findings with the parse, adding them to an entry written without", async () => {
    const root = await project();
    const config = makeConfig();
    const paths = [path, 'postmortems/2024-03-08-api-down-again.md'];
    // `actions` and the like read without findings; a check then adds them to the same entries.
    const plain = await readReports(paths, root, config, { cache: ParseCache.open(root, config) });
    expect(plain.findings.size).toBe(0);
    const cache = ParseCache.open(root, config)!;
    const first = await readReports(paths, root, config, { cache, findings: true });
    expect(first.stats.cached).toBe(2);
    expect(first.findings.size).toBe(2);
    await cache.prune();
    const lines = await entryLines(cache);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('"findings":{');
    const again = await readReports(paths, root, config, { cache: ParseCache.open(root, config), findings: true });
    expect(again.stats.cached).toBe(2);
    expect([...again.findings.values()]).toEqual([...first.findings.values()]);
    expect([...again.findings.values()]).toEqual(again.reports.map((report) => selfContainedFindings(report, config)));
    // On worker threads too, the same findings.
    const threaded = await readReports(paths, root, config, { threads: 2, findings: true });
    expect(threaded.reports.map((report) => threaded.findings.get(report))).toEqual(again.reports.map((report) => again.findings.get(report)));
  });

  it("has a build's worker threads render the summary and body they would be stored with, and never caches them", async () => {
    const root = await project();
    const config = makeConfig();
    const paths = [path, 'postmortems/2024-03-08-api-down-again.md', 'postmortems/2024-03-15-api-down-once-more.md'];
    await writeFile(
      join(root, paths[2]!),
      report({ date: '2024-03-15', title: 'Raw <b>HTML</b> & an image' }).replace('## Impact', '![graph](./graph.png)\n\n## Impact'),
    );
    const cache = ParseCache.open(root, config)!;
    // This thread parses from one end of the queue, the worker from the other: at least one report is the worker's.
    const threaded = await readReports(paths, root, config, { cache, threads: 2, findings: true, render: true });
    expect(threaded.rendered.size).toBeGreaterThan(0);
    for (const [parsed, page] of threaded.rendered) {
      expect(threaded.reports).toContain(parsed);
      expect(page).toEqual(renderReport(parsed, config));
      expect(page.body.length).toBeGreaterThan(0);
    }
    await cache.prune();
    for (const line of await entryLines(cache)) expect(line).not.toContain('"rendered"');
    // Without `render`, or on this thread alone, nothing is rendered ahead.
    expect((await readReports(paths, root, config, { threads: 2 })).rendered.size).toBe(0);
    expect((await readReports(paths, root, config, { threads: 1, render: true })).rendered.size).toBe(0);
  });

  it('parses an edited report again, and a report under another configuration', async () => {
    const root = await project();
    const config = makeConfig();
    await readReports([path], root, config, { cache: ParseCache.open(root, config) });
    await writeFile(join(root, path), report({ title: 'Edited' }));
    const edited = await readReports([path], root, config, { cache: ParseCache.open(root, config) });
    expect(edited.stats.parsed).toBe(1);
    expect(edited.reports[0]!.data!.title).toBe('Edited');
    const other = makeConfig({ severities: ['sev1', 'sev2', 'sev3'] });
    expect((await readReports([path], root, other, { cache: ParseCache.open(root, other) })).stats.parsed).toBe(1);
  });

  it('drops entries that are not valid, whoever wrote them, and replaces them', async () => {
    const root = await project();
    const config = makeConfig();
    const cache = ParseCache.open(root, config)!;
    await readReports([path], root, config, { cache });
    const shard = (await readdir(cache.folder!)).find((name) => name.endsWith('.jsonl'))!;
    const file = join(cache.folder!, shard);
    const line = (await readFile(file, 'utf8')).trimEnd();
    const name = line.slice(0, 40);
    const good = line.slice(41);
    const entry = (JSON.parse(good) as { parse: { report: ParsedReport } }).parse;
    /** The good entry with another report in it. */
    const withReport = (report: unknown) => JSON.stringify({ ...JSON.parse(good), parse: { report } });
    const corrupt: Record<string, string> = {
      'cut short': good.slice(0, good.length / 2),
      empty: '',
      binary: '\u0000\u0001\u0002',
      'another format': good.replace(/"format":\d+/, '"format":99'),
      'another generation': good.replace(/"generation":"[0-9a-f]+"/, '"generation":"0000"'),
      'another path': good.replace(`"path":"${path}"`, '"path":"postmortems/other.md"'),
      'another content': good.replace(/"hash":"[0-9a-f]+"/, `"hash":"${'0'.repeat(64)}"`),
      'a __proto__ key': withReport({ ...entry.report, tree: JSON.parse('{"type":"root","children":[],"__proto__":{"polluted":true}}') }),
      'sections past the tree': withReport({ ...entry.report, sections: [{ ...entry.report.sections[0], endIndex: 999 }] }),
      'a frontmatter past the end of the file': withReport({ ...entry.report, frontmatter: { ...entry.report.frontmatter, endOffset: 1e6 } }),
      'a limit that is not one': withReport({ ...entry.report, limit: { message: 1 } }),
      'no action items': withReport({ ...entry.report, actionItems: undefined }),
      'a place that is not one': withReport({ ...entry.report, timeline: [{ ...entry.report.timeline[0], place: { start: 'x' } }] }),
      'data that is not frontmatter': withReport({ ...entry.report, data: { title: 1 } }),
      'no parse': JSON.stringify({ ...JSON.parse(good), parse: undefined }),
      'findings that are not lists': JSON.stringify({ ...JSON.parse(good), parse: { report: entry.report, findings: { link: 'x' } } }),
      'a finding without a place': JSON.stringify({ ...JSON.parse(good), parse: { report: entry.report, findings: { link: [{ message: 'x' }] } } }),
    };
    for (const [what, text] of Object.entries(corrupt)) {
      await writeFile(file, `${name} ${text}\n`);
      const again = ParseCache.open(root, config)!;
      const result = await readReports([path], root, config, { cache: again });
      expect(result.stats.parsed, what).toBe(1);
      expect(result.reports[0]!.data!.title, what).toBe('API down after a bad deploy');
      expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
      // The fresh parse was appended, and pruning keeps it alone.
      await again.prune();
      expect(await readFile(file, 'utf8'), what).toBe(`${line}\n`);
    }
    // A shard that is not lines of entries at all is a miss too.
    await writeFile(file, '\u0000\u0001 garbage\n{"format":1}\n');
    expect((await readReports([path], root, config, { cache: ParseCache.open(root, config) })).stats.parsed).toBe(1);
  });

  it("reads an entry's text and tree from the file, and never parses past a limit an entry leaves out", async () => {
    const root = await project();
    const config = makeConfig();
    const overLimit = 'postmortems/2024-03-09-long.md';
    await writeFile(join(root, overLimit), report({ body: `## Overview\n\n${'word '.repeat(5000)}\n` }));
    const paths = [path, overLimit];
    const cache = ParseCache.open(root, config)!;
    const cold = await readReports(paths, root, config, { cache });
    expect(cold.reports[1]!.limit).toBeDefined();
    for (const name of await readdir(cache.folder!)) {
      if (!name.endsWith('.jsonl')) continue;
      const file = join(cache.folder!, name);
      const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      const forged = lines.map((line) => {
        const entry = JSON.parse(line.slice(41)) as { parse: { report: Record<string, unknown> } };
        entry.parse.report.text = 'forged';
        entry.parse.report.tree = { type: 'root', children: [{ type: 'html', value: '<script>' }] };
        // The long report claims to be within its limits: its body must not be parsed on the strength of that.
        delete entry.parse.report.limit;
        return `${line.slice(0, 41)}${JSON.stringify(entry)}\n`;
      });
      await writeFile(file, forged.join(''));
    }
    const again = ParseCache.open(root, config)!;
    const warm = await readReports(paths, root, config, { cache: again });
    expect(warm.stats).toMatchObject({ cached: 1, parsed: 1 });
    expect(warm.reports).toEqual(cold.reports);
  });

  it('stays bounded: entries the run did not use, old temporary files and old generations go', async () => {
    const root = await project();
    const config = makeConfig();
    const paths = [path, 'postmortems/2024-03-08-api-down-again.md'];
    const first = ParseCache.open(root, config)!;
    await readReports(paths, root, config, { cache: first });
    await first.prune();
    expect(await entryLines(first)).toHaveLength(2);
    // One report edited, one gone: after the next run, only the current parse of the remaining one is left.
    await writeFile(join(root, path), report({ title: 'Edited' }));
    await rm(join(root, 'postmortems/2024-03-08-api-down-again.md'));
    const stale = join(first.folder!, '00.jsonl.1.abc.tmp');
    const fresh = join(first.folder!, '01.jsonl.2.def.tmp');
    await writeFile(stale, 'half');
    await writeFile(fresh, 'half');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, old, old);
    const second = ParseCache.open(root, config)!;
    await readReports([path], root, config, { cache: second });
    await second.prune();
    const kept = await entryLines(second);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toContain('"title":"Edited"');
    const left = await readdir(second.folder!);
    expect(left).not.toContain('00.jsonl.1.abc.tmp');
    expect(left).toContain('01.jsonl.2.def.tmp');
    // Generations: this one and the last other one used stay.
    const generations = join(root, parseCacheFolder);
    for (const [position, severities] of [['a'], ['b'], ['c']].entries()) {
      const other = makeConfig({ severities });
      const cache = ParseCache.open(root, other)!;
      const time = new Date(Date.now() - (10 - position) * 1000);
      await utimes(cache.folder!, time, time);
    }
    await ParseCache.open(root, config)!.prune();
    expect(await readdir(generations)).toHaveLength(2);
  });

  it('survives two runs writing the same entries at once', async () => {
    const root = await project();
    const config = makeConfig();
    const paths = [path, 'postmortems/2024-03-08-api-down-again.md'];
    const [one, two] = await Promise.all([
      readReports(paths, root, config, { cache: ParseCache.open(root, config) }),
      readReports(paths, root, config, { cache: ParseCache.open(root, config) }),
    ]);
    expect(two.reports).toEqual(one.reports);
    const after = await readReports(paths, root, config, { cache: ParseCache.open(root, config) });
    expect(after.stats.cached).toBe(2);
    expect(after.reports).toEqual(one.reports);
  });

  it('keeps parses in memory for the next run of the same object (the dev server)', async () => {
    const root = await project();
    const config = makeConfig();
    const cache = ParseCache.inMemory(config);
    const first = await readReports([path], root, config, { cache });
    await cache.prune();
    const second = await readReports([path], root, config, { cache });
    expect(second.stats).toMatchObject({ cached: 1, parsed: 0 });
    expect(second.reports[0]).toBe(first.reports[0]);
    expect((await stat(join(root, 'node_modules'))).isDirectory()).toBe(true);
    expect(await readdir(join(root, 'node_modules'))).toEqual([]);
  });
});

describe('parsing on several threads', () => {
  it('uses threads only when there are enough files to parse', () => {
    expect(threadsFor(10)).toBe(1);
    expect(threadsFor(1999)).toBe(1);
    expect(threadsFor(2000)).toBe(Math.min(availableParallelism(), 2));
    expect(threadsFor(1_000_000)).toBe(availableParallelism());
    expect(threadsFor(10, 4)).toBe(4);
    expect(threadsFor(2, 4)).toBe(2);
  });

  /** Parses `jobs` on `threads` threads; the reports by path, and which thread parsed what. */
  async function parseAll(jobs: ParseJob[], threads: number, module?: URL) {
    const config = makeConfig();
    const results = new Map<string, ParsedReport>();
    const here: string[] = [];
    const deliver = (index: number, parsed: ParseResult) => {
      expect(results.has(jobs[index]!.path), jobs[index]!.path).toBe(false);
      results.set(jobs[index]!.path, parsed.report);
    };
    await parseOnThreads(
      jobs,
      { config, findings: false },
      threads,
      deliver,
      (index) => {
        here.push(jobs[index]!.path);
        deliver(index, { report: parseReport(jobs[index]!.path, jobs[index]!.bytes, config) });
      },
      (job, reason) => unreadableReport(job.path, `failed: ${reason}`),
      ...(module ? [module] : []),
    );
    return { results, here };
  }

  it('gives each file the report this thread would, once', async () => {
    const config = makeConfig();
    const jobs = Array.from({ length: 40 }, (_, index) => ({
      path: `postmortems/2024-03-${String((index % 28) + 1).padStart(2, '0')}-x${index}.md`,
      bytes: bytes(report({ date: `2024-03-${String((index % 28) + 1).padStart(2, '0')}` })),
    }));
    jobs.push({ path: 'postmortems/2024-04-01-nan.md', bytes: bytes(report({ date: '2024-04-01', severity: '.nan' })) });
    const { results } = await parseAll(jobs, 3);
    expect(results.size).toBe(jobs.length);
    for (const job of jobs) expect(results.get(job.path), job.path).toEqual(parseReport(job.path, job.bytes, config));
  });

  it('turns a worker that dies into a diagnostic for the file it was parsing, and parses the others', async () => {
    const jobs = ['a', 'b', 'crash', 'c', 'd', 'e', 'f'].map((name) => ({ path: `postmortems/${name}.md`, bytes: bytes(report()) }));
    // This thread parses from the end of the queue, the worker from the start: the worker meets `crash`.
    const { results } = await parseAll(jobs, 2, new URL('../fixtures/workers/crash-worker.ts', import.meta.url));
    expect(results.get('postmortems/crash.md')!.unreadable!.message).toBe('failed: boom');
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) expect(results.get(`postmortems/${name}.md`)!.unreadable, name).toBeUndefined();
  });

  it('parses every file on this thread when no worker can start', async () => {
    const jobs = ['a', 'b', 'c'].map((name) => ({ path: `postmortems/${name}.md`, bytes: bytes(report()) }));
    const { results, here } = await parseAll(jobs, 3, new URL('../fixtures/workers/broken-worker.ts', import.meta.url));
    expect(results.size).toBe(3);
    expect(here.sort()).toEqual(jobs.map((job) => job.path));
  });
});
