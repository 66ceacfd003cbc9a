/**
 * The shape of a read timeline: what the reader is given and what it returns.
 * Kept apart from the reader so the rules and the site can name the types
 * without importing the walk.
 */
import type { Root } from 'mdast';
import type { Config } from '../config.ts';
import type { Section } from '../sections.ts';
import type { LineIndex, Place } from '../text.ts';
import type { TimelineProblem } from './problems.ts';

/** One event of a report's timeline. */
export interface TimelineEntry {
  /** The time as written, e.g. `2:35 PM`, `14:35 UTC`, `2022-09-07T05:25`. */
  time: string;
  /** The event's text, Markdown stripped. */
  text: string;
  /** The resolved instant, ISO 8601 in UTC (`2022-09-07T09:25:00.000Z`), when it could be read. */
  instant?: string;
  /** The zone the time was read in (IANA name such as `America/Toronto`, or an offset like `+02:00`). */
  zone: string;
  /** Where the entry is in the file (the time's position). */
  place: Place;
  /** Why the time could not be read, when `instant` is missing. */
  problem?: TimelineProblem;
  /**
   * Set when the entry names a day but no clock time (`| 2021-12-17 | log4j 2.17 published |`):
   * `instant` is then the start of that day, and order is checked by day.
   */
  dateOnly?: boolean;
  /** The calendar day of the entry as read (`YYYY-MM-DD`, in `zone`), when known. */
  date?: string;
  /**
   * A heading between the previous entry and this one that names a day but was not
   * read as a date (`### Day 2`, `### 21/11/2026`): an entry going back in time
   * after it says so, since the author meant the heading to change the day.
   */
  unreadHeading?: string;
  /**
   * Set when the entry has no `instant`, so it cannot be placed in time; it is kept
   * in document order all the same. `unknown`: the author wrote that the time is
   * not known (`[unknown]`, `TBD`: see `timeline-unplaced.ts`); `unreadable`: a time
   * that cannot be read (`14:??`, `HH:MM`, `25:00`). `problem` says which and why.
   */
  unplaced?: 'unknown' | 'unreadable';
}

/** What the timeline reader needs from a report being parsed. */
export interface TimelineInput {
  /** The whole file, as on disk (BOM removed). */
  text: string;
  /** A line index over `text`. */
  index: LineIndex;
  /** The parsed body. */
  tree: Root;
  /** Its sections. */
  sections: readonly Section[];
  /** The report id (file name without `.md`); a `YYYY-MM-DD` date in it (normally its prefix) is a last-resort date. */
  id: string;
  /** The frontmatter as parsed (valid or not): `date` and `timezone` are read from it when usable. */
  frontmatter: unknown;
  /** The project configuration (its `timezone` is the default zone). */
  config: Config;
}
