/**
 * What a public report must not show: private network addresses, e-mail
 * addresses and host names in the team's internal domains. Pure text scanning:
 * `findExposures` returns each finding with its offsets in the text it was given.
 *
 * Chosen to be quiet on what public postmortems really contain (see
 * test/corpus/public-exposure-corpus.test.ts):
 * - IPv4 addresses in 10/8, 172.16/12, 192.168/16 (RFC 1918) and 100.64/10
 *   (carrier-grade NAT, RFC 6598); IPv6 in fc00::/7 (unique local) and fe80::/10
 *   (link-local). Loopback (127/8, `::1`) and 169.254/16 (`169.254.169.254` is
 *   every cloud's metadata address) tell a reader nothing about a network;
 *   documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 *   2001:db8::/32) and public addresses are not private.
 * - Four numbers that are part of a longer dotted run (`10.0.19041.1`) or follow a
 *   letter, a dot or a hyphen (`v10.1.2.3`, `release-10.1.2.3`) are a version, not an address.
 * - Every e-mail address but three kinds: no-reply ones (`noreply@github.com`,
 *   `git@github.com` in an SSH remote: they reach nobody); role addresses, the
 *   mailbox names of RFC 2142 and a few like them (`security@pypi.org`,
 *   `binder-team@…`: how the public is meant to reach a team, and PyPI's reports
 *   name theirs on purpose); and those at reserved example domains (`example.com`,
 *   `*.example`, `*.test`, `*.invalid`). A domain must end in a name of two letters
 *   or more: `<node id>@65.2.136.12`, a peer address, is not an e-mail address.
 */
import { allMatches } from '../matches.ts';

/** What kind of thing was found. */
export type ExposureKind = 'ip' | 'email' | 'host';

/** One finding, with its offsets in the scanned text. */
export interface Exposure {
  kind: ExposureKind;
  /** As written. */
  value: string;
  /** Offset of its first character. */
  start: number;
  /** Offset just past it. */
  end: number;
  /** For `host` (and an `email` at an internal domain): the configured domain it falls under. */
  domain?: string;
}

/** Four dotted numbers, not inside a longer dotted run and not after a letter or a hyphen (`v1.2.3.4`, `release-1.2.3.4`). */
const ipv4Pattern = /(?<![\w.-])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w-]|\.\d)/g;
/** Groups of hex digits joined by colons: a candidate IPv6 address, validated by `ipv6Groups`. */
const ipv6Pattern = /(?<![\w:.])[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g;
/** An e-mail address: a local part, `@`, and a domain with at least one dot, ending in a name of letters. */
const emailPattern =
  /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9])(?![\w-]|\.[A-Za-z0-9])/g;
/** A dotted host name (not the domain of an e-mail address, which `emailPattern` reports). */
const hostPattern = /(?<![\w.@%+-])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(?![\w-]|\.[A-Za-z0-9])/g;

/** Local parts that reach nobody: automated senders, and `git@` in SSH remotes. */
const noReplyLocalParts = /^(?:no-?reply|do-?not-?reply|git)(?:[+.-].*)?$/i;
/** Role mailboxes (RFC 2142 and the like), alone or after a team's name (`pypi-security`, `binder-team`). */
const roleLocalParts =
  /^(?:[\w.-]+[-_.])?(?:abuse|admin|billing|contact|help|helpdesk|hostmaster|info|legal|marketing|noc|postmaster|press|privacy|sales|security|sponsors|support|team|webmaster)$/i;
/** Domains reserved for examples and tests (RFC 2606, RFC 6761). */
const exampleDomains = ['example.com', 'example.org', 'example.net', 'example', 'test', 'invalid', 'localhost'];

/** The octets of an IPv4 address as written, or `undefined` when it is not one (`999.1.1.1`, `01.2.3.4`). */
function ipv4Octets(parts: readonly string[]): number[] | undefined {
  const octets: number[] = [];
  for (const part of parts) {
    // A leading zero reads as octal to some parsers: such a run of numbers is not written as an address.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    octets.push(value);
  }
  return octets;
}

/** Whether an IPv4 address is in a private range (RFC 1918, or carrier-grade NAT). */
export function isPrivateIpv4(octets: readonly number[]): boolean {
  const [first = 0, second = 0] = octets;
  return (
    first === 10 || (first === 172 && second >= 16 && second <= 31) || (first === 192 && second === 168) || (first === 100 && second >= 64 && second <= 127)
  );
}

/** The eight 16-bit groups of an IPv6 address, or `undefined` when the text is not one (a MAC address, a clock time). */
export function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':'));
  const head = split(halves[0]);
  const tail = split(halves[1]);
  if (![...head, ...tail].every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return undefined;
  const written = head.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - written).fill('0'), ...tail];
  return groups.map((group) => Number.parseInt(group, 16));
}

/** Whether an IPv6 address is unique local (fc00::/7) or link-local (fe80::/10). */
export function isPrivateIpv6(groups: readonly number[]): boolean {
  const first = groups[0] ?? 0;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/** Whether `host` is `domain` or below it (`*.internal`: below `internal` only). */
function underDomain(host: string, domain: string): boolean {
  const wildcard = domain.startsWith('*.');
  const base = (wildcard ? domain.slice(2) : domain).toLowerCase();
  return host.endsWith(`.${base}`) || (!wildcard && host === base);
}

/**
 * The configured domain a host name falls under, if any.
 *
 * @param host a host name, any case, with or without a trailing dot
 * @param domains `publish.internalDomains`
 */
export function internalDomainOf(host: string, domains: readonly string[]): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  return domains.find((domain) => underDomain(name, domain));
}

/** Whether an e-mail address reaches nobody, a role rather than a person, or is an example. */
export function isHarmlessEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  return noReplyLocalParts.test(local) || roleLocalParts.test(local) || exampleDomains.some((example) => domain === example || domain.endsWith(`.${example}`));
}

/**
 * Every private address, e-mail address and internal host name in a text, in
 * order. An e-mail address is reported once (as `email`), never also as its host.
 *
 * @param text what a public report publishes (a body, or one frontmatter value)
 * @param domains `publish.internalDomains`
 */
export function findExposures(text: string, domains: readonly string[]): Exposure[] {
  const found: Exposure[] = [];
  for (const match of allMatches(text, ipv4Pattern)) {
    const octets = ipv4Octets(match.slice(1, 5) as string[]);
    if (octets && isPrivateIpv4(octets)) found.push({ kind: 'ip', value: match[0], start: match.index, end: match.index + match[0].length });
  }
  for (const match of allMatches(text, ipv6Pattern)) {
    const groups = ipv6Groups(match[0]);
    if (groups && isPrivateIpv6(groups)) found.push({ kind: 'ip', value: match[0], start: match.index, end: match.index + match[0].length });
  }
  for (const match of allMatches(text, emailPattern)) {
    if (isHarmlessEmail(match[0])) continue;
    const domain = internalDomainOf(match[1] ?? '', domains);
    found.push({ kind: 'email', value: match[0], start: match.index, end: match.index + match[0].length, ...(domain ? { domain } : {}) });
  }
  if (domains.length > 0) {
    for (const match of allMatches(text, hostPattern)) {
      const domain = internalDomainOf(match[0], domains);
      if (domain) found.push({ kind: 'host', value: match[0], start: match.index, end: match.index + match[0].length, domain });
    }
  }
  return found.sort((left, right) => left.start - right.start);
}
