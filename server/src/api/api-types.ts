import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../auth/actor.ts';
import type { SessionService } from '../auth/session-service.ts';
import type { AccessTokens } from '../auth/tokens.ts';
import type { RequestContext } from '../audit/audit-writer.ts';
import type { Database } from '../db/database.ts';
import type { KeyDirectory } from '../keys/key-directory.ts';
import type { Metering } from '../metering/metering.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { PrivacyDeps } from '../gateway/privacy-step.ts';
import type { GatewayDeps } from '../gateway/pipeline.ts';
import type { Transport } from '../gateway/providers/types.ts';
import type { Catalog } from '../models/catalog.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { SsrfPolicy } from '../security/ssrf-guard.ts';

/** Fastify with zod schemas as the type provider: validated, typed and documented routes. */
export type ApiInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What the /api routes need, built once in main.ts. */
export interface ApiDeps {
  db: Database;
  tokens: AccessTokens;
  sessions: SessionService;
  keys: KeyDirectory;
  catalog: Catalog;
  secrets: SecretBox;
  ssrf: SsrfPolicy;
  /** The gateway's upstream transport (SSRF-guarded), for provider connection tests. */
  http: Transport;
  /** Outgoing mail (invitations, password resets) through the outbox. */
  mailer: Mailer;
  /** The privacy shield and policy cache (shared with the gateway). */
  privacy: PrivacyDeps;
  /**
   * The gateway's metering limits cache: call `invalidate(orgId)` after changing budgets, rate
   * limits, credits or metering settings so this process sees the change at once (every other
   * process picks it up by polling within a second).
   */
  limits: { invalidate(orgId: string): void };
  /** Live quota reads ("my usage"). */
  metering: Pick<Metering, 'quota'>;
  /** The gateway pipeline, for the web chat (its messages run through the same pipeline as /v1). */
  gateway: GatewayDeps;
  /** Whether the refresh cookie is marked Secure (always, except plain-http test servers). */
  secureCookies: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated actor of an /api request (set by the auth hook). */
    actor: Actor | null;
  }
}

/** The request's origin for the audit trail. */
export function requestContext(req: { ip: string; headers: Record<string, unknown>; id: string }): RequestContext {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null, requestId: req.id };
}
