import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/lib/markdown-parser.ts';
import { findReferences, parseReference } from '../../src/lib/references.ts';
import { LineIndex } from '../../src/lib/text.ts';
import { makeConfig } from '../helpers.ts';

const config = makeConfig();
const withRepository = makeConfig({ github: { repository: 'acme/api' } });
const withTrackers = makeConfig({
  trackers: [
    { name: 'Jira', pattern: '^https://acme\\.atlassian\\.net/browse/[A-Z]+-\\d+$' },
    { name: 'Linear', pattern: '^https://linear\\.app/acme/issue/(?<label>[A-Z]+-\\d+)(?:/[\\w-]*)?$' },
    { name: 'Tickets', pattern: '^https://tickets\\.example\\.org/t/\\d+$' },
  ],
});

describe('parseReference', () => {
  it('reads GitHub issue and pull request URLs', () => {
    expect(parseReference('https://github.com/acme/api/issues/101', config)).toEqual({
      raw: 'https://github.com/acme/api/issues/101',
      url: 'https://github.com/acme/api/issues/101',
      label: 'acme/api#101',
      tracker: 'github',
      github: { owner: 'acme', repo: 'api', number: 101, kind: 'issue' },
    });
    expect(parseReference('https://github.com/acme/api/pull/7', config)).toMatchObject({
      url: 'https://github.com/acme/api/pull/7',
      label: 'acme/api#7',
      github: { owner: 'acme', repo: 'api', number: 7, kind: 'pull' },
    });
  });

  it('drops comment anchors, sub-pages and queries from the canonical URL but keeps the raw value', () => {
    const raw = 'https://github.com/acme/api/issues/1#issuecomment-123456';
    expect(parseReference(raw, config)).toMatchObject({ raw, url: 'https://github.com/acme/api/issues/1', label: 'acme/api#1' });
    expect(parseReference('https://github.com/acme/api/pull/2/files?w=1', config)).toMatchObject({
      url: 'https://github.com/acme/api/pull/2',
    });
    expect(parseReference('http://www.github.com/Acme/my.repo/issues/3', config)).toMatchObject({
      url: 'https://github.com/Acme/my.repo/issues/3',
      github: { owner: 'Acme', repo: 'my.repo', number: 3, kind: 'issue' },
    });
  });

  it('reads `owner/repo#123` without knowing whether it is an issue or a pull request', () => {
    expect(parseReference('2i2c-org/infrastructure#1688', config)).toEqual({
      raw: '2i2c-org/infrastructure#1688',
      url: 'https://github.com/2i2c-org/infrastructure/issues/1688',
      label: '2i2c-org/infrastructure#1688',
      tracker: 'github',
      github: { owner: '2i2c-org', repo: 'infrastructure', number: 1688 },
    });
    expect(parseReference('  acme/api#9  ', config)?.raw).toBe('acme/api#9');
  });

  it('reads a bare `#123` only when a default repository is configured', () => {
    expect(parseReference('#42', config)).toBeUndefined();
    expect(parseReference('#42', withRepository)).toMatchObject({
      url: 'https://github.com/acme/api/issues/42',
      label: 'acme/api#42',
      github: { owner: 'acme', repo: 'api', number: 42 },
    });
  });

  it('reads URLs matching a configured tracker, labelled by capture group, ticket key or URL', () => {
    expect(parseReference('https://acme.atlassian.net/browse/OPS-42', withTrackers)).toEqual({
      raw: 'https://acme.atlassian.net/browse/OPS-42',
      url: 'https://acme.atlassian.net/browse/OPS-42',
      label: 'OPS-42',
      tracker: 'Jira',
    });
    expect(parseReference('https://linear.app/acme/issue/ENG-123/fix-the-cache', withTrackers)).toMatchObject({
      label: 'ENG-123',
      tracker: 'Linear',
    });
    expect(parseReference('https://tickets.example.org/t/991', withTrackers)).toMatchObject({
      label: 'tickets.example.org/t/991',
      tracker: 'Tickets',
    });
    expect(parseReference('https://acme.atlassian.net/browse/OPS-42', config)).toBeUndefined();
  });

  it('refuses what is not a reference', () => {
    for (const value of [
      '',
      'acme/api',
      'acme/api#',
      'acme/api#12a',
      'example.com/a#1',
      'https://github.com/acme/api',
      'https://github.com/acme/api/issues',
      'https://github.com/acme/api/blob/main/README.md',
      'https://github.com/acme/api/discussions/5',
      'https://gitlab.com/acme/api/issues/1',
      'ftp://github.com/acme/api/issues/1',
      'https://',
      'not a url',
    ]) {
      expect(parseReference(value, withTrackers), value).toBeUndefined();
    }
  });

  it('does not treat GitHub Enterprise hosts as GitHub (there is no host setting yet)', () => {
    expect(parseReference('https://github.acme.com/acme/api/issues/1', config)).toBeUndefined();
  });
});

describe('findReferences', () => {
  const parse = (text: string) => ({
    tree: parseMarkdown(text),
    index: new LineIndex(text),
  });
  const summary = (text: string, options = config) => {
    const { tree, index } = parse(text);
    return findReferences(tree, index, options).map(
      (reference) => `${reference.place.start.line}:${reference.place.start.column}-${reference.place.end.column} ${reference.label}`,
    );
  };

  it('finds link URLs, autolinks and bare text references with exact places', () => {
    const text = [
      'Fix it: acme/api#1 and [the PR](https://github.com/acme/api/pull/2).',
      'Also <https://github.com/acme/web/issues/3> and https://github.com/acme/web/issues/4 too.',
    ].join('\n');
    expect(summary(text)).toEqual(['1:9-19 acme/api#1', '1:24-68 acme/api#2', '2:6-44 acme/web#3', '2:49-85 acme/web#4']);
  });

  it('counts a link once even when its text is a reference too', () => {
    expect(summary('See [acme/api#5](https://github.com/acme/api/issues/5).')).toEqual(['1:5-55 acme/api#5']);
  });

  it('reads a reference in the text of a link that points elsewhere', () => {
    expect(summary('See [acme/api#6](https://ci.example.org/run/6).')).toEqual(['1:6-16 acme/api#6']);
  });

  it('finds bare `#123` only with a default repository, and keeps positions exact after escapes', () => {
    expect(summary('Tracked in #12.')).toEqual([]);
    expect(summary('Tracked \\*in\\* #12.', withRepository)).toEqual(['1:16-19 acme/api#12']);
  });

  it('leaves code, paths, anchors, e-mail addresses and `C#1` alone', () => {
    expect(
      summary(
        'Run `acme/api#7`; see src/docs/api#8, page#9, user@acme/api#10, C#1 and https://example.org/acme/api#11.\n\n```\nacme/api#12\n```',
        withRepository,
      ),
    ).toEqual([]);
  });

  it('finds tracker URLs', () => {
    expect(summary('Filed as https://acme.atlassian.net/browse/OPS-42.', withTrackers)).toEqual(['1:10-50 OPS-42']);
  });

  it('reports places as they are in the file when the node sits after frontmatter', () => {
    const file = '---\ntitle: x\n---\n\n- fix: acme/api#3\n';
    const blanked = file.replace(/^---\ntitle: x\n---\n/, '   \n        \n   \n');
    const tree = parseMarkdown(blanked);
    const [reference] = findReferences(tree, new LineIndex(file), config);
    expect(reference?.place).toEqual({ start: { line: 5, column: 8, offset: 25 }, end: { line: 5, column: 18, offset: 35 } });
  });
});

describe('GitHub Enterprise', () => {
  it('accepts issue URLs on the configured server and links short references there', async () => {
    const { parseReference } = await import('../../src/lib/references.ts');
    const { configSchema } = await import('../../src/lib/config.ts');
    const config = configSchema.parse({ github: { url: 'https://github.acme.com' } });
    expect(parseReference('https://github.acme.com/ops/infra/issues/12', config)).toMatchObject({
      tracker: 'github',
      label: 'ops/infra#12',
      github: { owner: 'ops', repo: 'infra', number: 12, kind: 'issue' },
    });
    expect(parseReference('ops/infra#12', config)?.url).toBe('https://github.acme.com/ops/infra/issues/12');
    expect(parseReference('https://github.other.com/ops/infra/issues/12', config)).toBeUndefined();
  });
});
