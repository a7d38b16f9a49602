import { describe, expect, it } from 'vitest';
import { compileIpRanges, ipAllowed } from './ip-ranges.ts';

describe('IP allow-lists', () => {
  it('allows everyone without a list', () => {
    expect(ipAllowed(compileIpRanges(undefined), '198.51.100.1')).toBe(true);
    expect(ipAllowed(compileIpRanges([]), '198.51.100.1')).toBe(true);
  });

  it('matches addresses and ranges of both families, mapped IPv4 included', () => {
    const ranges = compileIpRanges(['10.0.0.0/8', '203.0.113.7', '2001:db8::/32']);
    expect(ipAllowed(ranges, '10.20.30.40')).toBe(true);
    expect(ipAllowed(ranges, '::ffff:10.1.2.3')).toBe(true);
    expect(ipAllowed(ranges, '203.0.113.7')).toBe(true);
    expect(ipAllowed(ranges, '203.0.113.8')).toBe(false);
    expect(ipAllowed(ranges, '2001:db8::1')).toBe(true);
    expect(ipAllowed(ranges, '2001:db9::1')).toBe(false);
    expect(ipAllowed(ranges, 'not-an-ip')).toBe(false);
  });
});
