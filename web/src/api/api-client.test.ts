import { describe, expect, it } from 'vitest';
import { ApiClient, queryString, type Fetch } from './api-client.ts';
import { ApiError, toApiError } from './api-error.ts';

const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
const session = (token: string) => ({
  accessToken: token,
  expiresIn: 900,
  user: { id: 'u', email: 'a@example.com', name: 'A' },
  org: { id: 'o', slug: 'acme', name: 'Acme' },
});

/** A fake server: refresh hands out token N; /api/x accepts only the newest token. */
function fakeServer(options: { refreshOk?: boolean } = {}) {
  let issued = 0;
  const calls: string[] = [];
  const fetchImpl: Fetch = async (input, init) => {
    calls.push(input);
    if (input === '/api/auth/refresh') {
      await new Promise((r) => setTimeout(r, 5));
      if (options.refreshOk === false) return json(401, { error: { code: 'invalid_credentials', message: 'no' } });
      issued += 1;
      return json(200, session(`t${issued}`));
    }
    const auth = (init?.headers as Record<string, string>).authorization;
    if (auth !== `Bearer t${issued}`) return json(401, { error: { code: 'invalid_token', message: 'expired' } });
    return json(200, { ok: true, path: input });
  };
  return { fetchImpl, calls };
}

describe('ApiClient', () => {
  it('refreshes once for many parallel calls that meet an expired token', async () => {
    const server = fakeServer();
    const client = new ApiClient(server.fetchImpl);
    client.setSession({ accessToken: 'stale' });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => client.call<{ ok: boolean }>(`/x/${n}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.calls.filter((c) => c === '/api/auth/refresh')).toHaveLength(1);
  });

  it('starts a session from the cookie when it holds no token', async () => {
    const server = fakeServer();
    const client = new ApiClient(server.fetchImpl);
    await client.call('/x', { query: { q: 'a b', empty: '', none: undefined } });
    expect(server.calls).toEqual(['/api/auth/refresh', '/api/x?q=a+b']);
  });

  it('signals sign-out when the refresh is refused, and throws the error', async () => {
    const server = fakeServer({ refreshOk: false });
    const client = new ApiClient(server.fetchImpl);
    let signedOut = 0;
    client.onSignedOut = () => (signedOut += 1);
    client.setSession({ accessToken: 'stale' });
    const error = await client.call('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(signedOut).toBe(1);
  });

  it('never refreshes for anonymous calls and reports the server error code', async () => {
    const client = new ApiClient(async () => json(401, { error: { code: 'mfa_required', message: 'code please' } }));
    const error = (await client
      .call('/auth/login', { method: 'POST', body: {}, anonymous: true })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('mfa_required');
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ a: 1, b: '', c: null })).toBe('?a=1');
    expect(queryString({})).toBe('');
  });
});

describe('toApiError', () => {
  it('keeps every listed problem of a rejected body and ignores malformed ones', async () => {
    const error = await toApiError(
      json(400, {
        error: {
          code: 'invalid_request',
          message: 'models.0.alias: Required',
          requestId: 'req_1',
          problems: [{ path: 'models.0.alias', problem: 'Required' }, { path: 3 }, null],
        },
      }),
    );
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', requestId: 'req_1' });
    expect(error.problems).toEqual([{ path: 'models.0.alias', problem: 'Required' }]);
  });
});
