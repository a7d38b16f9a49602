// The two ways the bench sends load: wrk (closed loop or paced, with chat.lua) and a sequential probe
// (one request at a time, measuring the time to the first SSE event and checking every answer).
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { runCommand } from './procs.ts';

export type Mode = 'json' | 'stream';
export const MODES: readonly Mode[] = ['json', 'stream'];

/** Where and how to send a chat completion. */
export interface Endpoint {
  /** Base URL up to /v1, e.g. http://127.0.0.1:18080/v1. */
  baseUrl: string;
  headers: Record<string, string>;
  model: string;
}

export const CHAT_BODY = (model: string, stream: boolean) =>
  JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Say hello in one short sentence, please.' },
    ],
    max_tokens: 64,
    temperature: 0,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });

/** The line chat.lua prints at the end of a wrk run. */
export interface WrkResult {
  requests: number;
  duration_us: number;
  bytes: number;
  err_connect: number;
  err_read: number;
  err_write: number;
  err_status: number;
  err_timeout: number;
  non2xx: number;
  lat_mean_us: number;
  lat_max_us: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  p999_us: number;
}

const LUA = fileURLToPath(new URL('./chat.lua', import.meta.url));

/** Runs wrk once (one thread) and returns its RESULT line; rate 0 = closed loop. */
export async function runWrk(
  endpoint: Endpoint,
  mode: Mode,
  options: { conns: number; durationS: number; rate: number; cpus: string | null },
): Promise<WrkResult> {
  const args = [
    '-t1',
    `-c${options.conns}`,
    `-d${options.durationS}s`,
    '--timeout',
    '10s',
    '-s',
    LUA,
    `${endpoint.baseUrl}/chat/completions`,
  ];
  const env = {
    ...process.env,
    BENCH_MODEL: endpoint.model,
    BENCH_STREAM: mode === 'stream' ? '1' : '0',
    BENCH_HEADERS: Object.entries(endpoint.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('|'),
    BENCH_RATE: String(options.rate),
    BENCH_THREADS: '1',
  };
  const [cmd, argv] = options.cpus === null ? ['wrk', args] : ['taskset', ['-c', options.cpus, 'wrk', ...args]];
  const out = await runCommand(cmd, argv, { env });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`wrk failed (exit ${out.code}): ${out.stderr || out.stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as WrkResult;
}

/** Socket, status and non-2xx errors of a wrk run, counted once each. */
export function wrkErrors(r: WrkResult): number {
  // err_status (status > 399) is a subset of non2xx; socket errors are separate
  return r.err_connect + r.err_read + r.err_write + r.err_timeout + Math.max(r.non2xx, r.err_status);
}

export interface ProbeResult {
  n: number;
  ok: number;
  failed: number;
  firstFailure: string | null;
  /** SSE "data:" events in the last good answer (stream mode). */
  events: number;
  /** Median time to the response head, ms. */
  head_p50_ms: number | null;
  /** Median time to the first SSE event (stream) or to the whole body (json), ms. */
  first_event_p50_ms: number | null;
  first_event_p99_ms: number | null;
  total_p50_ms: number | null;
}

interface OneProbe {
  ok: boolean;
  why: string | null;
  head: number;
  first: number;
  total: number;
  events: number;
}

/** Sends one request and checks the answer: JSON with choices, or SSE ending in `data: [DONE]`. */
function probeOnce(endpoint: Endpoint, mode: Mode, agent: http.Agent): Promise<OneProbe> {
  const stream = mode === 'stream';
  const url = new URL(`${endpoint.baseUrl}/chat/completions`);
  const body = CHAT_BODY(endpoint.model, stream);
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          ...endpoint.headers,
          'content-type': 'application/json',
          accept: stream ? 'text/event-stream' : 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const head = ms();
        let first: number | null = null;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (first === null && (!stream || text.includes('data:'))) first = ms();
        });
        res.on('end', () => {
          const total = ms();
          let why: string | null = null;
          let events = 0;
          if (res.statusCode !== 200) why = `status ${res.statusCode}: ${text.slice(0, 200)}`;
          else if (stream) {
            events = (text.match(/^data:/gm) ?? []).length;
            if (!/data: \[DONE\]\s*$/.test(text)) why = `stream does not end in "data: [DONE]": …${text.slice(-200)}`;
          } else {
            try {
              if (!Array.isArray((JSON.parse(text) as { choices?: unknown }).choices)) why = 'JSON without choices';
            } catch {
              why = `not JSON: ${text.slice(0, 200)}`;
            }
          }
          resolve({ ok: why === null, why, head, first: first ?? total, total, events });
        });
        res.on('error', (e) => resolve({ ok: false, why: e.message, head, first: 0, total: ms(), events: 0 }));
      },
    );
    req.on('error', (e) => resolve({ ok: false, why: e.message, head: 0, first: 0, total: ms(), events: 0 }));
    req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30s')));
    req.end(body);
  });
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Sequential probe over one keep-alive connection: warm-up requests, then n measured ones. */
export async function probe(endpoint: Endpoint, mode: Mode, n: number, warmup: number): Promise<ProbeResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < warmup; i++) await probeOnce(endpoint, mode, agent);
    const rows: OneProbe[] = [];
    for (let i = 0; i < n; i++) rows.push(await probeOnce(endpoint, mode, agent));
    const good = rows.filter((r) => r.ok);
    const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
    return {
      n,
      ok: good.length,
      failed: n - good.length,
      firstFailure: rows.find((r) => !r.ok)?.why ?? null,
      events: good.at(-1)?.events ?? 0,
      head_p50_ms: round(
        percentile(
          good.map((r) => r.head),
          50,
        ),
      ),
      first_event_p50_ms: round(
        percentile(
          good.map((r) => r.first),
          50,
        ),
      ),
      first_event_p99_ms: round(
        percentile(
          good.map((r) => r.first),
          99,
        ),
      ),
      total_p50_ms: round(
        percentile(
          good.map((r) => r.total),
          50,
        ),
      ),
    };
  } finally {
    agent.destroy();
  }
}
