/**
 * `hindsight import`, the pure part: one existing Markdown postmortem in, an
 * `archived` Hindsight report out, with every line of its body kept as it was.
 *
 * The new frontmatter is assembled from what the source says, in order of trust:
 * its own YAML frontmatter, its header facts (`**Date:** …`, `| Severity | SEV-2 |`),
 * its file name, its title, and, for the date only, its timeline and text. What
 * cannot be placed in a Hindsight field is reported, never invented silently; the
 * source's own frontmatter is kept as YAML comments, so nothing is lost. File
 * I/O lives in the command (`src/cli/commands/import.ts`).
 */
import { stringify } from 'yaml';
import { checkReports } from '../check.ts';
import { isTimeZone, sectionLookup, sectionSpecs } from '../config.ts';
import { frontmatterProblemMessage } from '../frontmatter-problems.ts';
import { parseReport } from '../parse.ts';
import { rules } from '../rules/index.ts';
import { literal, literalList } from '../text.ts';
import { fieldMeaning, type FieldMeaning, isMetadataHeading, keyMeaning, readHeaderFields, readKeyValue } from './fields.ts';
import { findTitle, importSlug } from './title.ts';
import { ambiguousNumericDate, chooseDate, chooseSeverity, findZone } from './choices.ts';
import { authorName, collectFacts, serviceName, splitList, unfinishedStatus } from './facts.ts';
import { buildImpact, startsWithTime } from './impact.ts';
import type { ConvertedReport, ImportedField, ImportNote, ImportOptions, ImportResult } from './result.ts';

// The parts: `facts.ts` reads what the source states, `choices.ts` picks the date, zone and
// severity, `impact.ts` builds the impact window; this module assembles the report.
export type { ConvertedReport, ImportedField, ImportNote, ImportOptions, ImportResult, NotConverted } from './result.ts';

/** The service written for reports that name none and when no `--service` is given. */
export const unknownService = 'unknown';

/** One YAML scalar, quoted only when needed, on one line. */
function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The keys of the source frontmatter that the import turned into Hindsight fields. */
const carriedMeanings: ReadonlySet<FieldMeaning | 'impact'> = new Set([
  'impact',
  'title',
  'date',
  'severity',
  'priority',
  'urgency',
  'services',
  'authors',
  'tags',
  'timezone',
  'start',
  'end',
  'detected',
  'duration',
  'created',
  'status',
]);

/** The rules that look at one report: the check of a converted report before it is written. */
const reportRules = rules.filter((rule) => rule.scope === 'report');

/**
 * Converts one Markdown postmortem into an archived Hindsight report.
 *
 * @param path the source's path, for messages (its file name is read for a date and a title)
 * @param content the source's bytes or text
 * @param options the configuration and the defaults for what the source lacks
 */
export function importReport(path: string, content: Uint8Array | string, options: ImportOptions): ImportResult {
  const { config } = options;
  const notes: ImportNote[] = [];
  const fileName = path.split(/[\\/]/).at(-1) ?? path;
  const parsed = parseReport(path, content, config);
  if (parsed.unreadable) return { converted: false, reason: parsed.unreadable.message, notes };
  if (parsed.text.trim() === '') return { converted: false, reason: 'Unexpected empty file, expected a Markdown postmortem', notes };

  // The source's own frontmatter, when it is a readable YAML mapping; anything else stays in the body as text.
  const block = parsed.frontmatter;
  const readable = block.present && block.problems.length === 0 && typeof block.data === 'object' && block.data !== null && !Array.isArray(block.data);
  const sourceData = readable ? (block.data as Record<string, unknown>) : undefined;
  if (block.present && !readable) {
    const problem = block.problems[0];
    const why = problem ? frontmatterProblemMessage(problem) : 'not a mapping of keys';
    notes.push({
      level: 'warning',
      message: `Unexpected frontmatter that cannot be read (${why}), expected a YAML mapping; it is kept as the start of the body`,
    });
  }
  const body = readable ? parsed.text.slice(block.endOffset) : parsed.text;

  const lookup = sectionLookup(config);
  const fields = readHeaderFields(parsed.tree, parsed.text, lookup);
  const facts = collectFacts(sourceData, fields);
  const sources: Partial<Record<ImportedField, string>> = {};

  // A `Title:` header line names the title outright; otherwise the frontmatter, the `#` heading or the file name.
  const titleFact = facts.find((fact) => fact.meaning === 'title' && fact.declared && fact.where !== 'frontmatter');
  const found = findTitle(parsed.tree, sourceData?.title, fileName, lookup);
  const fromFact = found.source !== 'frontmatter' && titleFact !== undefined;
  const title = (fromFact ? titleFact.value : found.title).trim();
  sources.title = fromFact ? titleFact.where : found.source === 'heading' ? `the heading on line ${found.line}` : `the ${found.source}`;
  if (/[\r\n]/.test(title) || title === '') {
    return { converted: false, reason: `Unexpected title ${literal(title)}, expected a one-line title`, notes };
  }

  const date = chooseDate(facts, fileName, { text: title, fromFileName: !fromFact && found.source === 'file name' }, parsed, notes);
  if (!date) {
    // `Date: 3/4/2023` is 3 April or 4 March: say so rather than guess.
    const ambiguous = facts.find((fact) => (fact.meaning === 'date' || fact.meaning === 'start') && ambiguousNumericDate.test(fact.value));
    const written = ambiguous && ambiguousNumericDate.exec(ambiguous.value)?.[0];
    if (ambiguous && written) {
      return {
        converted: false,
        reason: `Unexpected date ${literal(written)} (${ambiguous.where}) that could be day/month or month/day, expected it written \`YYYY-MM-DD\`; correct it and import it again`,
        notes,
      };
    }
    return {
      converted: false,
      reason:
        'Unexpected report without a date, expected one in its frontmatter (`date:`), a header line (`Date: 2022-09-07`), its file name (`2022-09-07-….md`), its title, its timeline or its text; add one and import it again',
      notes,
    };
  }
  sources.date = date.where;

  const zone = findZone(facts, parsed.tree, parsed.text, notes);
  if (zone) sources.timezone = `${literal(zone.written)} (${zone.where})`;

  const severity = chooseSeverity(facts, options, notes);
  sources.severity = severity.where;

  const listOf = (meaning: FieldMeaning, clean: (item: string) => string) => {
    const fact = facts.find((candidate) => candidate.meaning === meaning && splitList(candidate.value).length > 0);
    if (!fact) return undefined;
    // A frontmatter list arrives as one fact per item; a header line holds them all.
    const items =
      fact.where === 'frontmatter'
        ? facts.filter((candidate) => candidate.meaning === meaning && candidate.where === 'frontmatter').map((candidate) => candidate.value)
        : splitList(fact.value);
    const cleaned = [...new Set(items.map(clean).filter((item) => item !== ''))];
    return cleaned.length > 0 ? { items: cleaned, where: fact.where } : undefined;
  };
  const services = listOf('services', serviceName);
  if (services) sources.services = services.where;
  const authors = listOf('authors', authorName);
  if (authors) sources.authors = authors.where;
  const tags = listOf('tags', (tag) => tag.trim());
  if (tags) sources.tags = tags.where;

  for (const fact of facts) {
    if (fact.meaning !== 'status') continue;
    if (unfinishedStatus.test(fact.value)) {
      notes.push({
        level: 'warning',
        message: `Unexpected status ${literal(fact.value)} (${fact.where}), expected a finished report; imported as \`archived\` all the same: set \`status: draft\` if it is still being written`,
      });
    }
    break;
  }

  const reportZone = zone?.zone ?? config.timezone;
  const impact = buildImpact(facts, date.date, reportZone, notes);
  if (impact) sources.impact = impact.where;

  // What the header says that no Hindsight field holds: it stays in the body, and the user should know.
  const unplaced = [...new Set(fields.filter((field) => field.inHeader && !field.meaning).map((field) => field.key))];
  if (unplaced.length > 0) notes.push({ level: 'info', message: `kept in the body only (no Hindsight field): ${literalList(unplaced, 'and')}` });
  const unmapped = Object.keys(sourceData ?? {}).filter((key) => {
    const meaning = key === 'impact' ? 'impact' : keyMeaning(key);
    return !meaning || !carriedMeanings.has(meaning);
  });
  if (unmapped.length > 0) notes.push({ level: 'info', message: `frontmatter keys not carried over, kept as comments: ${literalList(unmapped, 'and')}` });
  // Headings that are neither a configured section nor the title, a block of facts, a fact or a timeline date.
  const unmatched = parsed.sections
    .filter((section) => section.name === undefined && section.headingPlace.start.line !== found.line)
    .map((section) => section.title)
    .filter((heading) => heading !== '' && !isMetadataHeading(heading) && !fieldMeaning(readKeyValue(heading)?.key ?? '') && !startsWithTime(heading));
  if (unmatched.length > 0 && sectionSpecs(config).length > 0) {
    notes.push({ level: 'info', message: `headings that match no configured section: ${literalList([...new Set(unmatched)].slice(0, 8), 'and')}` });
  }

  const newline = parsed.text.includes('\r\n') ? '\r\n' : '\n';
  const lines = ['---', `# Imported by \`hindsight import\` from ${fileName.replace(/[\r\n]/g, ' ')}; the body below is the original, unchanged.`];
  lines.push(`title: ${yamlScalar(title)}`, `date: ${date.date}`, 'status: archived', `severity: ${yamlScalar(severity.severity)}`);
  if (zone && isTimeZone(zone.zone)) lines.push(`timezone: ${yamlScalar(zone.zone)}`);
  if (impact) {
    lines.push('impact:', `  start: ${impact.start}`);
    if (impact.end) lines.push(`  end: ${impact.end}`);
    if (impact.detected) lines.push(`  detected: ${impact.detected}`);
  }
  const list = (key: string, items: readonly string[]) => {
    lines.push(`${key}:`, ...items.map((item) => `  - ${yamlScalar(item)}`));
  };
  list('services', services?.items ?? (options.services?.length ? options.services : [unknownService]));
  if (tags) list('tags', tags.items);
  if (authors) list('authors', authors.items);
  if (readable) {
    lines.push('# The original frontmatter, kept as it was:');
    // The block's lines between its opening and closing `---`.
    const original = parsed.text
      .slice(0, block.endOffset)
      .replace(/\r?\n$/, '')
      .split(/\r?\n/)
      .slice(1, -1);
    for (const line of original) lines.push(`#   ${line}`.trimEnd());
  }
  lines.push('---');
  // A body that starts right at the top gets a blank line after the frontmatter; no body line changes.
  const text = `${lines.join(newline)}${newline}${body.startsWith('\n') || body.startsWith('\r\n') ? '' : newline}${body}`;

  const slug = importSlug(title, fileName);
  const checked = parseReport(`${date.date}-${slug}.md`, text, config);
  const problems = checkReports([checked], config, { rules: reportRules, now: options.now ?? new Date() }).filter(
    (diagnostic) => diagnostic.severity === 'error',
  );
  const secrets = problems.filter((problem) => problem.ruleId === 'secret');
  if (secrets.length > 0) {
    notes.push({
      level: 'warning',
      message: `Unexpected credential in the source (line ${[...new Set(secrets.map((secret) => secret.place.start.line))].join(', ')} of the converted report), expected none: \`hindsight check\` fails until it is removed; revoke it too, since it was shared`,
    });
  }
  const defaults: ConvertedReport['defaults'] = [];
  if (severity.where === 'the default') defaults.push('severity');
  if (!services) defaults.push('services');
  return { converted: true, date: date.date, title, slug, text, sources, defaults, notes, problems };
}
