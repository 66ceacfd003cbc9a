/**
 * Conformance: the timeline reader over the real reports of the shared corpus.
 * Entries are counted independently of the parser (see scripts/timeline-coverage.ts);
 * at least 90% of them must resolve to an instant.
 */
import { describe, expect, it } from 'vitest';
import { countTimelineEntries, measureTimelineCoverage } from '../../scripts/timeline-coverage.ts';
import { corpusFolder as corpus, describeWithCorpus } from './corpus.ts';

describeWithCorpus('timeline coverage over the shared corpus', () => {
  const coverage = measureTimelineCoverage(corpus);

  it('resolves at least 90% of the time-looking timeline entries of the real reports', () => {
    // Hundreds of entries, from most sources: the figure is not a small-sample accident.
    expect(coverage.entries).toBeGreaterThan(500);
    expect([...coverage.sources.values()].filter((source) => source.entries > 0).length).toBeGreaterThanOrEqual(6);
    expect(coverage.ratio).toBeGreaterThanOrEqual(0.9);
  });

  it('resolves at least 80% in every source with a dozen entries or more', () => {
    for (const [source, totals] of coverage.sources) {
      if (totals.entries >= 12) expect(totals.resolved / totals.entries, source).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('skips catalog entries and templates', () => {
    expect(coverage.files.every((file) => !file.file.startsWith('icco__'))).toBe(true);
    expect(coverage.files.some((file) => file.file.includes('template'))).toBe(false);
  });
});

describe('countTimelineEntries (the independent count)', () => {
  it('counts time-looking items, rows, headings and lines under timeline headings only', () => {
    const text = [
      '# Report',
      '',
      '## Timeline',
      '',
      'All times in UTC.',
      '',
      '### Sep 7, 2022',
      '',
      '- 10:00 Deploy',
      '- HH:MM Placeholder',
      '- Not a time',
      '',
      '| Time | Event |',
      '| --- | --- |',
      '| 11:00 | Paged |',
      '',
      '### 12:00',
      '',
      'Fixed.',
      '',
      '## Resolution',
      '',
      '- 13:00 Not in a timeline',
    ].join('\n');
    // The date heading over timed entries is a label, not an entry.
    expect(countTimelineEntries(text)).toEqual([9, 10, 15, 17]);
  });

  it('counts a date heading with nothing timed under it as an entry', () => {
    expect(countTimelineEntries('## Timeline\n\n### 2018-01-15\n\nTravis is down.\n')).toEqual([3]);
  });
});
