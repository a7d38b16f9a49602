/**
 * A fresh idempotency key for one credit entry: 128 random bits as hex. getRandomValues works
 * outside secure contexts too (randomUUID does not), so an install served over plain http on a
 * LAN still gets one.
 */
export function newIdempotencyKey(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
