import { createHash, randomInt } from 'node:crypto';

/** How many recovery codes a person gets at once; a new set replaces the old one. */
export const RECOVERY_CODE_COUNT = 10;

/** Lower-case letters and digits without look-alikes (0/o, 1/l/i): easy to read off paper. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUP = 5;

/** Fresh one-time recovery codes like `k7m2q-x9p4w` (~49 bits each), shown once and never stored. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const code = () =>
    Array.from({ length: GROUP * 2 }, (_, i) => (i === GROUP ? '-' : '') + ALPHABET[randomInt(ALPHABET.length)]).join(
      '',
    );
  return Array.from({ length: count }, code);
}

/** The stored form of a recovery code: SHA-256 (hex) of it without case, spaces or dashes. */
export function recoveryCodeHash(code: string): string {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalized).digest('hex');
}
