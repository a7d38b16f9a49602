import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.ts';
import { MOCK_DEFAULTS, mergeProfile, parseMockSettings, parseModelHooks, settingsFromHeader } from './settings.ts';

describe('parseModelHooks', () => {
  it.each([
    ['mock-1', 'mock-1', {}],
    ['mock-1@c20t0i5', 'mock-1', { chunks: 20, ttftMs: 0, intervalMs: 5 }],
    ['gpt-4o-mini@c10t50i10', 'gpt-4o-mini', { chunks: 10, ttftMs: 50, intervalMs: 10 }],
    ['mock-1@c3', 'mock-1', { chunks: 3 }],
    ['mock-1@t250', 'mock-1', { ttftMs: 250 }],
    ['mock-1@c4i7', 'mock-1', { chunks: 4, intervalMs: 7 }],
    ['mock-1@error503', 'mock-1', { errorStatus: 503 }],
    ['mock-1@cut3', 'mock-1', { cut: 3 }],
    ['mock-1@c20t0i5@cut3', 'mock-1', { chunks: 20, ttftMs: 0, intervalMs: 5, cut: 3 }],
    ['mock-1@c2@c9', 'mock-1', { chunks: 9 }],
    ['org/model@v2@c5', 'org/model@v2', { chunks: 5 }],
    ['mock-1@latest', 'mock-1@latest', {}],
    ['@c5', '@c5', {}],
  ])('%s → %s %o', (model, name, hooks) => {
    expect(parseModelHooks(model)).toEqual({ ok: true, name, hooks });
  });

  it.each([
    ['mock-1@c0', 'mock model suffix @c0: chunks must be 1..10000, got 0'],
    ['mock-1@c20000', 'mock model suffix @c20000: chunks must be 1..10000, got 20000'],
    ['mock-1@t999999', 'mock model suffix @t999999: ttft must be 0..600000, got 999999'],
    ['mock-1@error200', 'mock model suffix @error200: error status must be 400..599, got 200'],
  ])('rejects %s', (model, message) => {
    expect(parseModelHooks(model)).toEqual({ ok: false, message });
  });
});

describe('mock settings', () => {
  it('accepts the documented settings and rejects bad values with a clear message', () => {
    expect(parseMockSettings({ ttftMs: 100, chunks: 20, intervalMs: 5, text: 'Hi there' })).toEqual({
      ttftMs: 100,
      chunks: 20,
      intervalMs: 5,
      text: 'Hi there',
    });
    expect(parseMockSettings({})).toEqual({});
    expect(() => parseMockSettings({ chunks: 0, ttftMs: -1, speed: 2 })).toThrow(AppError);
    expect(() => parseMockSettings({ chunks: 2.5 })).toThrow('invalid mock provider settings: chunks:');
    expect(() => parseMockSettings({ intervalMs: '5' })).toThrow(
      'intervalMs: Invalid input: expected number, received string',
    );
    expect(() => parseMockSettings({ speed: 2 })).toThrow('Unrecognized key: "speed"');
    expect(() => parseMockSettings({ text: '   ' })).toThrow('text:');
  });

  it('layers defaults, settings and hooks without letting undefined overwrite', () => {
    expect(mergeProfile({ chunks: 20 }, { ttftMs: undefined, intervalMs: 3 }, { cut: 2 })).toEqual({
      ...MOCK_DEFAULTS,
      chunks: 20,
      intervalMs: 3,
      cut: 2,
    });
  });

  it('reads settings from the header, and names what is wrong', () => {
    expect(settingsFromHeader(encodeURIComponent('{"chunks":3,"text":"Grüße"}'))).toEqual({ chunks: 3, text: 'Grüße' });
    expect(settingsFromHeader(encodeURIComponent('{"chunks":-3}'))).toBe(
      'invalid mock settings: chunks: Too small: expected number to be >=1',
    );
    expect(settingsFromHeader('%E0%A4%A')).toBe(
      'invalid mock settings: x-gatehouse-mock-settings is not URI-encoded JSON',
    );
  });
});
