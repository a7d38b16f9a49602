import { isRecord } from '../openai/response.ts';
import { answerText, chooseTool, fnv1a, lastUserText, promptTokens, textAnswer, toolAnswer } from './answer.ts';
import type { MockAnswer } from './answer.ts';
import { MOCK_EMBEDDING_DIMENSIONS, embeddingInputs, mockEmbedding, toBase64 } from './embeddings.ts';
import { completionBody, errorBody, streamParts } from './replies.ts';
import { MOCK_SETTINGS_HEADER, mergeProfile, parseModelHooks, settingsFromHeader } from './settings.ts';
import type { MockProfile, MockSettings } from './settings.ts';

/** An HTTP request as the mock sees it, from the in-process transport or the HTTP server. */
export interface MockRequest {
  method: string;
  /** Path with optional query; only its ending is routed on (`…/chat/completions`), so any base URL works. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The mock's answer: status, headers, and the body as writes with their pacing. */
export interface MockReply {
  status: number;
  headers: Record<string, string>;
  /** Body writes; `intervalMs` apart. An unpaced reply is a single write. */
  parts: string[];
  /** Delay before the status line / first byte. */
  ttftMs: number;
  intervalMs: number;
  /** True for a `text/event-stream` chat answer. */
  stream: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
const MODELS_BODY = JSON.stringify({
  object: 'list',
  data: [
    { id: 'mock-1', object: 'model', created: 0, owned_by: 'gatehouse' },
    { id: 'mock-embed-1', object: 'model', created: 0, owned_by: 'gatehouse' },
  ],
});

function jsonReply(
  status: number,
  body: string,
  ttftMs = 0,
  headers: Record<string, string> = JSON_HEADERS,
): MockReply {
  return { status, headers, parts: [body], ttftMs, intervalMs: 0, stream: false };
}

function invalid(message: string, param: string | null = null): MockReply {
  return jsonReply(400, errorBody(400, message, param));
}

/** The profile for a request: server defaults, the provider's settings header, the model suffix. */
function profileFor(request: MockRequest, model: string, defaults: MockSettings): MockProfile | MockReply {
  const header = request.headers[MOCK_SETTINGS_HEADER];
  const settings = typeof header === 'string' ? settingsFromHeader(header) : {};
  if (typeof settings === 'string') return invalid(settings);
  const hooks = parseModelHooks(model);
  if (!hooks.ok) return invalid(hooks.message, 'model');
  const profile = mergeProfile(defaults, settings, hooks.hooks);
  if (profile.errorStatus === null) return profile;
  const status = profile.errorStatus;
  const headers: Record<string, string> = status === 429 ? { ...JSON_HEADERS, 'retry-after': '1' } : JSON_HEADERS;
  const message = `The mock was asked to fail with HTTP ${status} (model suffix @error${status}).`;
  return jsonReply(status, errorBody(status, message), profile.ttftMs, headers);
}

function parseBody(text: string): Record<string, unknown> | null {
  try {
    const body: unknown = JSON.parse(text);
    return isRecord(body) ? body : null;
  } catch {
    return null;
  }
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null;
}

function chat(request: MockRequest, defaults: MockSettings): MockReply {
  const body = parseBody(request.body);
  if (!body) return invalid('We could not parse the JSON body of your request.');
  if (typeof body.model !== 'string' || body.model === '')
    return invalid('you must provide a model parameter', 'model');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    return invalid("'messages' must contain at least one message", 'messages');
  const profile = profileFor(request, body.model, defaults);
  if ('parts' in profile) return profile;

  const tool = chooseTool(body.tools, body.tool_choice);
  if (typeof tool === 'string') return invalid(tool, 'tool_choice');
  const format = isRecord(body.response_format) ? body.response_format.type : undefined;
  const answer: MockAnswer = tool
    ? toolAnswer(tool, profile.chunks)
    : textAnswer(
        answerText(lastUserText(messages), profile.text),
        profile.chunks,
        positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens),
        format === 'json_object' || format === 'json_schema',
      );
  const input = {
    id: `chatcmpl-mock-${fnv1a(request.body).toString(16)}`,
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    answer,
    promptTokens: promptTokens(messages),
    includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
  };
  if (body.stream !== true) {
    const json = completionBody(input);
    return jsonReply(200, profile.cut === null ? json : json.slice(0, profile.cut), profile.ttftMs);
  }
  const parts = streamParts(input, profile.cut);
  const paced = profile.intervalMs > 0 && parts.length > 1;
  return {
    status: 200,
    headers: SSE_HEADERS,
    parts: paced ? parts : [parts.join('')],
    ttftMs: profile.ttftMs,
    intervalMs: paced ? profile.intervalMs : 0,
    stream: true,
  };
}

function embeddings(request: MockRequest, defaults: MockSettings): MockReply {
  const body = parseBody(request.body);
  if (!body) return invalid('We could not parse the JSON body of your request.');
  if (typeof body.model !== 'string' || body.model === '')
    return invalid('you must provide a model parameter', 'model');
  const inputs = embeddingInputs(body.input);
  if (!inputs) return invalid("'input' must be a non-empty string, array of strings or array of token arrays", 'input');
  const dimensions = body.dimensions === undefined ? MOCK_EMBEDDING_DIMENSIONS : positiveInt(body.dimensions);
  if (dimensions === null || dimensions > 4096) return invalid("'dimensions' must be an integer 1..4096", 'dimensions');
  const profile = profileFor(request, body.model, defaults);
  if ('parts' in profile) return profile;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((item, index) => {
    const vector = mockEmbedding(item.key, dimensions);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
  });
  const tokens = inputs.reduce((sum, item) => sum + item.tokens, 0);
  const response = { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  return jsonReply(200, JSON.stringify(response), profile.ttftMs);
}

/**
 * Answers one request exactly as an OpenAI server would, deterministically: `POST …/chat/completions`,
 * `POST …/embeddings`, `GET …/models`; anything else is an OpenAI-shaped 404. Pure: no I/O, no
 * timers; the caller applies `ttftMs` and `intervalMs`.
 */
export function respond(request: MockRequest, defaults: MockSettings = {}): MockReply {
  const query = request.path.indexOf('?');
  const path = (query === -1 ? request.path : request.path.slice(0, query)).replace(/\/+$/, '');
  if (request.method === 'POST' && path.endsWith('/chat/completions')) return chat(request, defaults);
  if (request.method === 'POST' && path.endsWith('/embeddings')) return embeddings(request, defaults);
  if (request.method === 'GET' && path.endsWith('/models')) return jsonReply(200, MODELS_BODY);
  return jsonReply(404, errorBody(404, `Unknown request URL: ${request.method} ${path}.`));
}
