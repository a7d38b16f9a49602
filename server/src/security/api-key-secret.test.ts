import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Lets a test pin the 32 "random" bytes to check the encoding at its extremes.
const forced = vi.hoisted(() => ({ bytes: null as Buffer | null }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, randomBytes: (size: number) => forced.bytes ?? actual.randomBytes(size) };
});

import { KEY_PREFIX_LENGTH, generateKeySecret, hashKeySecret, looksLikeKeySecret } from './api-key-secret.ts';

describe('generateKeySecret', () => {
  it('makes a virtual key secret gh_live_ + 43 base62 characters', () => {
    const { secret } = generateKeySecret('virtual');
    expect(secret).toMatch(/^gh_live_[0-9A-Za-z]{43}$/);
    expect(secret).toHaveLength(51);
  });

  it('makes a license key secret gh_lic_ + 43 base62 characters', () => {
    const { secret } = generateKeySecret('license');
    expect(secret).toMatch(/^gh_lic_[0-9A-Za-z]{43}$/);
    expect(secret).toHaveLength(50);
  });

  it('returns the first 12 characters as the prefix', () => {
    const virtual = generateKeySecret('virtual');
    const license = generateKeySecret('license');
    expect(KEY_PREFIX_LENGTH).toBe(12);
    expect(virtual.prefix).toBe(virtual.secret.slice(0, 12));
    expect(virtual.prefix).toMatch(/^gh_live_[0-9A-Za-z]{4}$/);
    expect(license.prefix).toMatch(/^gh_lic_[0-9A-Za-z]{5}$/);
  });

  it('returns the SHA-256 hex of the whole secret as the hash', () => {
    const { secret, hash } = generateKeySecret('virtual');
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never repeats a secret', () => {
    const secrets = new Set(Array.from({ length: 2000 }, () => generateKeySecret('virtual').secret));
    expect(secrets.size).toBe(2000);
  });

  afterEach(() => {
    forced.bytes = null;
  });

  it('left-pads with 0 so all-zero bytes still give 43 characters', () => {
    forced.bytes = Buffer.alloc(32, 0);
    expect(generateKeySecret('virtual').secret).toBe(`gh_live_${'0'.repeat(43)}`);
  });

  it('fits the largest 32-byte value in 43 characters (62^43 > 2^256)', () => {
    forced.bytes = Buffer.alloc(32, 0xff);
    const { secret } = generateKeySecret('license');
    expect(secret).toHaveLength(50);
    expect(62n ** 43n > 2n ** 256n).toBe(true);
    // decode the body back and compare with 2^256 - 1
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let value = 0n;
    for (const c of secret.slice(7)) value = value * 62n + BigInt(alphabet.indexOf(c));
    expect(value).toBe(2n ** 256n - 1n);
  });

  it('encodes bytes big-endian: 0x00…01 is …0001 and 0x00…3e (62) is …0010', () => {
    forced.bytes = Buffer.alloc(32, 0);
    forced.bytes[31] = 1;
    expect(generateKeySecret('virtual').secret.slice(-4)).toBe('0001');
    forced.bytes = Buffer.alloc(32, 0);
    forced.bytes[31] = 62;
    expect(generateKeySecret('virtual').secret.slice(-4)).toBe('0010');
  });

  it('uses the whole base62 alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const c of generateKeySecret('virtual').secret.slice(8)) seen.add(c);
    expect(seen.size).toBe(62);
  });
});

describe('hashKeySecret', () => {
  it('is the lower-case SHA-256 hex of the UTF-8 secret', () => {
    expect(hashKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashKeySecret('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('is deterministic and sensitive to every character', () => {
    const { secret, hash } = generateKeySecret('license');
    expect(hashKeySecret(secret)).toBe(hash);
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    expect(hashKeySecret(flipped)).not.toBe(hash);
  });
});

describe('looksLikeKeySecret', () => {
  it('accepts freshly generated secrets of both kinds', () => {
    expect(looksLikeKeySecret(generateKeySecret('virtual').secret)).toBe(true);
    expect(looksLikeKeySecret(generateKeySecret('license').secret)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['prefix only', 'gh_live_'],
    ['one character short', `gh_live_${'a'.repeat(42)}`],
    ['one character long', `gh_live_${'a'.repeat(44)}`],
    ['unknown kind', `gh_test_${'a'.repeat(43)}`],
    ['upper-case prefix', `GH_LIVE_${'a'.repeat(43)}`],
    ['base64url characters', `gh_live_${'a'.repeat(42)}-`],
    ['underscore in body', `gh_live_${'a'.repeat(42)}_`],
    ['trailing newline', `gh_live_${'a'.repeat(43)}\n`],
    ['leading space', ` gh_live_${'a'.repeat(43)}`],
    ['OpenAI key', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'],
    ['Bearer header', `Bearer gh_live_${'a'.repeat(43)}`],
  ])('rejects %s', (_label, input) => {
    expect(looksLikeKeySecret(input)).toBe(false);
  });

  it('accepts the exact shape with any base62 body', () => {
    expect(looksLikeKeySecret(`gh_live_${'0'.repeat(43)}`)).toBe(true);
    expect(looksLikeKeySecret(`gh_lic_${'Z9z'.repeat(14)}a`)).toBe(true);
  });
});
