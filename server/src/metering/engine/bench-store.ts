import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { MemoryStore } from './memory-store.ts';
import { RedisStore } from './redis-store.ts';
import { rateWindow, type MeteringStore, type ReserveLine } from './store.ts';

/** Throughput and latency of reserve+settle pairs against one store. */
export interface StoreBenchResult {
  store: string;
  pairs: number;
  concurrency: number;
  /** Completed reserve+settle pairs per second. */
  pairsPerSecond: number;
  /** Median wall time of one pair (reserve, then settle), in ms. */
  p50Ms: number;
  p99Ms: number;
}

/** Options of one benchmark run. */
export interface StoreBenchOptions {
  pairs?: number;
  /** Requests in flight at once (each runs reserve then settle). */
  concurrency?: number;
  warmup?: number;
}

/** The six lines of a typical request: org, department, user and key budgets, requests and tokens per minute. */
function linesFor(i: number, now: number): ReserveLine[] {
  const w = rateWindow(now);
  const key = `k${i % 100}`;
  const big = 1_000_000_000_000;
  return [
    { counter: 'b:org:m:2026-11', amount: 2_500, limit: big, kind: 'budget' },
    { counter: `b:dept${i % 10}:m:2026-11`, amount: 2_500, limit: big, kind: 'budget' },
    { counter: `b:user${i % 100}:d:2026-11-23`, amount: 2_500, limit: big, kind: 'budget' },
    { counter: `b:${key}:total`, amount: 2_500, limit: big, kind: 'budget' },
    { counter: `rl:req:${key}:${w.index}`, amount: 1, limit: big, kind: 'rate', ttlMs: w.ttlMs },
    { counter: `rl:tok:${key}:${w.index}`, amount: 1_200, limit: big, kind: 'rate', ttlMs: w.ttlMs },
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Measure reserve+settle pairs per second and their p50/p99 latency against `store`. */
export async function benchStore(
  name: string,
  store: MeteringStore,
  options: StoreBenchOptions = {},
): Promise<StoreBenchResult> {
  const pairs = options.pairs ?? 5_000;
  const concurrency = options.concurrency ?? 16;
  const warmup = options.warmup ?? 500;
  const run = `${Date.now().toString(36)}-${name}`;
  let next = 0;
  const latencies: number[] = [];
  const worker = async (total: number, record: boolean): Promise<void> => {
    while (next < total) {
      const i = next++;
      const started = performance.now();
      const lines = linesFor(i, Date.now());
      const r = await store.reserve(`${run}-${record ? 'm' : 'w'}${i}`, lines, { expiresAt: Date.now() + 60_000 });
      if (!r.ok) throw new Error(`bench: reserve refused at line ${r.line}`);
      await store.settle(
        `${run}-${record ? 'm' : 'w'}${i}`,
        lines.map((l) => l.amount - 1),
      );
      if (record) latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker(warmup, false)));
  next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => worker(pairs, true)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    store: name,
    pairs,
    concurrency,
    pairsPerSecond: Math.round(pairs / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** Bench the in-process store and, given a URL, the Redis store (keys under a throwaway prefix, deleted after). */
export async function benchStores(
  redisUrl: string | null,
  options: StoreBenchOptions = {},
): Promise<StoreBenchResult[]> {
  const results = [await benchStore('memory', new MemoryStore(), options)];
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    const prefix = `{gatehouse-bench:${Date.now().toString(36)}}:`;
    try {
      results.push(await benchStore('redis', new RedisStore(redis, { prefix }), options));
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
    }
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const concurrency = Number(process.argv[2] ?? 16);
  const results = await benchStores(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { concurrency });
  for (const r of results) console.log(JSON.stringify(r));
}
