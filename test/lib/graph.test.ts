import { describe, expect, it } from 'vitest';
import { areLinked, buildCorpusGraph, chainOf, corpusGraph, linkKey } from '../../src/lib/graph.ts';
import type { ParsedReport } from '../../src/lib/parse.ts';
import { report as example } from '../../src/lib/rules/examples.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();

/** A report file with the given date and extra frontmatter lines. */
function file(date: string, extra = ''): string {
  return example({ date, extra });
}

function graphOf(files: Record<string, string>) {
  return buildCorpusGraph(parseFiles(files, config), config);
}

describe('linkKey', () => {
  it('gives a GitHub issue one key however it is written', () => {
    const keys = [
      'https://github.com/Acme/API/issues/5',
      'acme/api#5',
      'https://github.com/acme/api/pull/5',
      'https://github.com/acme/api/issues/5#issuecomment-42',
      'http://www.github.com/acme/api/issues/5',
    ].map((raw) => linkKey(raw, config));
    expect(new Set(keys)).toEqual(new Set(['github:acme/api#5']));
  });

  it('keeps report ids and other URLs (without fragment or trailing slash)', () => {
    expect(linkKey('2024-03-01-api-down', config)).toBe('2024-03-01-api-down');
    expect(linkKey('https://Status.Example.com/incidents/7/#details', config)).toBe('https://status.example.com/incidents/7');
  });
});

describe('buildCorpusGraph', () => {
  it('builds a repeat chain, earliest first, with the time between repeats', () => {
    const graph = graphOf({
      'postmortems/2024-03-15-c.md': file('2024-03-15', 'repeat_of: [2024-03-08-b]\n'),
      'postmortems/2024-03-01-a.md': file('2024-03-01'),
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [2024-03-01-a]\n'),
      'postmortems/2024-05-01-unrelated.md': file('2024-05-01'),
    });
    expect(graph.chains).toEqual([
      {
        ids: ['2024-03-01-a', '2024-03-08-b', '2024-03-15-c'],
        count: 3,
        gaps: [
          { earlier: '2024-03-01-a', later: '2024-03-08-b', milliseconds: 7 * 86_400_000, days: 7 },
          { earlier: '2024-03-08-b', later: '2024-03-15-c', milliseconds: 7 * 86_400_000, days: 7 },
        ],
      },
    ]);
    expect(chainOf(graph, '2024-03-15-c')?.ids[0]).toBe('2024-03-01-a');
    expect(chainOf(graph, '2024-05-01-unrelated')).toBeUndefined();
    expect(graph.order).toEqual(['2024-03-01-a', '2024-03-08-b', '2024-03-15-c', '2024-05-01-unrelated']);
    // The examples start impact at 10:00 UTC: the instant is the impact start, not midnight.
    expect(graph.nodes['2024-03-01-a']).toMatchObject({ instant: '2024-03-01T10:00:00.000Z', instantSource: 'impact' });
  });

  it('measures gaps from impact start when known, else from the date', () => {
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': file('2024-03-01'),
      'postmortems/2024-03-02-b.md': example({
        date: '2024-03-02',
        status: 'draft',
        extra: 'repeat_of: [2024-03-01-a]\n',
      }).replace(/impact:\n.*\n.*\n/, ''),
    });
    expect(graph.nodes['2024-03-02-b']).toMatchObject({ instant: '2024-03-02T00:00:00.000Z', instantSource: 'date' });
    expect(graph.chains[0]!.gaps[0]!.milliseconds).toBe(14 * 3_600_000);
  });

  it('lists backlinks: repeated by and related from', () => {
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': file('2024-03-01'),
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [2024-03-01-a]\n'),
      'postmortems/2024-04-01-c.md': file('2024-04-01', 'related: [2024-03-01-a, 2024-03-08-b]\n'),
    });
    expect(graph.nodes['2024-03-01-a']).toMatchObject({ repeatedBy: ['2024-03-08-b'], relatedFrom: ['2024-04-01-c'], repeatOf: [], related: [] });
    expect(graph.nodes['2024-03-08-b']).toMatchObject({ repeatOf: ['2024-03-01-a'], relatedFrom: ['2024-04-01-c'] });
    expect(graph.nodes['2024-04-01-c']).toMatchObject({ related: ['2024-03-01-a', '2024-03-08-b'], repeatedBy: [] });
    // A related link joins reports in one link group but not in a repeat chain.
    expect(graph.chains.map((chain) => chain.ids)).toEqual([['2024-03-01-a', '2024-03-08-b']]);
    expect(areLinked(graph, '2024-04-01-c', '2024-03-01-a')).toBe(true);
  });

  it('lists dangling links with their place, and links no report cites as external', () => {
    const graph = graphOf({
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [2024-03-01-gone, https://status.example.com/incidents/7]\nrelated: [acme/api#999]\n'),
    });
    expect(graph.dangling).toEqual([
      {
        from: '2024-03-08-b',
        kind: 'repeat_of',
        raw: '2024-03-01-gone',
        place: expect.objectContaining({ start: expect.objectContaining({ line: 10, column: 13 }) }),
      },
    ]);
    expect(graph.external.map(({ raw, key, kind }) => ({ raw, key, kind }))).toEqual([
      { raw: 'https://status.example.com/incidents/7', key: 'https://status.example.com/incidents/7', kind: 'repeat_of' },
      { raw: 'acme/api#999', key: 'github:acme/api#999', kind: 'related' },
    ]);
    expect(graph.edges).toEqual([]);
  });

  it('links reports that cite the same issue, however each writes it', () => {
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': file('2024-03-01', 'related: [https://github.com/acme/upstream/issues/5]\n'),
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'related: [acme/upstream#5]\n'),
    });
    expect(graph.edges.map(({ from, to, kind, via }) => ({ from, to, kind, via }))).toEqual([
      { from: '2024-03-01-a', to: '2024-03-08-b', kind: 'related', via: 'github:acme/upstream#5' },
      { from: '2024-03-08-b', to: '2024-03-01-a', kind: 'related', via: 'github:acme/upstream#5' },
    ]);
    expect(graph.external).toEqual([]);
  });

  it('resolves `repeat_of` an issue to the earlier report whose action item cites it', () => {
    // The example body's action item cites acme/api#101.
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': file('2024-03-01'),
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [https://github.com/acme/api/issues/101]\n'),
    });
    // b's own action item also cites acme/api#101, but a repeat is only of an earlier report.
    expect(graph.edges.map(({ from, to, via }) => ({ from, to, via }))).toEqual([{ from: '2024-03-08-b', to: '2024-03-01-a', via: 'github:acme/api#101' }]);
    expect(graph.nodes['2024-03-01-a']!.repeatedBy).toEqual(['2024-03-08-b']);
  });

  it('reports a repeat cycle once and never loops on it', () => {
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': file('2024-03-01', 'repeat_of: [2024-03-08-b]\n'),
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [2024-03-15-c]\n'),
      'postmortems/2024-03-15-c.md': file('2024-03-15', 'repeat_of: [2024-03-01-a]\n'),
      'postmortems/2024-04-01-d.md': file('2024-04-01', 'repeat_of: [2024-04-01-d]\n'),
    });
    expect(graph.cycles).toEqual([{ ids: ['2024-03-01-a', '2024-03-08-b', '2024-03-15-c'] }, { ids: ['2024-04-01-d'] }]);
    // The chain is still one chain, in time order; the self-link adds no edge.
    expect(graph.chains.map((chain) => chain.ids)).toEqual([['2024-03-01-a', '2024-03-08-b', '2024-03-15-c']]);
    expect(graph.edges.some((edge) => edge.from === edge.to)).toBe(false);
  });

  it('handles a chain of thousands of reports without recursion', () => {
    const [base] = parseFiles({ 'postmortems/2020-01-01-r0.md': file('2020-01-01') }, config);
    const reports: ParsedReport[] = [];
    const start = Date.UTC(2000, 0, 1);
    for (let position = 0; position < 5000; position++) {
      const date = new Date(start + position * 86_400_000).toISOString().slice(0, 10);
      const id = `${date}-r${position}`;
      const previous = reports.at(-1)?.id;
      reports.push({
        ...base!,
        id,
        path: `postmortems/${id}.md`,
        data: { ...base!.data!, date, impact: undefined, repeat_of: previous ? [previous] : [] },
      });
    }
    // And close the circle, so the cycle search meets one big cycle.
    reports[0]!.data!.repeat_of = [reports.at(-1)!.id];
    const began = performance.now();
    const graph = buildCorpusGraph(reports, config);
    expect(performance.now() - began).toBeLessThan(2000);
    expect(graph.chains).toHaveLength(1);
    expect(graph.chains[0]!.count).toBe(5000);
    expect(graph.cycles).toHaveLength(1);
    expect(graph.cycles[0]!.ids).toHaveLength(5000);
  });

  it('keeps invalid reports as nodes so links to them are not dangling', () => {
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': '---\ntitle: [unclosed\n---\n# A\n',
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [2024-03-01-a]\n'),
    });
    expect(graph.dangling).toEqual([]);
    expect(graph.nodes['2024-03-01-a']).toMatchObject({ title: '2024-03-01-a', services: [], repeatedBy: ['2024-03-08-b'] });
  });

  it('knows only its reports by id: `constructor`, `__proto__`, `toString` and `hasOwnProperty` are ids like any other', () => {
    const inherited = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    // Links to those names are dangling while no report has them: nothing every object inherits is taken for a report.
    const alone = graphOf({ 'postmortems/2024-03-01-a.md': file('2024-03-01', `repeat_of: [${inherited.join(', ')}]\nrelated: [${inherited.join(', ')}]\n`) });
    expect(alone.dangling.map((link) => `${link.kind} ${link.raw}`)).toEqual([
      ...inherited.map((id) => `repeat_of ${id}`),
      ...inherited.map((id) => `related ${id}`),
    ]);
    for (const id of [...inherited, 'valueOf']) expect(alone.nodes[id], id).toBeUndefined();
    expect(areLinked(alone, '2024-03-01-a', 'constructor')).toBe(false);
    expect(chainOf(alone, 'toString')).toBeUndefined();
    // Reports with those names are nodes, linked and chained like any other.
    const files: Record<string, string> = {};
    inherited.forEach((id, position) => {
      files[`postmortems/${id}.md`] = file(`2024-03-0${position + 1}`, position === 0 ? '' : `repeat_of: [${inherited[position - 1]}]\n`);
    });
    const graph = graphOf(files);
    expect(graph.dangling).toEqual([]);
    expect(Object.keys(graph.nodes).sort()).toEqual([...inherited].sort());
    expect(graph.nodes['__proto__']).toMatchObject({ id: '__proto__', repeatOf: ['constructor'], repeatedBy: ['toString'] });
    expect(chainOf(graph, 'hasOwnProperty')?.ids).toEqual(inherited);
    expect(areLinked(graph, 'constructor', 'hasOwnProperty')).toBe(true);
  });

  it('returns plain data that survives JSON', () => {
    const graph = graphOf({
      'postmortems/2024-03-01-a.md': file('2024-03-01'),
      'postmortems/2024-03-08-b.md': file('2024-03-08', 'repeat_of: [2024-03-01-a]\n'),
    });
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('is built once per run and shared', () => {
    const reports = parseFiles({ 'postmortems/2024-03-01-a.md': file('2024-03-01') }, config);
    expect(corpusGraph(reports, config)).toBe(corpusGraph(reports, config));
  });
});
