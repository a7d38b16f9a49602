// Seeds an org with many usage events and their hour/day rollups, fast, in SQL: generate_series
// makes the events inside the database (no row crosses the wire), and each chunk's rollups are
// aggregated from the events it just inserted with the usage writer's own grouping, so events
// and rollups agree exactly as if the gateway had written them (dashboard-seed.test.ts checks).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';
import { memberCreator } from '../src/identity/user-creator.ts';
import { apiKeyCreator } from '../src/keys/key-creator.ts';
import { departmentCreator } from '../src/orgs/department-creator.ts';
import { orgCreator } from '../src/orgs/org-creator.ts';

/** One (key, person, department, model) a seeded request can come from; prices in micro-units per million tokens. */
export interface SeedCombo {
  keyId: string | null;
  userId: string | null;
  departmentId: string | null;
  model: string;
  priceIn: number | null;
  priceOut: number | null;
  embedding: boolean;
}

/** Micro-units per million tokens (input, output) of the seeded models; null = unpriced. */
export const SEED_MODELS: ReadonlyArray<{ alias: string; prices: [number, number] | null; embedding?: boolean }> = [
  { alias: 'gpt-4o-mini', prices: [150_000, 600_000] },
  { alias: 'gpt-4o', prices: [2_500_000, 10_000_000] },
  { alias: 'claude-sonnet', prices: [3_000_000, 15_000_000] },
  { alias: 'mistral-large', prices: [2_000_000, 6_000_000] },
  { alias: 'house-llm', prices: null },
  { alias: 'text-embedding-3-small', prices: [20_000, 0], embedding: true },
];

/** The status mix of seeded requests: [cumulative share, status, error code]. */
const STATUS_MIX: ReadonlyArray<[number, number, string | null]> = [
  [0.93, 200, null],
  [0.955, 429, 'rate_limited'],
  [0.97, 402, 'budget_exceeded'],
  [0.98, 400, 'invalid_request'],
  [0.99, 502, 'upstream_error'],
  [0.995, 504, 'upstream_timeout'],
  [1, 500, 'internal_error'],
];

const statusCase = (column: string, pick: (s: (typeof STATUS_MIX)[number]) => string) =>
  `case ${STATUS_MIX.map((s) => `when ${column} < ${s[0]} then ${pick(s)}`).join(' ')} end`;

/** What to seed: `events` requests over the `days` local days ending on the day of `now`. */
export interface SeedPlan {
  orgId: string;
  combos: readonly SeedCombo[];
  events: number;
  days: number;
  now: Date;
  /** Request ids are `<prefix>-<n>`; distinct prefixes keep several seedings of one org apart. */
  prefix: string;
  /** Events per statement (one transaction each): bounds the database's memory, not the total. */
  chunk?: number;
  /** Seed of the database's random(), so a run can be repeated. */
  seed?: number;
}

/**
 * Inserts the plan's events and their rollups, a chunk per transaction, through the system door
 * (as the usage writer does). Requests are spread over the days, most in office hours (8–19 local
 * time), the low-numbered combos used far more often; 93 % succeed, the rest are refused (429, 402,
 * 400: no tokens) or fail upstream (502, 504 — half of those estimated —, 500). Returns the count.
 */
export async function seedUsageEvents(db: Database, plan: SeedPlan): Promise<number> {
  const chunk = plan.chunk ?? 50_000;
  const combos = JSON.stringify(
    plan.combos.map((c, n) => ({
      n,
      key_id: c.keyId,
      user_id: c.userId,
      department_id: c.departmentId,
      model: c.model,
      price_in: c.priceIn,
      price_out: c.priceOut,
      embed: c.embedding,
    })),
  );
  const now = plan.now.toISOString();
  let written = 0;
  for (let lo = 1; lo <= plan.events; lo += chunk) {
    const hi = Math.min(plan.events, lo + chunk - 1);
    await db.withSystem(async (tx) => {
      await tx.execute(sql`select setseed(${(((plan.seed ?? 42) * 7919 + lo) % 1_000_000) / 1_000_000})`);
      await tx.execute(sql`
        with z as (select gatehouse_zone_or_utc(settings->>'timezone') as zone from organizations where id = ${plan.orgId}),
        c as materialized (
          select * from jsonb_to_recordset(${combos}::jsonb)
            as c(n int, key_id uuid, user_id uuid, department_id uuid, model text, price_in bigint, price_out bigint, embed boolean)),
        g as materialized (
          select s.i, floor(power(random(), 2.2) * ${plan.combos.length})::int as n,
                 floor(random() * ${plan.days})::int as day_back,
                 case when random() < 0.85 then 8 + floor(random() * 11) else floor(random() * 24) end as hour,
                 random() * 3600 as sec, random() as r_status, random() as r_tokens, random() as r_out,
                 random() as r_latency, random() as r_misc
            from generate_series(${lo}::int, ${hi}::int) as s(i)),
        t as (
          select g.*, c.key_id, c.user_id, c.department_id, c.model, c.price_in, c.price_out, c.embed,
                 (((${now}::timestamptz at time zone z.zone)::date - g.day_back)
                   + make_interval(hours => g.hour::int, secs => g.sec)) at time zone z.zone as at_local,
                 ${sql.raw(statusCase('g.r_status', (s) => String(s[1])))} as status,
                 ${sql.raw(statusCase('g.r_status', (s) => (s[2] ? `'${s[2]}'` : 'null')))} as error_code
            from g join c on c.n = g.n cross join z),
        v as (
          select t.*,
                 case when t.at_local > ${now}::timestamptz then t.at_local - interval '1 day' else t.at_local end as created_at,
                 case when t.status in (400, 402, 429) then 0 else 200 + floor(t.r_tokens * 2800)::int end as tokens_in,
                 case when t.status <> 200 or t.embed then 0 else 50 + floor(t.r_out * 750)::int end as tokens_out,
                 (not t.embed and t.r_misc < 0.6) as stream
            from t),
        ev as (
          insert into usage_events (org_id, request_id, created_at, endpoint, department_id, user_id, key_id, model_alias,
                 provider_id, provider_kind, upstream_model, tokens_in, tokens_out, tokens_cached, cost_micros, pricing,
                 price_snapshot, usage_source, latency_ms, ttft_ms, status, error_code, stream, client_aborted,
                 privacy_counts, reservation_id)
          select ${plan.orgId}::uuid, ${plan.prefix} || '-' || v.i, v.created_at,
                 case when v.embed then '/v1/embeddings' else '/v1/chat/completions' end,
                 v.department_id, v.user_id, v.key_id, v.model, null, 'mock', v.model, v.tokens_in, v.tokens_out,
                 case when v.status = 200 and v.r_tokens < 0.2 then v.tokens_in / 2 else 0 end,
                 case when v.price_in is null then null
                      else ceil((v.tokens_in * v.price_in + v.tokens_out * v.price_out) / 1000000.0)::bigint end,
                 case when v.price_in is null then 'unpriced' else 'priced' end,
                 jsonb_build_object('input', v.price_in, 'output', v.price_out, 'cachedInput', null,
                                    'unit', 'micros_per_million_tokens'),
                 case when v.status in (400, 402, 429) then 'none'
                      when v.status = 504 and v.r_misc < 0.5 then 'estimated' else 'provider' end,
                 150 + floor(v.r_latency * 4000)::int,
                 case when v.stream and v.status = 200 then 60 + floor(v.r_latency * 900)::int end,
                 v.status, v.error_code, v.stream, v.stream and v.r_misc < 0.01,
                 case when v.r_misc between 0.6 and 0.63 then '{"EMAIL": 1}'::jsonb end,
                 case when v.r_misc < 0.3 then ${plan.prefix} || '-res-' || v.i end
            from v
          returning org_id, created_at, department_id, user_id, key_id, model_alias, status, tokens_in, tokens_out,
                    tokens_cached, cost_micros, pricing)
        insert into usage_rollups (org_id, grain, bucket, department_id, user_id, key_id, model_alias, requests, errors,
               tokens_in, tokens_out, tokens_cached, cost_micros, unpriced_requests)
        select ev.org_id, b.grain, b.bucket, ev.department_id, ev.user_id, ev.key_id, coalesce(ev.model_alias, ''),
               count(*), count(*) filter (where ev.status >= 400), sum(ev.tokens_in), sum(ev.tokens_out),
               sum(ev.tokens_cached), coalesce(sum(ev.cost_micros), 0), count(*) filter (where ev.pricing = 'unpriced')
          from ev cross join z
          cross join lateral (values ('hour', date_trunc('hour', ev.created_at, 'UTC')),
            ('day', (ev.created_at at time zone z.zone)::date::timestamp at time zone 'UTC')) as b(grain, bucket)
         group by 1, 2, 3, 4, 5, 6, 7
         order by 1, 2, 3, 4, 5, 6, 7
        on conflict (org_id, grain, bucket, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid),
          coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid),
          coalesce(key_id, '00000000-0000-0000-0000-000000000000'::uuid), model_alias)
        do update set requests = usage_rollups.requests + excluded.requests,
          errors = usage_rollups.errors + excluded.errors, tokens_in = usage_rollups.tokens_in + excluded.tokens_in,
          tokens_out = usage_rollups.tokens_out + excluded.tokens_out,
          tokens_cached = usage_rollups.tokens_cached + excluded.tokens_cached,
          cost_micros = usage_rollups.cost_micros + excluded.cost_micros,
          unpriced_requests = usage_rollups.unpriced_requests + excluded.unpriced_requests`);
    });
    written += hi - lo + 1;
  }
  return written;
}

/** The seeded org: its admin (who signs in with `password`) and what requests come from. */
export interface SeededOrg {
  orgId: string;
  slug: string;
  adminEmail: string;
  password: string;
  combos: SeedCombo[];
}

/**
 * An org in Europe/Berlin paying in EUR with prepaid credits (enforced), 8 departments, 60 people
 * (an admin among them), 90 keys — each person's own plus 30 service keys of a department — and
 * every key allowed 1–3 of the seeded models, and 20 people who also chat (requests without a key).
 */
export async function seedDashboardOrg(db: Database, password: string): Promise<SeededOrg> {
  const suffix = randomUUID().slice(0, 8);
  const org = await orgCreator(db, {
    slug: `dash-bench-${suffix}`,
    name: 'Dashboard bench',
    timezone: 'Europe/Berlin',
  });
  await db.withSystem((tx) =>
    tx.execute(sql`update organizations
                      set settings = settings || '{"currency": "EUR", "credits": {"enforced": true}}'::jsonb
                    where id = ${org.id}`),
  );
  const names = ['Legal', 'Tax', 'Litigation', 'Corporate', 'IP', 'Compliance', 'Back office', 'IT'];
  const departments: string[] = [];
  for (const name of names) departments.push((await departmentCreator(db, org.id, { name })).id);
  const adminEmail = `admin-${suffix}@example.com`;
  const people: Array<{ userId: string; departmentId: string }> = [];
  for (let i = 0; i < 60; i++) {
    const departmentId = departments[i % departments.length]!;
    const email = i === 0 ? adminEmail : `person-${i}-${suffix}@example.com`;
    const { userId } = await memberCreator(db, org.id, {
      email,
      name: i === 0 ? 'Bench Admin' : `Person ${i}`,
      role: i === 0 ? 'admin' : 'member',
      password: i === 0 ? password : undefined,
      departmentId,
    });
    people.push({ userId, departmentId });
  }
  const combos: SeedCombo[] = [];
  let turn = 0;
  const modelsFor = () => {
    const count = 1 + (turn % 3);
    return Array.from({ length: count }, (_, j) => SEED_MODELS[(turn + j * 2) % SEED_MODELS.length]!);
  };
  await db.withOrg(org.id, async (tx) => {
    for (let i = 0; i < 90; i++) {
      const owner = people[i % people.length]!;
      const service = i >= 60;
      const key = await apiKeyCreator(tx, org.id, {
        name: service ? `service ${i - 59}` : `key ${i}`,
        ownerUserId: service ? null : owner.userId,
        ownerDepartmentId: service ? owner.departmentId : null,
      });
      for (const m of modelsFor())
        combos.push({
          keyId: key.id,
          userId: service ? null : owner.userId,
          departmentId: owner.departmentId,
          model: m.alias,
          priceIn: m.prices?.[0] ?? null,
          priceOut: m.prices?.[1] ?? null,
          embedding: m.embedding ?? false,
        });
      turn++;
    }
    // Chat in the web app: a person's requests without a key.
    for (const person of people.slice(0, 20))
      for (const m of [SEED_MODELS[0]!, SEED_MODELS[2]!])
        combos.push({
          keyId: null,
          userId: person.userId,
          departmentId: person.departmentId,
          model: m.alias,
          priceIn: m.prices![0],
          priceOut: m.prices![1],
          embedding: false,
        });
    await tx.execute(sql`insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key, reason)
                         values (${org.id}, 'grant', 5000000000, ${`bench-grant-${suffix}`}, 'bench')`);
  });
  return { orgId: org.id, slug: org.slug, adminEmail, password, combos };
}
