/**
 * Timeline entries whose time the author says is not known: `- [unknown] Cache
 * flushed`, `| TBD | Customer reports errors |`, `- ??: pager fired`.
 *
 * Such an entry used to be skipped, so the event vanished from the structured
 * timeline without a word. It is now kept where it stands, without an instant
 * (`unplaced: 'unknown'` on the entry), and `timeline-order` warns, since an
 * estimate (`~14:35`, read as `14:35`) would place it. Template placeholders
 * (`HH:MM`, `14:??`) are not "unknown": `readLeadingTime` reports them as
 * placeholders, which fail a report under review.
 */
import type { LeadingTime } from './grammar.ts';

/** Markdown marks and brackets before the token: `[`, `**`, `` ` ``, `(`, a table's `|`. */
const before = /[\s|*_`[(>]*/y;
/**
 * Words that say "no time": matched in any case, but only when the token stands
 * alone (closed by `]`, `**`, `)`, or followed by `:`, a dash or the end), so a
 * sentence such as "Unknown clients flooded the API" is not one.
 */
const unknownWord = /(?:unknown(?:\s+time)?|time\s+unknown|not\s+known|n\/a|unclear|\?{1,2})(?=\s*(?:[\]*_`)]|[:|–—]|\s-\s|$))/iy;
/** `TBD`, `TBC`, `TBA` in capitals: a slot to fill, whatever follows. */
const toBeDecided = /TB[DCA](?![A-Za-z])/y;
/** What separates the token from the event's text. */
const after = /[\s*_`\]):|,.;~\-–—>]*/y;

/**
 * The "time not known" token at the start of `text`, as a leading time with a
 * problem and `unknown` set; `undefined` when the text does not start with one.
 *
 * @param text a list item's first line or a time cell, as in the source
 */
export function readUnknownTime(text: string): LeadingTime | undefined {
  before.lastIndex = 0;
  const start = before.exec(text)?.[0].length ?? 0;
  let match: RegExpExecArray | null = null;
  for (const pattern of [toBeDecided, unknownWord]) {
    pattern.lastIndex = start;
    match = pattern.exec(text);
    if (match) break;
  }
  if (!match) return undefined;
  const end = start + match[0].length;
  after.lastIndex = end;
  const restStart = end + (after.exec(text)?.[0].length ?? 0);
  return {
    start,
    end,
    restStart,
    unknown: true,
    problem: { code: 'unknown-time', written: match[0] },
  };
}
