/**
 * The public edition at its source, src/astro/loader.ts: with the audience
 * `public`, the loader stores the public reports alone, rewritten, and hands the
 * corpus loader (statistics, chains, calendar, images) the same; every report is
 * still checked. The fixture is the one the public build uses
 * (test/fixtures/public-edition), whose made-up words mark internal text.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { afterEach, describe, expect, test } from 'vitest';
import { hindsightLoader } from '../../src/astro/loader.ts';
import { publishSettings, type HindsightSettings } from '../../src/astro/settings.ts';
import { loadConfig } from '../../src/lib/node/config.ts';
import { siteCorpus, type SiteCorpusInput } from '../../src/lib/site/corpus.ts';
import type { SiteReport } from '../../src/lib/site/report.ts';
import { makeProject } from '../helpers.ts';

const fixture = new URL('../fixtures/public-edition/', import.meta.url);
const markers =
  /zephyrquill|quasarbrine|vortelmoss|plumbrixa|trellizard|glowthistle|ledgerwhelk|tagmarrow|glimmerfax|snorvelt|kexlomb|drubbleweft|10\.44\.33\.22|vexquorin|grafana\.corp|frimbleton|mossgrackle|brindlewisp/i;

/** A project holding the fixture's configuration and reports. */
async function fixtureProject(): Promise<string> {
  const files: Record<string, string> = { 'hindsight.config.yaml': await readFile(new URL('hindsight.config.yaml', fixture), 'utf8') };
  for (const name of await readdir(new URL('postmortems/', fixture)))
    files[`postmortems/${name}`] = await readFile(new URL(`postmortems/${name}`, fixture), 'utf8');
  return makeProject(files);
}

/** A loader context that stores entries in a map and records warnings. */
function fakeContext(root: string) {
  const entries = new Map<string, { id: string; data: Record<string, unknown> }>();
  const warnings: string[] = [];
  const context = {
    collection: 'postmortems',
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: { id: string; data: Record<string, unknown> }) => void entries.set(entry.id, entry),
      delete: (id: string) => void entries.delete(id),
      keys: () => [...entries.keys()],
    },
    logger: { warn: (message: string) => warnings.push(message), error: () => {}, info: () => {}, debug: () => {} },
    config: { root: pathToFileURL(`${root}/`) },
    generateDigest: (data: unknown) =>
      createHash('sha256')
        .update(typeof data === 'string' ? data : JSON.stringify(data))
        .digest('hex'),
  } as unknown as LoaderContext;
  return { context, entries, warnings };
}

/** Loads the fixture for the audience the integration (or the environment) gives; returns what the site would be built from. */
async function load(root: string) {
  const { context, entries, warnings } = fakeContext(root);
  let synced: SiteCorpusInput | undefined;
  await hindsightLoader({ onSync: (input) => void (synced = input) }).load(context);
  const stored = [...entries.values()].map((entry) => entry.data as unknown as SiteReport);
  return { stored, corpus: siteCorpus(synced!), synced: synced!, warnings };
}

describe('the loader for the public edition', () => {
  afterEach(() => {
    publishSettings(undefined as unknown as HindsightSettings);
    delete process.env.HINDSIGHT_AUDIENCE;
  });

  test('stores the public reports alone, without a word of what stays internal; the check still read everything', async () => {
    const root = await fixtureProject();
    const { config } = await loadConfig(root);
    publishSettings({ config, now: '2024-06-01T00:00:00.000Z', audience: 'public' });
    const { stored, corpus, synced, warnings } = await load(root);
    expect(stored.map((report) => report.id).sort()).toEqual(['2024-04-10-checkout-errors', '2024-05-01-checkout-errors-again']);
    expect(synced.reports.map((report) => report.id).sort()).toEqual(['2024-04-10-checkout-errors', '2024-05-01-checkout-errors-again']);
    expect(synced.diagnostics).toEqual([]);
    expect(JSON.stringify({ stored, corpus })).not.toMatch(markers);
    expect(JSON.stringify(stored)).toContain('lanternfish');
    expect(corpus.chains.map((chain) => chain.occurrences.map((occurrence) => occurrence.id))).toEqual([
      ['2024-04-10-checkout-errors', '2024-05-01-checkout-errors-again'],
    ]);
    // The build log still shows every report's warnings: the team runs it.
    expect(warnings.some((warning) => warning.includes('zephyrquill'))).toBe(true);
  });

  test('a public build after an internal one, on the same store, keeps nothing of the internal build', async () => {
    const root = await fixtureProject();
    const { context, entries } = fakeContext(root);
    await hindsightLoader().load(context);
    expect(entries.size).toBe(4);
    const { config } = await loadConfig(root);
    publishSettings({ config, now: '2024-06-01T00:00:00.000Z', audience: 'public' });
    await hindsightLoader().load(context);
    expect([...entries.keys()].sort()).toEqual(['2024-04-10-checkout-errors', '2024-05-01-checkout-errors-again']);
    expect(JSON.stringify([...entries.values()])).not.toMatch(markers);
  });

  test('honours HINDSIGHT_AUDIENCE when no integration ran', async () => {
    const root = await fixtureProject();
    process.env.HINDSIGHT_AUDIENCE = 'public';
    const { stored } = await load(root);
    expect(stored.map((report) => report.id).sort()).toEqual(['2024-04-10-checkout-errors', '2024-05-01-checkout-errors-again']);
  });

  test('stores every report, with its diagnostics, for the internal audience', async () => {
    const root = await fixtureProject();
    const { stored } = await load(root);
    expect(stored.map((report) => report.id).sort()).toEqual([
      '2024-04-02-zephyrquill-ledger-outage',
      '2024-04-10-checkout-errors',
      '2024-05-01-checkout-errors-again',
      '2024-05-20-brindlewisp-draft',
    ]);
    expect(JSON.stringify(stored)).toMatch(markers);
  });
});
