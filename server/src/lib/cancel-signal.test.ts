import { describe, expect, it } from 'vitest';
import { ClientGoneSignal } from './cancel-signal.ts';

describe('ClientGoneSignal', () => {
  it('calls each listener once on abort, not removed ones, and carries an AbortError', () => {
    const signal = new ClientGoneSignal();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    signal.addEventListener('abort', a);
    signal.addEventListener('abort', b);
    signal.removeEventListener('abort', a);
    expect(signal.aborted).toBe(false);
    signal.abort();
    signal.abort();
    expect(calls).toEqual(['b']);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('AbortError');
  });

  it('aborts an undici request in flight like an AbortSignal would', async () => {
    const { createServer } = await import('node:http');
    const { Agent } = await import('undici');
    const server = createServer((_req, res) => {
      res.writeHead(200);
      res.write('first');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const agent = new Agent();
    try {
      const signal = new ClientGoneSignal();
      const res = await agent.request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', signal });
      const reading = (async () => {
        for await (const _ of res.body) signal.abort();
      })();
      await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await agent.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
