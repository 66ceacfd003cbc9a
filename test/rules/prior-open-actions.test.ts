import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { report } from '../../src/lib/rules/examples.ts';
import priorOpenActions, { priorOpenActions as findPriorOpenActions } from '../../src/lib/rules/prior-open-actions.ts';
import { lookupFromRecord } from '../../src/lib/issue-state.ts';
import { brief, checkFiles, makeConfig, parseFiles } from '../helpers.ts';

const read = (name: string) => readFileSync(new URL(`../../postmortems/${name}`, import.meta.url), 'utf8');

const withItems = (items: string) => `# API down

## Overview

The API returned errors.

## Impact

All clients failed.

## Timeline

- 10:00 Errors.
- 10:42 Fixed.

## Resolution

Rolled back.

## Action Items

${items}
`;

const earlierPath = 'postmortems/2024-03-01-api-down.md';
const laterPath = 'postmortems/2024-03-08-api-down-again.md';

function corpus(earlierItems: string, laterExtra = 'repeat_of: [2024-03-01-api-down]\n', laterItems = '- [ ] Something new: acme/api#500\n') {
  return {
    [laterPath]: report({ date: '2024-03-08', extra: laterExtra, body: withItems(laterItems) }),
    [earlierPath]: report({ body: withItems(earlierItems) }),
  };
}

describe('prior-open-actions', () => {
  it('warns on the founding sample: the earlier report left two items open', () => {
    const diagnostics = checkFiles(
      {
        'postmortems/2022-09-07-utoronto-hub-login-500.md': read('2022-09-07-utoronto-hub-login-500.md'),
        'postmortems/2022-08-31-utoronto-azuread-secret-expired.md': read('2022-08-31-utoronto-azuread-secret-expired.md'),
      },
      { rule: priorOpenActions },
    );
    expect(diagnostics.map((diagnostic) => [brief(diagnostic), diagnostic.cause?.file, diagnostic.cause?.place.start.line])).toEqual([
      [
        "14:13: Unexpected open action item `Commit the new secret to the encrypted hub configuration so…` (2i2c-org/infrastructure#1651) in the repeated report `2022-08-31-utoronto-azuread-secret-expired`, expected it done or carried over into this report's action items",
        'postmortems/2022-08-31-utoronto-azuread-secret-expired.md',
        59,
      ],
      [
        "14:13: Unexpected open action item `Alert a month before any hub credential expires` (2i2c-org/infrastructure#1652) in the repeated report `2022-08-31-utoronto-azuread-secret-expired`, expected it done or carried over into this report's action items",
        'postmortems/2022-08-31-utoronto-azuread-secret-expired.md',
        60,
      ],
    ]);
    for (const diagnostic of diagnostics) expect(diagnostic).toMatchObject({ ruleId: 'prior-open-actions', severity: 'warning' });
  });

  it('counts every item not known to be done: ticked items are not reported, items without a checkbox are', () => {
    const diagnostics = checkFiles(
      corpus('- [x] Done already: acme/api#1\n- No checkbox here: acme/api#2\n- [ ] Still open: acme/api#3 @alice due: 2024-04-01\n'),
      { rule: priorOpenActions },
    );
    expect(diagnostics.map(brief)).toEqual([
      "10:13: Unexpected open action item `No checkbox here` (acme/api#2) in the repeated report `2024-03-01-api-down`, expected it done or carried over into this report's action items",
      "10:13: Unexpected open action item `Still open` (acme/api#3) in the repeated report `2024-03-01-api-down`, expected it done or carried over into this report's action items",
    ]);
    expect(diagnostics[0]!.cause).toMatchObject({ file: earlierPath, place: { start: { line: 34, column: 1 } } });
    expect(diagnostics[1]!.cause).toMatchObject({ file: earlierPath, place: { start: { line: 35, column: 1 } } });
  });

  it('is quiet when the repeat carries the open item over (cites the same issue)', () => {
    const files = corpus('- [ ] Add a canary: acme/api#3\n', undefined, '- [ ] Finish the canary: https://github.com/acme/api/issues/3\n');
    expect(checkFiles(files, { rule: priorOpenActions })).toEqual([]);
  });

  it('follows a `repeat_of` issue to the report whose action item cites it', () => {
    const files = corpus('- [ ] Add a canary: acme/api#3\n- [ ] Page on errors: acme/api#4\n', 'repeat_of: [acme/api#4]\n');
    expect(checkFiles(files, { rule: priorOpenActions }).map((diagnostic) => diagnostic.message)).toEqual([
      expect.stringContaining('`Add a canary` (acme/api#3)'),
      expect.stringContaining('`Page on errors` (acme/api#4)'),
    ]);
  });

  it('reports once per earlier report however many links lead to it, and never loops on a cycle', () => {
    const files = {
      [laterPath]: report({
        date: '2024-03-08',
        extra: 'repeat_of: [2024-03-01-api-down, acme/api#3]\n',
        body: withItems('- [ ] Later item: acme/api#9\n'),
      }),
      [earlierPath]: report({ extra: 'repeat_of: [2024-03-08-api-down-again]\n', body: withItems('- [ ] Add a canary: acme/api#3\n') }),
    };
    const diagnostics = checkFiles(files, { rule: priorOpenActions });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.message.match(/`[^`]+`/)![0]])).toEqual([
      [earlierPath, '`Later item`'],
      [laterPath, '`Add a canary`'],
    ]);
  });

  it('ignores dangling links and reports without `repeat_of`', () => {
    expect(checkFiles(corpus('- [ ] Open: acme/api#3\n', 'repeat_of: [2020-01-01-missing]\n'), { rule: priorOpenActions })).toEqual([]);
    expect(checkFiles(corpus('- [ ] Open: acme/api#3\n', ''), { rule: priorOpenActions })).toEqual([]);
  });
});

describe('priorOpenActions', () => {
  it('takes a state lookup through priorOpenActions (the seam for GitHub state)', () => {
    const config = makeConfig();
    const reports = parseFiles(corpus('- No checkbox, issue open on GitHub: acme/api#3\n- [ ] Closed on GitHub: acme/api#4\n'), config);
    const later = reports.find((candidate) => candidate.path === laterPath)!;
    // Without GitHub state, an item without a checkbox is not known to be done: open.
    expect(findPriorOpenActions(later, reports, config).map(({ item }) => item.references[0]!.label)).toEqual(['acme/api#3', 'acme/api#4']);
    const lookup = lookupFromRecord({ 'acme/api#3': 'open', 'acme/api#4': 'closed' });
    expect(findPriorOpenActions(later, reports, config, lookup).map(({ item }) => item.references[0]!.label)).toEqual(['acme/api#3']);
  });
});

describe('prior-open-actions with GitHub state', () => {
  it('trusts the live issue state over the old checkbox', async () => {
    const { lookupFromRecord } = await import('../../src/lib/issue-state.ts');
    const files = {
      'postmortems/2022-09-07-utoronto-hub-login-500.md': read('2022-09-07-utoronto-hub-login-500.md'),
      'postmortems/2022-08-31-utoronto-azuread-secret-expired.md': read('2022-08-31-utoronto-azuread-secret-expired.md'),
    };
    // #1651 was closed on GitHub though its box is still unticked; #1652 is still open.
    const github = lookupFromRecord({ '2i2c-org/infrastructure#1651': 'closed', '2i2c-org/infrastructure#1652': 'open' });
    const diagnostics = checkFiles(files, { rule: priorOpenActions, github });
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([expect.stringContaining('(2i2c-org/infrastructure#1652)')]);
  });
});

describe('prior-open-actions on archived reports', () => {
  it('is off for an archived repeat, and still warns a new report that repeats an archived one', () => {
    const archivedRepeat = corpus('- [ ] Old item: acme/api#101\n');
    archivedRepeat[laterPath] = archivedRepeat[laterPath]!.replace('status: reviewed', 'status: archived');
    expect(checkFiles(archivedRepeat, { rule: priorOpenActions })).toEqual([]);

    const repeatOfArchived = corpus('- [ ] Old item: acme/api#101\n');
    repeatOfArchived[earlierPath] = repeatOfArchived[earlierPath]!.replace('status: reviewed', 'status: archived');
    const diagnostics = checkFiles(repeatOfArchived, { rule: priorOpenActions });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.severity])).toEqual([[laterPath, 'warning']]);
  });
});
