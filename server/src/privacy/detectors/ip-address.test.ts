import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';
import { isIpv4, isPlausibleIpv6 } from './ip-address.ts';

function ips(text: string): string[] {
  return detectPii(text)
    .filter((s) => s.type === 'IP_ADDRESS')
    .map((s) => s.text);
}

describe('IP_ADDRESS', () => {
  it('validates IPv4 octets and IPv6 groups', () => {
    expect(isIpv4('192.168.178.24')).toBe(true);
    expect(isIpv4('256.1.1.1')).toBe(false);
    expect(isIpv4('01.2.3.4')).toBe(false);
    expect(isPlausibleIpv6('2001:db8::8a2e:370:7334')).toBe(true);
    expect(isPlausibleIpv6('fe80::1')).toBe(true);
    expect(isPlausibleIpv6('10::30')).toBe(false);
    expect(isPlausibleIpv6('12:30:45')).toBe(false);
  });

  it('finds addresses without ports, prefixes or brackets', () => {
    expect(ips('client 203.0.113.195:443 and 10.0.0.1/24')).toEqual(['203.0.113.195', '10.0.0.1']);
    expect(ips('host [2001:db8::1]:8080 via fe80::1ff:fe23:4567:890a%eth0.')).toEqual([
      '2001:db8::1',
      'fe80::1ff:fe23:4567:890a',
    ]);
    expect(ips('full 2001:0db8:0000:0000:0000:ff00:0042:8329 form')).toEqual([
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
    ]);
  });

  it('ignores versions, OIDs, times and MAC addresses', () => {
    expect(ips('Version 1.2.3.4 and v10.0.0.1, firmware 2.3.4.5')).toEqual([]);
    expect(ips('OID 1.3.6.1.4.1.311 and 1.2.3.4.5')).toEqual([]);
    expect(ips('at 12:30:45, MAC 00:1A:2B:3C:4D:5E, std::vector')).toEqual([]);
  });
});
