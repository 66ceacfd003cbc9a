/**
 * Choosing a report's date, zone and severity among what the source offers, in
 * order of trust, with a note for every guess.
 */
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ParsedReport } from '../parse.ts';
import { literal, literalList } from '../text.ts';
import { dateInFileName, firstDate } from './dates.ts';
import { type FieldMeaning, plainInline } from './fields.ts';
import { mapSeverity } from './severity.ts';
import { ianaZoneFor, zoneStatedIn, type ZoneStatement } from '../zones.ts';
import type { Fact } from './facts.ts';
import type { ImportNote, ImportOptions } from './result.ts';

/** The timezone the source states: frontmatter or header `timezone`, then a sentence or label in the body. */
export function findZone(facts: readonly Fact[], tree: Root, text: string, notes: ImportNote[]): (ZoneStatement & { where: string }) | undefined {
  for (const fact of facts) {
    if (fact.meaning !== 'timezone') continue;
    const zone = ianaZoneFor(fact.value);
    if (zone) return { zone, written: fact.value, where: fact.where };
    notes.push({
      level: 'warning',
      message: `Unexpected time zone ${literal(fact.value)} (${fact.where}), expected an IANA zone such as \`America/Toronto\` or an abbreviation such as \`PST\``,
    });
  }
  const found: Array<ZoneStatement & { where: string }> = [];
  const visit = (node: Nodes) => {
    if (node.type === 'code' || node.type === 'html' || node.type === 'blockquote') return;
    if (node.type === 'paragraph' || node.type === 'heading') {
      const isLabel = node.type === 'heading';
      const start = node.position?.start;
      const lines =
        start?.offset !== undefined && node.position?.end.offset !== undefined ? text.slice(start.offset, node.position.end.offset).split(/\r?\n/) : [];
      lines.forEach((lineText, index) => {
        const statement = zoneStatedIn(plainInline(lineText), isLabel);
        if (statement) found.push({ ...statement, where: `line ${(start?.line ?? 0) + index}` });
      });
      return;
    }
    if (node.type === 'table') {
      for (const cell of node.children[0]?.children ?? []) {
        const statement = zoneStatedIn(toString(cell), true);
        if (statement) found.push({ ...statement, where: `line ${cell.position?.start.line ?? 0}` });
      }
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  const [first] = found;
  const others = [...new Set(found.map((statement) => statement.zone))].filter((zone) => zone !== first?.zone);
  if (first && others.length > 0) {
    notes.push({
      level: 'info',
      message: `times are stated in more than one zone (${literalList([first.zone, ...others], 'and')}); \`timezone\` is ${literal(first.zone)} (${first.where}), and each timeline section still reads its own statement`,
    });
  }
  return first;
}

/** A numeric date whose day and month could be either way round (`3/4/2023`). */
export const ambiguousNumericDate = /\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b/;

/** A date candidate and where it came from. */
interface DateCandidate {
  date: string;
  /** `the file name`, `the title`, `header line 3`… */
  where: string;
  declared: boolean;
}

/** The first date in the body's prose (paragraphs and headings; never code). */
function firstDateInText(tree: Root): { date: string; line: number } | undefined {
  let result: { date: string; line: number } | undefined;
  const visit = (node: Nodes) => {
    if (result || node.type === 'code' || node.type === 'html' || node.type === 'inlineCode') return;
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const found = firstDate(toString(node));
      if (found) result = { date: found.date, line: node.position?.start.line ?? 0 };
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return result;
}

/**
 * The report's date: the most trusted source that has one. Declared dates that
 * disagree with it are reported, since real reports do disagree (a copied title,
 * a typo in the file name) and only the author can say which is right.
 */
export function chooseDate(
  facts: readonly Fact[],
  fileName: string,
  title: { text: string; fromFileName: boolean },
  parsed: ParsedReport,
  notes: ImportNote[],
): DateCandidate | undefined {
  const candidates: DateCandidate[] = [];
  const fromFacts = (meaning: FieldMeaning, declared: boolean) => {
    for (const fact of facts) {
      if (fact.meaning !== meaning || fact.declared !== declared) continue;
      const found = firstDate(fact.value);
      if (found) candidates.push({ date: found.date, where: fact.where === 'frontmatter' ? 'the frontmatter' : fact.where, declared });
    }
  };
  fromFacts('date', true);
  fromFacts('start', true);
  const inName = dateInFileName(fileName);
  if (inName) candidates.push({ date: inName.date, where: 'the file name', declared: true });
  const inTitle = title.fromFileName ? undefined : firstDate(title.text);
  if (inTitle) candidates.push({ date: inTitle.date, where: 'the title', declared: true });
  fromFacts('date', false);
  fromFacts('start', false);
  fromFacts('created', true);
  fromFacts('created', false);
  // When it was noticed is at worst a little after the day impact began (an incident.io or Opsgenie `Reported at`).
  fromFacts('detected', true);
  const [chosen] = candidates;
  if (chosen) {
    const reported = new Set<string>([chosen.date]);
    for (const candidate of candidates) {
      if (!candidate.declared || reported.has(candidate.date)) continue;
      reported.add(candidate.date);
      notes.push({
        level: 'warning',
        message: `Unexpected date ${literal(candidate.date)} in ${candidate.where}, expected ${literal(chosen.date)} as in ${chosen.where}; the report is dated ${literal(chosen.date)}: check which is the day impact began`,
      });
    }
    return chosen;
  }
  // Last resorts, each reported: the first dated timeline entry, then the first date in the text.
  const entry = parsed.timeline.find((candidate) => candidate.date !== undefined);
  if (entry?.date) {
    notes.push({
      level: 'warning',
      message: `date ${literal(entry.date)} taken from the timeline's first dated entry (line ${entry.place.start.line}): check it is the day impact began`,
    });
    return { date: entry.date, where: `the timeline (line ${entry.place.start.line})`, declared: false };
  }
  const inText = firstDateInText(parsed.tree);
  if (inText) {
    notes.push({ level: 'warning', message: `date ${literal(inText.date)} taken from the text (line ${inText.line}): check it is the day impact began` });
    return { date: inText.date, where: `the text (line ${inText.line})`, declared: false };
  }
  return undefined;
}

/** The severity: the first severity, priority or urgency that maps onto the configured scale. */
export function chooseSeverity(facts: readonly Fact[], options: ImportOptions, notes: ImportNote[]): { severity: string; where: string } {
  const { severities } = options.config;
  for (const meaning of ['severity', 'priority', 'urgency'] as const) {
    for (const fact of facts) {
      if (fact.meaning !== meaning) continue;
      const mapping = mapSeverity(fact.value, severities);
      if (mapping.severity) {
        if (mapping.approximate) notes.push({ level: 'info', message: `${mapping.note} (${fact.where})` });
        return { severity: mapping.severity, where: fact.where };
      }
      notes.push({ level: 'warning', message: `${mapping.note} (${fact.where}); left out` });
    }
  }
  return { severity: options.severity ?? severities.at(-1)!, where: 'the default' };
}
