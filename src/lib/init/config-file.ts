/**
 * The `hindsight.config.yaml` that `hindsight init` writes: every setting a new
 * team needs, each with a comment, at its default unless init knows better (the
 * content folder asked for, the site address and repository read from the Git remote).
 */
import { stringify } from 'yaml';
import { defaultConfig, presetNames } from '../config.ts';
import { factorTaxonomy } from '../factors.ts';
import { reviewDays } from '../review.ts';
import { pagesSite, type GithubRepository } from './remote.ts';

/** What the written configuration depends on. */
export interface ConfigFileOptions {
  /** The content folder, relative to the project root (already checked with `contentFolderProblem`). */
  content: string;
  /** The github.com repository of the Git remote, when there is one. */
  repository?: GithubRepository;
}

/** One YAML scalar, quoted only when it must be. */
function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The text of a new `hindsight.config.yaml`. */
export function configFileText(options: ConfigFileOptions): string {
  const defaults = defaultConfig();
  const site = options.repository ? pagesSite(options.repository) : undefined;
  const repository = options.repository ? `${options.repository.owner}/${options.repository.name}` : undefined;
  return `# Hindsight: postmortems as code. Every setting is optional; the values below are
# the defaults, except where a comment says \`hindsight init\` filled it in.
# An unknown key is an error, so a typo never goes unnoticed.

# The folder of reports, relative to this file. Files and folders whose names
# start with \`_\` (such as \`_template.md\`) are not reports.
content: ${yamlScalar(options.content)}

# The values a report's \`severity\` may take, most severe first.
severities: [${defaults.severities.map(yamlScalar).join(', ')}]

# The IANA time zone of timeline times in reports that name none (\`America/Toronto\`).
timezone: ${defaults.timezone}

# The required sections: ${presetNames.join(' | ')}.
# (\`sections:\` replaces the preset's list; see the README.)
preset: ${defaults.preset}

# Trackers other than GitHub whose links count as action-item references.
# trackers:
#   - { name: Jira, pattern: "^https://acme\\\\.atlassian\\\\.net/browse/[A-Z]+-\\\\d+$" }

# A rule's level (off | warn | error), or a mapping of its level and its options.
rules:
  # possible-repeat: warn
  # review-overdue: error     # fail CI when a report's review is late
  # Days before a \`watch\` entry expires that the check starts warning.
  watch-expiry: { windowDays: ${defaults.rules['watch-expiry'].windowDays} }

# Days after a report's \`date\` by which its review is due, by severity: \`review-overdue\`
# warns past them, and \`/reviews/\` lists the reports still awaiting review. The defaults
# are these; a severity left out keeps its default.
# review:
#   days: { ${defaults.severities.map((severity) => `${yamlScalar(severity)}: ${reviewDays(defaults, severity)}`).join(', ')} }

# The contributing factors a report may name in \`factors\` (\`/factors/\` and \`/stats/\` count
# them). The defaults, with their descriptions, are these ids; a list given here replaces them
# whole: ids alone, or \`{ id, label, description }\`.
# factors: [${factorTaxonomy(defaults)
    .map((factor) => factor.id)
    .join(', ')}]

${
  repository
    ? `github:
  # The repository a bare \`#123\` in an action item refers to (from the Git remote).
  repository: ${repository}
  # The GitHub that issue links point at: github.com, or a GitHub Enterprise server.
  # url: https://github.com`
    : `# The repository a bare \`#123\` in an action item refers to, and the GitHub that
# issue links point at: github.com, or a GitHub Enterprise server.
# github:
#   repository: acme/infrastructure
#   url: https://github.com`
}

# The public edition of the site, for customers (see "Public and internal editions" in
# the README): a report's \`visibility\` when it names none, the sections only the
# team's site shows, and the domains whose host names \`public-exposure\` reports.
# publish:
#   defaultVisibility: ${defaults.publish.defaultVisibility}
#   internalSections: [${defaults.publish.internalSections.map(yamlScalar).join(', ')}]
#   internalDomains: [${defaults.publish.internalDomains.map(yamlScalar).join(', ')}, corp.acme.com]

site:
  title: ${yamlScalar(defaults.site.title)}
${
  site
    ? `  # Where GitHub Pages publishes the site (from the Git remote); change both for a custom domain.
  url: ${site.url}
  base: ${yamlScalar(site.base)}`
    : `  # Where the site is published, for absolute links in the RSS feed and in diagnostics,
  # and the path it lives under (\`/<repository>/\` for a GitHub Pages project site).
  # url: https://acme.github.io
  base: /`
}
`;
}

/**
 * What an existing configuration lacks of what init would have written, as YAML
 * lines to add (the existing file is never edited).
 *
 * @param data the existing file's parsed YAML
 * @param options what init would have written
 * @returns lines to print, empty when nothing is missing
 */
export function missingConfigLines(data: unknown, options: ConfigFileOptions & { contentGiven: boolean }): string[] {
  const root = isRecord(data) ? data : {};
  const lines: string[] = [];
  const configured = typeof root.content === 'string' ? root.content : defaultConfig().content;
  if (options.contentGiven && configured.replace(/\/+$/, '') !== options.content) lines.push(`content: ${yamlScalar(options.content)}`);
  if (options.repository) {
    const github = isRecord(root.github) ? root.github : {};
    const site = isRecord(root.site) ? root.site : {};
    const pages = pagesSite(options.repository);
    if (github.repository === undefined) lines.push('github:', `  repository: ${options.repository.owner}/${options.repository.name}`);
    const siteLines = [...(site.url === undefined ? [`  url: ${pages.url}`] : []), ...(site.base === undefined ? [`  base: ${yamlScalar(pages.base)}`] : [])];
    if (siteLines.length > 0) lines.push('site:', ...siteLines);
  }
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a `--content` folder.
 *
 * @returns what is wrong, "Unexpected X, expected Y", or `undefined`
 */
export function contentFolderProblem(folder: string): string | undefined {
  const expected = 'expected a folder inside the project such as `postmortems` or `docs/postmortems`';
  if (folder.trim() === '') return `Unexpected empty \`--content\`, ${expected}`;
  if (/^(?:[a-z]:)?[\\/]/i.test(folder) || /[\r\n\0]/.test(folder))
    return `Unexpected \`--content\` folder \`${folder.replace(/[\r\n\0]/g, ' ')}\`, ${expected}`;
  const segments = normalizeContentFolder(folder).split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === '')) {
    return `Unexpected \`--content\` folder \`${folder}\`, ${expected}`;
  }
  if (segments.some((segment) => segment.startsWith('_'))) {
    return `Unexpected \`--content\` folder \`${folder}\` with a name starting with \`_\`, ${expected} (folders starting with \`_\` are not read)`;
  }
  return undefined;
}

/** A content folder written the one way the configuration keeps it: `/` separators, no `./` prefix, no trailing `/`. */
export function normalizeContentFolder(folder: string): string {
  return folder
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');
}
