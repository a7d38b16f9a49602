/**
 * Connect-time tests of the guarded undici connector against a real HTTP server on 127.0.0.1.
 * Hostnames are answered by an injected resolver, so nothing leaves the machine.
 */
import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, fetch, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SsrfBlockedError, checkUrl, createGuardedAgent, guardedConnector } from './ssrf-guard.ts';
import type { HostResolver, SsrfPolicy } from './ssrf-guard.ts';

const STRICT: SsrfPolicy = { allowPrivate: false, allowLinkLocal: false, allowedHosts: [] };
const PRIVATE_OK: SsrfPolicy = { allowPrivate: true, allowLinkLocal: false, allowedHosts: [] };
const LOOPBACK_HINT = 'a loopback address; set SSRF_ALLOW_PRIVATE=true to allow';

let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://internal.example:${port}/secret` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello from ${req.headers.host ?? ''}${req.url ?? ''}`);
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  connections = 0;
});

/** A resolver that answers `host` with each list in turn (the last one repeats): a rebinding DNS server. */
function rebindingResolver(answers: Record<string, string[][]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const seen = new Map<string, number>();
  const resolver = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const list = answers[hostname];
    if (list === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const n = seen.get(hostname) ?? 0;
    seen.set(hostname, n + 1);
    const answer = list[Math.min(n, list.length - 1)] ?? [];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

/** The error a request failed with, unwrapping fetch's `TypeError('fetch failed')`. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    const cause = err instanceof TypeError && err.cause instanceof Error ? err.cause : err;
    if (cause instanceof Error) return cause;
  }
  throw new Error('expected the request to fail');
}

describe('DNS rebinding between check and connect', () => {
  // The name looks public when the URL is saved, then points at 127.0.0.1 when the gateway dials.
  const answers = { 'rebind.example': [['93.184.216.34'], ['127.0.0.1']] };

  it('passes checkUrl on the first answer, then the connector refuses the rebound 127.0.0.1 (allowPrivate=false)', async () => {
    const resolver = rebindingResolver(answers);
    const url = `http://rebind.example:${port}/v1/models`;
    expect((await checkUrl(url, STRICT, resolver)).ok).toBe(true);

    const agent = createGuardedAgent(STRICT, {}, resolver);
    try {
      const err = await failure(request(url, { dispatcher: agent }));
      expect(err).toBeInstanceOf(SsrfBlockedError);
      expect((err as SsrfBlockedError).code).toBe('SSRF_BLOCKED');
      expect((err as SsrfBlockedError).reason).toBe(`rebind.example resolves to 127.0.0.1, ${LOOPBACK_HINT}`);
      expect(err.message).toBe(
        `upstream connection refused by SSRF guard: rebind.example resolves to 127.0.0.1, ${LOOPBACK_HINT}`,
      );
      expect(resolver.calls).toEqual(['rebind.example', 'rebind.example']);
      expect(connections).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it('connects to the same rebound address when allowPrivate=true', async () => {
    const resolver = rebindingResolver(answers);
    const url = `http://rebind.example:${port}/v1/models`;
    expect((await checkUrl(url, PRIVATE_OK, resolver)).ok).toBe(true);

    const agent = createGuardedAgent(PRIVATE_OK, {}, resolver);
    try {
      const res = await request(url, { dispatcher: agent });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe(`hello from rebind.example:${port}/v1/models`);
      expect(connections).toBe(1);
    } finally {
      await agent.close();
    }
  });

  it('refuses at connect when any of several answers is forbidden, even if the first is public', async () => {
    const resolver = rebindingResolver({ 'mixed.example': [['93.184.216.34', '127.0.0.1']] });
    const agent = createGuardedAgent(STRICT, {}, resolver);
    try {
      const err = await failure(request(`http://mixed.example:${port}/`, { dispatcher: agent }));
      expect(err).toBeInstanceOf(SsrfBlockedError);
      expect((err as SsrfBlockedError).reason).toBe(`mixed.example resolves to 127.0.0.1, ${LOOPBACK_HINT}`);
      expect(connections).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it('refuses an IPv4-mapped IPv6 answer for a forbidden address', async () => {
    const resolver = rebindingResolver({ 'mapped.example': [['::ffff:169.254.169.254']] });
    const agent = createGuardedAgent(PRIVATE_OK, {}, resolver);
    try {
      const err = await failure(request(`http://mapped.example:${port}/`, { dispatcher: agent }));
      expect((err as SsrfBlockedError).reason).toBe(
        'mapped.example resolves to ::ffff:169.254.169.254 (IPv4 169.254.169.254), a link-local/metadata address; set SSRF_ALLOW_LINK_LOCAL=true to allow',
      );
    } finally {
      await agent.close();
    }
  });

  it('passes resolver failures through unchanged', async () => {
    const agent = createGuardedAgent(PRIVATE_OK, {}, rebindingResolver({}));
    try {
      const err = await failure(request(`http://missing.example:${port}/`, { dispatcher: agent }));
      expect(err).not.toBeInstanceOf(SsrfBlockedError);
      expect((err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
    } finally {
      await agent.close();
    }
  });
});

describe('literal addresses and names at connect time', () => {
  it('refuses http://127.0.0.1 before dialling when allowPrivate=false, without resolving', async () => {
    const resolver = rebindingResolver({});
    const agent = createGuardedAgent(STRICT, {}, resolver);
    try {
      const err = await failure(request(`http://127.0.0.1:${port}/`, { dispatcher: agent }));
      expect(err).toBeInstanceOf(SsrfBlockedError);
      expect((err as SsrfBlockedError).reason).toBe(`127.0.0.1 is ${LOOPBACK_HINT}`);
      expect(connections).toBe(0);
      expect(resolver.calls).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('connects to http://127.0.0.1 when allowPrivate=true', async () => {
    const agent = createGuardedAgent(PRIVATE_OK, {}, rebindingResolver({}));
    try {
      const res = await request(`http://127.0.0.1:${port}/ok`, { dispatcher: agent });
      expect(await res.body.text()).toBe(`hello from 127.0.0.1:${port}/ok`);
    } finally {
      await agent.close();
    }
  });

  it.each([
    [`http://2130706433:PORT/`, `127.0.0.1 is ${LOOPBACK_HINT}`],
    [`http://[::ffff:127.0.0.1]:PORT/`, `::ffff:7f00:1 (IPv4 127.0.0.1) is ${LOOPBACK_HINT}`],
    [
      `http://metadata.google.internal:PORT/`,
      'metadata.google.internal is a cloud metadata hostname; set SSRF_ALLOW_LINK_LOCAL=true to allow',
    ],
    [`http://0.0.0.0:PORT/`, '0.0.0.0 is an unspecified/"this network" address, which is never allowed'],
    // (no off-box literal here: were the guard broken, the test must not dial anything but 127.0.0.1)
  ])('refuses %s before dialling', async (template, reason) => {
    const resolver = rebindingResolver({});
    const agent = createGuardedAgent(STRICT, {}, resolver);
    try {
      const err = await failure(request(template.replace('PORT', String(port)), { dispatcher: agent }));
      expect((err as SsrfBlockedError).reason).toBe(reason);
      expect(resolver.calls).toEqual([]);
      expect(connections).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it('lets an allowed host through every check, for a name and for an IP literal', async () => {
    const policy: SsrfPolicy = { ...STRICT, allowedHosts: ['*.lan.example', '127.0.0.1'] };
    const resolver = rebindingResolver({ 'ollama.lan.example': [['127.0.0.1']] });
    const agent = createGuardedAgent(policy, {}, resolver);
    try {
      const byName = await request(`http://ollama.lan.example:${port}/api`, { dispatcher: agent });
      expect(await byName.body.text()).toBe(`hello from ollama.lan.example:${port}/api`);
      const byIp = await request(`http://127.0.0.1:${port}/api`, { dispatcher: agent });
      expect(byIp.statusCode).toBe(200);
      await byIp.body.dump();
    } finally {
      await agent.close();
    }
  });
});

describe('redirects and transports', () => {
  it('refuses a redirect from an allowed host to an internal one (fetch follows redirects through the agent)', async () => {
    const policy: SsrfPolicy = { ...STRICT, allowedHosts: ['gateway.example'] };
    const resolver = rebindingResolver({ 'gateway.example': [['127.0.0.1']], 'internal.example': [['127.0.0.1']] });
    const agent = createGuardedAgent(policy, {}, resolver);
    try {
      const err = await failure(fetch(`http://gateway.example:${port}/redirect`, { dispatcher: agent }));
      expect(err).toBeInstanceOf(SsrfBlockedError);
      expect((err as SsrfBlockedError).reason).toBe(`internal.example resolves to 127.0.0.1, ${LOOPBACK_HINT}`);
      expect(resolver.calls).toEqual(['gateway.example', 'internal.example']);
      expect(connections).toBe(1); // the allowed first hop only
    } finally {
      await agent.close();
    }
  });

  it('follows the same redirect when private addresses are allowed', async () => {
    const resolver = rebindingResolver({ 'gateway.example': [['127.0.0.1']], 'internal.example': [['127.0.0.1']] });
    const agent = createGuardedAgent(PRIVATE_OK, {}, resolver);
    try {
      const res = await fetch(`http://gateway.example:${port}/redirect`, { dispatcher: agent });
      expect(await res.text()).toBe(`hello from internal.example:${port}/secret`);
    } finally {
      await agent.close();
    }
  });

  it('works as the connect option of a plain undici Client', async () => {
    const resolver = rebindingResolver({ 'rebind.example': [['127.0.0.1']] });
    const blocked = new Client(`http://rebind.example:${port}`, { connect: guardedConnector(STRICT, { resolver }) });
    const allowed = new Client(`http://rebind.example:${port}`, {
      connect: guardedConnector(PRIVATE_OK, { resolver }),
    });
    try {
      const err = await failure(blocked.request({ path: '/', method: 'GET' }));
      expect(err).toBeInstanceOf(SsrfBlockedError);
      const res = await allowed.request({ path: '/c', method: 'GET' });
      expect(await res.body.text()).toBe(`hello from rebind.example:${port}/c`);
    } finally {
      await Promise.all([blocked.close(), allowed.close()]);
    }
  });

  it('answers the single-address lookup form when happy-eyeballs is off, and still refuses', async () => {
    const resolver = rebindingResolver({ 'single.example': [['127.0.0.1']] });
    const strict = createGuardedAgent(STRICT, { connect: { autoSelectFamily: false } }, resolver);
    const relaxed = createGuardedAgent(PRIVATE_OK, { connect: { autoSelectFamily: false } }, resolver);
    try {
      expect(await failure(request(`http://single.example:${port}/`, { dispatcher: strict }))).toBeInstanceOf(
        SsrfBlockedError,
      );
      const res = await request(`http://single.example:${port}/s`, { dispatcher: relaxed });
      expect(await res.body.text()).toBe(`hello from single.example:${port}/s`);
    } finally {
      await Promise.all([strict.close(), relaxed.close()]);
    }
  });

  it('refuses to build a connector that would dial a unix socket', () => {
    expect(() => guardedConnector(STRICT, { connect: { socketPath: '/var/run/docker.sock' } })).toThrow(
      new TypeError('a guarded connector dials TCP only; socketPath would bypass the SSRF guard'),
    );
  });

  it('fails the request (not the process) when the resolver throws synchronously', async () => {
    const resolver: HostResolver = () => {
      throw Object.assign(new Error('resolver exploded'), { code: 'EAI_FAIL' });
    };
    const agent = createGuardedAgent(PRIVATE_OK, {}, resolver);
    try {
      const err = await failure(request(`http://boom.example:${port}/`, { dispatcher: agent }));
      expect((err as NodeJS.ErrnoException).code).toBe('EAI_FAIL');
      expect(connections).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it('filters answers by the requested family and reports none left as ENOTFOUND', async () => {
    const resolver = rebindingResolver({ 'v4only.example': [['127.0.0.1']] });
    const agent = createGuardedAgent(PRIVATE_OK, { connect: { family: 6, autoSelectFamily: false } }, resolver);
    try {
      const err = await failure(request(`http://v4only.example:${port}/`, { dispatcher: agent }));
      expect((err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
      expect(err.message).toBe('no IPv6 address for v4only.example');
    } finally {
      await agent.close();
    }
  });
});
