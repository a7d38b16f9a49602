import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ChatRequest } from '../gateway/canonical.ts';
import { TransportError } from '../gateway/http-transport.ts';
import { providerAdapters } from '../gateway/providers/registry.ts';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../gateway/providers/types.ts';
import { malformedUpstream } from '../gateway/providers/upstream-errors.ts';
import { SecretBox } from '../security/secret-box.ts';
import type { ProviderRow } from './provider-presenter.ts';

/** The answer of POST /api/providers/:id/test. */
export const connectionTestOut = z.object({
  ok: z.boolean(),
  latencyMs: z.number().int().describe('Time until the provider answered, in milliseconds'),
  model: z.string().describe('The upstream model the test asked for'),
  status: z.number().int().optional().describe("The provider's HTTP status, when it answered"),
  error: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .describe('Classified failure (same codes as the gateway); never contains the credential'),
});

/** The outcome of a connection test. */
export type ConnectionTest = z.infer<typeof connectionTestOut>;

/** How long a test waits for the provider before it reports a timeout. */
export const CONNECTION_TEST_TIMEOUT_MS = 15_000;

/** A message with the credential (if the upstream echoed it) replaced by its masked form. */
function scrub(message: string, apiKey: string | null): string {
  return apiKey && apiKey.length >= 4 ? message.split(apiKey).join(SecretBox.masked(apiKey)) : message;
}

/**
 * Tests a provider with a real, cheap upstream call: a one-token chat to `upstreamModel`, built by
 * the provider's adapter and sent through the gateway's own transport (the SSRF-guarded
 * dispatcher), so it fails exactly where a real request would. Never throws for upstream trouble.
 */
export async function testProviderConnection(
  row: ProviderRow,
  upstreamModel: string,
  deps: { secrets: SecretBox; http: Transport },
  timeoutMs = CONNECTION_TEST_TIMEOUT_MS,
): Promise<ConnectionTest> {
  const adapter = providerAdapters[row.kind];
  let apiKey: string | null = null;
  const fail = (code: string, message: string, latencyMs = 0, status?: number): ConnectionTest => ({
    ok: false,
    latencyMs,
    model: upstreamModel,
    ...(status !== undefined ? { status } : {}),
    error: { code, message: scrub(message, apiKey) },
  });
  if (row.credentials_enc) {
    try {
      apiKey = deps.secrets.open(row.credentials_enc, row.id);
    } catch {
      return fail('provider_misconfigured', 'the stored credential cannot be decrypted (was MASTER_KEY changed?)');
    }
  }
  const baseUrl = (row.base_url ?? adapter.defaultBaseUrl ?? '').replace(/\/+$/, '');
  const chat: ChatRequest = { model: upstreamModel, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 };
  let request: UpstreamRequest;
  try {
    request = adapter.chatRequest({ baseUrl, apiKey, upstreamModel, settings: row.settings ?? {} }, chat);
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    return fail('provider_misconfigured', `the request cannot be built: ${(error as Error).message}`);
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  let res: UpstreamResponse;
  try {
    res = await (adapter.transport ?? deps.http).send(request, { signal });
  } catch (error) {
    if (error instanceof TransportError) return fail(error.upstream.code, error.upstream.message, elapsed());
    if (signal.aborted) return fail('upstream_timeout', 'the provider did not answer in time', elapsed());
    return fail('upstream_unreachable', 'the provider could not be reached', elapsed());
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    return fail('upstream_timeout', 'the provider did not finish its answer in time', elapsed(), res.status);
  } finally {
    res.dispose();
  }
  const latencyMs = elapsed();
  if (res.status < 200 || res.status >= 300) {
    const upstream = adapter.errorResponse(res.status, text);
    return fail(upstream.code, upstream.message, latencyMs, res.status);
  }
  try {
    adapter.chatResponse(JSON.parse(text), { id: 'chatcmpl-test', created: Math.floor(Date.now() / 1000) });
  } catch (error) {
    const malformed = malformedUpstream(error instanceof Error ? error.message : 'unreadable body');
    return fail(malformed.code, malformed.message, latencyMs, res.status);
  }
  return { ok: true, latencyMs, model: upstreamModel, status: res.status };
}
