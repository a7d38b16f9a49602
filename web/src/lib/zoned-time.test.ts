import { describe, expect, it } from 'vitest';
import {
  addDays,
  isIsoDate,
  isoToZoned,
  localDate,
  mondayOf,
  nextDay,
  startOfLocalDay,
  zonedToIso,
} from './zoned-time.ts';

const BERLIN = 'Europe/Berlin';

describe('zoned dates', () => {
  it('finds local midnight in Berlin in winter, summer and on both daylight-saving days', () => {
    expect(startOfLocalDay('2026-11-23', BERLIN).toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', BERLIN).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', BERLIN).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', BERLIN).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-25', BERLIN).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-26', BERLIN).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfLocalDay('2026-11-23', 'America/New_York').toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(startOfLocalDay('2026-11-23', 'UTC').toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('reads the local date of an instant and does calendar arithmetic', () => {
    expect(localDate(new Date('2026-11-23T23:30:00Z'), BERLIN)).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-23T22:59:59Z'), BERLIN)).toBe('2026-11-23');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('29.02.2028')).toBe(false);
  });
});

describe('times in the org zone', () => {
  it('turns a Berlin wall-clock time into the instant, across summer and winter time', () => {
    expect(zonedToIso('2026-11-30T18:00', 'Europe/Berlin')).toBe('2026-11-30T17:00:00.000Z');
    expect(zonedToIso('2026-07-01T18:00', 'Europe/Berlin')).toBe('2026-07-01T16:00:00.000Z');
    expect(zonedToIso('2026-11-30', 'Europe/Berlin')).toBe('2026-11-29T23:00:00.000Z');
    expect(zonedToIso('2026-11-30T18:00', 'UTC')).toBe('2026-11-30T18:00:00.000Z');
    expect(zonedToIso('2026-02-30', 'UTC')).toBeNull();
    expect(zonedToIso('tomorrow', 'UTC')).toBeNull();
  });

  it('shows an instant as the wall clock of a zone and back', () => {
    expect(isoToZoned('2026-11-30T17:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-30T18:00');
    expect(isoToZoned('2026-03-29T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29T03:30');
    expect(zonedToIso(isoToZoned('2026-10-25T00:30:00.000Z', 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('finds the next day across month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});

describe('times around a DST change', () => {
  it('takes the first of a repeated hour and moves a time in the gap forward', () => {
    expect(zonedToIso('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedToIso('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });
});
