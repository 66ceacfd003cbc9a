/**
 * Every GitHub issue and pull request the reports point at: action items'
 * references, `resolution_prs` and `watch[].issue`. Pure: reads parsed reports.
 */
import type { Config } from '../config.ts';
import { listItemPlace } from '../frontmatter.ts';
import type { ParsedReport } from '../parse.ts';
import { parseReference, type ParsedReference } from '../references.ts';
import type { Place } from '../text.ts';
import type { GithubTarget } from '../issue-state.ts';

/** Where in a report a reference was found. */
export type ReferenceOrigin = 'action-item' | 'resolution_prs' | 'watch';

/** A GitHub reference found in a report. */
export interface FoundReference {
  /** The report's path. */
  path: string;
  origin: ReferenceOrigin;
  /** The reference, as parsed (its `github` field is always set). */
  reference: ParsedReference & { github: NonNullable<ParsedReference['github']> };
  /** Where it is written in the file. */
  place: Place;
}

/** A frontmatter value's place, or the frontmatter's opening line when the field has none recorded. */
function fieldPlace(report: ParsedReport, path: string): Place {
  return report.frontmatter.fields[path]?.value ?? report.frontmatter.openingPlace;
}

/** Parses a frontmatter value as a GitHub reference. */
function githubReference(value: string, config: Config): FoundReference['reference'] | undefined {
  const parsed = parseReference(value, config);
  return parsed?.github ? (parsed as FoundReference['reference']) : undefined;
}

/** The GitHub references of one report, in file order within each origin. */
export function githubReferencesOf(report: ParsedReport, config: Config): FoundReference[] {
  const found: FoundReference[] = [];
  for (const item of report.actionItems) {
    for (const reference of item.references) {
      if (reference.github)
        found.push({ path: report.path, origin: 'action-item', reference: reference as FoundReference['reference'], place: reference.place });
    }
  }
  const data = report.data;
  if (!data) return found;
  data.resolution_prs.forEach((value, position) => {
    const reference = githubReference(value, config);
    if (reference) found.push({ path: report.path, origin: 'resolution_prs', reference, place: listItemPlace(report.frontmatter, 'resolution_prs', position) });
  });
  data.watch.forEach((entry, position) => {
    if (entry.issue === undefined) return;
    const reference = githubReference(entry.issue, config);
    if (reference) found.push({ path: report.path, origin: 'watch', reference, place: fieldPlace(report, `watch.${position}.issue`) });
  });
  return found;
}

/** The GitHub issues and pull requests of many reports (duplicates kept; the client requests each once). */
export function githubTargetsOf(reports: readonly ParsedReport[], config: Config): GithubTarget[] {
  return reports.flatMap((report) => githubReferencesOf(report, config).map(({ reference }) => reference.github));
}
