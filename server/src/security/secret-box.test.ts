import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError, loadOrCreateDevMasterKey } from './secret-box.ts';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const PLAINTEXT = 'sk-proj-THIS-IS-THE-SECRET-0123456789';

/** Runs `fn`, expecting a SecretBoxError; returns it for exact assertions. */
function secretBoxError(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    return err as SecretBoxError;
  }
  throw new Error('expected a SecretBoxError');
}

/** Replaces field `index` (0 = version … 3 = ciphertext) of a sealed value. */
function withField(sealed: string, index: number, value: string): string {
  const parts = sealed.split('.');
  parts[index] = value;
  return parts.join('.');
}

/** Flips one bit of the decoded bytes of field `index`. */
function flipBit(sealed: string, index: number, byte = 0): string {
  const bytes = Buffer.from(sealed.split('.')[index] ?? '', 'base64url');
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
  return withField(sealed, index, bytes.toString('base64url'));
}

const DECRYPT_FAILED =
  'sealed secret could not be decrypted: wrong master key, wrong associated data, or the value was altered';

describe('SecretBox constructor', () => {
  it.each([0, 16, 31, 33, 64])('refuses a %i-byte master key', (length) => {
    const err = secretBoxError(() => new SecretBox(Buffer.alloc(length)));
    expect(err.code).toBe('SECRET_BOX_BAD_KEY');
    expect(err.message).toBe(`master key must be 32 bytes, got ${length} bytes`);
  });

  it('copies the key, so mutating the caller buffer afterwards changes nothing', () => {
    const key = Buffer.from(KEY);
    const box = new SecretBox(key);
    const sealed = box.seal(PLAINTEXT);
    key.fill(0);
    expect(box.open(sealed)).toBe(PLAINTEXT);
  });

  it('does not show the key when the box is inspected or serialized', () => {
    const box = new SecretBox(Buffer.alloc(32, 0xab));
    expect(inspect(box, { showHidden: true, depth: 5 })).not.toMatch(/ab ab|q6ur|abab/i);
    expect(JSON.stringify(box)).toBe('{}');
  });
});

describe('SecretBox.seal / open', () => {
  const box = new SecretBox(KEY);

  it('round-trips text, including empty, unicode and long values', () => {
    for (const text of [PLAINTEXT, '', 'äöü ß — 密钥 🔑', 'x'.repeat(100_000)]) {
      expect(box.open(box.seal(text))).toBe(text);
    }
  });

  it('produces v1.<iv>.<tag>.<ciphertext> with a 12-byte IV and a 16-byte tag, base64url without padding', () => {
    const sealed = box.seal(PLAINTEXT);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    const [, iv = '', tag = '', ciphertext = ''] = sealed.split('.');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(Buffer.byteLength(PLAINTEXT));
  });

  it('never contains the plaintext', () => {
    const sealed = box.seal(PLAINTEXT);
    expect(sealed).not.toContain('THIS-IS-THE-SECRET');
    expect(Buffer.from(sealed.split('.')[3] ?? '', 'base64url').toString('utf8')).not.toContain('SECRET');
  });

  it('gives different output for two seals of the same text (fresh IV each time)', () => {
    const a = box.seal(PLAINTEXT, 'prov_1');
    const b = box.seal(PLAINTEXT, 'prov_1');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a.split('.')[3]).not.toBe(b.split('.')[3]);
    expect(box.open(a, 'prov_1')).toBe(PLAINTEXT);
    expect(box.open(b, 'prov_1')).toBe(PLAINTEXT);
  });

  it('does not repeat an IV over many seals', () => {
    const ivs = new Set(Array.from({ length: 5000 }, () => box.seal('x').split('.')[1]));
    expect(ivs.size).toBe(5000);
  });

  it('opens with another SecretBox built from the same key bytes (restart)', () => {
    expect(new SecretBox(Buffer.from(KEY)).open(box.seal(PLAINTEXT, 'prov_1'), 'prov_1')).toBe(PLAINTEXT);
  });
});

describe('SecretBox associated data', () => {
  const box = new SecretBox(KEY);

  it('opens only with the same aad', () => {
    const sealed = box.seal(PLAINTEXT, 'prov_123');
    expect(box.open(sealed, 'prov_123')).toBe(PLAINTEXT);
  });

  it.each([
    ['another row id', 'prov_124'],
    ['a case variant', 'PROV_123'],
    ['a prefix of it', 'prov_12'],
    ['no aad', undefined],
    ['empty aad', ''],
  ])('refuses %s', (_label, aad) => {
    const sealed = box.seal(PLAINTEXT, 'prov_123');
    const err = secretBoxError(() => box.open(sealed, aad));
    expect(err.code).toBe('SECRET_BOX_DECRYPT_FAILED');
    expect(err.message).toBe(DECRYPT_FAILED);
  });

  it('refuses aad on a value sealed without aad', () => {
    const sealed = box.seal(PLAINTEXT);
    expect(secretBoxError(() => box.open(sealed, 'prov_123')).code).toBe('SECRET_BOX_DECRYPT_FAILED');
  });

  it('treats absent aad and empty aad as the same', () => {
    expect(box.open(box.seal(PLAINTEXT), '')).toBe(PLAINTEXT);
    expect(box.open(box.seal(PLAINTEXT, ''))).toBe(PLAINTEXT);
  });
});

describe('SecretBox refusals', () => {
  const box = new SecretBox(KEY);
  const sealed = box.seal(PLAINTEXT, 'prov_1');

  it('refuses a value sealed under another master key', () => {
    const err = secretBoxError(() => new SecretBox(OTHER_KEY).open(sealed, 'prov_1'));
    expect(err.code).toBe('SECRET_BOX_DECRYPT_FAILED');
    expect(err.message).toBe(DECRYPT_FAILED);
  });

  it.each([
    ['the IV', 1],
    ['the tag', 2],
    ['the ciphertext', 3],
  ])('refuses a flipped bit in %s', (_label, index) => {
    for (const byte of [0, 5, 11]) {
      const err = secretBoxError(() => box.open(flipBit(sealed, index, byte), 'prov_1'));
      expect(err.code).toBe('SECRET_BOX_DECRYPT_FAILED');
    }
  });

  it('refuses a ciphertext swapped in from another seal under the same key and aad', () => {
    const other = box.seal('sk-other-secret-value-000000000000000000', 'prov_1');
    const spliced = withField(sealed, 3, other.split('.')[3] ?? '');
    expect(secretBoxError(() => box.open(spliced, 'prov_1')).code).toBe('SECRET_BOX_DECRYPT_FAILED');
  });

  it('refuses a truncated ciphertext', () => {
    const ct = sealed.split('.')[3] ?? '';
    const truncated = withField(sealed, 3, Buffer.from(ct, 'base64url').subarray(0, 10).toString('base64url'));
    expect(secretBoxError(() => box.open(truncated, 'prov_1')).code).toBe('SECRET_BOX_DECRYPT_FAILED');
  });

  it('refuses a truncated tag as a format error (GCM tag truncation is not accepted)', () => {
    const tag = Buffer.from(sealed.split('.')[2] ?? '', 'base64url');
    const err = secretBoxError(() =>
      box.open(withField(sealed, 2, tag.subarray(0, 12).toString('base64url')), 'prov_1'),
    );
    expect(err.code).toBe('SECRET_BOX_BAD_FORMAT');
    expect(err.message).toBe('sealed secret: tag must be 16 bytes, got 12');
  });

  it('refuses an IV of the wrong length', () => {
    const err = secretBoxError(() => box.open(withField(sealed, 1, Buffer.alloc(16).toString('base64url')), 'prov_1'));
    expect(err.code).toBe('SECRET_BOX_BAD_FORMAT');
    expect(err.message).toBe('sealed secret: iv must be 12 bytes, got 16');
  });

  it.each([
    ['empty string', ''],
    ['plain text', 'sk-not-sealed'],
    ['three fields', 'v1.a.b'],
    ['five fields', `${sealed}.x`],
  ])('refuses %s as a bad format', (_label, input) => {
    const err = secretBoxError(() => box.open(input));
    expect(err.code).toBe('SECRET_BOX_BAD_FORMAT');
    expect(err.message).toBe('sealed secret: expected v1.<iv>.<tag>.<ciphertext>');
  });

  it('refuses an unknown version', () => {
    const err = secretBoxError(() => box.open(withField(sealed, 0, 'v2'), 'prov_1'));
    expect(err.code).toBe('SECRET_BOX_BAD_FORMAT');
    expect(err.message).toBe('sealed secret: unsupported version "v2"');
  });

  it.each([
    ['standard base64 characters', 1, 'AAAAAAAAAAAAAA+/'],
    ['padding', 2, 'AAAAAAAAAAAAAAAAAAAAAA=='],
    ['whitespace', 3, 'AAAA AAAA'],
    // 22 chars carry 132 bits for a 128-bit tag; a set spare bit is a second spelling of the same bytes
    ['a non-canonical trailing character', 2, `${'A'.repeat(21)}B`],
  ])('refuses %s in a field', (_label, index, value) => {
    const err = secretBoxError(() => box.open(withField(sealed, index, value), 'prov_1'));
    expect(err.code).toBe('SECRET_BOX_BAD_FORMAT');
    expect(err.message).toMatch(/^sealed secret: (iv|tag|ciphertext) is not valid base64url$/);
  });

  it('never puts the plaintext or the sealed value in an error message', () => {
    const attempts: Array<() => unknown> = [
      () => new SecretBox(OTHER_KEY).open(sealed, 'prov_1'),
      () => box.open(sealed, 'prov_2'),
      () => box.open(flipBit(sealed, 3)),
      () => box.open(PLAINTEXT),
    ];
    for (const attempt of attempts) {
      const err = secretBoxError(attempt);
      expect(err.message).not.toContain('SECRET');
      expect(err.message).not.toContain(sealed.split('.')[3]);
      expect(err.name).toBe('SecretBoxError');
    }
  });
});

describe('SecretBox.masked', () => {
  it.each([
    ['sk-proj-abcdefghijklmnopqrstuvwxyz1234', 'sk-…1234'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstu', 'AIz…rstu'],
    ['12345678901234567890', '123…7890'],
    ['1234567890123456789', '****'],
    ['short', '****'],
    ['', '****'],
  ])('masks %j as %j', (secret, expected) => {
    expect(SecretBox.masked(secret)).toBe(expected);
  });

  it('never reveals more than 7 characters of the secret', () => {
    const secret = 'sk-ant-api03-' + 'q'.repeat(80) + 'WXYZ';
    const shown = SecretBox.masked(secret).replace('…', '');
    expect(shown).toBe('sk-WXYZ');
  });

  it('does not split a surrogate pair', () => {
    expect(SecretBox.masked('🔑' + 'a'.repeat(20) + '🔒')).toBe('🔑aa…aaa🔒');
  });
});

/** Runs a racing child: `ready` once it waits at the barrier, `result` with what it loaded. */
function spawnRacer(script: string): { ready: Promise<void>; result: Promise<{ key: string; created: boolean }> } {
  // cwd = the server package, so `--import tsx` resolves wherever vitest was started from
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let errText = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (errText += c.toString()));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.startsWith('ready\n') && resolve());
    void closed.then(() => reject(new Error(`racer exited before the barrier: ${errText}`)), reject);
  });
  const result = closed.then((code) => {
    if (code !== 0) throw new Error(`racer failed (${code}): ${errText}`);
    return JSON.parse(out.slice('ready\n'.length)) as { key: string; created: boolean };
  });
  return { ready, result };
}

describe('loadOrCreateDevMasterKey', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-secret-box-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates <dataDir>/master.key with 32 random bytes, base64, mode 0600', () => {
    const dir = tempDir();
    const { key, created } = loadOrCreateDevMasterKey(dir);
    expect(created).toBe(true);
    expect(key).toHaveLength(32);
    const path = join(dir, 'master.key');
    expect(readFileSync(path, 'utf8')).toBe(`${key.toString('base64')}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['master.key']);
  });

  it('creates a missing data directory (0700)', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const { created } = loadOrCreateDevMasterKey(dir);
    expect(created).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('reads the same key back on the next start', () => {
    const dir = tempDir();
    const first = loadOrCreateDevMasterKey(dir);
    const second = loadOrCreateDevMasterKey(dir);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    const box = new SecretBox(second.key);
    expect(new SecretBox(first.key).open(box.seal('x'))).toBe('x');
  });

  it('reads a key written by hand (openssl rand -base64 32), surrounding whitespace allowed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'master.key'), `  ${KEY.toString('base64')}\r\n`);
    const { key, created } = loadOrCreateDevMasterKey(dir);
    expect(created).toBe(false);
    expect(key.equals(KEY)).toBe(true);
  });

  it.each([
    ['too short', Buffer.alloc(16).toString('base64')],
    ['not base64', 'not a key at all!'],
    ['empty', ''],
  ])('refuses a malformed existing file (%s) and leaves it untouched', (_label, content) => {
    const dir = tempDir();
    const path = join(dir, 'master.key');
    writeFileSync(path, content);
    const err = secretBoxError(() => loadOrCreateDevMasterKey(dir));
    expect(err.code).toBe('SECRET_BOX_BAD_KEY');
    expect(err.message).toBe(
      `${path} does not hold a base64-encoded 32-byte key; fix or remove it (removing makes existing sealed secrets unreadable)`,
    );
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('lets exactly one of several processes racing on an empty directory create the key; all get it', async () => {
    const dir = tempDir();
    const script = join(dir, 'race.ts');
    const go = join(dir, 'go');
    const modulePath = fileURLToPath(new URL('./secret-box.ts', import.meta.url));
    writeFileSync(
      script,
      `import { existsSync } from 'node:fs';\n` +
        `import { loadOrCreateDevMasterKey } from ${JSON.stringify(modulePath)};\n` +
        `process.stdout.write('ready\\n');\n` +
        `while (!existsSync(${JSON.stringify(go)})) {} // start barrier: all children race at once\n` +
        `const r = loadOrCreateDevMasterKey(${JSON.stringify(join(dir, 'data'))});\n` +
        `process.stdout.write(JSON.stringify({ key: r.key.toString('base64'), created: r.created }));\n`,
    );
    const racers = Array.from({ length: 6 }, () => spawnRacer(script));
    await Promise.all(racers.map((r) => r.ready));
    writeFileSync(go, '');
    const results = await Promise.all(racers.map((r) => r.result));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(readFileSync(join(dir, 'data', 'master.key'), 'utf8')).toBe(`${results[0]?.key}\n`);
    expect(readdirSync(join(dir, 'data'))).toEqual(['master.key']);
  });

  it('gives different keys to different data directories', () => {
    const a = loadOrCreateDevMasterKey(tempDir()).key;
    const b = loadOrCreateDevMasterKey(tempDir()).key;
    expect(a.equals(b)).toBe(false);
  });
});
