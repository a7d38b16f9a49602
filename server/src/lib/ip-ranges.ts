import { BlockList, isIP } from 'node:net';

/** A compiled allow-list of IP addresses and CIDR ranges; null means "no restriction". */
export type IpRanges = BlockList | null;

/** Compiles `["10.0.0.0/8", "2001:db8::/32", "203.0.113.7"]`; an empty or missing list allows all. */
export function compileIpRanges(list: unknown): IpRanges {
  if (!Array.isArray(list) || list.length === 0) return null;
  const ranges = new BlockList();
  for (const entry of list) {
    if (typeof entry !== 'string') continue;
    const [addr, bits] = entry.split('/');
    const family = addr ? isIP(addr) : 0;
    if (!family) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) ranges.addAddress(addr!, type);
    else ranges.addSubnet(addr!, Number(bits), type);
  }
  return ranges;
}

/** Whether `ip` may pass (IPv4-mapped IPv6 addresses are checked as IPv4). */
export function ipAllowed(ranges: IpRanges, ip: string): boolean {
  if (!ranges) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const family = isIP(address);
  if (!family) return false;
  return ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
