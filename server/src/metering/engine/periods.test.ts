import { describe, expect, it } from 'vitest';
import { periodTtlMs, periodWindow, type BudgetPeriod, type WeekStart } from './periods.ts';

/** The window as ISO strings, so an expectation reads like the calendar it checks. */
function win(period: BudgetPeriod, at: string, timeZone: string, weekStartsOn: WeekStart = 1) {
  const w = periodWindow(period, new Date(at), timeZone, weekStartsOn);
  return { key: w.key, start: w.start.toISOString(), end: w.end?.toISOString() ?? null };
}

function hours(w: { start: string; end: string | null }): number {
  return (Date.parse(w.end ?? '') - Date.parse(w.start)) / 3_600_000;
}

describe('periodWindow — Europe/Berlin', () => {
  const tz = 'Europe/Berlin';

  it('has a 23-hour day when summer time starts (2026-03-29)', () => {
    const w = win('day', '2026-03-29T12:00:00Z', tz);
    expect(w).toEqual({ key: 'd:2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
    expect(hours(w)).toBe(23);
  });

  it('has a 25-hour day when summer time ends (2026-10-25)', () => {
    const w = win('day', '2026-10-25T12:00:00Z', tz);
    expect(w).toEqual({ key: 'd:2026-10-25', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
    expect(hours(w)).toBe(25);
  });

  it('changes the day key at local midnight, not at UTC midnight', () => {
    expect(win('day', '2026-03-28T22:59:59.999Z', tz).key).toBe('d:2026-03-28');
    expect(win('day', '2026-03-28T23:00:00.000Z', tz).key).toBe('d:2026-03-29');
    expect(win('day', '2026-03-29T21:59:59.999Z', tz).key).toBe('d:2026-03-29');
    expect(win('day', '2026-03-29T22:00:00.000Z', tz).key).toBe('d:2026-03-30');
  });

  it('ends March 2026 at 2026-03-31T22:00Z (CEST) after starting it at 23:00Z (CET)', () => {
    expect(win('month', '2026-03-15T00:00:00Z', tz)).toEqual({
      key: 'm:2026-03',
      start: '2026-02-28T23:00:00.000Z',
      end: '2026-03-31T22:00:00.000Z',
    });
    expect(win('month', '2026-03-31T21:59:59.999Z', tz).key).toBe('m:2026-03');
    expect(win('month', '2026-03-31T22:00:00.000Z', tz).key).toBe('m:2026-04');
  });

  it('starts weeks on Monday: the week of Sunday 2026-03-29 is one hour short', () => {
    const w = win('week', '2026-03-29T12:00:00Z', tz, 1);
    expect(w).toEqual({ key: 'w:2026-03-23', start: '2026-03-22T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
    expect(hours(w)).toBe(7 * 24 - 1);
    expect(win('week', '2026-03-29T22:30:00Z', tz, 1).key).toBe('w:2026-03-30');
  });

  it('starts weeks on Sunday when asked', () => {
    expect(win('week', '2026-03-29T12:00:00Z', tz, 0)).toEqual({
      key: 'w:2026-03-29',
      start: '2026-03-28T23:00:00.000Z',
      end: '2026-04-04T22:00:00.000Z',
    });
    expect(win('week', '2026-03-28T22:59:59.999Z', tz, 0).key).toBe('w:2026-03-22');
  });

  it('tiles every hour of 2026 with windows that contain the instant and meet end to start', () => {
    for (const period of ['day', 'week', 'month'] as const) {
      let previous: ReturnType<typeof periodWindow> | null = null;
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
        const w = periodWindow(period, new Date(t), tz, 1);
        expect(w.start.getTime()).toBeLessThanOrEqual(t);
        expect(w.end?.getTime()).toBeGreaterThan(t);
        if (previous && previous.key !== w.key) expect(w.start.getTime()).toBe(previous.end?.getTime());
        previous = w;
      }
    }
  });
});

describe('periodWindow — America/New_York', () => {
  const tz = 'America/New_York';

  it('has a 23-hour day when DST starts (2026-03-08) and a 25-hour day when it ends (2026-11-01)', () => {
    const spring = win('day', '2026-03-08T12:00:00Z', tz);
    expect(spring).toEqual({ key: 'd:2026-03-08', start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' });
    const fall = win('day', '2026-11-01T12:00:00Z', tz);
    expect(fall).toEqual({ key: 'd:2026-11-01', start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z' });
    expect([hours(spring), hours(fall)]).toEqual([23, 25]);
  });

  it('keeps both passes of the repeated 01:30 in the same day', () => {
    expect(win('day', '2026-11-01T05:30:00Z', tz).key).toBe('d:2026-11-01'); // 01:30 EDT
    expect(win('day', '2026-11-01T06:30:00Z', tz).key).toBe('d:2026-11-01'); // 01:30 EST
  });

  it('puts New Year’s Eve evening (UTC already next year) in the old day, week and month', () => {
    const at = '2027-01-01T03:00:00Z'; // 22:00 on 2026-12-31, a Thursday
    expect(win('day', at, tz).key).toBe('d:2026-12-31');
    expect(win('month', at, tz)).toEqual({
      key: 'm:2026-12',
      start: '2026-12-01T05:00:00.000Z',
      end: '2027-01-01T05:00:00.000Z',
    });
    expect(win('week', at, tz, 0).key).toBe('w:2026-12-27');
    expect(win('week', at, tz, 1).key).toBe('w:2026-12-28');
  });
});

describe('periodWindow — Asia/Tokyo (no DST)', () => {
  const tz = 'Asia/Tokyo';

  it('changes the day at 15:00Z', () => {
    expect(win('day', '2026-03-29T14:59:59.999Z', tz).key).toBe('d:2026-03-29');
    expect(win('day', '2026-03-29T15:00:00.000Z', tz)).toEqual({
      key: 'd:2026-03-30',
      start: '2026-03-29T15:00:00.000Z',
      end: '2026-03-30T15:00:00.000Z',
    });
  });

  it('knows leap years: February 2028 has a 29th, February 2027 and 2100 do not', () => {
    expect(win('day', '2028-02-29T03:00:00Z', tz).key).toBe('d:2028-02-29');
    expect(win('month', '2028-02-29T03:00:00Z', tz)).toEqual({
      key: 'm:2028-02',
      start: '2028-01-31T15:00:00.000Z',
      end: '2028-02-29T15:00:00.000Z',
    });
    expect(win('day', '2027-02-28T15:00:00Z', tz).key).toBe('d:2027-03-01');
    expect(win('month', '2027-02-28T15:00:00Z', tz).key).toBe('m:2027-03');
    expect(win('day', '2100-02-28T15:00:00Z', tz).key).toBe('d:2100-03-01');
    expect(win('day', '2000-02-28T15:00:00Z', tz).key).toBe('d:2000-02-29');
  });

  it('ends December in the next year', () => {
    expect(win('month', '2026-12-31T14:00:00Z', tz).end).toBe('2026-12-31T15:00:00.000Z');
  });
});

describe('periodWindow — Australia/Lord_Howe (30-minute DST)', () => {
  const tz = 'Australia/Lord_Howe';

  it('has a 24.5-hour day when DST ends (2026-04-05) and a 23.5-hour day when it starts (2026-10-04)', () => {
    const end = win('day', '2026-04-05T00:00:00Z', tz);
    expect(end).toEqual({ key: 'd:2026-04-05', start: '2026-04-04T13:00:00.000Z', end: '2026-04-05T13:30:00.000Z' });
    const start = win('day', '2026-10-04T00:00:00Z', tz);
    expect(start).toEqual({ key: 'd:2026-10-04', start: '2026-10-03T13:30:00.000Z', end: '2026-10-04T13:00:00.000Z' });
    expect([hours(end), hours(start)]).toEqual([24.5, 23.5]);
  });

  it('changes the day key on the half hour', () => {
    expect(win('day', '2026-04-05T13:29:59.999Z', tz).key).toBe('d:2026-04-05');
    expect(win('day', '2026-04-05T13:30:00.000Z', tz).key).toBe('d:2026-04-06');
  });
});

describe('periodWindow — zones that skip or repeat midnight', () => {
  it('starts a day whose midnight does not exist at the jump (America/Santiago, Asia/Beirut)', () => {
    expect(win('day', '2026-09-06T12:00:00Z', 'America/Santiago')).toEqual({
      key: 'd:2026-09-06',
      start: '2026-09-06T04:00:00.000Z',
      end: '2026-09-07T03:00:00.000Z',
    });
    expect(win('day', '2026-09-05T12:00:00Z', 'America/Santiago').end).toBe('2026-09-06T04:00:00.000Z');
    expect(win('day', '2026-03-29T12:00:00Z', 'Asia/Beirut')).toEqual({
      key: 'd:2026-03-29',
      start: '2026-03-28T22:00:00.000Z',
      end: '2026-03-29T21:00:00.000Z',
    });
  });

  it('gives the day before a midnight fall-back 25 hours (Asia/Beirut 2026-10-24)', () => {
    const w = win('day', '2026-10-24T21:30:00Z', 'Asia/Beirut'); // 23:30 of the repeated hour
    expect(w).toEqual({ key: 'd:2026-10-24', start: '2026-10-23T21:00:00.000Z', end: '2026-10-24T22:00:00.000Z' });
    expect(hours(w)).toBe(25);
  });
});

describe('periodWindow — the rest', () => {
  it("'total' is one window from the epoch with no end", () => {
    expect(win('total', '2026-03-29T12:00:00Z', 'Europe/Berlin')).toEqual({
      key: 'total',
      start: '1970-01-01T00:00:00.000Z',
      end: null,
    });
  });

  it('answers correctly when asked about an earlier instant after a later one (cache)', () => {
    expect(win('day', '2026-05-02T10:00:00Z', 'Europe/Berlin').key).toBe('d:2026-05-02');
    expect(win('day', '2026-05-01T10:00:00Z', 'Europe/Berlin').key).toBe('d:2026-05-01');
    expect(win('day', '2026-05-01T10:00:00Z', 'Asia/Tokyo').key).toBe('d:2026-05-01');
    expect(win('day', '2026-05-01T10:00:00Z', 'America/New_York').key).toBe('d:2026-05-01');
  });

  it('refuses an unknown zone and a week start outside 0..6', () => {
    expect(() => periodWindow('day', new Date(), 'Mars/Olympus_Mons', 1)).toThrow(RangeError);
    expect(() => periodWindow('week', new Date(), 'UTC', 7 as WeekStart)).toThrow(RangeError);
  });

  it('keeps a period counter alive until the end of the period plus a day, and forever for total', () => {
    const at = new Date('2026-03-29T21:00:00Z');
    expect(periodTtlMs(periodWindow('day', at, 'Europe/Berlin'), at)).toBe(3_600_000 + 86_400_000);
    expect(periodTtlMs(periodWindow('total', at, 'Europe/Berlin'), at)).toBeUndefined();
  });
});
