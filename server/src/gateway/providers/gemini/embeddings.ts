// Embeddings through batchEmbedContents: one request entry per input string, answered in order.
import { AppError } from '../../../errors.ts';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../canonical.ts';
import { ProviderProtocolError } from '../types.ts';
import type { ProviderTarget, UpstreamRequest } from '../types.ts';
import { geminiHeaders, modelResource, modelUrl } from './request.ts';
import { batchEmbedResponseSchema, parseWire } from './wire.ts';

/** The inputs as strings. Token arrays have no meaning for Gemini's tokenizer: a 400, said plainly. */
function inputTexts(input: EmbeddingsRequest['input']): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  if (!texts.every((t): t is string => typeof t === 'string')) {
    throw new AppError(
      'invalid_request',
      'this provider takes embeddings input as a string or an array of strings, not token ids',
      {
        param: 'input',
      },
    );
  }
  if (texts.length === 0) throw new AppError('invalid_request', 'input must not be empty', { param: 'input' });
  return texts;
}

/**
 * Estimated tokens for one input: Gemini's batchEmbedContents reports no usage, so we count about
 * four characters (UTF-16 code units) per token, rounded up. Cheap, deterministic, and the same
 * estimate for the same text every time; it is not Gemini's tokenizer and can be off by a fair bit.
 */
export function estimateEmbeddingTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** POST …:batchEmbedContents for a string or string[] input; `dimensions` → outputDimensionality. */
export function geminiEmbeddingsRequest(target: ProviderTarget, request: EmbeddingsRequest): UpstreamRequest {
  const model = modelResource(target.upstreamModel);
  const requests = inputTexts(request.input).map((text) => {
    const entry: Record<string, unknown> = { model, content: { parts: [{ text }] } };
    if (request.dimensions !== undefined) entry.outputDimensionality = request.dimensions;
    return entry;
  });
  return {
    method: 'POST',
    url: modelUrl(target, 'batchEmbedContents'),
    headers: geminiHeaders(target),
    body: JSON.stringify({ requests }),
  };
}

/** OpenAI's base64 encoding: the float32 little-endian bytes of the vector. */
function toBase64(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

/** batchEmbedContents body → OpenAI list shape, with estimated usage. Throws ProviderProtocolError when malformed. */
export function geminiEmbeddingsResponse(body: unknown, request: EmbeddingsRequest): EmbeddingsResponse {
  const { embeddings } = parseWire(batchEmbedResponseSchema, body, 'batchEmbedContents response');
  const texts = inputTexts(request.input);
  if (embeddings.length !== texts.length) {
    throw new ProviderProtocolError(`gemini returned ${embeddings.length} embeddings for ${texts.length} inputs`);
  }
  const tokens = texts.reduce((sum, text) => sum + estimateEmbeddingTokens(text), 0);
  return {
    object: 'list',
    data: embeddings.map((e, index) => ({
      object: 'embedding',
      index,
      embedding: request.encoding_format === 'base64' ? toBase64(e.values) : e.values,
    })),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
