/**
 * The shape a parse cache entry's parse must have to be used
 * (src/lib/node/parse-cache.ts): an entry is a file anyone can write, so it is
 * read as untrusted input, and a parse that does not have the shape of a
 * `ParsedReport` (and of the self-contained rules' findings, when it has them) is
 * a miss. What the rules and the site index into without checking (arrays,
 * places, section bounds) must be there.
 */
import { reportId, type ParsedReport } from '../parse.ts';
import type { ReportFindings } from '../report-findings.ts';
import { statuses } from '../schema.ts';
import { fieldWeights } from '../similarity.ts';

/** A check of one value's shape. */
type Check = (value: unknown) => boolean;

/** Whether `value` is a JSON object (not `null`, not an array): an entry and its parse must be one before their fields are read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isInteger: Check = (value) => Number.isSafeInteger(value);
// Checks made of checks, so that each shape below reads like the type it checks.
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const arrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const shape =
  (fields: Record<string, Check>): Check =>
  (value) => {
    if (!isRecord(value)) return false;
    for (const key in fields) if (!fields[key]!(value[key])) return false;
    return true;
  };

const isPoint = shape({ line: isInteger, column: isInteger, offset: optional(isInteger) });
const isPlace = shape({ start: isPoint, end: isPoint });
const isProblem = shape({ message: isString, place: isPlace });
const isFieldPlace = shape({ key: optional(isPlace), value: isPlace });
/** A frontmatter problem is data (`frontmatter.ts`), worded when shown: its code, and what its wording reads. */
const isFrontmatterProblem: Check = (value) => {
  if (!isRecord(value) || !isPlace(value.place)) return false;
  switch (value.code) {
    case 'unclosed':
      return true;
    case 'language':
      return isString(value.language);
    case 'yaml-syntax':
      return isString(value.reason);
    case 'yaml-aliases':
      return isString(value.reason) && isInteger(value.limit);
    default:
      return false;
  }
};
const isReference = shape({
  raw: isString,
  url: isString,
  label: isString,
  tracker: isString,
  github: optional(shape({ owner: isString, repo: isString, number: isInteger, kind: optional((value) => value === 'issue' || value === 'pull') })),
  place: isPlace,
});
const isActionItem = shape({
  text: isString,
  references: arrayOf(isReference),
  checked: optional(isBoolean),
  owner: optional(isString),
  due: optional(isString),
  unreadableDue: optional(shape({ text: isString, place: isPlace })),
  group: optional(isString),
  place: isPlace,
});
const isTimelineEntry = shape({
  time: isString,
  text: isString,
  instant: optional(isString),
  zone: isString,
  place: isPlace,
  // A timeline problem is data (`timeline/problems.ts`), worded when shown.
  problem: optional(shape({ code: isString, written: isString })),
  dateOnly: optional(isBoolean),
  date: optional(isString),
  unreadHeading: optional(isString),
});
const isFrontmatterBlock = shape({
  present: isBoolean,
  language: isString,
  openingPlace: isPlace,
  endOffset: isInteger,
  fields: (value) => isRecord(value) && Object.values(value).every(isFieldPlace),
  problems: arrayOf(isFrontmatterProblem),
});
const isStringList = arrayOf(isString);
/** The validated frontmatter: the fields the rules read without checking. */
const isFrontmatterData = shape({
  title: isString,
  date: isString,
  status: (value) => (statuses as readonly unknown[]).includes(value),
  severity: isString,
  timezone: isString,
  impact: optional(shape({ start: isString, end: optional(isString), detected: optional(isString) })),
  services: isStringList,
  tags: isStringList,
  authors: isStringList,
  repeat_of: isStringList,
  related: isStringList,
  resolution_prs: isStringList,
  watch: arrayOf(shape({ name: isString, expires: isString, issue: optional(isString) })),
});

const isFinding = shape({
  message: isString,
  place: isPlace,
  severity: optional((value) => value === 'error' || value === 'warning'),
  cause: optional(shape({ file: isString, message: isString, place: isPlace })),
  note: optional(isString),
});

/** Whether `value` has the shape of the stored findings of the self-contained rules: lists of findings by rule id. */
export function isReportFindings(value: unknown): value is ReportFindings {
  return isRecord(value) && Object.values(value).every(arrayOf(isFinding));
}

/**
 * Whether `value` has the shape of the `ParsedReport` of `path`, as a cache entry
 * holds it: everything but its text and Markdown tree, which the reader makes
 * again from the file (parse-cache.ts, `restoreParse`), so whatever an entry puts
 * there is never read.
 */
export function isParsedReport(value: unknown, path: string): value is ParsedReport {
  if (!isRecord(value)) return false;
  if (value.path !== path || value.id !== reportId(path)) return false;
  if (value.unreadable !== undefined && !isProblem(value.unreadable)) return false;
  if (!isFrontmatterBlock(value.frontmatter) || !arrayOf(isProblem)(value.frontmatterIssues)) return false;
  if (value.data !== undefined && !isFrontmatterData(value.data)) return false;
  if (typeof value.draft !== 'boolean' || (value.status !== undefined && !(statuses as readonly unknown[]).includes(value.status))) return false;
  if (value.limit !== undefined && !isProblem(value.limit)) return false;
  if (value.terms !== undefined && !isReportTerms(value.terms)) return false;
  return arrayOf(isSection)(value.sections) && arrayOf(isActionItem)(value.actionItems) && arrayOf(isTimelineEntry)(value.timeline);
}

/** A report's terms (report-terms.ts): lists of words, by text field. */
const textFields = new Set(Object.keys(fieldWeights));
const isReportTerms: Check = (value) => isRecord(value) && Object.entries(value).every(([field, words]) => textFields.has(field) && isStringList(words));

const isSection = shape({
  title: isString,
  name: optional(isString),
  depth: isInteger,
  headingPlace: isPlace,
  startIndex: (index) => isInteger(index) && (index as number) >= 0,
  endIndex: (index) => isInteger(index) && (index as number) >= 0,
});

/** Whether a report's sections are within its tree (the rules slice the tree's children by their bounds without checking). */
export function sectionsWithin(report: ParsedReport): boolean {
  const count = report.tree.children.length;
  return report.sections.every((section) => section.startIndex <= count && section.endIndex <= count);
}
