// Runs Gatehouse's OpenAI-compatible mock upstream (src/gateway/providers/mock/server.ts) in its own
// process for the bench, and serves the mock's own request counters at GET /__bench/stats (the path
// is also spelled out in gateway-bench.ts), so the bench can check that every request it completed
// through a gateway really reached the upstream.
//
//   node --import tsx bench/mock-upstream.ts --port 18080
//
// The stats route is answered before the mock sees the request (a wrapper around
// http.Server.prototype.emit), so the mock itself stays untouched. Exits when its stdin closes.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { startMockServer } from '../src/gateway/providers/mock/server.ts';

const STATS_PATH = '/__bench/stats';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const port = Number(values.port ?? 18080);
const host = values.host ?? '127.0.0.1';

let stats: object = {};
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'request' && (args[0] as http.IncomingMessage).url === STATS_PATH) {
    const res = args[1] as http.ServerResponse;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
    return true;
  }
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof emit;

const mock = await startMockServer({ port, host });
stats = mock.stats; // { requests, streams, bad }: POSTs the mock answered
console.log(`mock upstream listening on ${mock.url} (pid ${process.pid})`);

let closing = false;
const exit = () => {
  if (closing) return;
  closing = true;
  Promise.resolve(mock.close()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', exit);
process.on('SIGTERM', exit);
process.stdin.on('end', exit).on('error', exit).resume();
