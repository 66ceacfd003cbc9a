/**
 * The `/rules/` pages: each rule's docs (the same examples the docs test runs),
 * rendered for reading.
 */
import { ruleLevel, type Config } from '../config.ts';
import { renderInlineMarkdown, renderMarkdown } from '../render.ts';
import { isExistenceOnlyFile, type Rule } from '../rule.ts';
import type { Links } from './links.ts';

/** One file of a rule example. */
export interface ExampleFileView {
  path: string;
  code: string;
  /** A file the example only needs to exist (an image for the `image` rule): there is no code to show. */
  contentless: boolean;
}

/** A rule example: its files and the messages the rule gives on the first. */
export interface ExampleView {
  title: string;
  /** No messages expected. */
  passing: boolean;
  files: ExampleFileView[];
  /** `line:column: message` lines, as `hindsight check` prints them. */
  expected: string[];
}

/** Everything `/rules/<id>/` shows. */
export interface RuleView {
  id: string;
  href: string;
  /** The level it runs at in this project (`off` when turned off). */
  level: 'error' | 'warning' | 'off';
  /** The level it has unless configured. */
  defaultSeverity: 'error' | 'warning';
  lenientForDrafts: boolean;
  /** Sanitized HTML of one sentence, without a wrapping paragraph. */
  summaryHtml: string;
  rationaleHtml: string;
  fixHtml: string;
  examples: ExampleView[];
}

function levelIn(rule: Rule, config: Config): RuleView['level'] {
  const configured = ruleLevel(config, rule.id);
  if (configured === 'off') return 'off';
  if (configured === 'warn') return 'warning';
  if (configured === 'error') return 'error';
  return rule.severity;
}

/** The rule pages, in the registry's order. */
export function ruleViews(rules: readonly Rule[], config: Config, links: Links): RuleView[] {
  return rules.map((rule) => ruleView(rule, config, links));
}

/** One rule's page (each `/rules/<id>/` renders its own rule's docs only, not every rule's). */
export function ruleView(rule: Rule, config: Config, links: Links): RuleView {
  return {
    id: rule.id,
    href: links.rule(rule.id),
    level: levelIn(rule, config),
    defaultSeverity: rule.severity,
    lenientForDrafts: rule.lenientForDrafts,
    summaryHtml: renderInlineMarkdown(rule.docs.summary),
    rationaleHtml: renderMarkdown(rule.docs.rationale),
    fixHtml: renderMarkdown(rule.docs.fix),
    examples: rule.docs.examples.map((example) => ({
      title: example.title,
      passing: example.expected.length === 0,
      files: Object.entries(example.files).map(([path, code]) => ({ path, code, contentless: isExistenceOnlyFile(path, code) })),
      expected: [...example.expected],
    })),
  };
}
