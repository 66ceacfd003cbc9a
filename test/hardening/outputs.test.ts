/**
 * Every output escaped (issue 11, item 5): one corpus of hostile reports (control
 * characters, XML-illegal code points, markup, backticks, workflow commands,
 * bidirectional controls, credentials, dates 9,000 years apart, file names that
 * are all of these) goes through every format Hindsight writes, and each output is
 * read back the way its consumer reads it: the RSS feed by a strict XML check, the
 * calendar by ical.js, JSON by JSON.parse, the step summary by remark, the
 * terminal formats line by line.
 */
import { getRssString } from '@astrojs/rss';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { checkReports, summarize } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { formatGithub, formatStepSummary } from '../../src/lib/reporters/github.ts';
import { formatJson } from '../../src/lib/reporters/json.ts';
import { formatPretty } from '../../src/lib/reporters/pretty.ts';
import { report as example } from '../../src/lib/rules/examples.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { siteCorpus } from '../../src/lib/site/corpus.ts';
import { toSiteReport, type SiteReport } from '../../src/lib/site/report.ts';
import { statisticsJson } from '../../src/lib/site/stats-view.ts';
import { buildSite, rssFeed } from '../../src/lib/site/site.ts';
import { findUnprintable, printable } from '../../src/lib/text.ts';
import { makeConfig, makeProject, parseFiles, runCli } from '../helpers.ts';

const now = new Date('2024-06-01T00:00:00Z');
const token = ['gh', 'p_', syntheticToken(36, 31)].join('');

/** Values an author could paste (or an attacker could write) into any text of a report. */
const hostile = [
  'ctl \u0001\u000b\u001b[31m \u0000 end',
  'lone \ud800 and \udfff surrogates',
  'non-characters \ufffe\uffff',
  'C1 \u0085 next line, \u009b2J one-byte CSI, DEL \u007f',
  'markup <b>bold</b> &amp; & "double" \'single\' ]]> </title> <![CDATA[x]]>',
  'backticks ` `` ``` **bold** _em_ [link](https://evil.example) ![img](x) | pipe',
  '::error file=x,line=1::injected',
  'bidi \u202e reversed \u2066 isolate',
  'emoji 🔥, tab\tand 日本語',
  `token ${token} pasted`,
];

/** A YAML double-quoted scalar holding `value` exactly (JSON's escapes are YAML's). */
const yaml = (value: string) => JSON.stringify(value);

/** Text for a Markdown body: no NUL (a file with one is binary, the `file` rule says so). */
const bodyText = (value: string) => value.replace(/\u0000/g, '');

function hostileFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  hostile.forEach((value, index) => {
    const date = `2024-03-${String(index + 1).padStart(2, '0')}`;
    files[`postmortems/${date}-r${index}.md`] = example({
      date,
      title: yaml(value),
      extra: [`tags: [${yaml(value)}]`, `authors: [${yaml(value)}]`, 'watch:', `  - name: ${yaml(value)}`, '    expires: 2024-09-01', ''].join('\n'),
      body: [
        `# ${bodyText(value)}`,
        '',
        '## Overview',
        '',
        bodyText(value),
        '',
        `## ${bodyText(value)}`,
        '',
        '## Main',
        '',
        '## Action Items',
        '',
        `- [ ] ${bodyText(value)}: acme/api#${index + 1} due: 2024-07-01`,
        '',
      ].join('\n'),
    }).replace('services: [api]', `services: [api, ${yaml(value)}]`);
  });
  // A hostile file name, and dates 9,000 years apart.
  files['postmortems/2024-04-01-::error \u001b[31m`x`|y.md'] = example({ date: '2024-04-01' });
  files['postmortems/1000-01-01-ancient.md'] = example({ date: '1000-01-01', extra: 'watch:\n  - name: old\n    expires: 1000-01-02\n' });
  files['postmortems/9999-12-31-future.md'] = example({
    date: '9999-12-31',
    body: '# Later\n\n## Action Items\n\n- [ ] Never: acme/api#99 due: 9999-12-31\n',
  });
  return files;
}

const config = makeConfig({ site: { title: 'Incidents \u0001\u001b[2J <&> ]]>', url: 'https://acme.example' } });
const files = hostileFiles();
const parsed = parseFiles(files, config);
const diagnostics = checkReports(parsed, config, { now });
const graph = corpusGraph(parsed, config);
const stored = parsed
  .map((one) => toSiteReport({ report: one, diagnostics: diagnostics.filter((diagnostic) => diagnostic.file === one.path), graph, config }))
  .filter((one): one is SiteReport => one !== undefined);
const corpus = siteCorpus({ reports: parsed, diagnostics, graph, config, now });
const site = buildSite({ reports: stored, config, now, corpus });

/** XML 1.0's `Char` production. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * A strict well-formedness check: fast-xml-parser's validator checks the
 * structure (tags, attributes, entities) but not which characters a document may
 * hold, so every character and every character reference is checked against
 * XML's `Char` production, and every `&` must start a reference.
 */
function expectWellFormedXml(xml: string): void {
  // Iterating a string yields code points; a lone surrogate comes out alone, and fails.
  const illegal = [...xml].map((character) => character.codePointAt(0)!).filter((codePoint) => !isXmlChar(codePoint));
  expect(illegal.map((codePoint) => `U+${codePoint.toString(16).toUpperCase()}`)).toEqual([]);
  for (const [, reference] of xml.matchAll(/&#(x[0-9a-fA-F]+|\d+);/g)) {
    expect(isXmlChar(reference!.startsWith('x') ? Number.parseInt(reference!.slice(1), 16) : Number(reference))).toBe(true);
  }
  expect(xml).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
  expect(XMLValidator.validate(xml)).toBe(true);
}

/** Every string in plain data. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (value !== null && typeof value === 'object') for (const field of Object.values(value)) strings(field, found);
  return found;
}

/** Characters a terminal or a CI log acts on: C0 controls but line feed, DEL, C1 controls, bidirectional controls. */
const terminalControls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Checks a terminal output: nothing acts on the terminal or the CI log, and no credential shows. */
function expectInert(output: string): void {
  expect(output).not.toMatch(terminalControls);
  expect(output).not.toContain(token.slice(4, 14));
  for (const line of output.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
}

describe('the hostile corpus', () => {
  it('is refused by the checks: control characters and extreme dates are errors', () => {
    const messages = diagnostics.filter((diagnostic) => diagnostic.ruleId === 'frontmatter').map((diagnostic) => diagnostic.message);
    expect(messages).toContain('Unexpected control character `\\u0001` in `title`, expected printable text');
    expect(messages).toContain('Unexpected unpaired surrogate `\\uD800` in `title`, expected printable text');
    expect(messages).toContain('Unexpected non-character `\\uFFFE` in `title`, expected printable text');
    expect(messages).toContain(
      'Unexpected `9999-12-31` for `date`, expected a day from `1970-01-01` to `2034-06-01` (`dates` in hindsight.config.yaml sets the range)',
    );
    expect(stored.length).toBe(parsed.length);
  });
});

describe('every output escaped', () => {
  it('RSS: a well-formed feed whose texts read back as written, less what XML cannot hold', async () => {
    const xml = await getRssString(rssFeed(site, 'https://acme.example'));
    expectWellFormedXml(xml);
    const feed = new XMLParser({ processEntities: true, htmlEntities: false, parseTagValue: false }).parse(xml) as {
      rss: { channel: { title: string; item: Array<{ title: string; category: string[] }> } };
    };
    expect(feed.rss.channel.title).toBe('Incidents [2J <&> ]]>');
    const titles = feed.rss.channel.item.map((item) => item.title);
    for (const value of hostile) expect(titles).toContain(printable(value).trim());
  });

  it('iCalendar: parsed by ical.js, no control characters, dates of eight digits, extreme dates left out', () => {
    const text = corpus.calendar;
    // With `u`, a surrogate class matches lone surrogates only, not the halves of 🔥.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffe\uffff\ud800-\udfff]/u);
    for (const line of text.split('\r\n').filter((candidate) => /^(?:DTSTART|DTEND|DTSTAMP)[;:]/.test(candidate))) {
      expect(line).toMatch(/^(?:DTSTART;VALUE=DATE:|DTEND;VALUE=DATE:|DTSTAMP:)\d{8}(?:T000000Z)?$/);
    }
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(events.length).toBe(hostile.length * 2);
    expect(events.every((event) => event.startDate.year === 2024)).toBe(true);
  });

  it('/stats.json: valid JSON of a few kilobytes, no report out of the range counted, no control character in a name', () => {
    const json = statisticsJson(corpus.statistics);
    expect(json.length).toBeLessThan(10_000);
    const data = JSON.parse(json) as typeof corpus.statistics;
    expect(data.reports).toBe(hostile.length + 1);
    expect(data.incidentsPerMonth.map((entry) => entry.month)).toEqual(['2024-03', '2024-04']);
    for (const text of strings(data)) expect(findUnprintable(text), JSON.stringify(text)).toBeUndefined();
  });

  it('HTML: every text the pages show is printable, and body heading ids never take a page id', () => {
    // Pages only format the stored reports, the site model and the corpus entry: nothing else reaches the HTML.
    expect(findUnprintable(site.title)).toBeUndefined();
    for (const text of [...strings(stored), ...strings(site.rows), ...strings(corpus.chains), ...strings(corpus.possibleRepeats)]) {
      expect(findUnprintable(text), JSON.stringify(text)).toBeUndefined();
    }
    for (const one of stored) {
      const ids = strings(one).flatMap((text) => [...text.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]!));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).not.toContain('main');
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('step summary: no link, emphasis or HTML comes from a value, and every row keeps its five cells', () => {
    const markdown = formatStepSummary(summarize(parsed.length, diagnostics), diagnostics);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as MdastRoot;
    const nodes: MdastNodes[] = [];
    const walk = (node: MdastNodes) => {
      nodes.push(node);
      if ('children' in node) for (const child of node.children) walk(child);
    };
    walk(tree);
    expect(
      nodes.filter((node) => ['strong', 'emphasis', 'delete', 'html', 'image', 'imageReference', 'linkReference', 'footnoteReference'].includes(node.type)),
    ).toEqual([]);
    const links = nodes.filter((node) => node.type === 'link');
    expect(links.length).toBe(diagnostics.length);
    for (const link of links) expect(link.url).toMatch(/^https:\/\/acme\.example\/rules\/[a-z-]+\/$/);
    const table = tree.children.find((node) => node.type === 'table');
    expect(table?.children.length).toBe(diagnostics.length + 1);
    for (const row of table!.children) expect(row.children).toHaveLength(5);
    expect(markdown).not.toMatch(terminalControls);
    expect(markdown).not.toContain(token.slice(4, 14));
  });

  it('pretty, verbose: nothing acts on the terminal, no token, no workflow command', () => {
    const paths = parsed.map((one) => one.path);
    expectInert(formatPretty(paths, summarize(paths.length, diagnostics), diagnostics, { color: false, verbose: true }));
  });

  it('GitHub annotations: one line per diagnostic, each a command of ours, with nothing raw', () => {
    const lines = formatGithub(summarize(parsed.length, diagnostics), diagnostics).trimEnd().split('\n');
    expect(lines).toHaveLength(diagnostics.length + 1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^::(?:error|warning) file=[^:]*,line=\d+,/);
    expect(lines.join('\n')).not.toMatch(terminalControls);
    expect(lines.join('\n')).not.toContain(token.slice(4, 14));
  });

  it('check --format json: parses, with file names and messages intact but credentials masked and controls escaped', () => {
    const json = formatJson(summarize(parsed.length, diagnostics), diagnostics);
    expectInert(json);
    const output = JSON.parse(json) as { messages: Array<{ file: string }> };
    expect(output.messages.map((message) => message.file)).toContain('postmortems/2024-04-01-::error \u001b[31m`x`|y.md');
  });

  it('actions, table and JSON: nothing acts on the terminal, no token, no workflow command', async () => {
    const root = await makeProject(files);
    for (const format of ['table', 'json']) {
      const result = await runCli(['actions', '--format', format], root, {});
      expect(result.code).toBe(0);
      expectInert(result.stdout);
    }
  });
});
