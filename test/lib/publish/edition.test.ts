import { describe, expect, it } from 'vitest';
import type { ParsedReport } from '../../../src/lib/parse.ts';
import {
  applyEdits,
  internalReportText,
  internalSectionsOf,
  isPublished,
  linkedReportId,
  publicBodyEdits,
  publicEdition,
  publicFrontmatter,
  publicReport,
  siteEdition,
  unpublishedIds,
  visibilityOf,
} from '../../../src/lib/publish/edition.ts';
import { completeBody, report } from '../../../src/lib/rules/examples.ts';
import { siteCorpus } from '../../../src/lib/site/corpus.ts';
import { toSiteReport } from '../../../src/lib/site/report.ts';
import { corpusGraph } from '../../../src/lib/graph.ts';
import { checkReports } from '../../../src/lib/check.ts';
import { makeConfig, parseFiles } from '../../helpers.ts';

const publicPath = 'postmortems/2024-03-08-api-down-again.md';
const internalPath = 'postmortems/2024-03-01-payments-zorblax.md';
const internalId = '2024-03-01-payments-zorblax';

/** A public report with everything the edition takes out, beside an internal one. */
function corpus(publicBody = completeBody, extra = '') {
  return {
    [publicPath]: report({
      date: '2024-03-08',
      extra: `visibility: public\nauthors: [alice]\nreviewers: [bob]\nrepeat_of: [${internalId}]\nrelated: [acme/api#7]\n${extra}`,
      body: publicBody,
    }),
    [internalPath]: report({ title: 'Payments zorblax outage', extra: `related: [2024-03-08-api-down-again]\n` }),
  };
}

const config = makeConfig({ publish: { internalSections: ['Internal notes', 'Contributing Factors'] } });
const parse = (files: Record<string, string>) => parseFiles(files, config);
const byPath = (reports: readonly ParsedReport[], path: string) => reports.find((candidate) => candidate.path === path)!;

describe('visibility', () => {
  it('is the report’s `visibility`, else `publish.defaultVisibility`', () => {
    const [internal, written] = parse({ 'a.md': report(), 'b.md': report({ extra: 'visibility: public\n' }) });
    expect(visibilityOf(internal!, config)).toBe('internal');
    expect(visibilityOf(written!, config)).toBe('public');
    const publicByDefault = makeConfig({ publish: { defaultVisibility: 'public' } });
    const [defaulted] = parseFiles({ 'a.md': report() }, publicByDefault);
    expect(visibilityOf(defaulted!, publicByDefault)).toBe('public');
    expect(defaulted!.data?.visibility).toBe('public');
  });

  it('reads the written value when other fields are invalid', () => {
    const [invalid] = parse({ 'a.md': report({ severity: 'sev9', extra: 'visibility: public\n' }) });
    expect(invalid!.data).toBeUndefined();
    expect(visibilityOf(invalid!, config)).toBe('public');
    expect(isPublished(invalid!, config)).toBe(false);
  });

  it('leaves drafts and internal reports unpublished', () => {
    const reports = parse({
      'postmortems/a.md': report({ extra: 'visibility: public\n' }),
      'postmortems/b.md': report({ status: 'draft', extra: 'visibility: public\n' }),
      'postmortems/c.md': report(),
    });
    expect(reports.map((candidate) => isPublished(candidate, config))).toEqual([true, false, false]);
    expect([...unpublishedIds(reports, config)].sort()).toEqual(['b', 'c']);
  });

  it('refuses another value, saying which it takes', () => {
    const [invalid] = parse({ 'a.md': report({ extra: 'visibility: customers\n' }) });
    expect(invalid!.frontmatterIssues.map((issue) => issue.message)).toEqual([
      'Unexpected `customers` for `visibility`, expected one of `internal` or `public`',
    ]);
  });
});

describe('publicFrontmatter', () => {
  it('drops the people fields and links to unpublished reports, keeps everything else as written', () => {
    const data = { title: 'T', authors: ['alice'], reviewers: ['bob'], repeat_of: 'gone', related: ['kept', 'gone', 'acme/api#1'], tags: ['x'] };
    expect(publicFrontmatter(data, new Set(['gone']))).toEqual({ title: 'T', repeat_of: [], related: ['kept', 'acme/api#1'], tags: ['x'] });
  });

  it('keeps a `__proto__:` key a key, as YAML reads it, rather than the prototype of the copy', () => {
    const data = JSON.parse('{"title": "T", "__proto__": {"authors": ["alice"]}, "constructor": 1}') as Record<string, unknown>;
    const copy = publicFrontmatter(data, new Set());
    expect(Object.keys(copy)).toEqual(['title', '__proto__', 'constructor']);
    expect('authors' in copy).toBe(false);
  });
});

describe('linkedReportId', () => {
  it.each([
    ['../2024-03-01-x/', '2024-03-01-x'],
    ['./2024-03-01-x.md', '2024-03-01-x'],
    ['/postmortems/2024-03-01-x/#timeline', '2024-03-01-x'],
    ['https://status.acme.com/postmortems/2024-03-01-x/index.html?q=1', '2024-03-01-x'],
    ['2024-03-01-x.markdown', '2024-03-01-x'],
    ['mailto:ops@acme.com', undefined],
    ['#timeline', undefined],
  ])('%s → %s', (url, id) => expect(linkedReportId(url)).toBe(id));
});

describe('internal sections', () => {
  it('match the configured names and, through a configured section, its name and aliases', () => {
    const body = `${completeBody}\n## Internal notes:\n\nA.\n\n## Root causes\n\nB.\n\n## Lessons learned\n\nC.\n`;
    const [parsed] = parse({ 'a.md': report({ body }) });
    expect(internalSectionsOf(parsed!, config).map((section) => section.title)).toEqual(['Internal notes:', 'Root causes']);
    expect(internalSectionsOf(parsed!, makeConfig({ publish: { internalSections: [] } }))).toEqual([]);
  });
});

describe('publicReport', () => {
  const body = `${completeBody
    .replace(
      'All API clients failed for 42 minutes.',
      `All API clients failed for 42 minutes, as in [Payments zorblax outage](../${internalId}/), [again][earlier] and <https://status.acme.com/postmortems/${internalId}/>; see [the runbook](/runbooks/api).\n\n<!-- zorblax: check with legal -->`,
    )
    .replace(
      '- [ ] Add a canary stage to deploys: acme/api#101',
      '- [ ] Add a canary stage to deploys: acme/api#101 @carol due: 2024-04-01\n- [ ] Alert on errors: acme/api#103 [@erin](https://github.com/erin)\n\n| Action | Owner | Issue |\n| --- | --- | --- |\n| Page on errors | dave | acme/api#102 |',
    )}
## Internal notes

The canary host was 10.0.4.17.

## Contributing factors

A zorblax job.

[earlier]: ./${internalId}.md
`;
  const reports = parse(corpus(body));
  const original = byPath(reports, publicPath);
  const rewritten = publicReport(original, config, unpublishedIds(reports, config))!;

  it('keeps every line where it was, so the body parses the same apart from what was taken out', () => {
    expect(rewritten.text.split('\n').length).toBe(original.text.split('\n').length);
    expect(rewritten.sections.map((section) => [section.title, section.headingPlace.start.line])).toEqual(
      original.sections
        .filter((section) => !['Internal notes', 'Contributing factors'].includes(section.title))
        .map((section) => [section.title, section.headingPlace.start.line]),
    );
  });

  it('drops authors, reviewers and links to the internal report from the frontmatter', () => {
    expect(rewritten.data).toMatchObject({
      authors: [],
      reviewers: [],
      repeat_of: [],
      related: ['acme/api#7'],
      visibility: 'public',
      title: 'API down after a bad deploy',
    });
    expect(rewritten.text).not.toMatch(/alice|bob/);
  });

  it('turns links to the internal report into plain text, keeps other links', () => {
    expect(rewritten.text).toContain(
      `All API clients failed for 42 minutes, as in ${internalReportText}, ${internalReportText} and ${internalReportText}; see [the runbook](/runbooks/api).`,
    );
    expect(rewritten.text).not.toContain(internalId);
  });

  it('takes out internal sections, aliases included, and HTML comments', () => {
    expect(rewritten.text).not.toMatch(/zorblax|10\.0\.4\.17|Internal notes|Contributing/i);
  });

  it('takes owners out of the action items, in the text and in the data', () => {
    expect(rewritten.actionItems.map((item) => [item.text, item.owner, item.due])).toEqual([
      ['Add a canary stage to deploys: acme/api#101 due: 2024-04-01', undefined, '2024-04-01'],
      ['Alert on errors: acme/api#103', undefined, undefined],
      ['Page on errors', undefined, undefined],
    ]);
    expect(original.actionItems.map((item) => item.owner)).toEqual(['carol', 'erin', 'dave']);
    expect(rewritten.text).not.toMatch(/carol|erin|dave/);
  });

  it('leaves a report with nothing to take out as it was, but its frontmatter', () => {
    const plain = parse({ [publicPath]: report({ date: '2024-03-08', extra: 'visibility: public\n' }) });
    const again = publicReport(plain[0]!, config, new Set())!;
    expect(again.text.slice(again.frontmatter.endOffset)).toBe(plain[0]!.text.slice(plain[0]!.frontmatter.endOffset));
    expect(again.data).toEqual(plain[0]!.data);
  });
});

describe('publicEdition and siteEdition', () => {
  it('hold the public reports only, and no word of the internal one anywhere the site reads', () => {
    const reports = parse(corpus(`${completeBody}\n## Internal notes\n\nzorblax\n`));
    const diagnostics = checkReports(reports, config, { now: new Date('2024-06-01T00:00:00Z') });
    const site = siteEdition('public', reports, diagnostics, config);
    expect(site.reports.map((candidate) => candidate.id)).toEqual(['2024-03-08-api-down-again']);
    expect(site.diagnostics).toEqual([]);
    const graph = corpusGraph(site.reports, config);
    const stored = site.reports.map((candidate) => toSiteReport({ report: candidate, diagnostics: site.diagnostics, graph, config }));
    const corpusData = siteCorpus({ reports: site.reports, diagnostics: site.diagnostics, graph, config, now: new Date('2024-06-01T00:00:00Z') });
    const everything = JSON.stringify({ stored, corpusData });
    expect(everything).not.toMatch(/zorblax|alice|bob/i);
    expect(everything).toContain('API down after a bad deploy');
    expect(stored[0]?.links).toMatchObject({ repeatOf: [], relatedFrom: [], related: [] });
  });

  it('is the whole corpus, diagnostics included, for the internal audience', () => {
    const reports = parse(corpus());
    const diagnostics = checkReports(reports, config, { now: new Date('2024-06-01T00:00:00Z') });
    const site = siteEdition('internal', reports, diagnostics, config);
    expect(site.reports).toBe(reports);
    expect(site.diagnostics).toBe(diagnostics);
  });

  it('keeps the order of the reports and leaves out what it cannot publish', () => {
    const reports = parse({
      'postmortems/b.md': report({ extra: 'visibility: public\n' }),
      'postmortems/a.md': report({ extra: 'visibility: public\n' }),
      'postmortems/c.md': report({ extra: 'visibility: public\n', status: 'draft' }),
    });
    expect(publicEdition(reports, config)).toMatchObject({ reports: [{ id: 'b' }, { id: 'a' }], withheld: [] });
  });
});

describe('applyEdits and publicBodyEdits', () => {
  it('applies edits in order', () => {
    expect(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: '' },
      ]),
    ).toBe('bcdEf');
  });

  it('never overlap: a link inside an internal section is part of the section’s edit', () => {
    const reports = parse(corpus(`${completeBody}\n## Internal notes\n\nSee [it](../${internalId}/) and @erin.\n`));
    const edits = publicBodyEdits(byPath(reports, publicPath), config, unpublishedIds(reports, config));
    const sorted = [...edits].sort((left, right) => left.start - right.start);
    sorted.forEach((edit, position) => {
      if (position > 0) expect(edit.start).toBeGreaterThanOrEqual(sorted[position - 1]!.end);
    });
  });
});
