// The Anthropic Messages API shapes Gatehouse reads and writes, trimmed to the fields it uses.
// Shared by the adapter (Gatehouse → Anthropic) and the /v1/messages surface (client → Gatehouse).

/** Why Claude stopped, as the Messages API reports it. */
export type AnthropicStopReason =
  'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

/** The `error.type` values of Anthropic error bodies and `error` stream events. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** An image source: inline base64 bytes or a URL Anthropic fetches itself. */
export type AnthropicImageSource = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };

/** A text content block. */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

/** An image content block (user turns and tool results). */
export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
}

/** A tool call made by the assistant; `input` is always a JSON object. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** The result of a tool call, sent back in a user turn. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
}

/** Any request content block Gatehouse produces. */
export type AnthropicContentBlock =
  AnthropicTextBlock | AnthropicImageBlock | AnthropicToolUseBlock | AnthropicToolResultBlock;

/** One turn of the conversation; roles must alternate. */
export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
}

/** A tool the model may call. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** How the model must use tools. */
export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** The body of `POST /v1/messages` as Gatehouse builds it. */
export interface AnthropicMessagesBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
  stream?: true;
}

/** Token usage of a Message; input_tokens excludes cache reads and cache writes. */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

/** A complete (non-streamed) Messages API response. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  content: Array<AnthropicTextBlock | AnthropicToolUseBlock>;
  model: string;
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** An Anthropic error body (HTTP errors and the `error` stream event share it). */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}
