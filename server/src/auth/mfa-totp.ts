/**
 * TOTP per RFC 6238 over HOTP (RFC 4226): HMAC-SHA-1, 6 digits, 30-second steps, one step of
 * clock drift either way. Pure functions; the caller passes the time, so tests inject a clock.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Length of a time step, in seconds. */
export const TOTP_PERIOD_SECONDS = 30;
/** Digits of a code. */
export const TOTP_DIGITS = 6;
/** Steps of clock drift accepted on either side of the current one (±30 s). */
export const TOTP_DRIFT_STEPS = 1;
/** Random bytes in a new secret (160 bits, the HMAC-SHA-1 block recommendation of RFC 4226). */
export const TOTP_SECRET_BYTES = 20;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps expect it. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces and padding ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('base32: invalid character');
    value = ((value << 5) | index) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A fresh random secret, base32-encoded (32 characters). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** The time step (counter) that `nowMs` (milliseconds since the epoch) falls in. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The HOTP code of `secret` for counter `step`, zero-padded to 6 digits. */
export function hotpCode(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/** Outcome of checking a code: the step it matched, or why it was refused. */
export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * Checks `code` against the steps around `nowMs`. A code whose step is not after `lastStep` (the
 * last one accepted for this secret) is a replay: each code works once, and an older one never
 * after a newer one (RFC 6238 §5.2).
 */
export function checkTotp(secretBase32: string, code: string, nowMs: number, lastStep: number | null): TotpCheck {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return { ok: false, reason: 'invalid' };
  const secret = base32Decode(secretBase32);
  const current = totpStep(nowMs);
  let matched: number | null = null;
  let replayed = false;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (!timingSafeEqual(Buffer.from(hotpCode(secret, step)), Buffer.from(digits))) continue;
    if (lastStep !== null && step <= lastStep) replayed = true;
    else matched ??= step;
  }
  if (matched !== null) return { ok: true, step: matched };
  return { ok: false, reason: replayed ? 'replayed' : 'invalid' };
}

/** The `otpauth://` URI an authenticator app scans (Key Uri Format). */
export function otpauthUrl(input: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const query = new URLSearchParams({
    secret: input.secret,
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
