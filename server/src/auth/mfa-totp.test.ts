import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, checkTotp, hotpCode, newTotpSecret, otpauthUrl, totpStep } from './mfa-totp.ts';

/** The RFC 6238 appendix B SHA-1 key, "12345678901234567890", in base32. */
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const code = (secret: string, step: number) => hotpCode(base32Decode(secret), step);

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it('matches the RFC 6238 test vectors (last 6 of the 8 digits)', () => {
    const vectors: Array<[number, string]> = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ];
    for (const [seconds, expected] of vectors) expect(code(RFC_SECRET, totpStep(seconds * 1000))).toBe(expected);
  });

  it('round-trips base32 and makes 160-bit secrets', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString('ascii')).toBe('12345678901234567890');
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(() => base32Decode('not*base32')).toThrow();
  });

  it('accepts one step of drift either way and refuses two, with an injected clock', () => {
    const now = 1_800_000_015_000; // the middle of a step
    const step = totpStep(now);
    for (const d of [-1, 0, 1])
      expect(checkTotp(RFC_SECRET, code(RFC_SECRET, step + d), now, null)).toEqual({ ok: true, step: step + d });
    for (const d of [-2, 2])
      expect(checkTotp(RFC_SECRET, code(RFC_SECRET, step + d), now, null)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a code whose step is not after the last accepted one', () => {
    const now = 1_800_000_015_000;
    const step = totpStep(now);
    expect(checkTotp(RFC_SECRET, code(RFC_SECRET, step), now, step)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(RFC_SECRET, code(RFC_SECRET, step - 1), now, step)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(RFC_SECRET, code(RFC_SECRET, step + 1), now, step)).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses malformed codes and ignores spaces', () => {
    const now = 1_800_000_015_000;
    const good = code(RFC_SECRET, totpStep(now));
    expect(checkTotp(RFC_SECRET, `${good.slice(0, 3)} ${good.slice(3)}`, now, null).ok).toBe(true);
    for (const bad of ['', '12345', '1234567', 'abcdef']) expect(checkTotp(RFC_SECRET, bad, now, null).ok).toBe(false);
  });

  it('builds the otpauth URL authenticator apps scan', () => {
    const text = otpauthUrl({ issuer: 'Gatehouse', account: 'a+b@example.com', secret: RFC_SECRET });
    expect(text.startsWith('otpauth://totp/Gatehouse:a%2Bb%40example.com?')).toBe(true);
    const url = new URL(text);
    expect(url.host).toBe('totp');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: RFC_SECRET,
      issuer: 'Gatehouse',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
