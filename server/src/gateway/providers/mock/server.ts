import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeIssues } from '../openai/settings.ts';
import { respond } from './responder.ts';
import { mockSettingsSchema } from './settings.ts';
import type { MockSettings } from './settings.ts';
import { pause } from './transport.ts';

/** Where and how startMockServer listens; the mock settings are defaults for every request. */
export interface MockServerOptions extends MockSettings {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
}

/** A running mock server. */
export interface MockServer {
  /** The OpenAI-style base URL, e.g. `http://127.0.0.1:18080/v1` (append `/chat/completions`). */
  url: string;
  port: number;
  /**
   * Requests answered so far (chat and embeddings calls), streams among them, 400s for bad bodies,
   * and `active`: answers still being written (0 once every client got its answer or left).
   */
  stats: { requests: number; streams: number; bad: number; active: number };
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Request bodies past this size are refused (413): the mock is a test upstream, not a sink. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Starts the mock provider as an HTTP server: `POST /v1/chat/completions`, `POST /v1/embeddings`,
 * `GET /v1/models`, with the mock's model-suffix hooks. The upstream for benchmarks and for
 * end-to-end tests of the OpenAI-compatible path. An unpaced answer is one write.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', ...settings } = options;
  const parsed = mockSettingsSchema.safeParse(settings);
  if (!parsed.success) throw new Error(`invalid mock server options: ${describeIssues(parsed.error)}`);
  const defaults = parsed.data;
  const stats = { requests: 0, streams: 0, bad: 0, active: 0 };

  async function serve(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const reply = respond({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body }, defaults);
    if (req.method === 'POST') {
      stats.requests++;
      if (reply.stream) stats.streams++;
      if (reply.status === 400) stats.bad++;
    }
    if (reply.ttftMs === 0 && reply.parts.length === 1) {
      res.writeHead(reply.status, reply.headers).end(reply.parts[0]); // the benchmark's hot path: one write
      return;
    }
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    stats.active++;
    try {
      if (reply.ttftMs > 0 && !(await pause(reply.ttftMs, gone.signal))) return;
      res.writeHead(reply.status, reply.headers);
      for (let i = 0; i < reply.parts.length; i++) {
        if (i > 0 && reply.intervalMs > 0 && !(await pause(reply.intervalMs, gone.signal))) return;
        if (res.destroyed) return;
        res.write(reply.parts[i]);
      }
      res.end();
    } finally {
      stats.active--;
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        res
          .writeHead(413, { 'content-type': 'application/json' })
          .end(
            '{"error":{"message":"request body too large","type":"invalid_request_error","param":null,"code":null}}',
          );
        return;
      }
      serve(
        req,
        res,
        chunks.length === 1 ? (chunks[0]?.toString('utf8') ?? '') : Buffer.concat(chunks).toString('utf8'),
      ).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}/v1`,
    port: bound,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
