/**
 * A stand-in for Astro's loader context, for the content loader's tests: a store,
 * a logger and digests that behave like Astro's, recording what happens.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';

/** An entry as the store keeps it. */
export interface StoredEntry {
  id: string;
  data: Record<string, unknown>;
  digest?: string | number;
  filePath?: string;
}

/** A loader context whose store, logger and digests behave like Astro's, recording what happens. */
export function fakeContext(root: string, options: { dev?: boolean } = {}) {
  const entries = new Map<string, StoredEntry>();
  const log = { sets: [] as string[], warnings: [] as string[], errors: [] as string[], infos: [] as string[] };
  const logger = {
    warn: (message: string) => log.warnings.push(message),
    error: (message: string) => log.errors.push(message),
    info: (message: string) => log.infos.push(message),
    debug: () => {},
  };
  const watcher = options.dev ? { add: () => {}, on: () => {} } : undefined;
  const context = {
    collection: 'postmortems',
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: StoredEntry) => {
        log.sets.push(entry.id);
        entries.set(entry.id, entry);
        return true;
      },
      delete: (id: string) => void entries.delete(id),
      keys: () => [...entries.keys()],
      has: (id: string) => entries.has(id),
    },
    logger,
    config: { root: pathToFileURL(`${root}/`) },
    generateDigest: (data: unknown) =>
      createHash('sha256')
        .update(typeof data === 'string' ? data : JSON.stringify(data))
        .digest('hex'),
    parseData: async ({ data }: { data: unknown }) => data,
    watcher,
  } as unknown as LoaderContext;
  return { context, entries, log };
}
