/**
 * Action items' state on the site (src/lib/site/action-states.ts and
 * action-pages.ts, src/astro/github-state.ts): GitHub's state from the cache,
 * the checkbox when it is not known, badges with their dates, and the
 * `/actions/` filter pages.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cachedGithubStates } from '../../src/astro/github-state.ts';
import { checkReports } from '../../src/lib/check.ts';
import type { Config } from '../../src/lib/config.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { lookupFromStates, type ReferenceState } from '../../src/lib/issue-state.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { actionFilters, actionRoutes, actionsFilterPage, overdueCount, ownersPage, ownersPageParams, ownerViews } from '../../src/lib/site/action-pages.ts';
import {
  actionItemTargets,
  actionState,
  stateBadge,
  syncSummary,
  trackActionItems,
  trackingOf,
  type ActionTracking,
} from '../../src/lib/site/action-states.ts';
import { toSiteReport, type SiteActionItem, type SiteReport } from '../../src/lib/site/report.ts';
import { actionsPage } from '../../src/lib/site/actions-view.ts';
import { reportPage } from '../../src/lib/site/report-page.ts';
import { buildSite } from '../../src/lib/site/site.ts';
import { makeConfig, makeProject, parseFiles } from '../helpers.ts';

const now = new Date('2024-06-01T12:00:00Z');
const fetchedAt = '2024-05-30T08:00:00.000Z';

/** A cached state, as the offline cache read returns it. */
function cached(key: string, fields: Omit<ReferenceState, 'key' | 'source'>): ReferenceState {
  return { key, source: 'cache', fetchedAt, ...fields };
}

const lookup = lookupFromStates([
  cached('acme/api#1', { state: 'open' }),
  cached('acme/api#2', { state: 'closed', reason: 'completed', closedAt: '2024-04-02T15:00:00Z' }),
  cached('acme/api#3', { state: 'closed', reason: 'not_planned', closedAt: '2024-04-03T15:00:00Z' }),
  cached('acme/api#4', { state: 'merged', kind: 'pull', closedAt: '2024-04-04T15:00:00Z', mergedAt: '2024-04-04T15:00:00Z' }),
  cached('acme/api#5', { state: 'missing' }),
  cached('acme/api#6', { state: 'closed', closedAt: '2024-04-06T15:00:00Z', fetchedAt: '2024-05-20T08:00:00.000Z' }),
]);

/** An action item naming `acme/api#<number>` for each number, with a checkbox or none. */
function item(numbers: number[], checked?: boolean): Pick<SiteActionItem, 'references' | 'checked'> {
  return {
    references: numbers.map((number) => ({
      raw: `acme/api#${number}`,
      label: `acme/api#${number}`,
      href: `https://github.com/acme/api/issues/${number}`,
      github: { owner: 'acme', repo: 'api', number },
    })),
    ...(checked === undefined ? {} : { checked }),
  };
}

const jira = { raw: 'OPS-42', label: 'OPS-42', href: 'https://acme.atlassian.net/browse/OPS-42' };

describe('the state of an action item', () => {
  test('is GitHub’s, for every state, with the dates GitHub gave', () => {
    expect(trackingOf(item([1]), lookup)).toEqual({
      state: 'open',
      done: false,
      verified: true,
      fetchedAt,
      references: [{ state: 'open', source: 'cache', fetchedAt }],
    });
    expect(trackingOf(item([2]), lookup)).toMatchObject({
      state: 'closed',
      reason: 'completed',
      done: true,
      verified: true,
      closedAt: '2024-04-02T15:00:00Z',
      fetchedAt,
    });
    expect(trackingOf(item([3]), lookup)).toMatchObject({ state: 'closed', reason: 'not_planned', done: true, closedAt: '2024-04-03T15:00:00Z' });
    expect(trackingOf(item([4]), lookup)).toMatchObject({ state: 'merged', done: true, mergedAt: '2024-04-04T15:00:00Z' });
    expect(trackingOf(item([5]), lookup)).toMatchObject({ state: 'missing', done: false, verified: true });
    expect(trackingOf(item([6]), lookup)).toMatchObject({ state: 'closed', done: true, closedAt: '2024-04-06T15:00:00Z' });
    expect(trackingOf(item([6]), lookup).reason).toBeUndefined();
  });

  test('an issue still open on GitHub keeps a ticked item open; a missing one leaves it to the checkbox', () => {
    expect(trackingOf(item([1], true), lookup).done).toBe(false);
    expect(trackingOf(item([2], false), lookup).done).toBe(true);
    expect(trackingOf(item([5], true), lookup).done).toBe(true);
    expect(trackingOf(item([5], false), lookup).done).toBe(false);
  });

  test('falls back to the checkbox, not verified, when GitHub’s state is unknown', () => {
    for (const checked of [true, false, undefined]) {
      const tracking = trackingOf(item([99], checked), lookup);
      expect(tracking).toEqual({
        state: 'unknown',
        done: checked === true,
        verified: false,
        unknownCause: 'not-synced',
        references: [{ state: 'unknown', source: 'none' }],
      });
    }
    // Without any lookup (no cache at all), the same.
    expect(trackingOf(item([1], true), undefined)).toMatchObject({ state: 'unknown', done: true, verified: false, unknownCause: 'not-synced' });
    // An item tracked outside GitHub.
    expect(trackingOf({ references: [jira], checked: true }, lookup)).toEqual({
      state: 'unknown',
      done: true,
      verified: false,
      unknownCause: 'not-on-github',
      references: [null],
    });
  });

  test('combines several references as `hindsight actions` does, with the oldest fetch and the latest closing', () => {
    expect(trackingOf(item([2, 1]), lookup)).toMatchObject({ state: 'open', done: false });
    expect(trackingOf(item([2, 99]), lookup)).toMatchObject({ state: 'unknown', verified: false, unknownCause: 'not-synced' });
    expect(trackingOf(item([2, 5]), lookup)).toMatchObject({ state: 'missing' });
    expect(trackingOf(item([4, 4]), lookup)).toMatchObject({ state: 'merged' });
    const mixed = trackingOf({ references: [...item([2, 4, 6]).references, jira] }, lookup);
    expect(mixed).toMatchObject({
      state: 'closed',
      reason: 'completed',
      done: true,
      closedAt: '2024-04-06T15:00:00Z',
      mergedAt: '2024-04-04T15:00:00Z',
      fetchedAt: '2024-05-20T08:00:00.000Z',
    });
    expect(mixed.references.map((reference) => reference?.state ?? null)).toEqual(['closed', 'merged', 'closed', null]);
    expect(trackingOf(item([3, 3]), lookup).reason).toBe('not_planned');
    expect(trackingOf(item([3, 6]), lookup).reason).toBeUndefined();
  });
});

describe('the state badge', () => {
  const badge = (tracking: ActionTracking, checked?: boolean, zone = 'UTC') => stateBadge(tracking, checked, zone);
  const words = (view: ReturnType<typeof stateBadge>) => view.notes.map((note) => (note.date ? `${note.text} ${note.date.label}` : note.text)).join(' · ');

  test('names every state in words, dated', () => {
    const open = badge(trackingOf(item([1]), lookup));
    expect(open).toMatchObject({ kind: 'open', label: 'Open', verified: true, asOf: { datetime: fetchedAt, label: 'May 30, 2024' } });
    expect(words(open)).toBe('on GitHub · as of May 30, 2024');
    expect(words(badge(trackingOf(item([1], true), lookup), true))).toBe('ticked in the report, but still open on GitHub · as of May 30, 2024');
    const closed = badge(trackingOf(item([2]), lookup));
    expect([closed.kind, closed.label, words(closed)]).toEqual(['closed', 'Closed', 'completed Apr 2, 2024 · as of May 30, 2024']);
    const notPlanned = badge(trackingOf(item([3]), lookup));
    expect([notPlanned.kind, notPlanned.label, words(notPlanned)]).toEqual(['not-planned', 'Not planned', 'closed Apr 3, 2024 · as of May 30, 2024']);
    const merged = badge(trackingOf(item([4]), lookup));
    expect([merged.kind, merged.label, words(merged)]).toEqual(['merged', 'Merged', 'merged Apr 4, 2024 · as of May 30, 2024']);
    const missing = badge(trackingOf(item([5], false), lookup), false);
    expect([missing.kind, missing.label, words(missing)]).toEqual([
      'missing',
      'Missing',
      'the issue does not exist on GitHub · not ticked in the report · as of May 30, 2024',
    ]);
  });

  test('writes dates on the day they fall in the configured zone', () => {
    const late = lookupFromStates([
      cached('acme/api#7', { state: 'closed', reason: 'completed', closedAt: '2024-04-02T02:30:00Z', fetchedAt: '2024-05-30T03:00:00Z' }),
    ]);
    expect(words(badge(trackingOf(item([7]), late), undefined, 'America/Toronto'))).toBe('completed Apr 1, 2024 · as of May 29, 2024');
    expect(words(badge(trackingOf(item([7]), late), undefined, 'UTC'))).toBe('completed Apr 2, 2024 · as of May 30, 2024');
  });

  test('shows the checkbox and says it is not verified when GitHub’s state is unknown, in one short word and its notes', () => {
    const ticked = badge(trackingOf(item([99], true), lookup), true);
    expect(ticked).toEqual({
      kind: 'unverified-done',
      label: 'Done',
      verified: false,
      notes: [{ text: 'ticked in the report' }, { text: 'not yet synced from GitHub' }],
      referenceStates: [],
    });
    expect(badge(trackingOf(item([99], false), lookup), false)).toMatchObject({ kind: 'unverified-open', label: 'Open', verified: false });
    expect(words(badge(trackingOf(item([99]), undefined)))).toBe('no checkbox in the report · not yet synced from GitHub');
    expect(words(badge(trackingOf({ references: [jira], checked: false }, lookup), false))).toBe('not ticked in the report · not tracked on GitHub');
  });

  test('gives each reference’s own state only when an item names several GitHub issues', () => {
    expect(badge(trackingOf(item([2]), lookup)).referenceStates).toEqual([]);
    expect(badge(trackingOf({ references: [...item([2, 3, 99]).references, jira] }, lookup)).referenceStates).toEqual([
      'closed',
      'closed: not planned',
      'not synced',
      null,
    ]);
  });

  test('a state without a fetch time or a closing time still says what it is', () => {
    const bare = lookupFromStates([{ key: 'acme/api#8', state: 'closed', source: 'cache' }]);
    const view = badge(trackingOf(item([8]), bare));
    expect(view.asOf).toBeUndefined();
    expect(words(view)).toBe('closed');
  });
});

describe('how fresh the states are', () => {
  test('counts verified items and dates the oldest state, in days before the build', () => {
    const badges = [item([1]), item([6]), item([99], true)].map((one) => stateBadge(trackingOf(one, lookup), one.checked, 'UTC'));
    expect(syncSummary(badges, '2024-06-01', 'UTC')).toEqual({
      verified: 2,
      unverified: 1,
      oldest: { datetime: '2024-05-20T08:00:00.000Z', label: 'May 20, 2024' },
      oldestAgeDays: 12,
    });
    expect(syncSummary([stateBadge(trackingOf(item([1]), undefined), undefined, 'UTC')], '2024-06-01', 'UTC')).toEqual({ verified: 0, unverified: 1 });
  });
});

/** Parses, checks and projects in-memory reports, as the content loader does. */
function siteReports(files: Record<string, string>, config: Config): SiteReport[] {
  const parsed = parseFiles(files, config);
  const diagnostics = checkReports(parsed, config, { now });
  const graph = corpusGraph(parsed, config);
  return parsed.map((one) => toSiteReport({ report: one, diagnostics, graph, config })!);
}

const body = (actions: string) => `# API down

## Overview

The API returned errors.

## Impact

Clients failed.

## Timeline

- 10:00 Deploy starts.
- 10:42 Rollback completes.

## Resolution

Rolled back.

## Action Items

${actions}
`;

const files = {
  'postmortems/2024-03-01-api-down.md': report({
    body: body(
      [
        '- [ ] Add a canary stage: acme/api#1 @alice due: 2024-05-01',
        '- [ ] Roll back faster: acme/api#2 due: 2024-05-01',
        '- [x] Page the owner: acme/api#1',
        '- [x] Write the runbook: https://acme.atlassian.net/browse/OPS-42',
        '- [ ] Alert on error rate: acme/api#99 due: 2024-05-15',
      ].join('\n'),
    ),
  }),
  'postmortems/2024-03-08-api-down-again.md': report({
    date: '2024-03-08',
    extra: 'repeat_of: [2024-03-01-api-down]\n',
    body: body('- [ ] Block deploys without a canary: acme/api#4'),
  }),
};

const config = makeConfig({ trackers: [{ name: 'jira', pattern: 'https://acme\\.atlassian\\.net/browse/[A-Z]+-\\d+' }], site: { base: '/docs/' } });

describe('the site model with GitHub state', () => {
  const stored = siteReports(files, config);
  const site = buildSite({ reports: trackActionItems(stored, lookup), config, now });

  test('stored reports carry each GitHub reference’s target, and never a state', () => {
    expect(actionItemTargets(stored)).toEqual([
      { owner: 'acme', repo: 'api', number: 1 },
      { owner: 'acme', repo: 'api', number: 2 },
      { owner: 'acme', repo: 'api', number: 1 },
      { owner: 'acme', repo: 'api', number: 99 },
      { owner: 'acme', repo: 'api', number: 4 },
    ]);
    expect(stored.flatMap((one) => one.actionItems).some((one) => 'tracking' in one)).toBe(false);
  });

  test('decides open and done, counts and overdue marks from GitHub', () => {
    const items = site.reports.get('2024-03-01-api-down')!.actionItems;
    expect(items.map((one) => actionState(one))).toEqual(['open', 'done', 'open', 'done', 'open']);
    // Without GitHub state, the checkboxes decide.
    expect(stored[0]!.actionItems.map((one) => actionState(one))).toEqual(['open', 'open', 'done', 'done', 'open']);
    expect(site.rows.find((row) => row.id === '2024-03-01-api-down')?.openActions).toBe(3);
    const { open, done, overdueCount: overdue } = actionsPage(site);
    // The closed issue's item is past its due date but done, so not overdue; the unknown one is (its box is empty).
    expect(open.filter((one) => one.overdue).map((one) => one.title)).toEqual(['Add a canary stage', 'Alert on error rate']);
    expect(overdue).toBe(2);
    expect(overdueCount(site)).toBe(2);
    expect(done.map((one) => [one.tracking.label, one.tracking.verified])).toEqual([
      ['Merged', true],
      ['Closed', true],
      ['Done', false],
    ]);
  });

  test('the report page and the repeat banner show the badges', () => {
    const page = reportPage(site, '2024-03-08-api-down-again')!;
    expect(page.actionGroups[0]!.items[0]!.tracking).toMatchObject({ kind: 'merged', label: 'Merged' });
    const earlier = page.repeatOf[0]!;
    expect(earlier.openActions.map((one) => [one.title, one.tracking.label])).toEqual([
      ['Add a canary stage', 'Open'],
      ['Page the owner', 'Open'],
      ['Alert on error rate', 'Open'],
    ]);
  });

  test('has one page per filter, linked to each other under the base path, the current one marked', () => {
    const pages = Object.fromEntries(actionFilters.map((filter) => [filter, actionsFilterPage(site, filter)]));
    expect(pages.all!.filters.map((link) => [link.label, link.href, link.count])).toEqual([
      ['All', '/docs/actions/', 6],
      ['Open', '/docs/actions/open/', 3],
      ['Overdue', '/docs/actions/overdue/', 2],
      ['Done', '/docs/actions/done/', 3],
      ['Archived', '/docs/actions/archived/', 0],
      ['Not verified', '/docs/actions/unverified/', 2],
    ]);
    for (const filter of actionFilters) {
      expect(pages[filter]!.filters.filter((link) => link.current).map((link) => link.filter)).toEqual([filter]);
      expect(pages[filter]!.definition.length).toBeGreaterThan(20);
    }
    // Everything in one table: open first (overdue first among them), then done.
    expect(pages.all!.items.map((one) => one.state)).toEqual(['open', 'open', 'open', 'done', 'done', 'done']);
    expect(pages.all!.rangeLabel).toBe('6 items');
    expect(pages.overdue!.items.map((one) => one.title)).toEqual(['Add a canary stage', 'Alert on error rate']);
    expect(pages.unverified!.items.map((one) => one.tracking.kind)).toEqual(['unverified-open', 'unverified-done']);
    expect(pages.done!.items.map((one) => one.title)).toEqual(['Block deploys without a canary', 'Roll back faster', 'Write the runbook']);
    expect(pages.overdue!.definition).toContain('before Jun 1, 2024');
    expect(pages.all!.calendarHref).toBe('/docs/calendar.ics');
    expect(pages.all!.sync).toMatchObject({ verified: 4, unverified: 2, oldest: { label: 'May 30, 2024' }, oldestAgeDays: 2 });
  });

  test('an empty filter page says so', () => {
    const none = buildSite({
      reports: trackActionItems(siteReports({ 'postmortems/2024-03-08-api-down-again.md': files['postmortems/2024-03-08-api-down-again.md'] }, config), lookup),
      config,
      now,
    });
    expect(actionsFilterPage(none, 'overdue')).toMatchObject({ items: [], empty: 'Nothing overdue.', rangeLabel: '0 items' });
    expect(actionsFilterPage(none, 'unverified').empty).toBe('GitHub’s state is known for every item.');
    // No item at all: nothing to be known about.
    const empty = buildSite({
      reports: siteReports({ 'postmortems/2024-03-01-api-down.md': report({ body: body('Nothing to follow up.') }) }, config),
      config,
      now,
    });
    expect(actionsFilterPage(empty, 'unverified')).toMatchObject({ items: [], empty: 'No action items yet.' });
  });

  test('each owner has a page of their items, with the state filters they have items in, and every page is listed once', () => {
    const owners = ownerViews(site);
    expect(owners.map((owner) => [owner.name, owner.href, owner.open, owner.overdue, owner.done])).toEqual(
      owners.map((owner) => [owner.name, `/docs/actions/owner/${owner.name}/`, owner.open, owner.overdue, owner.done]),
    );
    const alice = owners.find((owner) => owner.name === 'alice')!;
    const page = actionsFilterPage(site, 'all', { owner: 'alice' });
    expect(page.title).toBe('Action items of @alice');
    expect(page.items.every((one) => one.owner === 'alice')).toBe(true);
    expect(page.items).toHaveLength(alice.open + alice.done);
    // A filter with nothing for this owner is shown without a link: that page is not built.
    for (const link of page.filters) expect(link.href === undefined).toBe(link.count === 0);
    const routes = actionRoutes(site);
    const params = routes.map((route) => route.param);
    expect(new Set(params).size).toBe(params.length);
    expect(params).toContain(undefined);
    expect(params).toContain('overdue');
    expect(params).toContain('owner/alice');
    for (const link of page.filters.filter((one) => one.href)) expect(params).toContain(link.href!.replace('/docs/actions/', '').replace(/\/$/, ''));
    // The owners' page lists everyone, most open first.
    expect(ownersPage(site).owners.map((owner) => owner.name)).toEqual(owners.map((owner) => owner.name));
    expect(ownersPageParams(site)).toEqual([{ param: 'owner', page: 1 }]);
  });

  test('long lists are pages of a hundred, each linked from the others', () => {
    const one = siteReports(files, config)[0]!;
    const items = Array.from({ length: 250 }, (_, index) => ({ ...one.actionItems[0]!, title: `Item ${index}`, owner: 'alice' }));
    const big = buildSite({ reports: [{ ...one, actionItems: items }], config, now });
    const routes = actionRoutes(big).map((route) => route.param);
    expect(routes.filter((param) => param === undefined || param.startsWith('page/'))).toEqual([undefined, 'page/2', 'page/3']);
    expect(routes).toContain('owner/alice/page/3');
    const third = actionsFilterPage(big, 'all', { page: 3 });
    expect(third.items.map((one) => one.title)).toEqual(Array.from({ length: 50 }, (_, index) => `Item ${200 + index}`));
    expect(third.rangeLabel).toBe('Items 201–250 of 250');
    expect(third.pagination).toMatchObject({ page: 3, pages: 3, previous: '/docs/actions/page/2/' });
    expect(third.pagination.next).toBeUndefined();
  });

  test('with no GitHub state known, the unverified page says so once instead of listing every item again', () => {
    const one = siteReports(files, config)[0]!;
    const items = Array.from({ length: 250 }, (_, index) => ({ ...one.actionItems[0]!, title: `Item ${index}`, owner: 'alice' }));
    const unsynced = buildSite({ reports: [{ ...one, actionItems: items }], config, now });
    const routes = actionRoutes(unsynced).map((route) => route.param);
    expect(routes.filter((param) => param?.includes('unverified'))).toEqual(['unverified', 'owner/alice/unverified']);
    const page = actionsFilterPage(unsynced, 'unverified');
    expect(page).toMatchObject({ items: [], rangeLabel: '250 items', pagination: { pages: 1 } });
    expect(page.empty).toMatch(/^GitHub’s state is known for none of them yet .*each is listed under All/);
    expect(page.filters.find((link) => link.filter === 'unverified')).toMatchObject({ count: 250, href: '/docs/actions/unverified/' });
    expect(actionsFilterPage(unsynced, 'unverified', { owner: 'alice' }).items).toEqual([]);
  });
});

describe('the items of archived reports', () => {
  const archivedFiles = {
    ...files,
    'postmortems/2019-06-01-old-outage.md': report({
      date: '2019-06-01',
      status: 'archived',
      body: body(
        [
          '- [ ] Shard the queue: acme/api#1 @alice due: 2019-07-01',
          '- [ ] Write a runbook @bob due: 2019-07-01',
          '- [x] Add an alert @bob',
          '- [ ] Upgrade the broker: acme/api#2',
        ].join('\n'),
      ),
    }),
    'postmortems/2024-04-01-queue-again.md': report({
      date: '2024-04-01',
      extra: 'repeat_of: [2019-06-01-old-outage]\n',
      body: body('- [x] Shard for real: acme/api#4'),
    }),
  };
  const site = buildSite({ reports: trackActionItems(siteReports(archivedFiles, config), lookup), config, now });
  const old = <T extends { report: { id: string } }>(items: readonly T[]) => items.filter((one) => one.report.id === '2019-06-01-old-outage');

  test('are archived when not done: not open, never overdue, listed apart; done ones stay done', () => {
    const { open, done, archived, overdueCount: overdue } = actionsPage(site);
    expect(old(open)).toEqual([]);
    expect(archived.map((one) => [one.title, one.state, one.stateLabel, one.overdue, one.tracking.label])).toEqual([
      ['Shard the queue', 'archived', 'Archived', false, 'Open'],
      ['Write a runbook', 'archived', 'Archived', false, 'Open'],
    ]);
    expect(old(done).map((one) => one.title)).toEqual(['Add an alert', 'Upgrade the broker']);
    // The same two overdue items as without the archive: the archived ones, due in 2019, are not.
    expect(overdue).toBe(2);
    expect(overdueCount(site)).toBe(2);
  });

  test('count as open work nowhere: not on the index, its rows or the report’s facts; a repeat still shows them', () => {
    const row = site.rows.find((one) => one.id === '2019-06-01-old-outage')!;
    expect([row.openActions, row.totalActions]).toEqual([0, 4]);
    // The index's "N open action items" is the open filter of /actions/.
    expect(site.openActions).toBe(actionsFilterPage(site, 'open').items.length);
    expect(reportPage(site, '2019-06-01-old-outage')!.actionSummary).toBe('2 not done of 4 (archived report)');
    // The repeat's banner lists what the earlier report left undone, as `prior-open-actions` reports it.
    const repeat = reportPage(site, '2024-04-01-queue-again')!;
    expect(repeat.repeatOf[0]!.openActions.map((item) => item.title)).toEqual(['Shard the queue', 'Write a runbook']);
    expect(repeat.actionSummary).toBe('0 open of 1');
  });

  test('have a filter of their own, after done, and count in no owner’s open or overdue items', () => {
    const all = actionsFilterPage(site, 'all');
    expect(all.filters.map((link) => [link.label, link.count])).toEqual([
      ['All', 11],
      ['Open', 3],
      ['Overdue', 2],
      ['Done', 6],
      ['Archived', 2],
      ['Not verified', 4],
    ]);
    expect(all.items.map((one) => one.state)).toEqual(['open', 'open', 'open', ...Array(6).fill('done'), 'archived', 'archived']);
    const archived = actionsFilterPage(site, 'archived');
    expect(archived).toMatchObject({ title: 'Action items of archived reports', rangeLabel: '2 items' });
    expect(archived.definition).toContain('not counted as open or overdue');
    expect(actionsFilterPage(site, 'open').items.map((one) => one.report.id)).not.toContain('2019-06-01-old-outage');
    expect(actionRoutes(site).map((route) => route.param)).toEqual(expect.arrayContaining(['archived', 'owner/bob/archived', 'owner/alice/archived']));
    const bob = ownerViews(site).find((owner) => owner.name === 'bob')!;
    expect([bob.open, bob.overdue, bob.done]).toEqual([0, 0, 1]);
    const alice = ownerViews(site).find((owner) => owner.name === 'alice')!;
    expect([alice.open, alice.overdue]).toEqual([1, 1]);
    expect(actionsFilterPage(site, 'all', { owner: 'bob' }).filters.map((link) => [link.label, link.count])).toEqual([
      ['All', 2],
      ['Open', 0],
      ['Overdue', 0],
      ['Done', 1],
      ['Archived', 1],
      ['Not verified', 2],
    ]);
  });

  test('are still what a report that repeats the archived one should read', () => {
    const page = reportPage(site, '2024-04-01-queue-again')!;
    expect(page.repeatOf[0]!.openActions.map((one) => [one.title, one.state])).toEqual([
      ['Shard the queue', 'archived'],
      ['Write a runbook', 'archived'],
    ]);
  });
});

describe('reading the cache at build time', () => {
  const targets = [
    { owner: 'acme', repo: 'api', number: 1 },
    { owner: 'Acme', repo: 'API', number: 2 },
    { owner: 'acme', repo: 'api', number: 3 },
  ];
  const cacheFile = {
    version: 1,
    apis: {
      'https://api.github.com': {
        'acme/api#1': { state: 'open', kind: 'issue', etag: 'W/"1"', fetchedAt },
        'acme/api#2': { state: 'closed', reason: 'completed', closedAt: '2024-04-02T15:00:00Z', fetchedAt },
      },
      'https://github.acme.com/api/v3': {
        'acme/api#3': { state: 'merged', mergedAt: '2024-04-04T15:00:00Z', fetchedAt },
      },
    },
  };

  test('gives the cached states, from the API `GITHUB_API_URL` names, and unknown for the rest; never a token', async () => {
    const root = await makeProject({ 'node_modules/.cache/hindsight/github.json': JSON.stringify(cacheFile) });
    const config = makeConfig();
    const { lookup: states, warnings } = await cachedGithubStates(targets, root, config, { GITHUB_TOKEN: 'ghp_never_used_here' });
    // The build log says what is missing and how to fetch it.
    expect(warnings).toEqual(['1 of 3 GitHub references are not in the cache (unknown); run `hindsight sync` to fetch them']);
    expect(states.get(targets[0]!)).toEqual({ key: 'acme/api#1', state: 'open', kind: 'issue', source: 'cache', fetchedAt });
    expect(states.get(targets[1]!)).toMatchObject({ state: 'closed', reason: 'completed', source: 'cache' });
    expect(states.get(targets[2]!)).toMatchObject({ state: 'unknown', source: 'none' });
    const enterprise = await cachedGithubStates(targets, root, config, { GITHUB_API_URL: 'https://github.acme.com/api/v3' });
    expect(enterprise.lookup.get(targets[2]!)).toMatchObject({ state: 'merged', source: 'cache' });
    expect(enterprise.lookup.get(targets[0]!)).toMatchObject({ state: 'unknown' });
  });

  test('reads the folder `github.cacheDir` names', async () => {
    const root = await makeProject({ 'state/github.json': JSON.stringify(cacheFile) });
    const { lookup: states } = await cachedGithubStates(targets, root, makeConfig({ github: { cacheDir: 'state' } }), {});
    expect(states.get(targets[0]!).state).toBe('open');
  });

  test('without a cache every state is unknown; a malformed one is, with a warning', async () => {
    const root = await makeProject({ 'README.md': 'no cache here\n' });
    const missing = await cachedGithubStates(targets, root, makeConfig(), {});
    expect(targets.map((target) => missing.lookup.get(target).state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(missing.warnings).toEqual(['3 of 3 GitHub references are not in the cache (unknown); run `hindsight sync` to fetch them']);
    await mkdir(join(root, 'node_modules/.cache/hindsight'), { recursive: true });
    await writeFile(join(root, 'node_modules/.cache/hindsight/github.json'), '{"version": 1, "apis": ');
    const malformed = await cachedGithubStates(targets, root, makeConfig(), {});
    expect(targets.map((target) => malformed.lookup.get(target).state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(malformed.warnings).toEqual([
      expect.stringContaining('is not valid JSON'),
      expect.stringContaining('3 of 3 GitHub references are not in the cache'),
    ]);
  });
});

describe('work done without an issue', () => {
  test('is listed on /actions/ and /actions/done/, done by its checkbox', () => {
    const config = makeConfig({});
    const text = report({
      body: body('### Immediate actions (completed)\n\n- [x] Rolled back release 42\n\n### Follow-up\n\n- [ ] Add a canary stage: acme/api#1'),
    });
    const stored = siteReports({ 'postmortems/2024-03-01-api-down.md': text }, config);
    const site = buildSite({ reports: trackActionItems(stored, undefined), config, now });
    const all = actionsFilterPage(site, 'all');
    expect(all.items.map((one) => [one.title, one.state])).toEqual([
      ['Add a canary stage', 'open'],
      ['Rolled back release 42', 'done'],
    ]);
    const done = actionsFilterPage(site, 'done');
    expect(done.items.map((one) => [one.title, one.tracking.label, one.tracking.verified, one.references.length])).toEqual([
      ['Rolled back release 42', 'Done', false, 0],
    ]);
  });
});
