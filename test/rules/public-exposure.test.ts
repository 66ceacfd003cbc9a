import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import publicExposure from '../../src/lib/rules/public-exposure.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-03-08-api-down-again.md';
const internalPath = 'postmortems/2024-03-01-payments-down.md';
const check = (files: Record<string, string>, config = makeConfig()) => checkFiles(files, { rule: publicExposure, config, targets: [path] });
/** A public report whose Resolution section (line 31) says `text`. */
const publicReport = (text: string, fields: { status?: string; extra?: string } = {}) =>
  report({
    date: '2024-03-08',
    status: fields.status,
    extra: `visibility: public\n${fields.extra ?? ''}`,
    body: completeBody.replace('Rolled back release 42.', text),
  });
/** `kind` of each message, and its place. */
const kinds = (files: Record<string, string>, config?: ReturnType<typeof makeConfig>) =>
  check(files, config).map(
    (diagnostic) =>
      `${diagnostic.place.start.line}:${diagnostic.place.start.column} ${/Unexpected ([a-z-]+ ?[a-z ]*?)(?= `| IP)/i.exec(diagnostic.message)?.[1]}`,
  );

describe('public-exposure', () => {
  it('reports a private address with its exact place, as an error, with a note', () => {
    const [diagnostic, ...rest] = check({ [path]: publicReport('Rolled back on 10.0.4.17.') });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({
      ruleId: 'public-exposure',
      severity: 'error',
      file: path,
      url: '/rules/public-exposure/',
      place: { start: { line: 31, column: 16 }, end: { line: 31, column: 25 } },
    });
    expect(diagnostic!.note).toContain('publish.internalSections');
  });

  it('is a warning in a draft, and an error in an archived report (the public edition publishes it)', () => {
    expect(check({ [path]: publicReport('On 10.0.4.17.', { status: 'draft' }) }).map((diagnostic) => diagnostic.severity)).toEqual(['warning']);
    expect(check({ [path]: publicReport('On 10.0.4.17.', { status: 'archived' }) }).map((diagnostic) => diagnostic.severity)).toEqual(['error']);
  });

  it('reads code blocks, links and every frontmatter value', () => {
    const text = publicReport('```\nconnect to 192.168.1.20:5432 failed\n```\n\nSee [the dashboard](https://grafana.ops.internal/d/1).', {
      extra: 'tags: [db.corp]\nwatch:\n  - name: "cert for 10.1.1.1"\n    expires: 2025-01-01\n',
    });
    expect(
      check({ [path]: text })
        .map(brief)
        .map((line) => line.slice(0, line.indexOf(' in a public report'))),
    ).toEqual([
      '11:8: Unexpected internal host name `db.corp`',
      '13:21: Unexpected private IP address `10.1.1.1`',
      '36:12: Unexpected private IP address `192.168.1.20`',
      '39:29: Unexpected internal host name `grafana.ops.internal`',
    ]);
  });

  it('skips what the public edition leaves out: authors, reviewers, internal sections, comments, links to internal reports', () => {
    const text = publicReport(
      `Rolled back. See [it](https://wiki.ops.internal/2024-03-01-payments-down/)<!-- 10.9.9.9 -->.\n\n## Internal notes\n\nThe canary was 10.0.4.17, paged by alice@acme.com.\n\n## Contributing factors\n\ncarol@acme.com`,
      { extra: 'authors: [alice@acme.com]\nreviewers: [bob@acme.com]\n' },
    );
    const internal = report({ title: 'Payments down after a bad deploy' });
    // The link leads to an internal report, so the edition shows "an internal report": its host is never published.
    expect(check({ [path]: text, [internalPath]: internal }, makeConfig({ publish: { internalSections: ['Internal notes', 'Root Cause'] } }))).toEqual([]);
    // Without the internal report, the link is published as it is.
    expect(kinds({ [path]: text }, makeConfig({ publish: { internalSections: ['Internal notes', 'Root Cause'] } }))).toEqual(['33:31 internal host name']);
  });

  it('uses the configured internal domains, which replace the default ones', () => {
    const text = publicReport('See grafana.corp.acme.com and db.ops.internal.');
    expect(kinds({ [path]: text }, makeConfig({ publish: { internalDomains: ['corp.acme.com'] } }))).toEqual(['31:5 internal host name']);
    expect(kinds({ [path]: text }, makeConfig({ publish: { internalDomains: [] } }))).toEqual([]);
  });

  it('reports an internal report named by its id or its whole title, not its own title nor a short one', () => {
    const text = publicReport('As in 2024-03-01-payments-down, and as in the Payments Down After A Bad Deploy outage. API down after a bad deploy again.');
    const files = { [path]: text, [internalPath]: report({ title: 'Payments down after a bad deploy' }), 'postmortems/db.md': report({ title: 'DB' }) };
    expect(
      check(files)
        .map(brief)
        .map((line) => line.slice(0, line.indexOf(' in a public report'))),
    ).toEqual([
      '31:7: Unexpected mention of the internal report `2024-03-01-payments-down`',
      '31:47: Unexpected mention of the internal report `2024-03-01-payments-down` (by its title `Payments down after a bad deploy`)',
    ]);
  });

  it('says nothing about an internal report, or a public one that names a public report', () => {
    expect(check({ [path]: report({ date: '2024-03-08', body: completeBody.replace('Rolled back release 42.', 'On 10.0.4.17 by alice@acme.com.') }) })).toEqual(
      [],
    );
    const other = report({ title: 'Payments down after a bad deploy', extra: 'visibility: public\n' });
    expect(check({ [path]: publicReport('As in 2024-03-01-payments-down.'), [internalPath]: other })).toEqual([]);
  });

  it('checks every report public by default when `publish.defaultVisibility` is `public`', () => {
    const text = report({ date: '2024-03-08', body: completeBody.replace('Rolled back release 42.', 'On 10.0.4.17.') });
    expect(check({ [path]: text }, makeConfig({ publish: { defaultVisibility: 'public' } }))).toHaveLength(1);
  });

  it('reports only on the reports being checked', () => {
    const files = {
      [internalPath]: report({ extra: 'visibility: public\n', body: completeBody.replace('Rolled back release 42.', 'On 10.0.4.17.') }),
      [path]: publicReport('Fine.'),
    };
    expect(check(files)).toEqual([]);
  });

  it('passes the example report', () => {
    expect(check({ [path]: publicReport('Rolled back release 42.') })).toEqual([]);
  });
});
