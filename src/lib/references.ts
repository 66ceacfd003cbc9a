/**
 * Tracker references: the GitHub issues, pull requests and tracker tickets that
 * action items (and `resolution_prs`, `watch[].issue`) point at.
 *
 * `parseReference` reads one value; `findReferences` finds every reference in a
 * Markdown node (link URLs, autolinks and bare `owner/repo#123` text) with its
 * exact place in the file.
 */
import type { Nodes } from 'mdast';
import type { Config } from './config.ts';
import { allMatches } from './matches.ts';
import { literal, type LineIndex, type Place } from './text.ts';

/** A link from a report to an issue, a pull request or a tracker ticket. */
export interface TrackerReference {
  /** As written: a URL, `owner/repo#123` or `#123`. */
  raw: string;
  /** Canonical URL (GitHub issue/PR URL; tracker URL as written). */
  url: string;
  /** Short label for display, e.g. `acme/api#101` or `OPS-42`. */
  label: string;
  /** `github` for GitHub issues and pull requests; otherwise the configured tracker's name. */
  tracker: string;
  /** For GitHub references. `kind` is known when the URL says `/issues/` or `/pull/`. */
  github?: { owner: string; repo: string; number: number; kind?: 'issue' | 'pull' };
  /** Where the reference is in the file. */
  place: Place;
}

/** A reference without its place: what a value names, wherever it is written. */
export type ParsedReference = Omit<TrackerReference, 'place'>;

/**
 * A value written as a GitHub reference (`acme/..#105`, `https://github.com/-x/y/issues/1`)
 * that names no repository GitHub would accept. It is never requested from the API.
 */
export interface RefusedReference {
  /** As written. */
  raw: string;
  /** Why, in a few words (`\`..\` is not a repository name`). */
  reason: string;
  /** Where it is in the file. */
  place: Place;
}

/** What one value reads as: a reference, a GitHub reference GitHub would refuse (and why), or nothing. */
type Reading = { reference: ParsedReference } | { refused: string } | undefined;

/**
 * Something written where a GitHub owner goes: letters, digits, hyphens and
 * underscores, never dots, so `example.com/a#1` is not one. Loose on purpose:
 * `isGithubOwner` decides, so a name GitHub would refuse is reported, not skipped.
 */
const ownerSource = '[A-Za-z0-9_-]+';
/** Something written where a repository name goes: letters, digits, `.`, `_` and `-` (`isGithubRepository` decides). */
const repoSource = '[A-Za-z0-9_.-]+';

/**
 * Whether GitHub would accept `name` as a user or organisation: 1 to 39 letters,
 * digits and single hyphens, not starting or ending with a hyphen. A single
 * underscore is accepted too: Enterprise Managed Users' logins end in one
 * (`alice_acme`), and it cannot climb out of an API path.
 */
export function isGithubOwner(name: string): boolean {
  return name.length <= 39 && /^[A-Za-z0-9](?:[-_]?[A-Za-z0-9])*$/.test(name);
}

/**
 * Whether GitHub would accept `name` as a repository: 1 to 100 letters, digits,
 * `.`, `_` and `-`, and not `.` or `..`, which would climb out of the API path
 * (`/repos/acme/../issues/1` is `/repos/issues/1`).
 */
export function isGithubRepository(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== '.' && name !== '..';
}

/** Why GitHub would refuse `owner/repo` (for "expected …" messages), or undefined when it would accept it. */
export function githubNameProblem(owner: string, repo: string): string | undefined {
  if (!isGithubOwner(owner)) {
    return `${literal(owner)} is not a GitHub user or organisation: 1 to 39 letters, digits and single hyphens or underscores, not starting or ending with one`;
  }
  if (!isGithubRepository(repo)) {
    return repo === '.' || repo === '..'
      ? `${literal(repo)} is not a repository name`
      : `${literal(repo)} is not a repository name: 1 to 100 letters, digits, \`.\`, \`_\` or \`-\``;
  }
  return undefined;
}

/** `owner/repo#123`, the whole value. */
const shortReference = new RegExp(`^(${ownerSource})/(${repoSource})#(\\d+)$`);
/** `#123`, the whole value. */
const bareNumber = /^#(\d+)$/;
/**
 * The path of a GitHub issue or pull request URL (and anything after it: `/files`,
 * a comment anchor). Any owner and repository segment: `githubNameProblem` decides.
 */
const githubPath = /^\/([^/]+)\/([^/]+)\/(issues|pull)\/(\d+)(?:\/[^?#]*)?$/;

/**
 * References in running text: `owner/repo#123`, or `#123` when a default
 * repository is configured. Not preceded by a word character, `/`, `#`, `&`
 * (an HTML entity) or `.`, and not followed by more word characters, so paths,
 * anchors and `C#1` are left alone.
 */
export const textReference = new RegExp(`(?<![\\w/#&.@-])(?:(${ownerSource})/(${repoSource}))?#(\\d+)(?![\\w-])`, 'g');

/** GitHub's public hosts; a GitHub Enterprise host comes from `github.url` in the configuration. */
const publicGithubHosts = ['github.com', 'www.github.com'];

/** Whether `hostname` serves GitHub issues for this project. */
function isGithubHost(hostname: string, config: Config): boolean {
  const host = hostname.toLowerCase();
  return publicGithubHosts.includes(host) || host === new URL(config.github.url).hostname.toLowerCase();
}

/** A Jira- or Linear-style ticket key (`OPS-42`, `ENG-123`), used as a tracker reference's label. */
const ticketKey = /\b([A-Z][A-Z0-9_]+-\d+)\b/;

/** The longest value tracker patterns are tried on: longer than any issue link, short enough to bound a slow pattern. */
export const maxTrackerUrlLength = 2_000;

/** Compiled tracker patterns per configuration (configs are immutable once parsed). */
const trackerCache = new WeakMap<Config, { name: string; pattern: RegExp }[]>();

function trackersOf(config: Config): { name: string; pattern: RegExp }[] {
  let compiled = trackerCache.get(config);
  if (!compiled) {
    compiled = config.trackers.map((tracker) => ({ name: tracker.name, pattern: new RegExp(tracker.pattern, 'u') }));
    trackerCache.set(config, compiled);
  }
  return compiled;
}

function githubReference(config: Config, raw: string, owner: string, repo: string, number: number, kind?: 'issue' | 'pull'): ParsedReference {
  const path = kind === 'pull' ? 'pull' : 'issues';
  return {
    raw,
    // GitHub redirects `/issues/N` to `/pull/N` for a pull request, so a short reference can use `/issues/`.
    url: `${config.github.url.replace(/\/+$/, '')}/${owner}/${repo}/${path}/${number}`,
    label: `${owner}/${repo}#${number}`,
    tracker: 'github',
    github: kind ? { owner, repo, number, kind } : { owner, repo, number },
  };
}

/** A label for a tracker URL: the pattern's first capture group, a ticket key in it, or the URL without its scheme. */
function trackerLabel(url: string, match: RegExpExecArray): string {
  const captured = match.groups?.label ?? match.groups?.key ?? match[1];
  if (captured) return captured;
  const key = ticketKey.exec(url)?.[1];
  if (key) return key;
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/**
 * Reads one value as a tracker reference.
 *
 * Accepted: a GitHub issue or pull request URL (`https://github.com/o/r/issues/1`,
 * `…/pull/2`, `…/issues/1#issuecomment-…`), `owner/repo#123`, `#123` when
 * `github.repository` names the default repository, or a URL matching one of the
 * configured `trackers` patterns (Jira, Linear, …).
 *
 * @param raw the value as written (surrounding white space is ignored)
 * @param config the project configuration (default repository, trackers)
 * @returns the reference without a place, or `undefined` when the value is not one
 */
export function parseReference(raw: string, config: Config): ParsedReference | undefined {
  const reading = readValue(raw, config);
  return reading && 'reference' in reading ? reading.reference : undefined;
}

/** A GitHub reference, or why GitHub would refuse its names (so that nothing is ever asked about `acme/..`). */
function githubReading(config: Config, raw: string, owner: string, repo: string, digits: string, kind?: 'issue' | 'pull'): Reading {
  const problem = githubNameProblem(owner, repo);
  if (problem) return { refused: problem };
  const number = Number(digits);
  // Past 2^53 the number would silently become another one.
  if (!Number.isSafeInteger(number)) return { refused: `${literal(digits)} is not an issue number` };
  return { reference: githubReference(config, raw, owner, repo, number, kind) };
}

/** Reads one value (see `parseReference`), keeping GitHub references that GitHub would refuse apart. */
function readValue(raw: string, config: Config): Reading {
  const value = raw.trim();
  if (value === '') return undefined;
  const short = shortReference.exec(value);
  if (short) return githubReading(config, value, short[1]!, short[2]!, short[3]!);
  const bare = bareNumber.exec(value);
  if (bare) {
    const repository = config.github.repository;
    if (!repository) return undefined;
    const [owner, repo] = repository.split('/') as [string, string];
    return githubReading(config, value, owner, repo, bare[1]!);
  }
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (isGithubHost(url.hostname, config)) {
    const path = githubPath.exec(url.pathname);
    if (path) return githubReading(config, value, path[1]!, path[2]!, path[4]!, path[3] === 'pull' ? 'pull' : 'issue');
  }
  // Unsafe patterns are refused when the configuration loads; the cap bounds what any pattern can cost on one value.
  if (value.length > maxTrackerUrlLength) return undefined;
  for (const tracker of trackersOf(config)) {
    const match = tracker.pattern.exec(value);
    if (match) return { reference: { raw: value, url: value, label: trackerLabel(value, match), tracker: tracker.name } };
  }
  return undefined;
}

/** Whether a node's source in the file can be searched for text references. */
function hasOffsets(node: Nodes): node is Nodes & { position: { start: { offset: number }; end: { offset: number } } } {
  return node.position?.start.offset !== undefined && node.position.end.offset !== undefined;
}

/** Where `walk` puts what it finds. */
interface Found {
  references: TrackerReference[];
  refused: RefusedReference[];
}

function scanText(node: Nodes, index: LineIndex, config: Config, found: Found): void {
  if (!hasOffsets(node)) return;
  const start = node.position.start.offset;
  // Search the file's own characters, not the node's value: escapes and entities make them differ.
  const source = index.text.slice(start, node.position.end.offset);
  for (const match of allMatches(source, textReference)) {
    const reading = readValue(match[0], config);
    if (!reading) continue;
    const offset = start + match.index;
    const place = index.placeAt(offset, offset + match[0].length);
    if ('reference' in reading) found.references.push({ ...reading.reference, place });
    else found.refused.push({ raw: match[0], reason: reading.refused, place });
  }
}

function walk(node: Nodes, index: LineIndex, config: Config, found: Found): void {
  switch (node.type) {
    case 'link': {
      // GFM autolinks (`https://…`, `<https://…>`) are link nodes too.
      const reading = readValue(node.url, config);
      if (reading && 'reference' in reading && node.position) {
        found.references.push({ ...reading.reference, place: { start: node.position.start, end: node.position.end } });
        return;
      }
      if (reading && 'refused' in reading && node.position) {
        found.refused.push({ raw: node.url.trim(), reason: reading.refused, place: { start: node.position.start, end: node.position.end } });
      }
      // A link elsewhere whose text is a reference: `[acme/api#7](https://ci.example/…)`.
      for (const child of node.children) walk(child, index, config, found);
      return;
    }
    case 'text':
      scanText(node, index, config, found);
      return;
    // Code is quoted text: `a/b#1` in backticks is an example, not a link.
    case 'inlineCode':
    case 'code':
    case 'html':
      return;
    default:
      if ('children' in node) for (const child of node.children) walk(child as Nodes, index, config, found);
  }
}

/**
 * Every tracker reference in a Markdown node, in document order, each with its
 * exact place in the file: link and autolink URLs, and `owner/repo#123` (or
 * `#123` with a default repository) in text. Code spans and HTML are skipped.
 *
 * @param node a node parsed from the file `index` covers (positions are offsets into it)
 * @param index the file's line index (its `text` is the file as on disk)
 * @param config the project configuration
 */
export function findReferences(node: Nodes, index: LineIndex, config: Config): TrackerReference[] {
  const found: Found = { references: [], refused: [] };
  walk(node, index, config, found);
  return found.references;
}

/**
 * Every value in a Markdown node written as a GitHub reference whose owner or
 * repository GitHub would refuse (`acme/..#105`, `-acme/api#1`), in document
 * order with its place, where `findReferences` finds the references. They are
 * never requested; the `action-item-link` rule reports them.
 */
export function findRefusedReferences(node: Nodes, index: LineIndex, config: Config): RefusedReference[] {
  const found: Found = { references: [], refused: [] };
  walk(node, index, config, found);
  return found.refused;
}
