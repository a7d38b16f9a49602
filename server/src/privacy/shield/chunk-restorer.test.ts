import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../gateway/canonical.ts';
import { ChunkRestorer } from './chunk-restorer.ts';
import { PseudonymVault } from './pseudonym-vault.ts';

const vault = new PseudonymVault();
vault.placeholderFor('PERSON', 'Zoë "Z" Müller', 'DE');
vault.placeholderFor('EMAIL', 'zoe@example.de', 'DE');

function chunk(choices: ChatCompletionChunk['choices']): ChatCompletionChunk {
  return { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices };
}

describe('ChunkRestorer', () => {
  it('keeps one stream per choice and per tool call, releasing held text when a choice finishes', () => {
    const restorer = new ChunkRestorer(vault);
    const out = [
      chunk([
        { index: 0, delta: { role: 'assistant', content: 'Hallo <PER' }, finish_reason: null },
        { index: 1, delta: { content: 'Hi <EMA' }, finish_reason: null },
      ]),
      chunk([
        { index: 0, delta: { content: 'SON_1> 😀' }, finish_reason: null },
        { index: 1, delta: { content: 'IL_1> <PERS' }, finish_reason: 'stop' },
      ]),
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, id: 't0', type: 'function', function: { name: 'mail', arguments: '{"to":"<EMA' } },
            ],
          },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: 'IL_1>","n":"<PERSON_1>"}' } }] },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 1, function: { arguments: '{"a":"<PERSON_' } }] },
          finish_reason: null,
        },
      ]),
      chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
    ].map((c) => restorer.restore(c));

    expect(out.map((c) => c.choices.map((choice) => choice.delta))).toEqual([
      [{ role: 'assistant', content: 'Hallo ' }, { content: 'Hi ' }],
      [{ content: 'Zoë "Z" Müller 😀' }, { content: 'zoe@example.de <PERS' }],
      [{ tool_calls: [{ index: 0, id: 't0', type: 'function', function: { name: 'mail', arguments: '{"to":"' } }] }],
      [{ tool_calls: [{ index: 0, function: { arguments: 'zoe@example.de","n":"Zoë \\"Z\\" Müller"}' } }] }],
      [{ tool_calls: [{ index: 1, function: { arguments: '{"a":"' } }] }],
      [{ tool_calls: [{ index: 1, function: { arguments: '<PERSON_' } }] }],
    ]);
    expect(restorer.flush(chunk([]))).toBeNull();
  });

  it('flushes what a stream cut short still holds', () => {
    const restorer = new ChunkRestorer(vault);
    restorer.restore(chunk([{ index: 0, delta: { content: 'Ende <EMAIL' }, finish_reason: null }]));
    expect(restorer.flush(chunk([]))?.choices).toEqual([
      { index: 0, delta: { content: '<EMAIL' }, finish_reason: null },
    ]);
    expect(restorer.flush(chunk([]))).toBeNull();
  });

  it('returns chunks unchanged when nothing was pseudonymized', () => {
    const c = chunk([{ index: 0, delta: { content: '<PERSON_1>' }, finish_reason: null }]);
    expect(new ChunkRestorer(new PseudonymVault()).restore(c)).toBe(c);
  });
});
