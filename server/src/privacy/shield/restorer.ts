// Puts the originals back into what the provider answered: whole texts, whole completions and
// streams. Only placeholders this conversation's vault handed out are replaced; anything else that
// looks like one (a client's own `<PERSON_1>`, a model's invention) passes through unchanged.
import type { ChatCompletion } from '../../gateway/canonical.ts';
import { PLACEHOLDER_PATTERN } from './entity-types.ts';
import type { PseudonymVault } from './pseudonym-vault.ts';

/** Where restored text goes: plain text, or inside a JSON string literal (tool-call arguments). */
export interface RestoreOptions {
  /** Escape restored values for a JSON string context, so `{"name":"<PERSON_1>"}` stays valid JSON. */
  json?: boolean;
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** `text` with each of the vault's placeholders replaced by its original; one pass, no re-scan of values. */
export function restoreText(text: string, vault: PseudonymVault, options: RestoreOptions = {}): string {
  if (vault.size === 0 || !text.includes('<')) return text;
  return text.replace(PLACEHOLDER_PATTERN, (token) => {
    const value = vault.valueOf(token);
    if (value === undefined) return token;
    return options.json === true ? jsonEscaped(value) : value;
  });
}

/** A copy of `completion` with content, refusals and tool-call arguments restored (arguments stay valid JSON). */
export function restoreCompletion(completion: ChatCompletion, vault: PseudonymVault): ChatCompletion {
  if (vault.size === 0) return completion;
  return {
    ...completion,
    choices: completion.choices.map((choice) => {
      const message = { ...choice.message };
      if (typeof message.content === 'string') message.content = restoreText(message.content, vault);
      if (typeof message.refusal === 'string') message.refusal = restoreText(message.refusal, vault);
      if (message.tool_calls !== undefined) {
        message.tool_calls = message.tool_calls.map((call) => ({
          ...call,
          function: { ...call.function, arguments: restoreText(call.function.arguments, vault, { json: true }) },
        }));
      }
      return { ...choice, message };
    }),
  };
}

/**
 * Restores one streamed text (one choice's content, or one tool call's arguments). It holds back
 * only a tail that could still become one of the vault's placeholders — the text from the last `<`
 * when it is a proper prefix of a placeholder handed out — so a placeholder split across chunks of
 * any size is restored and every other character is passed on at once. Create it after the request
 * was protected (it reads the vault's placeholders once).
 */
export class StreamRestorer {
  readonly #vault: PseudonymVault;
  readonly #options: RestoreOptions;
  readonly #prefixes = new Set<string>();
  readonly #longest: number;
  #pending = '';

  constructor(vault: PseudonymVault, options: RestoreOptions = {}) {
    this.#vault = vault;
    this.#options = options;
    this.#longest = vault.longestPlaceholder;
    for (const placeholder of vault.placeholders()) {
      for (let k = 1; k < placeholder.length; k++) this.#prefixes.add(placeholder.slice(0, k));
    }
  }

  /** Takes the next delta; returns what can be sent now (possibly empty). */
  push(delta: string): string {
    if (this.#prefixes.size === 0) return delta;
    const text = this.#pending + delta;
    const lt = text.lastIndexOf('<');
    const hold = lt >= 0 && text.length - lt < this.#longest && this.#prefixes.has(text.slice(lt)) ? lt : text.length;
    this.#pending = text.slice(hold);
    return restoreText(text.slice(0, hold), this.#vault, this.#options);
  }

  /** Ends the stream: returns whatever was held back (an unfinished placeholder prefix, as written). */
  flush(): string {
    const rest = this.#pending;
    this.#pending = '';
    return rest;
  }
}
