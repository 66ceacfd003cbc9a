/**
 * `hindsight-postmortems`: the checker as a library, for tools that want
 * Hindsight's diagnostics without its command line.
 *
 * ```ts
 * import { checkReports, loadConfig, loadReports, findReportFiles, listContentFiles } from 'hindsight-postmortems';
 * const { config } = await loadConfig(process.cwd());
 * const paths = await findReportFiles([config.content], process.cwd());
 * const files = listContentFiles(config.content, process.cwd()); // for the `image` rule
 * const diagnostics = checkReports(await loadReports(paths, process.cwd(), config), config, { files });
 * ```
 *
 * The pure core (`parseReport`, `checkReports`, `rules`, the configuration
 * schema) reads no files; `loadConfig`, `findReportFiles`, `listContentFiles` and
 * `loadReports` are the file-reading helpers the CLI uses.
 */
export { checkReports, compareDiagnostics, internalRuleId, summarize, type CheckOptions, type CheckSummary } from './lib/check.ts';
export type { ContentFiles } from './lib/content-files.ts';
export { ConfigError, parseConfig } from './lib/config-errors.ts';
export {
  configSchema,
  defaultConfig,
  presetNames,
  presets,
  ruleLevel,
  ruleUrl,
  watchWindowDays,
  type Config,
  type ConfigInput,
  type PresetName,
  type RuleLevel,
  type SectionSpec,
} from './lib/config.ts';
export { defaultFactors, factorTaxonomy, type FactorSpec } from './lib/factors.ts';
export { frontmatterProblemMessage } from './lib/frontmatter-problems.ts';
export type { FrontmatterProblem } from './lib/frontmatter.ts';
export { findProjectRoot, loadConfig, type LoadedConfig } from './lib/node/config.ts';
export { findReportFiles, listContentFiles, loadReport, loadReports, MissingPathError } from './lib/node/files.ts';
export { parseReport, reportId, type ParsedReport } from './lib/parse.ts';
export { formatGithub, formatStepSummary } from './lib/reporters/github.ts';
export { formatJson, jsonReport, type JsonMessage, type JsonReport } from './lib/reporters/json.ts';
export { formatPretty, type PrettyOptions } from './lib/reporters/pretty.ts';
export { toVFiles } from './lib/reporters/vfile.ts';
export { reviewDays, reviewDue, type ReviewDue } from './lib/review.ts';
export type { Diagnostic, Finding, Rule, RuleDocs, RuleExample, Severity } from './lib/rule.ts';
export { rules, rulesById } from './lib/rules/index.ts';
