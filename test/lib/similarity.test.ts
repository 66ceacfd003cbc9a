import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSimilarPairs, similarity, stem, terms, type SimilarityDocument } from '../../src/lib/similarity.ts';

describe('stem', () => {
  // Examples from Porter's paper and the reference vocabulary.
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['generalization', 'gener'],
    ['hopefulness', 'hope'],
    ['electrical', 'electr'],
    ['adjustment', 'adjust'],
    ['adoption', 'adopt'],
    ['effective', 'effect'],
    ['controll', 'control'],
    ['expired', 'expir'],
    ['expiring', 'expir'],
    ['deployments', 'deploy'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('terms', () => {
  it('drops stop words and most numbers, folds synonyms, keeps HTTP statuses and error codes', () => {
    expect(terms('Logins failed with HTTP 500s at 08:40 on 2022-09-07 after the AzureAD secret expired (AADSTS7000222).')).toEqual([
      'login',
      'fail',
      'http',
      '500',
      'azuread',
      'credential',
      'expire',
      'aadsts7000222',
    ]);
  });

  it('treats secrets, passwords and tokens as one concept, and certificates as another', () => {
    expect(terms('secret password token credentials')).toEqual(['credential', 'credential', 'credential', 'credential']);
    expect(terms('TLS cert SSL certificate')).toEqual(['certificate', 'certificate', 'certificate', 'certificate']);
    expect(terms('sign-in rate-limit out of memory')).toEqual(['login', 'ratelimit', 'memory']);
  });

  it('reads ASCII text as the Unicode reading does', () => {
    // A trailing `é` sends the text down the Unicode path and adds no term (it folds to `e`, too short to be a word).
    const words = ['Sign-in', 'LOG on', 'rate limit', 'out-of-memory', '500s', '42', 'v2', 'Deploys', 'the', 'x'];
    const asciiText = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 60 }),
      fc
        .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(' ', '-', '_', '.', '\n', '`')), {
          maxLength: 20,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(asciiText, (text) => {
        expect(terms(text)).toEqual(terms(`${text} \u00e9`));
      }),
      { numRuns: 500 },
    );
    expect(terms('Résumé of the Ünïcode outage')).toEqual(['resum', 'unicod']);
  });
});

const document = (fields: Partial<SimilarityDocument> & { id: string; date: string }): SimilarityDocument => ({
  services: ['api'],
  title: '',
  ...fields,
});

describe('findSimilarPairs', () => {
  const azureExpired = document({
    id: 'a',
    date: '2022-03-14',
    services: ['sso'],
    title: 'AzureAD secret expired',
    overview: 'Every login failed with HTTP 500 because the AzureAD client secret had expired.',
    rootCause: 'Nobody tracked when the client secret would expire.',
  });
  const credentialRotation = document({
    id: 'b',
    date: '2022-12-05',
    services: ['sso'],
    title: 'Login 500s after credential rotation',
    overview: 'Logins returned 500 errors; the rotated credential from March had lapsed and the deploy used the expired one.',
    rootCause: 'The client password expired again; its expiry was not tracked.',
  });
  const unrelated = document({
    id: 'c',
    date: '2022-06-01',
    services: ['sso'],
    title: 'Slow dashboards after a database index was dropped',
    overview: 'Dashboard queries took 30 seconds because a migration dropped an index.',
    rootCause: 'The migration was not reviewed.',
  });

  it('finds a repeat nine months later under a different title', () => {
    const pairs = findSimilarPairs([credentialRotation, unrelated, azureExpired], { threshold: 0.28 });
    expect(pairs).toEqual([
      expect.objectContaining({ later: 'b', earlier: 'a', sharedServices: ['sso'], sharedTerms: expect.arrayContaining(['credential', 'expire']) }),
    ]);
    expect(pairs[0]!.score).toBeGreaterThan(0.28);
  });

  it('compares only reports that share a service', () => {
    const elsewhere = { ...credentialRotation, services: ['billing'] };
    expect(findSimilarPairs([azureExpired, elsewhere], { threshold: 0 })).toEqual([]);
  });

  it('reports the later of two reports only, and orders same-day reports by impact start', () => {
    const first = document({ id: 'x', date: '2024-01-01', title: 'disk full on the database host' });
    const second = document({ id: 'y', date: '2024-01-01', title: 'disk full on the database host again' });
    // Same day and no start time: which came first is unknown, so neither is reported.
    expect(findSimilarPairs([first, second], { threshold: 0.1 })).toEqual([]);
    const pairs = findSimilarPairs(
      [
        { ...second, startTime: 2000 },
        { ...first, startTime: 1000 },
      ],
      { threshold: 0.1 },
    );
    expect(pairs.map(({ later, earlier }) => [later, earlier])).toEqual([['y', 'x']]);
  });

  it('reads the latest earlier reports first when the work bound cuts a word short', () => {
    const storm = (id: string, date: string) => document({ id, date, title: 'kafka' });
    const corpus = [storm('a', '2024-01-01'), storm('b', '2024-02-01'), storm('c', '2024-03-01')];
    const pairsOf = (maxPostings: number) => findSimilarPairs(corpus, { threshold: 0.5, maxPostings }).map((pair) => `${pair.later}<${pair.earlier}`);
    expect(pairsOf(Number.POSITIVE_INFINITY)).toEqual(['b<a', 'c<a', 'c<b']);
    // One entry per report: `c` reads `b`, the latest holder of its word, and not `a`.
    expect(pairsOf(1)).toEqual(['b<a', 'c<b']);
  });

  it('leaves out pairs the caller excludes, and pairs under the threshold', () => {
    expect(findSimilarPairs([azureExpired, credentialRotation], { threshold: 0.28, include: () => false })).toEqual([]);
    expect(findSimilarPairs([azureExpired, credentialRotation], { threshold: 0.99 })).toEqual([]);
  });

  it('scores identical texts 1 and unrelated texts 0', () => {
    const copy = { ...azureExpired, id: 'copy', date: '2023-01-01' };
    expect(similarity(azureExpired, copy)).toBeCloseTo(1, 10);
    const disjoint = document({ id: 'z', date: '2023-01-01', title: 'kafka consumer rebalancing' });
    expect(similarity(azureExpired, disjoint)).toBe(0);
  });

  it('gives the same scores through the inverted index as comparing every pair', () => {
    const words = ['disk', 'full', 'memory', 'expired', 'certificate', 'deploy', 'rollback', 'dns', 'timeout', 'quota', 'kafka', 'login'];
    const text = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((list) => list.join(' '));
    const documents = fc.uniqueArray(
      fc.record({
        day: fc.integer({ min: 1, max: 28 }),
        services: fc.subarray(['api', 'web', 'db'], { minLength: 1 }),
        title: text,
        overview: text,
        rootCause: text,
      }),
      { minLength: 2, maxLength: 12, selector: (entry) => entry.day },
    );
    fc.assert(
      fc.property(documents, (entries) => {
        const corpus = entries.map((entry, position) => document({ id: `r${position}`, date: `2024-02-${String(entry.day).padStart(2, '0')}`, ...entry }));
        const found = new Map(findSimilarPairs(corpus, { threshold: 0 }).map((pair) => [`${pair.later}<${pair.earlier}`, pair.score]));
        for (const later of corpus) {
          for (const earlier of corpus) {
            if (earlier.date >= later.date || !earlier.services.some((service) => later.services.includes(service))) continue;
            const expected = similarity(later, earlier, corpus);
            const key = `${later.id}<${earlier.id}`;
            if (expected > 0) expect(found.get(key)).toBeCloseTo(expected, 10);
            else expect(found.has(key)).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
