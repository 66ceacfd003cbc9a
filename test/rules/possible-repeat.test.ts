import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/lib/config.ts';
import possibleRepeat from '../../src/lib/rules/possible-repeat.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

const body = (title: string, overview: string, rootCause: string) => `# ${title}

## Overview

${overview}

## Impact

Customers could not use the service.

## Timeline

- 10:00 Alert fires.
- 10:30 Fixed.

## Resolution

Fixed by the on-call engineer.

## Root Cause

${rootCause}

## Action Items

- [ ] Follow up: acme/api#1
`;

const diskFull = body(
  'Database disk full',
  'The primary database stopped accepting writes because its data volume filled up with write-ahead log files.',
  'WAL archiving to object storage had failed for a week, so WAL segments were never removed from the disk.',
);
const diskFullAgain = body(
  'Writes rejected: no space left on the primary',
  'Writes failed for an hour because the database volume ran out of space; write-ahead log segments piled up.',
  'WAL archiving broke again after a credential change, so old WAL segments stayed on the volume until it was full.',
);
const slowDeploy = body(
  'Slow deploys after registry move',
  'Deploys took 40 minutes because images were pulled from a registry in another region.',
  'The image registry was moved without moving the build cache.',
);

const earlierPath = 'postmortems/2023-01-10-database-disk-full.md';
const laterPath = 'postmortems/2023-10-02-writes-rejected-no-space.md';

function files(laterExtra = '', options: { laterService?: string; earlierExtra?: string } = {}) {
  return {
    [laterPath]: report({ title: 'Writes rejected - no space left on the primary', date: '2023-10-02', extra: laterExtra, body: diskFullAgain }).replace(
      'services: [api]',
      `services: [${options.laterService ?? 'api'}]`,
    ),
    [earlierPath]: report({ title: 'Database disk full', date: '2023-01-10', extra: options.earlierExtra ?? '', body: diskFull }),
    'postmortems/2023-05-05-slow-deploys.md': report({ title: 'Slow deploys after registry move', date: '2023-05-05', body: slowDeploy }),
  };
}

describe('possible-repeat', () => {
  it('warns on the later report, at its title, naming the earlier report and pointing into it', () => {
    const diagnostics = checkFiles(files(), { rule: possibleRepeat });
    expect(diagnostics).toHaveLength(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic).toMatchObject({
      ruleId: 'possible-repeat',
      severity: 'warning',
      file: laterPath,
      place: { start: { line: 2, column: 8 } },
      cause: { file: earlierPath, message: 'Earlier report `2023-01-10-database-disk-full`: “Database disk full”', place: { start: { line: 2, column: 8 } } },
    });
    expect(brief(diagnostic!)).toMatch(
      /^2:8: Unexpected report that looks like a repeat of `2023-01-10-database-disk-full` \(“Database disk full”, 2023-01-10; similarity 0\.\d\d\), expected `repeat_of` or `related` to link it$/,
    );
    expect(diagnostic!.note).toContain('Both affect `api`');
  });

  it('is quiet when the later report links the earlier one, either way, or through a chain', () => {
    expect(checkFiles(files('repeat_of: [2023-01-10-database-disk-full]\n'), { rule: possibleRepeat })).toEqual([]);
    expect(checkFiles(files('related: [2023-01-10-database-disk-full]\n'), { rule: possibleRepeat })).toEqual([]);
    // The earlier report names the later one as related (added after the fact).
    expect(checkFiles(files('', { earlierExtra: 'related: [2023-10-02-writes-rejected-no-space]\n' }), { rule: possibleRepeat })).toEqual([]);
    // later → middle → earlier: linked through the chain.
    const chain = {
      ...files('repeat_of: [2023-06-01-middle]\n'),
      'postmortems/2023-06-01-middle.md': report({ date: '2023-06-01', extra: 'repeat_of: [2023-01-10-database-disk-full]\n', body: slowDeploy }),
    };
    expect(checkFiles(chain, { rule: possibleRepeat, targets: [laterPath] })).toEqual([]);
  });

  it('is quiet when both cite the same issue (linked through it)', () => {
    const linked = files('related: [acme/db#77]\n', { earlierExtra: 'related: [https://github.com/acme/db/issues/77]\n' });
    expect(checkFiles(linked, { rule: possibleRepeat })).toEqual([]);
  });

  it('compares only reports that share a service', () => {
    expect(checkFiles(files('', { laterService: 'billing' }), { rule: possibleRepeat })).toEqual([]);
  });

  it('follows `repeats.threshold`', () => {
    const strict = makeConfig({ repeats: { threshold: 0.99 } });
    expect(checkFiles(files(), { rule: possibleRepeat, config: strict })).toEqual([]);
    const loose = makeConfig({ repeats: { threshold: 0.01 } });
    // The slow-deploy report shares a service but hardly a word: with a tiny threshold even it is named.
    expect(checkFiles(files(), { rule: possibleRepeat, config: loose }).length).toBeGreaterThanOrEqual(1);
  });

  it('rejects a threshold outside 0 to 1 and unknown keys', () => {
    expect(configSchema.safeParse({ repeats: { threshold: 1.5 } }).success).toBe(false);
    expect(configSchema.safeParse({ repeats: { treshold: 0.3 } }).success).toBe(false);
    expect(makeConfig().repeats.threshold).toBe(0.28);
  });

  it('names at most three earlier reports, the most similar first', () => {
    const corpus: Record<string, string> = {};
    for (const month of ['01', '02', '03', '04', '05']) {
      corpus[`postmortems/2023-${month}-01-disk.md`] = report({ date: `2023-${month}-01`, body: diskFull });
    }
    const diagnostics = checkFiles(corpus, { rule: possibleRepeat, targets: ['postmortems/2023-05-01-disk.md'] });
    expect(diagnostics).toHaveLength(3);
  });

  it('skips reports whose frontmatter is invalid instead of failing', () => {
    const broken = { ...files(), 'postmortems/2023-11-01-broken.md': '---\ntitle: [oops\n---\n# Broken\n' };
    expect(checkFiles(broken, { rule: possibleRepeat })).toHaveLength(1);
  });

  it('names the report that wins a duplicated id (the first by path)', () => {
    const duplicated = { ...files(), 'archive/2023-01-10-database-disk-full.md': report({ date: '2023-01-10', body: slowDeploy }) };
    // `archive/…` sorts before `postmortems/…`, so the id names the slow-deploy text, which is not alike.
    expect(checkFiles(duplicated, { rule: possibleRepeat, targets: [laterPath] })).toEqual([]);
  });

  it('finds the founding repeat a week later under a different title when the link is missing', () => {
    const read = (name: string) => readFileSync(new URL(`../../postmortems/${name}`, import.meta.url), 'utf8');
    const later = read('2022-09-07-utoronto-hub-login-500.md').replace(/^repeat_of:.*\n/m, '');
    const diagnostics = checkFiles(
      {
        'postmortems/2022-09-07-utoronto-hub-login-500.md': later,
        'postmortems/2022-08-31-utoronto-azuread-secret-expired.md': read('2022-08-31-utoronto-azuread-secret-expired.md'),
      },
      { rule: possibleRepeat },
    );
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.cause?.file])).toEqual([
      ['postmortems/2022-09-07-utoronto-hub-login-500.md', 'postmortems/2022-08-31-utoronto-azuread-secret-expired.md'],
    ]);
  });
});

describe('possible-repeat on archived reports', () => {
  it('still warns: linking the archive is how it becomes cross-linked', () => {
    const archived = Object.fromEntries(Object.entries(files()).map(([path, text]) => [path, text.replace('status: reviewed', 'status: archived')]));
    const diagnostics = checkFiles(archived, { rule: possibleRepeat });
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.severity])).toEqual([[laterPath, 'warning']]);
  });
});
