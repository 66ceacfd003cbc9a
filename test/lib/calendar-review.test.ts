/**
 * Review due dates in `/calendar.ics` (src/lib/calendar.ts): one all-day event per
 * report awaiting review, with a stable UID, escaped like the other events, and
 * parsed back with ical.js.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/lib/calendar.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

/** The VEVENTs of a calendar text, parsed by ical.js. */
function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

const files = {
  'postmortems/2024-05-10-checkout-down.md': report({
    date: '2024-05-10',
    status: 'in-review',
    title: 'Checkout down; payments, refunds \\ all',
    extra: 'reviewers: [alice, bob]\n',
  }),
  'postmortems/2024-05-28-search-slow.md': report({ date: '2024-05-28', status: 'draft', severity: 'sev3' }),
  'postmortems/2024-01-10-done.md': report({ date: '2024-01-10', status: 'reviewed', severity: 'sev1' }),
  'postmortems/2023-01-10-history.md': report({ date: '2023-01-10', status: 'archived', severity: 'sev1' }),
};

describe('review due dates in the calendar', () => {
  const config = makeConfig({ site: { url: 'https://acme.github.io', base: '/postmortems/' } });
  const text = buildCalendar(parseFiles(files, config), config, { now: new Date('2024-06-01T00:00:00Z') });
  const reviews = events(text).filter((event) => event.component.getFirstPropertyValue('categories') === 'review');

  it('has one event per report awaiting review, on its due date, with a UID from the report id', () => {
    expect(reviews.map((event) => [event.uid, event.startDate.toString(), event.endDate.toString()])).toEqual([
      ['review-2024-05-10-checkout-down@acme.github.io', '2024-05-20', '2024-05-21'],
      ['review-2024-05-28-search-slow@acme.github.io', '2024-06-17', '2024-06-18'],
    ]);
    expect(reviews.every((event) => event.startDate.isDate)).toBe(true);
  });

  it('says what is due, for how long it was allowed, who reviews it and where the report is', () => {
    const [checkout, search] = reviews;
    expect(checkout!.summary).toBe('Review due: Checkout down; payments, refunds \\ all');
    expect(checkout!.description).toBe(
      'Review of the incident “Checkout down; payments, refunds \\ all” (2024-05-10, sev2: 10 days after it). Status: in-review.\nReviewers: alice, bob',
    );
    expect(checkout!.component.getFirstPropertyValue('url')).toBe('https://acme.github.io/postmortems/postmortems/2024-05-10-checkout-down/');
    expect(search!.description).toBe('Review of the incident “API down after a bad deploy” (2024-05-28, sev3: 20 days after it). Status: draft.');
    // Escaped as RFC 5545 TEXT, like the other events.
    expect(text).toContain('SUMMARY:Review due: Checkout down\\; payments\\, refunds \\\\ all\r\n');
  });

  it('is the same text whatever the clock and the order of the reports, and follows `review.days`', () => {
    const reversed = buildCalendar(parseFiles(files, config).reverse(), config, { now: new Date('2025-01-01T00:00:00Z') });
    expect(reversed).toBe(text);
    const faster = makeConfig({ review: { days: { sev2: 3 } } });
    const due = events(buildCalendar(parseFiles(files, faster), faster, { now: new Date('2024-06-01T00:00:00Z') })).find((event) =>
      event.uid.startsWith('review-2024-05-10'),
    );
    expect(due!.startDate.toString()).toBe('2024-05-13');
  });
});
