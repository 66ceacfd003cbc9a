import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDue, findOwner, type ActionItem } from '../../src/lib/action-items.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { makeConfig } from '../helpers.ts';
import { corpusFolder as corpus, describeWithCorpus, projectRoot } from '../corpus/corpus.ts';

/** Parses a body (no frontmatter) and returns its action items. */
function itemsOf(body: string, config = makeConfig()): ActionItem[] {
  return parseReport('postmortems/2024-03-01-x.md', body, config).actionItems;
}

/** An item as compact data: line:column, text, references, and the optional fields that are set. */
function compact(item: ActionItem) {
  return {
    at: `${item.place.start.line}:${item.place.start.column}`,
    text: item.text,
    references: item.references.map((reference) => reference.label),
    ...(item.checked === undefined ? {} : { checked: item.checked }),
    ...(item.owner === undefined ? {} : { owner: item.owner }),
    ...(item.due === undefined ? {} : { due: item.due }),
    ...(item.group === undefined ? {} : { group: item.group }),
  };
}

describe('action items from lists', () => {
  it('reads task checkboxes, owners, due dates and references', () => {
    const items = itemsOf(
      [
        '# Outage',
        '',
        '## Action Items',
        '',
        '- [ ] Add a canary stage: acme/api#101 @alice due: 2024-04-01',
        '- [x] Roll back faster (due 2024-03-15) https://github.com/acme/api/pull/102 @bob',
        '- Write a runbook, due 2024-05-01: <https://github.com/acme/docs/issues/7>',
        '- [X] Page the right team',
      ].join('\n'),
    ).map(compact);
    expect(items).toEqual([
      {
        at: '5:1',
        text: 'Add a canary stage: acme/api#101 @alice due: 2024-04-01',
        references: ['acme/api#101'],
        checked: false,
        owner: 'alice',
        due: '2024-04-01',
      },
      {
        at: '6:1',
        text: 'Roll back faster (due 2024-03-15) https://github.com/acme/api/pull/102 @bob',
        references: ['acme/api#102'],
        checked: true,
        owner: 'bob',
        due: '2024-03-15',
      },
      { at: '7:1', text: 'Write a runbook, due 2024-05-01: https://github.com/acme/docs/issues/7', references: ['acme/docs#7'], due: '2024-05-01' },
      { at: '8:1', text: 'Page the right team', references: [], checked: true },
    ]);
  });

  it('keeps exact places of items and references', () => {
    const [item] = itemsOf('## Action Items\n\n   - [ ] Fix: acme/api#1\n     more text\n');
    expect(item?.place).toEqual({ start: { line: 3, column: 4, offset: 20 }, end: { line: 4, column: 15, offset: 56 } });
    expect(item?.references[0]?.place.start).toEqual({ line: 3, column: 15, offset: 31 });
  });

  it('reads numbered lists and `###` groups, and ignores introductory prose', () => {
    const items = itemsOf(
      [
        '## Action items',
        '',
        'Every action item should have a GitHub issue.',
        '',
        '### Process improvements',
        '',
        '1. Uptime alerting: acme/ops#611',
        '',
        '### Technical improvements',
        '',
        '#### Monitoring',
        '',
        '1. Alert on disk usage',
        '',
        '### Documentation improvements',
        '',
        '- Document the restart procedure acme/docs#3',
      ].join('\n'),
    ).map(compact);
    expect(items).toEqual([
      { at: '7:1', text: 'Uptime alerting: acme/ops#611', references: ['acme/ops#611'], group: 'Process improvements' },
      { at: '13:1', text: 'Alert on disk usage', references: [], group: 'Technical improvements › Monitoring' },
      { at: '17:1', text: 'Document the restart procedure acme/docs#3', references: ['acme/docs#3'], group: 'Documentation improvements' },
    ]);
  });

  it('maps aliases such as "Follow-up actions" and "Corrective actions" to the Action Items section', () => {
    expect(itemsOf('## Follow-up actions\n\n- Fix acme/api#1\n').map(compact)).toEqual([{ at: '3:1', text: 'Fix acme/api#1', references: ['acme/api#1'] }]);
    expect(itemsOf('## Corrective Actions\n\n- Fix acme/api#2\n', makeConfig({ preset: 'pagerduty' }))).toHaveLength(1);
  });

  it('reads no items outside the Action Items section', () => {
    expect(itemsOf('## Timeline\n\n- 10:00 deploy acme/api#1\n\n## Lessons learned\n\n- Tests help\n')).toEqual([]);
  });

  it('treats a parent without a reference but with sub-items as a label for them', () => {
    const items = itemsOf(
      [
        '## Action Items',
        '',
        '- Better alerting:',
        '  - [ ] Alert on errors per release: acme/api#102',
        '  - [ ] Alert on latency',
        '- Fix the deploy script acme/api#103',
        '  - also the staging one',
        '  - and the docs (acme/docs#9)',
      ].join('\n'),
    ).map(compact);
    expect(items).toEqual([
      { at: '4:3', text: 'Alert on errors per release: acme/api#102', references: ['acme/api#102'], checked: false, group: 'Better alerting' },
      { at: '5:3', text: 'Alert on latency', references: [], checked: false, group: 'Better alerting' },
      // A parent with its own reference is one item; its sub-list is detail, and their references are its own.
      { at: '6:1', text: 'Fix the deploy script acme/api#103', references: ['acme/api#103', 'acme/docs#9'] },
    ]);
  });

  it('treats a task parent whose sub-items are not tasks as one item carrying their links', () => {
    const items = itemsOf(['## Action Items', '', '- [ ] Rotate the secret in CI @carol', '  - Issue: acme/infra#42', '  - due: 2024-04-01'].join('\n')).map(
      compact,
    );
    expect(items).toEqual([
      { at: '3:1', text: 'Rotate the secret in CI @carol', references: ['acme/infra#42'], checked: false, owner: 'carol', due: '2024-04-01' },
    ]);
  });

  it('lets a group heading or bold label that links an issue cover the items under it', () => {
    const items = itemsOf(
      [
        '## Action Items',
        '',
        '### Short-term improvements ([tracked here](https://github.com/acme/api/issues/40))',
        '',
        '**In progress:**',
        '',
        '- Split read and write pools',
        '- Add circuit breakers acme/api#41',
        '',
        '### Long-term improvements',
        '',
        '- Load testing',
      ].join('\n'),
    ).map(compact);
    expect(items).toEqual([
      { at: '7:1', text: 'Split read and write pools', references: ['acme/api#40'], group: 'Short-term improvements (tracked here) › In progress' },
      { at: '8:1', text: 'Add circuit breakers acme/api#41', references: ['acme/api#41'], group: 'Short-term improvements (tracked here) › In progress' },
      { at: '12:1', text: 'Load testing', references: [], group: 'Long-term improvements' },
    ]);
  });

  it('reads bare `#123` with a default repository, tracker URLs, and ignores empty bullets', () => {
    const config = makeConfig({
      github: { repository: 'acme/api' },
      trackers: [{ name: 'Jira', pattern: '^https://acme\\.atlassian\\.net/browse/[A-Z]+-\\d+$' }],
    });
    const items = itemsOf('## Action Items\n\n- Fix #12\n- Audit https://acme.atlassian.net/browse/OPS-42\n-\n', config).map(compact);
    expect(items).toEqual([
      { at: '3:1', text: 'Fix #12', references: ['acme/api#12'] },
      { at: '4:1', text: 'Audit https://acme.atlassian.net/browse/OPS-42', references: ['OPS-42'] },
    ]);
  });

  it('keeps one reference per URL', () => {
    const [item] = itemsOf('## Action Items\n\n- Fix acme/api#1 (see https://github.com/acme/api/issues/1)\n');
    expect(item?.references.map((reference) => reference.raw)).toEqual(['acme/api#1']);
  });
});

describe('action items from tables', () => {
  it('reads rows with owner, due and status columns', () => {
    const items = itemsOf(
      [
        '## Action Items',
        '',
        '| Action | Owner | Issue | Due | Status |',
        '| --- | --- | --- | --- | --- |',
        '| Retry idempotent requests | @bob | acme/api#104 | 2024-04-01 | Done |',
        '| Add a dashboard | Alice Smith | [OPS](https://github.com/acme/ops/issues/5) | soon | in progress |',
        '| Write tests | | | | |',
        '| | | | | |',
      ].join('\n'),
    ).map(compact);
    expect(items).toEqual([
      { at: '5:1', text: 'Retry idempotent requests', references: ['acme/api#104'], checked: true, owner: 'bob', due: '2024-04-01' },
      { at: '6:1', text: 'Add a dashboard', references: ['acme/ops#5'], checked: false, owner: 'Alice Smith' },
      { at: '7:1', text: 'Write tests', references: [] },
    ]);
  });

  it('reads a checkbox written in a cell and falls back to the first column and inline `@owner`', () => {
    const items = itemsOf(
      ['## Action Items', '', '| Item | Link |', '| --- | --- |', '| [x] Fix the cron job @dana due: 2024-02-01 | acme/cron#3 |'].join('\n'),
    ).map(compact);
    expect(items).toEqual([
      { at: '5:1', text: 'Fix the cron job @dana due: 2024-02-01', references: ['acme/cron#3'], checked: true, owner: 'dana', due: '2024-02-01' },
    ]);
  });
});

describe('owners and due dates', () => {
  it('finds `@owner`, not e-mail addresses', () => {
    expect(findOwner('ask @alice-b later')).toBe('alice-b');
    expect(findOwner('team @acme/sre')).toBe('acme/sre');
    expect(findOwner('mail ops@acme.org')).toBeUndefined();
  });

  it('finds due dates in their usual spellings, only when they are real dates', () => {
    expect(findDue('due: 2024-01-31')).toBe('2024-01-31');
    expect(findDue('(due 2024-01-31)')).toBe('2024-01-31');
    expect(findDue('Due by 2024-01-31')).toBe('2024-01-31');
    expect(findDue('due date: 2024-01-31')).toBe('2024-01-31');
    expect(findDue('due: 2024-02-30')).toBeUndefined();
    expect(findDue('due: YYYY-MM-DD')).toBeUndefined();
    expect(findDue('deployed 2024-01-31')).toBeUndefined();
  });
});

describeWithCorpus('action items in real reports', () => {
  const read = (file: string) => parseReport(file, readFileSync(join(corpus, file)), makeConfig()).actionItems.map(compact);

  it('2i2c: autolinked issue URLs', () => {
    const items = read('2i2c-org__incident-reports/reports__2020-10-28-memory-overload.md');
    expect(items).toHaveLength(5);
    expect(items.map((item) => item.references)).toEqual([
      ['2i2c-org/infrastructure#89'],
      ['2i2c-org/infrastructure#90'],
      ['2i2c-org/infrastructure#91'],
      ['2i2c-org/infrastructure#92'],
      ['2i2c-org/infrastructure#87'],
    ]);
  });

  it('2i2c: task checkboxes, some items unlinked', () => {
    const items = read('2i2c-org__incident-reports/reports__2025-08-12-leap-outage.md');
    expect(items.map((item) => [item.at, item.checked, item.references])).toEqual([
      ['88:1', false, []],
      ['89:1', false, []],
      ['90:1', false, ['2i2c-org/jupyterhub-home-nfs#34']],
      ['91:1', true, ['2i2c-org/infrastructure#6555']],
      ['92:1', true, []],
    ]);
  });

  it('kubernetes: `[#123](url)` links', () => {
    const items = read('kubernetes__test-infra/docs__post-mortems__2019-03-26.md');
    expect(items.map((item) => item.references)).toEqual([['kubernetes/test-infra#11956'], ['kubernetes/test-infra#11957'], ['kubernetes/test-infra#11953']]);
  });

  it('mybinder: numbered items under `###` groups', () => {
    expect(read('jupyterhub__mybinder.org-deploy/docs__source__incident-reports__2022-06-02-pod-limit.md')).toEqual([
      {
        at: '76:1',
        text: 'Uptime and alerting issue: https://github.com/jupyterhub/mybinder.org-deploy/issues/611',
        references: ['jupyterhub/mybinder.org-deploy#611'],
        group: 'Process improvements',
      },
    ]);
    const cordoned = read('jupyterhub__mybinder.org-deploy/docs__source__incident-reports__2019-04-03-ingress-cordoned.md');
    expect(cordoned.map((item) => [item.group, item.references.length])).toEqual([
      ['Technical improvements', 0],
      ['Technical improvements', 0],
    ]);
  });

  it('dfds: plain bullets without links', () => {
    const items = read('dfds__postmortems/PM2021-005 - All services returning 503 in Kubernetes.md');
    expect(items.map((item) => item.text)).toEqual([
      'Revert to default of 300 seconds for de-registration delay on the ALBs.',
      'Update roll-over script to temporarily set de-registration delay to zero on ALBs prior to roll-over.',
      'Create ingress test suite.',
    ]);
    expect(items.every((item) => item.references.length === 0)).toBe(true);
  });
});

// The project's own sample report ships in the clone: no corpus needed.
describe('action items in the sample report', () => {
  it('the sample report: groups, owners, due dates and both reference shapes', () => {
    const path = join(projectRoot, 'postmortems/2022-09-07-utoronto-hub-login-500.md');
    const items = parseReport('postmortems/2022-09-07-utoronto-hub-login-500.md', readFileSync(path), makeConfig()).actionItems.map(compact);
    expect(items.map((item) => [item.group, item.checked, item.owner, item.due ?? null, item.references])).toEqual([
      ['Process improvements', true, 'alice', null, ['2i2c-org/infrastructure#1690']],
      ['Process improvements', false, 'bob', null, ['2i2c-org/infrastructure#1691']],
      ['Technical improvements', true, 'alice', null, ['2i2c-org/infrastructure#1688']],
      ['Technical improvements', false, 'bob', '2022-10-15', ['2i2c-org/infrastructure#1693']],
      ['Technical improvements', false, 'alice', '2023-08-01', ['2i2c-org/infrastructure#1694']],
    ]);
  });
});

describe('the parsed report', () => {
  it('has no action items when it cannot be read', () => {
    expect(parseReport('postmortems/x.md', new Uint8Array([0, 1, 2]), makeConfig()).actionItems).toEqual([]);
  });

  it('places items after frontmatter at their lines in the file', () => {
    const text = '---\ntitle: x\n---\n\n## Action Items\n\n- Fix acme/api#1\n';
    expect(parseReport('postmortems/x.md', text, makeConfig()).actionItems.map(compact)).toEqual([
      { at: '7:1', text: 'Fix acme/api#1', references: ['acme/api#1'] },
    ]);
  });
});
