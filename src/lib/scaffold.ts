/**
 * `hindsight new`, the pure part: a title, a date and a template in, the text of a
 * new draft report out. File I/O lives in the command (`src/cli/commands/new.ts`).
 *
 * The template is edited in place, so a team's own `_template.md` keeps its
 * sections, comments and field order: the title, date, status, severity and
 * services are replaced, `YYYY-MM-DD` in the impact times becomes the date, and
 * an impact time that is still a placeholder after that (`2024-06-01THH:MM`) is
 * commented out, because a draft may omit `impact` but may not hold an invalid one.
 */
import { stringify } from 'yaml';
import { sectionSpecs, type Config } from './config.ts';
import type { FieldPlace } from './frontmatter.ts';
import { frontmatterProblemMessage } from './frontmatter-problems.ts';
import { factorTaxonomy } from './factors.ts';
import { parseReport } from './parse.ts';
import { reviewDays } from './review.ts';
import { dateTimeSchema, isCalendarDate } from './schema.ts';
import { LineIndex, literal, literalList } from './text.ts';

/** What a new report is made of. */
export interface ScaffoldOptions {
  /** The report's title, one line. */
  title: string;
  /** The day impact began, `YYYY-MM-DD`. */
  date: string;
  /** One of the configured severities; default the template's, else the least severe. */
  severity?: string;
  /** The affected services; default the template's. */
  services?: readonly string[];
}

/** A template that cannot be filled in (invalid YAML, code frontmatter, …). */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The placeholder for the day in templates. */
const datePlaceholder = 'YYYY-MM-DD';
/** Longest slug kept from a title, so file names stay readable. */
const maxSlugLength = 60;

/**
 * The file-name slug of a title: lower case, accents dropped, words joined by
 * `-`, at most 60 characters cut at a word boundary. Letters of any script are kept.
 *
 * @returns the slug, empty when the title has no letters or digits
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxSlugLength) return slug;
  const cut = slug.slice(0, maxSlugLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, maxSlugLength)).replace(/-+$/, '');
}

/** The file name of a new report: `<date>-<slug>.md`. */
export function reportFileName(date: string, title: string): string {
  return `${date}-${slugify(title)}.md`;
}

/** Whether a value is a `YYYY-MM-DD` calendar date. */
export function isDateArgument(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isCalendarDate(value);
}

/**
 * Checks the options of a new report against the configuration.
 *
 * @returns what is wrong, "Unexpected X, expected Y", or `undefined` when they are usable
 */
export function optionsProblem(options: ScaffoldOptions, config: Config): string | undefined {
  if (options.title.trim() === '') return 'Unexpected empty title, expected a title such as `hindsight new "API down after a bad deploy"`';
  if (slugify(options.title) === '') return `Unexpected title ${literal(options.title)}, expected a title with letters or digits (it names the file)`;
  if (!isDateArgument(options.date)) return `Unexpected date ${literal(options.date)}, expected a real date written \`YYYY-MM-DD\``;
  if (options.severity !== undefined && !config.severities.includes(options.severity)) {
    return `Unexpected severity ${literal(options.severity)}, expected ${literalList(config.severities)}`;
  }
  for (const service of options.services ?? []) {
    if (service.trim() === '' || /[\r\n]/.test(service)) return `Unexpected service ${literal(service)}, expected a service name`;
  }
  return undefined;
}

/** What each default section asks for, shown as a comment in the built-in template. */
const sectionHints: Record<string, string> = {
  overview: 'Two or three sentences: what broke, for how long, and how it was fixed.',
  summary: 'Two or three sentences: what broke, for how long, and how it was fixed.',
  impact: 'Who was affected and how: users, requests, data. Numbers where you have them.',
  timeline:
    'One entry per event, in order, as a list (`- 14:35 What happened`) or a `| Time | Event |` table. Times are in `timezone` unless they name a zone.',
  resolution: 'What stopped the impact, and what made the fix permanent (link the PRs in `resolution_prs`).',
  recovery: 'What stopped the impact, and what made the fix permanent (link the PRs in `resolution_prs`).',
  'root cause': 'Why it happened. Contributing factors, not people.',
  detection: 'How the problem was noticed, and how it could have been noticed sooner.',
  'action items': 'One list item per action, each linking its tracker issue, e.g. `- [ ] What will be done: owner/repo#123 @owner due: YYYY-MM-DD`.',
};

/**
 * The template's `visibility` line, commented out: the value that is not the
 * default, so an author sees the choice without changing what the report is.
 */
function visibilityLine(config: Config): string {
  const fallback = config.publish.defaultVisibility;
  return fallback === 'internal'
    ? '# visibility: public        # also publish it in the public edition of the site (default: internal)'
    : '# visibility: internal      # keep it out of the public edition of the site (default: public)';
}

/**
 * The template used when the content folder has no `_template.md`: the configured
 * required sections, each holding only a comment, so a new draft gets
 * `empty-section` warnings until it is written and no errors.
 */
export function builtInTemplate(config: Config): string {
  const placeholderTitle = 'One line that says what users saw';
  const sections = sectionSpecs(config)
    .filter((spec) => spec.required)
    .map((spec) => {
      const hint = sectionHints[spec.name.toLowerCase()] ?? `What belongs under ${spec.name}.`;
      return `## ${spec.name}\n\n<!-- ${hint} -->\n`;
    });
  return `---
title: ${placeholderTitle}
date: ${datePlaceholder}
status: draft
severity: ${config.severities.at(-1)}
timezone: ${config.timezone}
impact:
  start: ${datePlaceholder}THH:MM
  end: ${datePlaceholder}THH:MM
  detected: ${datePlaceholder}THH:MM
  mitigated: ${datePlaceholder}THH:MM
services: [service-name]
tags: []
# Contributing factors, from \`factors\` in hindsight.config.yaml: ${
    factorTaxonomy(config)
      .map((factor) => factor.id)
      .join(', ') || 'none configured'
  }.
factors: []
authors: []
# Who reviews the report. The review is due this many days after \`date\` (\`review.days\`): ${config.severities.map((severity) => `${severity} ${reviewDays(config, severity)}`).join(', ')}.
reviewers: []
repeat_of: []
related: []
resolution_prs: []
${visibilityLine(config)}
---

# ${placeholderTitle}

${sections.join('\n')}`;
}

/** A replacement of `[start, end)` in the template. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One YAML scalar, written the way the `yaml` package would (quoted only when needed), on one line. */
function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function yamlFlowList(values: readonly string[]): string {
  return `[${values.map((value) => yamlScalar(value)).join(', ')}]`;
}

/**
 * The offsets of a YAML node, without the line break and blank lines that the
 * `yaml` package counts into the end of a block collection.
 */
function offsets(place: FieldPlace['value'], text: string): { start: number; end: number } {
  const start = place.start.offset ?? 0;
  const end = place.end.offset ?? 0;
  return { start, end: start + text.slice(start, end).trimEnd().length };
}

/**
 * Fills a template in.
 *
 * @param template the template's text (`_template.md`), or `undefined` for the built-in one
 * @param options the new report's title, date, severity and services (already checked with `optionsProblem`)
 * @param config the project configuration
 * @returns the new report's text
 * @throws {TemplateError} when the template's frontmatter cannot be read
 */
export function scaffoldReport(template: string | undefined, options: ScaffoldOptions, config: Config): string {
  const source = template ?? builtInTemplate(config);
  const title = options.title.replace(/\s+/g, ' ').trim();
  const parsed = parseReport('_template.md', source, config);
  if (parsed.unreadable) throw new TemplateError(parsed.unreadable.message);
  const text = parsed.text;
  const index = new LineIndex(text);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const { frontmatter } = parsed;
  const problem = frontmatter.problems[0];
  if (problem) throw new TemplateError(`${frontmatterProblemMessage(problem)} (line ${problem.place.start.line})`);
  const data = frontmatter.data;
  if (frontmatter.present && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new TemplateError('Unexpected frontmatter that is not a mapping of fields, expected `title:`, `date:` and the other fields');
  }
  const values = (data ?? {}) as Record<string, unknown>;
  const fields = frontmatter.fields;
  const edits: Edit[] = [];
  const missing: string[] = [];

  const templateSeverity = typeof values.severity === 'string' && config.severities.includes(values.severity) ? values.severity : undefined;
  const severity = options.severity ?? templateSeverity ?? config.severities.at(-1)!;
  const templateServices =
    Array.isArray(values.services) && values.services.length > 0 && values.services.every((service) => typeof service === 'string' && service.trim() !== '');
  const services = options.services && options.services.length > 0 ? options.services : templateServices ? undefined : ['service-name'];

  /** Replaces a field's colon and value (`key: old` → `key: new`), whatever the old value's shape or absence. */
  const afterKey = (field: FieldPlace & { key: NonNullable<FieldPlace['key']> }, yaml: string): Edit => {
    const start = field.key.end.offset ?? 0;
    const colon = text.indexOf(':', start);
    return { start, end: Math.max(offsets(field.value, text).end, colon + 1), text: `: ${yaml}` };
  };
  /** Sets a top-level scalar field: its value replaced, or a line added when it is missing. */
  const setField = (key: string, yaml: string) => {
    const field = fields[key];
    if (field?.key && typeof values[key] === 'string') edits.push({ ...offsets(field.value, text), text: yaml });
    else if (field?.key) edits.push(afterKey({ ...field, key: field.key }, yaml));
    else missing.push(`${key}: ${yaml}`);
  };
  setField('title', yamlScalar(title));
  setField('date', options.date);
  // A new report is a draft: it may be incomplete, and `check` says what is left to write.
  setField('status', 'draft');
  if (severity !== values.severity) setField('severity', yamlScalar(severity));
  // The shipped template says `timezone: UTC`; a new report is in the project's configured zone.
  if (fields.timezone?.key && values.timezone !== config.timezone) setField('timezone', yamlScalar(config.timezone));
  if (services) {
    const field = fields.services;
    // Replace from the key's colon, so a block list (`- a` lines) becomes one flow list.
    if (field?.key) edits.push(afterKey({ ...field, key: field.key }, yamlFlowList(services)));
    else missing.push(`services: ${yamlFlowList(services)}`);
  }
  edits.push(...impactEdits(values.impact, fields, options.date, index));

  // Missing fields go at the end of the block; a template without a block gets one.
  if (frontmatter.present && missing.length > 0) {
    const closing = /(?:^|\n)((?:---|\.\.\.)[ \t]*\r?\n?)$/.exec(text.slice(0, frontmatter.endOffset));
    const at = closing ? frontmatter.endOffset - closing[1]!.length : frontmatter.endOffset;
    edits.push({ start: at, end: at, text: missing.map((line) => `${line}${newline}`).join('') });
  } else if (!frontmatter.present) {
    edits.push({ start: 0, end: 0, text: ['---', ...missing, '---', '', ''].join(newline) });
  }

  // The first `#` heading is the template's title.
  const heading = parsed.tree.children.find((node) => node.type === 'heading' && node.depth === 1);
  if (heading?.position) {
    edits.push({ start: heading.position.start.offset ?? 0, end: heading.position.end.offset ?? 0, text: `# ${title}` });
  }

  return applyEdits(text, edits);
}

/**
 * Edits for the impact times: `YYYY-MM-DD` becomes the date; a time that is still
 * not a valid time then (`HH:MM` left) is commented out, and so is `impact:`
 * when none of its times is left.
 */
function impactEdits(impact: unknown, fields: Record<string, FieldPlace>, date: string, index: LineIndex): Edit[] {
  const impactField = fields.impact;
  if (!impactField?.key || typeof impact !== 'object' || impact === null || Array.isArray(impact)) return [];
  const edits: Edit[] = [];
  const commentLines = new Set<number>();
  let kept = 0;
  for (const [key, value] of Object.entries(impact as Record<string, unknown>)) {
    const field = fields[`impact.${key}`];
    if (!field?.key) continue;
    if (typeof value !== 'string' || !value.includes(datePlaceholder)) {
      kept++;
      continue;
    }
    const filled = value.replaceAll(datePlaceholder, date);
    const valueOffsets = offsets(field.value, index.text);
    const written = index.text.slice(valueOffsets.start, valueOffsets.end);
    edits.push({ ...valueOffsets, text: written.replaceAll(datePlaceholder, date) });
    if (dateTimeSchema.safeParse(filled).success) kept++;
    else for (let line = field.key.start.line; line <= lastLine(field.value, index); line++) commentLines.add(line);
  }
  const impactLines = { first: impactField.key.start.line, last: lastLine(impactField.value, index) };
  // A flow mapping (`impact: {start: …}`) shares its line with the key: the whole field goes.
  const flow = impactLines.first === impactLines.last;
  if (commentLines.size > 0 && (kept === 0 || flow)) {
    for (let line = impactLines.first; line <= impactLines.last; line++) commentLines.add(line);
  }
  for (const line of commentLines) {
    const start = index.offsetOf(line, 1);
    const indent = /^[ \t]*/.exec(index.text.slice(start))?.[0].length ?? 0;
    edits.push({ start: start + indent, end: start + indent, text: '# ' });
  }
  return edits;
}

/** The last line a YAML node has text on. */
function lastLine(place: FieldPlace['value'], index: LineIndex): number {
  const { start, end } = offsets(place, index.text);
  return index.pointAt(Math.max(start, end - 1)).line;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  const ordered = [...edits].sort((left, right) => right.start - left.start || right.end - left.end);
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
