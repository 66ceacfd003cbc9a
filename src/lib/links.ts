/**
 * URLs in a report: where every link target, image source, link definition, bare
 * URL and URL-like frontmatter value is, and what is wrong with it.
 *
 * No network: "wrong" means empty, truncated (`https://` alone), malformed
 * (`http:/host`, `https://a..b`, `https://host:`), or a scheme that runs code or
 * smuggles content (`javascript:`, `vbscript:`, `data:`). Relative links
 * (`./other.md`, `#anchor`, `/path`) and `mailto:` are fine.
 */
import type { Definition, Image, Link, Root, Text } from 'mdast';
import type { FrontmatterBlock } from './frontmatter.ts';
import { redactSecrets } from './secrets.ts';
import { allMatches } from './matches.ts';
import type { LineIndex, Place } from './text.ts';
import { walkTree } from './tree-walk.ts';

/** What kind of problem a URL has. */
export type UrlProblemKind = UrlProblem['kind'];

/**
 * What is wrong with a URL, as data: the `link` rule words it. `scheme` is lower
 * case (`javascript`).
 */
export type UrlProblem = { kind: 'empty' } | { kind: 'truncated' } | { kind: 'unsafe'; scheme: string } | { kind: 'malformed'; reason: MalformedUrlReason };

/** Why a URL is malformed; `scheme` and `host` are as written in it, for the message. */
export type MalformedUrlReason =
  | { code: 'no-colon' }
  | { code: 'single-slash'; scheme: string }
  | { code: 'no-slashes'; scheme: string }
  | { code: 'three-slashes'; scheme: string }
  | { code: 'invalid-url' }
  | { code: 'white-space' }
  | { code: 'invalid-character' }
  | { code: 'scheme-twice' }
  | { code: 'empty-port' }
  | { code: 'invalid-host-or-port' }
  | { code: 'invalid-host-part'; host: string };

/** Where a URL was written, for messages. */
export type LinkSource = 'link' | 'image' | 'autolink' | 'definition' | 'bare' | 'frontmatter';

/** One URL in a report, with its exact place in the file. */
export interface LinkOccurrence {
  /** The URL as the Markdown parser (or YAML) reads it: escapes and entities decoded. */
  url: string;
  /** What wrote it. */
  source: LinkSource;
  /** Where the URL itself is (for an empty target, the `()` or `<>` that hold nothing). */
  place: Place;
  /** The dotted frontmatter path, for `frontmatter` occurrences (`watch.0.issue`). */
  field?: string;
}

/** Schemes whose URLs must be `scheme://host…`. */
const hostSchemes = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'ftps', 'sftp']);
/** Schemes a link in a report must never use: they run script or embed content. */
const unsafeSchemes = new Set(['javascript', 'vbscript', 'data']);
/** Schemes GitHub-flavoured Markdown turns into links in prose; others in text are left alone. */
const proseSchemes = /(?<![\w+.-])(?:https?|ftps?|wss?):\/{0,3}/gi;

const schemePattern = /^([a-z][a-z0-9+.-]+):/i;
/** `https//host` or `http//host`: the colon forgotten, so the parser sees a relative path. */
const missingColon = /^(?:https?|ftps?|wss?)\/\//i;

/** Whether a string is meant as an absolute URL: `scheme://…`, or `http:`/`https:` with the slashes wrong. */
export function looksLikeUrl(value: string): boolean {
  const trimmed = value.trim();
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(trimmed) || /^(?:https?|ftps?|wss?):/i.test(trimmed) || missingColon.test(trimmed);
}

/**
 * What is wrong with a URL, if anything.
 *
 * @param url the URL as decoded by the Markdown or YAML parser
 * @param options `allowUnsafe` skips the `javascript:`/`vbscript:`/`data:` check (frontmatter values are never rendered as links)
 */
export function urlProblem(url: string, options: { allowUnsafe?: boolean } = {}): UrlProblem | undefined {
  // Browsers drop ASCII whitespace and control characters before reading the scheme, so `java\tscript:` is `javascript:`.
  const trimmed = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (trimmed === '') return { kind: 'empty' };
  const schemeText = trimmed.replace(/[\u0000-\u0020]/g, '');
  if (missingColon.test(schemeText)) return { kind: 'malformed', reason: { code: 'no-colon' } };
  const scheme = schemePattern.exec(schemeText)?.[1]?.toLowerCase();
  // No scheme (or a one-letter "scheme", a Windows drive): a relative link, which is fine.
  if (!scheme) return undefined;
  if (unsafeSchemes.has(scheme)) return options.allowUnsafe ? undefined : { kind: 'unsafe', scheme };
  const rest = trimmed.slice(scheme.length + 1);
  if (rest === '') return { kind: 'truncated' };
  if (hostSchemes.has(scheme)) {
    if (!rest.startsWith('//')) {
      const slashes = /^\/*/.exec(rest)?.[0].length ?? 0;
      return { kind: 'malformed', reason: { code: slashes === 1 ? 'single-slash' : 'no-slashes', scheme } };
    }
    if (rest.startsWith('///')) return { kind: 'malformed', reason: { code: 'three-slashes', scheme } };
    return hostProblem(trimmed, rest.slice(2));
  }
  if (rest.startsWith('//')) {
    const afterSlashes = rest.slice(2);
    // `file:///etc/hosts` has an empty host on purpose; any other `scheme://` with nothing after it is cut off.
    if (afterSlashes === '' || (scheme !== 'file' && /^[/?#]*$/.test(afterSlashes))) return { kind: 'truncated' };
    // Credentials and then nothing: `postgres://admin:…@` lost its host.
    if (/^[^/?#]*@$/.test(/^[^/?#]*/.exec(afterSlashes)?.[0] ?? '')) return { kind: 'truncated' };
    if (!URL.canParse(trimmed)) return { kind: 'malformed', reason: { code: 'invalid-url' } };
  }
  return undefined;
}

/** Checks the part after `scheme://` of a URL that must have a host. */
function hostProblem(url: string, afterSlashes: string): UrlProblem | undefined {
  const authority = /^[^/?#]*/.exec(afterSlashes)?.[0] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  // `https://…` or `https://...`: a URL shortened for display, not a link anyone can follow.
  if (hostAndPort === '' || /^(?:\.{2,}|…)/.test(hostAndPort)) return { kind: 'truncated' };
  if (/[\s<>"`{}|\\^]/.test(url)) {
    return { kind: 'malformed', reason: { code: /\s/.test(url) ? 'white-space' : 'invalid-character' } };
  }
  if (/^(?:https?|ftps?|wss?):?$/i.test(hostAndPort.replace(/:$/, '')) && authority.endsWith(':')) {
    return { kind: 'malformed', reason: { code: 'scheme-twice' } };
  }
  if (hostAndPort.endsWith(':')) return { kind: 'malformed', reason: { code: 'empty-port' } };
  if (!URL.canParse(url)) return { kind: 'malformed', reason: { code: 'invalid-host-or-port' } };
  const hostname = new URL(url).hostname;
  if (!hostname.startsWith('[') && /(?:^|\.)\.|^\.|\.\.|^-|-$/.test(hostname.replace(/\.$/, ''))) {
    return { kind: 'malformed', reason: { code: 'invalid-host-part', host: hostname } };
  }
  return undefined;
}

/** Hides credentials in a URL before it is quoted in a message: a password in it is a secret too. */
export function redactUrl(url: string): string {
  const withoutPassword = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#@]*@/i, '$1:…@');
  return redactSecrets(withoutPassword);
}

/**
 * Reads a CommonMark link destination starting at `start` (just after `(`, or
 * after `]:` in a definition, white space allowed first). Returns the offsets of
 * the URL itself and of what holds it (`()` contents or `<>`).
 */
function destinationAt(text: string, start: number): { start: number; end: number } | undefined {
  let position = start;
  while (position < text.length && /[ \t]/.test(text[position]!)) position++;
  if (text[position] === '\r') position++;
  if (text[position] === '\n') position++;
  while (position < text.length && /[ \t]/.test(text[position]!)) position++;
  if (text[position] === '<') {
    const close = text.indexOf('>', position + 1);
    if (close === -1) return undefined;
    return { start: position + 1, end: close };
  }
  let end = position;
  let depth = 0;
  while (end < text.length) {
    const character = text[end]!;
    if (character === '\\' && end + 1 < text.length) {
      end += 2;
      continue;
    }
    if (/\s/.test(character)) break;
    if (character === '(') depth++;
    if (character === ')') {
      if (depth === 0) break;
      depth--;
    }
    end++;
  }
  return { start: position, end };
}

/** The offset of the `]` that closes the label opened at `open` (a `[`), skipping escapes and nested brackets. */
function labelEnd(text: string, open: number, limit: number): number | undefined {
  let depth = 0;
  for (let position = open; position < limit; position++) {
    const character = text[position];
    if (character === '\\') {
      position++;
      continue;
    }
    if (character === '[') depth++;
    if (character === ']') {
      depth--;
      if (depth === 0) return position;
    }
  }
  return undefined;
}

/** Where the URL of a link, image or definition node is written (the whole node when it cannot be told). */
export function nodeUrlPlace(node: Link | Image | Definition, text: string, index: LineIndex): { place: Place; source: LinkSource } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const whole = index.placeAt(start, end);
  if (node.type === 'link' && text[start] === '<') return { place: index.placeAt(start + 1, end - 1), source: 'autolink' };
  if (node.type === 'link' && text[start] !== '[') return { place: whole, source: 'autolink' };
  const source: LinkSource = node.type === 'definition' ? 'definition' : node.type;
  let close: number | undefined;
  const lastChild = node.type === 'link' ? node.children.at(-1) : undefined;
  if (lastChild?.position?.end.offset !== undefined && text[lastChild.position.end.offset] === ']') {
    close = lastChild.position.end.offset;
  } else {
    close = labelEnd(text, node.type === 'image' ? start + 1 : start, end);
  }
  const opener = node.type === 'definition' ? ':' : '(';
  if (close === undefined || text[close + 1] !== opener) return { place: whole, source };
  const destination = destinationAt(text, close + 2);
  if (!destination) return { place: whole, source };
  if (destination.start === destination.end) {
    // Nothing between `(` and `)` (or inside `<>`): point at the brackets that hold nothing.
    const holderStart = text[destination.start - 1] === '<' ? destination.start - 1 : close + 1;
    const holderEnd = text[destination.end] === '>' ? destination.end + 1 : Math.min(end, destination.end + 1);
    return { place: index.placeAt(holderStart, holderEnd), source };
  }
  return { place: index.placeAt(destination.start, destination.end), source };
}

/** Trailing characters GFM leaves out of a bare URL (`see https://x.com.` links `https://x.com`). */
function trimTrailing(candidate: string): string {
  let result = candidate.replace(/[.,:;!?*_~'"]+$/, '');
  // A closing parenthesis belongs to the URL only when it closes one opened inside it.
  while (result.endsWith(')') && (result.match(/\(/g)?.length ?? 0) < (result.match(/\)/g)?.length ?? 0)) {
    result = result.slice(0, -1).replace(/[.,:;!?*_~'"]+$/, '');
  }
  return result;
}

/** URLs in prose that GFM did not turn into links (so something about them is off). */
function bareUrls(node: Text, text: string, index: LineIndex): LinkOccurrence[] {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return [];
  const raw = text.slice(start, end);
  const found: LinkOccurrence[] = [];
  for (const match of allMatches(raw, proseSchemes)) {
    const candidate = trimTrailing(/^[^\s<>"'`]*/.exec(raw.slice(match.index))?.[0] ?? '');
    const offset = start + match.index;
    found.push({ url: candidate, source: 'bare', place: index.placeAt(offset, offset + candidate.length) });
  }
  return found;
}

/**
 * Every URL in the Markdown body (`tree`, parsed from the file's `text`), with its place.
 * It takes a report's parts, not the report, so the report model can import this module.
 */
export function bodyLinks(tree: Root, text: string, index: LineIndex): LinkOccurrence[] {
  const found: LinkOccurrence[] = [];
  walkTree(tree, (node, parent) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      const located = nodeUrlPlace(node, text, index);
      if (located) found.push({ url: node.url, source: located.source, place: located.place });
      return;
    }
    // Text inside a link is its label; the link's own URL is checked above.
    if (node.type === 'text' && parent?.type !== 'link' && parent?.type !== 'linkReference') {
      found.push(...bareUrls(node, text, index));
    }
  });
  return found;
}

/** Every string in a report's frontmatter that looks like a URL, with the place of its YAML value. */
export function frontmatterLinks(frontmatter: Pick<FrontmatterBlock, 'data' | 'fields' | 'openingPlace'>): LinkOccurrence[] {
  const found: LinkOccurrence[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      if (!looksLikeUrl(value)) return;
      const field = path.join('.');
      const place = frontmatter.fields[field]?.value ?? frontmatter.openingPlace;
      found.push({ url: value, source: 'frontmatter', place, field });
    } else if (Array.isArray(value)) {
      value.forEach((item, position) => walk(item, [...path, String(position)]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(frontmatter.data, []);
  return found;
}

/**
 * The problem the `link` rule reports for a frontmatter value, if any. The
 * frontmatter schema defers to it, so that one bad URL gets one message.
 */
export function frontmatterUrlProblem(value: unknown): UrlProblem | undefined {
  if (typeof value !== 'string' || !looksLikeUrl(value)) return undefined;
  return urlProblem(value, { allowUnsafe: true });
}
