/**
 * `hindsight import`, the pure part: each extraction on its own, then whole
 * conversions, whose output must be a report `check` passes (as archived).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { sectionLookup } from '../../src/lib/config.ts';
import { readFrontmatter } from '../../src/lib/frontmatter.ts';
import { importReport, type ConvertedReport, type ImportResult } from '../../src/lib/import/convert.ts';
import { dateInFileName, findDates, firstDate, parseDuration } from '../../src/lib/import/dates.ts';
import { fieldMeaning, keyMeaning, plainInline, readHeaderFields, readKeyValue } from '../../src/lib/import/fields.ts';
import { mapSeverity } from '../../src/lib/import/severity.ts';
import { findTitle, importSlug } from '../../src/lib/import/title.ts';
import { ianaZoneFor, zoneStatedIn } from '../../src/lib/zones.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { LineIndex } from '../../src/lib/text.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const config = makeConfig();
const now = new Date('2024-06-01T00:00:00Z');
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');

/** Converts a text; fails the test when it is not converted. */
function convert(text: string, path = 'old/report.md', options: { severity?: string; services?: string[] } = {}): ConvertedReport {
  const result = importReport(path, text, { config, now, ...options });
  if (!result.converted) throw new Error(`not converted: ${result.reason}`);
  return result;
}

/** The facts of a body, as `key=value` (with the meaning) for compact assertions. */
function facts(body: string) {
  const report = parseReport('x.md', body, config);
  return readHeaderFields(report.tree, report.text, sectionLookup(config)).map((field) => ({
    key: field.key,
    value: field.value,
    meaning: field.meaning,
    inHeader: field.inHeader,
  }));
}

/** The converted report's frontmatter as the parser validates it. */
function frontmatterOf(result: ConvertedReport) {
  const report = parseReport(`postmortems/${result.date}-${result.slug}.md`, result.text, config);
  expect(report.frontmatterIssues).toEqual([]);
  return report.data!;
}

const warnings = (result: ImportResult) => result.notes.filter((note) => note.level === 'warning').map((note) => note.message);

describe('header lines', () => {
  it('reads bold, plain, italic and list-item keys', () => {
    expect(readKeyValue('**Date:** 2022-09-07')).toEqual({ key: 'Date', value: '2022-09-07' });
    expect(readKeyValue('**Severity**: SEV-2')).toEqual({ key: 'Severity', value: 'SEV-2' });
    expect(readKeyValue('*Status:* Resolved')).toEqual({ key: 'Status', value: 'Resolved' });
    expect(readKeyValue('Authors: jennifer, martym')).toEqual({ key: 'Authors', value: 'jennifer, martym' });
    expect(readKeyValue('- **Service(s) affected:** `api`')).toEqual({ key: 'Service(s) affected', value: 'api' });
    expect(readKeyValue('1. Service(s) affected: ~"Service::Web"')).toEqual({ key: 'Service(s) affected', value: '~"Service::Web"' });
    expect(readKeyValue('Created By: [Katharine Berry](https://github.com/Katharine)')).toEqual({ key: 'Created By', value: 'Katharine Berry' });
  });

  it('does not read sentences, URLs or clock times as keys', () => {
    expect(readKeyValue('https://example.com/a')).toBeUndefined();
    expect(readKeyValue('Tim and Chris noticed at 0:59 CET that the site was down')).toBeUndefined();
    expect(readKeyValue('This was resolved by doing the following things in order: first')).toBeUndefined();
    expect(readKeyValue('We saw it. Then: nothing')).toBeUndefined();
  });

  it('knows what keys mean, written any way', () => {
    expect(fieldMeaning('Date of incident')).toBe('date');
    expect(fieldMeaning('SERVICE(S) AFFECTED')).toBe('services');
    expect(fieldMeaning('incident_date')).toBe('date');
    expect(fieldMeaning('Postmortem owner')).toBe('authors');
    expect(fieldMeaning('Total impact duration')).toBe('duration');
    expect(fieldMeaning('Call recording')).toBeUndefined();
  });

  it('reads what a key is about from its words, unless it is about something else', () => {
    expect(keyMeaning('Incident Severity Level')).toBe('severity');
    expect(keyMeaning('Date of outage (UTC)')).toBe('date');
    expect(keyMeaning('Affected service(s) / components')).toBe('services');
    expect(keyMeaning('Outage duration (minutes)')).toBe('duration');
    expect(keyMeaning('Last modified date')).toBeUndefined();
    expect(keyMeaning('Review date')).toBeUndefined();
    expect(keyMeaning('Due date')).toBeUndefined();
    expect(keyMeaning('Service owner')).toBeUndefined();
    // Headings need the exact key: `## Service dependencies` is a section.
    expect(fieldMeaning('Affected service(s) / components')).toBeUndefined();
  });

  it('strips inline Markdown from values', () => {
    expect(plainInline('**[Sen Lu]**  ')).toBe('Sen Lu');
    expect(plainInline('`api` and <https://example.com>')).toBe('api and https://example.com');
    expect(plainInline('snake_case_name stays')).toBe('snake_case_name stays');
  });

  it('reads a two-column table, skipping a header row that only names the columns', () => {
    const body = '# Title\n\n| Field | Value |\n| --- | --- |\n| Priority | P2 Medium |\n| **Affected services** | Search, Indexer |\n| Incident | HOT-1 |\n';
    expect(facts(body)).toEqual([
      { key: 'Priority', value: 'P2 Medium', meaning: 'priority', inHeader: true },
      { key: 'Affected services', value: 'Search, Indexer', meaning: 'services', inHeader: true },
      { key: 'Incident', value: 'HOT-1', meaning: undefined, inHeader: true },
    ]);
  });

  it('reads a one-row table whose header names the facts', () => {
    const body = '# Title\n\n| Date | Severity | Services | Owner |\n|---|---|---|---|\n| 17/08/2021 | critical | dns | Ola |\n';
    expect(facts(body).map((field) => `${field.meaning}=${field.value}`)).toEqual(['date=17/08/2021', 'severity=critical', 'services=dns', 'authors=Ola']);
  });

  it('reads facts in headings, and a heading over one short paragraph', () => {
    const body = '## INCIDENT REPORT: cSwap failure\n\n## Date: 12th March 2023\n\n## Authors\nAron Asor\n\n## Status\nResolved\n\n## Summary\n\nText.\n';
    expect(facts(body).map((field) => `${field.meaning}=${field.value}`)).toEqual(['date=12th March 2023', 'authors=Aron Asor', 'status=Resolved']);
  });

  it('tells the header (before the first section, and metadata sections) from the body', () => {
    const body = '# Title\n\nOwner: @alice\n\n## Summary\n\nDate: 2020-01-01\n\n# Stats\n\n- Category: Kubernetes\n- Time to detection: 53 minutes\n';
    expect(facts(body).map((field) => `${field.key}:${field.inHeader}`)).toEqual(['Owner:true', 'Date:false', 'Category:true', 'Time to detection:true']);
  });

  it('ignores code blocks and quotes', () => {
    expect(facts('# Title\n\n```\nDate: 2020-01-01\n```\n\n> Severity: SEV-1\n')).toEqual([]);
  });
});

describe('dates', () => {
  it('reads the shapes reports write, with a year', () => {
    const read = (text: string) => findDates(text).map((found) => found.date);
    expect(read('2017-09-27, Hub 403')).toEqual(['2017-09-27']);
    expect(read('January 23rd, 2019 Prow Outage')).toEqual(['2019-01-23']);
    expect(read('Outage - September 29, 2025')).toEqual(['2025-09-29']);
    expect(read('On Friday 29 November 2019, we')).toEqual(['2019-11-29']);
    expect(read('In the morning of Sept. 18th, 2017, a couple')).toEqual(['2017-09-18']);
    expect(read('Start: Wednesday, 2018-08-22')).toEqual(['2018-08-22']);
    expect(read('12th of March 2023')).toEqual(['2023-03-12']);
    expect(read('16/12/2022 00:50:10')).toEqual(['2022-12-16']);
    expect(read('Created: 04/Mar/23 2:14 PM')).toEqual(['2023-03-04']);
  });

  it('takes the first day of a range', () => {
    expect(firstDate('January 14-19, 2026')?.date).toBe('2026-01-14');
    expect(firstDate('14 to 19 January 2026')?.date).toBe('2026-01-14');
    expect(firstDate('Jan 30 - Feb 2, 2024')?.date).toBe('2024-01-30');
  });

  it('does not guess: no year, an ambiguous numeric date, or digits inside a word', () => {
    expect(findDates('Monday 20. January, then Sep 7 and 12th march 23')).toEqual([]);
    expect(findDates('07/01/2024')).toEqual([]);
    expect(findDates('kolibri-0.6.dev020170821165952-git.pex and v2019-01-01')).toEqual([]);
    expect(findDates('2019-02-30')).toEqual([]);
  });

  it('reads the time and zone written with a date', () => {
    expect(firstDate('Mar 3, 2023 at 2:14 PM PST')).toMatchObject({ date: '2023-03-03', time: '14:14', zone: '-08:00' });
    expect(firstDate('2023-06-12 08:05 UTC')).toMatchObject({ date: '2023-06-12', time: '08:05', zone: 'UTC' });
  });

  it('reads dates in file names', () => {
    expect(dateInFileName('2017-09-27-hub-403.md')?.date).toBe('2017-09-27');
    expect(dateInFileName('meteor-08Nov2022.md')?.date).toBe('2022-11-08');
    expect(dateInFileName('incident_12th_march_2023.md')?.date).toBe('2023-03-12');
    expect(dateInFileName('incentives_epoch_miss_12th_march_23.md')).toBeUndefined();
    expect(dateInFileName('PM2019-009 - IP starvation.md')).toBeUndefined();
  });

  it('reads durations', () => {
    expect(parseDuration('1h 48m')).toBe(108);
    expect(parseDuration('5 hours 26 minutes (10:45 - 16:11 UTC)')).toBe(326);
    expect(parseDuration('about 1h50m')).toBe(110);
    expect(parseDuration('2.5 hours')).toBe(150);
    expect(parseDuration('unknown')).toBeUndefined();
  });
});

describe('severities', () => {
  const scale = ['sev1', 'sev2', 'sev3', 'sev4'];
  const mapped = (written: string, severities = scale) => mapSeverity(written, severities).severity;

  it('maps the ways teams write a level onto the configured names', () => {
    expect(mapped('SEV-1')).toBe('sev1');
    expect(mapped('Sev 2')).toBe('sev2');
    expect(mapped('sev3')).toBe('sev3');
    expect(mapped('P2 Medium')).toBe('sev2');
    expect(mapped('S1')).toBe('sev1');
    expect(mapped('Severity 4')).toBe('sev4');
    expect(mapped('1 - Critical')).toBe('sev1');
  });

  it('maps words by their rank from the top of the scale', () => {
    expect(mapped('critical')).toBe('sev1');
    expect(mapped('Major')).toBe('sev2');
    expect(mapped('medium')).toBe('sev3');
    expect(mapped('Low')).toBe('sev4');
    expect(mapped('Major (High Impact, Service Degradation)')).toBe('sev2');
  });

  it('says when a mapping is a guess, and maps a level above the scale to its top', () => {
    expect(mapSeverity('SEV-1', scale)).toMatchObject({ severity: 'sev1', approximate: false });
    expect(mapSeverity('critical', scale)).toMatchObject({
      severity: 'sev1',
      approximate: true,
      note: 'severity `critical` mapped to `sev1` (level 1 of the configured scale)',
    });
    expect(mapSeverity('SEV0', scale)).toMatchObject({ severity: 'sev1', approximate: true });
  });

  it('leaves out what it cannot map, saying why', () => {
    expect(mapSeverity('P5', scale)).toEqual({
      note: 'Unexpected severity `P5` (no configured severity has that level), expected one of `sev1`, `sev2`, `sev3` or `sev4`',
      approximate: true,
    });
    expect(mapSeverity('trivial', scale).severity).toBeUndefined();
    expect(mapSeverity('customer-facing', scale).note).toBe(
      'Unexpected severity `customer-facing` (it names no level), expected one of `sev1`, `sev2`, `sev3` or `sev4`',
    );
  });

  it('follows a configured scale of words or of other numbers', () => {
    expect(mapped('critical', ['critical', 'major', 'minor'])).toBe('critical');
    expect(mapped('SEV-2', ['critical', 'major', 'minor'])).toBe('major');
    expect(mapped('high', ['critical', 'major', 'minor'])).toBe('major');
    expect(mapped('P0', ['P0', 'P1', 'P2'])).toBe('P0');
    expect(mapped('Sev 1', ['P0', 'P1', 'P2'])).toBe('P1');
  });
});

describe('time zones', () => {
  it('maps abbreviations and names to the IANA zone whose clock they name', () => {
    expect(ianaZoneFor('PDT')).toBe('America/Los_Angeles');
    expect(ianaZoneFor('PST')).toBe('America/Los_Angeles');
    expect(ianaZoneFor('Central European Time')).toBe('Europe/Paris');
    expect(ianaZoneFor('IST')).toBe('Asia/Kolkata');
    expect(ianaZoneFor('GMT')).toBe('UTC');
    expect(ianaZoneFor('UTC+2')).toBe('+02:00');
    expect(ianaZoneFor('america/toronto')).toBe('America/Toronto');
    expect(ianaZoneFor('Mars/Olympus')).toBeUndefined();
  });

  it('reads the sentences and labels that state a zone', () => {
    expect(zoneStatedIn('All times PDT')?.zone).toBe('America/Los_Angeles');
    expect(zoneStatedIn('All times in PDT (UTC-7).')?.zone).toBe('America/Los_Angeles');
    expect(zoneStatedIn('_all times are in UTC_')?.zone).toBe('UTC');
    expect(zoneStatedIn('Times are in Eastern Time.')?.zone).toBe('America/New_York');
    expect(zoneStatedIn('Timeline (times in BST)', true)?.zone).toBe('Europe/London');
    expect(zoneStatedIn('Date and Time in CET', true)?.zone).toBe('Europe/Paris');
    expect(zoneStatedIn('Timeline (UTC)', true)?.zone).toBe('UTC');
  });

  it('does not read a zone from a sentence that only mentions time', () => {
    expect(zoneStatedIn('Timeline (UTC)')).toBeUndefined();
    expect(zoneStatedIn('Time to recovery: 109 minutes')).toBeUndefined();
    expect(zoneStatedIn('At the time, west of the river, nothing happened')).toBeUndefined();
  });
});

describe('titles and slugs', () => {
  const lookup = sectionLookup(config);
  const title = (body: string, fileName = 'x.md', frontmatterTitle?: string) => {
    const report = parseReport(fileName, body, config);
    return findTitle(report.tree, frontmatterTitle, fileName, lookup);
  };

  it('takes the frontmatter title, the `#` heading, a first heading, or the file name', () => {
    expect(title('# Heading\n', 'x.md', 'From frontmatter')).toEqual({ title: 'From frontmatter', source: 'frontmatter' });
    expect(title('Intro.\n\n# 2017-09-27, Hub 403\n\n## Summary\n')).toEqual({ title: '2017-09-27, Hub 403', source: 'heading', line: 3 });
    expect(title('## INCIDENT REPORT: cSwap failure\n\n## Date: 12th March 2023\n')).toMatchObject({ title: 'INCIDENT REPORT: cSwap failure' });
    expect(title('# Title:\n### Builds failing after an image upgrade\n')).toMatchObject({ title: 'Builds failing after an image upgrade' });
    expect(title('# Metadata\n\nOwner: x\n\n# Overview\n\nText.\n', '003-migrations-not-included.md')).toEqual({
      title: 'migrations not included',
      source: 'file name',
    });
    expect(title('# incident date: 2019-02-20, kubectl logs unavailable\n')).toMatchObject({ title: 'incident date: 2019-02-20, kubectl logs unavailable' });
  });

  it('slugs the title without its date or a generic lead', () => {
    expect(importSlug('2017-09-27, Hub 403', 'x.md')).toBe('hub-403');
    expect(importSlug('Incident Report: User Account Takeover', 'x.md')).toBe('user-account-takeover');
    expect(importSlug('Incident report July 11 2025 - CloudBank health check fail', 'x.md')).toBe('cloudbank-health-check-fail');
    expect(importSlug('Post-mortem of Shai-Hulud attack on November 24th, 2025', 'x.md')).toBe('shai-hulud-attack');
    expect(importSlug('Postmortem for ADSync migration', 'x.md')).toBe('adsync-migration');
    expect(importSlug('incident date: 2019-02-20, kubectl logs unavailable', 'x.md')).toBe('kubectl-logs-unavailable');
    expect(importSlug('2019-01-01', '2019-01-01-disk-full.md')).toBe('disk-full');
    expect(importSlug('!!!', '!!!.md')).toBe('incident');
  });
});

describe('importReport', () => {
  it('converts a report with header lines into an archived report that `check` passes', () => {
    const source =
      '# Disk full on the primary\n\n**Date:** 2023-04-11\n**Severity:** SEV-2\n**Services:** orders-db, Reporting API\n**Authors:** Ana, Bo\n\nAll times in PDT.\n\n## Summary\n\nThe disk filled up.\n';
    const result = convert(source, 'old/disk-full.md');
    expect(`${result.date}-${result.slug}`).toBe('2023-04-11-disk-full-on-the-primary');
    expect(frontmatterOf(result)).toMatchObject({
      title: 'Disk full on the primary',
      date: '2023-04-11',
      status: 'archived',
      severity: 'sev2',
      timezone: 'America/Los_Angeles',
      services: ['orders-db', 'reporting-api'],
      authors: ['Ana', 'Bo'],
    });
    expect(result.sources).toMatchObject({ date: 'header line 3', severity: 'header line 4', timezone: '`PDT` (line 8)' });
    expect(result.defaults).toEqual([]);
    expect(result.problems).toEqual([]);
    const report = parseFiles({ [`postmortems/${result.date}-${result.slug}.md`]: result.text })[0]!;
    expect(checkReports([report], config, { now }).filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('keeps every body line, after the new frontmatter', () => {
    const source = '# Title 2020-01-02\n\nLine with trailing spaces   \n\n\n```\ncode: 1\n```\n<!-- comment -->\nlast line without newline';
    const result = convert(source);
    expect(result.text.endsWith(`\n${source}`)).toBe(true);
    expect(result.text.startsWith('---\n')).toBe(true);
  });

  it('keeps Windows line endings and drops a byte order mark', () => {
    const source = '\uFEFF# Outage 2020-01-02\r\n\r\nText.\r\n';
    const result = convert(source);
    expect(result.text.endsWith('---\r\n\r\n# Outage 2020-01-02\r\n\r\nText.\r\n')).toBe(true);
    expect(result.text).not.toContain('\uFEFF');
    expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('warns when the dates it finds disagree, naming each, and keeps the most trusted', () => {
    const result = convert('# 2022-01-27, pod limit reached\n\n## Summary\n\nText.\n', 'old/2022-06-02-pod-limit.md');
    expect(result.date).toBe('2022-06-02');
    expect(warnings(result)).toEqual([
      'Unexpected date `2022-01-27` in the title, expected `2022-06-02` as in the file name; the report is dated `2022-06-02`: check which is the day impact began',
    ]);
    const header = convert('# Outage\n\nDate: January 14-19, 2026\n', 'old/2026-01-17-outage.md');
    expect(header.date).toBe('2026-01-14');
    expect(warnings(header)).toEqual([
      'Unexpected date `2026-01-17` in the file name, expected `2026-01-14` as in header line 3; the report is dated `2026-01-14`: check which is the day impact began',
    ]);
  });

  it('falls back to the timeline, then to the text, saying so', () => {
    const timeline = convert('# IP starvation\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 2019-11-29 12:00 | Scaled up |\n');
    expect(timeline.date).toBe('2019-11-29');
    expect(warnings(timeline)).toEqual(["date `2019-11-29` taken from the timeline's first dated entry (line 7): check it is the day impact began"]);
    const text = convert('# Sites down\n\n## Overview\n\nIn the morning of Sept. 18th, 2017, a couple of sites went down.\n');
    expect(text.date).toBe('2017-09-18');
    expect(warnings(text)).toEqual(['date `2017-09-18` taken from the text (line 5): check it is the day impact began']);
  });

  it('does not convert a report with no date, saying where a date could go', () => {
    const result = importReport('old/undated.md', readFileSync(join(fixtures, 'undated.md')), { config, now });
    expect(result).toMatchObject({ converted: false });
    expect(result.converted ? '' : result.reason).toBe(
      'Unexpected report without a date, expected one in its frontmatter (`date:`), a header line (`Date: 2022-09-07`), its file name (`2022-09-07-….md`), its title, its timeline or its text; add one and import it again',
    );
  });

  it('does not guess an ambiguous numeric date, saying how to write it', () => {
    const result = importReport('old/outage.md', '# Outage\n\nDate: 3/4/2023\n', { config, now });
    expect(result.converted ? '' : result.reason).toBe(
      'Unexpected date `3/4/2023` (header line 3) that could be day/month or month/day, expected it written `YYYY-MM-DD`; correct it and import it again',
    );
  });

  it('takes the date an incident was reported when nothing else dates it', () => {
    const result = convert('# Queue stalled\n\n| Field | Value |\n|---|---|\n| Reported at | 2024-02-05 09:12:44 UTC |\n| Severity | Minor |\n');
    expect(result.date).toBe('2024-02-05');
    expect(frontmatterOf(result)).toMatchObject({ severity: 'sev4' });
  });

  it('does not convert binary, UTF-16 or empty files', () => {
    const reason = (content: Uint8Array | string) => {
      const result = importReport('old/x.md', content, { config, now });
      return result.converted ? 'converted' : result.reason;
    };
    expect(reason(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).toBe('Unexpected binary content (a NUL byte), expected a UTF-8 Markdown text file');
    expect(reason(new Uint8Array([0xff, 0xfe, 0x23, 0x00]))).toMatch(/^Unexpected UTF-16 text/);
    expect(reason('  \n\n')).toBe('Unexpected empty file, expected a Markdown postmortem');
  });

  it('maps existing frontmatter, keeps it as comments, and names the keys with no field', () => {
    const source =
      '---\ntitle: "Incident Report: Account Takeover"\ndescription: An account was taken over\nauthors:\n  - miketheman\ndate: 2023-12-04\ntags:\n  - security\nstatus: published\n---\n\n# Incident Report: Account Takeover\n';
    const result = convert(source, 'posts/2023-12-04-account-takeover.md');
    expect(frontmatterOf(result)).toMatchObject({
      title: 'Incident Report: Account Takeover',
      date: '2023-12-04',
      authors: ['miketheman'],
      tags: ['security'],
      status: 'archived',
    });
    expect(result.text).toContain(
      '# The original frontmatter, kept as it was:\n#   title: "Incident Report: Account Takeover"\n#   description: An account was taken over\n',
    );
    expect(result.notes).toContainEqual({ level: 'info', message: 'frontmatter keys not carried over, kept as comments: `description`' });
    // The source's body starts after its own frontmatter, and is all there.
    expect(result.text.endsWith('---\n\n# Incident Report: Account Takeover\n')).toBe(true);
  });

  it('keeps frontmatter it cannot read as the start of the body', () => {
    const source = '---js\nmodule.exports = { title: "x" }\n---\n# Outage 2020-01-02\n';
    const result = convert(source);
    expect(result.text.endsWith(`\n${source}`)).toBe(true);
    expect(warnings(result)[0]).toMatch(/^Unexpected frontmatter that cannot be read \(.+\), expected a YAML mapping; it is kept as the start of the body$/);
  });

  it('reads severity, services and impact from a table, converting times to the stated zone', () => {
    const result = convert(readFileSync(join(fixtures, 'pagerduty-export.md'), 'utf8'), 'pagerduty-export.md');
    expect(frontmatterOf(result)).toMatchObject({
      date: '2023-03-03',
      severity: 'sev1',
      timezone: 'America/Los_Angeles',
      services: ['checkout-api'],
      impact: { start: '2023-03-03T14:14', end: '2023-03-03T15:40' },
    });
    expect(result.notes).toContainEqual({ level: 'info', message: 'kept in the body only (no Hindsight field): `Acknowledged by`' });
  });

  it('reads an impact window with detection, and a `P2 Medium` priority', () => {
    const result = convert(readFileSync(join(fixtures, 'atlassian-style.md'), 'utf8'), 'atlassian-style.md');
    expect(frontmatterOf(result)).toMatchObject({
      date: '2023-06-12',
      severity: 'sev2',
      services: ['search', 'indexer'],
      authors: ['Dana Whitfield'],
      impact: { start: '2023-06-12T08:05', end: '2023-06-12T11:47', detected: '2023-06-12T08:40' },
    });
  });

  it('fills what the source lacks from the defaults, and says so', () => {
    const result = convert('# Outage on 2020-01-02\n', 'x.md');
    expect(result.defaults).toEqual(['severity', 'services']);
    expect(frontmatterOf(result)).toMatchObject({ severity: 'sev4', services: ['unknown'] });
    const chosen = convert('# Outage on 2020-01-02\n', 'x.md', { severity: 'sev3', services: ['billing'] });
    expect(frontmatterOf(chosen)).toMatchObject({ severity: 'sev3', services: ['billing'] });
  });

  it('leaves out a severity it cannot map, with a warning', () => {
    const result = convert('# Outage\n\nDate: 2020-01-02\nSeverity: purple\n');
    expect(result.defaults).toEqual(['severity', 'services']);
    expect(warnings(result)).toEqual([
      'Unexpected severity `purple` (it names no level), expected one of `sev1`, `sev2`, `sev3` or `sev4` (header line 4); left out',
    ]);
  });

  it('reports a credential: the converted report fails `check` until it is removed', () => {
    const token = ['gh', 'p_', syntheticToken(36, 7)].join('');
    const result = convert(`# Leaked token 2024-07-08\n\nThe token was ${token} and it was revoked.\n`);
    expect(result.problems.map((problem) => problem.ruleId)).toEqual(['secret']);
    expect(result.problems[0]!.message).not.toContain(token);
    expect(warnings(result)).toEqual([
      `Unexpected credential in the source (line ${result.problems[0]!.place.start.line} of the converted report), expected none: \`hindsight check\` fails until it is removed; revoke it too, since it was shared`,
    ]);
  });

  it('warns when the source says it was not finished', () => {
    expect(warnings(convert('# Outage\n\nDate: 2020-01-02\nStatus: Draft\n'))[0]).toBe(
      'Unexpected status `Draft` (header line 4), expected a finished report; imported as `archived` all the same: set `status: draft` if it is still being written',
    );
    expect(warnings(convert('# Outage\n\nDate: 2020-01-02\nStatus: Complete, action items in progress\n'))).toEqual([]);
  });

  it('converts every fixture in an unseen format but the undated one, each passing `check`', () => {
    const names = ['sre-book-style.md', 'pagerduty-export.md', 'atlassian-style.md', 'notion-export.md', 'confluence-table.md', 'gitlab-incident.md'];
    const expected: Record<string, string> = {
      'sre-book-style.md': '2015-10-21-shakespeare-sonnet-postmortem-incident-465',
      'pagerduty-export.md': '2023-03-03-4417-checkout-api-returning-503-for-card-payments',
      'atlassian-style.md': '2023-06-12-search-indexing-stalled-for-eu-customers',
      'notion-export.md': '2022-11-07-postgres-failover-left-read-replicas-behind',
      'confluence-table.md': '2021-08-17-dns-resolution-failures-in-the-staging-cluster',
      'gitlab-incident.md': '2023-05-02-gitlab-incident',
    };
    for (const name of names) {
      const source = readFileSync(join(fixtures, name), 'utf8');
      const result = convert(source, name);
      expect(`${result.date}-${result.slug}`, name).toBe(expected[name]);
      expect(result.problems, name).toEqual([]);
      const block = readFrontmatter(result.text, new LineIndex(result.text));
      expect(result.text.slice(block.endOffset).trimStart(), name).toBe(source.trimStart());
    }
    expect(frontmatterOf(convert(readFileSync(join(fixtures, 'notion-export.md'), 'utf8')))).toMatchObject({
      date: '2022-11-07',
      severity: 'sev2',
      timezone: 'Europe/Paris',
      services: ['orders-db', 'reporting'],
      tags: ['database', 'postgres', 'failover'],
      authors: ['Marta Kowalski'],
    });
    expect(frontmatterOf(convert(readFileSync(join(fixtures, 'gitlab-incident.md'), 'utf8')))).toMatchObject({
      services: ['sidekiq', 'web'],
      impact: { start: '2023-05-02T14:00', end: '2023-05-02T16:50', detected: '2023-05-02T14:25' },
    });
    expect(frontmatterOf(convert(readFileSync(join(fixtures, 'confluence-table.md'), 'utf8')))).toMatchObject({
      date: '2021-08-17',
      severity: 'sev1',
      services: ['staging-dns'],
    });
    expect(frontmatterOf(convert(readFileSync(join(fixtures, 'sre-book-style.md'), 'utf8')))).toMatchObject({
      date: '2015-10-21',
      timezone: 'UTC',
      authors: ['jennifer', 'martym', 'agoogler'],
    });
  });
});
