import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('loadConfig', () => {
  it('has working defaults for a laptop', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      USAGE_DURABILITY: 'sync',
      masterKey: null,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names every wrong variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', USAGE_DURABILITY: 'maybe', MASTER_KEY: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT=/m);
      expect(problems).toMatch(/^DATABASE_URL=.*postgres/m);
      expect(problems).toMatch(/^USAGE_DURABILITY=/m);
      expect(problems).toMatch(/^MASTER_KEY=\(hidden\): must be 32 random bytes/m);
      expect(problems).not.toContain('short');
    }
  });

  it('refuses to start in production without a master key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MASTER_KEY: required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', MASTER_KEY: KEY }).masterKey).toEqual(Buffer.alloc(32, 1));
  });

  it('reads secrets from *_FILE and refuses both forms at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    const file = join(dir, 'master.key');
    writeFileSync(file, `${KEY}\n`);
    expect(loadConfig({ MASTER_KEY_FILE: file }).masterKey).toEqual(Buffer.alloc(32, 1));
    expect(() => loadConfig({ MASTER_KEY_FILE: file, MASTER_KEY: KEY })).toThrow(
      /set both MASTER_KEY and MASTER_KEY_FILE/,
    );
    expect(() => loadConfig({ MASTER_KEY_FILE: join(dir, 'missing') })).toThrow(/MASTER_KEY_FILE: cannot read/);
  });

  it('parses booleans and lists', () => {
    const config = loadConfig({ SSRF_ALLOW_PRIVATE: 'false', SSRF_ALLOWED_HOSTS: 'a.example, *.b.example' });
    expect(config.SSRF_ALLOW_PRIVATE).toBe(false);
    expect(config.SSRF_ALLOWED_HOSTS).toEqual(['a.example', '*.b.example']);
  });
});
