import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { startGatehouse } from './main.ts';

// The fresh-clone path: no DATABASE_URL, an empty data directory, defaults everywhere.
describe('first run on an empty embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-first-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = () => loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' });

  it('bootstraps a demo org with a working key once, and never again', async () => {
    const first = await startGatehouse(config(), { logger: pino({ level: 'silent' }) });
    try {
      expect(first.db.engine).toBe('pglite');
      const boot = first.bootstrap!;
      expect(boot).toMatchObject({ ownerEmail: 'owner@example.com', orgSlug: 'demo', model: 'mock-1' });
      expect(boot.ownerPassword.length).toBeGreaterThanOrEqual(12);
      const res = await fetch(`${first.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${boot.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: boot.model, messages: [{ role: 'user', content: 'Hello, Gatehouse!' }] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
      expect(body.choices[0]!.message.content).toContain('Hello, Gatehouse!');
    } finally {
      await first.stop();
    }
    const second = await startGatehouse(config(), { logger: pino({ level: 'silent' }) });
    try {
      expect(second.bootstrap).toBeNull();
    } finally {
      await second.stop();
    }
  });
});
