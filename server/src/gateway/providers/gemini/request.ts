// Builds the upstream requests. The credential travels in `x-goog-api-key`, never in the URL (URLs
// end up in logs and error messages).
import type { ChatRequest, ToolChoice, ToolDefinition } from '../../canonical.ts';
import type { ProviderTarget, UpstreamRequest } from '../types.ts';
import { toGeminiConversation } from './contents.ts';
import { sanitizeSchema } from './schema-sanitize.ts';
import { parseGeminiSettings } from './settings.ts';

type Json = Record<string, unknown>;

/**
 * `${baseUrl}/models/<model>:<method>`. A model already named as a resource (`models/x`,
 * `tunedModels/x`) is kept; each path segment is percent-encoded so a name cannot alter the URL.
 */
export function modelUrl(target: ProviderTarget, method: string): string {
  const name = modelResource(target.upstreamModel);
  return `${target.baseUrl}/${name.split('/').map(encodeURIComponent).join('/')}:${method}`;
}

/** The model as a resource name (`models/x`), the form request bodies use. */
export function modelResource(model: string): string {
  return /^(models|tunedModels)\//.test(model) ? model : `models/${model}`;
}

/**
 * Request headers: the admin's extra `settings.headers`, then ours, which win over an extra header
 * of the same name in any letter case. Invalid settings throw provider_misconfigured.
 */
export function geminiHeaders(target: ProviderTarget): Record<string, string> {
  const ours: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey !== null) ours['x-goog-api-key'] = target.apiKey;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseGeminiSettings(target.settings).headers ?? {})) {
    if (!(name.toLowerCase() in ours)) headers[name] = value;
  }
  return { ...headers, ...ours };
}

function functionDeclaration(tool: ToolDefinition): Json {
  const { name, description, parameters } = tool.function;
  const declaration: Json = { name };
  if (description !== undefined) declaration.description = description;
  if (parameters !== undefined) {
    const schema = sanitizeSchema(parameters);
    // Gemini rejects an OBJECT with no properties: a function without parameters omits them.
    const empty = schema.type === 'OBJECT' && Object.keys(schema.properties ?? {}).length === 0;
    if (!empty) declaration.parameters = schema;
  }
  return declaration;
}

function functionCallingConfig(choice: ToolChoice): Json {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
}

function generationConfig(request: ChatRequest): Json {
  const config: Json = {};
  const set = (key: string, value: unknown): void => {
    if (value !== null && value !== undefined) config[key] = value;
  };
  set('temperature', request.temperature);
  set('topP', request.top_p);
  set('maxOutputTokens', request.max_completion_tokens ?? request.max_tokens);
  set('stopSequences', typeof request.stop === 'string' ? [request.stop] : request.stop);
  set('candidateCount', request.n);
  set('seed', request.seed);
  set('presencePenalty', request.presence_penalty);
  set('frequencyPenalty', request.frequency_penalty);
  const format = request.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema.schema !== undefined) config.responseSchema = sanitizeSchema(format.json_schema.schema);
  }
  return config;
}

/** The generateContent body for a canonical chat request (stream and non-stream share it). */
function geminiChatBody(request: ChatRequest): Json {
  const { contents, systemInstruction } = toGeminiConversation(request.messages);
  const body: Json = { contents };
  if (systemInstruction !== undefined) body.systemInstruction = systemInstruction;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(functionDeclaration) }];
    // A tool choice without tools means nothing; Gemini is only told about it alongside them.
    if (request.tool_choice !== undefined)
      body.toolConfig = { functionCallingConfig: functionCallingConfig(request.tool_choice) };
  }
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}

/** POST …:generateContent, or …:streamGenerateContent?alt=sse (SSE instead of a JSON array) for streams. */
export function geminiChatRequest(target: ProviderTarget, request: ChatRequest): UpstreamRequest {
  const url =
    request.stream === true
      ? `${modelUrl(target, 'streamGenerateContent')}?alt=sse`
      : modelUrl(target, 'generateContent');
  return { method: 'POST', url, headers: geminiHeaders(target), body: JSON.stringify(geminiChatBody(request)) };
}
