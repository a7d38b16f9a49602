// Gateway overhead bench: what Gatehouse adds on top of its upstream, next to a minimal Node proxy.
//
//   npm run bench:gateway   (~7 min on a quiet machine, ≤ ~8.5 with QUIET_BUDGET: 4 targets × json/stream × 3)
//   QUICK=1 npm run bench:gateway   (~1–1.5 min: direct, passthrough, gatehouse; 1 repeat of 2 s)
//   npm run bench:metering   (~7 min: TARGETS="gatehouse gatehouse-metered gatehouse-metered-redis" BASELINE=gatehouse)
//
// Targets, all behind the same mock upstream on loopback:
//   direct       the mock itself (reference for the mock; wrk and mock share CPU 0)
//   passthrough  node:http reverse proxy, keep-alive agent, JSON parse + re-serialize (the baseline)
//   gatehouse    `gatehouse start` with embedded PGlite (or DATABASE_URL), USAGE_DURABILITY=sync; its org
//                has no budget, rate limit or credits (metering's fast path: no store call)
//   gatehouse-async   the same with USAGE_DURABILITY=async         (optional)
//   gatehouse-loginfo the same with LOG_LEVEL=info                 (optional)
//   gatehouse-base    the same, run from GATEHOUSE_BASE_DIR (the server folder of another checkout,
//                e.g. a `git worktree` of the commit before a change): an A/B in one run, on the
//                same machine state, e.g. TARGETS="passthrough gatehouse-base gatehouse" (optional)
//   gatehouse-metered the same process setup, but requests go to a second org with metering on: the
//                key's owner is in a department, a cost budget (month) on each of org, department,
//                user and key, and a rate limit (requests + tokens per minute) on the key — all far
//                above what the bench spends, so every request reserves and settles 6 counter lines
//                and none is refused; METERING_STORE=memory (in-process store)   (optional)
//   gatehouse-metered-redis  the same with METERING_STORE=redis, REDIS_URL from the environment or
//                redis://127.0.0.1:6379, checked before anything starts: it must answer PING and hold
//                no reservations of another Gatehouse (tests share a dev Redis; the bench's process
//                would reap theirs) — else use a database of its own, e.g. REDIS_URL=redis://127.0.0.1:6379/15.
//                Redis's own CPU is NOT counted   (optional)
// The other Gatehouse targets run with METERING_STORE=memory. A metered target must answer with
// x-ratelimit-limit-requests (proof that the metering path ran), or the bench fails.
// BASELINE (default passthrough) takes a target id or a display name; BASELINE=gatehouse makes the
// "×" and "+" columns show what metering adds, and whenever gatehouse and a metered target both ran,
// a "Metering overhead" section checks issue 3's targets (≤ +0.3 ms p50, ≤ 1.20× CPU per request).
// PROFILE=1 writes a V8 CPU profile of the gatehouse target; PROFILE="gatehouse gatehouse-metered"
// (target ids) of each named Gatehouse target; summaries go to profiles/<id>/*.top.txt.
// The process under test runs alone on CPU 1 (taskset); wrk, the probe, this script and the mock run
// on CPU 0. Per target and mode: max RPS (closed loop), CPU µs/request of the process under test
// (all threads and child processes, from /proc), p50/p99 at a paced rate, and the time to the first
// SSE event of a sequential probe. Medians over REPEATS; the table compares every row with
// BASELINE and checks the issue's targets. Results go to server/bench-results/<timestamp>/.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  appendFileSync,
  readdirSync,
  readFileSync,
  copyFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import {
  cpuTicks,
  machineBusyTicks,
  rssMb,
  selfTicks,
  threadSplit,
  threadTicks,
  withDescendants,
  CLK_TCK,
} from './cpu.ts';
import { summarizeProfile } from './cpuprofile-top.ts';
import {
  addMeteringLimits,
  cloneDataDir,
  GATEHOUSE_DIR,
  METERING_LIMITS,
  newMasterKey,
  setUpGatehouse,
  startGatehouse,
  SERVER_DIR,
  type GatehouseEnv,
} from './gatehouse.ts';
import { CHAT_BODY, MODES, probe, runWrk, wrkErrors, type Endpoint, type Mode } from './load.ts';
import { Processes, freePort, waitForHttp, type Started } from './procs.ts';
import {
  buildRows,
  meteringOverhead,
  renderDetails,
  renderMeteringOverhead,
  renderTable,
  type LoadRun,
  type ProbeRun,
} from './report.ts';

// ---------- configuration ----------

const QUICK = process.env.QUICK === '1' || process.env.QUICK === 'true';
/** GATEHOUSE_NODE_FLAGS="--trace-gc": extra node flags for every Gatehouse target (output in logs/). */
const extraNodeFlags = (process.env.GATEHOUSE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const CPU_COUNT = os.cpus().length; // read before this process pins itself to one CPU
function knob(name: string, normal: number, quick: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? (QUICK ? quick : normal) : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    fail(`${name} must be a number in ${min}..${max} (got ${raw})`);
  return value;
}
function list(name: string, fallback: string): string[] {
  return (process.env[name] || fallback).split(/[\s,]+/).filter(Boolean);
}
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const TARGET_IDS = [
  'direct',
  'passthrough',
  'gatehouse',
  'gatehouse-async',
  'gatehouse-loginfo',
  'gatehouse-base',
  'gatehouse-metered',
  'gatehouse-metered-redis',
] as const;
type TargetId = (typeof TARGET_IDS)[number];
/** GATEHOUSE_BASE_DIR, required by the gatehouse-base target. */
function baseDir(): string {
  const dir = process.env.GATEHOUSE_BASE_DIR;
  if (!dir)
    throw new Error('the gatehouse-base target needs GATEHOUSE_BASE_DIR (the server folder of another checkout)');
  return resolve(dir);
}
const isMetered = (id: string) => id === 'gatehouse-metered' || id === 'gatehouse-metered-redis';
/** RedisStore's sorted set of open reservations (its default key prefix, as main.ts builds it). */
const REDIS_EXPIRIES_KEY = '{gatehouse:metering}:expiries';

const cfg = {
  quick: QUICK,
  durationS: knob('DURATION', 5, 2, 1, 120),
  repeats: knob('REPEATS', 3, 1, 1, 20),
  rate: knob('RATE', 150, 150, 1, 50_000),
  conns: knob('CONNS', 32, 32, 1, 1024),
  rateConns: knob('RATE_CONNS', 16, 16, 1, 1024),
  warmupS: knob('WARMUP', 5, 1, 0, 120), // once per target and mode, before the first repeat
  prewarmS: knob('PREWARM', 2, 1, 0, 60), // right before each measured cell (idle Node servers cool down)
  probeN: knob('PROBE_N', 100, 30, 0, 5000),
  cooldownS: knob('COOLDOWN', 0.5, 0.3, 0, 30),
  // shared machine: before each measured run wait (at most QUIET_MAX_WAIT s) until processes outside
  // the bench use less than OTHER_LOAD_PCT % of a core, and redo a run disturbed by more than that
  otherLoadPct: knob('OTHER_LOAD_PCT', 15, 15, 1, 1000),
  quietMaxWaitS: knob('QUIET_MAX_WAIT', 30, 10, 0, 3600), // per run
  quietBudgetS: knob('QUIET_BUDGET', 90, 15, 0, 36000), // in all, so a busy machine cannot stall the bench
  retries: knob('RETRIES', 1, 0, 0, 5),
  modes: list('MODES', 'json stream') as Mode[],
  targets: list(
    'TARGETS',
    QUICK ? 'direct passthrough gatehouse' : 'direct passthrough gatehouse gatehouse-async',
  ) as TargetId[],
  baseline: process.env.BASELINE || 'passthrough',
  sutCpus: process.env.SUT_CPUS || '1',
  loadgenCpus: process.env.LOADGEN_CPUS || '0',
  databaseUrl: process.env.DATABASE_URL || null,
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  // target ids to profile with --cpu-prof; PROFILE=1 = the gatehouse target
  profile: process.env.PROFILE === '1' ? ['gatehouse'] : list('PROFILE', '').filter((x) => x !== '0'),
  // SIGSTOP the other targets on the process-under-test CPU while one is measured (their idle timers
  // would otherwise take a few % of that CPU)
  freezeIdle: process.env.FREEZE_IDLE !== '0',
  gatehouseDir: GATEHOUSE_DIR,
};
/** A URL without its credentials, for logs and results. */
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//…@');
/** The configuration as logged and written to results (no credentials). */
const shownConfig = {
  ...cfg,
  databaseUrl: cfg.databaseUrl && redact(cfg.databaseUrl),
  redisUrl: redact(cfg.redisUrl),
};
for (const m of cfg.modes) if (!MODES.includes(m)) fail(`MODES: unknown mode "${m}" (json, stream)`);
for (const t of cfg.targets)
  if (!TARGET_IDS.includes(t)) fail(`TARGETS: unknown target "${t}" (${TARGET_IDS.join(', ')})`);
for (const t of cfg.profile)
  if (!t.startsWith('gatehouse') || !cfg.targets.includes(t as TargetId))
    fail(`PROFILE: "${t}" is not a Gatehouse target of this run (TARGETS: ${cfg.targets.join(' ')})`);

// ---------- output ----------

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const outDir = join(SERVER_DIR, 'bench-results', stamp);
const logDir = join(outDir, 'logs');
const runsFile = join(outDir, 'runs.jsonl');
const say = (line: string) => process.stderr.write(`${line}\n`);
const record = (entry: object) =>
  appendFileSync(runsFile, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

// ---------- preflight ----------

function preflight(): void {
  const has = (cmd: string, args: string[]) => !spawnSync(cmd, args, { stdio: 'ignore' }).error;
  if (!has('wrk', ['-v'])) fail('wrk is not installed. Install it with:\n  apt-get install -y wrk');
  if (!has('taskset', ['-V'])) fail('taskset is missing (package util-linux):\n  apt-get install -y util-linux');
  const cpus = CPU_COUNT;
  if (cpus < 2) fail(`this bench pins the gateway and the load generator to different CPUs; found ${cpus} CPU`);
  if (cpus > 2)
    say(`# note: ${cpus} CPUs; only CPU ${cfg.loadgenCpus} (load, mock) and CPU ${cfg.sutCpus} (under test) are used`);
}

/** The Redis store target needs a Redis that answers PING, before anything is set up or started. */
async function preflightRedis(): Promise<void> {
  if (!cfg.targets.includes('gatehouse-metered-redis')) return;
  const redis = new Redis(cfg.redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError = '';
  redis.on('error', (error: Error) => (lastError = error.message)); // reported below
  const where = redact(cfg.redisUrl);
  let pending = 0;
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    pending = await redis.zcard(REDIS_EXPIRIES_KEY);
  } catch (error) {
    fail(
      `gatehouse-metered-redis needs Redis at ${where} (REDIS_URL), which is not reachable: ${lastError || (error as Error).message}\n` +
        'Start one, e.g.: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    );
  } finally {
    redis.disconnect();
  }
  // reservations of another Gatehouse (tests, a dev server) would be reaped by the bench's process,
  // which writes usage events for orgs its database does not have: the writes fail and are retried,
  // and the bench's own requests queue behind them
  if (pending > 0)
    fail(
      `Redis at ${where} holds ${pending} metering reservation(s) of another Gatehouse (${REDIS_EXPIRIES_KEY}); ` +
        "the bench's metered process would try to reap them and stall. Give the bench a Redis database of its own, " +
        'e.g. REDIS_URL=redis://127.0.0.1:6379/15 (an empty one).',
    );
}

/** Warnings and errors each Gatehouse target logged during the run, counted by message. */
function logWarnings(targets: Target[]): Array<{ target: string; msg: string; count: number }> {
  const out: Array<{ target: string; msg: string; count: number }> = [];
  for (const t of targets.filter((x) => x.isGatehouse)) {
    const counts = new Map<string, number>();
    let text = '';
    try {
      text = readFileSync(t.proc.log, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= 40) counts.set(entry.msg ?? '?', (counts.get(entry.msg ?? '?') ?? 0) + 1);
      } catch {
        // not a log entry
      }
    }
    for (const [msg, count] of counts) out.push({ target: t.name, msg, count });
  }
  return out;
}

/**
 * A metered target must reserve: its answer carries the key's rate-limit headers (only a reservation
 * against a rate limit sets them). Throws when it does not, in json and in stream mode.
 */
async function checkMetered(t: Target): Promise<void> {
  for (const mode of cfg.modes) {
    const res = await fetch(`${t.endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        ...t.endpoint.headers,
        'content-type': 'application/json',
        accept: mode === 'stream' ? 'text/event-stream' : 'application/json',
      },
      body: CHAT_BODY(t.endpoint.model, mode === 'stream'),
      signal: AbortSignal.timeout(30_000),
    });
    const body = await res.text();
    const limit = res.headers.get('x-ratelimit-limit-requests');
    const remaining = res.headers.get('x-ratelimit-remaining-requests');
    const tokens = res.headers.get('x-ratelimit-limit-tokens');
    record({ kind: 'metering_check', target: t.name, mode, status: res.status, limit, remaining, tokens });
    if (res.status !== 200 || limit !== String(METERING_LIMITS.requestsPerMinute) || tokens === null)
      throw new Error(
        `${t.name}/${mode}: metering is not on (status ${res.status}, x-ratelimit-limit-requests ${limit}, ` +
          `x-ratelimit-limit-tokens ${tokens}; expected ${METERING_LIMITS.requestsPerMinute}): ${body.slice(0, 200)}`,
      );
    say(
      `# metering check ${t.name}/${mode}: ok (x-ratelimit-limit-requests ${limit}, remaining ${remaining}, tokens ${tokens})`,
    );
  }
}

// ---------- targets ----------

interface Target {
  /** The TARGETS id (gatehouse, gatehouse-metered, …). */
  id: string;
  /** The display name in the tables. */
  name: string;
  endpoint: Endpoint;
  /** The process under test (its whole tree is measured). */
  proc: Started;
  isGatehouse: boolean;
}

let upstreamStatsUrl = '';
async function upstreamRequests(): Promise<number | null> {
  try {
    const res = await fetch(upstreamStatsUrl);
    return ((await res.json()) as { requests: number }).requests;
  } catch {
    return null;
  }
}

// ---------- one measured wrk run ----------

/** CPU used by processes outside the bench over `seconds`, in % of one core. */
async function otherLoad(procs: Processes, seconds: number): Promise<number> {
  const ours = withDescendants(procs.pids());
  const [ours0, self0, busy0] = [cpuTicks(ours), selfTicks(), machineBusyTicks()];
  await sleep(seconds);
  const [ours1, self1, busy1] = [cpuTicks(ours), selfTicks(), machineBusyTicks()];
  const bench = ours1 - ours0 + (self1.self - self0.self) + (self1.reapedChildren - self0.reapedChildren);
  return Math.max(0, (100 * (busy1 - busy0 - bench)) / CLK_TCK / seconds);
}

/** Waits until the rest of the machine is quiet (at most QUIET_MAX_WAIT s per call, QUIET_BUDGET s in all). */
let quietWaitedS = 0;
async function waitQuiet(procs: Processes): Promise<void> {
  const start = Date.now();
  const waited = () => (Date.now() - start) / 1000;
  for (let told = false; ; told = true) {
    const other = await otherLoad(procs, 0.5);
    if (other <= cfg.otherLoadPct) break;
    if (waited() >= cfg.quietMaxWaitS || quietWaitedS + waited() >= cfg.quietBudgetS) {
      say(`# the machine is busy (${other.toFixed(0)}% of a core used by other processes); measuring anyway`);
      break;
    }
    if (!told) say(`# waiting for other processes to go quiet (${other.toFixed(0)}% of a core in use)`);
  }
  quietWaitedS += waited();
}

/** One measured wrk run with CPU accounting around it; redone (RETRIES) when other processes disturbed it. */
async function measure(
  procs: Processes,
  mock: Started,
  t: Target,
  mode: Mode,
  kind: 'max' | 'rate',
  rep: number,
  quietChecked = false,
): Promise<LoadRun> {
  const conns = kind === 'max' ? cfg.conns : cfg.rateConns;
  let run: LoadRun | null = null;
  for (let attempt = 0; attempt <= cfg.retries; attempt++) {
    if (attempt > 0 || !quietChecked) await waitQuiet(procs);
    const sut = withDescendants([t.proc.pid]);
    const upstream = withDescendants([mock.pid]);
    const ours = withDescendants(procs.pids());
    const snapshot = () => ({
      sut: cpuTicks(sut),
      upstream: cpuTicks(upstream),
      ours: cpuTicks(ours),
      self: selfTicks(),
      busy: machineBusyTicks(),
    });
    const n0 = await upstreamRequests();
    const threads0 = threadTicks(t.proc.pid);
    const c0 = snapshot();
    const w = await runWrk(t.endpoint, mode, {
      conns,
      durationS: cfg.durationS,
      rate: kind === 'rate' ? cfg.rate : 0,
      cpus: cfg.loadgenCpus,
    });
    const c1 = snapshot();
    const split = threadSplit(t.proc.pid, threads0, threadTicks(t.proc.pid));
    const n1 = await upstreamRequests();

    const secs = w.duration_us / 1e6;
    const pctOfCore = (ticks: number) => (100 * ticks) / CLK_TCK / secs;
    const usPerReq = (ticks: number) => (w.requests ? ((ticks / CLK_TCK) * 1e6) / w.requests : 0);
    const wrkTicks = c1.self.reapedChildren - c0.self.reapedChildren; // wrk has exited and been reaped
    const benchTicks = c1.ours - c0.ours + (c1.self.self - c0.self.self) + wrkTicks;
    run = {
      kind,
      rep,
      target: t.name,
      mode,
      attempt,
      conns,
      ...w,
      rps: w.requests / secs,
      errors: wrkErrors(w),
      sut_cpu_us_per_req: w.requests ? usPerReq(c1.sut - c0.sut) : null,
      sut_threads_us_per_req: w.requests
        ? { main: usPerReq(split.main), busiest: usPerReq(split.busiest), rest: usPerReq(split.rest) }
        : null,
      sut_cpu_pct: pctOfCore(c1.sut - c0.sut),
      sut_rss_mb: rssMb(sut),
      upstream_requests: n0 !== null && n1 !== null ? n1 - n0 : null,
      upstream_cpu_pct: pctOfCore(c1.upstream - c0.upstream),
      loadgen_cpu_pct: pctOfCore(wrkTicks),
      other_cpu_pct: Math.max(0, pctOfCore(c1.busy - c0.busy - benchTicks)),
    };
    if (run.other_cpu_pct <= cfg.otherLoadPct) break;
    // a redo costs a run's time: it comes out of the same budget as waiting for quiet
    const redo = attempt < cfg.retries && quietWaitedS < cfg.quietBudgetS;
    say(
      `# ${t.name}/${mode}/${kind}: other processes used ${run.other_cpu_pct.toFixed(0)}% of a core during the run; ` +
        (redo ? 'redoing it' : 'keeping it (flagged ⚠ in the table)'),
    );
    if (!redo) break;
    quietWaitedS += cfg.durationS;
  }
  return run!;
}

/** CPU use of each idle target over a few seconds: what sits next to the process under test on its CPU. */
async function idleCpu(targets: Target[], seconds: number): Promise<Record<string, number>> {
  const trees = targets.map((t) => withDescendants([t.proc.pid]));
  const before = trees.map(cpuTicks);
  await sleep(seconds);
  return Object.fromEntries(
    targets.map((t, i) => [t.name, (100 * (cpuTicks(trees[i]!) - before[i]!)) / CLK_TCK / seconds]),
  );
}

// ---------- main ----------

async function main(procs: Processes, tmp: string): Promise<void> {
  mkdirSync(logDir, { recursive: true });
  // this script (and with it the probe) runs on the load generator's CPU
  spawnSync('taskset', ['-a', '-p', '-c', cfg.loadgenCpus, String(process.pid)], { stdio: 'ignore' });
  say(`# results -> ${outDir}`);
  say(`# config ${JSON.stringify(shownConfig)}`);
  record({
    kind: 'config',
    config: shownConfig,
    node: process.version,
    cpu: os.cpus()[0]?.model,
    kernel: os.release(),
  });

  const tsx = ['--import', 'tsx'];
  const mockPort = await freePort();
  const mock = procs.start('mock', process.execPath, [...tsx, 'bench/mock-upstream.ts', '--port', String(mockPort)], {
    cpus: cfg.loadgenCpus,
    cwd: SERVER_DIR,
  });
  await waitForHttp(`http://127.0.0.1:${mockPort}/v1/models`, mock);
  upstreamStatsUrl = `http://127.0.0.1:${mockPort}/__bench/stats`;
  const mockBase = `http://127.0.0.1:${mockPort}/v1`;
  say(`# mock upstream pid ${mock.pid} on ${mockBase} (CPU ${cfg.loadgenCpus})`);

  const targets: Target[] = [];
  const mockHeaders = { Authorization: 'Bearer sk-mock' };
  if (cfg.targets.includes('direct')) {
    targets.push({
      id: 'direct',
      name: 'direct',
      endpoint: { baseUrl: mockBase, headers: mockHeaders, model: 'gpt-4o-mini' },
      proc: mock,
      isGatehouse: false,
    });
  }
  if (cfg.targets.includes('passthrough')) {
    const port = await freePort();
    const args = [...tsx, 'bench/passthrough.ts', '--port', String(port), '--upstream', `http://127.0.0.1:${mockPort}`];
    const proc = procs.start('passthrough', process.execPath, args, { cpus: cfg.sutCpus, cwd: SERVER_DIR });
    await waitForHttp(`http://127.0.0.1:${port}/v1/models`, proc);
    const endpoint = { baseUrl: `http://127.0.0.1:${port}/v1`, headers: mockHeaders, model: 'gpt-4o-mini' };
    targets.push({ id: 'passthrough', name: 'passthrough', endpoint, proc, isGatehouse: false });
  }

  const gatehouses = cfg.targets.filter((t) => t.startsWith('gatehouse'));
  if (gatehouses.length) {
    const db = cfg.databaseUrl ? 'postgres' : 'pglite';
    const base: GatehouseEnv = {
      dataDir: join(tmp, 'gh'),
      databaseUrl: cfg.databaseUrl,
      masterKey: newMasterKey(),
      logLevel: 'warn',
    };
    const plain = await setUpGatehouse(base, mockBase, say);
    // the metered org and its limits are written before any Gatehouse process opens the data dir
    const metered = gatehouses.some(isMetered) ? await setUpGatehouse(base, mockBase, say, { metered: true }) : null;
    if (metered) await addMeteringLimits(base, metered, say);
    const variants = gatehouses.map((id) => ({
      id,
      durability: id === 'gatehouse-async' ? ('async' as const) : ('sync' as const),
      logLevel: id === 'gatehouse-loginfo' ? 'info' : 'warn',
      store: id === 'gatehouse-metered-redis' ? ('redis' as const) : ('memory' as const),
      org: isMetered(id) ? metered! : plain,
    }));
    // PGlite allows one process per data dir: every variant gets a copy of the set-up state
    const dataDirs = variants.map((v, i) => (cfg.databaseUrl || i === 0 ? base.dataDir : join(tmp, `gh-${v.id}`)));
    variants.forEach((_, i) => {
      if (dataDirs[i] !== base.dataDir) cloneDataDir(base.dataDir, dataDirs[i]!);
    });
    for (const [i, v] of variants.entries()) {
      const port = await freePort();
      const name = isMetered(v.id)
        ? `gatehouse metered (${db}, ${v.durability}, ${v.store === 'redis' ? 'redis' : 'in-process'} store)`
        : `gatehouse${v.id === 'gatehouse-base' ? ' base' : ''} (${db}, ${v.durability}${v.logLevel === 'info' ? ', log=info' : ''})`;
      const profileFlags = cfg.profile.includes(v.id)
        ? ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles', v.id)}`]
        : [];
      say(`# starting ${name} on port ${port} (CPU ${cfg.sutCpus})${profileFlags.length ? ' with --cpu-prof' : ''}`);
      const proc = await startGatehouse(
        procs,
        v.id,
        { ...base, dataDir: dataDirs[i]!, logLevel: v.logLevel },
        {
          port,
          cpus: cfg.sutCpus,
          durability: v.durability,
          nodeFlags: [...profileFlags, ...extraNodeFlags],
          dir: v.id === 'gatehouse-base' ? baseDir() : undefined,
          env:
            v.store === 'redis' ? { METERING_STORE: 'redis', REDIS_URL: cfg.redisUrl } : { METERING_STORE: 'memory' },
        },
      );
      const endpoint = {
        baseUrl: `http://127.0.0.1:${port}/v1`,
        headers: { Authorization: `Bearer ${v.org.apiKey}` },
        model: v.org.model,
      };
      targets.push({ id: v.id, name, endpoint, proc, isGatehouse: true });
    }
  }
  // BASELINE: a target id (gatehouse) or a display name (gatehouse (pglite, sync))
  const baseline = targets.find((t) => t.id === cfg.baseline)?.name ?? cfg.baseline;
  if (!targets.some((t) => t.name === baseline)) say(`# warning: baseline ${baseline} is not a target; no ratios`);
  const unmetered = targets.find((t) => t.id === 'gatehouse');
  const meteredTargets = targets.filter((t) => isMetered(t.id));

  // a target process that exits while the bench still owns it was crashed or killed from outside
  const exits = new Map<Started, string>();
  for (const proc of new Set([mock, ...targets.map((t) => t.proc)])) {
    proc.child.once('exit', (code, signal) => {
      if (!procs.pids().includes(proc.pid)) return; // stopped by us
      const how = `${proc.name} (pid ${proc.pid}) exited unexpectedly: ${signal ?? `code ${code}`}; see ${proc.log}`;
      exits.set(proc, how);
      say(`# ${how}`);
      record({ kind: 'unexpected_exit', process: proc.name, code, signal });
    });
  }

  // smoke: every target must answer every mode correctly before any load is sent
  const cells: Array<{ t: Target; mode: Mode }> = [];
  const skipped: string[] = [];
  for (const t of targets) {
    for (const mode of cfg.modes) {
      const n0 = await upstreamRequests();
      const p = await probe(t.endpoint, mode, 3, 0);
      const reached = ((await upstreamRequests()) ?? 0) - (n0 ?? 0);
      const ok = p.ok === 3 && reached >= 3;
      const why = p.firstFailure ?? (reached < 3 ? `upstream saw ${reached} of 3 requests` : '');
      say(
        `# smoke ${t.name}/${mode}: ${ok ? `ok${mode === 'stream' ? ` (${p.events} SSE events)` : ''}` : `FAILED: ${why}`}`,
      );
      record({ kind: 'smoke', target: t.name, mode, ...p, passed: ok, upstream_saw: reached });
      if (ok) cells.push({ t, mode });
      else skipped.push(`${t.name}/${mode} (${why})`);
    }
  }
  if (!cells.length) throw new Error('no target passed the smoke test');
  // a metered target that does not meter would measure nothing: fail the bench
  for (const t of meteredTargets) await checkMetered(t);

  if (cfg.warmupS > 0) {
    for (const { t, mode } of cells) {
      say(`# warm-up ${t.name}/${mode} ${cfg.warmupS}s`);
      await runWrk(t.endpoint, mode, { conns: cfg.conns, durationS: cfg.warmupS, rate: 0, cpus: cfg.loadgenCpus });
    }
  }

  // what each idle target costs the CPU it shares with the one under test (after the warm-up)
  await sleep(1);
  const idle = await idleCpu(targets, QUICK ? 2 : 3);
  say(
    `# idle CPU (% of a core): ${Object.entries(idle)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
  );
  record({ kind: 'idle', cpu_pct: idle });

  const runs: Array<LoadRun | ProbeRun> = [];
  /** One cell: re-heat, closed-loop max run, paced run, sequential probe. */
  async function measureCell(t: Target, mode: Mode, rep: number): Promise<void> {
    await waitQuiet(procs);
    if (cfg.prewarmS > 0) {
      await runWrk(t.endpoint, mode, { conns: cfg.conns, durationS: cfg.prewarmS, rate: 0, cpus: cfg.loadgenCpus });
    }
    const max = await measure(procs, mock, t, mode, 'max', rep, true);
    await sleep(cfg.cooldownS);
    const paced = await measure(procs, mock, t, mode, 'rate', rep);
    await sleep(cfg.cooldownS);
    const pr: ProbeRun | null =
      cfg.probeN > 0
        ? { kind: 'probe', rep, target: t.name, mode, ...(await probe(t.endpoint, mode, cfg.probeN, 10)) }
        : null;
    for (const r of [max, paced, pr]) {
      if (!r) continue;
      runs.push(r);
      record(r);
    }
    say(
      `# rep ${rep}/${cfg.repeats} ${t.name}/${mode}: max ${max.rps.toFixed(0)} rps, ${max.sut_cpu_us_per_req?.toFixed(0)} µs/req, err ${max.errors}` +
        ` | @${cfg.rate}/s got ${paced.rps.toFixed(0)}, p50 ${(paced.p50_us / 1000).toFixed(2)} ms, p99 ${(paced.p99_us / 1000).toFixed(2)} ms, err ${paced.errors}` +
        (pr ? ` | seq 1st event ${pr.first_event_p50_ms} ms (${pr.failed} failed)` : ''),
    );
  }
  // repeats are interleaved (rep 1 of every cell, then rep 2, …) so slow drifts hit every target alike
  // a target that fails mid-run (crashed, killed from outside) is dropped; the others go on
  const broken = new Map<Target, string>();
  for (let rep = 1; rep <= cfg.repeats; rep++) {
    for (const { t, mode } of cells) {
      if (broken.has(t)) continue;
      const frozen = cfg.freezeIdle ? targets.filter((o) => o !== t && o.proc !== mock) : [];
      frozen.forEach((o) => procs.freeze(o.proc));
      try {
        await measureCell(t, mode, rep);
      } catch (error) {
        const exit = exits.get(t.proc);
        const why = `${(error as Error).message.split('\n')[0]}${exit ? ` — ${exit}` : ''}`;
        say(`# ${t.name}/${mode} rep ${rep} FAILED: ${why}; dropping ${t.name} from the rest of the run`);
        record({ kind: 'cell_error', rep, target: t.name, mode, error: why });
        broken.set(t, `rep ${rep} ${mode}: ${why}`);
      } finally {
        frozen.forEach((o) => procs.thaw(o.proc));
      }
    }
  }

  // ---------- report ----------
  const rows = buildRows(
    cells.map(({ t, mode }) => ({ target: t.name, mode, isGatehouse: t.isGatehouse })),
    runs,
    baseline,
  );
  const modes = cfg.modes.filter((m) => cells.some((c) => c.mode === m));
  const warnings = logWarnings(targets);
  for (const w of warnings) record({ kind: 'log_warnings', ...w });
  const overhead =
    unmetered && meteredTargets.length
      ? meteringOverhead(
          rows,
          unmetered.name,
          meteredTargets.map((t) => t.name),
        )
      : [];
  const notes = [
    `Measured ${new Date().toISOString()} on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${CPU_COUNT} CPUs), Node ${process.version}.`,
    `Medians of ${cfg.repeats} repeat(s), ${cfg.durationS} s per run. Ratios and "+" columns are against **${baseline}**; PASS/FAIL are the foundation's gateway targets applied to that baseline (Gatehouse rows only).`,
    `max RPS: closed loop, wrk -t1 -c${cfg.conns}. CPU µs/req: user+sys CPU of the process under test (all threads — Gatehouse's PGlite worker included — and child processes, from /proc/<pid>/stat) during the max run ÷ requests.`,
    `p50/p99: wrk paced at ${cfg.rate} req/s over ${cfg.rateConns} connections. seq 1st event: sequential probe, median of ${cfg.probeN} requests after 10 warm-up ones — time to the first SSE event (stream) or to the whole body (json).`,
    `CPU layout: process under test alone on CPU ${cfg.sutCpus}; wrk, the probe, this script and the mock on CPU ${cfg.loadgenCpus}. For "direct" the process under test is the mock itself, sharing CPU ${cfg.loadgenCpus} with wrk: a reference, not a gateway on one core.`,
    `⚠ = in at least one kept run of the row, processes outside the bench used more than ${cfg.otherLoadPct} % of a core (shared machine; see "other load" in the details); such rows are less reliable.`,
    `errors = non-2xx + socket errors + failed probe answers, over all requests of the row. "upstream saw all": in every run the mock's request counter grew by at least the number of requests wrk completed.`,
    `Gatehouse: embedded PGlite runs in a worker thread inside the process (counted)${cfg.databaseUrl ? '; this run used DATABASE_URL (external Postgres, whose CPU is NOT counted)' : ''}. sync = each response waits for its usage event to be committed (the default); async = it does not.`,
    `Idle CPU of the targets (% of a core, measured after the warm-up)${cfg.freezeIdle ? '; while one target is measured the other targets on its CPU are frozen (SIGSTOP)' : ''}: ${Object.entries(
      idle,
    )
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}.`,
    ...(meteredTargets.length
      ? [
          `Gatehouse metered: a second org whose key owner is in a department; a cost budget (month, ${METERING_LIMITS.budgetMicros / 1e6} each) on the org, the department, the user and the key, and a rate limit on the key (${METERING_LIMITS.requestsPerMinute} requests and ${METERING_LIMITS.tokensPerMinute} tokens per minute): every request reserves and settles 6 counter lines, none is refused. ` +
            `The unmetered gatehouse's org has no limits (metering's fast path). In-process store = METERING_STORE=memory; redis store = METERING_STORE=redis on ${redact(cfg.redisUrl)}, whose CPU is NOT counted (Redis is not pinned and may share the CPU of the process under test).`,
        ]
      : []),
    ...(GATEHOUSE_DIR !== SERVER_DIR
      ? [`Gatehouse ran from GATEHOUSE_DIR=${GATEHOUSE_DIR}, not from this checkout.`]
      : []),
    ...(broken.size
      ? [
          `Failed during the run (rows hold the repeats before the failure): ${[...broken].map(([t, why]) => `${t.name} (${why})`).join('; ')}`,
        ]
      : []),
    ...(skipped.length ? [`Skipped (smoke test failed): ${skipped.join('; ')}`] : []),
    ...(warnings.length
      ? [
          `Warnings/errors in the Gatehouse logs (level ≥ warn; see logs/): ${warnings.map((w) => `${w.target}: ${w.count} × "${w.msg}"`).join('; ')}.`,
        ]
      : []),
  ];
  const summary = [
    `## Gateway overhead — ${cfg.quick ? 'QUICK run' : 'full run'}`,
    '',
    renderTable(rows, modes, cfg.rate, baseline, cfg.otherLoadPct),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    ...(overhead.length ? [renderMeteringOverhead(overhead, unmetered!.name, cfg.rate, cfg.otherLoadPct), ''] : []),
    '### Details',
    '',
    renderDetails(rows, modes, cfg.rate),
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'summary.md'), summary);
  writeFileSync(
    join(outDir, 'results.json'),
    JSON.stringify(
      {
        config: shownConfig,
        baseline,
        idle_cpu_pct: idle,
        rows,
        metering_overhead: overhead,
        log_warnings: warnings,
        skipped,
      },
      null,
      2,
    ),
  );
  copyFileSync(join(outDir, 'summary.md'), join(SERVER_DIR, 'bench-results', 'latest.md'));
  process.stdout.write(`\n${summary}\n`);

  for (const id of cfg.profile) {
    // the profile is written when the process exits: stop that Gatehouse gracefully first
    const t = targets.find((x) => x.id === id);
    if (t) await procs.stop(t.proc, 30_000);
    const dir = join(outDir, 'profiles', id);
    const files = (() => {
      try {
        return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
      } catch {
        return [];
      }
    })();
    for (const f of files) {
      const text = summarizeProfile(join(dir, f));
      writeFileSync(join(dir, `${f}.top.txt`), text);
      process.stdout.write(`\n## Profile of ${t?.name ?? id}\n\n${text}\n`);
    }
    if (!files.length) say(`# PROFILE: no .cpuprofile was written for ${id}`);
  }
  say(`# written: ${join(outDir, 'summary.md')}, results.json, runs.jsonl, logs/`);
}

preflight();
await preflightRedis();
const procs = new Processes(logDir);
const tmp = mkdtempSync(join(os.tmpdir(), 'ghb-'));
let finished = false;
async function cleanUp(): Promise<void> {
  if (finished) return;
  finished = true;
  await procs.stopAll();
  if (process.env.KEEP_TMP !== '1') rmSync(tmp, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`# ${signal}: stopping every process this bench started`);
    cleanUp().finally(() => process.exit(130));
  });
}
process.on('exit', () => procs.killAllNow()); // last resort, e.g. an uncaught exception

main(procs, tmp)
  .then(cleanUp)
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exitCode = 1;
  });
