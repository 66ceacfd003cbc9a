/**
 * Repeats on the site: the corpus data the loader stores (src/lib/site/corpus.ts),
 * the chains of `/recurring/`, the index's repeat badge and the report page's
 * "possibly a repeat" notice (src/lib/site/recurring.ts), and the channel that
 * carries the corpus data from the report loader to its collection
 * (src/astro/corpus.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { LoaderContext } from 'astro/loaders';
import { describe, expect, test } from 'vitest';
import { pathToFileURL } from 'node:url';
import { corpusChannel, corpusEntryId } from '../../src/astro/corpus.ts';
import { hindsightLoader } from '../../src/astro/loader.ts';
import { buildCalendar } from '../../src/lib/calendar.ts';
import { checkReports } from '../../src/lib/check.ts';
import type { Config } from '../../src/lib/config.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { rules } from '../../src/lib/rules/index.ts';
import { siteCorpus, type SiteCorpus, type SiteCorpusInput } from '../../src/lib/site/corpus.ts';
import { chainAnchors, durationDatetime, formatDays, recurrenceLabel, recurringPage } from '../../src/lib/site/recurring.ts';
import { toSiteReport } from '../../src/lib/site/report.ts';
import { reportPage } from '../../src/lib/site/report-page.ts';
import { buildSite, type Site } from '../../src/lib/site/site.ts';
import { corpusStatistics } from '../../src/lib/stats.ts';
import { makeConfig, makeProject, parseFiles } from '../helpers.ts';

const now = new Date('2024-06-01T12:00:00Z');

/** Parses and checks in-memory reports as the content loader does: the loader's corpus input. */
function corpusInput(files: Record<string, string>, config: Config = makeConfig()): SiteCorpusInput {
  const reports = parseFiles(files, config);
  const diagnostics = checkReports(reports, config, { now });
  return { reports, diagnostics, graph: corpusGraph(reports, config), config };
}

/** The site model with its corpus data, as `getSite()` builds it. */
function siteOf(files: Record<string, string>, config: Config = makeConfig()): Site {
  const input = corpusInput(files, config);
  const reports = input.reports.map((one) =>
    toSiteReport({ report: one, diagnostics: input.diagnostics.filter((diagnostic) => diagnostic.file === one.path), graph: input.graph, config })!,
  );
  // Through JSON, as the content store keeps it.
  const corpus = JSON.parse(JSON.stringify(siteCorpus(input))) as SiteCorpus;
  return buildSite({ reports, config, now, corpus });
}

/** A report of a chain: `repeats` is the id it repeats. */
function occurrence(date: string, title: string, services: string, repeats?: string): string {
  const extra = `${repeats ? `repeat_of: [${repeats}]\n` : ''}`;
  return report({ date, title, extra }).replace('services: [api]', `services: [${services}]`);
}

// Three chains: a three-report chain; two two-report chains, one with a recent last occurrence, one older.
const chainFiles = {
  'postmortems/2024-01-01-queue-full.md': occurrence('2024-01-01', 'Queue full', 'queue'),
  'postmortems/2024-01-15-queue-full-again.md': occurrence('2024-01-15', 'Queue full again', 'queue', '2024-01-01-queue-full'),
  'postmortems/2024-03-01-queue-full-third.md': occurrence('2024-03-01', 'Queue full a third time', 'queue, workers', '2024-01-15-queue-full-again'),
  'postmortems/2024-02-01-dns-down.md': occurrence('2024-02-01', 'DNS down', 'dns'),
  'postmortems/2024-05-01-dns-down-again.md': occurrence('2024-05-01', 'DNS down again', 'dns', '2024-02-01-dns-down'),
  'postmortems/2023-06-01-disk-full.md': occurrence('2023-06-01', 'Disk full', 'disk'),
  'postmortems/2023-06-02-disk-full-again.md': occurrence('2023-06-02', 'Disk full again', 'disk', '2023-06-01-disk-full'),
  'postmortems/2023-09-09-alone.md': occurrence('2023-09-09', 'A one-off', 'web'),
};

/** The sample reports of the project (postmortems/). */
function sampleFiles(): Record<string, string> {
  const folder = new URL('../../postmortems/', import.meta.url);
  return Object.fromEntries(
    readdirSync(folder)
      .filter((name) => name.endsWith('.md') && !name.startsWith('_'))
      .map((name) => [`postmortems/${name}`, readFileSync(new URL(name, folder), 'utf8')]),
  );
}

const earlierId = '2022-08-31-utoronto-azuread-secret-expired';
const repeatId = '2022-09-07-utoronto-hub-login-500';

describe('the corpus data the loader stores', () => {
  test('holds the statistics exactly as corpusStatistics() gives them, and survives JSON', () => {
    const input = corpusInput(chainFiles);
    const corpus = siteCorpus(input);
    expect(corpus.statistics).toEqual(corpusStatistics(input.reports, input.config));
    expect(JSON.parse(JSON.stringify(corpus))).toEqual(corpus);
  });

  test('holds the repeat chains earliest first, with their occurrences and the days between them', () => {
    const corpus = siteCorpus(corpusInput(chainFiles));
    expect(corpus.chains.map((chain) => chain.occurrences.map((one) => one.id))).toEqual([
      ['2023-06-01-disk-full', '2023-06-02-disk-full-again'],
      ['2024-01-01-queue-full', '2024-01-15-queue-full-again', '2024-03-01-queue-full-third'],
      ['2024-02-01-dns-down', '2024-05-01-dns-down-again'],
    ]);
    const queue = corpus.chains[1]!;
    expect(queue.occurrences[0]).toEqual({ id: '2024-01-01-queue-full', title: 'Queue full', date: '2024-01-01' });
    // Both start at 10:00 UTC: 14 days, then 46 days (2024 is a leap year: Jan 15 → Mar 1).
    expect(queue.gaps).toEqual([
      { earlier: '2024-01-01-queue-full', later: '2024-01-15-queue-full-again', days: 14 },
      { earlier: '2024-01-15-queue-full-again', later: '2024-03-01-queue-full-third', days: 46 },
    ]);
    expect(corpus.possibleRepeats).toEqual({});
  });

  test('for the sample reports: one chain, 08:40 EDT Aug 31 to 05:25 EDT Sep 7 (6.86 days)', () => {
    const corpus = siteCorpus(corpusInput(sampleFiles()));
    expect(corpus.chains).toHaveLength(1);
    expect(corpus.chains[0]!.occurrences.map((one) => one.id)).toEqual([earlierId, repeatId]);
    // 6 days 20 h 45 m = 9885 minutes.
    expect(corpus.chains[0]!.gaps[0]!.days).toBeCloseTo(9885 / 1440, 10);
    expect(corpus.statistics.repeats).toEqual({ repeats: 1, total: 2, share: 0.5 });
  });

  test('holds the possible repeats the check reported, with their score, and none when the rule is off', () => {
    const example = rules.find((rule) => rule.id === 'possible-repeat')!.docs.examples[0]!;
    const input = corpusInput(example.files);
    const reported = input.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'possible-repeat');
    expect(reported).toHaveLength(1);
    const corpus = siteCorpus(input);
    expect(Object.keys(corpus.possibleRepeats)).toEqual(['2024-11-20-api-errors-after-release']);
    const [found] = corpus.possibleRepeats['2024-11-20-api-errors-after-release']!;
    expect(found).toMatchObject({ earlier: '2024-03-01-api-down', title: 'API down after a bad deploy', date: '2024-03-01', sharedServices: ['api'] });
    // The check's message writes the same score.
    expect(reported[0]!.message).toContain(`similarity ${found!.score.toFixed(2)}`);
    expect(found!.score.toFixed(2)).toBe('0.84');
    const off = makeConfig({ rules: { 'possible-repeat': 'off' } });
    expect(siteCorpus(corpusInput(example.files, off)).possibleRepeats).toEqual({});
  });
});

describe('the repeat badge', () => {
  test('says how often the incident recurred, from the whole chain, on every report of it', () => {
    const site = siteOf(chainFiles);
    const chainOf = (id: string) => site.rows.find((row) => row.id === id)!.chain;
    for (const id of ['2024-01-01-queue-full', '2024-01-15-queue-full-again', '2024-03-01-queue-full-third']) {
      expect(chainOf(id)).toMatchObject({ occurrences: 3, recurrences: 2, label: 'Recurred twice', href: '/recurring/#chain-2024-01-01-queue-full' });
    }
    // The first report is repeated directly only once, but the incident recurred twice.
    expect(site.rows.find((row) => row.id === '2024-01-01-queue-full')!.repeatedByCount).toBe(1);
    expect(chainOf('2024-03-01-queue-full-third')!.position).toBe(3);
    expect(chainOf('2024-05-01-dns-down-again')).toMatchObject({ recurrences: 1, label: 'Recurred once', position: 2 });
    expect(chainOf('2023-09-09-alone')).toBeUndefined();
  });

  test('links to the chain under the base path, and reads in words', () => {
    const site = siteOf(chainFiles, makeConfig({ site: { base: '/docs/' } }));
    expect(site.rows.find((row) => row.id === '2023-06-01-disk-full')!.chain!.href).toBe('/docs/recurring/#chain-2023-06-01-disk-full');
    expect([1, 2, 3, 10].map(recurrenceLabel)).toEqual(['Recurred once', 'Recurred twice', 'Recurred 3 times', 'Recurred 10 times']);
  });

  test('is absent when the site is built without corpus data', () => {
    const input = corpusInput(chainFiles);
    const reports = input.reports.map((one) => toSiteReport({ report: one, diagnostics: [], graph: input.graph, config: input.config })!);
    const site = buildSite({ reports, config: input.config, now });
    expect(site.rows.every((row) => row.chain === undefined)).toBe(true);
    expect(recurringPage(site)).toMatchObject({ chains: [], chainCount: 0, possibleRepeats: [], possibleRepeatCount: 0, pagination: { pages: 1 } });
  });
});

describe('/recurring/', () => {
  test('lists every chain, longest first, then the one that recurred most recently', () => {
    const { chains } = recurringPage(siteOf(chainFiles));
    expect(chains.map((chain) => [chain.title, chain.occurrences.length])).toEqual([
      ['Queue full', 3],
      ['DNS down', 2],
      ['Disk full', 2],
    ]);
  });

  test('shows each occurrence with its date, link and the days since the one before', () => {
    const [queue] = recurringPage(siteOf(chainFiles)).chains;
    expect(queue!.anchor).toBe('chain-2024-01-01-queue-full');
    expect(queue!.spanLabel).toBe('60 days');
    expect(queue!.services.map((service) => service.name)).toEqual(['queue', 'workers']);
    expect(queue!.occurrences.map((one) => [one.dateLabel, one.title, one.href, one.gap?.label])).toEqual([
      ['Jan 1, 2024', 'Queue full', '/postmortems/2024-01-01-queue-full/', undefined],
      ['Jan 15, 2024', 'Queue full again', '/postmortems/2024-01-15-queue-full-again/', '14 days'],
      ['Mar 1, 2024', 'Queue full a third time', '/postmortems/2024-03-01-queue-full-third/', '46 days'],
    ]);
    expect(queue!.occurrences[0]).toMatchObject({ severity: { name: 'sev2' }, openActions: 1 });
  });

  test('for the sample reports: the chain of the founding incident, 7 days apart', () => {
    const { chains, possibleRepeats } = recurringPage(siteOf(sampleFiles()));
    expect(chains).toHaveLength(1);
    expect(chains[0]!.occurrences.map((one) => [one.date, one.gap?.label])).toEqual([
      ['2022-08-31', undefined],
      ['2022-09-07', '7 days'],
    ]);
    expect(chains[0]!.occurrences[0]!.openActions).toBe(2);
    expect(possibleRepeats).toEqual([]);
  });

  test("reads the site's rows once for all its pages: a page does not scan every report again", () => {
    const site = siteOf(chainFiles);
    const counter = { reads: 0 };
    const rows = new Proxy(site.rows, {
      get(target, key, receiver) {
        counter.reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const counted: Site = { ...site, rows };
    const first = recurringPage(counted, 1);
    const afterFirst = counter.reads;
    expect(afterFirst).toBeGreaterThan(site.rows.length);
    expect(recurringPage(counted, 1)).toEqual(first);
    expect(counter.reads).toBe(afterFirst);
  });

  test('has nothing to list for a corpus without repeats', () => {
    const site = siteOf({ 'postmortems/2023-09-09-alone.md': chainFiles['postmortems/2023-09-09-alone.md'] });
    expect(site.corpus!.chains).toEqual([]);
    expect(recurringPage(site).chains).toEqual([]);
  });

  test('writes days for people and gives every chain a unique, URL-safe anchor', () => {
    expect([0.2, 1, 1.4, 6.86, 46].map(formatDays)).toEqual(['less than a day', '1 day', '1 day', '7 days', '46 days']);
    // Long gaps in months, then years and months; the exact days stay machine-readable.
    expect([89.4, 135, 577, 744, 2127, 1095.7, 1111].map(formatDays)).toEqual([
      '89 days',
      '4 months',
      '19 months',
      '2 years',
      '5 years 10 months',
      '3 years',
      '3 years 1 month',
    ]);
    expect([0.2, 6.86, 2127].map(durationDatetime)).toEqual(['PT5H', 'P7D', 'P2127D']);
    const anchors = chainAnchors([
      { occurrences: [{ id: 'A b', title: '' }], gaps: [] },
      { occurrences: [{ id: 'a-b', title: '' }], gaps: [] },
    ]);
    expect([...anchors.values()]).toEqual(['chain-a-b', 'chain-a-b-2']);
  });
});

describe('a report page', () => {
  test('of the sample repeat shows the earlier report with its open action items and its place in the chain', () => {
    const site = siteOf(sampleFiles());
    const page = reportPage(site, repeatId)!;
    expect(page.repeatOf.map((earlier) => [earlier.title, earlier.dateLabel])).toEqual([
      ['UToronto hub logins fail after the AzureAD client secret expired', 'Aug 31, 2022'],
    ]);
    expect(page.repeatOf[0]!.openActions.map((item) => [item.title, item.references.map((reference) => reference.label), item.owner])).toEqual([
      ['Commit the new secret to the encrypted hub configuration so the next deploy keeps it', ['2i2c-org/infrastructure#1651'], 'bob'],
      ['Alert a month before any hub credential expires', ['2i2c-org/infrastructure#1652'], 'alice'],
    ]);
    expect(page.row.chain).toMatchObject({ occurrences: 2, position: 2 });
    expect(page.possibleRepeats).toEqual([]);
    expect(reportPage(site, earlierId)!.repeatedBy.map((later) => later.id)).toEqual([repeatId]);
  });

  test('suggests linking an earlier report the possible-repeat check found', () => {
    const example = rules.find((rule) => rule.id === 'possible-repeat')!.docs.examples[0]!;
    const site = siteOf(example.files);
    const page = reportPage(site, '2024-11-20-api-errors-after-release')!;
    expect(page.possibleRepeats).toEqual([
      {
        report: {
          id: '2024-11-20-api-errors-after-release',
          href: '/postmortems/2024-11-20-api-errors-after-release/',
          title: 'API errors after release 57',
          dateLabel: 'Nov 20, 2024',
        },
        earlier: { id: '2024-03-01-api-down', href: '/postmortems/2024-03-01-api-down/', title: 'API down after a bad deploy', dateLabel: 'Mar 1, 2024' },
        score: expect.closeTo(0.84, 2),
        scoreLabel: '0.84',
        sharedServices: ['api'],
      },
    ]);
    expect(reportPage(site, '2024-03-01-api-down')!.possibleRepeats).toEqual([]);
    expect(recurringPage(site).possibleRepeats.map((pair) => [pair.report.id, pair.earlier.id])).toEqual([
      ['2024-11-20-api-errors-after-release', '2024-03-01-api-down'],
    ]);
  });
});

describe('report ids, services and tags named like what every object inherits', () => {
  test('`constructor`, `__proto__`, `toString` and `hasOwnProperty` are reports like any other, on every page', () => {
    const example = rules.find((rule) => rule.id === 'possible-repeat')!.docs.examples[0]!;
    const [earlierText, laterText] = [
      example.files['postmortems/2024-03-01-api-down.md']!,
      example.files['postmortems/2024-11-20-api-errors-after-release.md']!,
    ];
    const unrelated = (date: string, title: string) =>
      occurrence(date, title, 'constructor, __proto__').replace('---\n\n', 'tags: [toString, hasOwnProperty, __proto__]\n---\n\n');
    const site = siteOf({
      'postmortems/constructor.md': earlierText,
      'postmortems/__proto__.md': laterText,
      'postmortems/toString.md': unrelated('2024-05-01', 'Build host disk full'),
      'postmortems/hasOwnProperty.md': occurrence('2024-05-20', 'Build host disk full again', 'constructor, __proto__', 'toString'),
    });
    expect(site.rows.map((row) => row.id).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(Object.keys(site.corpus!.possibleRepeats)).toEqual(['__proto__']);
    expect(reportPage(site, '__proto__')!.possibleRepeats.map((pair) => pair.earlier.id)).toEqual(['constructor']);
    for (const id of ['constructor', 'toString', 'hasOwnProperty']) expect(reportPage(site, id)!.possibleRepeats, id).toEqual([]);
    expect(reportPage(site, 'hasOwnProperty')!.repeatOf.map((earlier) => earlier.id)).toEqual(['toString']);
    expect(reportPage(site, 'valueOf')).toBeUndefined();
    const page = recurringPage(site);
    expect(page.possibleRepeats.map((pair) => [pair.report.id, pair.earlier.id])).toEqual([['__proto__', 'constructor']]);
    expect(page.possibleRepeatCount).toBe(1);
    expect(page.chains.map((chain) => chain.occurrences.map((occurrence) => occurrence.id))).toEqual([['toString', 'hasOwnProperty']]);
    expect(reportPage(site, 'toString')!.row.services.map((service) => [service.name, service.href])).toEqual([
      ['constructor', '/services/constructor/'],
      ['__proto__', '/services/proto/'],
    ]);
  });
});

/** A loader context whose store and digests behave like Astro's (enough for both of Hindsight's loaders). */
function fakeContext(options: { dev?: boolean; root?: string } = {}) {
  const entries = new Map<string, { id: string; data: unknown; digest?: string }>();
  const sets: string[] = [];
  const quiet = () => {};
  const context = {
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: { id: string; data: unknown; digest?: string }) => {
        sets.push(entry.id);
        entries.set(entry.id, entry);
        return true;
      },
      delete: (id: string) => void entries.delete(id),
      keys: () => [...entries.keys()],
    },
    logger: { warn: quiet, error: quiet, info: quiet, debug: quiet },
    config: { root: pathToFileURL(`${options.root ?? '/nowhere'}/`) },
    generateDigest: (data: unknown) =>
      createHash('sha256')
        .update(typeof data === 'string' ? data : JSON.stringify(data))
        .digest('hex'),
    watcher: options.dev ? {} : undefined,
  } as unknown as LoaderContext;
  return { context, entries, sets };
}

describe('the corpus collection', () => {
  const first = corpusInput(chainFiles);
  const second = corpusInput(sampleFiles());

  test('stores what the report loader publishes, whichever loads first', async () => {
    const channel = corpusChannel();
    const { context, entries } = fakeContext();
    const loading = channel.loader().load(context);
    channel.publish(first);
    await loading;
    expect(entries.get(corpusEntryId)!.data).toEqual(siteCorpus(first));

    const later = corpusChannel();
    later.publish(second);
    const { context: afterwards, entries: stored } = fakeContext();
    await later.loader().load(afterwards);
    expect(stored.get(corpusEntryId)!.data).toEqual(siteCorpus(second));
  });

  test("is filled by the report loader's sync, both loading at once as Astro runs them", async () => {
    const root = await makeProject(sampleFiles());
    const channel = corpusChannel();
    const reports = fakeContext({ root });
    const corpus = fakeContext({ root });
    // As in src/content.config.ts.
    await Promise.all([hindsightLoader({ onSync: channel.publish }).load(reports.context), channel.loader().load(corpus.context)]);
    expect([...reports.entries.keys()].sort()).toEqual([earlierId, repeatId]);
    const stored = corpus.entries.get(corpusEntryId)!.data as SiteCorpus;
    expect(stored.statistics.reports).toBe(2);
    expect(stored.chains.map((chain) => chain.occurrences.map((one) => one.id))).toEqual([[earlierId, repeatId]]);
    // /calendar.ics comes from the same parse: the core's calendar of these reports, GitHub state from the (empty) cache.
    expect(stored.calendar).toBe(buildCalendar(parseFiles(sampleFiles(), makeConfig()), makeConfig()));
    expect(stored.calendar).toContain('SUMMARY:Expires: UToronto AzureAD client secret');
  });

  test('follows later syncs in dev, storing only what changed', async () => {
    const channel = corpusChannel();
    const { context, entries, sets } = fakeContext({ dev: true });
    channel.publish(first);
    await channel.loader().load(context);
    channel.publish(first);
    expect(sets).toEqual([corpusEntryId]);
    channel.publish(second);
    expect(sets).toEqual([corpusEntryId, corpusEntryId]);
    expect(entries.get(corpusEntryId)!.data).toEqual(siteCorpus(second));
  });
});
