import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatInZone,
  impactInstants,
  impactOffsetZone,
  localDate,
  localTimeKind,
  normalizeZone,
  offsetAt,
  parseOffset,
  resolveZone,
  toLocalDateTime,
  zonedToInstant,
  zoneLabel,
} from '../../src/lib/time.ts';
import { parseFiles } from '../helpers.ts';

const iso = (local: string, zone: string) => zonedToInstant(local, zone).toISOString();

describe('zonedToInstant', () => {
  it('reads a wall time in an IANA zone, in summer and in winter', () => {
    expect(iso('2022-09-07T05:25', 'America/Toronto')).toBe('2022-09-07T09:25:00.000Z');
    expect(iso('2022-12-07T05:25', 'America/Toronto')).toBe('2022-12-07T10:25:00.000Z');
    expect(iso('2022-07-01T12:00', 'Europe/Berlin')).toBe('2022-07-01T10:00:00.000Z');
    expect(iso('2022-07-01T12:00:30.250', 'Asia/Kolkata')).toBe('2022-07-01T06:30:30.250Z');
  });

  it('reads a date alone as midnight', () => {
    expect(iso('2022-09-07', 'America/Toronto')).toBe('2022-09-07T04:00:00.000Z');
  });

  it('keeps the offset an ISO string carries, whatever the zone', () => {
    expect(iso('2022-09-07T05:25+02:00', 'America/Toronto')).toBe('2022-09-07T03:25:00.000Z');
    expect(iso('2022-09-07T05:25Z', 'America/Toronto')).toBe('2022-09-07T05:25:00.000Z');
    expect(iso('2022-09-07T05:25-0500', 'UTC')).toBe('2022-09-07T10:25:00.000Z');
  });

  it('reads fixed offsets and abbreviations as fixed offsets', () => {
    expect(iso('2022-07-01T12:00', '+02:00')).toBe('2022-07-01T10:00:00.000Z');
    expect(iso('2022-07-01T12:00', '-0500')).toBe('2022-07-01T17:00:00.000Z');
    // PST is UTC−8 even in July; PT follows daylight saving time.
    expect(iso('2022-07-01T12:00', 'PST')).toBe('2022-07-01T20:00:00.000Z');
    expect(iso('2022-07-01T12:00', 'PT')).toBe('2022-07-01T19:00:00.000Z');
    expect(iso('2022-07-01T12:00', 'CEST')).toBe('2022-07-01T10:00:00.000Z');
  });

  describe('daylight saving time (America/Toronto)', () => {
    it('reads a time in the fall-back hour as its first occurrence (EDT)', () => {
      expect(localTimeKind('2022-11-06T01:30', 'America/Toronto')).toBe('ambiguous');
      expect(iso('2022-11-06T01:30', 'America/Toronto')).toBe('2022-11-06T05:30:00.000Z');
      expect(iso('2022-11-06T01:30', 'EST')).toBe('2022-11-06T06:30:00.000Z');
      expect(iso('2022-11-06T01:30', 'EDT')).toBe('2022-11-06T05:30:00.000Z');
    });

    it('reads the times around the change exactly', () => {
      expect(iso('2022-11-06T00:59', 'America/Toronto')).toBe('2022-11-06T04:59:00.000Z');
      expect(iso('2022-11-06T02:00', 'America/Toronto')).toBe('2022-11-06T07:00:00.000Z');
      expect(localTimeKind('2022-11-06T02:00', 'America/Toronto')).toBe('unique');
    });

    it('moves a time in the spring-forward gap forward by the gap', () => {
      expect(localTimeKind('2022-03-13T02:30', 'America/Toronto')).toBe('nonexistent');
      const instant = zonedToInstant('2022-03-13T02:30', 'America/Toronto');
      expect(instant.toISOString()).toBe('2022-03-13T07:30:00.000Z');
      expect(formatInZone(instant, 'America/Toronto')).toBe('2022-03-13 03:30 EDT');
    });

    it('handles a half-hour change (Australia/Lord_Howe)', () => {
      expect(localTimeKind('2022-10-02T02:15', 'Australia/Lord_Howe')).toBe('nonexistent');
      expect(iso('2022-10-02T02:15', 'Australia/Lord_Howe')).toBe('2022-10-01T15:45:00.000Z');
    });
  });

  it('refuses dates, times and zones that do not exist', () => {
    expect(() => zonedToInstant('2022-02-30T10:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedToInstant('2022-02-01T24:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedToInstant('yesterday', 'UTC')).toThrow(RangeError);
    expect(() => zonedToInstant('2022-02-01T10:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('round trips (property)', () => {
  const zones = ['America/Toronto', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'UTC', '-03:30'];
  const instantArbitrary = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((time) => new Date(Math.floor(time / 1000) * 1000));

  it('maps the wall time of any instant back to that instant, or to the earlier of two when the wall time repeats', () => {
    fc.assert(
      fc.property(instantArbitrary, fc.constantFrom(...zones), (instant, zone) => {
        const local = toLocalDateTime(instant, zone);
        const back = zonedToInstant(local, zone);
        if (localTimeKind(local, zone) === 'ambiguous') {
          expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(toLocalDateTime(back, zone)).toBe(local);
        } else {
          expect(back.getTime()).toBe(instant.getTime());
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('resolveZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['Z', 'UTC'],
    ['GMT', 'UTC'],
    ['+02:00', '+02:00'],
    ['-0500', '-05:00'],
    ['UTC+1', '+01:00'],
    ['GMT-05:00', '-05:00'],
    ['UTC+5:30', '+05:30'],
    ['PST', '-08:00'],
    ['PDT', '-07:00'],
    ['EST', '-05:00'],
    ['EDT', '-04:00'],
    ['CST', '-06:00'],
    ['CDT', '-05:00'],
    ['MST', '-07:00'],
    ['MDT', '-06:00'],
    ['CET', '+01:00'],
    ['CEST', '+02:00'],
    ['BST', '+01:00'],
    ['IST', '+05:30'],
    ['EEST', '+03:00'],
    ['PT', 'America/Los_Angeles'],
    ['ET', 'America/New_York'],
    ['Eastern', 'America/New_York'],
    ['Pacific Time', 'America/Los_Angeles'],
    ['Central European Time', '+01:00'],
    ['Eastern Daylight Time', '-04:00'],
    ['america/toronto', 'America/Toronto'],
  ])('%s → %s', (written, zone) => {
    expect(resolveZone(written)).toBe(zone);
  });

  it('names no zone for other words and for a bare `+2`', () => {
    expect(resolveZone('Deploy')).toBeUndefined();
    expect(resolveZone('+2')).toBeUndefined();
    expect(resolveZone('')).toBeUndefined();
  });

  it('reads abbreviations the same way wherever they are written, not as ICU legacy ids', () => {
    // ICU would take `BST` for Asia/Dhaka and `CET` for Europe/Brussels (with summer time).
    expect(normalizeZone('BST')).toBe('+01:00');
    expect(offsetAt(new Date('2022-07-01T00:00:00Z'), 'CET')).toBe(60);
    expect(normalizeZone('+0530')).toBe('+05:30');
    expect(normalizeZone('Japan')).toBe('Asia/Tokyo');
    expect(() => normalizeZone('Nowhere')).toThrow(RangeError);
  });
});

describe('parseOffset', () => {
  it('reads offsets with any minus sign', () => {
    expect(parseOffset('\u221205:00')).toBe(-300);
    expect(parseOffset('+14:00')).toBe(840);
    expect(parseOffset('+15:00')).toBeUndefined();
  });
});

describe('formatting', () => {
  const instant = new Date('2022-09-07T09:25:00Z');

  it('formats an instant as a reader in the zone writes it', () => {
    expect(formatInZone(instant, 'America/Toronto')).toBe('2022-09-07 05:25 EDT');
    expect(formatInZone(instant, 'UTC')).toBe('2022-09-07 09:25 UTC');
    expect(formatInZone(instant, 'Europe/Berlin')).toBe('2022-09-07 11:25 +02:00');
    expect(formatInZone(instant, '+05:30')).toBe('2022-09-07 14:55 +05:30');
    expect(formatInZone(new Date('2022-09-07T09:25:10Z'), 'UTC')).toBe('2022-09-07 09:25:10 UTC');
    expect(formatInZone(instant, 'America/Toronto', { zoneName: false })).toBe('2022-09-07 05:25');
  });

  it('gives wall times, days and zone labels', () => {
    expect(toLocalDateTime(instant, 'Asia/Kolkata')).toBe('2022-09-07T14:55:00');
    expect(localDate(new Date('2022-09-07T02:00:00Z'), 'America/Toronto')).toBe('2022-09-06');
    expect(zoneLabel(new Date('2022-11-06T06:30:00Z'), 'America/Toronto')).toBe('EST');
    expect(zoneLabel(new Date('2022-11-06T05:30:00Z'), 'America/Toronto')).toBe('EDT');
  });
});

describe('impactInstants', () => {
  const report = (impact: string, timezone = 'America/Toronto') =>
    parseFiles({
      'postmortems/2022-09-07-x.md': `---\ntitle: X\ndate: 2022-09-07\nstatus: reviewed\nseverity: sev2\ntimezone: ${timezone}\nimpact:\n${impact}services: [hub]\n---\n\n# X\n`,
    })[0]!;

  it('reads the impact window in the report zone', () => {
    const instants = impactInstants(report('  start: 2022-09-07T05:25\n  end: 2022-09-07T10:48\n  detected: 2022-09-07T07:07\n'));
    expect(instants.start?.toISOString()).toBe('2022-09-07T09:25:00.000Z');
    expect(instants.end?.toISOString()).toBe('2022-09-07T14:48:00.000Z');
    expect(instants.detected?.toISOString()).toBe('2022-09-07T11:07:00.000Z');
  });

  it('keeps an offset written on a value, and leaves absent fields out', () => {
    const instants = impactInstants(report('  start: 2022-09-07T05:25+00:00\n'));
    expect(instants.start?.toISOString()).toBe('2022-09-07T05:25:00.000Z');
    expect(instants.end).toBeUndefined();
    expect(instants.detected).toBeUndefined();
  });

  it('gives nothing for a report whose frontmatter is invalid', () => {
    expect(impactInstants(report('  start: 2022-09-07T05:25\n', 'Nowhere/Special'))).toEqual({ start: undefined, end: undefined, detected: undefined });
  });
});

describe('impactOffsetZone', () => {
  it('gives the offset all impact times carry', () => {
    expect(impactOffsetZone({ start: '2026-11-21T01:35+01:00', end: '2026-11-21T02:10+01:00' })).toBe('+01:00');
    expect(impactOffsetZone({ start: '2026-11-21T01:35:20-0500', detected: '2026-11-21T01:40-05:00' })).toBe('-05:00');
    expect(impactOffsetZone({ start: '2026-11-21T01:35Z', end: '2026-11-21T02:10+00:00' })).toBe('UTC');
  });

  it('gives nothing for different offsets, a time without one, or no impact', () => {
    expect(impactOffsetZone({ start: '2026-11-21T01:35+01:00', end: '2026-11-21T02:10+02:00' })).toBeUndefined();
    expect(impactOffsetZone({ start: '2026-11-21T01:35+01:00', end: '2026-11-21T02:10' })).toBeUndefined();
    expect(impactOffsetZone({ start: '2026-11-21T01:35' })).toBeUndefined();
    expect(impactOffsetZone({ start: 20261121 })).toBeUndefined();
    expect(impactOffsetZone(undefined)).toBeUndefined();
    expect(impactOffsetZone({})).toBeUndefined();
  });
});
