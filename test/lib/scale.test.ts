/**
 * The corpus rules stay near-linear in the number of reports: the work at N and
 * at 4N is counted (not timed, so a busy machine cannot make it flaky), and a rule
 * that compared every report with every other would do 16 times the work.
 *
 * The rules' work is counted through proxies that count every read of the corpus
 * array, of the graph's edges and order, and of its nodes: a rule that scans the
 * corpus or every edge once per report shows up quadratically there. The
 * similarity search counts its own index reads and full comparisons.
 */
import { describe, expect, it } from 'vitest';
import { syntheticReports, typographicShare } from '../../scripts/synthetic-reports.ts';
import { checkReports } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import type { ParsedReport } from '../../src/lib/parse.ts';
import possibleRepeat from '../../src/lib/rules/possible-repeat.ts';
import priorOpenActions from '../../src/lib/rules/prior-open-actions.ts';
import reference from '../../src/lib/rules/reference.ts';
import { findSimilarPairs, type SimilarityDocument, type SimilarityWork } from '../../src/lib/similarity.ts';
import { randomGenerator } from '../../scripts/synthetic-reports.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

/** How much more work 4N reports take than N: 4 is linear, 16 quadratic; this leaves room for N log N. */
const maxGrowth = 6;

/** A corpus whose every read is counted. */
function counted(reports: ParsedReport[], config = makeConfig()) {
  const counter = { reads: 0 };
  const count = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        counter.reads++;
        return Reflect.get(object, key, receiver) as unknown;
      },
      ownKeys(object) {
        const keys = Reflect.ownKeys(object);
        counter.reads += keys.length;
        return keys;
      },
    });
  const corpus = count([...reports]);
  // The graph the rules share (built once per corpus array), with its lists and nodes counted too.
  const graph = corpusGraph(corpus, config);
  graph.edges = count(graph.edges);
  graph.order = count(graph.order);
  graph.nodes = count(graph.nodes);
  counter.reads = 0;
  return { corpus, counter, config };
}

describe('corpus rules at N and 4N reports', () => {
  const config = makeConfig();
  // As a project grows its services grow too (a report per service and kind or two), so the pairs that really
  // are alike (the rule's output) grow linearly, and what is counted is the rules' own work.
  const parse = (count: number) =>
    parseFiles(Object.fromEntries(syntheticReports({ count, seed: 11, services: count / 10 }).map((report) => [report.path, report.text])), config);
  const small = parse(150);
  const large = parse(600);

  it('has a corpus with the links that make rules work: repeats, related issues, unknown ids', () => {
    const links = (reports: ParsedReport[], field: 'repeat_of' | 'related') => reports.filter((report) => (report.data?.[field].length ?? 0) > 0).length;
    expect(links(large, 'repeat_of')).toBeGreaterThan(4 * links(small, 'repeat_of') * 0.5);
    expect(links(large, 'related')).toBeGreaterThan(20);
    const unknown = checkReports(large, config, { rules: [reference] }).filter((diagnostic) => diagnostic.message.includes('unknown report'));
    expect(unknown.length).toBeGreaterThan(3);
  });

  it('has typographic characters in about as many reports as the real corpus, in their Impact paragraph alone', () => {
    const reports = syntheticReports({ count: 2000, seed: 11 });
    const typographic = reports.filter((report) => /[^\x00-\x7f]/.test(report.text));
    expect(typographic.length / reports.length).toBeGreaterThan(typographicShare * 0.75);
    expect(typographic.length / reports.length).toBeLessThan(typographicShare * 1.25);
    // The characters are in the Impact paragraph alone, so every other part of a report is unchanged.
    for (const report of typographic) expect(report.text.replace(/\n## Impact\n\n[^\n]*\n/, '')).toMatch(/^[\x00-\x7f]*$/);
  });

  for (const rule of [reference, priorOpenActions, possibleRepeat]) {
    it(`\`${rule.id}\` reads the corpus a near-linear number of times`, () => {
      const work = (reports: ParsedReport[]) => {
        const { corpus, counter } = counted(reports, config);
        checkReports(corpus, config, { rules: [rule], now: new Date('2025-01-01T00:00:00Z') });
        return counter.reads;
      };
      const [atN, at4N] = [work(small), work(large)];
      expect(at4N / atN, `${rule.id}: ${atN} reads at N, ${at4N} at 4N`).toBeLessThan(maxGrowth);
    });
  }

  it('the corpus rules stay near-linear when one file among many is checked (check one-file.md)', () => {
    for (const rule of [reference, priorOpenActions, possibleRepeat]) {
      const work = (reports: ParsedReport[]) => {
        const { corpus, counter } = counted(reports, config);
        checkReports(corpus, config, { rules: [rule], targets: new Set([reports.at(-1)!.path]) });
        return counter.reads;
      };
      expect(work(large) / work(small), rule.id).toBeLessThan(maxGrowth);
    }
  });
});

describe('similarity search at N and 4N reports', () => {
  /**
   * The worst case for the search: every report on one service, all written with
   * the same 3,000 words, so every pair shares words and no service splits them.
   */
  function documents(count: number): SimilarityDocument[] {
    const random = randomGenerator(5);
    const words = Array.from({ length: 3000 }, (_, index) => `w${index.toString(36)}x`);
    const text = (length: number) => Array.from({ length }, () => random.pick(words)).join(' ');
    return Array.from({ length: count }, (_, index) => ({
      id: `r${index}`,
      date: `20${String(10 + (index % 15)).padStart(2, '0')}-0${1 + (index % 9)}-1${index % 9}`,
      services: ['platform'],
      title: text(6),
      overview: text(30),
      rootCause: text(25),
      impact: text(20),
      resolution: text(18),
    }));
  }

  const work = (count: number, maxPostings?: number) => {
    const counter: SimilarityWork = { postings: 0, candidates: 0, capped: 0 };
    findSimilarPairs(documents(count), { threshold: 0.28, work: counter, ...(maxPostings === undefined ? {} : { maxPostings }) });
    return counter;
  };

  it('would grow quadratically on this corpus if it compared exactly (what the test guards against)', () => {
    const [atN, at4N] = [work(300, Number.POSITIVE_INFINITY), work(1200, Number.POSITIVE_INFINITY)];
    expect(at4N.postings / atN.postings).toBeGreaterThan(10);
  });

  it('reads a bounded number of index entries per report, and scores few pairs in full', () => {
    // A small budget puts 300 and 1,200 reports where the default (4,096) puts tens of thousands.
    const [atN, at4N] = [work(300, 64), work(1200, 64)];
    expect(at4N.capped).toBeGreaterThan(0);
    expect(at4N.postings / atN.postings, JSON.stringify({ atN, at4N })).toBeLessThan(maxGrowth);
    expect(at4N.postings).toBeLessThanOrEqual(1200 * 64);
    expect(at4N.candidates).toBeLessThan(at4N.postings / 10);
  });

  it('compares exactly below the budget: the same pairs as with no budget at all', () => {
    const corpus = documents(300);
    const exact = findSimilarPairs(corpus, { threshold: 0.05, maxPostings: Number.POSITIVE_INFINITY });
    const counter: SimilarityWork = { postings: 0, candidates: 0, capped: 0 };
    const bounded = findSimilarPairs(corpus, { threshold: 0.05, work: counter });
    expect(counter.capped).toBe(0);
    expect(bounded).toEqual(exact);
    expect(exact.length).toBeGreaterThan(0);
  });
});
