import { describe, expect, it } from 'vitest';
import { lookupFromRecord, type ExampleState } from '../../src/lib/issue-state.ts';
import rule from '../../src/lib/rules/action-item-state.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const oneItem = '- [ ] Add a canary stage to deploys: acme/api#101\n';

function check(file: string, states: Record<string, ExampleState> | undefined, now = new Date('2024-06-01T12:00:00Z')) {
  return checkFiles({ [path]: file }, { rule, github: states ? lookupFromRecord(states) : undefined, now });
}

const items = (lines: string) => completeBody.replace(oneItem, lines);

describe('action-item-state', () => {
  it('says nothing without GitHub state', () => {
    const file = report({ status: 'closed', extra: 'resolution_prs: [acme/api#150]\n', body: items('- [x] Canary: acme/api#101 due: 2020-01-01\n') });
    expect(check(file, undefined)).toEqual([]);
  });

  it('says nothing when every state is unknown', () => {
    const file = report({ status: 'closed', extra: 'resolution_prs: [acme/api#150]\n', body: items('- [x] Canary: acme/api#101 due: 2020-01-01\n') });
    expect(check(file, { 'acme/api#101': 'unknown', 'acme/api#150': 'unknown' })).toEqual([]);
  });

  it('reports a linked issue that does not exist, at the reference', () => {
    const [diagnostic, ...rest] = check(report({ body: items('- [ ] Canary: see https://github.com/acme/api/issues/404 @bob\n') }), {
      'acme/api#404': 'missing',
    });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ ruleId: 'action-item-state', severity: 'error' });
    expect(brief(diagnostic!)).toBe(
      '34:19: Unexpected reference `acme/api#404` to an issue that does not exist on GitHub, expected an existing issue or pull request',
    );
    expect(diagnostic!.place.end).toMatchObject({ line: 34, column: 57 });
  });

  it('warns about an open item past its due date, at the item', () => {
    const diagnostics = check(report({ body: items('- [ ] Canary: acme/api#101 due: 2024-05-31\n') }), { 'acme/api#101': 'open' });
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      [
        'warning',
        '34:1: Unexpected open action item past its due date `2024-05-31` (`acme/api#101` is open), expected it done by then, or a later `due:` date',
      ],
    ]);
  });

  it('does not warn on the due date itself, in the report’s zone, nor when the item is closed', () => {
    // 2024-06-01T02:00Z is still May 31 in Toronto: due that day is not yet past.
    const toronto = report({ extra: 'timezone: America/Toronto\n', body: items('- [ ] Canary: acme/api#101 due: 2024-05-31\n') });
    expect(check(toronto, { 'acme/api#101': 'open' }, new Date('2024-06-01T02:00:00Z'))).toEqual([]);
    expect(check(toronto, { 'acme/api#101': 'open' }, new Date('2024-06-01T05:00:00Z'))).toHaveLength(1);
    expect(check(report({ body: items('- [ ] Canary: acme/api#101 due: 2024-01-01\n') }), { 'acme/api#101': 'closed' })).toEqual([]);
  });

  it('reports every open item of a closed report, naming all open issues of an item', () => {
    const file = report({
      status: 'closed',
      body: items('- [ ] Canary: acme/api#101 and acme/api#102\n- [ ] Alert: acme/api#103\n- [ ] Docs: acme/api#104\n'),
    });
    const diagnostics = check(file, { 'acme/api#101': 'open', 'acme/api#102': 'open', 'acme/api#103': 'closed:not_planned', 'acme/api#104': 'open' });
    expect(diagnostics.map(brief)).toEqual([
      '34:1: Unexpected open action item (`acme/api#101` and `acme/api#102` are open) in a report with `status: closed`, expected every action item closed before the report is',
      '36:1: Unexpected open action item (`acme/api#104` is open) in a report with `status: closed`, expected every action item closed before the report is',
    ]);
    expect(diagnostics.every((diagnostic) => diagnostic.severity === 'error')).toBe(true);
  });

  it('reports resolution pull requests that are open, closed unmerged, issues, or missing, at the value', () => {
    const file = report({
      extra: 'resolution_prs:\n  - acme/api#150\n  - acme/api#151\n  - https://github.com/acme/api/issues/152\n  - acme/api#153\n  - acme/api#154\n',
    });
    const lookup = lookupFromRecord({
      'acme/api#150': 'open',
      'acme/api#151': 'closed',
      'acme/api#153': 'missing',
      'acme/api#154': 'merged',
      'acme/api#101': 'closed',
    });
    // An issue where a pull request belongs: GitHub says so through `kind`.
    const withIssue = {
      get: (target: Parameters<typeof lookup.get>[0]) =>
        target.number === 152 ? { key: 'acme/api#152', state: 'closed' as const, kind: 'issue' as const, source: 'live' as const } : lookup.get(target),
    };
    const diagnostics = checkFiles({ [path]: file }, { rule, github: withIssue });
    expect(diagnostics.map(brief)).toEqual([
      '11:5: Unexpected unmerged pull request `acme/api#150` (still open) in `resolution_prs`, expected a merged pull request: until it is merged the fix is not permanent',
      '12:5: Unexpected unmerged pull request `acme/api#151` (closed without merging) in `resolution_prs`, expected a merged pull request: until it is merged the fix is not permanent',
      '13:5: Unexpected issue `acme/api#152` in `resolution_prs`, expected a merged pull request (link the pull request that made the fix permanent)',
      '14:5: Unexpected `acme/api#153` in `resolution_prs` that does not exist on GitHub, expected a merged pull request',
    ]);
    expect(diagnostics.every((diagnostic) => diagnostic.ruleId === 'action-item-state' && diagnostic.severity === 'error')).toBe(true);
  });

  it('warns about an item ticked done whose issue is still open', () => {
    const diagnostics = check(report({ body: items('- [x] Canary: acme/api#101\n- [x] Alert: acme/api#102\n') }), {
      'acme/api#101': 'open',
      'acme/api#102': 'closed',
    });
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      ['warning', '34:1: Unexpected open issue `acme/api#101` for an action item marked done `[x]`, expected the issue closed (or the item unticked)'],
    ]);
  });

  it('only warns on drafts', () => {
    const diagnostics = check(report({ status: 'draft', body: items('- [ ] Canary: acme/api#404\n') }), { 'acme/api#404': 'missing' });
    expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['warning']);
  });

  it('passes a finished report', () => {
    const file = report({
      status: 'closed',
      extra: 'resolution_prs: [acme/api#150]\n',
      body: items('- [x] Canary: acme/api#101 due: 2024-01-01\n- [ ] Alert: https://acme.atlassian.net/browse/OPS-1 due: 2024-01-01\n'),
    });
    expect(check(file, { 'acme/api#101': 'closed', 'acme/api#150': 'merged' })).toEqual([]);
  });
});

describe('action-item-state on archived reports', () => {
  it('only warns: GitHub state today must not fail an archive', () => {
    const diagnostics = check(report({ status: 'archived', body: items('- [ ] Canary: acme/api#404\n- [ ] Alert: acme/api#101 due: 2019-01-01\n') }), {
      'acme/api#404': 'missing',
      'acme/api#101': 'open',
    });
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      ['warning', '34:15: Unexpected reference `acme/api#404` to an issue that does not exist on GitHub, expected an existing issue or pull request'],
      [
        'warning',
        '35:1: Unexpected open action item past its due date `2019-01-01` (`acme/api#101` is open), expected it done by then, or a later `due:` date',
      ],
    ]);
  });
});
