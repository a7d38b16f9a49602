import { describe, expect, it } from 'vitest';
import type { UpstreamRequest } from '../types.ts';
import { createMockTransport, mockTransport, pause } from './transport.ts';

const chat = (model: string, stream = true): UpstreamRequest => ({
  method: 'POST',
  url: 'http://mock.invalid/v1/chat/completions',
  headers: {},
  body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
});
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('mock transport', () => {
  it('returns the body as Uint8Array writes: one write when unpaced', async () => {
    const res = await mockTransport.send(chat('mock-1@c20'), { signal: new AbortController().signal });
    const writes: Uint8Array[] = [];
    for await (const bytes of res.body) writes.push(bytes);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(writes[0]).match(/^data: /gm)).toHaveLength(23);
  });

  it('paces a stream: the first-token delay, then one write per chunk intervalMs apart', async () => {
    const started = performance.now();
    const res = await mockTransport.send(chat('mock-1@c4t40i25'), { signal: new AbortController().signal });
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    const writes: number[] = [];
    for await (const _bytes of res.body) writes.push(performance.now());
    expect(writes).toHaveLength(4);
    expect((writes[3] ?? 0) - (writes[0] ?? 0)).toBeGreaterThanOrEqual(70);
  });

  it('rejects at once when aborted during the first-token delay, leaving no timer', async () => {
    const before = timers();
    const controller = new AbortController();
    const started = performance.now();
    const pending = mockTransport.send(chat('mock-1@t5000'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(timers()).toBe(before);
  });

  it('stops producing mid-stream on abort: the body throws AbortError, the timer is released', async () => {
    const before = timers();
    const controller = new AbortController();
    const res = await mockTransport.send(chat('mock-1@c50i5000'), { signal: controller.signal });
    const seen: Uint8Array[] = [];
    const started = performance.now();
    const reading = (async () => {
      for await (const bytes of res.body) {
        seen.push(bytes);
        if (seen.length === 1) setTimeout(() => controller.abort(), 10);
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(timers()).toBe(before);
  });

  it('passes on the abort reason when the caller gave one', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(mockTransport.send(chat('mock-1'), { signal: controller.signal })).rejects.toThrow('client went away');
  });

  it('ends quietly on dispose(), releasing the pending timer', async () => {
    const before = timers();
    const res = await mockTransport.send(chat('mock-1@c50i5000'), { signal: new AbortController().signal });
    const seen: Uint8Array[] = [];
    const reading = (async () => {
      for await (const bytes of res.body) {
        seen.push(bytes);
        if (seen.length === 1) setTimeout(() => res.dispose(), 10);
      }
    })();
    await reading;
    expect(seen).toHaveLength(1);
    expect(timers()).toBe(before);
  });

  it('reads the whole body with text()', async () => {
    const res = await mockTransport.send(chat('mock-1', false), { signal: new AbortController().signal });
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(await res.text()).choices[0].message.content).toBe('This is the Gatehouse mock. You said: hi');
  });

  it('uses the defaults it was created with, under per-request settings', async () => {
    const transport = createMockTransport({ text: 'Default text', chunks: 1 });
    const res = await transport.send(chat('mock-1', false), { signal: new AbortController().signal });
    expect(JSON.parse(await res.text()).choices[0].message.content).toBe('Default text');
  });
});

describe('pause', () => {
  it('resolves true when the time elapsed and false when a signal fired', async () => {
    expect(await pause(1)).toBe(true);
    const controller = new AbortController();
    const pending = pause(10_000, controller.signal);
    controller.abort();
    expect(await pending).toBe(false);
    expect(await pause(10_000, AbortSignal.abort())).toBe(false);
  });
});
