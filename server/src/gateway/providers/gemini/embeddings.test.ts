import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.ts';
import { ProviderProtocolError } from '../types.ts';
import { geminiAdapter } from './index.ts';
import { fixtureJson, target } from './test-helpers.ts';

const embeddingsRequest = geminiAdapter.embeddingsRequest!;
const embeddingsResponse = geminiAdapter.embeddingsResponse!;

describe('gemini embeddings', () => {
  it('builds a batchEmbedContents request, one entry per input', () => {
    const upstream = embeddingsRequest(target({ upstreamModel: 'gemini-embedding-001' }), {
      model: 'gemini-embedding-001',
      input: ['first text', 'second'],
      dimensions: 768,
    });
    expect(upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    );
    expect(upstream.headers['x-goog-api-key']).toBe('test-key-123');
    expect(JSON.parse(upstream.body ?? '')).toEqual({
      requests: [
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'first text' }] },
          outputDimensionality: 768,
        },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'second' }] }, outputDimensionality: 768 },
      ],
    });
    const single = embeddingsRequest(target({ upstreamModel: 'text-embedding-004' }), {
      model: 'text-embedding-004',
      input: 'one',
    });
    expect(JSON.parse(single.body ?? '')).toEqual({
      requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'one' }] } }],
    });
  });

  it('rejects token-array and empty input with invalid_request', () => {
    for (const input of [[1, 2, 3], [[1, 2]], []]) {
      let thrown: unknown;
      try {
        embeddingsRequest(target(), { model: 'm', input });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe('invalid_request');
      expect((thrown as AppError).options.param).toBe('input');
    }
  });

  it('translates the response to the OpenAI list shape with estimated usage', () => {
    const request = { model: 'gemini-embedding-001', input: ['first text', 'second'] };
    expect(embeddingsResponse(fixtureJson('embeddings.json'), request)).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.013168523, -0.008711934, -0.046782676, 0.000699841] },
        { object: 'embedding', index: 1, embedding: [-0.024917256, 0.0051164594, -0.037503727, 0.021318916] },
      ],
      model: 'gemini-embedding-001',
      // ceil(10 / 4) + ceil(6 / 4)
      usage: { prompt_tokens: 5, total_tokens: 5 },
    });
  });

  it('encodes base64 as float32 little-endian when asked', () => {
    const response = embeddingsResponse(
      { embeddings: [{ values: [1, -2.5] }] },
      { model: 'm', input: 'x', encoding_format: 'base64' },
    );
    const embedding = response.data[0]?.embedding;
    expect(embedding).toBe('AACAPwAAIMA=');
    const bytes = Buffer.from(String(embedding), 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -2.5]);
  });

  it('throws ProviderProtocolError on a malformed or mismatched body', () => {
    expect(() => embeddingsResponse({ embedding: { values: [1] } }, { model: 'm', input: 'x' })).toThrow(
      'gemini batchEmbedContents response: embeddings: Invalid input: expected array, received undefined',
    );
    expect(() => embeddingsResponse({ embeddings: [] }, { model: 'm', input: 'x' })).toThrow(ProviderProtocolError);
    expect(() => embeddingsResponse({ embeddings: [] }, { model: 'm', input: 'x' })).toThrow(
      'gemini returned 0 embeddings for 1 inputs',
    );
  });
});
