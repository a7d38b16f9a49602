import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../src/main.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildTenant } from './helpers.ts';
import { eventually } from './usage.ts';

let gh: Gatehouse;
let tenant: Awaited<ReturnType<typeof buildTenant>>;

beforeAll(async () => {
  gh = await startTestGatehouse({ PUBLIC_URL: 'https://gatehouse.example' });
  tenant = await buildTenant(gh.db);
});
afterAll(() => gh?.stop());

function chat(secret: string) {
  return fetch(`${gh.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: tenant.chat.alias, max_tokens: 5, messages: [{ role: 'user', content: 'Hello' }] }),
  });
}

async function mails(orgId: string): Promise<Array<{ to: string; subject: string; text: string }>> {
  return (
    (
      await gh.db.withSystem((tx) =>
        tx.execute(sql`select "to", subject, text from mail_outbox where org_id = ${orgId} order by "to", subject`),
      )
    ).rows as Array<{ to: string; subject: string; text: string }>
  ).filter((m) => !m.subject.startsWith('You are invited'));
}

async function pendingAlerts(orgId: string): Promise<number> {
  const rows = (
    await gh.db.withSystem((tx) =>
      tx.execute(sql`select count(*)::int as n from metering_alerts where org_id = ${orgId} and delivered_at is null`),
    )
  ).rows as Array<{ n: number }>;
  return rows[0]!.n;
}

describe('metering alert delivery', () => {
  it("mails a budget threshold once to the org's admins and the person, each in their language", async () => {
    const { org } = tenant;
    const admin = await buildMember(gh.db, org.id, 'admin');
    const disabledAdmin = await buildMember(gh.db, org.id, 'admin');
    const person = await buildMember(gh.db, org.id, 'member');
    const colleague = await buildMember(gh.db, org.id, 'member');
    await gh.db.withSystem(async (tx) => {
      await tx.execute(sql`update users set language = 'de', name = 'Paula Person' where id = ${person.userId}`);
      await tx.execute(sql`update users set status = 'disabled' where id = ${disabledAdmin.userId}`);
    });
    await gh.db.withOrg(org.id, (tx) =>
      tx.execute(sql`insert into budgets (org_id, scope_type, scope_id, metric, period, limit_amount, alert_thresholds)
                     values (${org.id}, 'user', ${person.userId}, 'requests', 'day', 4, '{50,75}')`),
    );
    const key = await buildKey(gh.db, org.id, person.userId);
    // Budgets reach the gateway's cache within a moment.
    await eventually(
      async () =>
        (await gh.app.inject({ url: '/v1/quota', headers: { authorization: `Bearer ${key.secret}` } })).json(),
      (q: { budgets?: unknown[] }) => (q.budgets?.length ?? 0) > 0,
    );

    for (let i = 0; i < 3; i++) expect((await chat(key.secret)).status).toBe(200);
    // 3 of 4 requests: both thresholds (50 % and 75 %) are crossed, each written once.
    await eventually(
      () => pendingAlerts(org.id),
      (n) => n === 2,
    );
    // The test database is shared: a pass also delivers other files' alerts, and their servers'
    // deliverers may deliver ours, so count this org's outcome, not the pass's.
    await gh.metering.alerts.deliverDue();
    expect(await pendingAlerts(org.id)).toBe(0);

    const sent = await mails(org.id);
    const recipients = [...new Set(sent.map((m) => m.to))].sort();
    expect(recipients).toEqual([admin.email, tenant.owner.email, person.email].sort());
    expect(sent.map((m) => m.to)).not.toContain(colleague.email);
    expect(sent.map((m) => m.to)).not.toContain(disabledAdmin.email);
    expect(sent).toHaveLength(6);

    const toAdmin = sent.filter((m) => m.to === admin.email);
    expect(toAdmin.map((m) => m.subject)).toEqual([
      `${org.name}: a budget reached 50%`,
      `${org.name}: a budget reached 75%`,
    ]);
    expect(toAdmin[1]!.text).toContain('The daily request budget of Paula Person has reached 75%: 3 of 4 used.');
    expect(toAdmin[1]!.text).toContain('https://gatehouse.example/admin/budgets');
    const toPerson = sent.filter((m) => m.to === person.email);
    expect(toPerson[0]!.subject).toBe(`${org.name}: 50 % eines Budgets erreicht`);
    expect(toPerson[1]!.text).toContain(
      'das Tagesbudget (Anfragen) von Paula Person hat 75 % erreicht: 3 von 4 verbraucht.',
    );

    // Delivered alerts are not sent again.
    await gh.metering.alerts.deliverDue();
    expect(await mails(org.id)).toHaveLength(6);
  });

  it('mails a low credit balance with the amounts in the org currency', async () => {
    const { org } = tenant;
    await gh.db.withSystem((tx) =>
      tx.execute(sql`insert into metering_alerts (org_id, kind, dedupe_key, payload)
                     values (${org.id}, 'low_balance', 'credits-low:test', ${JSON.stringify({
                       balanceMicros: 2_500_000,
                       thresholdMicros: 10_000_000,
                     })}::jsonb)`),
    );
    await gh.metering.alerts.deliverDue();
    expect(await pendingAlerts(org.id)).toBe(0);
    const low = (await mails(org.id)).filter((m) => m.subject.endsWith('credits running low'));
    expect(low.map((m) => m.to)).toContain(tenant.owner.email);
    expect(low[0]!.text).toContain(
      'has 2.50 USD of credits left in Gatehouse, below the alert threshold of 10.00 USD.',
    );
    expect(low[0]!.text).toContain('https://gatehouse.example/admin/credits');
  });
});
