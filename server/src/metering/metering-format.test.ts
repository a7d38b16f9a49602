import { describe, expect, it } from 'vitest';
import { budgetRefusalMessage, formatLocal, formatMetric, formatMoney, rateRefusalMessage } from './metering-format.ts';

describe('metering messages', () => {
  it('formats micro-units with two places, more only where the amount needs them', () => {
    expect(formatMoney(200_000_000, 'USD')).toBe('200.00 USD');
    expect(formatMoney(199_500_000, 'EUR')).toBe('199.50 EUR');
    expect(formatMoney(150, 'USD')).toBe('0.00015 USD');
    expect(formatMoney(0, 'USD')).toBe('0.00 USD');
    expect(formatMoney(-1_250_000, 'USD')).toBe('-1.25 USD');
    expect(formatMetric('tokens', 1_234_567, 'USD')).toBe('1,234,567 tokens');
    expect(formatMetric('requests', 1, 'USD')).toBe('1 request');
    expect(formatMetric('requests', 2, 'USD')).toBe('2 requests');
  });

  it('shows instants on the org wall clock, across DST', () => {
    expect(formatLocal(new Date('2026-11-30T23:00:00Z'), 'Europe/Berlin')).toBe('2026-12-01 00:00 Europe/Berlin');
    expect(formatLocal(new Date('2026-06-30T22:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01 00:00 Europe/Berlin');
    expect(formatLocal(new Date('2026-12-01T00:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-01 09:00 Asia/Tokyo');
  });

  it('names scope, period, limit, use and reset in a budget refusal', () => {
    expect(
      budgetRefusalMessage({
        scope: 'Department "Legal"',
        metric: 'cost',
        period: 'month',
        limit: 200_000_000,
        used: 199_500_000,
        needed: 800_000,
        currency: 'USD',
        resetsAt: new Date('2026-11-30T23:00:00Z'),
        timeZone: 'Europe/Berlin',
      }),
    ).toBe(
      'Department "Legal": monthly budget 200.00 USD would be exceeded (used 199.50 USD, this request may need up ' +
        'to 0.80 USD); it resets 2026-12-01 00:00 Europe/Berlin.',
    );
    expect(
      budgetRefusalMessage({
        scope: 'API key "ci"',
        metric: 'tokens',
        period: 'total',
        limit: 1000,
        used: 990,
        needed: 50,
        currency: 'USD',
        resetsAt: null,
        timeZone: 'UTC',
      }),
    ).toMatch(/total tokens budget 1,000 tokens .* it does not reset \(a total budget\)\.$/);
  });

  it('gives the wait and the window end in a rate-limit refusal', () => {
    expect(
      rateRefusalMessage({
        scope: 'API key "ci"',
        measure: 'requests',
        limit: 60,
        retryAfterSeconds: 12,
        resetsAt: new Date('2026-11-23T10:01:00Z'),
      }),
    ).toBe(
      'API key "ci": rate limit of 60 requests per minute reached; retry in 12 s (the window resets at 10:01:00 UTC).',
    );
  });
});
