/**
 * What the `public-exposure` rule reads of a public report: exactly what the
 * public edition publishes (src/lib/publish/edition.ts), in the file's own
 * offsets. The body with the edition's edits blanked out (internal sections,
 * links to unpublished reports, comments), and the frontmatter's string values
 * but the people fields, each at its YAML node.
 */
import type { Config } from '../config.ts';
import type { ParsedReport } from '../parse.ts';
import { peopleFields, publicBodyEdits, visibilityOf } from './edition.ts';

/** A stretch of a report's text that the public edition publishes. */
export interface PublishedText {
  /** The text, with what is not published replaced by spaces (line breaks kept). */
  text: string;
  /** The offset of `text` in the file. */
  offset: number;
  /** The frontmatter field it is the value of (`watch.0.name`), absent for the body. */
  field?: string;
}

/**
 * The published stretches of a report: its body, then each frontmatter string
 * value (as written in the file, quotes included, so offsets stay exact).
 *
 * @param unpublished the ids of the reports the public edition leaves out
 */
export function publishedTexts(report: ParsedReport, config: Config, unpublished: ReadonlySet<string>): PublishedText[] {
  const start = report.frontmatter.endOffset;
  // Blanked, not cut: every offset in the body stays the file's, and no two words left apart are joined.
  let body = report.text.slice(start);
  for (const edit of publicBodyEdits(report, config, unpublished)) {
    const from = edit.start - start;
    const to = edit.end - start;
    body = body.slice(0, from) + body.slice(from, to).replace(/[^\r\n]/g, ' ') + body.slice(to);
  }
  const texts: PublishedText[] = [{ text: body, offset: start }];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      const field = path.join('.');
      const place = report.frontmatter.fields[field]?.value;
      const from = place?.start.offset;
      const to = place?.end.offset;
      if (from !== undefined && to !== undefined) texts.push({ text: report.text.slice(from, to), offset: from, field });
    } else if (Array.isArray(value)) {
      value.forEach((item, position) => walk(item, [...path, String(position)]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) if (path.length > 0 || !peopleFields.includes(key)) walk(item, [...path, key]);
    }
  };
  walk(report.frontmatter.data, []);
  return texts;
}

/** A title of an internal report, as lower-case words, for finding it in prose. */
interface TitleWords {
  id: string;
  title: string;
  words: string[];
}

/** Words, lower case, with their offsets. */
function wordsOf(text: string): { word: string; start: number; end: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length }));
}

/** Fewer words than this, and a title is too plain to say which report it is ("Outage", "API down"). */
const minimumTitleWords = 3;
/** Shorter than this, or without a `-`, and an id could be an ordinary word (`outage`, `db`). */
const minimumIdLength = 10;

/** A mention of an internal report in a public one. */
export interface Mention {
  /** The internal report's id. */
  id: string;
  /** Its title, when the title is what was written. */
  title?: string;
  start: number;
  end: number;
}

/** Finds internal reports named in prose: by an id that could be nothing else, or by a title of three words or more. */
export class MentionFinder {
  private readonly ids = new Map<string, string>();
  private readonly titles = new Map<string, TitleWords[]>();

  /** @param internal the reports whose id and title must not appear in a public report */
  constructor(internal: readonly ParsedReport[]) {
    for (const report of internal) {
      if (report.id.length >= minimumIdLength && report.id.includes('-')) this.ids.set(report.id.toLowerCase(), report.id);
      const title = report.data?.title;
      const words = title ? wordsOf(title).map((word) => word.word) : [];
      if (!title || words.length < minimumTitleWords) continue;
      const key = words.slice(0, minimumTitleWords).join(' ');
      const list = this.titles.get(key) ?? [];
      list.push({ id: report.id, title, words });
      this.titles.set(key, list);
    }
  }

  /** Whether there is anything to find. */
  get empty(): boolean {
    return this.ids.size === 0 && this.titles.size === 0;
  }

  /**
   * Every mention in a text, in order (offsets in the text).
   *
   * @param ownTitle the public report's own title, which may say the same words without naming anything else
   */
  find(text: string, ownTitle?: string): Mention[] {
    const found: Mention[] = [];
    for (const match of text.matchAll(/[\p{L}\p{N}_.-]+/gu)) {
      const token = match[0].replace(/[.-]+$/, '');
      const id = this.ids.get(token.toLowerCase());
      if (id) found.push({ id, start: match.index, end: match.index + token.length });
    }
    const own = ownTitle
      ? wordsOf(ownTitle)
          .map((word) => word.word)
          .join(' ')
      : undefined;
    const words = wordsOf(text);
    words.forEach((word, position) => {
      const key = words
        .slice(position, position + minimumTitleWords)
        .map((entry) => entry.word)
        .join(' ');
      for (const candidate of this.titles.get(key) ?? []) {
        if (candidate.words.join(' ') === own) continue;
        const run = words.slice(position, position + candidate.words.length);
        if (run.length === candidate.words.length && run.every((entry, index) => entry.word === candidate.words[index])) {
          found.push({ id: candidate.id, title: candidate.title, start: word.start, end: run.at(-1)!.end });
        }
      }
    });
    return found.sort((left, right) => left.start - right.start);
  }
}

/** The reports that are internal (`visibility: internal`): their ids and titles are what a public report must not name. */
export function internalReports(reports: readonly ParsedReport[], config: Config): ParsedReport[] {
  return reports.filter((report) => visibilityOf(report, config) === 'internal');
}
