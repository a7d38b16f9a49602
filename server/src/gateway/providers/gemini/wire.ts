// Gemini's response bodies as we read them (generativelanguage v1beta). Objects are loose: fields we
// do not use pass unchecked, fields we do use are checked, so a changed shape fails loudly here.
import { z } from 'zod';
import { ProviderProtocolError } from '../types.ts';

const functionCallSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  args: z.record(z.string(), z.unknown()).nullish(),
});

const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  functionCall: functionCallSchema.optional(),
});

const candidateSchema = z.looseObject({
  content: z.looseObject({ parts: z.array(partSchema).optional(), role: z.string().optional() }).optional(),
  finishReason: z.string().optional(),
  index: z.number().int().nonnegative().optional(),
});

const usageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().optional(),
  candidatesTokenCount: z.number().optional(),
  thoughtsTokenCount: z.number().optional(),
  cachedContentTokenCount: z.number().optional(),
  totalTokenCount: z.number().optional(),
});

const googleErrorSchema = z.looseObject({
  code: z.number().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
});

/** One GenerateContentResponse: the whole non-stream body, or one `data:` event of a stream. */
export const generateContentResponseSchema = z.looseObject({
  candidates: z.array(candidateSchema).optional(),
  promptFeedback: z.looseObject({ blockReason: z.string().optional() }).optional(),
  usageMetadata: usageMetadataSchema.optional(),
  modelVersion: z.string().optional(),
  error: googleErrorSchema.optional(),
});

/** The batchEmbedContents answer: one `values` vector per request, in request order. */
export const batchEmbedResponseSchema = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
});

/** A parsed Gemini GenerateContentResponse. */
export type GeminiResponse = z.infer<typeof generateContentResponseSchema>;
/** One candidate (an alternative answer) of a GenerateContentResponse. */
export type GeminiCandidate = z.infer<typeof candidateSchema>;
/** One content part of a candidate. */
export type GeminiPart = z.infer<typeof partSchema>;
/** Token counts as Gemini reports them. */
export type GeminiUsage = z.infer<typeof usageMetadataSchema>;
/** Google's error object (`{ code, message, status }`), as sent in error bodies and inside streams. */
export type GoogleError = z.infer<typeof googleErrorSchema>;

/** Validates `body` against `schema`; a mismatch becomes a ProviderProtocolError naming the field. */
export function parseWire<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
  throw new ProviderProtocolError(`gemini ${what}: ${path}: ${issue?.message ?? 'unexpected shape'}`);
}

/** HTTP status for Google's canonical status names, for errors that carry no numeric code. */
const STATUS_BY_NAME: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  UNKNOWN: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** The HTTP status a Google error object stands for: its numeric code, else its status name, else 500. */
export function googleErrorStatus(error: GoogleError): number {
  if (error.code !== undefined && error.code >= 400 && error.code <= 599) return error.code;
  return (error.status !== undefined ? STATUS_BY_NAME[error.status] : undefined) ?? 500;
}

/** Strips anything shaped like a Google API key, so an echoed key never reaches a client or a log. */
export function redactGoogleKeys(text: string): string {
  return text.replace(/AIza[0-9A-Za-z_-]{35}/g, '[redacted]');
}
