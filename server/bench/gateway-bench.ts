// Gateway overhead bench: what Gatehouse adds on top of its upstream, next to a minimal Node proxy.
//
//   npm run bench:gateway   (~7 min on a quiet machine, ≤ ~8.5 with QUIET_BUDGET: 4 targets × json/stream × 3)
//   QUICK=1 npm run bench:gateway   (~1–1.5 min: direct, passthrough, gatehouse; 1 repeat of 2 s)
//
// Targets, all behind the same mock upstream on loopback:
//   direct       the mock itself (reference for the mock; wrk and mock share CPU 0)
//   passthrough  node:http reverse proxy, keep-alive agent, JSON parse + re-serialize (the baseline)
//   gatehouse    `gatehouse start` with embedded PGlite (or DATABASE_URL), USAGE_DURABILITY=sync
//   gatehouse-async   the same with USAGE_DURABILITY=async         (optional)
//   gatehouse-loginfo the same with LOG_LEVEL=info                 (optional)
// The process under test runs alone on CPU 1 (taskset); wrk, the probe, this script and the mock run
// on CPU 0. Per target and mode: max RPS (closed loop), CPU µs/request of the process under test
// (all threads and child processes, from /proc), p50/p99 at a paced rate, and the time to the first
// SSE event of a sequential probe. Medians over REPEATS; the table compares every row with the
// passthrough and checks the issue's targets. Results go to server/bench-results/<timestamp>/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, readdirSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
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
  cloneDataDir,
  GATEHOUSE_DIR,
  newMasterKey,
  setUpGatehouse,
  startGatehouse,
  SERVER_DIR,
  type GatehouseEnv,
} from './gatehouse.ts';
import { MODES, probe, runWrk, wrkErrors, type Endpoint, type Mode } from './load.ts';
import { Processes, freePort, waitForHttp, type Started } from './procs.ts';
import { buildRows, renderDetails, renderTable, type LoadRun, type ProbeRun } from './report.ts';

// ---------- configuration ----------

const QUICK = process.env.QUICK === '1' || process.env.QUICK === 'true';
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

const TARGET_IDS = ['direct', 'passthrough', 'gatehouse', 'gatehouse-async', 'gatehouse-loginfo'] as const;
type TargetId = (typeof TARGET_IDS)[number];

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
  profile: process.env.PROFILE === '1',
  // SIGSTOP the other targets on the process-under-test CPU while one is measured (their idle timers
  // would otherwise take a few % of that CPU)
  freezeIdle: process.env.FREEZE_IDLE !== '0',
  gatehouseDir: GATEHOUSE_DIR,
};
for (const m of cfg.modes) if (!MODES.includes(m)) fail(`MODES: unknown mode "${m}" (json, stream)`);
for (const t of cfg.targets)
  if (!TARGET_IDS.includes(t)) fail(`TARGETS: unknown target "${t}" (${TARGET_IDS.join(', ')})`);

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

// ---------- targets ----------

interface Target {
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
  say(`# config ${JSON.stringify(cfg)}`);
  record({ kind: 'config', config: cfg, node: process.version, cpu: os.cpus()[0]?.model, kernel: os.release() });

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
    targets.push({ name: 'passthrough', endpoint, proc, isGatehouse: false });
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
    const { apiKey, model } = await setUpGatehouse(base, mockBase, say);
    const variants = gatehouses.map((id) => ({
      id,
      durability: id === 'gatehouse-async' ? ('async' as const) : ('sync' as const),
      logLevel: id === 'gatehouse-loginfo' ? 'info' : 'warn',
    }));
    // PGlite allows one process per data dir: every variant gets a copy of the set-up state
    const dataDirs = variants.map((v, i) => (cfg.databaseUrl || i === 0 ? base.dataDir : join(tmp, `gh-${v.id}`)));
    variants.forEach((_, i) => {
      if (dataDirs[i] !== base.dataDir) cloneDataDir(base.dataDir, dataDirs[i]!);
    });
    for (const [i, v] of variants.entries()) {
      const port = await freePort();
      const name = `gatehouse (${db}, ${v.durability}${v.logLevel === 'info' ? ', log=info' : ''})`;
      const profileFlags =
        cfg.profile && v.id === 'gatehouse' ? ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles')}`] : [];
      say(`# starting ${name} on port ${port} (CPU ${cfg.sutCpus})${profileFlags.length ? ' with --cpu-prof' : ''}`);
      const proc = await startGatehouse(
        procs,
        v.id,
        { ...base, dataDir: dataDirs[i]!, logLevel: v.logLevel },
        { port, cpus: cfg.sutCpus, durability: v.durability, nodeFlags: profileFlags },
      );
      const endpoint = {
        baseUrl: `http://127.0.0.1:${port}/v1`,
        headers: { Authorization: `Bearer ${apiKey}` },
        model,
      };
      targets.push({ name, endpoint, proc, isGatehouse: true });
    }
  }
  if (!targets.some((t) => t.name === cfg.baseline))
    say(`# warning: baseline ${cfg.baseline} is not a target; no ratios`);

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
    cfg.baseline,
  );
  const modes = cfg.modes.filter((m) => cells.some((c) => c.mode === m));
  const notes = [
    `Measured ${new Date().toISOString()} on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${CPU_COUNT} CPUs), Node ${process.version}.`,
    `Medians of ${cfg.repeats} repeat(s), ${cfg.durationS} s per run. Ratios and "+" columns are against **${cfg.baseline}**; PASS/FAIL are the issue's targets (Gatehouse rows only).`,
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
    ...(GATEHOUSE_DIR !== SERVER_DIR
      ? [`Gatehouse ran from GATEHOUSE_DIR=${GATEHOUSE_DIR}, not from this checkout.`]
      : []),
    ...(broken.size
      ? [
          `Failed during the run (rows hold the repeats before the failure): ${[...broken].map(([t, why]) => `${t.name} (${why})`).join('; ')}`,
        ]
      : []),
    ...(skipped.length ? [`Skipped (smoke test failed): ${skipped.join('; ')}`] : []),
  ];
  const summary = [
    `## Gateway overhead — ${cfg.quick ? 'QUICK run' : 'full run'}`,
    '',
    renderTable(rows, modes, cfg.rate, cfg.baseline, cfg.otherLoadPct),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    '### Details',
    '',
    renderDetails(rows, modes, cfg.rate),
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'summary.md'), summary);
  writeFileSync(
    join(outDir, 'results.json'),
    JSON.stringify({ config: cfg, idle_cpu_pct: idle, rows, skipped }, null, 2),
  );
  copyFileSync(join(outDir, 'summary.md'), join(SERVER_DIR, 'bench-results', 'latest.md'));
  process.stdout.write(`\n${summary}\n`);

  if (cfg.profile) {
    // the profile is written when the process exits: stop Gatehouse gracefully first
    const gh = targets.find((t) => t.proc.name === 'gatehouse');
    if (gh) await procs.stop(gh.proc, 30_000);
    const dir = join(outDir, 'profiles');
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
      process.stdout.write(`\n${text}\n`);
    }
    if (!files.length) say('# PROFILE=1: no .cpuprofile was written');
  }
  say(`# written: ${join(outDir, 'summary.md')}, results.json, runs.jsonl, logs/`);
}

preflight();
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
