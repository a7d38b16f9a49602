/**
 * Encryption of provider credentials at rest: AES-256-GCM under the 32-byte MASTER_KEY, one random
 * 96-bit IV per seal, optional associated data binding a ciphertext to its row.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Authenticated with every seal, so a v1 ciphertext can never be opened under another format's rules. */
const AAD_DOMAIN = Buffer.from('gatehouse/secret-box/v1\0', 'utf8');
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Why a SecretBox operation failed; SCREAMING_SNAKE so callers can branch without parsing messages. */
export type SecretBoxErrorCode = 'SECRET_BOX_BAD_KEY' | 'SECRET_BOX_BAD_FORMAT' | 'SECRET_BOX_DECRYPT_FAILED';

/** A SecretBox failure; its message names what was wrong and never contains the plaintext or key. */
export class SecretBoxError extends Error {
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** Decodes canonical unpadded base64url, or throws a format error naming the field. */
function decodeField(text: string, field: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (!BASE64URL.test(text) || bytes.toString('base64url') !== text) {
    throw new SecretBoxError('SECRET_BOX_BAD_FORMAT', `sealed secret: ${field} is not valid base64url`);
  }
  return bytes;
}

function associatedData(aad: string | undefined): Buffer {
  return Buffer.concat([AAD_DOMAIN, Buffer.from(aad ?? '', 'utf8')]);
}

/**
 * Seals and opens short secrets (provider API keys) as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 * Pass the same `aad` (e.g. the provider id) to `seal` and `open`; a value copied to another row
 * then fails to open. An absent aad and an empty aad are the same.
 */
export class SecretBox {
  readonly #key: KeyObject;

  /** `masterKey` must be exactly 32 bytes; it is copied, so later changes to the buffer have no effect. */
  constructor(masterKey: Buffer) {
    if (!Buffer.isBuffer(masterKey) || masterKey.length !== KEY_BYTES) {
      const got = Buffer.isBuffer(masterKey) ? `${masterKey.length} bytes` : typeof masterKey;
      throw new SecretBoxError('SECRET_BOX_BAD_KEY', `master key must be ${KEY_BYTES} bytes, got ${got}`);
    }
    this.#key = createSecretKey(Buffer.from(masterKey));
  }

  /** Encrypts `plaintext` (UTF-8) with a fresh random IV, so sealing the same text twice gives different output. */
  seal(plaintext: string, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Decrypts a value from `seal`; throws `SecretBoxError` on a bad format, wrong key, wrong aad or tampering. */
  open(sealed: string, aad?: string): string {
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    if (parts.length !== 4) {
      throw new SecretBoxError('SECRET_BOX_BAD_FORMAT', 'sealed secret: expected v1.<iv>.<tag>.<ciphertext>');
    }
    const [version = '', ivText = '', tagText = '', ciphertextText = ''] = parts;
    if (version !== VERSION) {
      throw new SecretBoxError(
        'SECRET_BOX_BAD_FORMAT',
        `sealed secret: unsupported version ${JSON.stringify(version.slice(0, 8))}`,
      );
    }
    const iv = decodeField(ivText, 'iv');
    const tag = decodeField(tagText, 'tag');
    const ciphertext = decodeField(ciphertextText, 'ciphertext');
    if (iv.length !== IV_BYTES) {
      throw new SecretBoxError(
        'SECRET_BOX_BAD_FORMAT',
        `sealed secret: iv must be ${IV_BYTES} bytes, got ${iv.length}`,
      );
    }
    if (tag.length !== TAG_BYTES) {
      throw new SecretBoxError(
        'SECRET_BOX_BAD_FORMAT',
        `sealed secret: tag must be ${TAG_BYTES} bytes, got ${tag.length}`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'SECRET_BOX_DECRYPT_FAILED',
        'sealed secret could not be decrypted: wrong master key, wrong associated data, or the value was altered',
      );
    }
  }

  /** A display form revealing at most the first 3 and last 4 characters (`sk-…abcd`); `****` when shorter than 20. */
  static masked(secret: string): string {
    const chars = Array.from(secret);
    if (chars.length < 20) return '****';
    return `${chars.slice(0, 3).join('')}…${chars.slice(-4).join('')}`;
  }
}

/**
 * Development only — the caller decides when this is allowed: reads `<dataDir>/master.key`
 * (base64 of 32 bytes) or creates it with mode 0600. Creation is atomic and never overwrites a key
 * another process wrote first; an unreadable or malformed existing file is an error, not replaced.
 */
export function loadOrCreateDevMasterKey(dataDir: string): { key: Buffer; created: boolean } {
  const path = join(dataDir, 'master.key');
  const existing = readKeyFile(path);
  if (existing !== null) return { key: existing, created: false };

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path); // fails with EEXIST instead of replacing a key written concurrently
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = readKeyFile(path);
    if (winner === null) throw err;
    return { key: winner, created: false };
  } finally {
    unlinkSync(temp);
  }
  return { key, created: true };
}

/** The key in `path`, null when the file does not exist; throws `SecretBoxError` when it is malformed. */
function readKeyFile(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== text) {
    throw new SecretBoxError(
      'SECRET_BOX_BAD_KEY',
      `${path} does not hold a base64-encoded ${KEY_BYTES}-byte key; fix or remove it (removing makes existing sealed secrets unreadable)`,
    );
  }
  return key;
}
