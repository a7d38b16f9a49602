import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ChatRequest, EmbeddingsRequest } from './canonical.ts';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const otherPart = z.looseObject({ type: z.string() });
const userContent = z.union([z.string(), z.array(z.union([textPart, imagePart, otherPart]))]);
const textContent = z.union([z.string(), z.array(textPart)]);
const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer']), content: textContent, name: z.string().optional() }),
  z.looseObject({ role: z.literal('user'), content: userContent, name: z.string().optional() }),
  z.looseObject({
    role: z.literal('assistant'),
    content: textContent.nullish(),
    tool_calls: z.array(toolCall).optional(),
    name: z.string().optional(),
  }),
  z.looseObject({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1) }),
]);

const positiveInt = z.number().int().positive();

/** Validates a Chat Completions body; unknown fields pass through to the provider. */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  messages: z.array(message).min(1, 'messages must contain at least one message'),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  tools: z
    .array(
      z.looseObject({
        type: z.literal('function'),
        function: z.looseObject({
          name: z.string().min(1),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .optional(),
  tool_choice: z
    .union([
      z.enum(['none', 'auto', 'required']),
      z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
    ])
    .optional(),
  response_format: z
    .union([
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({ type: z.literal('json_schema'), json_schema: z.looseObject({ name: z.string() }) }),
    ])
    .optional(),
});

/** Validates an Embeddings body. */
export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: positiveInt.optional(),
});

/** The `/v1/generate` body: the simplest form for integrations that want no SDK. */
export const generateRequestSchema = z.object({
  prompt: z.string().min(1, 'prompt is required'),
  model: z.string().min(1).optional(),
  system: z.string().optional(),
  max_tokens: positiveInt.optional(),
  temperature: z.number().min(0).max(2).optional(),
});

/** Turns a zod failure into an invalid_request error naming the first wrong field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new AppError('invalid_request', path ? `${path}: ${issue.message}` : issue.message, {
    param: path || undefined,
  });
}

/** Validates a chat body. */
export const parseChatRequest = (body: unknown): ChatRequest => parseOrThrow(chatRequestSchema, body) as ChatRequest;
/** Validates an embeddings body. */
export const parseEmbeddingsRequest = (body: unknown): EmbeddingsRequest =>
  parseOrThrow(embeddingsRequestSchema, body) as EmbeddingsRequest;
