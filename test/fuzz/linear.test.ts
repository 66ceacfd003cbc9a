/**
 * Fuzz property (c), issue 11 item 8: the cost of a report stays linear in its
 * size. A generated piece of hostile Markdown is repeated to fill a report of n
 * and of 4n characters; checking and rendering the larger must cost less than
 * about 6 times the smaller (medians of three, in CPU time, which a busy machine
 * disturbs less than the clock). Past a limit the larger is refused, which is
 * cheap: superlinear shapes show up only where the limits let them through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { toSiteReport } from '../../src/lib/site/report.ts';
import { makeConfig } from '../helpers.ts';
import { block } from './generators.ts';
import { fuzzParameters, FuzzTally, fuzzTimeout } from './runs.ts';

const config = makeConfig();
const now = new Date('2024-06-01T00:00:00Z');
/** The smaller size, in characters of repeated Markdown. */
const size = 8_000;
/** Below this many milliseconds of CPU for the larger report, the ratio is noise. */
const measurable = 40;

/** CPU milliseconds to check a report and, when it parsed within the limits, render its page data (as the loader does). */
function cost(text: string): number {
  // As bytes, as the CLI and the loader read a file (a lone surrogate cannot come from disk).
  const bytes = new TextEncoder().encode(text);
  const started = process.cpuUsage();
  const parsed = parseReport('postmortems/2024-03-01-api-down.md', bytes, config);
  const diagnostics = checkReports([parsed], config, { now });
  if (!parsed.limit) toSiteReport({ report: parsed, diagnostics, graph: corpusGraph([parsed], config), config });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/** Whether a report is over a limit (then refused in one linear scan). */
function refused(text: string): boolean {
  return parseReport('postmortems/2024-03-01-api-down.md', new TextEncoder().encode(text), config).limit !== undefined;
}

const median = (values: number[]) => values.sort((left, right) => left - right)[Math.floor(values.length / 2)]!;

/** The median costs of the two reports over `rounds` rounds, interleaved so that a burst of load elsewhere falls on both. */
function measure(small: string, large: string, rounds: number): [number, number] {
  // Once unmeasured: the first run of a new shape compiles code paths the others reuse.
  cost(small);
  const smallCosts: number[] = [];
  const largeCosts: number[] = [];
  for (let round = 0; round < rounds; round++) {
    smallCosts.push(cost(small));
    largeCosts.push(cost(large));
  }
  return [median(smallCosts), median(largeCosts)];
}

describe('fuzz: cost linear in size', () => {
  it(
    'costs less than 6 times as much for 4 times as much of any repeated Markdown',
    () => {
      const tally = new FuzzTally('linear cost');
      let worst = { ratio: 0, unit: '' };
      fc.assert(
        // Without NUL: a binary file is refused before any parsing, and says nothing about its cost.
        fc.property(
          block.filter((unit) => !unit.includes('\u0000')),
          fc.constantFrom('\n', '\n\n', ' ', ''),
          (unit, separator) => {
            const piece = `${unit}${separator}`;
            const times = Math.max(1, Math.ceil(size / piece.length));
            const small = report({ body: `${completeBody}\n## Notes\n\n${piece.repeat(times)}\n` });
            const large = report({ body: `${completeBody}\n## Notes\n\n${piece.repeat(4 * times)}\n` });
            let [smallCost, largeCost] = measure(small, large, 3);
            // A ratio past the bound is measured again, longer, before it counts: a busy machine makes outliers.
            if (largeCost / Math.max(smallCost, 1) >= 6) [smallCost, largeCost] = measure(small, large, 7);
            if (largeCost < measurable) {
              tally.add(refused(large) ? 'refused at 4n, too fast to measure' : 'too fast to measure');
              return;
            }
            const ratio = largeCost / Math.max(smallCost, 1);
            if (ratio > worst.ratio) worst = { ratio, unit: JSON.stringify(piece).slice(0, 120) };
            tally.add('measured');
            expect(ratio, `4n costs ${Math.round(largeCost)} ms, n ${Math.round(smallCost)} ms, for ${JSON.stringify(piece).slice(0, 200)}`).toBeLessThan(6);
          },
        ),
        fuzzParameters(25, 0.1),
      );
      tally.print();
      console.log(`fuzz linear cost: worst ratio ${worst.ratio.toFixed(2)} for ${worst.unit}`);
    },
    fuzzTimeout(25, 3000, 0.1),
  );
});
