/**
 * src/lib/site: the view models every page shows, built from parsed reports.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import type { Config } from '../../src/lib/config.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { rules } from '../../src/lib/rules/index.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { formatDay, formatDuration, formatElapsed } from '../../src/lib/site/format.ts';
import { createLinks, joinBase, slugMap } from '../../src/lib/site/links.ts';
import { actionsPage } from '../../src/lib/site/actions-view.ts';
import { actionTitle, shorten, toSiteReport, type SiteReport } from '../../src/lib/site/report.ts';
import { formatWindow, reportPage, windowEnds } from '../../src/lib/site/report-page.ts';
import { ruleViews } from '../../src/lib/site/rules.ts';
import { buildSite, feedItems, feedLength, navigationCurrent, severityView, type Site } from '../../src/lib/site/site.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const now = new Date('2024-06-01T12:00:00Z');

/** Parses, checks and projects in-memory reports, as the content loader does. */
function siteReports(files: Record<string, string>, config: Config = makeConfig()): SiteReport[] {
  const parsed = parseFiles(files, config);
  const diagnostics = checkReports(parsed, config, { now });
  const graph = corpusGraph(parsed, config);
  return parsed.map((one) => toSiteReport({ report: one, diagnostics: diagnostics.filter((diagnostic) => diagnostic.file === one.path), graph, config })!);
}

const body = (actions: string, overview = 'The API returned errors for every request.') => `# API down

## Overview

${overview}

## Impact

All API clients failed.

## Timeline

- 10:00 Deploy starts.
- 10:05 Alert fires.
- 10:42 Rollback completes.

## Resolution

Rolled back.

## Action Items

${actions}
`;

const files = {
  'postmortems/2024-03-01-api-down.md': report({
    extra: 'tags: [deploy, Data Platform]\n',
    body: body(
      '- [ ] Add a canary stage: acme/api#101 @alice due: 2024-05-01\n- [x] Roll back faster: acme/api#102 @bob\n- [ ] Page the owner: acme/api#103 due: 2024-07-01',
    ),
  }),
  'postmortems/2024-03-08-api-down-again.md': report({
    date: '2024-03-08',
    severity: 'sev1',
    extra: 'repeat_of: [2024-03-01-api-down]\nrelated: [https://status.example.com/incidents/7]\ntags: [deploy]\n',
    body: body('- [ ] Block deploys without a canary: acme/api#110', 'Same failure as last week: <b>again</b> the API failed.'),
  }),
  'postmortems/2024-02-01-db-slow.md': report({
    date: '2024-02-01',
    severity: 'sev4',
    extra: 'related: [2024-03-01-api-down]\n',
    body: body('- [x] Add an index: acme/db#5'),
  }),
};

/** A stored body's HTML pieces joined, its structured parts as markers (`[timeline]`). */
function bodyHtml(stored: SiteReport): string {
  return stored.body.map((part) => ('html' in part ? part.html : `[${part.slot}]`)).join('');
}

function sampleSite(base?: string): Site {
  return buildSite({ reports: siteReports(files), config: makeConfig(base ? { site: { base } } : {}), now });
}

describe('stored reports', () => {
  test('are plain JSON data', () => {
    for (const stored of siteReports(files)) expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
  });

  test('carry the impact window as instants, the summary as text and the body as sanitized HTML', () => {
    const [first] = siteReports({
      'postmortems/2024-03-01-api-down.md': report({
        extra: 'timezone: America/Toronto\n',
        body: body('- [ ] x: acme/api#1', 'Errors <script>alert(1)</script> for **42** minutes.'),
      }),
    });
    expect(first!.instants).toEqual({ start: '2024-03-01T15:00:00.000Z', end: '2024-03-01T15:42:00.000Z' });
    expect(first!.summary).toBe('Errors for 42 minutes.');
    expect(bodyHtml(first!)).not.toContain('<script');
    expect(bodyHtml(first!)).toContain('<h2 id="overview">Overview</h2>');
    expect(bodyHtml(first!)).not.toContain('API down</h');
  });

  test('link GitHub references in the body with the project configuration (`#7` needs `github.repository`)', () => {
    const input = { 'postmortems/2024-03-01-api-down.md': report({ body: body('- [ ] x: acme/api#1', 'Broken by acme/api#100 and #7.') }) };
    const config = makeConfig({ github: { url: 'https://git.example.com', repository: 'acme/api' } });
    expect(bodyHtml(siteReports(input, config)[0]!)).toContain(
      'Broken by <a href="https://git.example.com/acme/api/issues/100">acme/api#100</a> and <a href="https://git.example.com/acme/api/issues/7">#7</a>.',
    );
    expect(bodyHtml(siteReports(input)[0]!)).toContain('Broken by <a href="https://github.com/acme/api/issues/100">acme/api#100</a> and #7.');
  });

  test('an action item title leaves out its references, owner and due date', () => {
    expect(
      actionTitle({
        text: 'Add a canary stage: acme/api#101 @alice due: 2024-05-01',
        references: [{ raw: 'acme/api#101' }],
        owner: 'alice',
        due: '2024-05-01',
      }),
    ).toBe('Add a canary stage');
    expect(actionTitle({ text: 'Rotate keys (acme/ops#4)', references: [{ raw: 'acme/ops#4' }] })).toBe('Rotate keys');
    expect(actionTitle({ text: 'acme/ops#4', references: [{ raw: 'acme/ops#4' }] })).toBe('acme/ops#4');
  });

  test('an action item title leaves out each reference where a pattern `(?:\\(\\s*)?raw(?:\\s*\\))?` would, first match only', () => {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const byPattern = (text: string, raws: string[]) =>
      actionTitle({ text: raws.reduce((title, raw) => title.replace(new RegExp(`(?:\\(\\s*)?${escape(raw)}(?:\\s*\\))?`), ' '), text), references: [] });
    const pieces = fc.constantFrom('(', ')', ' ', '\t', '#4', 'acme/ops#4', '#12', 'fix', ':', '\u00a0');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), fc.array(fc.constantFrom('#4', 'acme/ops#4', '#12'), { maxLength: 3 }), (parts, raws) => {
        // A word first, so that the title is never empty (an empty one falls back to the whole text).
        const text = `Rotate ${parts.join('')}`;
        expect(actionTitle({ text, references: raws.map((raw) => ({ raw })) })).toBe(byPattern(text, raws));
      }),
      { numRuns: 2000 },
    );
  });

  test('summaries are shortened at a word', () => {
    expect(shorten('one two three four', 12)).toBe('one two…');
    expect(shorten('short', 12)).toBe('short');
  });
});

describe('the site model', () => {
  test('lists reports newest first, with duration, severity tone, open items and repeat badges', () => {
    const site = sampleSite();
    expect(site.rows.map((row) => row.id)).toEqual(['2024-03-08-api-down-again', '2024-03-01-api-down', '2024-02-01-db-slow']);
    const [again, first, db] = site.rows;
    expect(again).toMatchObject({ duration: '42 m', severity: { name: 'sev1', tone: 1 }, isRepeat: true, openActions: 1, dateLabel: 'Mar 8, 2024' });
    expect(first).toMatchObject({ isRepeat: false, repeatedByCount: 1, openActions: 2, totalActions: 3, severity: { tone: 2 } });
    expect(db).toMatchObject({ openActions: 0, severity: { tone: 4 } });
  });

  test('every link goes through the base path', () => {
    const site = sampleSite('/postmortems');
    expect(site.links.home).toBe('/postmortems/');
    expect(site.rows[0]!.href).toBe('/postmortems/postmortems/2024-03-08-api-down-again/');
    expect(site.tags.map((tag) => tag.href)).toEqual(['/postmortems/tags/data-platform/', '/postmortems/tags/deploy/']);
    expect(site.navigation.every((item) => item.href.startsWith('/postmortems/'))).toBe(true);
    const views = ruleViews(rules, site.config, site.links);
    expect(views.every((view) => view.href.startsWith('/postmortems/rules/'))).toBe(true);
  });

  test('the navigation marks the page itself as `page` and the section of a page inside it as `true`', () => {
    const site = sampleSite('/hindsight');
    const marks = (section: string | undefined, pathname: string) =>
      site.navigation.flatMap((item) => {
        const current = navigationCurrent(item, section, pathname);
        return current ? [`${item.key}=${current}`] : [];
      });
    expect(marks('actions', '/hindsight/actions/')).toEqual(['actions=page']);
    expect(marks('actions', '/hindsight/actions/open/')).toEqual(['actions=true']);
    expect(marks('reports', '/hindsight/')).toEqual(['reports=page']);
    expect(marks('reports', '/hindsight/postmortems/2024-03-01-api-down/')).toEqual(['reports=true']);
    expect(marks('services', '/hindsight/services/api/')).toEqual(['services=true']);
    expect(marks(undefined, '/hindsight/search/')).toEqual([]);
  });

  test('services and tags list their reports newest first', () => {
    const site = sampleSite();
    const deploy = site.tags.find((tag) => tag.name === 'deploy')!;
    expect(deploy.rows.map((row) => row.id)).toEqual(['2024-03-08-api-down-again', '2024-03-01-api-down']);
    expect(deploy).toMatchObject({ count: 2, latestLabel: 'Mar 8, 2024', openActions: 3, slug: 'deploy' });
    expect(site.services).toHaveLength(1);
  });

  test('a report page shows the repeat, its open items, and backlinks both ways', () => {
    const site = sampleSite();
    const again = reportPage(site, '2024-03-08-api-down-again')!;
    expect(again.repeatOf.map((linked) => linked.id)).toEqual(['2024-03-01-api-down']);
    expect(again.repeatOf[0]!.openActions.map((item) => item.title)).toEqual(['Add a canary stage', 'Page the owner']);
    expect(again.external).toEqual([{ kindLabel: 'Related', label: 'https://status.example.com/incidents/7', href: 'https://status.example.com/incidents/7' }]);
    const first = reportPage(site, '2024-03-01-api-down')!;
    expect(first.repeatedBy.map((linked) => linked.id)).toEqual(['2024-03-08-api-down-again']);
    expect(first.related.map((linked) => linked.id)).toEqual(['2024-02-01-db-slow']);
    expect(reportPage(site, '2024-02-01-db-slow')!.related.map((linked) => linked.id)).toEqual(['2024-03-01-api-down']);
    expect(reportPage(site, 'no-such-report')).toBeUndefined();
  });

  test('a report page has the impact window in its zone and in UTC, duration and the timeline with elapsed time', () => {
    const reports = siteReports({
      'postmortems/2022-09-07-hub.md': report({
        date: '2022-09-07',
        extra: 'timezone: America/Toronto\n',
        body: body('- [ ] x: acme/api#1'),
      }).replace('end: 2022-09-07T10:42', 'end: 2022-09-07T10:42\n  detected: 2022-09-07T10:05'),
    });
    const page = reportPage(buildSite({ reports, config: makeConfig(), now }), '2022-09-07-hub')!;
    expect(page.facts).toMatchObject({
      zone: 'America/Toronto',
      windowLocal: '2022-09-07 10:00 – 10:42 EDT',
      windowUtc: '2022-09-07 14:00 – 14:42 UTC',
      duration: '42 m',
      timeToDetect: '5 m',
      detectedLocal: '2022-09-07 10:05 EDT',
      ongoing: false,
    });
    expect(page.timeline!.zoneLabel).toBe('America/Toronto (EDT)');
    expect(page.timeline!.days).toHaveLength(1);
    expect(page.timeline!.days[0]!.label).toBe('Sep 7, 2022');
    expect(page.timeline!.days[0]!.entries.map((entry) => [entry.time, entry.elapsed, entry.text])).toEqual([
      ['10:00', '+0 m', 'Deploy starts.'],
      ['10:05', '+5 m', 'Alert fires.'],
      ['10:42', '+42 m', 'Rollback completes.'],
    ]);
  });

  test("without a `timezone`, the page shows the zone the core reads the times in: the impact times' common offset", () => {
    const timeline = '- 23:10 Deploy starts.\n- 2026-11-21 00:20 Alert fires.\n- 2026-11-21 01:35 Rollback completes.';
    const text = report({ date: '2026-11-20', body: body('- [ ] x: acme/api#1').replace(/- 10:00[\s\S]*?completes\./, timeline) })
      .replace('start: 2026-11-20T10:00', 'start: 2026-11-20T23:10+01:00')
      .replace('end: 2026-11-20T10:42', 'end: 2026-11-21T01:35+01:00');
    const site = buildSite({ reports: siteReports({ 'postmortems/2026-11-20-late-deploy.md': text }), config: makeConfig(), now });
    const page = reportPage(site, '2026-11-20-late-deploy')!;
    expect(page.facts).toMatchObject({
      zone: '+01:00',
      windowLocal: '2026-11-20 23:10 +01:00 – 2026-11-21 01:35 +01:00',
      windowLocalEnds: { from: '2026-11-20 23:10 +01:00', to: '2026-11-21 01:35 +01:00' },
      windowUtc: '2026-11-20 22:10 UTC – 2026-11-21 00:35 UTC',
      windowUtcEnds: { from: '2026-11-20 22:10 UTC', to: '2026-11-21 00:35 UTC' },
      duration: '2 h 25 m',
    });
    expect(page.timeline!.days.map((day) => [day.label, day.entries.map((entry) => [entry.time, entry.elapsed])])).toEqual([
      ['Nov 20, 2026', [['23:10', '+0 m']]],
      [
        'Nov 21, 2026',
        [
          ['00:20', '+1 h 10 m'],
          ['01:35', '+2 h 25 m'],
        ],
      ],
    ]);
    // A written `timezone` still wins over the impact times' offset.
    const written = siteReports({ 'postmortems/2026-11-20-late-deploy.md': text.replace('services: [api]', 'services: [api]\ntimezone: UTC') });
    expect(reportPage(buildSite({ reports: written, config: makeConfig(), now }), '2026-11-20-late-deploy')!.facts.zone).toBe('UTC');
  });

  test('a draft with only an overview still makes a page: marked as a draft, no timeline, items "None yet"', () => {
    const draft = report({ status: 'draft', body: '# API down\n\n## Overview\n\nStill being written.\n' }).replace(/^impact:\n(?: {2}.*\n)+/m, '');
    const site = buildSite({ reports: siteReports({ 'postmortems/2024-03-01-api-down.md': draft }), config: makeConfig(), now });
    const page = reportPage(site, '2024-03-01-api-down')!;
    expect(page).toMatchObject({ draft: true, actionSummary: 'None yet', actionGroups: [] });
    expect(page.timeline).toBeUndefined();
    expect(page.body.every((part) => part.kind === 'html')).toBe(true);
    expect(page.facts).toEqual({ zone: 'UTC', ongoing: false });
    expect(page.row).toMatchObject({ summary: 'Still being written.', totalActions: 0 });
    // Its missing sections are warnings the page lists.
    expect(page.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('required-section');
    // A report with items says how many are open.
    expect(reportPage(sampleSite(), '2024-03-01-api-down')).toMatchObject({ draft: false, actionSummary: '2 open of 3' });
  });

  test('/actions/ lists open items first, overdue ones first among them, with their report', () => {
    const { open, done } = actionsPage(sampleSite());
    expect(open.map((item) => [item.title, item.overdue])).toEqual([
      ['Add a canary stage', true],
      ['Page the owner', false],
      ['Block deploys without a canary', false],
    ]);
    expect(open[0]).toMatchObject({ owner: 'alice', dueLabel: 'May 1, 2024', state: 'open', report: { id: '2024-03-01-api-down', dateLabel: 'Mar 1, 2024' } });
    expect(open[0]!.references).toEqual([
      { raw: 'acme/api#101', label: 'acme/api#101', href: 'https://github.com/acme/api/issues/101', github: { owner: 'acme', repo: 'api', number: 101 } },
    ]);
    expect(done.map((item) => item.title).sort()).toEqual(['Add an index', 'Roll back faster']);
  });

  test('the feed has the newest reports (every one of a small site), newest first, linked under the base path', () => {
    const items = feedItems(sampleSite('/docs/'));
    expect(items.map((item) => item.link)).toEqual([
      '/docs/postmortems/2024-03-08-api-down-again/',
      '/docs/postmortems/2024-03-01-api-down/',
      '/docs/postmortems/2024-02-01-db-slow/',
    ]);
    expect(items[0]!.pubDate.toISOString()).toBe('2024-03-08T10:00:00.000Z');
    // A long history: only the newest, in the same order.
    expect(feedItems(sampleSite('/docs/'), 2).map((item) => item.link)).toEqual(items.slice(0, 2).map((item) => item.link));
    const one = siteReports(files)[0]!;
    const many = buildSite({
      reports: Array.from({ length: feedLength + 10 }, (_, index) => ({ ...one, id: `2024-03-01-api-down-${index}` })),
      config: makeConfig(),
      now,
    });
    expect(feedItems(many)).toHaveLength(feedLength);
  });

  test('rule pages carry the docs and the examples the tests run', () => {
    const site = sampleSite();
    const reference = ruleViews(rules, makeConfig({ rules: { reference: 'warn' } }), site.links).find((view) => view.id === 'reference')!;
    expect(reference.level).toBe('warning');
    expect(reference.summaryHtml).toContain('<code>repeat_of</code>');
    expect(reference.examples.some((example) => example.passing)).toBe(true);
    expect(reference.examples.find((example) => !example.passing)!.expected[0]).toMatch(/^\d+:\d+: Unexpected/);
  });

  test("a rule example's image file is shown by its name alone: it only needs to exist", () => {
    const image = ruleViews(rules, makeConfig(), sampleSite().links).find((view) => view.id === 'image')!;
    const passing = image.examples.find((example) => example.passing)!;
    expect(passing.files.map((file) => [file.path, file.contentless])).toEqual([
      ['postmortems/2024-03-01-api-down.md', false],
      ['postmortems/images/error-rate.png', true],
    ]);
  });
});

describe('formatting', () => {
  test('durations, elapsed times and days', () => {
    expect(formatDuration(42 * 60_000)).toBe('42 m');
    expect(formatDuration((5 * 60 + 23) * 60_000)).toBe('5 h 23 m');
    expect(formatDuration(2 * 3600_000)).toBe('2 h');
    expect(formatDuration(51 * 60 * 60_000)).toBe('2 d 3 h');
    expect(formatDuration(30_000)).toBe('< 1 m');
    expect(formatElapsed(-5 * 60_000)).toBe('−5 m');
    expect(formatElapsed(0)).toBe('+0 m');
    expect(formatDay('2022-09-07')).toBe('Sep 7, 2022');
  });

  test('an impact window across midnight or a clock change names both ends', () => {
    expect(formatWindow(new Date('2022-09-08T03:30:00Z'), new Date('2022-09-08T05:10:00Z'), 'America/Toronto')).toBe(
      '2022-09-07 23:30 EDT – 2022-09-08 01:10 EDT',
    );
    expect(formatWindow(new Date('2022-11-06T05:30:00Z'), new Date('2022-11-06T07:00:00Z'), 'America/Toronto')).toBe(
      '2022-11-06 01:30 EDT – 2022-11-06 02:00 EST',
    );
    expect(formatWindow(new Date('2022-09-07T09:25:00Z'), undefined, 'UTC')).toBe('2022-09-07 09:25 UTC – ongoing');
    // The ends a page keeps each on one line: the range is exactly the two joined by ` – `.
    expect(windowEnds(new Date('2022-09-07T09:25:00Z'), new Date('2022-09-07T14:48:00Z'), 'America/Toronto')).toEqual({
      from: '2022-09-07 05:25',
      to: '10:48 EDT',
    });
    expect(windowEnds(new Date('2022-09-08T03:30:00Z'), new Date('2022-09-08T05:10:00Z'), 'America/Toronto')).toEqual({
      from: '2022-09-07 23:30 EDT',
      to: '2022-09-08 01:10 EDT',
    });
    expect(windowEnds(new Date('2022-09-07T09:25:00Z'), undefined, 'UTC')).toEqual({ from: '2022-09-07 09:25 UTC', to: 'ongoing' });
  });

  test('severities spread over four tones, most severe first', () => {
    const scale = ['critical', 'high', 'medium', 'low', 'info', 'none', 'trivial'];
    expect(scale.map((name) => severityView(name, scale).tone)).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect(severityView('unknown', scale).tone).toBe(4);
    expect(severityView('only', ['only']).tone).toBe(1);
  });

  test('slugs are unique and stable, and the base path is joined once', () => {
    expect([...slugMap(['API', 'api', 'Data Platform', '!!!'])]).toEqual([
      ['!!!', 'item'],
      ['API', 'api'],
      ['Data Platform', 'data-platform'],
      ['api', 'api-2'],
    ]);
    expect(joinBase('/', 'tags/')).toBe('/tags/');
    expect(joinBase('/docs', '/tags/')).toBe('/docs/tags/');
    const links = createLinks('/docs/', { services: new Map(), tags: new Map() });
    expect(links.report('2024-01-01 odd#id')).toBe('/docs/postmortems/2024-01-01%20odd%23id/');
    expect(links.path('pagefind/pagefind.js')).toBe('/docs/pagefind/pagefind.js');
  });
});

describe('timeline entries that cannot be placed in time', () => {
  test('reach the site in document order, marked `unplaced`, with the time as written', () => {
    const text = report({
      body: body('- [ ] Add a canary stage: acme/api#101').replace(
        /## Timeline\n\n[\s\S]*?\n\n(?=## )/,
        '## Timeline\n\n- 10:00 Deploy starts.\n- [unknown] Cache flushed.\n- 10:?? Alert.\n- 10:42 Rollback.\n\n',
      ),
    });
    const [site] = siteReports({ 'postmortems/2024-03-01-api-down.md': text });
    expect(site!.timeline.map(({ time, text: event, instant, unplaced }) => ({ time, event, instant, unplaced }))).toEqual([
      { time: '10:00', event: 'Deploy starts.', instant: '2024-03-01T10:00:00.000Z', unplaced: undefined },
      { time: 'unknown', event: 'Cache flushed.', instant: undefined, unplaced: 'unknown' },
      { time: '10:??', event: 'Alert.', instant: undefined, unplaced: 'unreadable' },
      { time: '10:42', event: 'Rollback.', instant: '2024-03-01T10:42:00.000Z', unplaced: undefined },
    ]);
  });
});
