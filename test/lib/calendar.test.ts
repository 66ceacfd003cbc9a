/**
 * The iCalendar feed: valid RFC 5545 (parsed back with ical.js), folded and
 * escaped, deterministic, and holding the sample reports' watch entry.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from '../../src/lib/calendar.ts';
import { lookupFromRecord } from '../../src/lib/github/state.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { report as example } from '../../src/lib/rules/examples.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const root = join(import.meta.dirname, '..', '..');
const samplePaths = ['postmortems/2022-08-31-utoronto-azuread-secret-expired.md', 'postmortems/2022-09-07-utoronto-hub-login-500.md'];

async function sampleReports(config = makeConfig()) {
  return Promise.all(samplePaths.map(async (path) => parseReport(path, await readFile(join(root, path)), config)));
}

/** The VEVENTs of a calendar text, parsed by ical.js. */
function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

describe('buildCalendar', () => {
  it('holds the sample reports’ watch entry and due dates, parsed back with ical.js', async () => {
    const config = makeConfig({ site: { url: 'https://acme.github.io', base: '/postmortems/' } });
    const text = buildCalendar(await sampleReports(config), config);
    const parsed = events(text);
    const watch = parsed.find((event) => event.summary === 'Expires: UToronto AzureAD client secret');
    expect(watch).toBeDefined();
    expect(watch!.startDate.isDate).toBe(true);
    expect(watch!.startDate.toString()).toBe('2023-08-30');
    expect(watch!.endDate.toString()).toBe('2023-08-31');
    expect(watch!.uid).toBe('watch-2022-09-07-utoronto-hub-login-500-utoronto-azuread-client-secret@acme.github.io');
    expect(watch!.component.getFirstPropertyValue('url')).toBe('https://acme.github.io/postmortems/postmortems/2022-09-07-utoronto-hub-login-500/');
    expect(watch!.description).toContain('Renewal issue: https://github.com/2i2c-org/infrastructure/issues/1694');
    expect(watch!.component.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString()).toBe('-P30D');

    const due = parsed.filter((event) => event.summary.startsWith('Due: '));
    expect(due.map((event) => event.startDate.toString()).sort()).toEqual(['2022-09-02', '2022-10-15', '2023-08-01']);
    const failDeploy = due.find((event) => event.startDate.toString() === '2022-10-15')!;
    expect(failDeploy.summary).toMatch(/^Due: Fail the deploy when a configured client secret expires within 30 days/);
    expect(failDeploy.description).toContain('Owner: @bob');
    expect(failDeploy.description).toContain('Tracked in 2i2c-org/infrastructure#1693: https://github.com/2i2c-org/infrastructure/issues/1693');
    expect(new Set(parsed.map((event) => event.uid)).size).toBe(parsed.length);
  });

  it('is byte-identical across builds and independent of the clock and report order', async () => {
    const config = makeConfig();
    const reports = await sampleReports(config);
    const first = buildCalendar(reports, config);
    const second = buildCalendar([...reports].reverse(), config);
    expect(second).toBe(first);
    expect(first).not.toMatch(new RegExp(String(new Date().getUTCFullYear()) + '\\d{4}T'));
    expect(first).toContain('DTSTAMP:20220907T000000Z');
  });

  it('uses CRLF line endings and folds every line to at most 75 octets', async () => {
    const config = makeConfig({ site: { url: 'https://acme.github.io', title: 'Postmortems, incidents; and “lessons”' } });
    const text = buildCalendar(await sampleReports(config), config);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(text).toContain('X-WR-CALNAME:Postmortems\\, incidents\\; and “lessons”');
  });

  it('escapes text and never splits a multi-byte character when folding', () => {
    const config = makeConfig({ site: { url: 'https://acme.github.io' } });
    const tricky = 'Rotate the key; then, verify \\ “überprüfen” 🔑🔑🔑 ' + 'ünïcödé '.repeat(12);
    const body = `# Down\n\n## Action Items\n\n- [ ] ${tricky}: acme/api#7 due: 2024-07-01\n`;
    const [report] = parseFiles({ 'postmortems/2024-03-01-api-down.md': example({ body }) }, config);
    const text = buildCalendar([report!], config);
    for (const line of text.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    const [event] = events(text);
    expect(event!.summary).toBe(`Due: ${tricky}: acme/api#7 due: 2024-07-01`);
  });

  it('marks the state of items when GitHub state is given, and omits URL without a site origin', async () => {
    const config = makeConfig();
    const text = buildCalendar(await sampleReports(config), config, { github: lookupFromRecord({ '2i2c-org/infrastructure#1693': 'open' }) });
    const due = events(text).find((event) => event.startDate.toString() === '2022-10-15')!;
    expect(due.description).toContain('2i2c-org/infrastructure#1693: https://github.com/2i2c-org/infrastructure/issues/1693 (open)');
    expect(due.description).toContain('Report: postmortems/2022-09-07-utoronto-hub-login-500.md');
    expect(due.component.getFirstPropertyValue('url')).toBeNull();
    expect(due.uid).toMatch(/@hindsight$/);
    // The site can pass its own origin (Astro's `site`) instead.
    const withSite = buildCalendar(await sampleReports(config), config, { siteUrl: 'https://postmortems.example.org' });
    expect(withSite.replace(/\r\n /g, '')).toContain('URL:https://postmortems.example.org/postmortems/2022-09-07-utoronto-hub-login-500/');
  });

  it('gives two items on the same issue distinct UIDs, and an empty corpus a valid calendar', () => {
    const config = makeConfig();
    const body = '# Down\n\n## Action Items\n\n- [ ] One: acme/api#7 due: 2024-07-01\n- [ ] Two: acme/api#7 due: 2024-07-02\n';
    const reports = parseFiles({ 'postmortems/2024-03-01-api-down.md': example({ body }) }, config);
    const uids = events(buildCalendar(reports, config)).map((event) => event.uid);
    expect(uids).toEqual(['action-2024-03-01-api-down-acme-api-7@hindsight', 'action-2024-03-01-api-down-acme-api-7-2@hindsight']);
    expect(events(buildCalendar([], config))).toEqual([]);
  });

  it('escapes and folds by the RFC’s rules', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`);
    expect(folded.split('\r\n').map((line) => line.length)).toEqual([75, 75, 64]);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'x'.repeat(200)}`);
  });
});
