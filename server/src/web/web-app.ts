import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build -w web` puts the web app. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths that belong to the server, never to the web app: their unknown URLs stay JSON 404s. */
const SERVER_PATHS = ['/api', '/v1', '/docs', '/openapi.json', '/health', '/ready', '/metrics'];

/** Cache for a year: Vite puts a content hash in every file name under assets/. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** True when `url` is (under) one of the server's own paths. */
export function isServerPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return SERVER_PATHS.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`));
}

/**
 * What the app's pages may load: only our own scripts (no inline ones), styles and API; images
 * also from data: (the MFA QR code) and https: (an org's logo URL); never framed by another site.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of the app's HTML: always revalidated, locked down by the CSP, never framed. */
function htmlHeaders(reply: FastifyReply): void {
  reply.header('cache-control', 'no-cache');
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-frame-options', 'DENY');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
}

/**
 * Serves the built web app at `/`: hashed assets immutable, index.html revalidated on every load,
 * and every other browser navigation (GET that accepts text/html, outside the server's own paths)
 * answered with index.html so the client-side router can show the page. Without a build (a
 * server-only deployment, a test run) nothing is registered and the API works as before.
 */
export function registerWebApp(app: FastifyInstance, options: { root?: string } = {}): boolean {
  const root = options.root ?? WEB_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.info({ root }, 'web app not built: serving the API only (npm run build -w web)');
    return false;
  }
  app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, found at start-up: the build does not change while we run.
    wildcard: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders: (reply, path) => {
      if (path.startsWith(join(root, 'assets'))) reply.header('cache-control', IMMUTABLE);
      else if (path.endsWith('.html')) htmlHeaders(reply);
      else reply.header('cache-control', 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (req: FastifyRequest, reply: FastifyReply) => {
    const accept = req.headers.accept ?? '';
    if (isServerPath(req.url) || !accept.includes('text/html')) return reply.callNotFound();
    htmlHeaders(reply);
    return reply.sendFile('index.html');
  });
  return true;
}
