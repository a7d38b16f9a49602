import type { ChatCompletionChunk, Usage } from '../../canonical.ts';
import type { StreamTransformer, TransformContext } from '../types.ts';
import { createOpenAiStreamTransformer, forgetVerbatim, isDoneEvent } from '../openai/stream.ts';

/**
 * The OpenAI transformer plus the quirks of OpenAI-compatible servers:
 * - usage on a content chunk (Mistral, older llama.cpp, vLLM's continuous usage) is taken off it
 *   and sent as the canonical final usage chunk (`choices: []`) at `[DONE]` or at the end;
 *   the latest report wins, since repeated reports are cumulative;
 * - a stream without `[DONE]` (ik_llama.cpp, older llama.cpp) is complete when every choice that
 *   started also finished and no error came in.
 */
export function createCompatibleStreamTransformer(ctx: TransformContext): StreamTransformer {
  const inner = createOpenAiStreamTransformer(ctx);
  const started = new Set<number>();
  const finished = new Set<number>();
  let pending: ChatCompletionChunk | null = null;

  const flush = (): ChatCompletionChunk[] => {
    const out = pending ? [pending] : [];
    pending = null;
    return out;
  };
  const hold = (chunk: ChatCompletionChunk, usage: Usage): void => {
    pending = {
      id: chunk.id,
      object: 'chat.completion.chunk',
      created: chunk.created,
      model: chunk.model,
      choices: [],
      usage,
    };
  };

  return {
    push(event) {
      const chunks = inner.push(event);
      if (isDoneEvent(event)) return flush();
      for (const chunk of chunks) {
        for (const choice of chunk.choices) {
          started.add(choice.index);
          if (choice.finish_reason !== null) finished.add(choice.index);
        }
        if (chunk.choices.length === 0) {
          pending = null; // a proper usage chunk supersedes usage seen on content chunks
        } else if (chunk.usage) {
          hold(chunk, chunk.usage);
          delete chunk.usage;
          forgetVerbatim(chunk);
        }
      }
      return chunks;
    },
    end() {
      const { chunks, complete } = inner.end();
      const allFinished = started.size > 0 && [...started].every((index) => finished.has(index));
      return {
        chunks: [...chunks, ...flush()],
        complete: complete || (inner.error() === null && allFinished),
      };
    },
    error: () => inner.error(),
  };
}
