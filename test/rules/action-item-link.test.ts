import { describe, expect, it } from 'vitest';
import actionItemLink from '../../src/lib/rules/action-item-link.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const actionItems = '## Action Items\n\n- [ ] Add a canary stage to deploys: acme/api#101\n';
/** A report whose Action Items section (at line 32; items from line 34) is `section`. */
const withActions = (section: string, fields: Parameters<typeof report>[0] = {}) => report({ ...fields, body: completeBody.replace(actionItems, section) });
const check = (text: string, config = makeConfig()) => checkFiles({ [path]: text }, { rule: actionItemLink, config });
const expected = 'expected a GitHub issue or pull request URL or `owner/repo#123`';

describe('action-item-link', () => {
  it('passes items that link an issue, a pull request or `owner/repo#123`', () => {
    expect(check(report())).toEqual([]);
    expect(
      check(
        withActions(
          [
            '## Action Items',
            '',
            '- [x] Roll back faster: https://github.com/acme/api/pull/7',
            '- Alert sooner <https://github.com/acme/api/issues/8#issuecomment-1>',
            '- Document it ([docs](https://github.com/acme/docs/issues/9))',
          ].join('\n'),
        ),
      ),
    ).toEqual([]);
  });

  it("reports the template's `owner/repo#123` left in an item, a warning on drafts", () => {
    const item = '## Action Items\n\n- [ ] What will be done: owner/repo#123 @owner due: YYYY-MM-DD\n- [ ] Alert per release: Owner/Repo#7 and acme/api#102\n';
    const diagnostics = check(withActions(item));
    expect(diagnostics.map((diagnostic) => [brief(diagnostic), diagnostic.severity, diagnostic.place.end.column])).toEqual([
      ['34:26: Unexpected placeholder reference `owner/repo#123` from the template, expected a link to the issue that tracks this item', 'error', 40],
    ]);
    expect(check(withActions(item, { status: 'draft' })).map((diagnostic) => diagnostic.severity)).toEqual(['warning']);
  });

  it('reports an item without a reference at the item, with rule id, line and column', () => {
    const diagnostics = check(withActions(`${actionItems}- [ ] Alert on the error rate per release @bob\n  (due: 2024-04-01)\n`));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      ruleId: 'action-item-link',
      severity: 'error',
      place: { start: { line: 35, column: 1 }, end: { line: 36, column: 20 } },
    });
    expect(diagnostics.map(brief)).toEqual([`35:1: Unexpected action item without a tracker reference, ${expected}`]);
  });

  it('reports each unlinked item in nested groups, numbered lists and tables', () => {
    const text = withActions(
      [
        '## Action Items',
        '',
        '### Process improvements',
        '',
        '1. Review the runbook',
        '2. Page the owner: acme/api#5',
        '',
        '### Technical improvements',
        '',
        '- Monitoring',
        '  - Alert on latency',
        '  - Alert on errors: acme/api#6',
        '',
        '| Action | Issue |',
        '| --- | --- |',
        '| Add retries | |',
        '| Add timeouts | acme/api#7 |',
      ].join('\n'),
    );
    expect(check(text).map(brief)).toEqual([
      `36:1: Unexpected action item without a tracker reference, ${expected}`,
      `42:3: Unexpected action item without a tracker reference, ${expected}`,
      `47:1: Unexpected action item without a tracker reference, ${expected}`,
    ]);
  });

  it('does not report a parent whose sub-items carry the links', () => {
    const text = withActions(
      ['## Action Items', '', '- Better alerting', '  - acme/api#102', '  - acme/api#103', '- [ ] Rotate the secret', '  - Issue: acme/api#104'].join('\n'),
    );
    expect(check(text)).toEqual([]);
  });

  it('lets a group heading that links an issue cover its items', () => {
    const text = withActions(
      ['## Action Items', '', '### Short-term (tracked in acme/api#40)', '', '- Split read and write pools', '- Add circuit breakers'].join('\n'),
    );
    expect(check(text)).toEqual([]);
  });

  it('reports an Action Items section without items at its heading', () => {
    const diagnostics = check(withActions('## Action Items\n\nNone needed, this was a one-off.\n'));
    expect(diagnostics.map(brief)).toEqual([
      '32:1: Unexpected section `Action Items` without action items, expected a list item or table row for each action, each linking its tracker issue',
    ]);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'action-item-link', place: { start: { line: 32, column: 1 }, end: { line: 32, column: 16 } } });
    // A table with only its header row lists nothing either.
    expect(check(withActions('## Follow-up actions\n\n| Action | Issue |\n| --- | --- |\n')).map(brief)).toEqual([
      '32:1: Unexpected section `Follow-up actions` without action items, expected a list item or table row for each action, each linking its tracker issue',
    ]);
  });

  it('leaves an entirely empty section to `empty-section`, and a missing one to `required-section`', () => {
    expect(check(withActions('## Action Items\n\n<!-- Link each item to its issue. -->\n'))).toEqual([]);
    expect(check(withActions(''))).toEqual([]);
  });

  it('is an error on drafts too', () => {
    const [diagnostic] = check(withActions('## Action Items\n\n- Fix it\n', { status: 'draft' }));
    expect(diagnostic).toMatchObject({ ruleId: 'action-item-link', severity: 'error', place: { start: { line: 34, column: 1 } } });
  });

  it('names `#123` and configured trackers in the message, and accepts them', () => {
    const config = makeConfig({
      github: { repository: 'acme/api' },
      trackers: [
        { name: 'Jira', pattern: '^https://acme\\.atlassian\\.net/browse/[A-Z]+-\\d+$' },
        { name: 'Linear', pattern: '^https://linear\\.app/acme/issue/[A-Z]+-\\d+' },
      ],
    });
    const text = withActions(
      [
        '## Action Items',
        '',
        '- Fix #12',
        '- Audit https://acme.atlassian.net/browse/OPS-42',
        '- Plan https://linear.app/acme/issue/ENG-1/plan',
        '- Think',
      ].join('\n'),
    );
    expect(check(text, config).map(brief)).toEqual([
      '37:1: Unexpected action item without a tracker reference, expected a GitHub issue or pull request URL, `owner/repo#123`, `#123` or a Jira or Linear URL',
    ]);
    expect(check(withActions('## Action Items\n\n- Fix #12\n'))).toHaveLength(1);
  });

  it("says what to configure for a bare `#123` or an unknown tracker's URL", () => {
    const text = withActions(
      ['## Action Items', '', '- Fix #415', '- Audit https://acme.atlassian.net/browse/OPS-1', '- Read https://example.org/runbook'].join('\n'),
    );
    expect(check(text).map(brief)).toEqual([
      `34:1: Unexpected action item without a tracker reference, ${expected} (set \`github.repository\` in hindsight.config.yaml to link bare \`#123\`)`,
      `35:1: Unexpected action item without a tracker reference, ${expected} (add a \`trackers\` pattern in hindsight.config.yaml for \`acme.atlassian.net\`)`,
      `36:1: Unexpected action item without a tracker reference, ${expected}`,
    ]);
  });

  it('does not count links that are not issues, or references in code', () => {
    const text = withActions(
      ['## Action Items', '', '- See https://github.com/acme/api/blob/main/README.md', '- Run `acme/api#3`', '- Read https://example.org/runbook'].join('\n'),
    );
    expect(check(text).map((diagnostic) => diagnostic.place.start.line)).toEqual([34, 35, 36]);
  });

  it('reports a due date not written `YYYY-MM-DD` at the date itself', () => {
    const text = withActions(
      [
        '## Action Items',
        '',
        '- [ ] Canary deploys: acme/api#101 due: 15/12/2026',
        '- [ ] Alert per release: acme/api#102 (**due:** tomorrow)',
        '- [ ] Page the owner: acme/api#103 due: 2026-02-30.',
        '- [ ] Retry requests: acme/api#104 due: 2026-03-01, due to the outage',
        '',
        '| Action | Issue | Due |',
        '| --- | --- | --- |',
        '| Rotate keys | acme/api#105 | 12/15/2026 |',
        '| Audit access | acme/api#106 | Q3 2026 |',
      ].join('\n'),
    );
    const diagnostics = check(text);
    expect(diagnostics.map((diagnostic) => [brief(diagnostic), diagnostic.ruleId, diagnostic.place.end.column])).toEqual([
      ['34:41: Unexpected due date `15/12/2026`, expected `YYYY-MM-DD`', 'action-item-link', 51],
      ['35:49: Unexpected due date `tomorrow`, expected `YYYY-MM-DD`', 'action-item-link', 57],
      ['36:41: Unexpected due date `2026-02-30`, expected `YYYY-MM-DD`', 'action-item-link', 51],
      ['41:32: Unexpected due date `12/15/2026`, expected `YYYY-MM-DD`', 'action-item-link', 42],
    ]);
  });

  it('can be turned into a warning or off in the configuration', () => {
    const text = withActions('## Action Items\n\n- Fix it\n');
    expect(check(text, makeConfig({ rules: { 'action-item-link': 'warn' } }))[0]?.severity).toBe('warning');
    expect(check(text, makeConfig({ rules: { 'action-item-link': 'off' } }))).toEqual([]);
  });
});

describe('action-item-link on archived reports', () => {
  it('is off: old items are kept as they were written', () => {
    const section = '## Action Items\n\n- Fix it\n- [ ] Rotate keys due: 15/12/2019\n- Template: owner/repo#123\n';
    expect(check(withActions(section, { status: 'archived' }))).toEqual([]);
    expect(check(withActions('## Action Items\n\nWe will look into it.\n', { status: 'archived' }))).toEqual([]);
    expect(check(withActions(section, { status: 'reviewed' }))).toHaveLength(4);
  });
});

describe('action-item-link due dates out of the sane range', () => {
  const range = 'expected a day from `1970-01-01` to `2034-06-01` (`dates` in hindsight.config.yaml sets the range)';

  it.each(['1000-01-01', '9999-12-31', '1969-12-31'])('reports `due: %s` at the date, in a list and in a table', (due) => {
    const list = withActions(`## Action Items\n\n- [ ] Add a canary stage: acme/api#101 due: ${due}\n`);
    expect(check(list).map(brief)).toEqual([`34:45: Unexpected due date \`${due}\`, ${range}`]);
    const table = withActions(`## Action Items\n\n| Action | Issue | Due |\n| --- | --- | --- |\n| Canary | acme/api#101 | ${due} |\n`);
    expect(check(table).map(brief)).toEqual([`36:27: Unexpected due date \`${due}\`, ${range}`]);
  });

  it('accepts due dates inside the range, and follows `dates` in the configuration', () => {
    const section = (due: string) => withActions(`## Action Items\n\n- [ ] Add a canary stage: acme/api#101 due: ${due}\n`);
    expect(check(section('2034-06-01'))).toEqual([]);
    const config = makeConfig({ dates: { earliest: '2000-01-01', latestYearsAhead: 100 } });
    expect(check(section('2120-01-01'), config)).toEqual([]);
    expect(check(section('1999-12-31'), config).map(brief)).toEqual([
      '34:45: Unexpected due date `1999-12-31`, expected a day from `2000-01-01` to `2124-06-01` (`dates` in hindsight.config.yaml sets the range)',
    ]);
  });
});

describe('action-item-link: work already done', () => {
  const done =
    '## Action Items\n\n### Immediate actions (completed)\n\n- [x] Rolled back release 42\n- [X] Paged the database team\n\n### Follow-up\n\n- [ ] Add a canary stage to deploys: acme/api#101\n';

  it('asks no issue of an item ticked `[x]`, even under review', () => {
    expect(check(withActions(done, { status: 'in-review' }))).toEqual([]);
    expect(
      check(withActions('## Action Items\n\n| Action | Status |\n| --- | --- |\n| Rolled back release 42 | Done |\n| Add a canary stage | Open |\n')).map(
        brief,
      ),
    ).toEqual([`37:1: Unexpected action item without a tracker reference, ${expected}`]);
  });

  it('still asks one of an open item, and says that ticking done work is enough', () => {
    const [diagnostic, ...rest] = check(withActions(done.replace('- [ ] Add a canary stage to deploys: acme/api#101', '- [ ] Add a canary stage to deploys')));
    expect(rest).toEqual([]);
    expect(brief(diagnostic!)).toBe(`41:1: Unexpected action item without a tracker reference, ${expected}`);
    expect(diagnostic!.note).toContain('If the work is already done, tick it (`- [x]`)');
  });

  it("still refuses the template's `owner/repo#123` on a ticked item", () => {
    expect(check(withActions('## Action Items\n\n- [x] What will be done: owner/repo#123\n')).map(brief)).toEqual([
      '34:26: Unexpected placeholder reference `owner/repo#123` from the template, expected a link to the issue that tracks this item',
    ]);
  });
});
