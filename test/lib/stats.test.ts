import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusStatistics, distribution, quantile } from '../../src/lib/stats.ts';
import { statsFixtureFiles } from '../fixtures/stats/corpus.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

describe('quantile (inclusive, linear interpolation)', () => {
  it('matches hand-computed values', () => {
    // h = (n − 1) · p: 0.75, 1.5 and 2.25 for n = 4.
    expect(quantile([10, 20, 40, 100], 0.25)).toBe(17.5);
    expect(quantile([10, 20, 40, 100], 0.5)).toBe(30);
    expect(quantile([10, 20, 40, 100], 0.75)).toBe(55);
    // NumPy: np.percentile(range(1, 11), 25) == 3.25.
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.25)).toBe(3.25);
    expect(quantile([7], 0.25)).toBe(7);
    expect(quantile([1, 3], 0)).toBe(1);
    expect(quantile([1, 3], 1)).toBe(3);
  });

  it('refuses an empty list; distribution gives undefined for one', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(distribution([])).toBeUndefined();
    expect(distribution([3, 1, 2])).toEqual({ count: 3, minimum: 1, lowerQuartile: 1.5, median: 2, upperQuartile: 2.5, maximum: 3 });
  });
});

describe('corpusStatistics', () => {
  const config = makeConfig();

  it('computes the sample reports in postmortems/ as worked out by hand', () => {
    const folder = new URL('../../postmortems/', import.meta.url);
    const files = Object.fromEntries(
      readdirSync(folder)
        .filter((name) => name.endsWith('.md') && !name.startsWith('_'))
        .map((name) => [`postmortems/${name}`, readFileSync(new URL(name, folder), 'utf8')]),
    );
    const statistics = corpusStatistics(parseFiles(files, config), config);
    // 2022-08-31: 08:40 → 11:05 is 145 min, detected after 22 min; 2022-09-07: 05:25 → 10:48 is 323 min, detected after 102 min.
    expect(statistics).toEqual({
      reports: 2,
      incidentsPerMonth: [
        { month: '2022-08', count: 1 },
        { month: '2022-09', count: 1 },
      ],
      // Quartiles of [145, 323]: 145 + 0.25 · 178 = 189.5, 234, 145 + 0.75 · 178 = 278.5.
      durationMinutes: { count: 2, minimum: 145, lowerQuartile: 189.5, median: 234, upperQuartile: 278.5, maximum: 323 },
      ongoing: 0,
      // Quartiles of [22, 102]: 42, 62, 82.
      timeToDetectMinutes: { count: 2, minimum: 22, lowerQuartile: 42, median: 62, upperQuartile: 82, maximum: 102 },
      byService: [{ service: 'utoronto-hub', count: 2 }],
      bySeverity: [
        { severity: 'sev1', count: 0 },
        { severity: 'sev2', count: 2 },
        { severity: 'sev3', count: 0 },
        { severity: 'sev4', count: 0 },
      ],
      repeats: { repeats: 1, total: 2, share: 0.5 },
    });
  });

  it('computes a fixture corpus as worked out by hand, across a DST change, with an ongoing incident', () => {
    const statistics = corpusStatistics(parseFiles(statsFixtureFiles, config), config);
    expect(statistics).toEqual({
      reports: 5,
      incidentsPerMonth: [
        { month: '2024-01', count: 2 },
        { month: '2024-02', count: 0 },
        { month: '2024-03', count: 2 },
        { month: '2024-04', count: 0 },
        { month: '2024-05', count: 1 },
      ],
      // [30, 60, 60, 480]: h = 0.75 → 30 + 0.75 · 30 = 52.5; h = 1.5 → 60; h = 2.25 → 60 + 0.25 · 420 = 165.
      durationMinutes: { count: 4, minimum: 30, lowerQuartile: 52.5, median: 60, upperQuartile: 165, maximum: 480 },
      ongoing: 1,
      // [5, 10, 20, 30]: 5 + 0.75 · 5 = 8.75; 15; 20 + 0.25 · 10 = 22.5.
      timeToDetectMinutes: { count: 4, minimum: 5, lowerQuartile: 8.75, median: 15, upperQuartile: 22.5, maximum: 30 },
      byService: [
        { service: 'api', count: 3 },
        { service: 'db', count: 2 },
        { service: 'web', count: 1 },
      ],
      bySeverity: [
        { severity: 'sev1', count: 1 },
        { severity: 'sev2', count: 3 },
        { severity: 'sev3', count: 1 },
        { severity: 'sev4', count: 0 },
      ],
      repeats: { repeats: 2, total: 5, share: 0.4 },
    });
  });

  it('gives empty figures for an empty corpus', () => {
    expect(corpusStatistics([], config)).toEqual({
      reports: 0,
      incidentsPerMonth: [],
      ongoing: 0,
      byService: [],
      bySeverity: config.severities.map((severity) => ({ severity, count: 0 })),
      repeats: { repeats: 0, total: 0, share: 0 },
    });
  });

  it('returns plain data', () => {
    const statistics = corpusStatistics([], config);
    expect(JSON.parse(JSON.stringify(statistics))).toEqual(statistics);
  });
});

describe('corpusStatistics on extreme dates', () => {
  const now = new Date('2024-06-01T00:00:00Z');
  const at = (date: string, services = '[api]') =>
    `---\ntitle: Down\ndate: ${date}\nstatus: reviewed\nseverity: sev2\nimpact:\n  start: ${date}T10:00\n  end: ${date}T11:00\nservices: ${services}\n---\n\n# Down\n`;

  it('leaves reports dated out of the sane range out, so the months stay a bounded list', () => {
    const config = makeConfig();
    const files = {
      'postmortems/1000-01-01-a.md': at('1000-01-01'),
      'postmortems/9999-12-31-b.md': at('9999-12-31'),
      'postmortems/2024-01-15-c.md': at('2024-01-15'),
      'postmortems/2024-03-15-d.md': at('2024-03-15'),
    };
    const statistics = corpusStatistics(parseFiles(files, config), config, { now });
    expect(statistics.reports).toBe(2);
    expect(statistics.incidentsPerMonth.map((entry) => entry.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(JSON.stringify(statistics).length).toBeLessThan(2_000);
  });

  it('never spans more months than the configured range allows', () => {
    const config = makeConfig({ dates: { earliest: '1970-01-01', latestYearsAhead: 100 } });
    const files = {
      'postmortems/1970-01-01-a.md': at('1970-01-01'),
      'postmortems/2124-06-01-b.md': at('2124-06-01'),
      'postmortems/2124-06-02-c.md': at('2124-06-02'),
    };
    const statistics = corpusStatistics(parseFiles(files, config), config, { now });
    expect(statistics.reports).toBe(2);
    expect(statistics.incidentsPerMonth).toHaveLength((2124 - 1970) * 12 + 6);
  });

  it('counts service names without their control characters', () => {
    const config = makeConfig();
    const files = { 'postmortems/2024-01-15-a.md': at('2024-01-15', '["api\\x1b[31m", "api"]') };
    expect(corpusStatistics(parseFiles(files, config), config, { now }).byService).toEqual([
      { service: 'api', count: 1 },
      { service: 'api[31m', count: 1 },
    ]);
  });
});
