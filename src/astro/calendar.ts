/**
 * The text of `/calendar.ics`, at build time: every `watch` expiry and action-item
 * due date of the reports, from the core's `buildCalendar`.
 *
 * The calendar is built from parsed reports (the core's own input), read here
 * with the same loader functions as the CLI; the GitHub state it mentions comes
 * from the cache only, like the pages' (see github-state.ts: no network, no
 * token; `hindsight sync` refreshes it before a build).
 */
import config, { root } from 'virtual:hindsight/config';
import { buildCalendar } from '../lib/calendar.ts';
import type { Config } from '../lib/config.ts';
import { githubTargetsOf } from '../lib/github/collect.ts';
import { findReportFiles, loadReports, MissingPathError } from '../lib/node/files.ts';
import { cachedGithubStates } from './github-state.ts';

/**
 * The iCalendar text.
 *
 * @param siteUrl the site's origin (Astro's `site`), for links back to report pages
 *   when `site.url` is not configured (it is what sets Astro's `site` in the first place)
 */
export async function calendarText(siteUrl: string | undefined): Promise<string> {
  const settings = config as Config;
  let paths: string[];
  try {
    paths = await findReportFiles([settings.content], root);
  } catch (error) {
    // The content loader already warned about a missing content folder: an empty calendar.
    if (!(error instanceof MissingPathError)) throw error;
    paths = [];
  }
  const reports = await loadReports(paths, root, settings);
  const github = await cachedGithubStates(githubTargetsOf(reports, settings), root, settings);
  return buildCalendar(reports, settings, { ...(siteUrl ? { siteUrl } : {}), github: github.lookup });
}
