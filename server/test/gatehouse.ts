import pino, { type DestinationStream } from 'pino';
import type { DetectPii } from '../src/privacy/shield/index.ts';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startGatehouse, type Gatehouse } from '../src/main.ts';
import { TEST_MASTER_KEY, TEST_PASSWORD } from './helpers.ts';

/** A real Gatehouse listening on 127.0.0.1:<random port> against the shared test database. */
export async function startTestGatehouse(
  env: Record<string, string> = {},
  options: { detect?: DetectPii; logDestination?: DestinationStream } = {},
): Promise<Gatehouse> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: inject('databaseUrl'),
    DATABASE_POOL_SIZE: '4',
    MASTER_KEY: TEST_MASTER_KEY,
    BOOTSTRAP: 'false',
    CACHE_REFRESH_MS: '100',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // With a log destination the server builds its own (PII-redacting) logger, as in production.
  if (options.logDestination) return startGatehouse(config, options);
  return startGatehouse(config, { logger: pino({ level: 'silent' }), detect: options.detect });
}

/** Signs in through the API; returns the access token and the refresh cookie. */
export async function signIn(gh: Gatehouse, email: string, password = TEST_PASSWORD, org?: string) {
  const res = await fetch(`${gh.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(org ? { org } : {}) }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { token: body.accessToken, cookie, auth: { authorization: `Bearer ${body.accessToken}` } };
}

/** Calls the API with a bearer token and a JSON body. */
export function api(gh: Gatehouse, method: string, path: string, token: string | null, body?: unknown) {
  return fetch(`${gh.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}
