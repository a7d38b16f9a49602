import { describe, expect, it } from 'vitest';
import { geminiAdapter } from './index.ts';
import { fixtureText } from './test-helpers.ts';

describe('gemini errorResponse', () => {
  it('keeps a client 400 as upstream_bad_request', () => {
    expect(geminiAdapter.errorResponse(400, fixtureText('error-400-invalid-argument.json'))).toEqual({
      status: 400,
      code: 'upstream_bad_request',
      message: '* GenerateContentRequest.generation_config.temperature: must be in the range [0, 2]\n',
      retryable: false,
      upstreamStatus: 400,
    });
  });

  it('reads a 400 API_KEY_INVALID as our credential failing, not the client request', () => {
    expect(geminiAdapter.errorResponse(400, fixtureText('error-400-api-key-invalid.json'))).toEqual({
      status: 502,
      code: 'upstream_auth_failed',
      message: 'API key not valid. Please pass a valid API key.',
      retryable: false,
      upstreamStatus: 400,
    });
  });

  it('classifies 429 as retryable rate limiting', () => {
    const error = geminiAdapter.errorResponse(429, fixtureText('error-429-resource-exhausted.json'));
    expect([error.status, error.code, error.retryable, error.upstreamStatus]).toEqual([
      429,
      'upstream_rate_limited',
      true,
      429,
    ]);
    expect(error.message.startsWith('You exceeded your current quota')).toBe(true);
  });

  it('reads an array-wrapped 500 and a 503 as retryable upstream failures', () => {
    expect(geminiAdapter.errorResponse(500, fixtureText('error-500-array.json'))).toEqual({
      status: 502,
      code: 'upstream_error',
      message:
        'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      retryable: true,
      upstreamStatus: 500,
    });
    expect(geminiAdapter.errorResponse(503, fixtureText('error-503-overloaded.json'))).toEqual({
      status: 503,
      code: 'upstream_overloaded',
      message: 'The model is overloaded. Please try again later.',
      retryable: true,
      upstreamStatus: 503,
    });
  });

  it('never throws on a non-JSON body, and redacts anything shaped like a Google key', () => {
    const key = `AIza${'x'.repeat(35)}`;
    expect(geminiAdapter.errorResponse(502, `<html>Bad gateway for ${key}</html>`)).toEqual({
      status: 502,
      code: 'upstream_error',
      message: '<html>Bad gateway for [redacted]</html>',
      retryable: true,
      upstreamStatus: 502,
    });
    expect(geminiAdapter.errorResponse(404, '')).toEqual({
      status: 502,
      code: 'upstream_not_found',
      message: 'upstream returned HTTP 404',
      retryable: false,
      upstreamStatus: 404,
    });
  });
});
