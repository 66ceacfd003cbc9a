/**
 * `/factors/` (src/lib/site/factors.ts) and what contributing factors and
 * `impact.mitigated` add to `/stats/` (src/lib/site/factor-stats.ts).
 */
import { describe, expect, test } from 'vitest';
import { report } from '../../src/lib/rules/examples.ts';
import { factorBoxPlots, factorStats } from '../../src/lib/site/factor-stats.ts';
import { factorLinks, factorReportsShown, factorsPage } from '../../src/lib/site/factors.ts';
import { makeConfig } from '../helpers.ts';
import { siteOf } from './site-of.ts';

/**
 * A report of `date` naming `factors`, lasting `minutes` (from 10:00), optionally
 * mitigated after `mitigated` minutes and repeating `repeats`.
 */
function incident(
  date: string,
  slug: string,
  factors: string[],
  minutes: number,
  options: { mitigated?: number; repeats?: string } = {},
): Record<string, string> {
  const clock = (offset: number) => `${date}T${String(10 + Math.floor(offset / 60)).padStart(2, '0')}:${String(offset % 60).padStart(2, '0')}`;
  const extra = `factors: [${factors.join(', ')}]\n${options.repeats ? `repeat_of: [${options.repeats}]\n` : ''}`;
  let text = report({ date, title: `Incident ${slug}`, extra }).replace(`  end: ${date}T10:42\n`, `  end: ${clock(minutes)}\n`);
  if (options.mitigated !== undefined)
    text = text.replace(`  end: ${clock(minutes)}\n`, `  end: ${clock(minutes)}\n  mitigated: ${clock(options.mitigated)}\n`);
  return { [`postmortems/${date}-${slug}.md`]: text };
}

const files = {
  ...incident('2022-03-01', 'deploy-one', ['deploy'], 30, { mitigated: 10 }),
  ...incident('2022-08-01', 'cert', ['expired-credential', 'monitoring-gap'], 120),
  ...incident('2024-02-01', 'deploy-two', ['deploy', 'configuration-change'], 60, { mitigated: 20, repeats: '2022-03-01-deploy-one' }),
  ...incident('2024-04-01', 'deploy-three', ['configuration-change'], 90, { mitigated: 45, repeats: '2024-02-01-deploy-two' }),
  ...incident('2024-05-01', 'plain', [], 42),
};

describe('factorsPage', () => {
  const site = siteOf(files);
  const page = factorsPage(site);
  const byId = new Map(page.factors.map((factor) => [factor.id, factor]));

  test('lists every configured factor in order, with its count and newest reports', () => {
    expect(page.factors.map((factor) => [factor.id, factor.label, factor.count])).toEqual([
      ['deploy', 'Deploy', 2],
      ['configuration-change', 'Configuration change', 2],
      ['capacity', 'Capacity', 0],
      ['dependency', 'Dependency', 0],
      ['expired-credential', 'Expired credential', 1],
      ['monitoring-gap', 'Monitoring gap', 1],
      ['manual-operation', 'Manual operation', 0],
    ]);
    expect(page).toMatchObject({ withFactors: 4, total: 5, yearsLabel: '2022 to 2024', recurringHref: '/recurring/' });
    const deploy = byId.get('deploy')!;
    expect(deploy).toMatchObject({
      anchor: 'factor-deploy',
      href: '/factors/#factor-deploy',
      description: 'A release or rollout of code changed behaviour.',
      moreReports: 0,
    });
    expect(deploy.reports).toEqual([
      { id: '2024-02-01-deploy-two', href: '/postmortems/2024-02-01-deploy-two/', title: 'Incident deploy-two', date: '2024-02-01', dateLabel: 'Feb 1, 2024' },
      { id: '2022-03-01-deploy-one', href: '/postmortems/2022-03-01-deploy-one/', title: 'Incident deploy-one', date: '2022-03-01', dateLabel: 'Mar 1, 2022' },
    ]);
  });

  test('counts each factor per year over the same years, empty years included, as a chart and its table', () => {
    const chart = byId.get('deploy')!.perYear!;
    expect(chart.rows).toEqual([
      { label: '2022', cells: ['1'] },
      { label: '2023', cells: ['0'] },
      { label: '2024', cells: ['1'] },
    ]);
    expect(chart).toMatchObject({ id: 'factor-deploy-years', title: 'Deploy: incidents per year, column chart', columns: ['Year', 'Incidents'] });
    expect(chart.description).toBe('2 incidents from 2022 to 2024; most in 2022, 2024 (1).');
    expect(chart.geometry.columns.map((column) => column.value)).toEqual([1, 0, 1]);
    expect(byId.get('capacity')!.perYear).toBeUndefined();
  });

  test('finds the repeat chains in which a factor comes back, linked to /recurring/', () => {
    // One chain of three: deploy in the first two, configuration-change in the last two.
    const [deployChain] = byId.get('deploy')!.chains;
    expect(deployChain).toMatchObject({ title: 'Incident deploy-one', length: 3 });
    expect(deployChain!.href).toMatch(/^\/recurring\/#chain-/);
    expect(deployChain!.occurrences.map((occurrence) => occurrence.id)).toEqual(['2022-03-01-deploy-one', '2024-02-01-deploy-two']);
    expect(byId.get('configuration-change')!.chains[0]!.occurrences.map((occurrence) => occurrence.id)).toEqual([
      '2024-02-01-deploy-two',
      '2024-04-01-deploy-three',
    ]);
    // Named by one report of a chain only: not a repeat of the factor.
    expect(byId.get('expired-credential')!.chains).toEqual([]);
  });

  test('lists at most `factorReportsShown` reports and counts the rest', () => {
    const many = Object.assign(
      {},
      ...Array.from({ length: factorReportsShown + 3 }, (_, index) =>
        incident(`2023-01-${String(index + 1).padStart(2, '0')}`, `cap-${index}`, ['capacity'], 30),
      ),
    );
    const capacity = factorsPage(siteOf(many)).factors.find((factor) => factor.id === 'capacity')!;
    expect(capacity.count).toBe(factorReportsShown + 3);
    expect(capacity.reports).toHaveLength(factorReportsShown);
    expect(capacity.moreReports).toBe(3);
    expect(capacity.reports[0]!.date).toBe('2023-01-23');
  });

  test('follows a configured taxonomy, its labels and the base path', () => {
    const config = makeConfig({
      factors: ['deploy', { id: 'vendor-outage', label: 'Vendor outage', description: 'A SaaS we rely on went down.' }],
      site: { base: '/docs/' },
    });
    const configured = siteOf(incident('2024-02-01', 'saas', ['vendor-outage'], 30), { config });
    expect(factorsPage(configured).factors.map((factor) => [factor.id, factor.label, factor.count, factor.href])).toEqual([
      ['deploy', 'Deploy', 0, '/docs/factors/#factor-deploy'],
      ['vendor-outage', 'Vendor outage', 1, '/docs/factors/#factor-vendor-outage'],
    ]);
    expect(factorLinks(configured, ['vendor-outage', 'unknown'])).toEqual([
      { id: 'vendor-outage', label: 'Vendor outage', href: '/docs/factors/#factor-vendor-outage' },
    ]);
  });

  test('says nothing about years when no report names a factor', () => {
    const none = factorsPage(siteOf(incident('2024-05-01', 'plain', [], 42)));
    expect(none).toMatchObject({ withFactors: 0, total: 1 });
    expect(none.yearsLabel).toBeUndefined();
    expect(none.factors.every((factor) => factor.count === 0 && factor.perYear === undefined)).toBe(true);
  });
});

describe('factorStats (/stats/)', () => {
  const stats = factorStats(siteOf(files));

  test('gives time to mitigate as a distribution beside time to detect', () => {
    // 10, 20 and 45 minutes.
    expect(stats.timeToMitigate).toMatchObject({ id: 'time-to-mitigate', count: 3, medianLabel: '20 m', title: 'Time to mitigate: box plot' });
    expect(stats.timeToMitigate!.rows.map((row) => [row.label, row.cells[0]])).toEqual([
      ['Minimum', '10 m'],
      ['Lower quartile (25%)', '15 m'],
      ['Median', '20 m'],
      ['Upper quartile (75%)', '32 m'],
      ['Maximum', '45 m'],
    ]);
    expect(stats.factorsHref).toBe('/factors/');
  });

  test('breaks durations down by factor: median and quartiles, factors without durations left out', () => {
    const byFactor = stats.byFactor!;
    expect(byFactor.columns).toEqual(['Factor', 'Median', 'Middle half']);
    expect(byFactor.rows).toEqual([
      // deploy: 30 and 60 minutes; configuration-change: 60 and 90; the certificate: 120.
      { label: 'Deploy (2 reports)', cells: ['45 m', '37 m to 52 m'] },
      { label: 'Configuration change (2 reports)', cells: ['1 h 15 m', '1 h 7 m to 1 h 22 m'] },
      { label: 'Expired credential (1 report)', cells: ['2 h', '2 h to 2 h'] },
      { label: 'Monitoring gap (1 report)', cells: ['2 h', '2 h to 2 h'] },
    ]);
    expect(byFactor.description).toMatch(/^4 factors; Deploy: median 45 m over 2 reports; .*Longest median: Expired credential\.$/);
    expect(byFactor.geometry.rows.map((row) => row.label)).toEqual(['Deploy', 'Configuration change', 'Expired credential', 'Monitoring gap']);
  });

  test('has neither figure without mitigation times or factors', () => {
    const plain = factorStats(siteOf(incident('2024-05-01', 'plain', [], 42)));
    expect(plain.timeToMitigate).toBeUndefined();
    expect(plain.byFactor).toBeUndefined();
  });
});

describe('factorBoxPlots', () => {
  test('puts every box on one axis from 0 with round duration ticks, one row each', () => {
    const chart = factorBoxPlots([
      { label: 'Deploy', values: [30, 60] },
      { label: 'Capacity', values: [120] },
    ]);
    // As many ticks as their labels have room for beside the names.
    expect(chart.ticks.map((tick) => tick.label)).toEqual(['0', '1 h', '2 h']);
    const [deploy, capacity] = chart.rows;
    const quarter = chart.plot.left + (chart.plot.right - chart.plot.left) / 4;
    expect(deploy).toMatchObject({ label: 'Deploy', count: 2, minimum: Math.round(quarter * 100) / 100, maximum: chart.ticks[1]!.position, middle: 21 });
    expect(capacity).toMatchObject({ minimum: chart.plot.right, median: chart.plot.right, middle: 55 });
    expect(chart.height).toBe(chart.plot.bottom + 28);
    // Long names widen the chart, not squeeze the plot; past 200 units they are shortened.
    const long = factorBoxPlots([{ label: 'A very long contributing factor name indeed, longer than any', values: [5] }]);
    expect(long.plot.left).toBe(200);
    expect(long.rows[0]!.shownLabel.endsWith('…')).toBe(true);
  });
});
