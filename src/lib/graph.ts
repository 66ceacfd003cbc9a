/**
 * The corpus graph: how reports link each other, built in one pass after every
 * report is parsed. The CLI's rules and the site's pages read the same graph.
 *
 * Nodes are reports. Edges come from `repeat_of` and `related`: a report id
 * links that report; an issue or pull request (`https://github.com/o/r/issues/5`
 * or `o/r#5`, one key for both) links every other report that also cites it, in
 * its own links, its `resolution_prs`, its `watch` issues or its action items.
 * From the edges come backlinks ("repeated by", "related from"), repeat chains
 * (earliest first, with the time between repeats), link groups (reports joined
 * by any path of links), dangling links and repeat cycles.
 *
 * Cost: O(reports + links + edges). Cycles are found with Tarjan's algorithm,
 * iteratively, so a cycle is reported and never walked around, and a long chain
 * never overflows the stack.
 *
 * The result is plain data (records and arrays, no class instances, no Maps), so
 * the site can serialise it.
 */
import type { Config } from './config.ts';
import { listItemPlace } from './frontmatter.ts';
import type { ParsedReport } from './parse.ts';
import { parseReference } from './references.ts';
import { isHttpUrl, shortReferencePattern } from './schema.ts';
import type { Place } from './text.ts';
import { impactInstants } from './time.ts';

/** The two kinds of link a report writes in its frontmatter. */
export type LinkKind = 'repeat_of' | 'related';

/** A link from one report to another. */
export interface GraphEdge {
  /** The report that writes the link. */
  from: string;
  /** The report it leads to. */
  to: string;
  /** `repeat_of`: `from` repeats `to`. `related`: `from` names `to` as related. */
  kind: LinkKind;
  /** The value as written in `from`'s frontmatter. */
  raw: string;
  /** When the link goes through an issue or pull request both reports cite: its key (`github:owner/repo#5`). */
  via?: string;
  /** Where the value is in `from`'s file. */
  place: Place;
}

/** A link to a report id that no report has. */
export interface DanglingLink {
  /** The report that writes the link. */
  from: string;
  kind: LinkKind;
  /** The value as written. */
  raw: string;
  /** Where the value is in `from`'s file. */
  place: Place;
}

/** A link to an issue, pull request or page that no other report cites. */
export interface ExternalLink {
  /** The report that writes the link. */
  from: string;
  kind: LinkKind;
  /** The value as written. */
  raw: string;
  /** Its key: `github:owner/repo#5` for GitHub issues and pull requests, else the URL without its fragment. */
  key: string;
  /** Where the value is in `from`'s file. */
  place: Place;
}

/** A report in the graph. */
export interface GraphNode {
  id: string;
  /** The file's path, as given to the parser. */
  path: string;
  /** The title (the id when the frontmatter has none). */
  title: string;
  /** `date` from the frontmatter, when valid. */
  date?: string;
  /**
   * When the incident began, ISO 8601 in UTC: the impact start when it can be read,
   * else midnight UTC of `date` (an approximation good for ordering and gaps in days).
   */
  instant?: string;
  /** Which of the two `instant` is. */
  instantSource?: 'impact' | 'date';
  /** Services from the frontmatter. */
  services: string[];
  /** Reports this one repeats (resolved through ids or shared issues), earliest first. */
  repeatOf: string[];
  /** Reports this one names as related. */
  related: string[];
  /** Reports that say they repeat this one: "Repeated by". */
  repeatedBy: string[];
  /** Reports that name this one as related: "Related from". */
  relatedFrom: string[];
  /** Index in `CorpusGraph.chains` of this report's repeat chain, if it is in one. */
  chain?: number;
  /** Its link group: reports joined by any path of links (either direction) share a number. */
  group: number;
}

/** Reports that repeat one another (joined by `repeat_of` links in either direction). */
export interface RepeatChain {
  /** Report ids, earliest first. */
  ids: string[];
  /** How many reports: the first incident and its repeats. */
  count: number;
  /** The time between each report and the next, in the order of `ids`. */
  gaps: RepeatGap[];
}

/** The time between an incident and its next repeat. */
export interface RepeatGap {
  earlier: string;
  later: string;
  /** Milliseconds between the two `instant`s. */
  milliseconds: number;
  /** The same, in days (fractional). */
  days: number;
}

/** Reports whose `repeat_of` links go round in a circle (A repeats B repeats A). */
export interface RepeatCycle {
  /** The reports on the cycle, sorted by id. A report that repeats itself is a cycle of one. */
  ids: string[];
}

/** The whole graph. */
export interface CorpusGraph {
  /**
   * Every report by id (the first by path when two share an id). An object
   * without a prototype: ids are file names and `repeat_of` values, so
   * `nodes['constructor']` or `nodes['__proto__']` must be a report or nothing,
   * never something every object inherits.
   */
  nodes: Record<string, GraphNode>;
  /** Report ids in time order (instant, then id); reports without a date last. */
  order: string[];
  /** Every resolved link, in report order then link order. */
  edges: GraphEdge[];
  /** Repeat chains of two or more reports, the chain with the earliest first report first. */
  chains: RepeatChain[];
  /** Links to report ids that do not exist. */
  dangling: DanglingLink[];
  /** Links to issues or pages no other report cites. */
  external: ExternalLink[];
  /** `repeat_of` cycles. */
  cycles: RepeatCycle[];
}

const fieldsOf: readonly LinkKind[] = ['repeat_of', 'related'];
const millisecondsPerDay = 86_400_000;

/**
 * The key a link value is known by: a report id as is; `github:owner/repo#5`
 * (lower case) for a GitHub issue or pull request however written; otherwise the
 * URL without its fragment or trailing slash, host in lower case.
 */
export function linkKey(raw: string, config: Config): string {
  const value = raw.trim();
  const reference = parseReference(value, config);
  if (reference?.github) return githubKey(reference.github);
  if (isHttpUrl(value)) {
    const url = new URL(value);
    url.hash = '';
    return url.href.replace(/\/$/, '');
  }
  return value;
}

function githubKey(github: { owner: string; repo: string; number: number }): string {
  return `github:${github.owner}/${github.repo}#${github.number}`.toLowerCase();
}

/** Whether a `repeat_of`/`related` value names a report id (rather than an issue URL or `owner/repo#123`). */
export function isReportIdLink(value: string): boolean {
  return !isHttpUrl(value) && !shortReferencePattern.test(value);
}

/** A union-find over positions, for chains and link groups in near-linear time. */
function unionFind(size: number) {
  const parent = Int32Array.from({ length: size }, (_, position) => position);
  const find = (position: number): number => {
    let root = position;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[position] !== root) {
      const next = parent[position]!;
      parent[position] = root;
      position = next;
    }
    return root;
  };
  return {
    find,
    union(left: number, right: number) {
      const a = find(left);
      const b = find(right);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    },
  };
}

/**
 * Builds the corpus graph.
 *
 * @param reports every parsed report (invalid ones too: their ids still resolve links)
 * @param config the project configuration (default repository for references)
 */
export function buildCorpusGraph(reports: readonly ParsedReport[], config: Config): CorpusGraph {
  // The first report by path wins an id, as in the `reference` rule.
  const byId = new Map<string, ParsedReport>();
  for (const report of [...reports].sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0))) {
    if (!byId.has(report.id)) byId.set(report.id, report);
  }
  const nodes = Object.create(null) as Record<string, GraphNode>;
  const instants = new Map<string, number>();
  for (const [id, report] of byId) {
    const data = report.data;
    const start = data ? impactInstants(report).start : undefined;
    let instant: number | undefined;
    let instantSource: GraphNode['instantSource'];
    if (start && !Number.isNaN(start.getTime())) {
      instant = start.getTime();
      instantSource = 'impact';
    } else if (data?.date) {
      instant = Date.parse(`${data.date}T00:00:00Z`);
      instantSource = 'date';
    }
    if (instant !== undefined) instants.set(id, instant);
    nodes[id] = {
      id,
      path: report.path,
      title: data?.title ?? id,
      ...(data?.date ? { date: data.date } : {}),
      ...(instant !== undefined ? { instant: new Date(instant).toISOString(), instantSource } : {}),
      services: data ? [...data.services] : [],
      repeatOf: [],
      related: [],
      repeatedBy: [],
      relatedFrom: [],
      group: 0,
    };
  }
  const order = [...byId.keys()].sort((left, right) => compareInstants(instants, left, right));
  const rank = new Map(order.map((id, position) => [id, position]));

  // Who cites each issue or pull request key, anywhere in their report.
  const citedBy = new Map<string, string[]>();
  const cite = (key: string, id: string) => {
    const citing = citedBy.get(key);
    // A report's citations are collected one report at a time, so a repeat by the same report is always the last one.
    if (!citing) citedBy.set(key, [id]);
    else if (citing.at(-1) !== id) citing.push(id);
  };
  for (const [id, report] of byId) {
    const data = report.data;
    if (!data) continue;
    for (const field of fieldsOf) for (const value of data[field]) if (!isReportIdLink(value)) cite(linkKey(value, config), id);
    for (const value of data.resolution_prs) cite(linkKey(value, config), id);
    for (const entry of data.watch) if (entry.issue) cite(linkKey(entry.issue, config), id);
    for (const item of report.actionItems ?? []) {
      for (const reference of item.references) cite(reference.github ? githubKey(reference.github) : linkKey(reference.url, config), id);
    }
  }

  const edges: GraphEdge[] = [];
  const dangling: DanglingLink[] = [];
  const external: ExternalLink[] = [];
  const selfLinks = new Set<string>();
  for (const id of order) {
    const report = byId.get(id)!;
    const data = report.data;
    if (!data) continue;
    for (const kind of fieldsOf) {
      data[kind].forEach((raw, position) => {
        const place = listItemPlace(report.frontmatter, kind, position);
        if (isReportIdLink(raw)) {
          if (raw === id) {
            if (kind === 'repeat_of') selfLinks.add(id);
            return;
          }
          if (byId.has(raw)) edges.push({ from: id, to: raw, kind, raw, place });
          else dangling.push({ from: id, kind, raw, place });
          return;
        }
        const key = linkKey(raw, config);
        // A repeat is of an earlier incident; a related report may be earlier or later.
        const targets = (citedBy.get(key) ?? []).filter((other) => other !== id && (kind === 'related' || rank.get(other)! < rank.get(id)!));
        if (targets.length === 0) external.push({ from: id, kind, raw, key, place });
        for (const to of targets) edges.push({ from: id, to, kind, raw, via: key, place });
      });
    }
  }

  const positions = new Map(order.map((id, position) => [id, position]));
  const groups = unionFind(order.length);
  const repeatGroups = unionFind(order.length);
  const repeatTargets: number[][] = order.map(() => []);
  // Each (kind, from, to) once in the lists, however many links say it: a set, so a report repeated by thousands stays linear.
  const linked = new Set<string>();
  for (const edge of edges) {
    const from = positions.get(edge.from)!;
    const to = positions.get(edge.to)!;
    groups.union(from, to);
    const key = `${edge.kind}\n${from}\n${to}`;
    if (linked.has(key)) continue;
    linked.add(key);
    const source = nodes[edge.from]!;
    const target = nodes[edge.to]!;
    if (edge.kind === 'repeat_of') {
      repeatGroups.union(from, to);
      repeatTargets[from]!.push(to);
      source.repeatOf.push(edge.to);
      target.repeatedBy.push(edge.from);
    } else {
      source.related.push(edge.to);
      target.relatedFrom.push(edge.from);
    }
  }
  const byTime = (left: string, right: string) => positions.get(left)! - positions.get(right)!;
  order.forEach((id, position) => {
    const node = nodes[id]!;
    node.group = groups.find(position);
    for (const list of [node.repeatOf, node.related, node.repeatedBy, node.relatedFrom]) list.sort(byTime);
  });

  // Chains: repeat groups of two or more, earliest first (`order` is already by time).
  const members = new Map<number, string[]>();
  order.forEach((id, position) => {
    const root = repeatGroups.find(position);
    const list = members.get(root);
    if (list) list.push(id);
    else members.set(root, [id]);
  });
  const chains: RepeatChain[] = [];
  for (const ids of members.values()) {
    if (ids.length < 2) continue;
    const gaps: RepeatGap[] = [];
    for (let position = 1; position < ids.length; position++) {
      const earlier = ids[position - 1]!;
      const later = ids[position]!;
      const from = instants.get(earlier);
      const to = instants.get(later);
      if (from === undefined || to === undefined) continue;
      gaps.push({ earlier, later, milliseconds: to - from, days: (to - from) / millisecondsPerDay });
    }
    for (const id of ids) nodes[id]!.chain = chains.length;
    chains.push({ ids, count: ids.length, gaps });
  }

  const cycles = [...selfLinks].sort().map((id) => ({ ids: [id] }));
  for (const component of stronglyConnected(repeatTargets)) {
    if (component.length > 1) cycles.push({ ids: component.map((position) => order[position]!).sort() });
  }
  cycles.sort((left, right) => (left.ids[0]! < right.ids[0]! ? -1 : 1));

  return { nodes, order, edges, chains, dangling, external, cycles };
}

function compareInstants(instants: ReadonlyMap<string, number>, left: string, right: string): number {
  const a = instants.get(left);
  const b = instants.get(right);
  if (a !== undefined && b !== undefined && a !== b) return a - b;
  if (a === undefined && b !== undefined) return 1;
  if (a !== undefined && b === undefined) return -1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Tarjan's strongly connected components, iterative: every `repeat_of` cycle
 * is one component of two or more reports. Each node and edge is visited once.
 */
function stronglyConnected(successors: readonly (readonly number[])[]): number[][] {
  const count = successors.length;
  const index = new Int32Array(count).fill(-1);
  const lowLink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    // Each frame: a node and how many of its successors have been looked at.
    const frames: Array<[number, number]> = [[root, 0]];
    index[root] = lowLink[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const [node, next] = frame;
      const targets = successors[node]!;
      if (next < targets.length) {
        frame[1] = next + 1;
        const target = targets[next]!;
        if (index[target] === -1) {
          index[target] = lowLink[target] = counter++;
          stack.push(target);
          onStack[target] = 1;
          frames.push([target, 0]);
        } else if (onStack[target]) {
          lowLink[node] = Math.min(lowLink[node]!, index[target]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) lowLink[parent[0]] = Math.min(lowLink[parent[0]]!, lowLink[node]!);
      if (lowLink[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
}

/** Whether two reports are joined by any path of links (directly or through other reports). */
export function areLinked(graph: CorpusGraph, left: string, right: string): boolean {
  const a = graph.nodes[left];
  const b = graph.nodes[right];
  return a !== undefined && b !== undefined && a.group === b.group;
}

/** The repeat chain a report is in, if any. */
export function chainOf(graph: CorpusGraph, id: string): RepeatChain | undefined {
  const position = graph.nodes[id]?.chain;
  return position === undefined ? undefined : graph.chains[position];
}

/** Graphs already built, per corpus array and configuration: every rule of one run shares one. */
const graphCache = new WeakMap<readonly ParsedReport[], WeakMap<Config, CorpusGraph>>();

/**
 * The corpus graph of `reports`, built once per run: rules that need it call
 * this with the run's `context.reports` and get the same graph back.
 */
export function corpusGraph(reports: readonly ParsedReport[], config: Config): CorpusGraph {
  let byConfig = graphCache.get(reports);
  if (!byConfig) {
    byConfig = new WeakMap();
    graphCache.set(reports, byConfig);
  }
  let graph = byConfig.get(config);
  if (!graph) {
    graph = buildCorpusGraph(reports, config);
    byConfig.set(config, graph);
  }
  return graph;
}

/** Outgoing links per report id, per graph: rules that follow one report's links get them without scanning every edge. */
const outgoingCache = new WeakMap<CorpusGraph, ReadonlyMap<string, readonly GraphEdge[]>>();

/** The links written by report `id`, in the order of `graph.edges` (built once per graph). */
export function edgesFrom(graph: CorpusGraph, id: string): readonly GraphEdge[] {
  let outgoing = outgoingCache.get(graph);
  if (!outgoing) {
    const built = new Map<string, GraphEdge[]>();
    for (const edge of graph.edges) {
      const list = built.get(edge.from);
      if (list) list.push(edge);
      else built.set(edge.from, [edge]);
    }
    outgoing = built;
    outgoingCache.set(graph, outgoing);
  }
  return outgoing.get(id) ?? [];
}

/** Reports by path, per corpus array (built once per run, like the graph). */
const byPathCache = new WeakMap<readonly ParsedReport[], ReadonlyMap<string, ParsedReport>>();

/** The report at `path` in `reports` (a lookup built once per corpus array). */
export function reportAt(reports: readonly ParsedReport[], path: string): ParsedReport | undefined {
  let byPath = byPathCache.get(reports);
  if (!byPath) {
    byPath = new Map(reports.map((report) => [report.path, report]));
    byPathCache.set(reports, byPath);
  }
  return byPath.get(path);
}
