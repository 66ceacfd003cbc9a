/**
 * Runs the rules over parsed reports and collects stamped diagnostics.
 */
import { ruleLevel, ruleUrl, type Config } from './config.ts';
import type { ContentFiles } from './content-files.ts';
import type { StateLookup } from './issue-state.ts';
import { partialCheckRules } from './limits.ts';
import type { ParsedReport } from './parse.ts';
import type { Diagnostic, Finding, Rule, RuleContext, Severity } from './rule.ts';
import { rules as allRules } from './rules/index.ts';
import { storedFindings, type ReportFindings } from './report-findings.ts';
import { redactSecrets } from './secrets.ts';

/** Options for one run of the checks. */
export interface CheckOptions {
  /**
   * Paths of the reports to report on. The others are still read, so links to
   * them resolve and repeats of them are found. Default: every report.
   */
  targets?: ReadonlySet<string>;
  /** "Today" for date-based rules. Default: the current time. */
  now?: Date;
  /** The rules to run. Default: all. */
  rules?: readonly Rule[];
  /** GitHub state for `action-item-state` and `watch-expiry` (`check --github`). Default: none, all unknown. */
  github?: StateLookup;
  /**
   * The files of the content folder (`listContentFiles` in src/lib/node/files.ts),
   * listed whatever the targets are, for the `image` rule. Default: none, and that
   * rule says nothing: the core reads no files, so it cannot tell on its own.
   */
  files?: ContentFiles;
  /**
   * The self-contained rules' findings, worked out with each report's parse
   * (`readReports(…, { findings: true })`): reported instead of running those rules
   * again. A report or rule missing from it is checked as usual. Default: none.
   */
  findings?: ReadonlyMap<ParsedReport, ReportFindings>;
}

/** The id used for a failure inside Hindsight itself, so that one bad file never stops a run. */
export const internalRuleId = 'internal';

const origin = { line: 1, column: 1, offset: 0 };

function levelOf(rule: Rule, config: Config): Severity | 'off' {
  const configured = ruleLevel(config, rule.id);
  if (configured === 'off') return 'off';
  if (configured === 'warn') return 'warning';
  if (configured === 'error') return 'error';
  return rule.severity;
}

/**
 * Checks `reports` together and returns every diagnostic on a target report,
 * sorted by file, line and column.
 */
export function checkReports(reports: readonly ParsedReport[], config: Config, options: CheckOptions = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const targets = options.targets;
  const isTarget = (report: ParsedReport) => !targets || targets.has(report.path);
  const now = options.now ?? new Date();
  for (const rule of options.rules ?? allRules) {
    const level = levelOf(rule, config);
    if (level === 'off') continue;
    const url = ruleUrl(config, rule.id);
    const context: RuleContext = {
      config,
      reports,
      now,
      ...(options.github ? { github: options.github } : {}),
      ...(options.files ? { files: options.files } : {}),
      isTarget,
      report(report: ParsedReport, finding: Finding) {
        if (!isTarget(report)) return;
        // A report over a limit has an empty body: only the rules that read its text and frontmatter speak for it.
        if (report.limit && !partialCheckRules.has(rule.id)) return;
        // A draft is unfinished and an archived report is history: the rule says how far it eases off for each.
        const lenience = report.status === undefined ? undefined : rule.lenience[report.status];
        if (lenience === 'off') return;
        let severity: Severity = level === 'warning' ? 'warning' : (finding.severity ?? level);
        if (lenience === 'warning') severity = 'warning';
        diagnostics.push({ ...redactFinding(finding), file: report.path, ruleId: rule.id, severity, url });
      },
    };
    const fail = (report: ParsedReport | undefined, error: unknown) => {
      if (!report) return;
      diagnostics.push({
        file: report.path,
        ruleId: internalRuleId,
        severity: 'error',
        url: ruleUrl(config, ''),
        message: `Unexpected internal error in rule \`${rule.id}\` (${(error as Error)?.message ?? String(error)}), expected a result; the other checks still ran. Please report this with the file`,
        place: { start: origin, end: origin },
      });
    };
    if (rule.scope === 'corpus') {
      try {
        rule.check(context, undefined);
      } catch (error) {
        fail(reports.find(isTarget), error);
      }
      continue;
    }
    for (const report of reports) {
      if (!isTarget(report)) continue;
      // Worked out with the parse: reported the same way, without running the rule again.
      const stored = rule.selfContained ? storedFindings(options.findings?.get(report), rule.id) : undefined;
      if (stored) {
        for (const finding of stored) context.report(report, finding);
        continue;
      }
      try {
        rule.check(context, report);
      } catch (error) {
        fail(report, error);
      }
    }
  }
  return diagnostics.sort(compareDiagnostics);
}

/**
 * Masks credentials in everything a finding says. A rule that quotes a value it
 * rejects (an invalid `severity`, an unknown `repeat_of` id) must not print a
 * token pasted there: output goes to CI logs and step summaries.
 */
function redactFinding(finding: Finding): Finding {
  const redacted: Finding = { ...finding, message: redactSecrets(finding.message) };
  if (finding.note) redacted.note = redactSecrets(finding.note);
  if (finding.cause) redacted.cause = { ...finding.cause, message: redactSecrets(finding.cause.message) };
  return redacted;
}

/** Orders diagnostics by file, then position, then rule. */
export function compareDiagnostics(left: Diagnostic, right: Diagnostic): number {
  return (
    (left.file < right.file ? -1 : left.file > right.file ? 1 : 0) ||
    left.place.start.line - right.place.start.line ||
    left.place.start.column - right.place.start.column ||
    left.ruleId.localeCompare(right.ruleId)
  );
}

/** Counts of a run, as the JSON output and summaries show them. */
export interface CheckSummary {
  files: number;
  errors: number;
  warnings: number;
}

/** Counts errors and warnings. */
export function summarize(fileCount: number, diagnostics: readonly Diagnostic[]): CheckSummary {
  let errors = 0;
  for (const diagnostic of diagnostics) if (diagnostic.severity === 'error') errors++;
  return { files: fileCount, errors, warnings: diagnostics.length - errors };
}
