/**
 * The on-disk cache of GitHub state: what each issue or pull request looked like
 * when last fetched, with the ETags that make the next fetch a conditional request.
 *
 * It holds no credentials: only public-facing issue data, ETags and times, keyed
 * by API URLs without user names or passwords. A missing file is an empty cache;
 * an unreadable, oversized, malformed or partly written one is an empty cache and a
 * warning (the next sync rewrites it). Its maps have no prototype, and keys that
 * are not API URLs or references (`__proto__`) are dropped, so no file can reach
 * `Object.prototype`. Writes are atomic: a temporary file renamed over the old one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as z from 'zod';
import { defaultCacheDir, type Config } from '../config.ts';
import { capTitle, type IssueAnswer } from './answers.ts';

/** The cache file's name inside the cache folder. */
export const cacheFileName = 'github.json';
/** The largest cache file read; a bigger one is not ours (10,000 issues take about 5 MB). */
const maxCacheBytes = 64 * 1024 * 1024;
/** A cache key: `owner/repo#number`, lower case (see `referenceKey`). */
const referenceKeyPattern = /^[a-z0-9_-]{1,39}\/[a-z0-9._-]{1,100}#\d{1,16}$/;
/** The longest ETag kept: a longer one is not GitHub's, and would only be sent back. */
const maxEtagLength = 256;

const etagSchema = z.string().max(maxEtagLength).optional().catch(undefined);
const instantSchema = z.iso.datetime({ offset: true }).optional().catch(undefined);

const cacheEntrySchema = z.object({
  state: z.enum(['open', 'closed', 'merged', 'missing']),
  reason: z.enum(['completed', 'not_planned']).optional(),
  kind: z.enum(['issue', 'pull']).optional(),
  /** Capped (and cleaned) again on reading: the file may have been written by anything. */
  title: z.string().transform(capTitle).optional(),
  labels: z.array(z.string().transform(capTitle)).max(100).optional().catch(undefined),
  assignees: z.array(z.string().transform(capTitle)).max(100).optional().catch(undefined),
  closedAt: instantSchema,
  mergedAt: instantSchema,
  /** The ETag of the issue response, sent back as `If-None-Match`. */
  etag: etagSchema,
  /** The ETag of the pull request response, for pull requests. */
  pullEtag: etagSchema,
  /** When the API last answered for it (200 or 304), ISO 8601. */
  fetchedAt: z.iso.datetime({ offset: true }),
});

/** One cached issue or pull request. */
export type CacheEntry = z.infer<typeof cacheEntrySchema>;

/** A cache entry (without ETags or time) from a validated issue answer. It lives with the entry's schema so the answers module need not know the cache (no cycle). */
export function entryFromIssue(answer: IssueAnswer): Omit<CacheEntry, 'fetchedAt'> {
  const entry: Omit<CacheEntry, 'fetchedAt'> = {
    state: answer.state,
    kind: answer.pull_request ? 'pull' : 'issue',
    title: capTitle(answer.title),
  };
  if (answer.labels !== undefined) entry.labels = answer.labels;
  if (answer.assignees !== undefined) entry.assignees = answer.assignees;
  if (typeof answer.closed_at === 'string') entry.closedAt = answer.closed_at;
  if (answer.state === 'closed' && (answer.state_reason === 'completed' || answer.state_reason === 'not_planned')) entry.reason = answer.state_reason;
  return entry;
}

/** The whole cache file: entries per API base URL (github.com and an Enterprise server never share numbers), then by `referenceKey`. */
export interface CacheData {
  version: 1;
  apis: Record<string, Record<string, CacheEntry>>;
}

/** A map with no prototype: a key named `__proto__` or `constructor` is just a key. */
export function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** An empty cache. */
export function emptyCache(): CacheData {
  return { version: 1, apis: emptyMap() };
}

/** The cache file's absolute path for a project. */
export function cacheFilePath(root: string, config: Config): string {
  return join(resolve(root, config.github.cacheDir ?? defaultCacheDir), cacheFileName);
}

/** Whether a key is an API base URL as the client writes them: http(s), no credentials, query or fragment. */
function isApiKey(key: string): boolean {
  if (!URL.canParse(key)) return false;
  const url = new URL(key);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
}

/** The file's structure, before each entry is validated. */
const cacheFileSchema = z.object({
  version: z.literal(1),
  apis: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/**
 * Validates parsed JSON as a cache: the structure must be right (else the whole
 * file is dropped); keys that are not API URLs or references are skipped, and so
 * is an entry of the wrong shape, since the rest of the file is still good.
 */
function toCache(data: unknown): CacheData | undefined {
  const parsed = cacheFileSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const cache = emptyCache();
  for (const [apiUrl, entries] of Object.entries(parsed.data.apis)) {
    if (!isApiKey(apiUrl)) continue;
    const kept = emptyMap<CacheEntry>();
    for (const [key, value] of Object.entries(entries)) {
      if (!referenceKeyPattern.test(key)) continue;
      const entry = cacheEntrySchema.safeParse(value);
      if (entry.success) kept[key] = entry.data;
    }
    cache.apis[apiUrl] = kept;
  }
  return cache;
}

/**
 * Reads the cache. Never throws: a missing file is an empty cache; an unreadable,
 * oversized or malformed one is an empty cache plus the reason, for a warning.
 */
export async function readCache(file: string): Promise<{ cache: CacheData; problem?: string }> {
  const dropped = (why: string) => ({ cache: emptyCache(), problem: `the GitHub cache ${file} ${why}; starting empty` });
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > maxCacheBytes) return dropped(`is larger than ${maxCacheBytes / (1024 * 1024)} MB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No file, or no folder for it (a file where `node_modules` should be): nothing cached yet. Writing will say more.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { cache: emptyCache() };
    return { cache: emptyCache(), problem: `could not read the GitHub cache ${file} (${code ?? 'error'}); starting empty` };
  }
  let data: unknown;
  try {
    // `__proto__` keys are dropped while parsing: JSON.parse makes them own keys, but a copy by assignment would not.
    data = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch {
    // Also what a file cut short by an older, non-atomic write looks like.
    return dropped('is not valid JSON');
  }
  const cache = toCache(data);
  return cache ? { cache } : dropped('has an unexpected shape');
}

/**
 * Writes the cache atomically: a temporary file in the same folder, flushed to
 * disk, then renamed over the old one, so a run that is interrupted, a full disk
 * or two runs at once never leave half a file. Throws when it cannot be written
 * (the temporary file is removed).
 */
export async function writeCache(file: string, cache: CacheData): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Unique per write, even for two runs in one process (test workers share a pid).
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(cache, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}
