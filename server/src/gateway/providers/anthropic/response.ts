import type { ChatCompletion, ToolCall } from '../../canonical.ts';
import { ProviderProtocolError, type TransformContext } from '../types.ts';
import { finishReasonFromStop } from './mappings.ts';
import { countsToUsage, isRecord, readCounts, ZERO_COUNTS } from './usage.ts';

/**
 * A Messages API response → canonical completion. The id stays the upstream `msg_…` id (streams
 * do the same) so it can be matched with Anthropic's logs. Throws ProviderProtocolError when the
 * body lacks content blocks or usage, or a block misses its required fields.
 */
export function parseMessagesResponse(body: unknown, ctx: TransformContext): ChatCompletion {
  if (!isRecord(body)) throw new ProviderProtocolError('Anthropic response is not a JSON object');
  if (!Array.isArray(body.content)) throw new ProviderProtocolError('Anthropic response has no content array');
  const usage = body.usage;
  if (!isRecord(usage) || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') {
    throw new ProviderProtocolError('Anthropic response has no usage.input_tokens/output_tokens');
  }

  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  body.content.forEach((block: unknown, i: number) => {
    if (!isRecord(block) || typeof block.type !== 'string') {
      throw new ProviderProtocolError(`Anthropic content[${i}] is not a content block`);
    }
    if (block.type === 'text') {
      if (typeof block.text !== 'string')
        throw new ProviderProtocolError(`Anthropic content[${i}].text is not a string`);
      texts.push(block.text);
    } else if (block.type === 'tool_use') {
      if (typeof block.id !== 'string' || typeof block.name !== 'string') {
        throw new ProviderProtocolError(`Anthropic content[${i}] tool_use lacks id or name`);
      }
      const input = block.input === undefined ? {} : block.input;
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(input) },
      });
    }
    // thinking, redacted_thinking and server-tool blocks have no Chat Completions equivalent.
  });

  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : toolCalls.length > 0 ? null : '',
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: typeof body.id === 'string' ? body.id : ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: typeof body.model === 'string' ? body.model : '',
    choices: [{ index: 0, message, finish_reason: finishReasonFromStop(body.stop_reason), logprobs: null }],
    usage: countsToUsage(readCounts(ZERO_COUNTS, usage)),
  };
}
