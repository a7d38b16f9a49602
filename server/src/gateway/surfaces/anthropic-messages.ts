// The Anthropic Messages API surface: Anthropic-shaped requests in, canonical (OpenAI-shaped)
// requests to the pipeline, canonical answers back out in Anthropic's shapes. Pure functions;
// the HTTP route validates with anthropic-messages-schema.ts and calls these.
import type {
  ChatCompletion,
  ChatMessage,
  ChatRequest,
  ContentPart,
  TextPart,
  ToolCall,
  ToolChoice,
} from '../canonical.ts';
import { errorTypeForStatus, FINISH_TO_STOP_REASON } from '../providers/anthropic/mappings.ts';
import { usageToAnthropic } from '../providers/anthropic/usage.ts';
import type {
  AnthropicErrorBody,
  AnthropicErrorType,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolUseBlock,
} from '../providers/anthropic/wire-types.ts';
import type { MessagesContentBlock, MessagesRequestBody } from './anthropic-messages-schema.ts';

export { MessagesStreamEncoder } from './anthropic-messages-stream.ts';

type ImageSource = Extract<MessagesContentBlock, { type: 'image' }>['source'];

/**
 * A validated Messages body → canonical chat request: system → system message, tool_use →
 * assistant tool_calls, tool_result → tool messages, images → image_url parts (data URLs).
 * Anthropic-only fields (top_k, thinking, …) are dropped: other providers would reject them.
 */
export function messagesToChatRequest(body: MessagesRequestBody): ChatRequest {
  const messages: ChatMessage[] = [];
  if (typeof body.system === 'string') {
    if (body.system.length > 0) messages.push({ role: 'system', content: body.system });
  } else if (body.system && body.system.length > 0) {
    messages.push({ role: 'system', content: body.system.map((b): TextPart => ({ type: 'text', text: b.text })) });
  }
  for (const message of body.messages) {
    if (typeof message.content === 'string') messages.push({ role: message.role, content: message.content });
    else if (message.role === 'assistant') messages.push(assistantMessage(message.content));
    else messages.push(...userMessages(message.content));
  }

  const request: ChatRequest = { model: body.model, messages, max_tokens: body.max_tokens };
  if (body.stop_sequences && body.stop_sequences.length > 0) request.stop = body.stop_sequences;
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.top_p = body.top_p;
  if (body.tools && body.tools.length > 0) {
    request.tools = body.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.input_schema,
      },
    }));
    if (body.tool_choice) {
      request.tool_choice = toToolChoice(body.tool_choice);
      if ('disable_parallel_tool_use' in body.tool_choice && body.tool_choice.disable_parallel_tool_use === true) {
        request.parallel_tool_calls = false;
      }
    }
  }
  if (typeof body.metadata?.user_id === 'string' && body.metadata.user_id.length > 0)
    request.user = body.metadata.user_id;
  if (body.stream === true) {
    request.stream = true;
    request.stream_options = { include_usage: true };
  }
  return request;
}

function toToolChoice(choice: NonNullable<MessagesRequestBody['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
  }
}

function imageUrl(source: ImageSource): string {
  return source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
}

/** Assistant blocks: text joined (as Anthropic clients read it), tool_use → tool_calls, thinking dropped. */
function assistantMessage(blocks: MessagesContentBlock[]): ChatMessage {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
  }
  const content = texts.length > 0 ? texts.join('') : toolCalls.length > 0 ? null : '';
  return toolCalls.length > 0 ? { role: 'assistant', content, tool_calls: toolCalls } : { role: 'assistant', content };
}

/**
 * A user turn → one tool message per tool_result (first, as OpenAI wants them right after the
 * tool calls), then a user message with the text and images. Images inside a tool result cannot
 * ride in a tool message, so they move to that user message; is_error becomes an "Error: " prefix.
 */
function userMessages(blocks: MessagesContentBlock[]): ChatMessage[] {
  const tools: ChatMessage[] = [];
  const toolImages: ContentPart[] = [];
  const parts: ContentPart[] = [];
  for (const block of blocks) {
    if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') parts.push({ type: 'image_url', image_url: { url: imageUrl(block.source) } });
    else if (block.type === 'tool_result') {
      const texts: TextPart[] = [];
      if (typeof block.content === 'string') texts.push({ type: 'text', text: block.content });
      else {
        for (const inner of block.content ?? []) {
          if (inner.type === 'text') texts.push({ type: 'text', text: inner.text });
          else toolImages.push({ type: 'image_url', image_url: { url: imageUrl(inner.source) } });
        }
      }
      const first = texts[0];
      if (block.is_error === true) {
        if (first) texts[0] = { type: 'text', text: `Error: ${first.text}` };
        else texts.push({ type: 'text', text: 'Error' });
      }
      const content = texts.length === 1 && texts[0] ? texts[0].text : texts.length === 0 ? '' : texts;
      tools.push({ role: 'tool', tool_call_id: block.tool_use_id, content });
    }
  }
  const userParts = [...toolImages, ...parts];
  return userParts.length > 0 ? [...tools, { role: 'user', content: userParts }] : tools;
}

/** `chatcmpl-abc` → `msg_abc`; a `msg_…` id is kept, so ids stay stable across the two shapes. */
export function toMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id.replace(/^chatcmpl-/, '')}`;
}

/**
 * A canonical completion → the exact Messages response. `requestedModel` is the model name the
 * client asked for (Gatehouse may have routed elsewhere). Unparseable tool arguments become `{}`.
 */
export function chatCompletionToMessage(completion: ChatCompletion, requestedModel: string): AnthropicMessage {
  const choice = completion.choices[0];
  const content: Array<AnthropicTextBlock | AnthropicToolUseBlock> = [];
  const text = choice?.message.content ?? choice?.message.refusal ?? '';
  if (text.length > 0) content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseInput(call.function.arguments),
    });
  }
  const finish = choice?.finish_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_calls' : 'stop');
  return {
    id: toMessageId(completion.id),
    type: 'message',
    role: 'assistant',
    content,
    model: requestedModel,
    stop_reason: FINISH_TO_STOP_REASON[finish],
    stop_sequence: null,
    usage: usageToAnthropic(completion.usage),
  };
}

function parseInput(args: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const DEFAULT_ERROR_MESSAGES: Record<AnthropicErrorType, string> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'Invalid or missing API key',
  billing_error: 'Budget or credits exhausted',
  permission_error: 'Not allowed',
  not_found_error: 'Not found',
  request_too_large: 'Request too large',
  rate_limit_error: 'Rate limit exceeded',
  timeout_error: 'The request timed out',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

/** An HTTP status (and message) → Anthropic's error body, so Anthropic SDKs raise their usual exceptions. */
export function anthropicError(status: number, message?: string): AnthropicErrorBody {
  const type = errorTypeForStatus(status);
  return { type: 'error', error: { type, message: message ?? DEFAULT_ERROR_MESSAGES[type] } };
}
