/**
 * The rule factory, after unified-lint-rule: a rule only reports; the factory
 * stamps `ruleId`, `source`, `url` and severity on every message.
 */
import type { Config } from './config.ts';
import type { ContentFiles } from './content-files.ts';
import type { ExampleState, StateLookup } from './issue-state.ts';
import type { ParsedReport } from './parse.ts';
import type { Status } from './schema.ts';
import type { Place } from './text.ts';

/** How serious a diagnostic is. `error` fails `check`; `warning` only does past `--max-warnings`. */
export type Severity = 'error' | 'warning';

/** An example in a rule's docs; the test harness checks each one, so docs cannot drift. */
export interface RuleExample {
  /** What the example shows. */
  title: string;
  /**
   * Files by path; the first is the one whose messages are listed. The paths are also
   * the content folder's files for the rules that look at files (`image`), so an
   * example lists an image (`'postmortems/images/graph.png': ''`) to show it exists.
   */
  files: Record<string, string>;
  /** The messages this rule gives on the first file, as `line:column: message`; empty for a passing example. */
  expected: string[];
  /**
   * For rules that use GitHub state: what GitHub says about the example's
   * references, by `owner/repo#123` (e.g. `{ 'acme/api#101': 'open' }`), as if
   * checked with `check --github`. Absent: no GitHub access.
   */
  github?: Record<string, ExampleState>;
}

/**
 * Whether a file of an example only has to exist (the image an `image` example
 * shows): empty and not a report. The docs pages name it instead of showing it.
 */
export function isExistenceOnlyFile(path: string, text: string): boolean {
  return text === '' && !/\.(md|markdown)$/i.test(path);
}

/**
 * How a rule eases off on reports of one status: `warning` turns its errors into
 * warnings (a draft is unfinished, an archived report is history), `off` drops its
 * findings (an archived report cannot be held to what a new one must have).
 */
export type StatusLenience = 'warning' | 'off';

/** A rule's lenience per report status; statuses not listed get the rule's full severity. */
export type LenienceByStatus = Readonly<Partial<Record<Status, StatusLenience>>>;

/** What a rule's page on the site says. */
export interface RuleDocs {
  /** One sentence: what it catches. */
  summary: string;
  /** Why it matters, in a paragraph. */
  rationale: string;
  /** How to fix what it reports. */
  fix: string;
  /** At least one failing and one passing example. */
  examples: RuleExample[];
}

/** Something a rule says about a report. */
export interface Finding {
  /** "Unexpected X, expected Y", literal values in backticks. */
  message: string;
  /** Where, in the report's file. */
  place: Place;
  /** Overrides the rule's severity for this finding (a rule with two levels). */
  severity?: Severity;
  /** A related place elsewhere ("first reported here"). */
  cause?: { file: string; message: string; place: Place };
  /** Extra advice shown in verbose output. */
  note?: string;
}

/** A diagnostic: a finding stamped with its rule, file, severity and docs URL. */
export interface Diagnostic extends Finding {
  file: string;
  ruleId: string;
  severity: Severity;
  url: string;
}

/** What a rule can reach while it runs. */
export interface RuleContext {
  /** The project configuration. */
  config: Config;
  /** Every report being checked together (the corpus), including the current one. */
  reports: readonly ParsedReport[];
  /** "Today", fixed per run so that date-based rules are testable. */
  now: Date;
  /**
   * The state of GitHub issues and pull requests, when the run has it
   * (`check --github`, live or from the cache). Absent without `--github`: rules
   * that need it then treat every state as unknown.
   */
  github?: StateLookup;
  /**
   * The files of the content folder, when the caller listed them (`check` and the
   * build do). Absent: rules that judge a report's references to files (`image`)
   * say nothing, since they cannot tell a missing file from an unlisted one.
   */
  files?: ContentFiles;
  /** Reports a finding on `report`. */
  report(report: ParsedReport, finding: Finding): void;
  /**
   * Whether findings on `report` are kept: it is one of the run's targets (all
   * reports, unless `check` was given files or `--changed`). A corpus rule that
   * reports one problem at one of several places picks a target. Absent: all are.
   */
  isTarget?(report: ParsedReport): boolean;
}

/** A check with a stable id. */
export interface Rule {
  /** Stable id; appears in every diagnostic and in the docs URL. */
  id: string;
  /** The level it runs at unless configured otherwise. */
  severity: Severity;
  /** How it eases off on reports of some statuses (`status: draft`, `status: archived`); `check` applies it. */
  lenience: LenienceByStatus;
  /** Whether its errors become warnings on `status: draft` reports (`lenience.draft`, for the rule pages). */
  lenientForDrafts: boolean;
  /** Its page on the site, with examples the tests run. */
  docs: RuleDocs;
  /**
   * `report` rules look at one report at a time; `corpus` rules look at all of
   * them together (references, repeats) and may report on any.
   */
  scope: 'report' | 'corpus';
  /**
   * Whether its findings on a report depend on nothing but that report and the
   * configuration its parse depends on: never on "today", GitHub, the other reports
   * or the content folder's files. Such findings are worked out with the parse (on
   * the parse threads) and cached with it, so an unchanged report is not checked
   * again (src/lib/report-findings.ts, which enforces the promise).
   */
  selfContained: boolean;
  /**
   * For a rule that is not self-contained and reads a report's Markdown tree: the
   * top-level nodes of `report.tree` it reads, by index. A check keeps only these
   * of each report's tree once the self-contained rules have run on it
   * (`keepTreeForOtherRules`, src/lib/report-findings.ts), so that the rest of the
   * tree is not carried to the end of the run. A rule that reads the tree then
   * and does not say so would read placeholders: test/lib/report-findings.test.ts
   * runs every rule's examples both ways.
   */
  treeNodes?(report: ParsedReport, config: Config): Iterable<number>;
  /** Runs the rule: on one report (`report` scope) or on all (`corpus` scope, `report` is undefined). */
  check(context: RuleContext, report: ParsedReport | undefined): void;
}

/** What a rule module gives: a rule without the parts the factories fill in. */
type RuleDefinition = Omit<Rule, 'scope' | 'check' | 'lenience' | 'lenientForDrafts' | 'selfContained'> & {
  /** How it eases off per report status; default: never. */
  lenience?: LenienceByStatus;
};

/** The lenience fields of a rule, from its definition. */
function lenienceOf(rule: RuleDefinition): Pick<Rule, 'lenience' | 'lenientForDrafts'> {
  const lenience = rule.lenience ?? {};
  return { lenience, lenientForDrafts: lenience.draft === 'warning' };
}

/** Defines a rule that looks at one report at a time. */
export function defineReportRule(
  rule: RuleDefinition & {
    /** See `Rule.selfContained`; default: false. */
    selfContained?: boolean;
    check(report: ParsedReport, context: RuleContext): void;
  },
): Rule {
  return {
    ...rule,
    ...lenienceOf(rule),
    scope: 'report',
    selfContained: rule.selfContained ?? false,
    check: (context, report) => {
      if (report) rule.check(report, context);
    },
  };
}

/** Defines a rule that looks at every report together. */
export function defineCorpusRule(
  rule: RuleDefinition & {
    check(reports: readonly ParsedReport[], context: RuleContext): void;
  },
): Rule {
  return {
    ...rule,
    ...lenienceOf(rule),
    scope: 'corpus',
    selfContained: false,
    check: (context) => rule.check(context.reports, context),
  };
}
