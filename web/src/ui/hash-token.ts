/**
 * The token of an e-mailed link (`/invite#token=…`, `/reset-password#token=…`). It travels in the
 * fragment, so it never reaches a server log or a Referer header.
 */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.length <= 200 ? token : null;
}
