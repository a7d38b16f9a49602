// Usage summary bench: how long the 90-day org summary takes at millions of events, read from rollups.
//
//   npm run bench:usage                                    (embedded PGlite, in memory)
//   DATABASE_URL=postgres://… npm run bench:usage          (PostgreSQL; the bench org is left behind)
//   EVENTS=2000000 DAYS=90 REPEATS=9 npm run bench:usage   (the defaults)
//
// One org (Europe/Berlin) with 50 departments (10 top-level, 40 below them), 500 people and 800
// keys. EVENTS simulated requests over DAYS days (busier on weekday office hours, keys used
// Zipf-like, each key with its own 1–3 of 10 models, 2 % errors, one unpriced model) are
// aggregated exactly as the usage writer would, and the resulting hour and day rollup rows are
// inserted directly through the system door. Then each groupBy of the 90-day summary runs REPEATS
// times through the same function the API calls (`usageSummary`, inside `withOrg`, so RLS is on),
// first as the database left it after loading and again after ANALYZE. EXPLAIN ANALYZE of the
// statements shows that only usage_rollups is read.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Database } from '../src/db/database.ts';
import { GROUP_BY, summaryStatement, usageSummary, type UsageReach } from '../src/metering/usage-query.ts';
import { orgCreator } from '../src/orgs/org-creator.ts';

const EVENTS = Number(process.env.EVENTS ?? 2_000_000);
const DAYS = Number(process.env.DAYS ?? 90);
const REPEATS = Number(process.env.REPEATS ?? 9);
const ZONE = 'Europe/Berlin';
const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A small deterministic PRNG (mulberry32), so every run loads the same data. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(42);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

// ---------- tenant ----------

const db = await Database.open({ url: process.env.DATABASE_URL, dataDir: null, poolSize: 4 });
await db.migrate();
say(`# engine: ${db.engine}; ${EVENTS.toLocaleString('en')} events over ${DAYS} days`);
const org = await orgCreator(db, {
  slug: `usage-bench-${randomUUID().slice(0, 8)}`,
  name: 'Usage bench',
  timezone: ZONE,
});

const departments = await db.withOrg(org.id, async (tx) => {
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const parent = i < 10 ? null : ids[i % 10]!;
    const [row] = (
      await tx.execute(sql`insert into departments (org_id, parent_id, name) values (${org.id}, ${parent}, ${`Dept ${i}`})
                           returning id`)
    ).rows as Array<{ id: string }>;
    ids.push(row!.id);
  }
  return ids;
});
const users = await db.withSystem(async (tx) => {
  const rows = (
    await tx.execute(sql`insert into users (email, name)
                         select 'bench-' || g || '-' || ${org.slug} || '@example.com', 'Person ' || g
                           from generate_series(1, 500) g returning id`)
  ).rows as Array<{ id: string }>;
  return rows.map((r, i) => ({ id: r.id, departmentId: departments[i % 50]! }));
});
await db.withOrg(org.id, async (tx) => {
  for (const u of users)
    await tx.execute(sql`insert into memberships (org_id, user_id, role, department_id)
                         values (${org.id}, ${u.id}, 'member', ${u.departmentId})`);
});
const MODELS = Array.from({ length: 10 }, (_, i) => `model-${i}`);
/** Micro-units per million tokens (in, out); model-9 is unpriced. */
const PRICES = MODELS.map((_, i) => (i === 9 ? null : [150_000 * (i + 1), 600_000 * (i + 1)]));
const keys = await db.withOrg(org.id, async (tx) => {
  const out: Array<{ id: string; userId: string; departmentId: string; models: string[] }> = [];
  for (let i = 0; i < 800; i++) {
    const owner = users[i % 500]!;
    const [row] = (
      await tx.execute(sql`insert into api_keys (org_id, name, prefix, secret_hash, owner_user_id)
                           values (${org.id}, ${`key ${i}`}, 'gh_bench', ${randomUUID()}, ${owner.id}) returning id`)
    ).rows as Array<{ id: string }>;
    const models = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(MODELS)))];
    out.push({ id: row!.id, userId: owner.id, departmentId: owner.departmentId, models });
  }
  return out;
});

// ---------- simulated events → rollup rows ----------

// Zipf-like key popularity: key i is used ∝ 1 / (i + 1)^0.9.
const weights = keys.map((_, i) => 1 / (i + 1) ** 0.9);
const cdf: number[] = [];
weights.reduce((sum, w, i) => (cdf[i] = sum + w), 0);
const total = cdf.at(-1)!;
function pickKey(): number {
  const x = rand() * total;
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
function local(ms: number): { date: string; hour: number; weekend: boolean } {
  const p = Object.fromEntries(localParts.formatToParts(ms).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    hour: Number(p.hour),
    weekend: p.weekday === 'Sat' || p.weekday === 'Sun',
  };
}

interface Counters {
  requests: number;
  errors: number;
  tokens_in: number;
  tokens_out: number;
  cost_micros: number;
  unpriced_requests: number;
}
const HOUR_MS = 3_600_000;
const end = Date.UTC(2026, 10, 23);
const start = end - DAYS * 24 * HOUR_MS;
const hourWeight = (ms: number) => {
  const l = local(ms);
  return (l.weekend ? 0.15 : 1) * (l.hour >= 8 && l.hour < 19 ? 1 : 0.08);
};
const hourWeights: number[] = [];
for (let t = start; t < end; t += HOUR_MS) hourWeights.push(hourWeight(t));
const weightSum = hourWeights.reduce((a, b) => a + b, 0);

type RollupRow = Counters & { grain: string; bucket: string; key: number; model: string };
let pending: RollupRow[] = [];
let hourRows = 0;
let dayRows = 0;
let simulated = 0;
async function flush(force = false): Promise<void> {
  if (pending.length < 5000 && !(force && pending.length)) return;
  const rows = pending.map((r) => {
    const k = keys[r.key]!;
    return { ...r, department_id: k.departmentId, user_id: k.userId, key_id: k.id, model_alias: r.model };
  });
  pending = [];
  await db.withSystem((tx) =>
    tx.execute(sql`insert into usage_rollups (org_id, grain, bucket, department_id, user_id, key_id, model_alias,
                     requests, errors, tokens_in, tokens_out, tokens_cached, cost_micros, unpriced_requests)
                   select ${org.id}, grain, bucket, department_id, user_id, key_id, model_alias,
                          requests, errors, tokens_in, tokens_out, 0, cost_micros, unpriced_requests
                     from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(grain text, bucket timestamptz,
                       department_id uuid, user_id uuid, key_id uuid, model_alias text, requests bigint, errors bigint,
                       tokens_in bigint, tokens_out bigint, cost_micros bigint, unpriced_requests bigint)`),
  );
}
function add(map: Map<string, Counters>, id: string, c: Counters): void {
  const cur = map.get(id);
  if (!cur) map.set(id, { ...c });
  else for (const f of Object.keys(c) as Array<keyof Counters>) cur[f] += c[f];
}

const loadStarted = performance.now();
let day = new Map<string, Counters>();
let dayDate = local(start).date;
for (let h = 0, t = start; t < end; h++, t += HOUR_MS) {
  const { date } = local(t);
  if (date !== dayDate) {
    for (const [id, c] of day) {
      const [key, model] = id.split('|');
      pending.push({ ...c, grain: 'day', bucket: `${dayDate}T00:00:00Z`, key: Number(key), model: model! });
    }
    dayRows += day.size;
    day = new Map();
    dayDate = date;
    await flush();
  }
  const n = Math.round((EVENTS * hourWeights[h]!) / weightSum);
  const hour = new Map<string, Counters>();
  for (let i = 0; i < n; i++) {
    const key = pickKey();
    const model = pick(keys[key]!.models);
    const price = PRICES[MODELS.indexOf(model)];
    const tokensIn = 200 + Math.floor(rand() * 2800);
    const tokensOut = 50 + Math.floor(rand() * 750);
    const c: Counters = {
      requests: 1,
      errors: rand() < 0.02 ? 1 : 0,
      tokens_in: tokensIn,
      tokens_out: tokensOut,
      cost_micros: price ? Math.ceil((tokensIn * price[0]! + tokensOut * price[1]!) / 1e6) : 0,
      unpriced_requests: price ? 0 : 1,
    };
    add(hour, `${key}|${model}`, c);
    add(day, `${key}|${model}`, c);
  }
  simulated += n;
  const bucket = new Date(t).toISOString();
  for (const [id, c] of hour) {
    const [key, model] = id.split('|');
    pending.push({ ...c, grain: 'hour', bucket, key: Number(key), model: model! });
  }
  hourRows += hour.size;
  await flush();
}
for (const [id, c] of day) {
  const [key, model] = id.split('|');
  pending.push({ ...c, grain: 'day', bucket: `${dayDate}T00:00:00Z`, key: Number(key), model: model! });
}
dayRows += day.size;
await flush(true);
say(
  `# loaded ${simulated.toLocaleString('en')} events as ${hourRows.toLocaleString('en')} hour rows + ` +
    `${dayRows.toLocaleString('en')} day rows in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
);

// ---------- the summaries ----------

const orgReach: UsageReach = { orgId: org.id, reach: 'org', userId: null, departments: [] };
const subtree = await db.withOrg(org.id, async (tx) =>
  (
    (await tx.execute(sql`select id from departments where id = ${departments[0]!} or parent_id = ${departments[0]!}`))
      .rows as Array<{ id: string }>
  ).map((r) => r.id),
);
const managerReach: UsageReach = { orgId: org.id, reach: 'department', userId: users[0]!.id, departments: subtree };
const range = { from: new Date(start), to: new Date(end), timezone: ZONE, filters: {} };

async function timeAll(label: string): Promise<void> {
  say(`\n## ${label}: 90-day summary, ms (median of ${REPEATS}, after 2 warm-up runs)`);
  say('| groupBy | reach | rows | requests | median ms | max ms |');
  say('| --- | --- | ---: | ---: | ---: | ---: |');
  const cases: Array<[(typeof GROUP_BY)[number], string, UsageReach]> = [
    ...GROUP_BY.map((g) => [g, 'org', orgReach] as [(typeof GROUP_BY)[number], string, UsageReach]),
    ['department', 'manager (5 depts)', managerReach],
    ['user', 'manager (5 depts)', managerReach],
  ];
  for (const [groupBy, who, reach] of cases) {
    const run = () => db.withOrg(org.id, (tx) => usageSummary(tx, reach, { ...range, groupBy }));
    await run();
    await run();
    const ms: number[] = [];
    let result = await run();
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      result = await run();
      ms.push(performance.now() - t0);
    }
    say(
      `| ${groupBy} | ${who} | ${result.rows.length} | ${result.totals.requests.toLocaleString('en')} | ` +
        `${median(ms).toFixed(1)} | ${Math.max(...ms).toFixed(1)} |`,
    );
  }
}

await timeAll('as loaded (no ANALYZE; embedded PGlite has no autovacuum)');
// As the connecting user (the table's owner): the system role may not ANALYZE, and PostgreSQL skips it with a mere warning.
await db.pool.query('analyze usage_rollups');
await timeAll('after ANALYZE usage_rollups');

say('\n## EXPLAIN ANALYZE (inside withOrg, RLS on): only usage_rollups is read');
for (const groupBy of ['day', 'hour', 'user'] as const) {
  const plan = await db.withOrg(org.id, async (tx) =>
    (
      (
        await tx.execute(
          sql`explain (analyze, costs off, timing off) ${summaryStatement(orgReach, { ...range, groupBy })}`,
        )
      ).rows as Array<{ 'QUERY PLAN': string }>
    ).map((r) => r['QUERY PLAN']),
  );
  say(`\n### groupBy=${groupBy}\n\`\`\`\n${plan.join('\n')}\n\`\`\``);
  if (plan.some((line) => line.includes('usage_events'))) throw new Error('the summary read raw usage events');
}
await db.close();
