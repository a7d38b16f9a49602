import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** Lifetime of an access token: short, because it is not revocable on its own. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Lifetime of a refresh token family member. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The claims Gatehouse puts in an access token. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Org the session acts in. */
  org: string;
  /** Session (refresh-token row) id, so revoking a session is checked on each request. */
  sid: string;
}

/**
 * Signs and verifies access tokens (JWT, HS256) with a key derived from the master key by HKDF,
 * so there is one secret to manage and rotating MASTER_KEY signs everyone out.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(masterKey: Buffer) {
    this.key = new Uint8Array(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse access-token v1', 32));
  }

  async sign(claims: AccessClaims, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({ org: claims.org, sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer('gatehouse')
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.key);
  }

  /** The claims of a valid token; `expired` or `invalid` otherwise. Never throws. */
  async verify(
    token: string,
  ): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: 'expired' | 'invalid' }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'gatehouse', algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.org !== 'string' || typeof payload.sid !== 'string')
        return { ok: false, reason: 'invalid' };
      return { ok: true, claims: { sub: payload.sub, org: payload.org, sid: payload.sid } };
    } catch (error) {
      return { ok: false, reason: error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

/** A new opaque refresh token and the SHA-256 that is stored in its place. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `ghr_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** SHA-256 hex of an opaque token (refresh, invitation, password reset). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
