// Dashboard bench: the admin dashboard's first load and the usage log at a million usage events.
//
//   npm run bench:dashboard -w server                              (embedded PGlite, in memory)
//   DATABASE_URL=postgres://… npm run bench:dashboard -w server    (PostgreSQL; the bench org stays)
//   EVENTS=1000000 DAYS=90 ROUNDS=25 npm run bench:dashboard -w server   (the defaults)
//
// Seeds one org (dashboard-seed.ts: events and their hour/day rollups, in SQL), starts a real
// Gatehouse on the same database, signs the org's admin in over HTTP and then, ROUNDS times after
// two warm-up rounds, fires exactly the calls the web app's dashboard makes on first load — built
// by the page's own dashboardRequests(), so the query strings are the browser's — all at once, as
// the browser does, and times until the last answer. Likewise the usage log: its first page with
// its four filter lists, and a filtered page. Prints median and p95 of the total per scenario and
// the median of each call.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { queryString } from '../../web/src/api/api-client.ts';
import {
  allRequests,
  dashboardRequests,
  type ApiRequest,
} from '../../web/src/pages/admin/insights/dashboard-requests.ts';
import { resolveRange, type RangePreset } from '../../web/src/pages/admin/insights/ranges.ts';
import { addDays, localDate, startOfLocalDay } from '../../web/src/lib/zoned-time.ts';
import { loadConfig } from '../src/config.ts';
import { Database } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { startGatehouse } from '../src/main.ts';
import { seedDashboardOrg, seedUsageEvents } from './dashboard-seed.ts';

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const DAYS = Number(process.env.DAYS ?? 90);
const ROUNDS = Number(process.env.ROUNDS ?? 25);
const TARGET_MS = 1000;
const ZONE = 'Europe/Berlin';
const PASSWORD = 'bench password that is long enough';
const say = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// ---------- database and seed ----------

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: null, maxConnections: 16 });
const url =
  process.env.DATABASE_URL ??
  `postgres://${embedded!.connection.user}@${embedded!.connection.host}:${embedded!.connection.port}/${embedded!.connection.database}`;
const db = await Database.open({ url, poolSize: 2 });
await db.migrate();
say(`# dashboard bench — engine: ${embedded ? 'pglite (embedded, in memory)' : 'postgres'}`);

const org = await seedDashboardOrg(db, PASSWORD);
const now = new Date();
let started = performance.now();
await seedUsageEvents(db, {
  orgId: org.orgId,
  combos: org.combos,
  events: EVENTS,
  days: DAYS,
  now,
  prefix: `bench-${randomBytes(3).toString('hex')}`,
});
const seedTime = seconds(started);
started = performance.now();
// As the connecting user (the tables' owner); embedded PGlite has no autovacuum to do it.
await db.pool.query('analyze usage_events');
await db.pool.query('analyze usage_rollups');
const counts = await db.withOrg(
  org.orgId,
  async (tx) =>
    (
      await tx.execute(sql`select (select count(*) from usage_events)::int as events,
                                (select count(*) from usage_rollups where grain = 'hour')::int as hours,
                                (select count(*) from usage_rollups where grain = 'day')::int as days`)
    ).rows[0] as { events: number; hours: number; days: number },
);
say(
  `# seeded ${counts.events.toLocaleString('en')} events over ${DAYS} days with ${counts.hours.toLocaleString('en')} ` +
    `hour + ${counts.days.toLocaleString('en')} day rollup rows in ${seedTime} (ANALYZE ${seconds(started)}); ` +
    `${org.combos.length} key/person/model combinations`,
);

// ---------- a real Gatehouse on that database ----------

const gh = await startGatehouse(
  loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '8',
    MASTER_KEY: randomBytes(32).toString('base64'),
    BOOTSTRAP: 'false',
    LOG_LEVEL: 'silent',
  }),
  { logger: pino({ level: 'silent' }) },
);
const login = await fetch(`${gh.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: org.adminEmail, password: PASSWORD, org: org.slug }),
});
if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
const token = ((await login.json()) as { accessToken: string }).accessToken;

/** One call as the web app sends it (same path, same query string); resolves with its time in ms. */
async function timed(r: ApiRequest): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${gh.url}/api${r.path}${queryString(r.query)}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${r.path}${queryString(r.query)} answered ${res.status}`);
  return performance.now() - t0;
}

// ---------- the scenarios ----------

const label = (r: ApiRequest) =>
  r.path === '/usage/summary'
    ? `summary ${r.query.groupBy}${r.query.limit ? ` top ${r.query.limit}` : ''}`
    : `${r.path}${'status' in r.query ? ' (filtered)' : ''}`;

/** The dashboard's first load for a preset, shown per day, as an admin (who reads the credits). */
function dashboard(preset: RangePreset): () => ApiRequest[] {
  return () => {
    const at = new Date();
    const resolved = resolveRange(preset, { from: '', to: '' }, at, ZONE);
    if (!resolved.ok) throw new Error(resolved.problem);
    return allRequests(
      dashboardRequests(resolved.range, 'day', {
        now: at,
        today: localDate(at, ZONE),
        timeZone: ZONE,
        canReadCredits: true,
      }),
    );
  };
}

/** The usage log's first load: a page of the listing and its four filter lists (as usage-log-page.tsx). */
function usageLog(filters: Record<string, string>): () => ApiRequest[] {
  return () => {
    const today = localDate(new Date(), ZONE);
    const from = filters.from ?? startOfLocalDay(addDays(today, -89), ZONE).toISOString();
    const to = filters.to ?? startOfLocalDay(addDays(today, 1), ZONE).toISOString();
    return [
      { path: '/usage', query: { ...filters, limit: 50 } },
      ...(['department', 'user', 'key', 'model'] as const).map((groupBy) => ({
        path: '/usage/summary',
        query: { from, to, groupBy, limit: 200 },
      })),
    ];
  };
}

const today = localDate(now, ZONE);
const filtered = {
  from: startOfLocalDay(addDays(today, -29), ZONE).toISOString(),
  to: startOfLocalDay(addDays(today, 1), ZONE).toISOString(),
  departmentId: org.combos[0]!.departmentId!,
  model: org.combos[0]!.model,
  status: 'error',
};
const scenarios: Array<[string, () => ApiRequest[]]> = [
  ['dashboard, last 30 days', dashboard('30d')],
  ['dashboard, last 90 days', dashboard('90d')],
  ['usage log, first page + filter lists', usageLog({})],
  ['usage log, filtered page + filter lists', usageLog(filtered)],
  ['usage log, first page alone', () => usageLog({})().slice(0, 1)],
  ['usage log, filtered page alone', () => usageLog(filtered)().slice(0, 1)],
];

say(`\n## first load, all calls in parallel over HTTP: ${ROUNDS} rounds after 2 warm-up rounds (ms)`);
say('| scenario | calls | median total | p95 total | max total | target |');
say('| --- | ---: | ---: | ---: | ---: | --- |');
const perCall = new Map<string, number[]>();
let missed = 0;
for (const [name, calls] of scenarios) {
  for (let i = 0; i < 2; i++) await Promise.all(calls().map(timed));
  const totals: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const requests = calls();
    const t0 = performance.now();
    const each = await Promise.all(requests.map(timed));
    totals.push(performance.now() - t0);
    requests.forEach((r, j) => {
      const key = `${name} · ${label(r)}`;
      perCall.set(key, [...(perCall.get(key) ?? []), each[j]!]);
    });
  }
  const p95 = quantile(totals, 0.95);
  const ok = p95 < TARGET_MS;
  if (!ok && name.startsWith('dashboard')) missed++;
  say(
    `| ${name} | ${calls().length} | ${quantile(totals, 0.5).toFixed(1)} | ${p95.toFixed(1)} | ` +
      `${Math.max(...totals).toFixed(1)} | ${ok ? `< ${TARGET_MS} ms ✓` : `over ${TARGET_MS} ms ✗`} |`,
  );
}

say('\n## each call (median ms while its scenario ran in parallel)');
say('| scenario · call | median | p95 |');
say('| --- | ---: | ---: |');
for (const [key, ms] of perCall) say(`| ${key} | ${quantile(ms, 0.5).toFixed(1)} | ${quantile(ms, 0.95).toFixed(1)} |`);

await gh.stop();
await db.close();
await embedded?.stop();
if (missed > 0) {
  say(`\n${missed} dashboard scenario(s) missed the ${TARGET_MS} ms target at p95`);
  process.exitCode = 1;
}
