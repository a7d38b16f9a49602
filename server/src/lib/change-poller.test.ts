import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ChangePoller } from './change-poller.ts';

describe('ChangePoller', () => {
  it('a look asked for while one is in flight waits for it and then looks again', async () => {
    const looks: Array<() => void> = [];
    let calls = 0;
    const poller = new ChangePoller('test', pino({ level: 'silent' }), 60_000, () => {
      calls++;
      return new Promise<void>((resolve) => looks.push(resolve));
    });
    const first = poller.poll();
    const second = poller.poll(); // e.g. a test right after its own change
    const third = poller.poll();
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(1);
    looks[0]!();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(2); // the waiting callers share the one fresh look
    looks[1]!();
    await Promise.all([second, third]);
    expect(calls).toBe(2);
  });
});
