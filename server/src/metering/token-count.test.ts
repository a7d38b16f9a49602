import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { countPromptTokens, countTextTokens } from './token-count.ts';

describe('local token counting', () => {
  it('counts messages with framing, the same on first sight and when remembered', () => {
    const request = {
      messages: [
        { role: 'system' as const, content: 'You are a helpful assistant.' },
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'Grüß Gott, wie geht es?' }] },
      ],
    };
    const expected = 3 + 4 + countTokens('You are a helpful assistant.') + 4 + countTokens('Grüß Gott, wie geht es?');
    expect(countPromptTokens(request)).toBe(expected);
    expect(countPromptTokens(request)).toBe(expected);
  });

  it('charges images flatly and counts tools and long texts exactly', () => {
    const long = 'Sehr geehrte Damen und Herren, '.repeat(3_000);
    const request = {
      messages: [
        { role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'https://x/y.png' } }] },
        { role: 'user' as const, content: long },
      ],
      tools: [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }],
    };
    const tools = countTokens(JSON.stringify(request.tools));
    expect(countPromptTokens(request)).toBe(3 + 4 + 765 + 4 + countTokens(long) + tools);
    expect(countTextTokens('')).toBe(0);
  });

  it('stays exact across many distinct texts (the memory is bounded and starts over)', () => {
    for (let i = 0; i < 25_000; i++) {
      const text = `message number ${i}`;
      if (i % 5_000 === 0)
        expect(countPromptTokens({ messages: [{ role: 'user', content: text }] })).toBe(7 + countTokens(text));
      else countPromptTokens({ messages: [{ role: 'user', content: text }] });
    }
  });
});
