/**
 * Secrets of virtual API keys and license keys. Only the SHA-256 of a secret is stored (the secret
 * carries 256 random bits, so a fast unsalted hash is enough to make a leaked table useless); the
 * first 12 characters are kept in clear so people can tell their keys apart in lists.
 */
import { hash, randomBytes } from 'node:crypto';

/** Which kind of key a secret belongs to; the kind is visible in the secret's prefix. */
export type KeySecretKind = 'virtual' | 'license';

const PREFIX: Readonly<Record<KeySecretKind, string>> = { virtual: 'gh_live_', license: 'gh_lic_' };
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 62^43 > 2^256, so 43 base62 characters hold 32 random bytes exactly, with no modulo bias. */
const BODY_LENGTH = 43;
const SECRET_PATTERN = /^gh_(?:live|lic)_[0-9A-Za-z]{43}$/;

/** How many leading characters of a secret are stored and shown in clear. */
export const KEY_PREFIX_LENGTH = 12;

/** Encodes bytes as fixed-width base62 (big-endian, left-padded with `0`). */
function toBase62(bytes: Buffer, width: number): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = ALPHABET.charAt(Number(value % 62n)) + out;
    value /= 62n;
  }
  return out.padStart(width, '0');
}

/** A fresh secret (shown to the user once), its clear prefix for lists, and the SHA-256 hex to store. */
export function generateKeySecret(kind: KeySecretKind): { secret: string; prefix: string; hash: string } {
  const secret = PREFIX[kind] + toBase62(randomBytes(32), BODY_LENGTH);
  return { secret, prefix: secret.slice(0, KEY_PREFIX_LENGTH), hash: hashKeySecret(secret) };
}

/** SHA-256 (lower-case hex, 64 chars) of the whole secret as presented, prefix included. */
export function hashKeySecret(secret: string): string {
  // One-shot crypto.hash: a third of createHash().update().digest()'s cost, on every gateway request.
  return hash('sha256', secret, 'hex');
}

/** Cheap shape check (`gh_live_`/`gh_lic_` + 43 base62) to reject garbage before hashing and to spot secrets in logs. */
export function looksLikeKeySecret(s: string): boolean {
  return typeof s === 'string' && SECRET_PATTERN.test(s);
}
