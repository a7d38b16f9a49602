import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error.ts';
import type { Budget } from '../../../api/money-types.ts';
import { errorField } from '../../../ui/field-errors.ts';
import { auditDiff, showValue } from './audit-diff.ts';
import { BUDGET_FIELD_ALIASES, BUDGET_FIELDS, budgetBody, draftFromBudget, emptyDraft } from './budget-draft.ts';
import { newIdempotencyKey } from './idempotency.ts';
import { microsToDecimal, parseCount, parseMicros, parseThresholds } from './money-input.ts';

describe('money input', () => {
  it('reads decimal amounts exactly, with a point or a German comma', () => {
    expect(parseMicros('25')).toBe(25_000_000);
    expect(parseMicros(' 12.50 ')).toBe(12_500_000);
    expect(parseMicros('0,75')).toBe(750_000);
    expect(parseMicros('0.000001')).toBe(1);
    expect(parseMicros('0.1')).toBe(100_000);
    expect(parseMicros('1.0000001')).toBeNull();
    expect(parseMicros('-5')).toBeNull();
    expect(parseMicros('-5', { negative: true })).toBe(-5_000_000);
    expect(parseMicros('abc')).toBeNull();
    expect(parseMicros('')).toBeNull();
  });

  it('writes micro-units back as a decimal with at least two places', () => {
    expect(microsToDecimal(12_500_000)).toBe('12.50');
    expect(microsToDecimal(1)).toBe('0.000001');
    expect(microsToDecimal(0)).toBe('0.00');
    expect(microsToDecimal(-2_000_000)).toBe('-2.00');
    expect(parseMicros(microsToDecimal(123_456_789))).toBe(123_456_789);
  });

  it('reads thresholds as sorted whole percentages and refuses bad ones', () => {
    expect(parseThresholds('95, 50 80')).toEqual([50, 80, 95]);
    expect(parseThresholds('50%, 100%')).toEqual([50, 100]);
    expect(parseThresholds('')).toEqual([]);
    expect(parseThresholds('0')).toBeNull();
    expect(parseThresholds('101')).toBeNull();
    expect(parseThresholds('50, 50')).toBeNull();
    expect(parseThresholds('12.5')).toBeNull();
  });

  it('reads counts with digit grouping', () => {
    expect(parseCount('200000')).toBe(200_000);
    expect(parseCount('200 000')).toBe(200_000);
    expect(parseCount('200.000')).toBe(200_000);
    expect(parseCount('1,5')).toBe(15);
    expect(parseCount('')).toBeNull();
    expect(parseCount('-3')).toBeNull();
    expect(parseCount('0', 1)).toBeNull();
  });
});

describe('field of a server error', () => {
  const fields = BUDGET_FIELDS;
  it('points at the field the message names, through the aliases', () => {
    const err = (message: string) => new ApiError(400, 'invalid_request', message);
    expect(errorField(err('limitAmount: not an amount: "x"'), fields, BUDGET_FIELD_ALIASES)).toBe('limit');
    expect(errorField(err('increase.expiresAt: must be in the future'), fields, BUDGET_FIELD_ALIASES)).toBe(
      'increaseAmount',
    );
    expect(errorField(err('alertThresholds.2: Too big'), fields, BUDGET_FIELD_ALIASES)).toBe('thresholds');
    expect(errorField(err('name: Too long'), fields, BUDGET_FIELD_ALIASES)).toBe('name');
    expect(errorField(err('scopeId: no department x in this organization'), fields, BUDGET_FIELD_ALIASES)).toBe(
      'target',
    );
    expect(errorField(err('A month cost budget for the organization already exists'), fields)).toBeNull();
    expect(errorField(err('body: Invalid input'), fields)).toBeNull();
    expect(errorField(new Error('limit: x'), fields)).toBeNull();
  });
});

describe('budget drafts', () => {
  const budget: Budget = {
    id: 'b1',
    name: 'Legal',
    scopeType: 'department',
    scopeId: 'd1',
    scopeName: 'Legal',
    metric: 'cost',
    period: 'month',
    limit: 250_000_000,
    limitAmount: '250.00',
    currency: 'EUR',
    alertThresholds: [50, 80],
    increase: { amount: 50_000_000, expiresAt: '2099-11-30T17:00:00.000Z', active: true },
    enabled: true,
    status: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };

  it('round-trips an existing cost budget through its draft', () => {
    const draft = draftFromBudget(budget, 'Europe/Berlin');
    expect(draft).toMatchObject({ limit: '250.00', thresholds: '50, 80', increaseAmount: '50.00' });
    expect(draft.increaseUntil).toBe('2099-11-30T18:00');
    expect(budgetBody({ ...draft, limit: '300,5' }, 'edit', 'Europe/Berlin')).toEqual({
      body: {
        name: 'Legal',
        enabled: true,
        limitAmount: '300.5',
        alertThresholds: [50, 80],
        increase: { amount: 50_000_000, expiresAt: '2099-11-30T17:00:00.000Z' },
      },
    });
  });

  it('sends the scope, metric and period only when creating, and counts as numbers', () => {
    const draft = {
      ...emptyDraft(),
      scopeType: 'user' as const,
      scopeId: 'u1',
      metric: 'tokens' as const,
      limit: '200 000',
    };
    expect(budgetBody(draft, 'create', 'UTC')).toEqual({
      body: {
        name: '',
        enabled: true,
        scopeType: 'user',
        scopeId: 'u1',
        metric: 'tokens',
        period: 'month',
        limit: 200_000,
        alertThresholds: [50, 80, 95],
      },
    });
    const org = budgetBody({ ...emptyDraft(), limit: '10' }, 'create', 'UTC');
    expect('body' in org && org.body).toMatchObject({ scopeType: 'org', limitAmount: '10' });
    expect('body' in org && 'scopeId' in org.body).toBe(false);
  });

  it('names the field of a problem found before sending', () => {
    expect(budgetBody({ ...emptyDraft(), scopeType: 'key' }, 'create', 'UTC')).toEqual({
      field: 'target',
      problem: 'money.error.target',
    });
    expect(budgetBody({ ...emptyDraft(), metric: 'requests', limit: 'many' }, 'create', 'UTC')).toMatchObject({
      field: 'limit',
    });
    expect(budgetBody({ ...emptyDraft(), limit: '5', thresholds: '200' }, 'create', 'UTC')).toMatchObject({
      field: 'thresholds',
    });
    expect(budgetBody({ ...emptyDraft(), limit: '5', increaseAmount: '2' }, 'create', 'UTC')).toMatchObject({
      field: 'increaseUntil',
    });
    expect(budgetBody({ ...emptyDraft(), limit: '5', increaseAmount: 'x' }, 'create', 'UTC')).toMatchObject({
      field: 'increaseAmount',
    });
    // Removing an increase on update is explicit.
    const edit = budgetBody({ ...draftFromBudget(budget, 'UTC'), increaseAmount: '' }, 'edit', 'UTC');
    expect('body' in edit && edit.body.increase).toBeNull();
  });
});

describe('audit diff', () => {
  it('lists changed fields first, by dotted path, then the unchanged ones', () => {
    const diff = auditDiff(
      { name: 'Legal', limit: 100, settings: { tz: 'UTC', colors: { a: 1 } }, tags: [1, 2], gone: true },
      { name: 'Legal', limit: 200, settings: { tz: 'UTC', colors: { a: 2 } }, tags: [1, 2], added: 'x' },
    );
    expect(diff).toEqual([
      { path: 'limit', kind: 'changed', before: 100, after: 200 },
      { path: 'settings.colors.a', kind: 'changed', before: 1, after: 2 },
      { path: 'gone', kind: 'removed', before: true, after: undefined },
      { path: 'added', kind: 'added', before: undefined, after: 'x' },
      { path: 'name', kind: 'same', before: 'Legal', after: 'Legal' },
      { path: 'settings.tz', kind: 'same', before: 'UTC', after: 'UTC' },
      { path: 'tags', kind: 'same', before: [1, 2], after: [1, 2] },
    ]);
  });

  it('treats a missing snapshot as nothing: a creation adds every field, a deletion removes them', () => {
    expect(auditDiff(null, { id: 'b1', limit: 5 }).map((c) => c.kind)).toEqual(['added', 'added']);
    expect(auditDiff({ id: 'b1' }, null)).toEqual([{ path: 'id', kind: 'removed', before: 'b1', after: undefined }]);
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff({ a: [1] }, { a: [2, 1] })[0]!.kind).toBe('changed');
  });

  it('shows values as short text', () => {
    expect(showValue('EUR')).toBe('EUR');
    expect(showValue(5)).toBe('5');
    expect(showValue(null)).toBe('null');
    expect(showValue([50, 80])).toBe('[50,80]');
    expect(showValue(undefined)).toBe('—');
  });
});

describe('idempotency keys', () => {
  it('are 128 random bits as hex, different each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^web-[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
    expect(newIdempotencyKey((b) => b.fill(255))).toBe(`web-${'ff'.repeat(16)}`);
  });
});
