/**
 * Synthetic but realistic reports, for `npm run bench` and the tests that need a
 * corpus of hundreds or thousands of reports (tests/cli/check-parallel.test.ts,
 * test/lib/scale.test.ts).
 *
 * Shaped like the real ones: varied services and incident kinds, titles,
 * overviews, root causes and resolutions from templates, filler prose drawn from
 * the vocabulary of the real reports in ../shared/corpus (a built-in word list
 * when it is not there), a timeline table, action items linking issues, and the
 * links a real corpus has: `repeat_of` an earlier report of the same kind and
 * service, `related` through a shared issue, and now and then a mistyped id. A
 * seed makes every corpus reproducible.
 *
 * As in the real reports, a few carry a typographic character in their prose
 * (`’`, `–`, `—`, `→`): 29 of the 350 reports in ../shared/corpus have some
 * character beyond ASCII. A corpus of ASCII alone would be kinder to any tool
 * than real ones are: JavaScript engines keep such text in one byte per character,
 * and a single other character anywhere makes a whole joined text two bytes per
 * character (Astro's data store, for one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small deterministic generator (mulberry32), so every run produces the same reports. */
export function randomGenerator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}

/** Words of the real reports under `folder`, most frequent first (at most 3,000), or `[]` when the folder is missing. */
export function corpusVocabulary(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const counts = new Map<string, number>();
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(directory, entry.name));
      else if (entry.name.endsWith('.md')) {
        const text = readFileSync(join(directory, entry.name), 'utf8').toLowerCase();
        for (const word of text.match(/\b[a-z]{4,12}\b/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
  };
  visit(folder);
  return [...counts]
    .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
    .slice(0, 3000)
    .map(([word]) => word);
}

/** Used when ../shared/corpus is not there. */
export const fallbackVocabulary =
  'cluster node pod deploy pipeline alert metric latency request database replica traffic ingress certificate secret token queue consumer broker cache memory disk volume network timeout upstream configuration release rollback monitoring dashboard'.split(
    ' ',
  );

/** The services reports are about: a real mix of names, with and without hyphens. */
export const serviceNames = [
  'api',
  'web',
  'checkout',
  'payments',
  'search',
  'auth',
  'sso-gateway',
  'billing',
  'notifications',
  'orders-db',
  'users-db',
  'events',
  'kafka',
  'ingress',
  'cdn',
  'dns',
  'build-runners',
  'ci',
  'registry',
  'storage',
  'backups',
  'jupyterhub',
  'mobile-api',
  'reporting',
  'warehouse',
  'analytics',
  'email',
  'status-page',
  'admin',
  'graphql',
  'websocket',
  'cron',
  'scheduler',
  'metrics',
  'logging',
  'tracing',
  'vpn',
  'bastion',
  'kubernetes',
  'terraform',
];

interface IncidentKind {
  slug: string;
  titles: string[];
  overview: string[];
  rootCause: string[];
  resolution: string[];
  tags: string[];
}

const kinds: IncidentKind[] = [
  {
    slug: 'certificate-expired',
    titles: ['{service} down: TLS certificate expired', 'Browsers warn on {service}', '{service} handshake failures after certificate lapse'],
    overview: [
      'Clients could not connect to {service} because its TLS certificate expired at midnight.',
      'Every request to {service} failed the TLS handshake; the certificate had run out.',
    ],
    rootCause: ['The certificate was renewed by hand and nobody tracked its expiry date.', 'Automatic renewal failed silently for weeks.'],
    resolution: ['A new certificate was issued and deployed.', 'Renewal was run by hand and the load balancer reloaded.'],
    tags: ['tls', 'certificate'],
  },
  {
    slug: 'secret-expired',
    titles: [
      '{service} logins fail: client secret expired',
      'Login 500s on {service} after credential rotation',
      '{service} cannot authenticate to the identity provider',
    ],
    overview: [
      'Logins to {service} failed with HTTP 500 because the client secret expired.',
      'Authentication broke when the rotated credential was not deployed.',
    ],
    rootCause: [
      'The secret lifetime was not tracked and the new secret was deployed from a laptop.',
      'The rotation was never committed, so the next deploy restored the expired secret.',
    ],
    resolution: ['A new secret was created and committed.', 'The credential was rotated and deployed through CI.'],
    tags: ['credentials'],
  },
  {
    slug: 'disk-full',
    titles: ['{service} out of disk space', '{service} writes failing: no space left on device', 'Volume full on {service}'],
    overview: ['{service} stopped writing because its volume filled up.', 'Jobs on {service} failed with no space left on device.'],
    rootCause: ['Logs and images accumulated with no cleanup job.', 'A retention setting was missing on a new data set.'],
    resolution: ['Old files were pruned and the volume extended.', 'The cleanup job was restored.'],
    tags: ['disk'],
  },
  {
    slug: 'oom',
    titles: ['{service} pods OOMKilled', '{service} restarting: out of memory', 'Heap exhausted on {service}'],
    overview: ['{service} pods were killed for exceeding their memory limit.', 'The {service} process ran out of heap under load.'],
    rootCause: ['Memory limits were not revisited as data grew.', 'A cache without a size bound grew until the process died.'],
    resolution: ['Memory limits were raised.', 'The cache was bounded and the pods restarted.'],
    tags: ['memory'],
  },
  {
    slug: 'bad-deploy',
    titles: ['{service} errors after release', '500s on {service} after deploy', '{service} broken by a configuration change'],
    overview: ['{service} returned errors after a release went out.', 'A deploy of {service} shipped a change that failed every request.'],
    rootCause: ['The release ran before its database migration.', 'The change was not covered by tests and went out without a canary.'],
    resolution: ['The release was rolled back.', 'A fix was deployed after the rollback.'],
    tags: ['deploy'],
  },
  {
    slug: 'dns',
    titles: ['{service} unreachable: DNS resolution failing', 'Name lookups time out for {service}', '{service} down after a DNS change'],
    overview: ['Clients could not resolve {service}.', 'DNS lookups from {service} timed out intermittently.'],
    rootCause: ['A record was deleted during a cleanup.', 'The resolver did not scale with the cluster.'],
    resolution: ['The record was restored.', 'Resolver replicas were increased.'],
    tags: ['dns'],
  },
  {
    slug: 'rate-limit',
    titles: ['{service} throttled by a provider rate limit', '{service} requests rejected with 429', 'Quota exceeded on {service}'],
    overview: ['The provider throttled {service} after a batch used the shared quota.', '{service} hit its API quota and requests failed.'],
    rootCause: ['Bulk and interactive traffic shared one quota.', 'A new feature multiplied calls to the provider.'],
    resolution: ['The batch was paused.', 'Calls were cached and debounced.'],
    tags: ['rate-limit'],
  },
  {
    slug: 'failover',
    titles: ['{service} writes failing after database failover', '{service} read-only errors after maintenance', 'Failover left {service} on the old primary'],
    overview: ['After a failover {service} kept writing to the old primary.', '{service} got read-only errors after the database switched over.'],
    rootCause: ['Connections were not recycled after the failover.', 'The resolved address of the primary was cached.'],
    resolution: ['The application was restarted.', 'Connections were recycled.'],
    tags: ['database', 'failover'],
  },
];

/** Options of `syntheticReports`. */
export interface SyntheticOptions {
  /** How many reports. */
  count: number;
  /** The seed; the same seed gives the same reports. Default 20220907. */
  seed?: number;
  /** Filler words (default: `fallbackVocabulary`; the bench passes the real reports' words). */
  vocabulary?: readonly string[];
  /** How many services the reports spread over (default all of `serviceNames`; more are numbered). */
  services?: number;
  /** The content folder the paths are in (default `postmortems`). */
  folder?: string;
  /** Whether a few reports mistype a `repeat_of` id, as people do (default true; a site with them does not build). */
  mistakes?: boolean;
}

/** One generated report. */
export interface SyntheticReport {
  /** `postmortems/<id>.md`. */
  path: string;
  id: string;
  text: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The share of reports with a typographic character in their prose: 29 of the 350 real reports have one. */
export const typographicShare = 29 / 350;

/** Typographic characters real reports use most in prose (the box-drawing of a pasted diagram aside). */
const typographicMarks = ['’', '–', '—', '→'] as const;

/** Generates a corpus of reports (see the module comment). */
export function syntheticReports(options: SyntheticOptions): SyntheticReport[] {
  const random = randomGenerator(options.seed ?? 20220907);
  const words = options.vocabulary && options.vocabulary.length > 0 ? options.vocabulary : fallbackVocabulary;
  const serviceCount = options.services ?? serviceNames.length;
  const services = Array.from({ length: serviceCount }, (_, position) => serviceNames[position] ?? `service-${position}`);
  const folder = options.folder ?? 'postmortems';
  const filler = (count: number) => Array.from({ length: count }, () => random.pick(words)).join(' ');
  // A generator of its own, so that the rest of every report is what the seed gave before typography came in.
  const typography = randomGenerator((options.seed ?? 20220907) + 1);
  const typographic = () => {
    if (typography.next() >= typographicShare) return '';
    const [mark, first, second] = [typography.pick(typographicMarks), typography.pick(words), typography.pick(words)];
    return mark === '’' ? ` the ${first}’s ${second}` : mark === '→' ? ` ${first} → ${second}` : ` ${mark} ${first} ${second}`;
  };
  const sentence = (template: string, service: string) => template.replaceAll('{service}', service);
  const made: Array<{ id: string; kind: string; service: string; date: string; issue: string }> = [];
  const reports: SyntheticReport[] = [];
  for (let position = 0; position < options.count; position++) {
    const kind = random.pick(kinds);
    const service = random.pick(services);
    const second = random.next() < 0.2 ? random.pick(services) : undefined;
    const day = new Date(Date.UTC(2018, 0, 1) + random.integer(0, 6 * 365) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const id = `${date}-${service}-${kind.slug}-${position}`;
    const startHour = random.integer(0, 20);
    const minutes = random.integer(5, 180);
    const end = new Date(day.getTime() + startHour * 3_600_000 + minutes * 60_000);
    const detected = new Date(day.getTime() + startHour * 3_600_000 + random.integer(1, minutes) * 60_000);
    const local = (instant: Date) => instant.toISOString().slice(0, 16);
    const issue = `acme/ops#${position * 10}`;
    // Links: a repeat of an earlier report of the same kind and service, a report related through its issue, a typo now and then.
    const earlier = made.filter((other) => other.kind === kind.slug && other.service === service && other.date < date);
    const links: string[] = [];
    if (earlier.length > 0 && random.next() < 0.5) links.push(`repeat_of: [${random.pick(earlier).id}]`);
    else if (made.length > 0 && random.next() < 0.02 && options.mistakes !== false)
      links.push(`repeat_of: [${random.pick(made).id.replace(/-(\d+)$/, '-x$1')}]`);
    if (made.length > 0 && random.next() < 0.1) links.push(`related: [${random.pick(made).issue}]`);
    const timeline = Array.from({ length: random.integer(3, 7) }, (_, step) => {
      const at = new Date(day.getTime() + startHour * 3_600_000 + Math.round((minutes * step) / 7) * 60_000);
      return `| ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} | ${filler(random.integer(5, 12))}. |`;
    });
    const actions = Array.from(
      { length: random.integer(1, 4) },
      (_, item) => `- [${random.next() < 0.5 ? 'x' : ' '}] ${filler(random.integer(4, 9))}: ${item === 0 ? issue : `acme/ops#${position * 10 + item}`}`,
    );
    const text = `---
title: "${sentence(random.pick(kind.titles), service)}"
date: ${date}
status: ${random.next() < 0.05 ? 'draft' : 'reviewed'}
severity: sev${random.integer(1, 4)}
impact:
  start: ${date}T${pad(startHour)}:00
  end: ${local(end)}
  detected: ${local(detected)}
services: [${second && second !== service ? `${service}, ${second}` : service}]
tags: [${kind.tags.join(', ')}]
${links.map((link) => `${link}\n`).join('')}---

# ${sentence(random.pick(kind.titles), service)}

## Overview

${sentence(random.pick(kind.overview), service)} ${filler(random.integer(15, 40))}.

## Impact

${filler(random.integer(10, 30))}${typographic()}.

## Timeline

All times UTC.

| Time | Event |
| --- | --- |
${timeline.join('\n')}

## Resolution

${sentence(random.pick(kind.resolution), service)} ${filler(random.integer(10, 25))}.

## Root Cause

${sentence(random.pick(kind.rootCause), service)} ${filler(random.integer(15, 35))}.

## Action Items

${actions.join('\n')}
`;
    made.push({ id, kind: kind.slug, service, date, issue });
    reports.push({ path: `${folder}/${id}.md`, id, text });
  }
  return reports;
}
