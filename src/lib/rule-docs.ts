/**
 * Each rule's docs as a Markdown page, `docs/rules/<id>.md` in the package: the
 * same summary, rationale, fix and examples as the site's `/rules/<id>/` page,
 * for readers without the site. `check --verbose` links a rule's page there
 * until `site.url` is set (a site-relative `/rules/<id>/` is no link at all).
 *
 * The pages are generated (`npm run docs:rules`) and a test fails when they
 * differ from the rules' docs, so they cannot drift.
 */
import { configSchema, defaultConfig } from './config.ts';
import { isExistenceOnlyFile, type LenienceByStatus, type Rule } from './rule.ts';
import { objectKeysAt } from './schema-shape.ts';

/** Where the pages are, relative to the package root. */
export const ruleDocsFolder = 'docs/rules';

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A fenced block of `text`. */
function fenced(text: string, language: string): string {
  const fence = fenceFor(text);
  return `${fence}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

/** "error; a warning on `draft` reports; off on `archived` reports". */
function levels(severity: Rule['severity'], lenience: LenienceByStatus): string {
  const eased = Object.entries(lenience).map(([status, level]) => (level === 'off' ? `off on \`${status}\` reports` : `a warning on \`${status}\` reports`));
  return [severity, ...eased].join('; ');
}

/**
 * How to set a rule in `hindsight.config.yaml`: its level, and its options when it
 * has any, read from the configuration's schema (`rules.<id>`) with their defaults.
 */
function settingHint(rule: Rule): string {
  const id = rule.id;
  const level = `\`rules: { ${id}: off | warn | error }\``;
  const options = (objectKeysAt(configSchema, ['rules', id]) ?? []).filter((key) => key !== 'level');
  if (options.length === 0) return level;
  const defaults = (defaultConfig().rules[id] ?? {}) as Record<string, unknown>;
  const written = options.map((option) => `${option}: ${defaults[option] === undefined ? '…' : String(defaults[option])}`).join(', ');
  return `${level}, or with its options, here at their defaults: \`rules: { ${id}: { level: ${rule.severity === 'warning' ? 'warn' : 'error'}, ${written} } }\``;
}

/** The Markdown page of one rule. */
export function ruleDocsMarkdown(rule: Rule): string {
  const parts = [
    `<!-- Generated from the docs of src/lib/rules/${rule.id}.ts by \`npm run docs:rules\`: edit them there. -->`,
    `# \`${rule.id}\``,
    rule.docs.summary,
    `Default level: ${levels(rule.severity, rule.lenience)}. Set it with ${settingHint(rule)} in \`hindsight.config.yaml\`.`,
    '## Why',
    rule.docs.rationale,
    '## How to fix',
    rule.docs.fix,
    '## Examples',
  ];
  for (const example of rule.docs.examples) {
    parts.push(`### ${example.title}`);
    for (const [path, text] of Object.entries(example.files)) {
      // An image the example needs to exist: its content does not matter.
      if (isExistenceOnlyFile(path, text)) parts.push(`\`${path}\`: a file (what it holds does not matter here).`);
      else parts.push(`\`${path}\`:`, fenced(text, 'markdown'));
    }
    parts.push(example.expected.length === 0 ? 'No messages.' : `Messages (\`line:column: message\`):\n\n${fenced(example.expected.join('\n'), 'text')}`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** The index page, `docs/rules/README.md`: every rule with its summary. */
export function ruleDocsIndex(rules: readonly Rule[]): string {
  const rows = rules.map(
    (rule) => `| [\`${rule.id}\`](${rule.id}.md) | ${rule.docs.summary.replace(/\|/g, '\\|')} | ${levels(rule.severity, rule.lenience)} |`,
  );
  return (
    [
      "<!-- Generated from src/lib/rules/ by `npm run docs:rules`: edit the rules' docs there. -->",
      '# Rules',
      "What each check of `hindsight check` catches, why, and how to fix it, with examples (the same examples the tests run). A team's site shows the same pages at `/rules/<id>/`.",
      ['| rule | what it catches | default |', '| --- | --- | --- |', ...rows].join('\n'),
    ].join('\n\n') + '\n'
  );
}

/**
 * The `file:` URL of a rule's page in this package (`…/docs/rules/<id>.md`), or of
 * the index for an id that is not a rule (`internal`). It resolves from this
 * module's own place, which is `src/lib/` in a clone and `build/lib/` in the
 * installed package: both two folders below the package root.
 *
 * @param ruleId the rule's id
 * @param isRule whether it names one of the rules (they each have a page)
 */
export function packagedRuleDocsUrl(ruleId: string, isRule: boolean): string {
  return new URL(`../../${ruleDocsFolder}/${isRule ? `${ruleId}.md` : 'README.md'}`, import.meta.url).href;
}
