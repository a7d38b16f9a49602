import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { meteringAlertMail, pickLanguage, type AlertScope } from '../mail/mail-templates.ts';
import { formatAmount } from './metering-format.ts';

/** How often the deliverer looks for undelivered alerts (ms), and how many it takes per pass. */
export interface AlertDelivererOptions {
  pollMs: number;
  batch: number;
}

const DEFAULTS: AlertDelivererOptions = { pollMs: 10_000, batch: 50 };

interface AlertRow {
  id: string;
  org_id: string;
  kind: 'budget_threshold' | 'low_balance';
  budget_id: string | null;
  payload: Record<string, unknown>;
}

interface Recipient {
  email: string;
  language: string | null;
}

/**
 * Delivers the metering outbox (`metering_alerts`: budget thresholds, low credit balance, written
 * once per period by the metering service) as e-mail to the org's active owners and admins — and,
 * for a personal budget, to that person. A pass claims undelivered alerts with `for update skip
 * locked` (several processes share the work), writes one mail per recipient into the mail outbox
 * and marks the alert delivered, in one transaction: each alert's mails are queued exactly once
 * (the mail outbox then delivers them with its retries).
 */
export class AlertDeliverer {
  private readonly options: AlertDelivererOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
    private readonly publicUrl: string | null,
    options: Partial<AlertDelivererOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.deliverDue().catch(() => {}), this.options.pollMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a pass under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  /** Delivers every alert that is due now; resolves how many alerts were delivered. One pass at a time. */
  deliverDue(): Promise<number> {
    this.running ??= this.pass()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'metering alerts could not be delivered; retried on the next pass');
        throw error;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const n = await this.db.withSystem(async (tx) => {
        const alerts = (
          await tx.execute(sql`select id, org_id, kind, budget_id, payload from metering_alerts
                               where delivered_at is null order by created_at
                               limit ${this.options.batch} for update skip locked`)
        ).rows as unknown as AlertRow[];
        for (const alert of alerts) {
          await this.deliver(tx, alert);
          await tx.execute(sql`update metering_alerts set delivered_at = now() where id = ${alert.id}`);
        }
        return alerts.length;
      });
      delivered += n;
      if (n < this.options.batch) {
        // The mails are committed: hand them to SMTP now rather than on the sender's next poll.
        if (delivered > 0) void this.mailer.flush().catch(() => {});
        return delivered;
      }
    }
  }

  private async deliver(tx: Tx, alert: AlertRow): Promise<void> {
    const org = (
      await tx.execute(sql`select name, settings->>'currency' as currency, settings->>'language' as language
                           from organizations where id = ${alert.org_id}`)
    ).rows[0] as { name: string; currency: string | null; language: string | null } | undefined;
    if (!org) return;
    const currency = org.currency ?? 'USD';
    const money = (micros: unknown) => `${formatAmount(Number(micros))} ${currency}`;
    const p = alert.payload;
    const budget = alert.kind === 'budget_threshold' ? await this.budgetScope(tx, alert.budget_id) : null;
    const recipients = await this.recipients(tx, alert.org_id, budget?.userId ?? null);
    const consoleUrl = this.publicUrl
      ? new URL(alert.kind === 'low_balance' ? '/admin/credits' : '/admin/budgets', this.publicUrl).toString()
      : null;
    for (const to of recipients) {
      const language = pickLanguage(to.language, org.language);
      const base = { language, orgName: org.name, consoleUrl };
      const mail =
        alert.kind === 'low_balance'
          ? meteringAlertMail({
              ...base,
              kind: 'low_balance',
              balance: money(p.balanceMicros),
              threshold: money(p.thresholdMicros),
            })
          : meteringAlertMail({
              ...base,
              kind: 'budget_threshold',
              scope: budget?.scope ?? { type: 'label', label: String(p.scope ?? '') },
              metric: p.metric as 'cost' | 'tokens' | 'requests',
              period: p.period as 'day' | 'week' | 'month' | 'total',
              threshold: Number(p.threshold),
              used: p.metric === 'cost' ? money(p.used) : String(p.used),
              limit: p.metric === 'cost' ? money(p.limit) : String(p.limit),
            });
      await this.mailer.enqueue(tx, { orgId: alert.org_id, to: to.email, ...mail });
    }
  }

  /** Whom a budget limits, by name (null when the budget is gone). */
  private async budgetScope(
    tx: Tx,
    budgetId: string | null,
  ): Promise<{ scope: AlertScope; userId: string | null } | null> {
    if (!budgetId) return null;
    const row = (
      await tx.execute(sql`select b.scope_type, b.scope_id,
                                  case b.scope_type when 'department' then d.name
                                                    when 'user' then coalesce(nullif(u.name, ''), u.email)
                                                    when 'key' then k.name end as name
                           from budgets b
                           left join departments d on b.scope_type = 'department' and d.id = b.scope_id
                           left join users u on b.scope_type = 'user' and u.id = b.scope_id
                           left join api_keys k on b.scope_type = 'key' and k.id = b.scope_id
                           where b.id = ${budgetId}`)
    ).rows[0] as { scope_type: string; scope_id: string | null; name: string | null } | undefined;
    if (!row) return null;
    if (row.scope_type === 'org') return { scope: { type: 'org' }, userId: null };
    const type = row.scope_type as 'department' | 'user' | 'key';
    return { scope: { type, name: row.name ?? '?' }, userId: type === 'user' ? row.scope_id : null };
  }

  /** The org's active owners and admins, and the person a personal budget limits (once each). */
  private async recipients(tx: Tx, orgId: string, personId: string | null): Promise<Recipient[]> {
    return (
      await tx.execute(sql`select distinct u.email, u.language from memberships m join users u on u.id = m.user_id
                           where m.org_id = ${orgId} and m.status = 'active' and u.status = 'active'
                             and (m.role in ('owner', 'admin') or u.id = ${personId})
                           order by u.email`)
    ).rows as unknown as Recipient[];
  }
}
