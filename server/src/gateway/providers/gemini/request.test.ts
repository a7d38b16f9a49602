import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.ts';
import type { ChatRequest } from '../../canonical.ts';
import { geminiAdapter } from './index.ts';
import { target } from './test-helpers.ts';

function build(request: Partial<ChatRequest>, overrides: Parameters<typeof target>[0] = {}) {
  const upstream = geminiAdapter.chatRequest(target(overrides), {
    model: 'gemini-2.5-flash',
    messages: [{ role: 'user', content: 'Hi' }],
    ...request,
  });
  return { upstream, body: JSON.parse(upstream.body ?? 'null') as Record<string, unknown> };
}

function rejection(request: Partial<ChatRequest>): AppError {
  try {
    build(request);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('gemini chatRequest: URL and headers', () => {
  it('posts to :generateContent with the key in x-goog-api-key, never in the URL', () => {
    const { upstream } = build({});
    expect(upstream.method).toBe('POST');
    expect(upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(upstream.headers).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'test-key-123' });
    expect(upstream.url).not.toContain('test-key-123');
    expect(upstream.url).not.toContain('key=');
  });

  it('streams from :streamGenerateContent?alt=sse', () => {
    const { upstream } = build({ stream: true, stream_options: { include_usage: true } });
    expect(upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('keeps models/ and tunedModels/ names and percent-encodes segments', () => {
    expect(build({}, { upstreamModel: 'models/gemini-2.0-flash' }).upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent',
    );
    expect(build({}, { upstreamModel: 'tunedModels/my-model-7' }).upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/tunedModels/my-model-7:generateContent',
    );
    expect(build({}, { upstreamModel: 'x?key=1#f' }).upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/x%3Fkey%3D1%23f:generateContent',
    );
  });

  it('adds the extra headers setting, but ours win in any letter case; no key → no key header', () => {
    const { upstream } = build({}, { settings: { headers: { 'X-Team': 'search', 'X-Goog-Api-Key': 'other' } } });
    expect(upstream.headers).toEqual({
      'X-Team': 'search',
      'content-type': 'application/json',
      'x-goog-api-key': 'test-key-123',
    });
    const keyless = build({}, { apiKey: null, settings: { headers: { 'x-goog-api-key': 'from-settings' } } });
    expect(keyless.upstream.headers).toEqual({ 'x-goog-api-key': 'from-settings', 'content-type': 'application/json' });
  });

  it('rejects invalid settings as provider_misconfigured', () => {
    let thrown: unknown;
    try {
      build({}, { settings: { headers: { 'X-Bad': 42 }, region: 'eu' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('provider_misconfigured');
    expect((thrown as AppError).message).toContain('invalid gemini provider settings: ');
    expect((thrown as AppError).message).toContain('headers.X-Bad');
  });
});

describe('gemini chatRequest: messages', () => {
  it('moves system and developer messages to systemInstruction and maps roles', () => {
    const { body } = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour.' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hello' }] },
      { role: 'model', parts: [{ text: 'Bonjour.' }] },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
  });

  it('merges consecutive same-role turns, and tool results become named functionResponse parts', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'Weather and time in Paris?' },
        { role: 'user', content: 'Please.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_b', content: '14:05' },
        { role: 'tool', tool_call_id: 'call_a', content: [{ type: 'text', text: '{"temp":21,"sky":"clear"}' }] },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect(body.systemInstruction).toBeUndefined();
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time in Paris?' }, { text: 'Please.' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' } },
            thoughtSignature: 'skip_thought_signature_validator',
          },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_time', response: { content: '14:05' } } },
          { functionResponse: { name: 'get_weather', response: { temp: 21, sky: 'clear' } } },
          { text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('a reused tool_call_id resolves to its latest call', () => {
    const call = (name: string) => ({
      role: 'assistant' as const,
      tool_calls: [{ id: 'call_0', type: 'function' as const, function: { name, arguments: '{}' } }],
    });
    const { body } = build({
      messages: [
        { role: 'user', content: 'go' },
        call('first'),
        { role: 'tool', tool_call_id: 'call_0', content: '[1,2]' },
        call('second'),
        { role: 'tool', tool_call_id: 'call_0', content: 'ok' },
      ],
    });
    const contents = body.contents as Array<{ parts: unknown[] }>;
    expect(contents[2]?.parts).toEqual([{ functionResponse: { name: 'first', response: { content: '[1,2]' } } }]);
    expect(contents[4]?.parts).toEqual([{ functionResponse: { name: 'second', response: { content: 'ok' } } }]);
  });

  it('translates images: data URLs inline, http(s) URLs as fileData with a guessed type', () => {
    const { body } = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.JPG?size=large', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'http://example.com/render' } },
          ],
        },
      ],
    });
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Compare these.' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?size=large' } },
          { fileData: { mimeType: 'image/*', fileUri: 'http://example.com/render' } },
        ],
      },
    ]);
  });

  it('rejects what Gemini cannot take, with a clear invalid_request error', () => {
    const badArgs = rejection({
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{city:' } }],
        },
      ],
    });
    expect(badArgs.code).toBe('invalid_request');
    expect(badArgs.status).toBe(400);
    expect(badArgs.message).toBe('tool call arguments are not valid JSON');
    expect(badArgs.options.param).toBe('messages[1].tool_calls[0].function.arguments');

    const unknownCall = rejection({ messages: [{ role: 'tool', tool_call_id: 'call_x', content: 'r' }] });
    expect(unknownCall.message).toBe("tool message refers to unknown tool_call_id 'call_x'");

    const audio = rejection({
      messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }] }],
    });
    expect(audio.message).toBe("content part type 'input_audio' is not supported by this provider");
    expect(audio.options.param).toBe('messages[0].content[0]');

    const ftp = rejection({
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }] }],
    });
    expect(ftp.message).toBe('image_url must be a data: URL or an http(s) URL');
  });
});

describe('gemini chatRequest: tools and generation config', () => {
  it('declares tools with sanitized schemas and maps tool_choice', () => {
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather',
          strict: true,
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { city: { type: 'string' }, unit: { type: ['string', 'null'], enum: ['c', 'f', null] } },
            required: ['city'],
            additionalProperties: false,
          },
        },
      },
      { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
    ];
    const { body } = build({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather',
            parameters: {
              type: 'OBJECT',
              properties: { city: { type: 'STRING' }, unit: { type: 'STRING', enum: ['c', 'f'], nullable: true } },
              required: ['city'],
            },
          },
          { name: 'ping' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    expect(build({ tools, tool_choice: 'auto' }).body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(build({ tools, tool_choice: 'none' }).body.toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(build({ tools, tool_choice: 'required' }).body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY' },
    });
    expect(build({ tool_choice: 'required' }).body.toolConfig).toBeUndefined();
  });

  it('maps sampling parameters to generationConfig', () => {
    const { body } = build({
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 100,
      max_completion_tokens: 256,
      stop: 'END',
      n: 2,
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.25,
      response_format: { type: 'json_object' },
    });
    expect(body.generationConfig).toEqual({
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      candidateCount: 2,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.25,
      responseMimeType: 'application/json',
    });
    expect(build({ max_tokens: 50, stop: ['a', 'b'], temperature: null }).body.generationConfig).toEqual({
      maxOutputTokens: 50,
      stopSequences: ['a', 'b'],
    });
    expect(build({}).body.generationConfig).toBeUndefined();
  });

  it('json_schema response formats carry a sanitized responseSchema', () => {
    const { body } = build({
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          strict: true,
          schema: {
            type: 'object',
            properties: { answer: { type: 'string', format: 'email' }, score: { type: 'integer', minimum: 0 } },
            required: ['answer', 'score'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'OBJECT',
        properties: { answer: { type: 'STRING' }, score: { type: 'INTEGER', minimum: 0 } },
        required: ['answer', 'score'],
      },
    });
  });
});
