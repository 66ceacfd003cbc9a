/**
 * The findings of the self-contained rules (`Rule.selfContained`) on one report,
 * worked out right after its parse, on the thread that parsed it, and cached with
 * the parse (src/lib/node/parse-cache.ts). `checkReports` then reports them
 * instead of running those rules again: an unchanged report costs a check nothing
 * but the rules that need "today", GitHub, the other reports or the content files.
 *
 * A rule's promise to be self-contained is held here, not trusted: it runs with a
 * context that throws when it reads anything else, including the configuration
 * fields the cache's key leaves out. A rule that breaks the promise
 * gets no stored findings, so the check runs it as before; the rules' tests list
 * which rules that is (none), so a broken promise is caught before it ships.
 */
import type { RootContent } from 'mdast';
import { configOutsideParse, type Config } from './config.ts';
import type { ParsedReport } from './parse.ts';
import type { Finding, Rule, RuleContext } from './rule.ts';
import { rules as allRules } from './rules/index.ts';

/** The findings of each self-contained rule on one report, by rule id (an empty list: it found nothing). */
export type ReportFindings = Readonly<Record<string, readonly Finding[]>>;

/** Why a self-contained rule could not run alone: what it read that it may not. */
class BrokenPromise extends Error {}

/** Throws what a self-contained rule that read `what` gets. */
function refuse(what: string): never {
  throw new BrokenPromise(`a self-contained rule read ${what}`);
}

/** Sealed copies of configurations, made once per configuration. */
const sealedConfigs = new WeakMap<Config, Config>();

/**
 * The configuration as a self-contained rule may see it: the fields that are not in
 * the parse cache's key (`configOutsideParse`) throw when read, since findings that
 * depended on them would be cached under a key that does not change with them.
 */
function sealedConfig(config: Config): Config {
  let sealed = sealedConfigs.get(config);
  if (sealed) return sealed;
  const github = { ...config.github };
  for (const field of configOutsideParse.githubFields) Object.defineProperty(github, field, { get: () => refuse(`\`github.${field}\``) });
  sealed = { ...config, github };
  for (const field of configOutsideParse.fields) Object.defineProperty(sealed, field, { get: () => refuse(`\`${field}\``) });
  sealedConfigs.set(config, sealed);
  return sealed;
}

/**
 * A rule context with the report's own configuration and nothing else: reading the
 * rest throws. A class, so that its refusing accessors are made once, not for each
 * rule on each report.
 */
class SealedContext implements RuleContext {
  readonly config: Config;
  readonly #found: Finding[];

  constructor(config: Config, found: Finding[]) {
    this.config = sealedConfig(config);
    this.#found = found;
  }

  get reports(): never {
    return refuse('the other reports');
  }

  get now(): never {
    return refuse('the date of the run');
  }

  get github(): never {
    return refuse('GitHub state');
  }

  get files(): never {
    return refuse('the content folder');
  }

  get isTarget(): never {
    return refuse('the run targets');
  }

  /** Keeps a finding (a function property, so a rule may call it detached from the context). */
  readonly report = (_report: ParsedReport, finding: Finding): void => {
    this.#found.push(finding);
  };
}

/**
 * Runs every self-contained rule on `report`, with `config` (the configuration it
 * was parsed with). A rule that throws, for any reason, is left out: the check
 * then runs it itself, and reports its failure as it reports any rule's.
 *
 * @param rules the rules to pick from (default: all of them)
 */
export function selfContainedFindings(report: ParsedReport, config: Config, rules: readonly Rule[] = allRules): ReportFindings {
  const findings: Record<string, Finding[]> = {};
  for (const rule of rules) {
    if (!rule.selfContained) continue;
    const found: Finding[] = [];
    try {
      rule.check(new SealedContext(config, found), report);
    } catch {
      continue;
    }
    findings[rule.id] = found;
  }
  return findings;
}

/** The stored findings of `ruleId`, when they were worked out (a lookup that ignores inherited keys such as `constructor`). */
export function storedFindings(findings: ReportFindings | undefined, ruleId: string): readonly Finding[] | undefined {
  return findings && Object.hasOwn(findings, ruleId) ? findings[ruleId] : undefined;
}

/** What the rules that read a report's tree after the self-contained ones say they read of it. */
const treeNodeReaders = allRules.flatMap((rule) => (!rule.selfContained && rule.treeNodes ? [rule.treeNodes.bind(rule)] : []));

/**
 * What stands for a top-level node no rule reads any more (`keepTreeForOtherRules`):
 * one object for all, of a type no Markdown node has, so that nothing is kept of
 * the node (not even its position) and a read of it shows.
 */
const prunedNode = Object.freeze({ type: 'hindsightPrunedNode' }) as unknown as RootContent;

/**
 * Keeps of `report`'s tree the top-level nodes the rules that run after the
 * self-contained ones read (`Rule.treeNodes`); each of the others is replaced
 * with `prunedNode`, so that the indexes stay. For a check, once `selfContainedFindings` ran:
 * a report's tree is most of its parse, and kept whole it lived to the end of the
 * run, copied and promoted by the garbage collector with every other report's
 * (a cold check of 1,000 reports took about 3.5 % longer, in paired runs). The site renders the
 * trees, and keeps them whole.
 */
export function keepTreeForOtherRules(report: ParsedReport, config: Config): void {
  const kept = new Set<number>();
  for (const treeNodes of treeNodeReaders) for (const index of treeNodes(report, config)) kept.add(index);
  const tree = report.tree;
  if (kept.size >= tree.children.length) return;
  report.tree = { ...tree, children: tree.children.map((node, index) => (kept.has(index) ? node : prunedNode)) };
}
