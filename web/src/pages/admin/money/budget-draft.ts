import type { Budget, Metric, Period, ScopeType } from '../../../api/money-types.ts';
import { microsToDecimal, parseCount, parseMicros, parseThresholds } from './money-input.ts';
import { isoToZoned, zonedToIso } from '../../../lib/zoned-time.ts';

/** A budget form as typed: every number stays text until saving, so nothing typed is lost. */
export interface BudgetDraft {
  name: string;
  scopeType: ScopeType;
  scopeId: string | null;
  /** The chosen target's readable name (shown while editing; never sent). */
  scopeName: string | null;
  metric: Metric;
  period: Period;
  /** Cost: a decimal in the org currency; tokens and requests: a whole count. */
  limit: string;
  thresholds: string;
  /** A temporary increase in the limit's unit; empty = none. */
  increaseAmount: string;
  /** When it ends, wall-clock in the org's zone ("YYYY-MM-DDTHH:mm"). */
  increaseUntil: string;
  enabled: boolean;
}

/** The fields of the budget form that an error can point at. */
export const BUDGET_FIELDS = ['name', 'target', 'limit', 'thresholds', 'increaseAmount', 'increaseUntil'] as const;
/** One of them. */
export type BudgetField = (typeof BUDGET_FIELDS)[number];

/** The server's field names → the form's, for errors it reports. */
export const BUDGET_FIELD_ALIASES: Partial<Record<string, BudgetField>> = {
  scopeId: 'target',
  scopeType: 'target',
  limitAmount: 'limit',
  alertThresholds: 'thresholds',
  increase: 'increaseAmount',
};

/** What is wrong with a draft before sending (the key of a message), by field. */
export type DraftProblem = {
  field: BudgetField;
  problem:
    'money.error.target' | 'money.error.count' | 'money.error.thresholds' | 'money.error.amount' | 'money.error.until';
};

/** A new budget's draft: the org, spend per month, the server's default alerts. */
export function emptyDraft(): BudgetDraft {
  return {
    name: '',
    scopeType: 'org',
    scopeId: null,
    scopeName: null,
    metric: 'cost',
    period: 'month',
    limit: '',
    thresholds: '50, 80, 95',
    increaseAmount: '',
    increaseUntil: '',
    enabled: true,
  };
}

/** An amount in a metric's unit as the form shows it: cost as a decimal, counts as digits. */
function asText(metric: Metric, amount: number): string {
  return metric === 'cost' ? microsToDecimal(amount) : String(amount);
}

/** The draft of an existing budget (times in the org's zone). */
export function draftFromBudget(b: Budget, timeZone: string): BudgetDraft {
  return {
    name: b.name,
    scopeType: b.scopeType,
    scopeId: b.scopeId,
    scopeName: b.scopeName,
    metric: b.metric,
    period: b.period,
    limit: b.limitAmount ?? asText(b.metric, b.limit),
    thresholds: b.alertThresholds.join(', '),
    increaseAmount: b.increase ? asText(b.metric, b.increase.amount) : '',
    increaseUntil: b.increase ? isoToZoned(b.increase.expiresAt, timeZone) : '',
    enabled: b.enabled,
  };
}

/**
 * The request body of a draft: POST /api/budgets (`create`) or PATCH /api/budgets/:id. A cost
 * limit goes as `limitAmount`, the decimal as typed (the server converts it exactly and says
 * what is wrong with it); counts, thresholds and the increase are read here, since JSON needs
 * them as numbers. On update an empty increase removes it.
 */
export function budgetBody(
  d: BudgetDraft,
  mode: 'create' | 'edit',
  timeZone: string,
): { body: Record<string, unknown> } | DraftProblem {
  if (mode === 'create' && d.scopeType !== 'org' && !d.scopeId)
    return { field: 'target', problem: 'money.error.target' };
  const body: Record<string, unknown> = { name: d.name.trim(), enabled: d.enabled };
  if (mode === 'create') {
    Object.assign(body, { scopeType: d.scopeType, metric: d.metric, period: d.period });
    if (d.scopeType !== 'org') body.scopeId = d.scopeId;
  }
  if (d.metric === 'cost') body.limitAmount = d.limit.trim().replace(',', '.');
  else {
    const limit = parseCount(d.limit);
    if (limit === null) return { field: 'limit', problem: 'money.error.count' };
    body.limit = limit;
  }
  const thresholds = parseThresholds(d.thresholds);
  if (thresholds === null) return { field: 'thresholds', problem: 'money.error.thresholds' };
  body.alertThresholds = thresholds;
  if (d.increaseAmount.trim() === '') {
    if (mode === 'edit') body.increase = null;
  } else {
    const amount = d.metric === 'cost' ? parseMicros(d.increaseAmount) : parseCount(d.increaseAmount, 1);
    if (amount === null || amount < 1)
      return { field: 'increaseAmount', problem: d.metric === 'cost' ? 'money.error.amount' : 'money.error.count' };
    const expiresAt = zonedToIso(d.increaseUntil, timeZone);
    if (expiresAt === null) return { field: 'increaseUntil', problem: 'money.error.until' };
    body.increase = { amount, expiresAt };
  }
  return { body };
}
