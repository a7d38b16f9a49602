// The "physical limit" of a Node gateway: a plain node:http reverse proxy with a keep-alive agent that
// does the least any real gateway must do to read "model" and "stream" — buffer the request body,
// JSON.parse it and re-serialize it — and pipes the answer (JSON or SSE) back untouched.
//
//   node --import tsx bench/passthrough.ts --port 18081 --upstream http://127.0.0.1:18080
//
// Exits when its stdin closes, so it never outlives the bench that started it.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' }, upstream: { type: 'string' } },
});
const port = Number(values.port ?? 18081);
const host = values.host ?? '127.0.0.1';
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:18080');
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);
function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  return out;
}

function forward(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const headers = endToEnd(req.headers);
  headers.host = upstream.host;
  headers['content-length'] = Buffer.byteLength(body);
  const upstreamReq = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, endToEnd(upstreamRes.headers));
      upstreamRes.pipe(res);
    },
  );
  upstreamReq.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  upstreamReq.end(body);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let json: unknown;
    try {
      json = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"invalid JSON"}}');
      return;
    }
    forward(req, res, json === null ? '' : JSON.stringify(json));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => console.log(`passthrough listening on http://${host}:${port} -> ${upstream.origin}`));

const exit = () => process.exit(0);
process.on('SIGINT', exit);
process.on('SIGTERM', exit);
process.stdin.on('end', exit).on('error', exit).resume();
