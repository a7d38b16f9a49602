import { describe, expect, it } from 'vitest';
import { classifyIp, formatIpv4, parseIpv4, parseIpv6 } from './ip-address.ts';
import type { AddressClass } from './ip-address.ts';

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['127.0.0.1', 0x7f000001],
    ['169.254.169.254', 0xa9fea9fe],
    ['255.255.255.255', 0xffffffff],
  ])('parses %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '0x7f.0.0.1',
    '2852039166',
    '1.2.3.',
    ' 1.2.3.4',
    '1.2.3.-4',
    '',
  ])('refuses the non-canonical or invalid %j', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });

  it('round-trips through formatIpv4', () => {
    expect(formatIpv4(0xa9fea9fe)).toBe('169.254.169.254');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4(0)).toBe('0.0.0.0');
  });
});

describe('parseIpv6', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['[::1]', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::1%eth0', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8::', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['::ffff:169.254.169.254', [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe]],
    ['::FFFF:A9FE:A9FE', [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe]],
    ['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x102, 0x304]],
    ['1::2:3:4:5:6:7', [1, 0, 2, 3, 4, 5, 6, 7]],
  ])('parses %s', (text, groups) => {
    expect(parseIpv6(text)).toEqual(groups);
  });

  it.each([
    '',
    ':',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7',
    ':1::',
    '1:::2',
    '::1.2.3',
    '::1.2.3.4:5',
    '127.0.0.1',
    'example.com',
    '1:2:3:4:5:6:7::8',
  ])('refuses %j', (text) => {
    expect(parseIpv6(text)).toBeNull();
  });
});

describe('classifyIp', () => {
  const cases: Array<[string, AddressClass, string?]> = [
    // IPv4
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.167.255.255', 'public'],
    ['192.168.0.1', 'private'],
    ['192.169.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.64.0.0', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['169.254.0.0', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['169.254.170.2', 'link-local'],
    ['169.254.255.255', 'link-local'],
    ['169.255.0.0', 'public'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['223.255.255.255', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['254.255.255.255', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['2606:4700::1111', 'public'],
    ['2001:db8::1', 'public'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'ula'],
    ['fdff:ffff::1', 'ula'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2:0:0:0:0:0:254', 'metadata'],
    ['fd00:ec2::253', 'ula'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    ['64:ff9b:1::a9fe:a9fe', 'reserved'],
    // IPv6 forms that embed an IPv4 are judged by the IPv4
    ['::ffff:169.254.169.254', 'link-local', '169.254.169.254'],
    ['::ffff:a9fe:a9fe', 'link-local', '169.254.169.254'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local', '169.254.169.254'],
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['::ffff:10.1.2.3', 'private', '10.1.2.3'],
    ['::ffff:0.0.0.0', 'unspecified', '0.0.0.0'],
    ['::ffff:8.8.8.8', 'public', '8.8.8.8'],
    ['::169.254.169.254', 'link-local', '169.254.169.254'],
    ['::7f00:1', 'loopback', '127.0.0.1'],
    ['::2', 'unspecified', '0.0.0.2'],
    ['::ffff:0:a9fe:a9fe', 'link-local', '169.254.169.254'],
    ['64:ff9b::a9fe:a9fe', 'link-local', '169.254.169.254'],
    ['64:ff9b::169.254.170.2', 'link-local', '169.254.170.2'],
    ['64:ff9b::808:808', 'public', '8.8.8.8'],
    ['2002:a9fe:a9fe::1', 'link-local', '169.254.169.254'],
    ['2002:c0a8:0101::', 'private', '192.168.1.1'],
    ['2002:0808:0808::', 'public', '8.8.8.8'],
    ['::ffff:224.0.0.1', 'multicast', '224.0.0.1'],
    ['::ffff:255.255.255.255', 'broadcast', '255.255.255.255'],
    ['::ffff:100.100.100.200', 'metadata', '100.100.100.200'],
  ];

  it.each(cases)('classifies %s as %s', (text, addressClass, embedded) => {
    const result = classifyIp(text);
    expect(result?.addressClass).toBe(addressClass);
    expect(result?.embeddedIpv4).toBe(embedded);
    expect(result?.family).toBe(text.includes(':') ? 6 : 4);
  });

  it.each([
    'example.com',
    'localhost',
    'metadata.google.internal',
    '2852039166',
    '0xA9FEA9FE',
    '0251.0376.0251.0376',
    '127.1',
    '',
  ])('returns null for the non-literal %j (left to the resolver)', (text) => {
    expect(classifyIp(text)).toBeNull();
  });
});
