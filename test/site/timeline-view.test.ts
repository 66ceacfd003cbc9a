/**
 * src/lib/site/timeline-view.ts: one table per report, the zone stated once,
 * a row where the day changes, no "written …" note on every row.
 */
import { describe, expect, test } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { toSiteReport } from '../../src/lib/site/report.ts';
import { timelineView } from '../../src/lib/site/timeline-view.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();

/** The stored report of a one-report corpus whose Timeline section is `timeline`. */
function stored(timeline: string, extra = 'timezone: America/Toronto\n') {
  const text = report({
    date: '2022-09-07',
    extra,
    body: `# Hub down\n\n## Overview\n\nLogins failed.\n\n## Timeline\n\n${timeline}\n\n## Action Items\n\n- [ ] x: acme/api#1\n`,
  });
  const parsed = parseFiles({ 'postmortems/2022-09-07-hub.md': text }, config);
  const diagnostics = checkReports(parsed, config, { now: new Date('2024-06-01T00:00:00Z') });
  return toSiteReport({ report: parsed[0]!, diagnostics, graph: corpusGraph(parsed, config), config })!;
}

describe('the structured timeline', () => {
  test('in the report’s zone, with the zone and its abbreviation once, and the time since impact began', () => {
    const view = timelineView(stored('- 10:00 Deploy starts.\n- 10:05 Alert fires.\n- 10:42 Rollback completes.'))!;
    expect(view.zone).toBe('America/Toronto');
    expect(view.zoneLabel).toBe('America/Toronto (EDT)');
    expect(view.count).toBe(3);
    expect(view.days.map((day) => [day.label, day.entries.map((entry) => [entry.time, entry.elapsed, entry.written])])).toEqual([
      [
        'Sep 7, 2022',
        [
          ['10:00', '+0 m', undefined],
          ['10:05', '+5 m', undefined],
          ['10:42', '+42 m', undefined],
        ],
      ],
    ]);
  });

  test('a timeline written in UTC is shown in UTC: no row says how it was written', () => {
    const view = timelineView(stored('- 14:00 UTC Deploy starts.\n- 14:05 UTC Alert fires.\n- 14:42 UTC Rollback completes.'))!;
    expect(view.zoneLabel).toBe('UTC');
    expect(view.days[0]!.entries.map((entry) => [entry.time, entry.elapsed, entry.written])).toEqual([
      ['14:00', '+0 m', undefined],
      ['14:05', '+5 m', undefined],
      ['14:42', '+42 m', undefined],
    ]);
  });

  test('mixed zones: the report’s zone, and only the converted entries say how they were written', () => {
    const view = timelineView(stored('- 10:00 Deploy starts.\n- 14:05 UTC Alert fires.\n- 10:42 Rollback completes.'))!;
    expect(view.zone).toBe('America/Toronto');
    expect(view.days[0]!.entries.map((entry) => [entry.time, entry.written])).toEqual([
      ['10:00', undefined],
      ['10:05', '14:05 UTC'],
      ['10:42', undefined],
    ]);
  });

  test('a day row where the day changes; unread times last, as written', () => {
    const text = stored(
      '### Sep 7, 2022\n\n- 10:00 Deploy starts.\n- 23:50 Alert fires.\n\n### Sep 8, 2022\n\n- 00:20 Rollback completes.',
      'timezone: America/Toronto\n',
    ).timeline;
    expect(text.map((entry) => entry.text)).toEqual(['Deploy starts.', 'Alert fires.', 'Rollback completes.']);
    const view = timelineView(stored('### Sep 7, 2022\n\n- 10:00 Deploy starts.\n- 23:50 Alert fires.\n\n### Sep 8, 2022\n\n- 00:20 Rollback completes.'))!;
    expect(view.days.map((day) => [day.day, day.label, day.entries.length])).toEqual([
      ['2022-09-07', 'Sep 7, 2022', 2],
      ['2022-09-08', 'Sep 8, 2022', 1],
    ]);
  });

  test('none for a report without entries', () => {
    expect(timelineView({ ...stored('- 10:00 Deploy starts.'), timeline: [] })).toBeUndefined();
  });
});
