/**
 * Repeat detection on a thread of its own (src/lib/node/repeat-thread.ts), as a
 * build of many reports runs it: the pairs it finds, once remembered
 * (`rememberPossibleRepeats`), are the ones `findPossibleRepeats` finds alone.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { syntheticReports } from '../../scripts/synthetic-reports.ts';
import { checkReports } from '../../src/lib/check.ts';
import { checkReportsAlongside, similarPairsOnThread, worthARepeatThread, repeatThreadFrom } from '../../src/lib/node/repeat-thread.ts';
import { findPossibleRepeats, rememberPossibleRepeats, repeatSearch } from '../../src/lib/repeats.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();
const files = () => Object.fromEntries(syntheticReports({ count: 400, seed: 7, services: 20 }).map((report) => [report.path, report.text]));

describe('similarPairsOnThread', () => {
  it('finds, once the linked pairs are left out, the pairs findPossibleRepeats finds on this thread', async () => {
    const alone = findPossibleRepeats(parseFiles(files(), config), config);
    const reports = parseFiles(files(), config);
    const search = repeatSearch(reports, config);
    const similar = await similarPairsOnThread(search);
    rememberPossibleRepeats(reports, config, similar);
    const remembered = findPossibleRepeats(reports, config);
    expect(alone.length).toBeGreaterThan(5);
    expect(remembered).toEqual(alone);
    // The corpus links some of its similar reports (`repeat_of`): those pairs were found, and left out.
    expect(similar.length).toBeGreaterThan(alone.length);
  });

  it('rejects when its thread fails, so that the caller finds the pairs itself', async () => {
    const reports = parseFiles(files(), config);
    const broken = new URL('../fixtures/workers/broken-worker.ts', import.meta.url);
    await expect(similarPairsOnThread(repeatSearch(reports, config), broken)).rejects.toThrow();
  });

  it('checks alongside the thread: the same diagnostics, in the same order, as checking alone', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const alone = checkReports(parseFiles(files(), config), config, { now });
    expect(alone.some((diagnostic) => diagnostic.ruleId === 'possible-repeat')).toBe(true);
    const reports = parseFiles(files(), config);
    expect(await checkReportsAlongside(reports, config, { now }, similarPairsOnThread(repeatSearch(reports, config)))).toEqual(alone);
    // A thread that failed: the rule finds the pairs itself.
    const again = parseFiles(files(), config);
    expect(await checkReportsAlongside(again, config, { now }, Promise.resolve(undefined))).toEqual(alone);
  });

  it('is worth a thread from a few thousand reports on, on a machine of several cores', () => {
    expect(worthARepeatThread(repeatThreadFrom - 1)).toBe(false);
    expect(worthARepeatThread(repeatThreadFrom)).toBe(availableParallelism() > 1);
  });
});
