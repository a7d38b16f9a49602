/**
 * IP literal parsing and classification for the SSRF guard. Pure functions, no I/O: the guard
 * decides what a class means under a policy; this file only says what an address *is*.
 */

/** What kind of destination an address is; `public` is an ordinary routable address. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'ula'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** The class of one IP literal, and the IPv4 address it embeds when it is a mapped/translated IPv6 form. */
export interface IpClassification {
  readonly family: 4 | 6;
  readonly addressClass: AddressClass;
  /** Dotted-quad IPv4 carried inside an IPv6 address (mapped, compatible, NAT64, 6to4), if any. */
  readonly embeddedIpv4?: string;
}

/** Human-readable names of each class, used in refusal reasons ("…, a loopback address"). */
export const ADDRESS_CLASS_LABEL: Readonly<Record<AddressClass, string>> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private-network address',
  cgnat: 'a carrier-grade NAT (100.64.0.0/10) address',
  ula: 'a unique-local IPv6 (fc00::/7) address',
  'link-local': 'a link-local/metadata address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified/"this network" address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

const IPV4_PART = /^(0|[1-9][0-9]{0,2})$/;

/** Parses a strict dotted-quad IPv4 (no leading zeros, no shorthand) into a uint32, or null. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats a uint32 as dotted-quad IPv4. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/**
 * Parses an IPv6 literal (optionally bracketed, optionally with a `%zone`, optionally ending in a
 * dotted IPv4) into its eight 16-bit groups, or null when it is not valid IPv6.
 */
export function parseIpv6(text: string): number[] | null {
  let s = text.toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (s === '' || !s.includes(':')) return null;

  // A trailing dotted IPv4 (`::ffff:1.2.3.4`) becomes its two hex groups.
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }

  const halves = s.split('::');
  if (halves.length > 2) return null;
  const toGroups = (h: string | undefined): number[] | null => {
    if (h === undefined || h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!HEX_GROUP.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = toGroups(halves[0]);
  const rest = halves.length === 2 ? toGroups(halves[1]) : [];
  if (head === null || rest === null) return null;
  if (halves.length === 2) {
    const explicit = head.length + rest.length;
    if (explicit > 7) return null;
    return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  }
  return head.length === 8 ? head : null;
}

/** `[base, prefixLength]` IPv4 ranges tested in order; first match wins. */
const IPV4_RANGES: ReadonlyArray<readonly [string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['169.254.0.0', 16, 'link-local'], // includes AWS/GCP/Azure 169.254.169.254 and ECS 169.254.170.2
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

/**
 * Cloud metadata endpoints outside 169.254/16, gated like link-local: Alibaba Cloud's
 * 100.100.100.200 (inside CGNAT) and Azure's WireServer 168.63.129.16 (a public address).
 */
const IPV4_METADATA = new Set(['100.100.100.200', '168.63.129.16']);

function inIpv4Range(value: number, base: string, prefix: number): boolean {
  const start = parseIpv4(base) ?? 0;
  const size = 2 ** (32 - prefix);
  return value >= start && value < start + size;
}

function classifyIpv4Value(value: number): AddressClass {
  if (IPV4_METADATA.has(formatIpv4(value))) return 'metadata';
  for (const [base, prefix, addressClass] of IPV4_RANGES) {
    if (inIpv4Range(value, base, prefix)) return addressClass;
  }
  return 'public';
}

/** The IPv4 address an IPv6 address carries in a mapped/compatible/translated/NAT64/6to4 form, or null. */
function embeddedIpv4(g: readonly number[]): number | null {
  const low32 = ((g[6] ?? 0) * 0x10000 + (g[7] ?? 0)) >>> 0;
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return low32; // ::ffff:a.b.c.d  IPv4-mapped
  if (zeros(0, 6)) return low32; // ::a.b.c.d  IPv4-compatible (deprecated, still routed by some stacks)
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return low32; // ::ffff:0:a.b.c.d  SIIT translated
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return low32; // 64:ff9b::/96  NAT64 well-known
  if (g[0] === 0x2002) return ((g[1] ?? 0) * 0x10000 + (g[2] ?? 0)) >>> 0; // 2002::/16  6to4
  return null;
}

function classifyIpv6Groups(g: readonly number[]): IpClassification {
  const [g0 = 0, g1 = 0, g2 = 0] = g;
  if (g.every((x) => x === 0)) return { family: 6, addressClass: 'unspecified' };
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return { family: 6, addressClass: 'loopback' };
  const v4 = embeddedIpv4(g);
  if (v4 !== null) {
    return { family: 6, addressClass: classifyIpv4Value(v4), embeddedIpv4: formatIpv4(v4) };
  }
  // 64:ff9b:1::/48 local-use NAT64 (RFC 8215) hides the IPv4 at a prefix-dependent offset; refuse it.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return { family: 6, addressClass: 'reserved' };
  // fd00:ec2::254 is the AWS IPv6 metadata endpoint; it sits inside fc00::/7, so test it first.
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) {
    return { family: 6, addressClass: 'metadata' };
  }
  if ((g0 & 0xffc0) === 0xfe80) return { family: 6, addressClass: 'link-local' };
  if ((g0 & 0xffc0) === 0xfec0) return { family: 6, addressClass: 'private' }; // deprecated site-local
  if ((g0 & 0xfe00) === 0xfc00) return { family: 6, addressClass: 'ula' };
  if ((g0 & 0xff00) === 0xff00) return { family: 6, addressClass: 'multicast' };
  return { family: 6, addressClass: 'public' };
}

/**
 * Classifies an IP literal (dotted-quad IPv4, or IPv6 with or without brackets/zone); null when
 * `text` is not an IP literal (a hostname, or a legacy IPv4 spelling the URL parser should have
 * normalized — such a name is then resolved and its addresses are classified instead).
 */
export function classifyIp(text: string): IpClassification | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, addressClass: classifyIpv4Value(v4) };
  const v6 = parseIpv6(text);
  return v6 === null ? null : classifyIpv6Groups(v6);
}
