/**
 * What the similarity core compares: a report as plain data (so the evaluation and
 * the benchmark can feed it reports that are not Hindsight files), and how much
 * each of its text fields counts.
 */

/** A report as the similarity core sees it: identity, order, services and text. */
export interface SimilarityDocument {
  /** The report id. */
  id: string;
  /** `YYYY-MM-DD`: the day impact began. Orders the reports; only earlier reports are candidates. */
  date: string;
  /** When known, the impact start as epoch milliseconds; breaks ties between reports of the same day. */
  startTime?: number;
  /** Services affected; two reports are compared only when they share one. */
  services: readonly string[];
  /** The title. */
  title: string;
  /** Free-form labels. */
  tags?: readonly string[];
  /** The Overview / Summary section's text. */
  overview?: string;
  /** The Root Cause / Contributing Factors section's text. */
  rootCause?: string;
  /** The Impact / What happened section's text. */
  impact?: string;
  /** The Resolution section's text. */
  resolution?: string;
  /**
   * The text fields already split into terms (`terms()` of each), when the caller
   * has them: used instead of the text, which is then not read.
   */
  terms?: Partial<Record<TextField, readonly string[]>>;
}

/** The fields of a document that carry text, with how much each counts. */
export type TextField = 'title' | 'tags' | 'overview' | 'rootCause' | 'impact' | 'resolution';

/**
 * How much a word counts in each field. The title and root cause name the cause
 * of an incident; the impact mostly describes symptoms that many unrelated
 * incidents share ("users could not log in"), so it counts least.
 */
export const fieldWeights: Readonly<Record<TextField, number>> = {
  title: 2,
  tags: 1.5,
  overview: 1,
  rootCause: 2,
  impact: 0.5,
  resolution: 1,
};
