/**
 * `npm run bench`: what repeat detection costs.
 *
 * Generates synthetic but realistic reports (varied services and incident kinds,
 * prose drawn from templates and from the vocabulary of the real reports in
 * ../shared/corpus when it is there) in a temporary project, then times
 * `hindsight check` on them with the `possible-repeat` rule off and on,
 * alternating, and prints the medians, the overhead and the peak memory.
 *
 * Options: `--reports N` (default 1000), `--runs N` (default 5), `--keep` (leave
 * the temporary project in place and print its path).
 *
 * Exit code 1 when repeat detection adds 20% or more to `check`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { run } from '../src/cli/run.ts';
import { configSchema } from '../src/lib/config.ts';
import { loadReports, findReportFiles } from '../src/lib/node/files.ts';
import { findPossibleRepeats } from '../src/lib/rules/possible-repeat.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const reportCount = Number(values.reports);
const runCount = Number(values.runs);
const budget = 0.2;

/** A small deterministic generator (mulberry32), so every run benchmarks the same reports. */
function generator(seed: number) {
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
const random = generator(20220907);

/** Words of the real reports, most frequent first, for filler prose that reads like a postmortem. */
function corpusVocabulary(): string[] {
  const folder = new URL('../../shared/corpus/', import.meta.url);
  if (!existsSync(folder)) return [];
  const counts = new Map<string, number>();
  const visit = (directory: URL) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(new URL(`${encodeURIComponent(entry.name)}/`, directory));
      else if (entry.name.endsWith('.md')) {
        const text = readFileSync(new URL(encodeURIComponent(entry.name), directory), 'utf8').toLowerCase();
        for (const word of text.match(/\b[a-z]{4,12}\b/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
  };
  visit(folder);
  return [...counts]
    .sort((left, right) => right[1] - left[1])
    .slice(0, 3000)
    .map(([word]) => word);
}
const fallbackVocabulary =
  'cluster node pod deploy pipeline alert metric latency request database replica traffic ingress certificate secret token queue consumer broker cache memory disk volume network timeout upstream configuration release rollback monitoring dashboard'.split(
    ' ',
  );
const vocabulary = corpusVocabulary();
const words = vocabulary.length > 0 ? vocabulary : fallbackVocabulary;

const services = [
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

const pad = (value: number) => String(value).padStart(2, '0');
const filler = (count: number) => Array.from({ length: count }, () => random.pick(words)).join(' ');
const sentence = (template: string, service: string) => template.replaceAll('{service}', service);

/** One synthetic report as file text, plus its id, kind and services (for repeat links). */
function syntheticReport(position: number, earlier: Array<{ id: string; kind: string; service: string }>) {
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
  const repeatOf = earlier.filter((other) => other.kind === kind.slug && other.service === service && other.id.slice(0, 10) < date);
  const link = repeatOf.length > 0 && random.next() < 0.5 ? `repeat_of: [${random.pick(repeatOf).id}]\n` : '';
  const timeline = Array.from({ length: random.integer(3, 7) }, (_, step) => {
    const at = new Date(day.getTime() + startHour * 3_600_000 + Math.round((minutes * step) / 7) * 60_000);
    return `| ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} | ${filler(random.integer(5, 12))}. |`;
  });
  const actions = Array.from(
    { length: random.integer(1, 4) },
    (_, item) => `- [${random.next() < 0.5 ? 'x' : ' '}] ${filler(random.integer(4, 9))}: acme/ops#${position * 10 + item}`,
  );
  const text = `---
title: "${sentence(random.pick(kind.titles), service)}"
date: ${date}
status: reviewed
severity: sev${random.integer(1, 4)}
impact:
  start: ${date}T${pad(startHour)}:00
  end: ${local(end)}
  detected: ${local(detected)}
services: [${second && second !== service ? `${service}, ${second}` : service}]
tags: [${kind.tags.join(', ')}]
${link}---

# ${sentence(random.pick(kind.titles), service)}

## Overview

${sentence(random.pick(kind.overview), service)} ${filler(random.integer(15, 40))}.

## Impact

${filler(random.integer(10, 30))}.

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
  return { id, kind: kind.slug, service, text };
}

const median = (list: readonly number[]) => {
  const sorted = [...list].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'hindsight-bench-'));
  try {
    await mkdir(join(root, 'postmortems'));
    const made: Array<{ id: string; kind: string; service: string }> = [];
    for (let position = 0; position < reportCount; position++) {
      const report = syntheticReport(position, made);
      made.push(report);
      await writeFile(join(root, 'postmortems', `${report.id}.md`), report.text);
    }

    const quiet = { write: () => {} };
    const check = async (repeatDetection: boolean) => {
      await writeFile(join(root, 'hindsight.config.yaml'), repeatDetection ? '{}\n' : 'rules:\n  possible-repeat: off\n');
      let output = '';
      const began = performance.now();
      await run(['check', '--format', 'json'], { cwd: root, env: {}, stdout: { write: (text) => void (output += text) }, stderr: quiet });
      const elapsed = performance.now() - began;
      const result = JSON.parse(output) as { files: number; messages: Array<{ ruleId: string }> };
      return { elapsed, files: result.files, repeats: result.messages.filter((message) => message.ruleId === 'possible-repeat').length };
    };

    // One warm-up of each, so that module loading and JIT do not count against the first variant.
    await check(false);
    await check(true);
    const off: number[] = [];
    const on: number[] = [];
    let warnings = 0;
    let files = 0;
    for (let runNumber = 0; runNumber < runCount; runNumber++) {
      // Alternate the order so that drift on a shared machine hits both variants alike.
      const first = runNumber % 2 === 0;
      const a = await check(!first);
      const b = await check(first);
      (first ? off : on).push(a.elapsed);
      (first ? on : off).push(b.elapsed);
      const withRule = first ? b : a;
      warnings = withRule.repeats;
      files = withRule.files;
    }

    // The core alone on parsed reports: graph, documents, similarity.
    const config = configSchema.parse({});
    const reports = await loadReports(await findReportFiles(['postmortems'], root), root, config);
    const core: number[] = [];
    for (let runNumber = 0; runNumber < runCount; runNumber++) {
      // A fresh array each time, so the per-run graph cache does not hide the graph's cost.
      const corpus = [...reports];
      const began = performance.now();
      findPossibleRepeats(corpus, config);
      core.push(performance.now() - began);
    }

    const offMedian = median(off);
    const onMedian = median(on);
    const overhead = (onMedian - offMedian) / offMedian;
    const coreShare = median(core) / offMedian;
    const peak = process.resourceUsage().maxRSS / 1024;
    const heap = process.memoryUsage().heapUsed / 1024 / 1024;
    const rows: Array<[string, string]> = [
      ['reports checked', String(files)],
      ['runs per variant (median)', String(runCount)],
      ['check, possible-repeat off', `${(offMedian / 1000).toFixed(2)} s`],
      ['check, possible-repeat on', `${(onMedian / 1000).toFixed(2)} s`],
      ['overhead of repeat detection (medians)', `${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(1)} %`],
      ['repeat detection alone (graph + similarity)', `${median(core).toFixed(0)} ms (${(coreShare * 100).toFixed(1)} % of check)`],
      ['possible-repeat warnings', String(warnings)],
      ['peak memory (max RSS)', `${peak.toFixed(0)} MiB`],
      ['heap in use at the end', `${heap.toFixed(0)} MiB`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    const valueWidth = Math.max(...rows.map(([, value]) => value.length));
    const line = `+-${'-'.repeat(width)}-+-${'-'.repeat(valueWidth)}-+`;
    const out = [
      `Hindsight bench: repeat detection on ${reportCount} synthetic reports${vocabulary.length > 0 ? ' (corpus vocabulary)' : ''}`,
      line,
      ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`),
      line,
      `runs off (ms): ${off.map((value) => value.toFixed(0)).join(', ')}`,
      `runs on  (ms): ${on.map((value) => value.toFixed(0)).join(', ')}`,
      overhead < budget && coreShare < budget
        ? `OK: under the ${budget * 100} % budget.`
        : `Over budget: repeat detection adds ${(Math.max(overhead, coreShare) * 100).toFixed(1)} % (budget ${budget * 100} %).`,
    ];
    if (values.keep) out.push(`Reports kept in ${root}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return overhead < budget && coreShare < budget ? 0 : 1;
  } finally {
    if (!values.keep) await rm(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
