// Restores a streamed chat completion chunk by chunk: one StreamRestorer per choice's content and
// refusal and per tool call's arguments (JSON mode), flushed into the chunk that finishes the choice.
import type { ChatCompletionChunk, ChunkToolCall } from '../../gateway/canonical.ts';
import type { PseudonymVault } from './pseudonym-vault.ts';
import { StreamRestorer } from './restorer.ts';

type ChunkChoice = ChatCompletionChunk['choices'][number];

/** Restores one response stream; create one per response, after the request was protected. */
export class ChunkRestorer {
  readonly #vault: PseudonymVault;
  readonly #streams = new Map<string, StreamRestorer>();

  constructor(vault: PseudonymVault) {
    this.#vault = vault;
  }

  #stream(key: string, json: boolean): StreamRestorer {
    let stream = this.#streams.get(key);
    if (stream === undefined) {
      stream = new StreamRestorer(this.#vault, { json });
      this.#streams.set(key, stream);
    }
    return stream;
  }

  /** Drains the held-back text of one stream (empty when none). */
  #drain(key: string): string {
    const stream = this.#streams.get(key);
    if (stream === undefined) return '';
    this.#streams.delete(key);
    return stream.flush();
  }

  #restoreChoice(choice: ChunkChoice): ChunkChoice {
    const delta = { ...choice.delta };
    const finished = choice.finish_reason !== null;
    const c = choice.index;
    if (typeof delta.content === 'string') delta.content = this.#stream(`content:${c}`, false).push(delta.content);
    if (typeof delta.refusal === 'string') delta.refusal = this.#stream(`refusal:${c}`, false).push(delta.refusal);
    let calls: ChunkToolCall[] | undefined = delta.tool_calls?.map((call) => {
      const args = call.function?.arguments;
      if (typeof args !== 'string') return call;
      return {
        ...call,
        function: { ...call.function, arguments: this.#stream(`tool:${c}:${call.index}`, true).push(args) },
      };
    });
    if (finished) {
      const content = this.#drain(`content:${c}`);
      if (content !== '') delta.content = (delta.content ?? '') + content;
      const refusal = this.#drain(`refusal:${c}`);
      if (refusal !== '') delta.refusal = (delta.refusal ?? '') + refusal;
      for (const key of [...this.#streams.keys()].filter((k) => k.startsWith(`tool:${c}:`))) {
        const rest = this.#drain(key);
        if (rest === '') continue;
        const index = Number(key.slice(key.lastIndexOf(':') + 1));
        calls ??= [];
        calls.push({ index, function: { arguments: rest } });
      }
    }
    if (calls !== undefined) delta.tool_calls = calls;
    return { ...choice, delta };
  }

  /** The chunk with every placeholder that is complete so far restored; held-back text is released when its choice finishes. */
  restore(chunk: ChatCompletionChunk): ChatCompletionChunk {
    if (this.#vault.size === 0) return chunk;
    return { ...chunk, choices: chunk.choices.map((choice) => this.#restoreChoice(choice)) };
  }

  /**
   * For a stream that ended without finishing every choice: a chunk carrying what is still held
   * back (built on `template`'s id, model and created), or null when nothing is.
   */
  flush(template: ChatCompletionChunk): ChatCompletionChunk | null {
    const indices = new Set([...this.#streams.keys()].map((key) => Number(key.split(':')[1])));
    const choices = [...indices].map((index) => this.#restoreChoice({ index, delta: {}, finish_reason: 'stop' }));
    const pending = choices
      .filter((choice) => Object.keys(choice.delta).length > 0)
      .map((choice) => ({ ...choice, finish_reason: null }));
    return pending.length === 0 ? null : { ...template, choices: pending, usage: null };
  }
}
