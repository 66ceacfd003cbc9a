/**
 * The parse cache: a report whose bytes, configuration and Hindsight version are
 * unchanged is never parsed again, by the CLI or by the site's loader (they share
 * it, so a build after a check reuses the check's parses).
 *
 * Layout: `node_modules/.cache/hindsight/parses/<generation>/<shard>.jsonl`, beside
 * the GitHub state cache. The generation is a digest of the entry format, the
 * Hindsight version and the parse-relevant configuration; an entry is named by a
 * digest of the report's path and of a SHA-256 of its bytes (those pieces of the
 * key, and why they are enough: src/lib/node/parse-cache-key.ts), and is one line
 * of one of 32 append-only shard files (see `ParseCache`), so a crash or two runs
 * at once never leave half an entry that reads as valid. Entries are JSON: faster
 * to read than `v8.deserialize` for 1,000 and 10,000 entries (scripts/bench.ts
 * measures both), and a format any tool can inspect.
 *
 * An entry is a file anyone can write: it is read as untrusted input. Anything
 * that is not valid JSON, names another format, generation, path or content, has
 * a key such as `__proto__`, or does not have the shape of a `ParsedReport`
 * (src/lib/node/parse-cache-shape.ts), is a miss (and is overwritten by the fresh
 * parse).
 *
 * Bounded: `prune` removes the entries the run did not use, and keeps only the two
 * most recently used generations (the CLI's and the site's, when their
 * configurations differ).
 *
 * Also here, because the cache's entries share them: the encoding a parse thread
 * answers in (`encodeParse`, `decodeParse`), and `readSmallFile`, which reads the
 * shards as it reads the reports.
 */
import { hash } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import { markdownLimitProblem } from '../markdown-budget.ts';
import { bodyTree, emptyTree, reportText, type ParsedReport } from '../parse.ts';
import { LineIndex } from '../text.ts';
import { treeLimitProblem } from '../tree-limits.ts';
import type { ReportFindings } from '../report-findings.ts';
import type { RenderedReport } from '../site/report.ts';
import { contentHash, hindsightVersion, parseConfigDigest } from './parse-cache-key.ts';
import { isParsedReport, isRecord, isReportFindings, sectionsWithin } from './parse-cache-shape.ts';

// Callers import the whole cache from this module; the key's pieces and the entry check live beside it.
export { contentHash, hindsightVersion, parseConfigDigest } from './parse-cache-key.ts';
export { isParsedReport } from './parse-cache-shape.ts';

/** The layout of an entry; part of the generation, so a new layout never reads an old one. */
const entryFormat = 4;
/** The cache folder under the project's node_modules, shared with the GitHub state cache. */
export const parseCacheFolder = join('node_modules', '.cache', 'hindsight', 'parses');
/** How many generations are kept: the current one and the last other one used. */
const keptGenerations = 2;
/** A temporary file older than this was left by a run that crashed. */
const staleTemporaryMs = 60 * 60 * 1000;
/** A shard larger than this is not one we wrote (reports are at most 10 MiB, and most a few KiB). */
const maxShardBytes = 1024 * 1024 * 1024;

/**
 * Whether the environment turns the cache off: `HINDSIGHT_CACHE=0` (or `false`,
 * `off`, `no`), for CI jobs that must parse everything or a suspected stale entry.
 */
export function cacheDisabledBy(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.HINDSIGHT_CACHE?.trim().toLowerCase();
  return value === '0' || value === 'false' || value === 'off' || value === 'no';
}

/**
 * A report's parse as the cache holds it and a parse thread answers it: the
 * report, and the findings of the self-contained rules on it when the run asked
 * for them (src/lib/report-findings.ts).
 */
export interface ParseResult {
  report: ParsedReport;
  findings?: ReportFindings;
  /** The report's summary and body for the site, when a build's parse thread rendered them; never cached. */
  rendered?: RenderedReport;
}

/**
 * A parse as a cache entry's JSON, or `undefined` when JSON would not give it back
 * (a YAML `.nan` or `.inf`, a `-0`, a hole in an array): such a report is parsed
 * again each time rather than cached wrong. A property set to `undefined` comes
 * back absent, which reads the same. Also what a worker thread sends back, so the
 * cache and the workers share one encoding.
 *
 * The report's text and Markdown tree are left out: whoever reads the entry has
 * the file's bytes, and makes both again from them (`restoreParse`). Parsing the
 * body again is quicker than reading a tree back (its positions made an entry
 * eight times the size of its report), and an entry cannot then hold a text or a
 * tree other than the file's.
 */
export function encodeParse(result: ParseResult): string | undefined {
  const stored = { report: { ...result.report, text: undefined, tree: undefined }, findings: result.findings };
  if (!isJsonExact(stored)) return undefined;
  try {
    return JSON.stringify(stored);
  } catch {
    return undefined;
  }
}

/**
 * Whether `JSON.parse(JSON.stringify(value))` reads as `value` again (properties
 * set to `undefined` aside). Iterative, so that a hostile file's deeply nested
 * tree cannot overflow the stack.
 */
function isJsonExact(root: unknown): boolean {
  // Objects and arrays wait here for their contents to be checked; other values are checked as they are met.
  const pending: object[] = [];
  const exact = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return true;
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0);
      case 'object':
        if (value !== null) pending.push(value);
        return true;
      default:
        return false;
    }
  };
  if (!exact(root)) return false;
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        if (!(index in value) || !exact(value[index])) return false;
      }
      continue;
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return false;
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return false;
      const property = (value as Record<string, unknown>)[key];
      if (property !== undefined && !exact(property)) return false;
    }
  }
  return true;
}

/**
 * Reads a parse back from a worker's answer (trusted, so not validated): its
 * JSON, and the text and tree made again from the file's bytes.
 */
export function decodeParse(json: string, bytes: Uint8Array): ParseResult {
  const result = JSON.parse(json) as ParseResult;
  restoreParse(result.report, bytes, false);
  return result;
}

/**
 * Gives a report read from `encodeParse` JSON the text and tree it was stored
 * without, made from the file's bytes as `parseReport` made them: none for a file
 * that is not text, and no tree for a report over a limit. A report read from the
 * cache (`untrusted`) claims to be within the limits: that is checked before its
 * body is parsed, so a forged entry cannot make the parser read what the limits
 * keep from it. Returns whether the report could be completed.
 */
function restoreParse(report: ParsedReport, bytes: Uint8Array, untrusted: boolean): boolean {
  if (report.unreadable) {
    report.text = '';
    report.tree = emptyTree();
    return true;
  }
  const text = reportText(bytes);
  if (text === undefined) return false;
  report.text = text;
  if (report.limit) {
    report.tree = emptyTree();
    return true;
  }
  const bodyStart = report.frontmatter.endOffset;
  if (untrusted && (bodyStart > text.length || markdownLimitProblem(text, bodyStart, new LineIndex(text)))) return false;
  report.tree = bodyTree(text, bodyStart);
  return !untrusted || treeLimitProblem(report.tree) === undefined;
}

/** Reads a file of at most `maxBytes` bytes with synchronous calls (one open, stat, read and close: the fastest way to read thousands of small files). */
export function readSmallFile(path: string, maxBytes: number): { bytes: Uint8Array } | { size: number } {
  const descriptor = openSync(path, 'r');
  try {
    const { size } = fstatSync(descriptor);
    if (size > maxBytes) return { size };
    const bytes = Buffer.allocUnsafeSlow(size);
    let read = 0;
    while (read < size) {
      const count = readSync(descriptor, bytes, read, size - read, read);
      if (count === 0) break;
      read += count;
    }
    return { bytes: read === size ? bytes : bytes.subarray(0, read) };
  } finally {
    closeSync(descriptor);
  }
}

/** Where one report's parse is (or will be) cached. */
export interface CacheSlot {
  /** The entry's name: a digest of the path and the content hash (40 hex digits). */
  name: string;
  /** The shard file it is in. */
  shard: string;
  /** The report's path as given. */
  path: string;
  /** The SHA-256 of its bytes. */
  hash: string;
}

/** How many shard files a generation's entries are spread over: few files to open, small ones to rewrite. */
const shardCount = 32;
/** Pending lines of a shard are appended once they are this long. */
const pendingBytes = 1024 * 1024;
/** A line of a shard: an entry's name, a space, its JSON (which holds no raw newline). */
const linePattern = /^([0-9a-f]{40}) (.*)$/;

/**
 * The parse cache of one project and configuration. Never throws: a cache that
 * cannot be read or written only makes the run slower.
 *
 * Entries live in 32 shard files per generation, one line each: a run reads each
 * shard once, appends its new parses to them (a few appends, not a file per
 * report: creating thousands of small files is most of what a cold run would
 * spend on the cache), and `prune` rewrites a shard without the entries the run did
 * not use (a temporary file, renamed). A line cut short by a crash, or mangled by
 * two runs appending at once, is not valid JSON, or not a valid entry: a miss.
 *
 * One object can serve many runs (the dev server's loader keeps one): parses it
 * read or wrote stay in memory too, and `prune` ends a run, keeping in memory only
 * what that run used.
 */
export class ParseCache {
  /** The generation: format, version and configuration digest. */
  readonly generation: string;
  /** The generation's folder; none for a cache kept in memory only. */
  readonly folder: string | undefined;
  /** Parses this process already has, by entry name. */
  private memory = new Map<string, ParseResult>();
  /** Entry names this run read or wrote: `prune` keeps these. */
  private used = new Set<string>();
  /** Shards read in this run: their entries not taken yet, by name (the JSON is parsed only when asked for). */
  private readonly shards = new Map<string, Map<string, string>>();
  /**
   * Shards read in this run that held one line per name, none of which this run
   * wrote again: once every entry in one is taken, `prune` has nothing to drop
   * from it and leaves it unread.
   */
  private readonly tidyShards = new Map<string, ReadonlySet<string>>();
  /** Lines to append, per shard file, and their length. */
  private readonly pending = new Map<string, { lines: string[]; length: number }>();
  /** Whether writing has failed once (a read-only folder): then it is not tried again. */
  private writable = true;

  private constructor(generation: string, folder: string | undefined) {
    this.generation = generation;
    this.folder = folder;
  }

  /** The generation of a configuration: entries of another one are never read. */
  static generationOf(config: Config): string {
    return hash('sha256', `${entryFormat}\n${hindsightVersion()}\n${parseConfigDigest(config)}`, 'hex').slice(0, 24);
  }

  /**
   * The cache of the project at `root`, or `undefined` when the project has no
   * `node_modules` folder (no cache then, rather than a folder created in it) or
   * the folder cannot be created.
   */
  static open(root: string, config: Config): ParseCache | undefined {
    const modules = join(root, 'node_modules');
    try {
      if (!statSync(modules).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    const generation = ParseCache.generationOf(config);
    const folder = join(root, parseCacheFolder, generation);
    try {
      mkdirSync(folder, { recursive: true });
      // The folder's time says when the generation was last used, for `prune`.
      const now = new Date();
      utimesSync(folder, now, now);
    } catch {
      return undefined;
    }
    return new ParseCache(generation, folder);
  }

  /** A cache in this process's memory only (the dev server without a disk cache). */
  static inMemory(config: Config): ParseCache {
    return new ParseCache(ParseCache.generationOf(config), undefined);
  }

  /** The slot of `path` with these bytes. */
  slot(path: string, bytes: Uint8Array): CacheSlot {
    const contentDigest = contentHash(bytes);
    const name = hash('sha256', `${path}\0${contentDigest}`, 'hex').slice(0, 40);
    const shard = join(this.folder ?? '', `${(parseInt(name.slice(0, 4), 16) % shardCount).toString().padStart(2, '0')}.jsonl`);
    return { name, shard, path, hash: contentDigest };
  }

  /** The cached parse for a slot, when there is a valid one; `bytes` are the file's (the slot's content hash is theirs). */
  get(slot: CacheSlot, bytes: Uint8Array): ParseResult | undefined {
    this.used.add(slot.name);
    const known = this.memory.get(slot.name);
    if (known || this.folder === undefined) return known;
    const entries = this.shard(slot.shard);
    const json = entries.get(slot.name);
    if (json === undefined) return undefined;
    entries.delete(slot.name);
    const result = readEntry(json, slot, this.generation, bytes);
    if (result) this.memory.set(slot.name, result);
    return result;
  }

  /** A shard's entries, read once per run. */
  private shard(file: string): Map<string, string> {
    let entries = this.shards.get(file);
    if (entries) return entries;
    entries = new Map();
    this.shards.set(file, entries);
    const lines = readShard(file);
    for (const [name, json] of lines) entries.set(name, json);
    if (lines.length === entries.size) this.tidyShards.set(file, new Set(entries.keys()));
    return entries;
  }

  /**
   * Stores a parse: in memory, and (its `encodeParse` JSON, when it has one) as a
   * line to append to its shard when the run calls `save`. A slot stored again (its
   * findings added) gets a second line: the last line of a name is the one read.
   */
  set(slot: CacheSlot, result: ParseResult, json: string | undefined): void {
    this.used.add(slot.name);
    this.memory.set(slot.name, result);
    if (this.folder === undefined || json === undefined) return;
    // A name written again leaves its older line behind, for `prune` to drop.
    if (this.tidyShards.get(slot.shard)?.has(slot.name)) this.tidyShards.delete(slot.shard);
    const line = `${slot.name} {"format":${entryFormat},"generation":${JSON.stringify(this.generation)},"path":${JSON.stringify(slot.path)},"hash":${JSON.stringify(slot.hash)},"parse":${json}}\n`;
    let pending = this.pending.get(slot.shard);
    if (!pending) {
      pending = { lines: [], length: 0 };
      this.pending.set(slot.shard, pending);
    }
    pending.lines.push(line);
    pending.length += line.length;
    // Written a megabyte at a time: held to the end, a cold run's entries would be 190 MB more memory at 10,000 reports.
    if (pending.length > pendingBytes) this.append(slot.shard);
  }

  /** Appends the parses `set` collected and has not written yet to their shards. */
  save(): void {
    for (const file of [...this.pending.keys()]) this.append(file);
  }

  /** Appends a shard's pending lines. */
  private append(file: string): void {
    const pending = this.pending.get(file);
    this.pending.delete(file);
    if (!pending || !this.writable) return;
    try {
      appendFileSync(file, pending.lines.join(''));
    } catch {
      // A read-only or full disk: stop trying for this run.
      this.writable = false;
    }
  }

  /**
   * Ends a run that read every report of the project, and bounds the cache:
   * keeps in memory only what the run used; on disk, rewrites each shard without
   * the entries the run did not use, removes temporary files left by a crashed run,
   * and generations other than this one and the last other one used.
   */
  async prune(): Promise<void> {
    this.save();
    const used = this.used;
    this.used = new Set();
    // Shards whose every line this run took: nothing to drop (reading them again was most of what a prune cost).
    const untouched = new Set([...this.tidyShards.keys()].filter((file) => this.shards.get(file)?.size === 0));
    this.shards.clear();
    this.tidyShards.clear();
    this.memory = new Map([...this.memory].filter(([name]) => used.has(name)));
    if (this.folder === undefined) return;
    try {
      const now = Date.now();
      for (const name of await readdir(this.folder)) {
        const file = join(this.folder, name);
        if (name.endsWith('.jsonl')) {
          if (!untouched.has(file)) rewriteShard(file, used);
        } else if (name.endsWith('.tmp')) {
          // Another run may be writing it right now: only an old one is abandoned.
          const info = await stat(file).catch(() => undefined);
          if (info && now - info.mtimeMs > staleTemporaryMs) await unlink(file).catch(() => {});
        }
      }
      const parent = dirname(this.folder);
      const others: Array<{ folder: string; time: number }> = [];
      for (const name of await readdir(parent)) {
        const folder = join(parent, name);
        if (folder === this.folder) continue;
        const info = await stat(folder).catch(() => undefined);
        if (info?.isDirectory()) others.push({ folder, time: info.mtimeMs });
      }
      others.sort((left, right) => right.time - left.time);
      for (const { folder } of others.slice(keptGenerations - 1)) await rm(folder, { recursive: true, force: true }).catch(() => {});
    } catch {
      // A cache that cannot be listed is only a slower next run.
    }
  }
}

/** The lines of a shard file, as (name, JSON) pairs; a line that is not one is skipped. Nothing when it cannot be read. */
function readShard(file: string): Array<[string, string]> {
  let text: string;
  try {
    const read = readSmallFile(file, maxShardBytes);
    if (!('bytes' in read)) return [];
    text = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8');
  } catch {
    return [];
  }
  const entries: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const match = linePattern.exec(line);
    if (match) entries.push([match[1]!, match[2]!]);
  }
  return entries;
}

/**
 * Rewrites a shard with only the entries named in `used` (the last line of each,
 * the newest), through a temporary file renamed over it; removes it when none is left.
 */
function rewriteShard(file: string, used: ReadonlySet<string>): void {
  const entries = readShard(file);
  const kept = new Map<string, string>();
  for (const [name, json] of entries) if (used.has(name)) kept.set(name, json);
  // Nothing to drop: a shard another run is appending to is best left alone.
  if (kept.size === entries.length) return;
  try {
    if (kept.size === 0) {
      rmSync(file, { force: true });
      return;
    }
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, [...kept].map(([name, json]) => `${name} ${json}\n`).join(''), { flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    // Left as it is: the next run prunes it.
  }
}

/** An entry's JSON as a parse of the file's `bytes`, or `undefined` when it is not a valid entry for `slot`. */
function readEntry(json: string, slot: CacheSlot, generation: string, bytes: Uint8Array): ParseResult | undefined {
  // JSON.parse makes `__proto__` an own key, harmless here; but a copy by assignment elsewhere would not be, so no such entry is used.
  if (json.includes('"__proto__"')) return undefined;
  let entry: unknown;
  try {
    entry = JSON.parse(json);
  } catch {
    // Also what a file cut short looks like.
    return undefined;
  }
  if (!isRecord(entry)) return undefined;
  if (entry.format !== entryFormat || entry.generation !== generation || entry.path !== slot.path || entry.hash !== slot.hash) return undefined;
  const parse = entry.parse;
  if (!isRecord(parse) || !isParsedReport(parse.report, slot.path)) return undefined;
  if (parse.findings !== undefined && !isReportFindings(parse.findings)) return undefined;
  const report = parse.report;
  if (!restoreParse(report, bytes, true) || !sectionsWithin(report)) return undefined;
  return parse.findings === undefined ? { report } : { report, findings: parse.findings };
}
