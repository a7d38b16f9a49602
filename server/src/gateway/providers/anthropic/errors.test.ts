import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicAdapter } from './index.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('anthropic adapter errors and capabilities', () => {
  it('keeps a 400 as the client’s bad request, with Anthropic’s message', () => {
    expect(anthropicAdapter.errorResponse(400, fixture('error-invalid-request.json'))).toEqual({
      status: 400,
      code: 'upstream_bad_request',
      message:
        'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
      retryable: false,
      upstreamStatus: 400,
    });
  });

  it('classifies 429 as rate limited and retryable', () => {
    expect(anthropicAdapter.errorResponse(429, fixture('error-rate-limit.json'))).toMatchObject({
      status: 429,
      code: 'upstream_rate_limited',
      retryable: true,
      upstreamStatus: 429,
    });
  });

  it('classifies 500 as a retryable upstream error', () => {
    expect(anthropicAdapter.errorResponse(500, fixture('error-api.json'))).toEqual({
      status: 502,
      code: 'upstream_error',
      message: 'Internal server error',
      retryable: true,
      upstreamStatus: 500,
    });
  });

  it('classifies 529 as overloaded (503), retryable', () => {
    expect(anthropicAdapter.errorResponse(529, fixture('error-overloaded.json'))).toEqual({
      status: 503,
      code: 'upstream_overloaded',
      message: 'Overloaded',
      retryable: true,
      upstreamStatus: 529,
    });
  });

  it('classifies a 401 (our provider key) as 502 and never throws on non-JSON bodies', () => {
    expect(anthropicAdapter.errorResponse(401, '<html>Unauthorized</html>')).toEqual({
      status: 502,
      code: 'upstream_auth_failed',
      message: '<html>Unauthorized</html>',
      retryable: false,
      upstreamStatus: 401,
    });
    expect(anthropicAdapter.errorResponse(503, '').message).toBe('upstream returned HTTP 503');
  });

  it('declares its capabilities and base URL', () => {
    expect(anthropicAdapter.kind).toBe('anthropic');
    expect(anthropicAdapter.defaultBaseUrl).toBe('https://api.anthropic.com/v1');
    expect(anthropicAdapter.capabilities).toEqual({
      embeddings: false,
      tools: true,
      images: true,
      jsonMode: true,
      streamUsage: 'always',
    });
    expect(anthropicAdapter.embeddingsRequest).toBeUndefined();
  });
});
