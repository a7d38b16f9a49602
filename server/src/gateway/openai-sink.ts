import { renderOpenAiError, type AppError } from '../errors.ts';
import { sseData } from '../lib/sse.ts';
import type { ChatCompletionChunk } from './canonical.ts';
import type { StreamSink } from './pipeline.ts';
import { verbatimEvent, type VerbatimEvent } from './providers/openai/stream.ts';

/**
 * The upstream event text with its model renamed to `model` (the alias), or null when the rename
 * cannot be done safely on the text: the `"model":"…"` member must occur exactly once as written by
 * JSON.stringify. (Inside a JSON string a quote is escaped, so text cannot fake the member.)
 */
export function withModel(event: VerbatimEvent, model: string): string | null {
  if (event.model === model) return event.data;
  const member = `"model":${JSON.stringify(event.model)}`;
  const at = event.data.indexOf(member);
  if (at === -1 || event.data.indexOf(member, at + member.length) !== -1) return null;
  return `${event.data.slice(0, at)}"model":${JSON.stringify(model)}${event.data.slice(at + member.length)}`;
}

/**
 * Renders canonical chunks as OpenAI's SSE stream. The gateway always asks providers for usage;
 * the client sees the usage chunk only if it asked for it (stream_options.include_usage).
 */
export class OpenAiSink implements StreamSink {
  constructor(private readonly includeUsage: boolean) {}

  chunk(chunk: ChatCompletionChunk): string {
    const verbatim = verbatimEvent(chunk);
    if (verbatim !== undefined && (!chunk.usage || this.includeUsage)) {
      const data = withModel(verbatim, chunk.model);
      if (data !== null) return `data: ${data}\n\n`;
    }
    if (chunk.usage && !this.includeUsage) {
      if (chunk.choices.length === 0) return '';
      const { usage: _usage, ...rest } = chunk;
      return sseData(rest);
    }
    return sseData(chunk);
  }

  done(): string {
    return 'data: [DONE]\n\n';
  }

  error(error: AppError): string {
    return sseData(renderOpenAiError(error));
  }
}
