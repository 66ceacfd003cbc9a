/**
 * How well `possible-repeat` finds repeats: precision and recall on a labelled
 * set of reports (test/fixtures/repeats/), and what it finds in real reports
 * from the dfds corpus, whose PM2021-005/006/007 say they repeat each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkReports } from '../src/lib/check.ts';
import { parseReport, reportId } from '../src/lib/parse.ts';
import possibleRepeat from '../src/lib/rules/possible-repeat.ts';
import { sectionTexts } from '../src/lib/report-terms.ts';
import { findSimilarPairs, type SimilarityDocument } from '../src/lib/similarity.ts';
import { corpusFolder, describeWithCorpus } from './corpus/corpus.ts';
import { makeConfig } from './helpers.ts';

const config = makeConfig();
const fixtures = new URL('./fixtures/repeats/', import.meta.url);

describe('possible-repeat on the labelled set', () => {
  const folder = new URL('reports/', fixtures);
  const reports = readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => parseReport(`test/fixtures/repeats/reports/${name}`, readFileSync(new URL(name, folder)), config));
  const groups: string[][] = parse(readFileSync(new URL('labels.yaml', fixtures), 'utf8')).repeats;
  const groupOf = new Map(groups.flatMap((group, position) => group.map((id) => [id, position] as const)));
  const byId = new Map(reports.map((report) => [report.id, report]));

  // Every pair of reports sharing a service, the later first: a repeat when both are in one group.
  const pairs: Array<{ later: string; earlier: string; repeat: boolean }> = [];
  for (const later of reports) {
    for (const earlier of reports) {
      if (earlier.data!.date >= later.data!.date) continue;
      if (!earlier.data!.services.some((service) => later.data!.services.includes(service))) continue;
      const group = groupOf.get(later.id);
      pairs.push({ later: later.id, earlier: earlier.id, repeat: group !== undefined && group === groupOf.get(earlier.id) });
    }
  }

  it('is a valid, well-formed labelled set', () => {
    for (const report of reports) expect(report.data, report.path).toBeDefined();
    for (const group of groups) {
      for (const id of group) expect(byId.has(id), id).toBe(true);
      const services = group.map((id) => new Set(byId.get(id)!.data!.services));
      const shared = [...services[0]!].filter((service) => services.every((set) => set.has(service)));
      expect(shared.length, `group ${group.join(', ')} shares a service`).toBeGreaterThan(0);
    }
    expect(pairs.filter((pair) => pair.repeat).length).toBeGreaterThanOrEqual(20);
    expect(pairs.filter((pair) => !pair.repeat).length).toBeGreaterThanOrEqual(20);
  });

  it('reaches precision ≥ 0.9 and recall ≥ 0.8 at the default threshold', () => {
    const diagnostics = checkReports(reports, config, { rules: [possibleRepeat] });
    const flagged = new Set(diagnostics.map((diagnostic) => `${reportId(diagnostic.file)} < ${reportId(diagnostic.cause!.file)}`));
    const labelled = new Map(pairs.map((pair) => [`${pair.later} < ${pair.earlier}`, pair.repeat]));
    let truePositives = 0;
    let falsePositives = 0;
    const falseAlarms: string[] = [];
    for (const key of flagged) {
      // A flagged pair outside the labelled pairs would be a bug (no shared service, or wrong order).
      expect(labelled.has(key), key).toBe(true);
      if (labelled.get(key)) truePositives++;
      else {
        falsePositives++;
        falseAlarms.push(key);
      }
    }
    const repeats = pairs.filter((pair) => pair.repeat);
    const missed = repeats.filter((pair) => !flagged.has(`${pair.later} < ${pair.earlier}`)).map((pair) => `${pair.later} < ${pair.earlier}`);
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / repeats.length;
    console.info(
      [
        `possible-repeat, labelled set (threshold ${config.repeats.threshold}): ${repeats.length} repeat pairs, ${pairs.length - repeats.length} non-repeat pairs sharing a service`,
        `  precision ${precision.toFixed(3)} (${truePositives}/${truePositives + falsePositives}), recall ${recall.toFixed(3)} (${truePositives}/${repeats.length})`,
        ...falseAlarms.map((key) => `  false alarm: ${key}`),
        ...missed.map((key) => `  missed: ${key}`),
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });
});

const dfds = join(corpusFolder, 'dfds__postmortems');

describeWithCorpus(
  'possible-repeat on the dfds corpus',
  () => {
    /**
     * The dfds reports have no frontmatter: the id and title come from the file,
     * the date from the first `YYYY-MM-DD` in it (the timeline), and all share one
     * service (one platform team), which compares every pair: the hardest setting.
     */
    const documents: SimilarityDocument[] = readdirSync(dfds)
      .filter((name) => /^PM\d{4}-\d{3} /.test(name))
      .sort()
      .map((name) => {
        const text = readFileSync(join(dfds, name), 'utf8');
        const report = parseReport(name, text, config);
        const id = name.split(' ')[0]!;
        return {
          id,
          date: /\b20\d\d-\d\d-\d\d\b/.exec(text)?.[0] ?? `${id.slice(2, 6)}-01-01`,
          services: ['platform'],
          title: /^# (.+)$/m.exec(text)?.[1]?.trim() ?? id,
          ...sectionTexts(report.tree, report),
        };
      });
    const all = findSimilarPairs(documents, { threshold: 0 });
    const flagged = all.filter((pair) => pair.score >= config.repeats.threshold).sort((left, right) => right.score - left.score);
    const titleOf = new Map(documents.map((document) => [document.id, document.title]));

    it('reads the 39 reports', () => {
      expect(documents).toHaveLength(39);
    });

    it('flags few pairs, among them the same-title Flux incidents and the acknowledged 503 repeat', () => {
      const rank = (later: string, earlier: string) =>
        [...all].sort((left, right) => right.score - left.score).findIndex((pair) => pair.later === later && pair.earlier === earlier) + 1;
      const scoreOf = (later: string, earlier: string) => all.find((pair) => pair.later === later && pair.earlier === earlier)?.score ?? 0;
      console.info(
        [
          `possible-repeat, dfds corpus (threshold ${config.repeats.threshold}): ${documents.length} reports, ${all.length} pairs with a shared word, ${flagged.length} flagged`,
          ...flagged.map((pair) => `  ${pair.score.toFixed(3)} ${pair.later} “${titleOf.get(pair.later)}” < ${pair.earlier} “${titleOf.get(pair.earlier)}”`),
          `  PM2021-006 < PM2021-005: ${scoreOf('PM2021-006', 'PM2021-005').toFixed(3)} (rank ${rank('PM2021-006', 'PM2021-005')})`,
          `  PM2021-007 < PM2021-006: ${scoreOf('PM2021-007', 'PM2021-006').toFixed(3)} (rank ${rank('PM2021-007', 'PM2021-006')})`,
          `  PM2021-007 < PM2021-005: ${scoreOf('PM2021-007', 'PM2021-005').toFixed(3)} (rank ${rank('PM2021-007', 'PM2021-005')})`,
        ].join('\n'),
      );
      const keys = flagged.map((pair) => `${pair.later} < ${pair.earlier}`);
      expect(keys).toContain('PM2021-003 < PM2021-002');
      // PM2021-006 says it is the second occurrence of PM2021-005: among the ~700 pairs it ranks near the top.
      expect(rank('PM2021-006', 'PM2021-005')).toBeLessThanOrEqual(5);
      // PM2021-007 says it had the same symptoms but another root cause: related, scored lower than the true repeat.
      expect(scoreOf('PM2021-007', 'PM2021-006')).toBeLessThan(scoreOf('PM2021-006', 'PM2021-005'));
      // Warnings stay rare: at most one in a hundred pairs.
      expect(flagged.length).toBeLessThanOrEqual(Math.ceil((documents.length * (documents.length - 1)) / 2 / 100));
    });
  },
  dfds,
);
