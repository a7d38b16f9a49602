// The request body of Anthropic's `POST /v1/messages`, as Anthropic SDK clients send it to
// Gatehouse. Unknown fields are kept (newer SDKs add fields), but translation only uses these.
import { z } from 'zod';

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('base64'),
      media_type: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'expected a media type such as image/png'),
      data: z.string().min(1),
    }),
    z.looseObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }) }),
  ]),
});

const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
});

// Extended-thinking blocks a client replays from an earlier answer; accepted and dropped.
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

const messageParam = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z.looseObject({
  type: z.literal('custom', { error: 'only custom tools (name + input_schema) are supported' }).optional(),
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
});

const noParallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), ...noParallel }),
  z.looseObject({ type: z.literal('any'), ...noParallel }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), ...noParallel }),
  z.looseObject({ type: z.literal('none') }),
]);

/** The `POST /v1/messages` request body; unknown fields pass through untouched. */
export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1).describe('The model (or Gatehouse route) to answer with'),
  max_tokens: z.number().int().positive().describe('Maximum number of tokens to generate'),
  messages: z.array(messageParam).min(1).describe('The conversation, user and assistant turns'),
  system: z
    .union([z.string(), z.array(textBlock)])
    .optional()
    .describe('System prompt, a string or text blocks'),
  tools: z.array(tool).optional().describe('Client tools the model may call'),
  tool_choice: toolChoice.optional().describe('How the model must use the tools'),
  stop_sequences: z.array(z.string()).optional().describe('Strings that end generation'),
  temperature: z.number().min(0).max(1).optional().describe('Sampling temperature, 0 to 1'),
  top_p: z.number().min(0).max(1).optional().describe('Nucleus sampling mass'),
  top_k: z.number().int().nonnegative().optional().describe('Sample from the top K tokens only'),
  metadata: z
    .looseObject({ user_id: z.string().nullable().optional() })
    .optional()
    .describe('Request metadata; user_id identifies the end user'),
  stream: z.boolean().optional().describe('Stream the answer as server-sent events'),
});

/** A validated `POST /v1/messages` body. */
export type MessagesRequestBody = z.infer<typeof messagesRequestSchema>;

/** A request content block (text, image, tool_use, tool_result, thinking). */
export type MessagesContentBlock = z.infer<typeof contentBlock>;

/** Validation outcome with the first problem named by its field path, e.g. `messages[0].content[1].source.data`. */
export type MessagesParseResult =
  { success: true; data: MessagesRequestBody } | { success: false; param: string; message: string };

/** Validates a `/v1/messages` body; on failure names the wrong field so the client can fix it. */
export function parseMessagesRequest(body: unknown): MessagesParseResult {
  const parsed = messagesRequestSchema.safeParse(body);
  if (parsed.success) return { success: true, data: parsed.data };
  const first = parsed.error.issues[0];
  if (!first) return { success: false, param: '', message: 'invalid request body' };
  const { path, message } = deepestIssue(first, []);
  const param = formatPath(path);
  return { success: false, param, message: param ? `${param}: ${message}` : message };
}

type Issue = z.core.$ZodIssue;

/** Within a union, the option that got furthest explains the mistake best (`content` is a string OR blocks). */
function deepestIssue(issue: Issue, base: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message };
  let best: { path: PropertyKey[]; message: string } | null = null;
  const shallow = new Set<string>();
  for (const option of issue.errors) {
    for (const sub of option) {
      const found = deepestIssue(sub, path);
      if (found.path.length > path.length) {
        if (!best || found.path.length > best.path.length) best = found;
      } else shallow.add(found.message);
    }
  }
  return best ?? { path, message: [...shallow].join('; or ') || issue.message };
}

/** ['messages', 0, 'content'] → `messages[0].content`. */
function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out ? `${out}.${name}` : name;
  }, '');
}
