import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildOrg, buildTenant, openTestDb } from '../../test/helpers.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import { dbError } from '../../test/usage.ts';
import type { Database } from './database.ts';
import { departments, memberships, organizations } from './schema.ts';

describe('row-level security through withOrg', () => {
  let db: Database;
  let orgA: { id: string };
  let orgB: { id: string };

  beforeAll(async () => {
    db = await openTestDb();
    orgA = await buildOrg(db, 'A');
    orgB = await buildOrg(db, 'B');
    await buildMember(db, orgA.id);
    await buildMember(db, orgB.id);
    await db.withOrg(orgB.id, (tx) => tx.insert(departments).values({ orgId: orgB.id, name: 'Legal' }));
  });
  afterAll(() => db.close());

  it('runs as the non-superuser app role, which cannot bypass RLS', async () => {
    const [row] = await db.withOrg(
      orgA.id,
      async (tx) =>
        (
          await tx.execute(
            sql`select current_user as role, r.rolsuper as superuser, r.rolbypassrls as bypass
                from pg_roles r where r.rolname = current_user`,
          )
        ).rows,
    );
    expect(row).toEqual({ role: 'gatehouse_app', superuser: false, bypass: false });
  });

  it("cannot see another org's rows, even without a filter", async () => {
    const seen = await db.withOrg(orgA.id, async (tx) => ({
      orgs: await tx.select({ id: organizations.id }).from(organizations),
      members: await tx.select({ orgId: memberships.orgId }).from(memberships),
      departments: await tx.select({ id: departments.id }).from(departments),
    }));
    expect(seen.orgs).toEqual([{ id: orgA.id }]);
    expect(seen.members.every((m) => m.orgId === orgA.id)).toBe(true);
    expect(seen.members.length).toBe(1);
    expect(seen.departments).toEqual([]);
  });

  it('cannot write rows into another org', async () => {
    const error = await db
      .withOrg(orgA.id, (tx) => tx.insert(departments).values({ orgId: orgB.id, name: 'Smuggled' }))
      .catch((e: unknown) => e);
    expect(dbError(error)).toMatch(/row-level security/);
  });

  it("cannot update or delete another org's rows (they are invisible)", async () => {
    const updated = await db.withOrg(orgA.id, (tx) =>
      tx
        .update(departments)
        .set({ name: 'Hijacked' })
        .where(sql`org_id = ${orgB.id}`)
        .returning({ id: departments.id }),
    );
    expect(updated).toEqual([]);
    const deleted = await db.withOrg(orgA.id, (tx) =>
      tx
        .delete(departments)
        .where(sql`org_id = ${orgB.id}`)
        .returning({ id: departments.id }),
    );
    expect(deleted).toEqual([]);
    const stillThere = await db.withOrg(orgB.id, (tx) => tx.select({ name: departments.name }).from(departments));
    expect(stillThere).toEqual([{ name: 'Legal' }]);
  });

  it('does not leak the org setting to the next transaction on a reused connection', async () => {
    await db.withOrg(orgA.id, (tx) => tx.select().from(organizations));
    const raw = await db.pool.query(`select set_config('role', 'gatehouse_app', false) as r,
                                            current_setting('app.org_id', true) as org`);
    expect(raw.rows[0].org ?? '').toBe('');
    const visible = await db.pool.query('select count(*)::int as n from organizations');
    expect(visible.rows[0].n).toBe(0);
    await db.pool.query('reset role');
  });

  it('isolates every table with forced row-level security, reading and writing', async () => {
    const other = await buildTenant(db);
    const b = other.org.id;
    await db.withOrg(b, async (tx) => {
      await tx.execute(sql`insert into departments (org_id, name) values (${b}, 'B-Dept')`);
      await tx.execute(sql`insert into invitations (org_id, email, role, token_hash, expires_at)
                           values (${b}, 'x@example.com', 'member', ${`h-${b}`}, now() + interval '1 day')`);
      await tx.execute(sql`insert into model_access (org_id, model_id, subject_type, subject, allowed)
                           values (${b}, ${other.chat.id}, 'role', 'member', false)`);
      await tx.execute(sql`insert into budgets (org_id, scope_type, metric, period, limit_amount)
                           values (${b}, 'org', 'cost', 'month', 1000000)`);
      await tx.execute(sql`insert into rate_limits (org_id, scope_type, requests_per_minute) values (${b}, 'org', 60)`);
      await tx.execute(sql`insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key)
                           values (${b}, 'grant', 5000000, 'rls-grant')`);
      await tx.execute(sql`insert into metering_alerts (org_id, kind, dedupe_key, payload)
                           values (${b}, 'low_balance', 'rls', '{}'::jsonb)`);
      const [conversation] = (
        await tx.execute(sql`insert into conversations (org_id, user_id, title)
                             values (${b}, ${other.owner.userId}, 'B chat') returning id`)
      ).rows as Array<{ id: string }>;
      const [message] = (
        await tx.execute(sql`insert into messages (org_id, conversation_id, role, content)
                             values (${b}, ${conversation!.id}, 'assistant', 'hello') returning id`)
      ).rows as Array<{ id: string }>;
      await tx.execute(sql`insert into message_feedback (org_id, message_id, user_id, rating)
                           values (${b}, ${message!.id}, ${other.owner.userId}, 'up')`);
      await writeAudit(
        tx,
        b,
        null,
        { action: 'test.write', targetType: 'org', targetId: b },
        { ip: null, userAgent: null, requestId: null },
      );
    });
    await db.withSystem(async (tx) => {
      await tx.execute(sql`insert into usage_events (org_id, request_id, endpoint, pricing, usage_source, latency_ms, status)
                     values (${b}, 'req_rls_b', '/v1/chat/completions', 'priced', 'none', 1, 200)`);
      await tx.execute(
        sql`insert into usage_rollups (org_id, grain, bucket, requests) values (${b}, 'hour', now(), 1)`,
      );
    });
    const tables = (
      await db.pool.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = 'public' and c.relkind = 'r' and c.relforcerowsecurity order by 1`)
    ).rows.map((r: { relname: string }) => r.relname);
    expect(tables).toEqual(
      expect.arrayContaining([
        'api_keys',
        'audit_events',
        'departments',
        'invitations',
        'memberships',
        'model_access',
        'models',
        'organizations',
        'providers',
        'usage_events',
        'budgets',
        'rate_limits',
        'credit_ledger',
        'usage_rollups',
        'metering_alerts',
        'conversations',
        'messages',
        'message_feedback',
      ]),
    );
    for (const table of tables) {
      const column = table === 'organizations' ? 'id' : 'org_id';
      const present = (await db.withSystem(
        async (tx) =>
          (await tx.execute(sql.raw(`select count(*)::int as n from ${table} where ${column} = '${b}'`))).rows[0]!.n,
      )) as number;
      expect(`${table}: ${present > 0}`).toBe(`${table}: true`);
      const seen = await db.withOrg(
        orgA.id,
        async (tx) =>
          (await tx.execute(sql.raw(`select count(*)::int as n from ${table} where ${column} = '${b}'`))).rows[0]!.n,
      );
      expect(`${table}: ${seen}`).toBe(`${table}: 0`);
      // Append-only tables refuse UPDATE outright; rollups are written by the system door only.
      if (['usage_events', 'audit_events', 'credit_ledger', 'usage_rollups'].includes(table)) continue;
      const touched = await db.withOrg(
        orgA.id,
        async (tx) =>
          (await tx.execute(sql.raw(`update ${table} set ${column} = ${column} where ${column} = '${b}'`))).rowCount,
      );
      expect(`${table}: ${touched}`).toBe(`${table}: 0`);
    }
  });

  it('refuses a malformed org id before touching the database', async () => {
    await expect(db.withOrg("x' or 1=1 --", async () => 1)).rejects.toThrow(/not an org id/);
  });

  it('keeps usage events append-only, even for the system door', async () => {
    await db.withSystem((tx) =>
      tx.execute(sql`insert into usage_events (org_id, request_id, endpoint, pricing, usage_source, latency_ms, status)
                     values (${orgA.id}, 'req_rls', '/v1/chat/completions', 'priced', 'none', 1, 200)`),
    );
    const update = await db
      .withSystem((tx) => tx.execute(sql`update usage_events set status = 500 where request_id = 'req_rls'`))
      .catch((e: unknown) => e);
    expect(dbError(update)).toMatch(/usage_events is append-only: UPDATE refused/);
    const del = await db
      .withSystem((tx) => tx.execute(sql`delete from usage_events where request_id = 'req_rls'`))
      .catch((e: unknown) => e);
    expect(dbError(del)).toMatch(/usage_events is append-only: DELETE refused/);
  });
});
