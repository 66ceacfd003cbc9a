/**
 * What an import takes and gives: its options, the notes it makes and the
 * converted report. Kept apart so the helpers that make notes and the command
 * that prints them share the types without importing the conversion.
 */
import type { Config } from '../config.ts';
import type { Diagnostic } from '../rule.ts';

/** How to import. */
export interface ImportOptions {
  /** The project configuration: severities, sections, default zone. */
  config: Config;
  /** Services for reports that name none (`--service`); default `unknown`. */
  services?: readonly string[];
  /** The severity for reports whose severity cannot be read (`--severity`); default the least severe configured. */
  severity?: string;
  /** "Today", for the check of the converted report. */
  now?: Date;
}

/** Something the user should know about one import. */
export interface ImportNote {
  /** `warning`: check or fix it; `info`: what was not placed, or where a value came from. */
  level: 'warning' | 'info';
  /** "Unexpected X, expected Y" for problems; a short statement otherwise. */
  message: string;
}

/** The Hindsight fields an import fills, for saying where each came from. */
export type ImportedField = 'title' | 'date' | 'severity' | 'timezone' | 'services' | 'authors' | 'tags' | 'impact';

/** A converted report. */
export interface ConvertedReport {
  converted: true;
  /** `YYYY-MM-DD`: the day impact began, as far as the source says. */
  date: string;
  title: string;
  /** The file-name slug, from the title. */
  slug: string;
  /** The report's text: the new frontmatter, then the source's body unchanged. */
  text: string;
  /** Where each filled field came from (`file name`, `header line 3`, …). */
  sources: Partial<Record<ImportedField, string>>;
  /** The required fields the source does not give, filled from the defaults (`--severity`, `--service`). */
  defaults: Array<'severity' | 'services'>;
  notes: ImportNote[];
  /** The errors `hindsight check` gives on the converted report (credentials, malformed links): it fails CI until they are fixed. */
  problems: Diagnostic[];
}

/** A source that could not be converted. */
export interface NotConverted {
  converted: false;
  /** Why, "Unexpected X, expected Y". */
  reason: string;
  notes: ImportNote[];
}

/** What became of one source file. */
export type ImportResult = ConvertedReport | NotConverted;
