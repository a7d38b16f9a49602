import { describe, expect, it } from 'vitest';
import {
  decideModelAccess,
  keyMayUseModel,
  modelAccessDenial,
  nearestDepartmentRule,
  type AccessKey,
  type AccessPolicy,
} from './model-access.ts';

const model = { id: 'm1', alias: 'gpt' };
// Legal > Berlin > Mitte; Sales at the top.
const parents = new Map<string, string | null>([
  ['legal', null],
  ['berlin', 'legal'],
  ['mitte', 'berlin'],
  ['sales', null],
]);

function policy(
  rules: { roles?: Record<string, boolean>; departments?: Record<string, boolean> } | null,
  modelAccessDefault: 'allow' | 'deny' = 'allow',
): AccessPolicy {
  return {
    modelAccessDefault,
    parents,
    rules: rules
      ? new Map([
          [
            model.id,
            {
              roles: new Map(Object.entries(rules.roles ?? {})),
              departments: new Map(Object.entries(rules.departments ?? {})),
            },
          ],
        ])
      : new Map(),
  };
}

const person = (over: Partial<AccessKey> = {}): AccessKey => ({
  allowedModels: null,
  ownerUserId: 'u1',
  ownerRole: 'member',
  memberDepartmentId: 'mitte',
  departmentId: 'mitte',
  ...over,
});
const deptKey = (departmentId: string | null): AccessKey => ({
  allowedModels: null,
  ownerUserId: null,
  ownerRole: null,
  memberDepartmentId: null,
  departmentId,
});

describe('model access rule', () => {
  it('follows the org default when no rule speaks', () => {
    expect(decideModelAccess(policy(null), person(), model)).toBe('allowed');
    expect(decideModelAccess(policy(null, 'deny'), person(), model)).toBe('default');
    expect(decideModelAccess(policy({ roles: { admin: true } }, 'deny'), person(), model)).toBe('default');
  });

  it("checks the key's own allowedModels first", () => {
    const key = person({ allowedModels: new Set(['other']) });
    expect(decideModelAccess(policy({ roles: { member: true } }), key, model)).toBe('key');
    expect(keyMayUseModel(policy(null), person({ allowedModels: new Set(['gpt']) }), model)).toBe(true);
  });

  it('lets an explicit deny on the role or the department win over an allow on the other', () => {
    expect(decideModelAccess(policy({ roles: { member: false }, departments: { mitte: true } }), person(), model)).toBe(
      'role',
    );
    expect(decideModelAccess(policy({ roles: { member: true }, departments: { legal: false } }), person(), model)).toBe(
      'department',
    );
  });

  it('allows on an explicit allow of either dimension when the default denies', () => {
    expect(decideModelAccess(policy({ roles: { member: true } }, 'deny'), person(), model)).toBe('allowed');
    expect(decideModelAccess(policy({ departments: { legal: true } }, 'deny'), person(), model)).toBe('allowed');
  });

  it('uses the nearest department rule up the tree', () => {
    const p = policy({ departments: { legal: false, berlin: true } });
    expect(decideModelAccess(p, person(), model)).toBe('allowed');
    expect(decideModelAccess(p, person({ memberDepartmentId: 'legal' }), model)).toBe('department');
    expect(decideModelAccess(p, person({ memberDepartmentId: 'sales' }), model)).toBe('allowed');
    expect(decideModelAccess(p, person({ memberDepartmentId: null }), model)).toBe('allowed');
  });

  it("judges a person's key by the person's department, not the department the key names", () => {
    const p = policy({ departments: { sales: false, legal: true } });
    expect(decideModelAccess(p, person({ memberDepartmentId: 'sales', departmentId: 'legal' }), model)).toBe(
      'department',
    );
  });

  it("judges a department's key by the department rules only", () => {
    const p = policy({ roles: { member: false, owner: false }, departments: { berlin: false } }, 'deny');
    expect(decideModelAccess(p, deptKey('mitte'), model)).toBe('department');
    expect(decideModelAccess(p, deptKey('sales'), model)).toBe('default');
    const allowSales = policy({ roles: { member: false }, departments: { sales: true } }, 'deny');
    expect(decideModelAccess(allowSales, deptKey('sales'), model)).toBe('allowed');
  });

  it('survives a cycle in the department tree', () => {
    const loop = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(nearestDepartmentRule(loop, new Map([['c', true]]), 'a')).toBeUndefined();
  });

  it('explains a denial without leaking anything but the alias and role', () => {
    expect(modelAccessDenial(policy({ roles: { member: false } }), person(), model)).toMatch(/role "member"/);
    expect(modelAccessDenial(policy(null), person(), model)).toBeNull();
  });
});
