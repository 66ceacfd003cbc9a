/**
 * The on-disk cache of GitHub state: what each issue or pull request looked like
 * when last fetched, with the ETags that make the next fetch a conditional request.
 *
 * It holds no credentials: only public-facing issue data, ETags and times. A
 * missing, unreadable or malformed file is an empty cache (the next sync rewrites it).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.ts';

/** Where the cache lives unless `github.cacheDir` says otherwise (relative to the project root). */
export const defaultCacheDir = 'node_modules/.cache/hindsight';
/** The cache file's name inside the cache folder. */
export const cacheFileName = 'github.json';

const cacheEntrySchema = z.object({
  state: z.enum(['open', 'closed', 'merged', 'missing']),
  reason: z.enum(['completed', 'not_planned']).optional(),
  kind: z.enum(['issue', 'pull']).optional(),
  title: z.string().optional(),
  labels: z.array(z.string()).optional(),
  assignees: z.array(z.string()).optional(),
  closedAt: z.string().optional(),
  mergedAt: z.string().optional(),
  /** The ETag of the issue response, sent back as `If-None-Match`. */
  etag: z.string().optional(),
  /** The ETag of the pull request response, for pull requests. */
  pullEtag: z.string().optional(),
  /** When the API last answered for it (200 or 304), ISO 8601. */
  fetchedAt: z.string(),
});

/** One cached issue or pull request. */
export type CacheEntry = z.infer<typeof cacheEntrySchema>;

const cacheFileSchema = z.object({
  version: z.literal(1),
  /** Entries per API base URL (github.com and an Enterprise server never share numbers), then by `referenceKey`. */
  apis: z.record(z.string(), z.record(z.string(), cacheEntrySchema)),
});

/** The whole cache file. */
export type CacheData = z.infer<typeof cacheFileSchema>;

/** An empty cache. */
export function emptyCache(): CacheData {
  return { version: 1, apis: {} };
}

/** The cache file's absolute path for a project. */
export function cacheFilePath(root: string, config: Config): string {
  return join(resolve(root, config.github.cacheDir ?? defaultCacheDir), cacheFileName);
}

/**
 * Reads the cache. Never throws: a missing file is an empty cache; an unreadable
 * or malformed one is an empty cache plus the reason, for a warning.
 */
export async function readCache(file: string): Promise<{ cache: CacheData; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { cache: emptyCache() };
    return { cache: emptyCache(), problem: `could not read the GitHub cache ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); starting empty` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { cache: emptyCache(), problem: `the GitHub cache ${file} is not valid JSON; starting empty` };
  }
  const parsed = cacheFileSchema.safeParse(data);
  if (!parsed.success) return { cache: emptyCache(), problem: `the GitHub cache ${file} has an unexpected shape; starting empty` };
  return { cache: parsed.data };
}

/**
 * Writes the cache atomically (a temporary file renamed over the old one), so a
 * run that is interrupted, or two runs at once, never leave half a file.
 */
export async function writeCache(file: string, cache: CacheData): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(cache, null, 2)}\n`);
  await rename(temporary, file);
}
