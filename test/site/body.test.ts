/**
 * src/lib/site/body.ts and `renderTreePieces` (src/lib/render.ts): a report's
 * body with the structured timeline and action items in the places the report
 * wrote them, each entry and each item once.
 */
import { describe, expect, test } from 'vitest';
import { renderTree, renderTreePieces } from '../../src/lib/render.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { renderBody, structuredCuts, type SiteBodyPart } from '../../src/lib/site/body.ts';
import { bodyParts } from '../../src/lib/site/report-page.ts';
import type { SiteReport } from '../../src/lib/site/report.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();

const body = `# API down

## Overview

The API failed.[^1]

## Timeline

All times UTC.

### Mar 1, 2024

| Time | Event |
| --- | --- |
| 10:00 | Deploy starts. |
| 10:05 | Alert fires. |

The rollback began the next morning.

### Mar 2, 2024

- 10:42 Rollback completes.

Times from the deploy log.

## Resolution

Rolled back.

## Action Items

### Process

- [ ] Add a canary stage: acme/api#101 @alice

### Technical

- [x] Roll back faster: acme/api#102

We review these monthly.

[^1]: From the status page.
`;

function parse(text: string) {
  return parseFiles({ 'postmortems/2024-03-01-api-down.md': report({ body: text }).replace('end: 2024-03-01T10:42', 'end: 2024-03-02T10:42') }, config)[0]!;
}

/** The parts as text: HTML pieces as they are, slots as `[slot]`. */
function joined(parts: readonly SiteBodyPart[]): string {
  return parts.map((part) => ('html' in part ? part.html : `[${part.slot}]`)).join('');
}

describe('a report body with its structured parts', () => {
  test('puts the timeline and the action items where the report wrote them, keeping headings and prose', () => {
    const parsed = parse(body);
    expect(parsed.timeline).toHaveLength(3);
    expect(parsed.actionItems).toHaveLength(2);
    const parts = renderBody(parsed, { config });
    expect(parts.map((part) => ('html' in part ? 'html' : part.slot))).toEqual(['html', 'timeline', 'html', 'actions', 'html']);
    const text = joined(parts);
    // Headings and the prose around the entries stay, in order.
    const order = [
      '<h2 id="overview">Overview</h2>',
      '<h2 id="timeline">Timeline</h2>',
      'All times UTC.',
      '[timeline]',
      '<h2 id="resolution">Resolution</h2>',
      '<h2 id="action-items">Action Items</h2>',
      '[actions]',
      'We review these monthly.',
    ];
    const positions = order.map((fragment) => text.indexOf(fragment));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((left, right) => left - right)).toEqual(positions);
    // Every entry and item is gone from the HTML: the page shows them once, structured.
    for (const gone of [
      'Deploy starts.',
      'Alert fires.',
      'Rollback completes.',
      'Add a canary stage',
      'Roll back faster',
      'Mar 1, 2024',
      '>Process<',
      '>Technical<',
    ])
      expect(text).not.toContain(gone);
    // What stands between two day tables goes with them; prose after the last entries and the footnote stay.
    expect(text).not.toContain('The rollback began the next morning.');
    expect(text).toContain('Times from the deploy log.');
    expect(text).toContain('From the status page.');
  });

  test('cuts the stretch of top-level blocks holding the entries, with the day or group headings right above them', () => {
    const parsed = parse(body);
    const cuts = structuredCuts(parsed);
    expect(cuts.map((cut) => [cut.slot, parsed.text.slice(cut.start, cut.start + 16)])).toEqual([
      ['timeline', '### Mar 1, 2024\n'],
      ['actions', '### Process\n\n- ['],
    ]);
    expect(parsed.text.slice(cuts[1]!.start, cuts[1]!.end)).toContain('Roll back faster: acme/api#102');
  });

  test('renders once: heading ids are the same as the whole body’s', () => {
    const parsed = parse(body);
    const pieces = renderTreePieces(parsed.tree, structuredCuts(parsed), { dropLeadingTitle: true, topLevel: 2 })!;
    const whole = renderTree(parsed.tree, { dropLeadingTitle: true, topLevel: 2 });
    for (const id of ['overview', 'timeline', 'resolution', 'action-items']) {
      expect(whole).toContain(`id="${id}"`);
      expect(pieces.map((piece) => ('html' in piece ? piece.html : '')).join('')).toContain(`id="${id}"`);
    }
  });

  test('a timeline split by another section is shown whole at its first place', () => {
    const split = body.replace('### Mar 2, 2024', '## Notes\n\nA note.\n\n## Timeline (continued)\n\n### Mar 2, 2024');
    const parsed = parse(split);
    expect(parsed.timeline.map((entry) => entry.text)).toContain('Rollback completes.');
    const parts = renderBody(parsed, { config });
    expect(parts.filter((part) => 'slot' in part)).toEqual([{ slot: 'timeline' }, { slot: 'actions' }]);
    const text = joined(parts);
    expect(text).toContain('<h2 id="notes">Notes</h2>');
    expect(text).toContain('A note.');
    expect(text).toContain('<h2 id="timeline-continued">Timeline (continued)</h2>');
    expect(text).not.toContain('Rollback completes.');
  });

  test('raw HTML wrapped around a timeline leaves the body whole, and the page adds the structured parts after it', () => {
    const wrapped = body
      .replace('| Time | Event |', '<details>\n\n| Time | Event |')
      .replace('| 10:05 | Alert fires. |', '| 10:05 | Alert fires. |\n\n</details>');
    const parsed = parse(wrapped);
    const parts = renderBody(parsed, { config });
    expect(parts).toHaveLength(1);
    expect(joined(parts)).toContain('Alert fires.');
    const stored = { body: parts } as SiteReport;
    expect(bodyParts(stored, { timeline: true, actions: true })).toEqual([
      { kind: 'html', html: (parts[0] as { html: string }).html },
      { kind: 'timeline', heading: 'Timeline' },
      { kind: 'actions', heading: 'Action items' },
    ]);
  });

  test('each structured part is placed once, and only when the page has it', () => {
    const stored = { body: [{ html: '<p>a</p>' }, { slot: 'timeline' }, { slot: 'actions' }, { slot: 'timeline' }] } as SiteReport;
    expect(bodyParts(stored, { timeline: true, actions: false })).toEqual([{ kind: 'html', html: '<p>a</p>' }, { kind: 'timeline' }]);
  });

  test('a body without a timeline or action items is one piece of HTML, the same as the whole render', () => {
    const parsed = parse('# API down\n\n## Overview\n\nThe API failed.\n');
    expect(renderBody(parsed, { config })).toEqual([{ html: renderTree(parsed.tree, { dropLeadingTitle: true, topLevel: 2, config }) }]);
  });
});
