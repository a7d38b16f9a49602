/**
 * The one SSRF guard for every admin- or tenant-supplied upstream URL (provider base URLs, later
 * webhooks). Two layers: `checkUrl` refuses a URL when it is saved, with a reason an admin can act
 * on; the guarded undici connector re-checks the address actually dialled, so a DNS answer that
 * changes between check and connect (rebinding) or a redirect to an internal host is still refused.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction, TcpNetConnectOpts } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { ADDRESS_CLASS_LABEL, classifyIp } from './ip-address.ts';
import type { AddressClass, IpClassification } from './ip-address.ts';

/** What an upstream URL may point at; built from SSRF_ALLOW_PRIVATE, SSRF_ALLOW_LINK_LOCAL, SSRF_ALLOWED_HOSTS. */
export interface SsrfPolicy {
  /** Allow loopback, RFC 1918, CGNAT and IPv6 unique-local destinations (self-hosted models on the LAN). */
  allowPrivate: boolean;
  /** Allow link-local and cloud metadata destinations (almost never wanted). */
  allowLinkLocal: boolean;
  /** Hostnames exempt from every address check: exact names, or `*.suffix` for any subdomain of suffix. */
  allowedHosts: string[];
}

/** The outcome of a URL check: the parsed URL (store `url.href`, not the raw input) or why it was refused. */
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Resolves a hostname to every address it has (like `dns.promises.lookup(host, { all: true })`); injectable for tests. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** Thrown (passed to undici's connect callback) when the guarded connector refuses a destination. */
export class SsrfBlockedError extends Error {
  /** Stable code for callers that map errors without `instanceof`. */
  readonly code = 'SSRF_BLOCKED';
  constructor(readonly reason: string) {
    super(`upstream connection refused by SSRF guard: ${reason}`);
    this.name = 'SsrfBlockedError';
  }
}

/** Hostnames that answer with instance credentials on GCP/AWS/OpenStack, refused before any DNS query. */
const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data']);

const GATE_HINT: Partial<Record<AddressClass, string>> = {
  'link-local': 'set SSRF_ALLOW_LINK_LOCAL=true to allow',
  metadata: 'set SSRF_ALLOW_LINK_LOCAL=true to allow',
  loopback: 'set SSRF_ALLOW_PRIVATE=true to allow',
  private: 'set SSRF_ALLOW_PRIVATE=true to allow',
  cgnat: 'set SSRF_ALLOW_PRIVATE=true to allow',
  ula: 'set SSRF_ALLOW_PRIVATE=true to allow',
};

const defaultResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Lower-cases a URL hostname, drops IPv6 brackets and trailing dots (`metadata.google.internal.` is the same host). */
function normalizeHost(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.replace(/\.+$/, '');
}

function isAllowedHost(host: string, policy: SsrfPolicy): boolean {
  const isIp = classifyIp(host) !== null;
  return policy.allowedHosts.some((entry) => {
    const pattern = normalizeHost(entry.trim());
    if (pattern.startsWith('*.')) return !isIp && host.endsWith(pattern.slice(1));
    return pattern !== '' && host === pattern;
  });
}

/** Null when the class is allowed under the policy, else the tail of a reason ("a loopback address; set …"). */
function refusal(addressClass: AddressClass, policy: SsrfPolicy): string | null {
  switch (addressClass) {
    case 'public':
      return null;
    case 'link-local':
    case 'metadata':
      if (policy.allowLinkLocal) return null;
      break;
    case 'loopback':
    case 'private':
    case 'cgnat':
    case 'ula':
      if (policy.allowPrivate) return null;
      break;
    case 'unspecified':
    case 'multicast':
    case 'broadcast':
    case 'reserved':
      return `${ADDRESS_CLASS_LABEL[addressClass]}, which is never allowed`;
  }
  return `${ADDRESS_CLASS_LABEL[addressClass]}; ${GATE_HINT[addressClass] ?? ''}`;
}

function describe(address: string, ip: IpClassification): string {
  return ip.embeddedIpv4 === undefined ? address : `${address} (IPv4 ${ip.embeddedIpv4})`;
}

/** A reason to refuse `host` without resolving it (IP literal, metadata or localhost name), or null. */
function refuseHostLiterally(host: string, policy: SsrfPolicy): string | null {
  const ip = classifyIp(host);
  if (ip !== null) {
    const why = refusal(ip.addressClass, policy);
    return why === null ? null : `${describe(host, ip)} is ${why}`;
  }
  if (METADATA_HOSTNAMES.has(host)) {
    const why = refusal('metadata', policy);
    return why === null ? null : `${host} is a cloud metadata hostname; ${GATE_HINT.metadata ?? ''}`;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    const why = refusal('loopback', policy);
    return why === null ? null : `${host} is a loopback hostname; ${GATE_HINT.loopback ?? ''}`;
  }
  return null;
}

/** A reason to refuse `host` because one of its resolved addresses is forbidden, or null. */
function refuseResolved(host: string, addresses: readonly LookupAddress[], policy: SsrfPolicy): string | null {
  if (addresses.length === 0) return `${host} did not resolve to any address`;
  for (const { address } of addresses) {
    const ip = classifyIp(address);
    if (ip === null) return `${host} resolved to ${JSON.stringify(address)}, which is not an IP address`;
    const why = refusal(ip.addressClass, policy);
    if (why !== null) return `${host} resolves to ${describe(address, ip)}, ${why}`;
  }
  return null;
}

/**
 * Checks a URL without touching the network: http/https only, no `user:password@`, a host present,
 * and IP literals (in any spelling the WHATWG parser normalizes) and metadata names judged at once.
 */
export function checkUrlSyntax(url: string, policy: SsrfPolicy): UrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: `only http and https URLs are allowed, not ${parsed.protocol}` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, reason: 'the URL must not contain credentials (user:password@); configure them separately' };
  }
  const host = normalizeHost(parsed.hostname);
  if (host === '') return { ok: false, reason: 'the URL has no host' };
  if (isAllowedHost(host, policy)) return { ok: true, url: parsed };
  const reason = refuseHostLiterally(host, policy);
  return reason === null ? { ok: true, url: parsed } : { ok: false, reason };
}

/**
 * `checkUrlSyntax`, then resolves the host and refuses when ANY of its addresses is forbidden
 * (an attacker controls which of several A/AAAA records a client picks). Hosts in `allowedHosts`
 * and IP literals are not resolved. Never throws: a resolution failure is a refusal.
 */
export async function checkUrl(
  url: string,
  policy: SsrfPolicy,
  lookup: HostResolver = defaultResolver,
): Promise<UrlCheck> {
  const syntax = checkUrlSyntax(url, policy);
  if (!syntax.ok) return syntax;
  const host = normalizeHost(syntax.url.hostname);
  if (isAllowedHost(host, policy) || classifyIp(host) !== null) return syntax;
  let addresses: readonly LookupAddress[];
  try {
    addresses = await lookup(host);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'lookup failed';
    return { ok: false, reason: `could not resolve ${host} (${code})` };
  }
  const reason = refuseResolved(host, addresses, policy);
  return reason === null ? syntax : { ok: false, reason };
}

/** A `net.connect` lookup hook that resolves through `resolver` and fails when any address is forbidden. */
function guardedLookup(policy: SsrfPolicy, resolver: HostResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const host = normalizeHost(hostname);
    Promise.resolve(host)
      .then(resolver)
      .then(
        (all) => {
          if (!isAllowedHost(host, policy)) {
            const reason = refuseResolved(host, all, policy);
            if (reason !== null) return callback(new SsrfBlockedError(reason), options.all ? [] : '');
          }
          const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
          const usable = family === 4 || family === 6 ? all.filter((a) => a.family === family) : [...all];
          const first = usable[0];
          if (options.all) return callback(null, usable);
          if (first === undefined) {
            return callback(Object.assign(new Error(`no IPv${family} address for ${host}`), { code: 'ENOTFOUND' }), '');
          }
          return callback(null, first.address, first.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, options.all ? [] : ''),
      );
  };
}

/** undici connect options, or plain socket options (`family`, `autoSelectFamily`, …); any `lookup` is replaced by the guard's. */
export type GuardedConnectOptions = buildConnector.BuildOptions | Partial<TcpNetConnectOpts>;

/** Options for the guarded connector: connect options, and a resolver (defaults to node:dns; tests inject one). */
export interface GuardedConnectorOptions {
  connect?: GuardedConnectOptions;
  resolver?: HostResolver;
}

/**
 * An undici connect function that judges the address each socket actually dials: IP literals
 * before connecting, hostnames inside the socket's DNS lookup. Refusals fail with `SsrfBlockedError`.
 */
export function guardedConnector(policy: SsrfPolicy, options: GuardedConnectorOptions = {}): buildConnector.connector {
  if (options.connect !== undefined && 'socketPath' in options.connect && options.connect.socketPath != null) {
    throw new TypeError('a guarded connector dials TCP only; socketPath would bypass the SSRF guard');
  }
  const connect = buildConnector({
    ...options.connect,
    lookup: guardedLookup(policy, options.resolver ?? defaultResolver),
  });
  return (connectOptions, callback) => {
    const host = normalizeHost(connectOptions.hostname);
    const reason = isAllowedHost(host, policy) ? null : refuseHostLiterally(host, policy);
    if (reason !== null) {
      callback(new SsrfBlockedError(reason), null);
      return;
    }
    connect(connectOptions, callback);
  };
}

/** undici Agent options with `connect` limited to options (the guard supplies the connect function). */
export type GuardedAgentOptions = Omit<Agent.Options, 'connect'> & { connect?: GuardedConnectOptions };

/** An undici Agent whose every connection (redirects and retries included) passes the SSRF guard. */
export function createGuardedAgent(
  policy: SsrfPolicy,
  agentOptions: GuardedAgentOptions = {},
  resolver?: HostResolver,
): Agent {
  const { connect, ...rest } = agentOptions;
  return new Agent({ ...rest, connect: guardedConnector(policy, { connect, resolver }) });
}
