// URL_CREDENTIALS: the `user:password` part of `scheme://user:password@host`. The span covers the
// user info only, so a placeholder keeps the URL readable (`https://<URL_CREDENTIALS_1>@host/…`).
import type { Candidate } from './pii-types.ts';

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const STOP_CHAR = /[\s/?#<>"'`]/;

/** Finds user:password pairs in URLs with any scheme (https, postgres, redis, ftp, amqp …). */
export function detectUrlCredentials(text: string, out: Candidate[]): void {
  for (let sep = text.indexOf('://'); sep >= 0; sep = text.indexOf('://', sep + 3)) {
    if (sep === 0 || !SCHEME_CHAR.test(text[sep - 1] ?? '')) continue;
    const start = sep + 3;
    let end = start;
    let at = -1;
    let colon = -1;
    while (end < text.length && end - start < 512) {
      const c = text[end] ?? '';
      if (STOP_CHAR.test(c)) break;
      if (c === '@') at = end;
      else if (c === ':' && at < 0 && colon < 0) colon = end;
      end++;
    }
    // The host part follows the last "@"; a password may itself contain "@" only when encoded.
    if (at < 0 || colon < 0 || colon > at || colon === start || colon + 1 === at) continue;
    out.push({ type: 'URL_CREDENTIALS', start, end: at, score: 0.95 });
  }
}
