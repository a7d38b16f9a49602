import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkUrl, checkUrlSyntax } from './ssrf-guard.ts';
import type { HostResolver, SsrfPolicy, UrlCheck } from './ssrf-guard.ts';

const STRICT: SsrfPolicy = { allowPrivate: false, allowLinkLocal: false, allowedHosts: [] };
const PRIVATE_OK: SsrfPolicy = { allowPrivate: true, allowLinkLocal: false, allowedHosts: [] };
const LINK_LOCAL_OK: SsrfPolicy = { allowPrivate: false, allowLinkLocal: true, allowedHosts: [] };
const ALL_OK: SsrfPolicy = { allowPrivate: true, allowLinkLocal: true, allowedHosts: [] };

const LINK_LOCAL_HINT = 'a link-local/metadata address; set SSRF_ALLOW_LINK_LOCAL=true to allow';
const METADATA_HINT = 'a cloud metadata address; set SSRF_ALLOW_LINK_LOCAL=true to allow';
const LOOPBACK_HINT = 'a loopback address; set SSRF_ALLOW_PRIVATE=true to allow';
const PRIVATE_HINT = 'a private-network address; set SSRF_ALLOW_PRIVATE=true to allow';
const CGNAT_HINT = 'a carrier-grade NAT (100.64.0.0/10) address; set SSRF_ALLOW_PRIVATE=true to allow';
const ULA_HINT = 'a unique-local IPv6 (fc00::/7) address; set SSRF_ALLOW_PRIVATE=true to allow';

/** A resolver answering from a fixed table; unknown names fail like getaddrinfo's ENOTFOUND. */
function fakeResolver(table: Record<string, string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

function reasonOf(check: UrlCheck): string {
  if (check.ok) throw new Error(`expected a refusal, got ok for ${check.url.href}`);
  return check.reason;
}

function hrefOf(check: UrlCheck): string {
  if (!check.ok) throw new Error(`expected ok, got: ${check.reason}`);
  return check.url.href;
}

describe('checkUrlSyntax: scheme, credentials, host', () => {
  it('accepts http and https URLs and returns the normalized URL', () => {
    expect(hrefOf(checkUrlSyntax('https://api.openai.com/v1', STRICT))).toBe('https://api.openai.com/v1');
    expect(hrefOf(checkUrlSyntax('HTTP://API.Example.COM:8080/x', STRICT))).toBe('http://api.example.com:8080/x');
  });

  it.each([
    ['ftp://example.com/', 'ftp:'],
    ['file:///etc/passwd', 'file:'],
    ['gopher://example.com/', 'gopher:'],
    ['javascript:alert(1)', 'javascript:'],
    ['data:text/plain,hi', 'data:'],
    ['ws://example.com/', 'ws:'],
  ])('refuses %s', (url, protocol) => {
    expect(reasonOf(checkUrlSyntax(url, ALL_OK))).toBe(`only http and https URLs are allowed, not ${protocol}`);
  });

  it.each([
    'https://alice:hunter2@api.example.com/',
    'https://alice@api.example.com/',
    'https://:hunter2@api.example.com/',
  ])('refuses credentials in %s without echoing them', (url) => {
    const reason = reasonOf(checkUrlSyntax(url, ALL_OK));
    expect(reason).toBe('the URL must not contain credentials (user:password@); configure them separately');
    expect(reason).not.toContain('alice');
    expect(reason).not.toContain('hunter2');
  });

  it.each(['', 'not a url', '/v1/chat', 'api.openai.com/v1', 'https://', 'https://[::1/', 'http://1.2.3.4.5/'])(
    'refuses the invalid URL %j',
    (url) => {
      expect(reasonOf(checkUrlSyntax(url, ALL_OK))).toBe('not a valid absolute URL');
    },
  );
});

describe('checkUrlSyntax: IP literals by class', () => {
  it.each([
    // always forbidden, whatever the policy
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified/"this network" address, which is never allowed'],
    ['http://0.1.2.3/', '0.1.2.3 is an unspecified/"this network" address, which is never allowed'],
    ['http://224.0.0.1/', '224.0.0.1 is a multicast address, which is never allowed'],
    ['http://239.1.2.3/', '239.1.2.3 is a multicast address, which is never allowed'],
    ['http://255.255.255.255/', '255.255.255.255 is a broadcast address, which is never allowed'],
    ['http://240.0.0.1/', '240.0.0.1 is a reserved address, which is never allowed'],
    ['http://[::]/', ':: is an unspecified/"this network" address, which is never allowed'],
    ['http://[ff02::1]/', 'ff02::1 is a multicast address, which is never allowed'],
    [
      'http://[::ffff:0.0.0.0]/',
      '::ffff:0:0 (IPv4 0.0.0.0) is an unspecified/"this network" address, which is never allowed',
    ],
    ['http://0/', '0.0.0.0 is an unspecified/"this network" address, which is never allowed'],
  ])('refuses %s even when everything optional is allowed', (url, reason) => {
    expect(reasonOf(checkUrlSyntax(url, ALL_OK))).toBe(reason);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', `169.254.169.254 is ${LINK_LOCAL_HINT}`],
    ['http://169.254.170.2/v2/credentials', `169.254.170.2 is ${LINK_LOCAL_HINT}`],
    ['http://169.254.0.1/', `169.254.0.1 is ${LINK_LOCAL_HINT}`],
    ['http://100.100.100.200/', `100.100.100.200 is ${METADATA_HINT}`],
    ['http://168.63.129.16/', `168.63.129.16 is ${METADATA_HINT}`],
    ['http://[fe80::1]/', `fe80::1 is ${LINK_LOCAL_HINT}`],
    ['http://[fd00:ec2::254]/', `fd00:ec2::254 is ${METADATA_HINT}`],
  ])('refuses link-local/metadata %s, even with allowPrivate', (url, reason) => {
    expect(reasonOf(checkUrlSyntax(url, STRICT))).toBe(reason);
    expect(reasonOf(checkUrlSyntax(url, PRIVATE_OK))).toBe(reason);
    expect(checkUrlSyntax(url, LINK_LOCAL_OK).ok).toBe(true);
  });

  it.each([
    ['http://127.0.0.1:11434/', `127.0.0.1 is ${LOOPBACK_HINT}`],
    ['http://127.8.9.10/', `127.8.9.10 is ${LOOPBACK_HINT}`],
    ['http://[::1]:8000/', `::1 is ${LOOPBACK_HINT}`],
    ['http://10.0.0.5/', `10.0.0.5 is ${PRIVATE_HINT}`],
    ['http://172.16.0.1/', `172.16.0.1 is ${PRIVATE_HINT}`],
    ['http://172.31.255.255/', `172.31.255.255 is ${PRIVATE_HINT}`],
    ['http://192.168.1.10/', `192.168.1.10 is ${PRIVATE_HINT}`],
    ['http://100.64.0.1/', `100.64.0.1 is ${CGNAT_HINT}`],
    ['http://100.127.255.254/', `100.127.255.254 is ${CGNAT_HINT}`],
    ['http://[fc00::1]/', `fc00::1 is ${ULA_HINT}`],
    ['http://[fd12:3456::1]/', `fd12:3456::1 is ${ULA_HINT}`],
  ])('refuses private %s unless allowPrivate', (url, reason) => {
    expect(reasonOf(checkUrlSyntax(url, STRICT))).toBe(reason);
    expect(reasonOf(checkUrlSyntax(url, LINK_LOCAL_OK))).toBe(reason);
    expect(checkUrlSyntax(url, PRIVATE_OK).ok).toBe(true);
  });

  it.each([
    'http://8.8.8.8/',
    'http://172.32.0.1/',
    'http://100.128.0.1/',
    'http://169.255.0.1/',
    'http://[2606:4700::1111]/',
    'http://[::ffff:8.8.8.8]/',
  ])('accepts the public literal %s under the strictest policy', (url) => {
    expect(checkUrlSyntax(url, STRICT).ok).toBe(true);
  });
});

describe('checkUrlSyntax: alternative spellings of forbidden addresses', () => {
  it.each([
    ['decimal', 'http://2852039166/'],
    ['hex', 'http://0xA9FEA9FE/'],
    ['hex, lower case', 'http://0xa9fea9fe/'],
    ['octal', 'http://0251.0376.0251.0376/'],
    ['dotted hex', 'http://0xa9.0xfe.0xa9.0xfe/'],
    ['two-part', 'http://169.254.43518/'],
    ['trailing dot', 'http://169.254.169.254./'],
    ['percent-encoded', 'http://%31%36%39.254.169.254/'],
    ['full-width digits', 'http://１６９.２５４.１６９.２５４/'],
  ])('normalizes the %s spelling to 169.254.169.254 and refuses it', (_label, url) => {
    expect(reasonOf(checkUrlSyntax(url, STRICT))).toBe(`169.254.169.254 is ${LINK_LOCAL_HINT}`);
    expect(reasonOf(checkUrlSyntax(url, PRIVATE_OK))).toBe(`169.254.169.254 is ${LINK_LOCAL_HINT}`);
  });

  it.each([
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://012.1/', '10.0.0.1'],
  ])('normalizes %s to %s and refuses it', (url, address) => {
    expect(reasonOf(checkUrlSyntax(url, STRICT))).toMatch(new RegExp(`^${address.replace(/\./g, '\\.')} is a`));
  });

  it.each([
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe (IPv4 169.254.169.254)'],
    ['http://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe (IPv4 169.254.169.254)'],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe (IPv4 169.254.169.254)'],
    ['http://[::169.254.169.254]/', '::a9fe:a9fe (IPv4 169.254.169.254)'],
    ['http://[::ffff:0:a9fe:a9fe]/', '::ffff:0:a9fe:a9fe (IPv4 169.254.169.254)'],
    ['http://[64:ff9b::169.254.169.254]/', '64:ff9b::a9fe:a9fe (IPv4 169.254.169.254)'],
    ['http://[2002:a9fe:a9fe::]/', '2002:a9fe:a9fe:: (IPv4 169.254.169.254)'],
  ])('refuses the IPv6 form %s of the metadata address', (url, shown) => {
    expect(reasonOf(checkUrlSyntax(url, PRIVATE_OK))).toBe(`${shown} is ${LINK_LOCAL_HINT}`);
  });

  it.each([
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 (IPv4 127.0.0.1)', LOOPBACK_HINT],
    ['http://[::ffff:7f00:1]/', '::ffff:7f00:1 (IPv4 127.0.0.1)', LOOPBACK_HINT],
    ['http://[::127.0.0.1]/', '::7f00:1 (IPv4 127.0.0.1)', LOOPBACK_HINT],
    ['http://[::ffff:10.0.0.1]/', '::ffff:a00:1 (IPv4 10.0.0.1)', PRIVATE_HINT],
    ['http://[64:ff9b::192.168.0.1]/', '64:ff9b::c0a8:1 (IPv4 192.168.0.1)', PRIVATE_HINT],
  ])('refuses the IPv6 form %s of a private address unless allowPrivate', (url, shown, hint) => {
    expect(reasonOf(checkUrlSyntax(url, STRICT))).toBe(`${shown} is ${hint}`);
    expect(checkUrlSyntax(url, PRIVATE_OK).ok).toBe(true);
  });

  it('refuses the local-use NAT64 prefix, which can hide any IPv4', () => {
    expect(reasonOf(checkUrlSyntax('http://[64:ff9b:1::a9fe:a9fe]/', ALL_OK))).toBe(
      '64:ff9b:1::a9fe:a9fe is a reserved address, which is never allowed',
    );
  });
});

describe('checkUrlSyntax: special hostnames', () => {
  it.each([
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.GOOGLE.INTERNAL/',
    'http://metadata.google.internal./',
    'http://metadata/',
    'http://instance-data/latest/',
    'http://instance-data./',
  ])('refuses the metadata hostname in %s unless allowLinkLocal', (url) => {
    const host = new URL(url).hostname.replace(/\.$/, '');
    expect(reasonOf(checkUrlSyntax(url, PRIVATE_OK))).toBe(
      `${host} is a cloud metadata hostname; set SSRF_ALLOW_LINK_LOCAL=true to allow`,
    );
    expect(checkUrlSyntax(url, LINK_LOCAL_OK).ok).toBe(true);
  });

  it.each(['http://localhost:8080/', 'http://LOCALHOST/', 'http://localhost./', 'http://api.localhost/'])(
    'refuses the loopback name in %s unless allowPrivate',
    (url) => {
      expect(reasonOf(checkUrlSyntax(url, STRICT))).toMatch(
        /^(api\.)?localhost is a loopback hostname; set SSRF_ALLOW_PRIVATE=true to allow$/,
      );
      expect(checkUrlSyntax(url, PRIVATE_OK).ok).toBe(true);
    },
  );

  it('does not treat look-alike names as metadata (they are resolved instead)', () => {
    expect(checkUrlSyntax('http://metadata.example.com/', STRICT).ok).toBe(true);
    expect(checkUrlSyntax('http://my-metadata/', STRICT).ok).toBe(true);
    expect(checkUrlSyntax('http://localhost.example.com/', STRICT).ok).toBe(true);
  });
});

describe('checkUrlSyntax: allowedHosts', () => {
  const policy: SsrfPolicy = {
    ...STRICT,
    allowedHosts: ['metadata.google.internal', '*.corp.example', 'Ollama.LAN.', '10.0.0.7', '[fd00::7]', '  '],
  };

  it('exempts an exact name from every check', () => {
    expect(checkUrlSyntax('http://metadata.google.internal/', policy).ok).toBe(true);
    expect(checkUrlSyntax('http://ollama.lan:11434/', policy).ok).toBe(true);
    expect(checkUrlSyntax('http://OLLAMA.lan./', policy).ok).toBe(true);
  });

  it('exempts subdomains of a *.suffix entry, not the suffix itself or look-alikes', () => {
    expect(checkUrlSyntax('http://llm.corp.example/', policy).ok).toBe(true);
    expect(checkUrlSyntax('http://a.b.corp.example/', policy).ok).toBe(true);
    expect(checkUrlSyntax('http://corp.example/', policy).ok).toBe(true); // not exempt, but a plain public-looking name
    expect(checkUrlSyntax('http://evilcorp.example/', policy).ok).toBe(true); // same: resolved later, not exempt
  });

  it('exempts an exact IP literal entry, but no other address', () => {
    expect(checkUrlSyntax('http://10.0.0.7/', policy).ok).toBe(true);
    expect(checkUrlSyntax('http://[fd00::7]/', policy).ok).toBe(true);
    expect(reasonOf(checkUrlSyntax('http://10.0.0.8/', policy))).toBe(`10.0.0.8 is ${PRIVATE_HINT}`);
  });

  it('never lets a *.suffix entry match an IP literal', () => {
    const wildcardIp: SsrfPolicy = { ...STRICT, allowedHosts: ['*.0.1', '*.254'] };
    expect(checkUrlSyntax('http://10.0.0.1/', wildcardIp).ok).toBe(false);
    expect(checkUrlSyntax('http://169.254.169.254/', wildcardIp).ok).toBe(false);
  });

  it('ignores a blank entry', () => {
    expect(checkUrlSyntax('http://metadata/', { ...STRICT, allowedHosts: ['', ' '] }).ok).toBe(false);
  });
});

describe('checkUrl (with resolution)', () => {
  it('accepts a name whose every address is public', async () => {
    const resolver = fakeResolver({ 'api.openai.com': ['104.18.7.192', '2606:4700::6812:7c0'] });
    const check = await checkUrl('https://api.openai.com/v1', STRICT, resolver);
    expect(hrefOf(check)).toBe('https://api.openai.com/v1');
    expect(resolver.calls).toEqual(['api.openai.com']);
  });

  it('refuses a name resolving to the metadata address, with an actionable reason', async () => {
    const resolver = fakeResolver({ 'evil.example': ['169.254.169.254'] });
    expect(reasonOf(await checkUrl('http://evil.example/', PRIVATE_OK, resolver))).toBe(
      `evil.example resolves to 169.254.169.254, ${LINK_LOCAL_HINT}`,
    );
    expect((await checkUrl('http://evil.example/', LINK_LOCAL_OK, resolver)).ok).toBe(true);
  });

  it('refuses when ANY address is forbidden, even if the first is public', async () => {
    const resolver = fakeResolver({ 'mixed.example': ['93.184.216.34', '2606:2800::1', '10.1.2.3'] });
    expect(reasonOf(await checkUrl('https://mixed.example/', STRICT, resolver))).toBe(
      `mixed.example resolves to 10.1.2.3, ${PRIVATE_HINT}`,
    );
  });

  it.each([
    ['127.0.0.1', `127.0.0.1, ${LOOPBACK_HINT}`],
    ['::1', `::1, ${LOOPBACK_HINT}`],
    ['192.168.0.10', `192.168.0.10, ${PRIVATE_HINT}`],
    ['100.64.1.1', `100.64.1.1, ${CGNAT_HINT}`],
    ['fd00::1', `fd00::1, ${ULA_HINT}`],
    ['fe80::1%eth0', `fe80::1%eth0, ${LINK_LOCAL_HINT}`],
    ['fd00:ec2::254', `fd00:ec2::254, ${METADATA_HINT}`],
    ['::ffff:169.254.169.254', `::ffff:169.254.169.254 (IPv4 169.254.169.254), ${LINK_LOCAL_HINT}`],
    ['::ffff:a9fe:a9fe', `::ffff:a9fe:a9fe (IPv4 169.254.169.254), ${LINK_LOCAL_HINT}`],
    ['0.0.0.0', '0.0.0.0, an unspecified/"this network" address, which is never allowed'],
    ['::', '::, an unspecified/"this network" address, which is never allowed'],
  ])('refuses a name resolving to %s under the strict policy', async (address, tail) => {
    const resolver = fakeResolver({ 'x.example': [address] });
    expect(reasonOf(await checkUrl('http://x.example/', STRICT, resolver))).toBe(`x.example resolves to ${tail}`);
  });

  it('reports a name that does not resolve, with the resolver error code', async () => {
    const resolver = fakeResolver({});
    expect(reasonOf(await checkUrl('https://nowhere.example/', STRICT, resolver))).toBe(
      'could not resolve nowhere.example (ENOTFOUND)',
    );
  });

  it('reports a resolver that throws something without a code', async () => {
    const resolver: HostResolver = () => Promise.reject(new Error('boom'));
    expect(reasonOf(await checkUrl('https://x.example/', STRICT, resolver))).toBe(
      'could not resolve x.example (lookup failed)',
    );
  });

  it('refuses an empty answer and a non-IP answer', async () => {
    const resolver = fakeResolver({ 'empty.example': [], 'weird.example': ['not-an-ip'] });
    expect(reasonOf(await checkUrl('http://empty.example/', STRICT, resolver))).toBe(
      'empty.example did not resolve to any address',
    );
    expect(reasonOf(await checkUrl('http://weird.example/', STRICT, resolver))).toBe(
      'weird.example resolved to "not-an-ip", which is not an IP address',
    );
  });

  it('resolves the name without its trailing dot', async () => {
    const resolver = fakeResolver({ 'api.example': ['8.8.8.8'] });
    expect((await checkUrl('http://api.example./', STRICT, resolver)).ok).toBe(true);
    expect(resolver.calls).toEqual(['api.example']);
  });

  it('does not resolve syntax failures, IP literals or allowed hosts', async () => {
    const resolver = fakeResolver({});
    expect(reasonOf(await checkUrl('ftp://x.example/', STRICT, resolver))).toBe(
      'only http and https URLs are allowed, not ftp:',
    );
    expect(reasonOf(await checkUrl('http://169.254.169.254/', STRICT, resolver))).toBe(
      `169.254.169.254 is ${LINK_LOCAL_HINT}`,
    );
    expect((await checkUrl('http://8.8.8.8/', STRICT, resolver)).ok).toBe(true);
    expect(
      (await checkUrl('http://vllm.corp.example/', { ...STRICT, allowedHosts: ['*.corp.example'] }, resolver)).ok,
    ).toBe(true);
    expect(resolver.calls).toEqual([]);
  });

  it('uses node:dns lookup by default (localhost resolves from the hosts file)', async () => {
    const check = await checkUrl('http://localhost:9/', PRIVATE_OK);
    expect(hrefOf(check)).toBe('http://localhost:9/');
  });
});
