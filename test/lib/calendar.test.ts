/**
 * The iCalendar feed: valid RFC 5545 (parsed back with ical.js), folded and
 * escaped, deterministic, and holding the sample reports' watch entry.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, maxCalendarEvents } from '../../src/lib/calendar.ts';
import { lookupFromRecord } from '../../src/lib/issue-state.ts';
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

  it('leaves out done items, and keeps only the latest events of a large archive', () => {
    const config = makeConfig({ site: { url: 'https://acme.github.io' } });
    const done = `# Down\n\n## Action Items\n\n- [x] Fixed already: acme/api#1 due: 2024-04-01\n- [ ] Still to do: acme/api#2 due: 2024-04-02\n`;
    const [single] = parseFiles({ 'postmortems/2024-03-01-api-down.md': example({ body: done }) }, config);
    expect(events(buildCalendar([single!], config)).map((event) => event.summary)).toEqual(['Due: Still to do: acme/api#2 due: 2024-04-02']);
    // An archived report's items not done are history (action-state.ts), not dates to plan around.
    const [archived] = parseFiles({ 'postmortems/2024-03-01-api-down.md': example({ status: 'archived', body: done }) }, config);
    expect(events(buildCalendar([archived!], config))).toEqual([]);
    // A thousand reports, each with one open item due a day later than the one before.
    const files: Record<string, string> = {};
    for (let index = 0; index < 1000; index++) {
      const due = new Date(Date.UTC(2024, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
      files[`postmortems/2024-01-01-incident-${index}.md`] = example({
        date: '2024-01-01',
        body: `# Down\n\n## Action Items\n\n- [ ] Item ${index}: acme/api#${index + 1} due: ${due}\n`,
      });
    }
    const large = events(buildCalendar(parseFiles(files, config), config, { now: new Date('2025-06-01T00:00:00Z') }));
    expect(large).toHaveLength(maxCalendarEvents);
    // The latest are kept: the last item's due date, not the first's.
    expect(large.at(-1)!.summary).toContain('Item 999:');
    expect(large.some((event) => event.summary.includes('Item 0:'))).toBe(false);
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

describe('buildCalendar on hostile input', () => {
  const now = new Date('2024-06-01T00:00:00Z');
  /** A report whose `date`, watch expiry and due date are `date`, `expires` and `due`. */
  const dated = (id: string, date: string, expires: string, due: string) => ({
    [`postmortems/${id}.md`]: example({
      date,
      extra: `watch:\n  - name: Signing key\n    expires: ${expires}\n`,
      body: `# Down\n\n## Action Items\n\n- [ ] Rotate the key: acme/api#7 due: ${due}\n`,
    }),
  });

  it('leaves dates out of the sane range out, so every DATE value has eight digits', () => {
    const config = makeConfig();
    const reports = parseFiles(
      {
        ...dated('1000-01-01-ancient', '1000-01-01', '1000-01-02', '1000-01-03'),
        ...dated('9999-12-31-future', '9999-12-31', '9999-12-31', '9999-12-31'),
        ...dated('2024-03-01-fine', '2024-03-01', '2024-09-01', '9999-12-31'),
        ...dated('2024-03-02-fine', '2024-03-02', '0999-01-01', '2024-07-01'),
      },
      config,
    );
    const text = buildCalendar(reports, config, { now });
    expect(text).not.toMatch(/[+-]\d{6}|\b(?:1000|9999|10000|0999)\d{4}\b/);
    for (const line of text.split('\r\n').filter((candidate) => /^(?:DTSTART|DTEND|DTSTAMP)/.test(candidate))) {
      expect(line).toMatch(/^(?:DTSTART;VALUE=DATE:\d{8}|DTEND;VALUE=DATE:\d{8}|DTSTAMP:\d{8}T000000Z)$/);
    }
    expect(events(text).map((event) => event.startDate.toString())).toEqual(['2024-07-01', '2024-09-01']);
  });

  it('follows the configured range and the given "now"', () => {
    const config = makeConfig({ dates: { earliest: '1000-01-01', latestYearsAhead: 100 } });
    const reports = parseFiles(dated('1000-01-01-ancient', '1000-01-01', '1000-01-02', '2110-01-03'), config);
    expect(events(buildCalendar(reports, config, { now })).map((event) => event.startDate.toString())).toEqual(['1000-01-02', '2110-01-03']);
  });

  it('drops control characters and XML-illegal code points from every text value', () => {
    const hostile = 'ctl \u0001\u000b\u001b[31m \u0000 \ud800 \uffff \u009b2J end';
    const config = makeConfig({ site: { title: `Incidents\u0007 of \u0001acme` } });
    const reports = parseFiles(
      {
        'postmortems/2024-03-01-x.md': example({
          title: JSON.stringify(hostile),
          extra: `watch:\n  - name: ${JSON.stringify(`key ${hostile}`)}\n    expires: 2024-09-01\n`,
          body: `# Down\n\n## Action Items\n\n- [ ] Rotate \u0001 the \u001b[2J key: acme/api#7 due: 2024-07-01\n`,
        }),
      },
      config,
    );
    const text = buildCalendar(reports, config, { now });
    // RFC 5545 content lines hold no control characters but tab (CRLF only ends lines); no lone surrogate survives either.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffe\uffff\ud800-\udfff]/u);
    const parsed = events(text);
    expect(parsed.map((event) => event.summary)).toEqual(['Due: Rotate  the [2J key: acme/api#7 due: 2024-07-01', 'Expires: key ctl  [31m    2J end']);
    expect(text).toContain('NAME:Incidents of acme');
  });
});
