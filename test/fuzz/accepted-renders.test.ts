/**
 * Fuzz property (a), issue 11 item 8: whatever `check` accepts builds. For
 * generated hostile reports and file names, a report `checkReports` finds no
 * error in goes through the functions the site's loader and pages use
 * (`toSiteReport`, which renders the body and the summary) without throwing,
 * and its id makes a page address that leads back to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { treeLimitProblem } from '../../src/lib/tree-limits.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { createLinks } from '../../src/lib/site/links.ts';
import { toSiteReport } from '../../src/lib/site/report.ts';
import { makeConfig } from '../helpers.ts';
import { fileName, hostileReport } from './generators.ts';
import { fuzzParameters, FuzzTally, fuzzTimeout } from './runs.ts';

const config = makeConfig();
const now = new Date('2024-06-01T00:00:00Z');
const links = createLinks('/', { services: new Map(), tags: new Map() });

describe('fuzz: what check accepts, the site renders', () => {
  it(
    'renders every generated report that check accepts, and gives it a working address',
    () => {
      const tally = new FuzzTally('accepted reports render');
      let slowest = 0;
      fc.assert(
        fc.property(hostileReport, fileName, (text, name) => {
          const started = performance.now();
          const path = `postmortems/${name}.md`;
          const report = parseReport(path, new TextEncoder().encode(text), config);
          const diagnostics = checkReports([report], config, { now });
          const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
          // A failing rule is a bug, never a verdict on the report.
          expect(diagnostics.filter((diagnostic) => diagnostic.ruleId === 'internal')).toEqual([]);
          if (errors.length > 0) {
            tally.add(report.limit ? 'refused: over a limit' : errors.some((error) => error.ruleId === 'file') ? 'refused: file' : 'refused: other rules');
            return;
          }
          // The parser and the renderer agree on the limits; the page renders without throwing.
          expect(treeLimitProblem(report.tree)).toBeUndefined();
          const site = toSiteReport({ report, diagnostics, graph: corpusGraph([report], config), config });
          expect(site?.id).toBe(report.id);
          // The address: a path (no query, no fragment) whose last folder is the id.
          const href = links.report(report.id);
          const url = new URL(href, 'https://example.com');
          expect(url.pathname).toBe(href);
          expect(url.search + url.hash).toBe('');
          expect(decodeURIComponent(url.pathname.split('/').at(-2) ?? '')).toBe(report.id);
          expect(['.', '..', '']).not.toContain(report.id);
          slowest = Math.max(slowest, performance.now() - started);
          tally.add('accepted and rendered');
        }),
        fuzzParameters(250),
      );
      tally.print();
      console.log(`fuzz accepted reports render: slowest accepted case ${Math.round(slowest)} ms`);
      expect(tally.get('accepted and rendered')).toBeGreaterThan(0);
      // A stall is a failure even when nothing throws: the worst accepted report checks and renders in seconds.
      expect(slowest).toBeLessThan(15_000);
    },
    fuzzTimeout(250, 300),
  );
});
