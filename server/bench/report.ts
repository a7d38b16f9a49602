// Turns the raw runs into one row per target and mode (medians over the repeats), compares every row
// with the baseline (passthrough by default), checks the issue's targets and renders the Markdown table;
// with a metered Gatehouse target, also what metering adds over the unmetered gatehouse.
import type { Mode, ProbeResult, WrkResult } from './load.ts';

/** One measured wrk run (closed-loop "max" or paced "rate") with the CPU accounting around it. */
export interface LoadRun extends WrkResult {
  kind: 'max' | 'rate';
  rep: number;
  target: string;
  mode: Mode;
  attempt: number;
  conns: number;
  rps: number;
  errors: number;
  /** CPU of the process under test (all threads, child processes included) per request, µs. */
  sut_cpu_us_per_req: number | null;
  /** The same, in % of one core. */
  sut_cpu_pct: number | null;
  sut_rss_mb: number | null;
  /** CPU µs/request of the SUT's main thread, of its busiest other thread (PGlite's worker for
   * Gatehouse) and of all its remaining threads (GC helpers, libuv pool, loader) — threads of the root process only. */
  sut_threads_us_per_req: { main: number; busiest: number; rest: number } | null;
  /** Requests the mock counted during the run (must be ≥ requests). */
  upstream_requests: number | null;
  upstream_cpu_pct: number | null;
  loadgen_cpu_pct: number;
  /** CPU used by processes outside the bench during the run, % of one core. */
  other_cpu_pct: number;
}

export interface ProbeRun extends ProbeResult {
  kind: 'probe';
  rep: number;
  target: string;
  mode: Mode;
}

export interface Row {
  target: string;
  mode: Mode;
  runs: number;
  max_rps: number | null;
  max_rps_min: number | null;
  max_rps_max: number | null;
  cpu_us_per_req: number | null;
  main_thread_us_per_req: number | null;
  busiest_thread_us_per_req: number | null;
  rest_threads_us_per_req: number | null;
  sut_cpu_pct_at_max: number | null;
  rss_mb: number | null;
  upstream_cpu_pct_at_max: number | null;
  loadgen_cpu_pct_at_max: number | null;
  rate_rps: number | null;
  rate_sut_cpu_pct: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  first_event_ms: number | null;
  errors: number;
  requests: number;
  /** Runs in which the upstream saw fewer requests than wrk completed. */
  upstream_short_runs: number;
  other_cpu_pct_max: number;
  // against the baseline
  rps_ratio: number | null;
  cpu_ratio: number | null;
  added_p50_ms: number | null;
  added_first_event_ms: number | null;
  checks: Checks | null;
}

/** The issue's targets for a Gatehouse row: true = pass, null = not measured. */
export interface Checks {
  rps: boolean | null;
  cpu: boolean | null;
  p50: boolean | null;
  firstEvent: boolean | null;
}

export const LIMITS = { minRpsRatio: 0.5, maxCpuRatio: 2, maxAddedP50Ms: 1, maxAddedFirstEventMs: 1 };

export function median(values: Array<number | null | undefined>): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export function buildRows(
  cells: Array<{ target: string; mode: Mode; isGatehouse: boolean }>,
  runs: Array<LoadRun | ProbeRun>,
  baseline: string,
): Row[] {
  const rows: Row[] = cells.map(({ target, mode }) => {
    const of = <K extends 'max' | 'rate' | 'probe'>(kind: K) =>
      runs.filter((r) => r.kind === kind && r.target === target && r.mode === mode) as Array<
        K extends 'probe' ? ProbeRun : LoadRun
      >;
    const max = of('max');
    const rate = of('rate');
    const probes = of('probe');
    const load = [...max, ...rate];
    return {
      target,
      mode,
      runs: max.length,
      max_rps: median(max.map((r) => r.rps)),
      max_rps_min: max.length ? Math.min(...max.map((r) => r.rps)) : null,
      max_rps_max: max.length ? Math.max(...max.map((r) => r.rps)) : null,
      cpu_us_per_req: median(max.map((r) => r.sut_cpu_us_per_req)),
      main_thread_us_per_req: median(max.map((r) => r.sut_threads_us_per_req?.main)),
      busiest_thread_us_per_req: median(max.map((r) => r.sut_threads_us_per_req?.busiest)),
      rest_threads_us_per_req: median(max.map((r) => r.sut_threads_us_per_req?.rest)),
      sut_cpu_pct_at_max: median(max.map((r) => r.sut_cpu_pct)),
      rss_mb: median(max.map((r) => r.sut_rss_mb)),
      upstream_cpu_pct_at_max: median(max.map((r) => r.upstream_cpu_pct)),
      loadgen_cpu_pct_at_max: median(max.map((r) => r.loadgen_cpu_pct)),
      rate_rps: median(rate.map((r) => r.rps)),
      rate_sut_cpu_pct: median(rate.map((r) => r.sut_cpu_pct)),
      p50_ms: median(rate.map((r) => r.p50_us / 1000)),
      p99_ms: median(rate.map((r) => r.p99_us / 1000)),
      first_event_ms: median(probes.map((r) => r.first_event_p50_ms)),
      errors: load.reduce((a, r) => a + r.errors, 0) + probes.reduce((a, r) => a + r.failed, 0),
      requests: load.reduce((a, r) => a + r.requests, 0) + probes.reduce((a, r) => a + r.n, 0),
      upstream_short_runs: load.filter((r) => r.upstream_requests !== null && r.upstream_requests < r.requests).length,
      other_cpu_pct_max: Math.max(0, ...load.map((r) => r.other_cpu_pct)),
      rps_ratio: null,
      cpu_ratio: null,
      added_p50_ms: null,
      added_first_event_ms: null,
      checks: null,
    };
  });
  const ratio = (a: number | null, b: number | null | undefined) => (a !== null && b ? a / b : null);
  const diff = (a: number | null, b: number | null | undefined) => (a !== null && b != null ? a - b : null);
  for (const row of rows) {
    const base = rows.find((r) => r.target === baseline && r.mode === row.mode);
    row.rps_ratio = ratio(row.max_rps, base?.max_rps);
    row.cpu_ratio = ratio(row.cpu_us_per_req, base?.cpu_us_per_req);
    row.added_p50_ms = diff(row.p50_ms, base?.p50_ms);
    row.added_first_event_ms = diff(row.first_event_ms, base?.first_event_ms);
    if (cells.find((c) => c.target === row.target && c.mode === row.mode)?.isGatehouse) {
      const check = (v: number | null, ok: (x: number) => boolean) => (v === null ? null : ok(v));
      row.checks = {
        rps: check(row.rps_ratio, (x) => x >= LIMITS.minRpsRatio),
        cpu: check(row.cpu_ratio, (x) => x <= LIMITS.maxCpuRatio),
        p50: check(row.added_p50_ms, (x) => x <= LIMITS.maxAddedP50Ms),
        // the first-event target is about streams; in json mode the probe times the whole body
        firstEvent:
          row.mode === 'stream' ? check(row.added_first_event_ms, (x) => x <= LIMITS.maxAddedFirstEventMs) : null,
      };
    }
  }
  return rows;
}

const num = (x: number | null, digits = 0) => (x === null ? '–' : x.toFixed(digits));
const signed = (x: number | null, digits = 2) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);
const verdict = (ok: boolean | null | undefined) => (ok === undefined ? '' : ok === null ? '–' : ok ? 'PASS' : 'FAIL');

export function renderTable(rows: Row[], modes: Mode[], rate: number, baseline: string, otherLoadPct: number): string {
  const header = [
    'target',
    'mode',
    'max RPS (min–max)',
    `× ${baseline}`,
    `≥ ${LIMITS.minRpsRatio}×`,
    'CPU µs/req',
    `× ${baseline}`,
    `≤ ${LIMITS.maxCpuRatio}×`,
    `p50 ms @${rate}/s`,
    `p99 ms @${rate}/s`,
    `+p50 ms`,
    `≤ +${LIMITS.maxAddedP50Ms} ms`,
    'seq 1st event ms',
    '+1st event ms',
    `≤ +${LIMITS.maxAddedFirstEventMs} ms`,
    'errors',
    'upstream saw all',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? ':--' : '--:')).join('|')}|`];
  for (const mode of modes) {
    for (const r of rows.filter((x) => x.mode === mode)) {
      const c = r.checks ?? undefined;
      lines.push(
        `| ${[
          r.other_cpu_pct_max > otherLoadPct ? `${r.target} ⚠` : r.target,
          r.mode,
          `${num(r.max_rps)} (${num(r.max_rps_min)}–${num(r.max_rps_max)})`,
          num(r.rps_ratio, 2),
          verdict(c?.rps),
          num(r.cpu_us_per_req),
          num(r.cpu_ratio, 2),
          verdict(c?.cpu),
          num(r.p50_ms, 2),
          num(r.p99_ms, 2),
          signed(r.added_p50_ms),
          verdict(c?.p50),
          num(r.first_event_ms, 2),
          signed(r.added_first_event_ms),
          verdict(c?.firstEvent),
          `${r.errors} / ${r.requests}`,
          r.upstream_short_runs ? `NO (${r.upstream_short_runs} runs short)` : 'yes',
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Secondary numbers that explain the table (CPU of the other cores' processes, memory, achieved rate). */
export function renderDetails(rows: Row[], modes: Mode[], rate: number): string {
  const header = [
    'target',
    'mode',
    'SUT CPU % at max',
    'µs/req: main thread',
    'busiest other thread',
    'other threads',
    'mock CPU % at max',
    'wrk CPU % at max',
    `achieved rate @${rate}/s`,
    `SUT CPU % @${rate}/s`,
    'RSS MiB',
    'other load % (max)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? ':--' : '--:')).join('|')}|`];
  for (const mode of modes) {
    for (const r of rows.filter((x) => x.mode === mode)) {
      lines.push(
        `| ${[
          r.target,
          r.mode,
          num(r.sut_cpu_pct_at_max),
          num(r.main_thread_us_per_req),
          num(r.busiest_thread_us_per_req),
          num(r.rest_threads_us_per_req),
          num(r.upstream_cpu_pct_at_max),
          num(r.loadgen_cpu_pct_at_max),
          num(r.rate_rps),
          num(r.rate_sut_cpu_pct),
          num(r.rss_mb),
          num(r.other_cpu_pct_max),
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Issue 3's targets for metering: what it may add over the same gateway without it, in the same run. */
export const METERING_TARGETS = { maxAddedP50Ms: 0.3, maxCpuRatio: 1.2 };

/** What metering adds: one metered target against the unmetered gatehouse, per mode. */
export interface MeteringOverhead {
  target: string;
  mode: Mode;
  rps_ratio: number | null;
  base_p50_ms: number | null;
  p50_ms: number | null;
  added_p50_ms: number | null;
  base_cpu_us_per_req: number | null;
  cpu_us_per_req: number | null;
  cpu_ratio: number | null;
  p50_ok: boolean | null;
  cpu_ok: boolean | null;
  /** Either row had a run disturbed by other processes (% of a core, the larger of the two). */
  other_cpu_pct_max: number;
  errors: number;
}

export function meteringOverhead(rows: Row[], unmetered: string, metered: string[]): MeteringOverhead[] {
  const out: MeteringOverhead[] = [];
  for (const target of metered) {
    for (const row of rows.filter((r) => r.target === target)) {
      const base = rows.find((r) => r.target === unmetered && r.mode === row.mode);
      if (!base) continue;
      const added = row.p50_ms !== null && base.p50_ms !== null ? row.p50_ms - base.p50_ms : null;
      const cpu = row.cpu_us_per_req !== null && base.cpu_us_per_req ? row.cpu_us_per_req / base.cpu_us_per_req : null;
      out.push({
        target,
        mode: row.mode,
        rps_ratio: row.max_rps !== null && base.max_rps ? row.max_rps / base.max_rps : null,
        base_p50_ms: base.p50_ms,
        p50_ms: row.p50_ms,
        added_p50_ms: added,
        base_cpu_us_per_req: base.cpu_us_per_req,
        cpu_us_per_req: row.cpu_us_per_req,
        cpu_ratio: cpu,
        p50_ok: added === null ? null : added <= METERING_TARGETS.maxAddedP50Ms,
        cpu_ok: cpu === null ? null : cpu <= METERING_TARGETS.maxCpuRatio,
        other_cpu_pct_max: Math.max(row.other_cpu_pct_max, base.other_cpu_pct_max),
        errors: row.errors,
      });
    }
  }
  return out;
}

/** The "Metering overhead" section: each metered target against the unmetered gatehouse, with PASS/FAIL. */
export function renderMeteringOverhead(
  list: MeteringOverhead[],
  unmetered: string,
  rate: number,
  otherLoadPct: number,
): string {
  const header = [
    'metered target',
    'mode',
    `max RPS × unmetered`,
    `p50 ms @${rate}/s: unmetered → metered`,
    '+p50 ms',
    `≤ +${METERING_TARGETS.maxAddedP50Ms} ms`,
    'CPU µs/req: unmetered → metered',
    'CPU × unmetered',
    `≤ ${METERING_TARGETS.maxCpuRatio.toFixed(2)}×`,
    'errors',
  ];
  const lines = [
    '### Metering overhead',
    '',
    `Each metered target against **${unmetered}** (same run, same process setup; its org has no limits). ` +
      `Issue 3's targets: metering adds at most ${METERING_TARGETS.maxAddedP50Ms} ms p50 and at most ` +
      `${Math.round((METERING_TARGETS.maxCpuRatio - 1) * 100)} % CPU per request.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 ? ':--' : '--:')).join('|')}|`,
  ];
  for (const o of list) {
    lines.push(
      `| ${[
        o.other_cpu_pct_max > otherLoadPct ? `${o.target} ⚠` : o.target,
        o.mode,
        num(o.rps_ratio, 2),
        `${num(o.base_p50_ms, 2)} → ${num(o.p50_ms, 2)}`,
        signed(o.added_p50_ms),
        verdict(o.p50_ok),
        `${num(o.base_cpu_us_per_req)} → ${num(o.cpu_us_per_req)}`,
        num(o.cpu_ratio, 2),
        verdict(o.cpu_ok),
        String(o.errors),
      ].join(' | ')} |`,
    );
  }
  const all = list.flatMap((o) => [o.p50_ok, o.cpu_ok]);
  lines.push(
    '',
    all.some((x) => x === false)
      ? '**Metering targets: FAIL** (see the rows marked FAIL).'
      : all.every((x) => x === true)
        ? '**Metering targets: PASS.**'
        : 'Metering targets: not all measured.',
  );
  return lines.join('\n');
}
