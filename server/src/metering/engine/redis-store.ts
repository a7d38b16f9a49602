import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LOAD, REAP, RELEASE, RESERVE, SETTLE } from './redis-scripts.ts';
import {
  assertAmounts,
  assertLoadEntries,
  assertReserveArgs,
  type CounterSnapshot,
  type ExpiredReservation,
  type LineKind,
  type LoadEntry,
  type MeteringStore,
  type ReserveLine,
  type ReserveOptions,
  type ReserveResult,
  type SettledLine,
  type SettledReservation,
  type SettleOptions,
} from './store.ts';

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key. The default carries a hash tag so that, on a Redis Cluster, all keys
   * share one slot: settle and reap find a reservation's counters inside the script.
   */
  prefix?: string;
  /** Reservations settled per reap round trip. */
  reapBatch?: number;
  /** Counters per load round trip. */
  loadBatch?: number;
}

type Reply = Array<string | number>;

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const SCRIPTS = {
  reserve: script(RESERVE),
  settle: script(SETTLE),
  release: script(RELEASE),
  reap: script(REAP),
  load: script(LOAD),
};

/**
 * The metering store on Redis, for several gateway processes sharing exact counters. Each of
 * reserve/settle/release/reap-batch/load-batch is one Lua script — one atomic round trip (EVALSHA,
 * EVAL once after NOSCRIPT). The caller owns the connection (built once in main.ts).
 */
export class RedisStore implements MeteringStore {
  private readonly prefix: string;
  private readonly counterPrefix: string;
  private readonly expiriesKey: string;
  private readonly reapBatch: number;
  private readonly loadBatch: number;

  constructor(
    private readonly redis: Redis,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? '{gatehouse:metering}:';
    this.counterPrefix = `${this.prefix}c:`;
    this.expiriesKey = `${this.prefix}expiries`;
    this.reapBatch = options.reapBatch ?? 100;
    this.loadBatch = options.loadBatch ?? 500;
  }

  async reserve(id: string, lines: readonly ReserveLine[], options: ReserveOptions): Promise<ReserveResult> {
    assertReserveArgs(id, lines, options);
    const keys = [this.reservationKey(id), this.expiriesKey, ...lines.map((l) => this.counterPrefix + l.counter)];
    const args: Array<string | number> = [id, options.expiresAt];
    for (const l of lines) args.push(l.amount, l.limit ?? '', l.kind, l.ttlMs ?? '');
    args.push((typeof options.meta === 'function' ? options.meta() : options.meta) ?? '');
    const reply = await this.run(SCRIPTS.reserve, keys, args);
    const head = int(reply[0]);
    if (head === -2) throw new Error(`reservation ${id} already exists with other lines`);
    if (head > 0) {
      const line = lines[head - 1];
      return { ok: false, line: head - 1, used: int(reply[1]), reserved: int(reply[2]), limit: line?.limit ?? 0 };
    }
    const counters: CounterSnapshot[] = [];
    for (let i = 1; i < reply.length; i += 2) counters.push({ used: int(reply[i]), reserved: int(reply[i + 1]) });
    return { ok: true, counters };
  }

  async settle(
    id: string,
    actualAmounts: readonly number[],
    options: SettleOptions = {},
  ): Promise<SettledReservation | false> {
    assertAmounts(actualAmounts);
    const detail = options.lines === false ? '0' : '1';
    const reply = await this.run(
      SCRIPTS.settle,
      [this.reservationKey(id), this.expiriesKey],
      [id, detail, ...actualAmounts],
    );
    const head = int(reply[0]);
    if (head === 0) return false;
    if (head === -1) throw new TypeError(`settle ${id}: ${actualAmounts.length} amounts do not match its lines`);
    return { id, lines: this.parseLines(reply, 1, (reply.length - 1) / 5) };
  }

  async release(id: string): Promise<boolean> {
    const reply = await this.run(SCRIPTS.release, [this.reservationKey(id), this.expiriesKey], [id]);
    return int(reply[0]) === 1;
  }

  async reap(now: number): Promise<SettledReservation[]> {
    const settled: SettledReservation[] = [];
    for (;;) {
      const reply = await this.run(
        SCRIPTS.reap,
        [this.expiriesKey],
        [Math.floor(now), this.reapBatch, this.reservationKey('')],
      );
      let i = 1;
      while (i < reply.length) {
        const id = String(reply[i]);
        const count = int(reply[i + 1]);
        settled.push({ id, lines: this.parseLines(reply, i + 2, count) });
        i += 2 + count * 5;
      }
      if (int(reply[0]) < this.reapBatch) return settled;
    }
  }

  async expired(now: number, max: number): Promise<ExpiredReservation[]> {
    const ids = await this.redis.zrangebyscore(this.expiriesKey, '-inf', Math.floor(now), 'LIMIT', 0, max);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.reservationKey(id));
    const replies = (await pipeline.exec()) ?? [];
    const out: ExpiredReservation[] = [];
    ids.forEach((id, i) => {
      const [error, hash] = replies[i] ?? [null, null];
      const h = hash as Record<string, string> | null;
      if (error || !h || h.n === undefined) return; // settled meanwhile
      const lines: ExpiredReservation['lines'] = [];
      for (let j = 1; j <= Number(h.n); j++) {
        lines.push({
          counter: String(h[`k${j}`]).slice(this.counterPrefix.length),
          kind: h[`t${j}`] as LineKind,
          estimate: int(h[`a${j}`]),
        });
      }
      out.push({ id, lines, meta: h.m ?? null });
    });
    return out;
  }

  async snapshot(counter: string): Promise<CounterSnapshot> {
    const [used, reserved] = await this.redis.hmget(this.counterPrefix + counter, 'u', 'r');
    return { used: Number(used ?? 0), reserved: Number(reserved ?? 0) };
  }

  async load(entries: readonly LoadEntry[]): Promise<void> {
    assertLoadEntries(entries);
    for (let from = 0; from < entries.length; from += this.loadBatch) {
      const batch = entries.slice(from, from + this.loadBatch);
      const args: Array<string | number> = [];
      for (const e of batch) args.push(e.used, e.ttlMs ?? '');
      await this.run(
        SCRIPTS.load,
        batch.map((e) => this.counterPrefix + e.counter),
        args,
      );
    }
  }

  async pending(): Promise<number> {
    return this.redis.zcard(this.expiriesKey);
  }

  private reservationKey(id: string): string {
    return `${this.prefix}r:${id}`;
  }

  private parseLines(reply: Reply, from: number, count: number): SettledLine[] {
    const lines: SettledLine[] = [];
    for (let i = 0, at = from; i < count; i++, at += 5) {
      lines.push({
        counter: String(reply[at]).slice(this.counterPrefix.length),
        kind: String(reply[at + 1]) as LineKind,
        estimate: int(reply[at + 2]),
        amount: int(reply[at + 3]),
        charged: int(reply[at + 4]),
      });
    }
    return lines;
  }

  /** EVALSHA, and EVAL when the server does not know the script yet (NOSCRIPT). */
  private async run(s: Script, keys: string[], args: Array<string | number>): Promise<Reply> {
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      reply = await this.redis.eval(s.source, keys.length, ...keys, ...args);
    }
    return Array.isArray(reply) ? (reply as Reply) : [reply as number];
  }
}

function int(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`metering: unexpected Redis reply ${String(v)}`);
  return n;
}
