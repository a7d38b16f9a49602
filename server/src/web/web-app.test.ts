import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServerPath, registerWebApp } from './web-app.ts';

describe('registerWebApp', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = Fastify();
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'not_found' } }));
    app.get('/api/me', async () => ({ me: true }));
    expect(registerWebApp(app, { root: dir })).toBe(true);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / without caching it', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('marks hashed assets immutable and other files revalidated', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache');
  });

  it('answers browser navigations to app routes with index.html', async () => {
    const res = await app.inject({ url: '/admin/people?q=a', headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>app</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it("keeps the server's own paths and non-HTML requests as JSON 404s", async () => {
    for (const url of ['/api/nope', '/v1/nope', '/docs/x', '/openapi.json/x', '/health/x', '/metrics/x']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: { code: 'not_found' } });
    }
    expect((await app.inject({ url: '/some/page', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing.js', headers: { accept: '*/*' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/me' })).json()).toEqual({ me: true });
  });

  it('registers nothing without a build', () => {
    const bare = Fastify();
    expect(registerWebApp(bare, { root: join(dir, 'missing') })).toBe(false);
  });
});

describe('isServerPath', () => {
  it('matches the server prefixes exactly, not look-alikes', () => {
    expect(isServerPath('/api')).toBe(true);
    expect(isServerPath('/api/x?y')).toBe(true);
    expect(isServerPath('/apiary')).toBe(false);
    expect(isServerPath('/v1/models')).toBe(true);
    expect(isServerPath('/usage')).toBe(false);
  });
});
