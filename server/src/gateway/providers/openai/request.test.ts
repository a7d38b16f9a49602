import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../canonical.ts';
import { AppError } from '../../../errors.ts';
import type { ProviderTarget } from '../types.ts';
import { openaiAdapter } from './index.ts';
import { joinUrl } from './request.ts';

const target = (settings: Record<string, unknown> = {}): ProviderTarget => ({
  baseUrl: 'https://api.openai.com/v1',
  apiKey: 'sk-test-123',
  upstreamModel: 'gpt-4o-mini',
  settings,
});
const chat: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 };

describe('openai chatRequest', () => {
  it('posts the canonical body to /chat/completions with bearer auth', () => {
    const req = openaiAdapter.chatRequest(target(), chat);
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(req.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: 'Bearer sk-test-123',
    });
    expect(JSON.parse(req.body ?? '')).toEqual(chat);
  });

  it('asks for the usage chunk on streams and keeps the other stream options', () => {
    const req = openaiAdapter.chatRequest(target(), {
      ...chat,
      stream: true,
      stream_options: { include_obfuscation: false } as ChatRequest['stream_options'],
    });
    expect(req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(req.body ?? '')).toEqual({
      ...chat,
      stream: true,
      stream_options: { include_obfuscation: false, include_usage: true },
    });
  });

  it('turns include_usage on even when the client turned it off or sent null', () => {
    for (const options of [{ include_usage: false }, null]) {
      const body = JSON.parse(
        openaiAdapter.chatRequest(target(), { ...chat, stream: true, stream_options: options }).body ?? '',
      );
      expect(body.stream_options).toEqual({ include_usage: true });
    }
  });

  it('leaves a non-streamed body untouched and does not add stream_options', () => {
    const body = JSON.parse(openaiAdapter.chatRequest(target(), chat).body ?? '');
    expect('stream_options' in body).toBe(false);
  });

  it('adds organization, project and extra headers; the key wins over an extra authorization', () => {
    const req = openaiAdapter.chatRequest(
      target({ organization: 'org-abc', project: 'proj_xyz', headers: { 'X-Team': 'search', Authorization: 'nope' } }),
      chat,
    );
    expect(req.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-team': 'search',
      authorization: 'Bearer sk-test-123',
      'openai-organization': 'org-abc',
      'openai-project': 'proj_xyz',
    });
  });

  it('rejects bad settings with a provider_misconfigured error naming each problem', () => {
    const call = () => openaiAdapter.chatRequest(target({ organisation: 'typo', headers: { Host: 'evil' } }), chat);
    expect(call).toThrow(AppError);
    try {
      call();
    } catch (error) {
      expect((error as AppError).code).toBe('provider_misconfigured');
      expect((error as AppError).message).toContain('invalid openai provider settings');
      expect((error as AppError).message).toContain('headers.Host: is set by the gateway itself');
      expect((error as AppError).message).toContain('organisation');
    }
  });

  it('tolerates a trailing slash on the base URL', () => {
    expect(joinUrl('http://localhost:11434/v1/', '/embeddings')).toBe('http://localhost:11434/v1/embeddings');
  });
});

describe('openai embeddingsRequest', () => {
  it('posts the request to /embeddings', () => {
    const request = { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 256 };
    const req = openaiAdapter.embeddingsRequest?.(target({ project: 'proj_xyz' }), request);
    expect(req?.url).toBe('https://api.openai.com/v1/embeddings');
    expect(req?.headers['openai-project']).toBe('proj_xyz');
    expect(req?.headers.authorization).toBe('Bearer sk-test-123');
    expect(JSON.parse(req?.body ?? '')).toEqual(request);
  });
});

describe('openai adapter data', () => {
  it('declares its base URL and capabilities', () => {
    expect(openaiAdapter.kind).toBe('openai');
    expect(openaiAdapter.defaultBaseUrl).toBe('https://api.openai.com/v1');
    expect(openaiAdapter.capabilities).toEqual({
      embeddings: true,
      tools: true,
      images: true,
      jsonMode: true,
      streamUsage: 'request',
    });
  });
});
