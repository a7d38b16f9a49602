import { renderOpenAiError, type AppError } from '../errors.ts';
import { sseData } from '../lib/sse.ts';
import type { ChatCompletionChunk } from './canonical.ts';
import type { StreamSink } from './pipeline.ts';

/**
 * Renders canonical chunks as OpenAI's SSE stream. The gateway always asks providers for usage;
 * the client sees the usage chunk only if it asked for it (stream_options.include_usage).
 */
export class OpenAiSink implements StreamSink {
  constructor(private readonly includeUsage: boolean) {}

  chunk(chunk: ChatCompletionChunk): string {
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
