import { describe, expect, it } from 'vitest';
import type { Actor, UserActor } from './actor.ts';
import { abilities, authorize } from './policy.ts';

const user = (role: UserActor['role'], extra: Partial<UserActor> = {}): Actor => ({
  kind: 'user',
  userId: 'u1',
  email: 'u1@example.com',
  orgId: 'o1',
  role,
  departmentId: 'legal',
  isPlatformAdmin: false,
  sessionId: 's1',
  ...extra,
});

describe('policy', () => {
  it('lets owners and admins manage the whole org but not other tenants', () => {
    expect(authorize(user('admin'), 'provider.manage')).toBe('org');
    expect(() => authorize(user('owner'), 'platform.manage')).toThrow(/may not platform manage/);
    expect(authorize(user('owner', { isPlatformAdmin: true }), 'platform.manage')).toBe('org');
  });

  it('limits a manager to their department subtree', () => {
    const subtree = new Set(['legal', 'legal-berlin']);
    expect(authorize(user('manager'), 'key.manage', { departmentId: 'legal-berlin' }, subtree)).toBe('department');
    expect(() => authorize(user('manager'), 'key.manage', { departmentId: 'sales' }, subtree)).toThrow(
      /within your department/,
    );
    expect(() => authorize(user('manager'), 'provider.manage')).toThrow(/may not provider manage/);
  });

  it('lets a member manage only their own keys', () => {
    expect(authorize(user('member'), 'key.manage', { ownerUserId: 'u1' })).toBe('own');
    expect(() => authorize(user('member'), 'key.manage', { ownerUserId: 'u2' })).toThrow(/your own/);
    expect(() => authorize(user('member'), 'member.read')).toThrow(/403|may not/);
  });

  it('gives viewers read abilities only', () => {
    const a = abilities(user('viewer'));
    expect(Object.keys(a).every((k) => k.endsWith('.read'))).toBe(true);
    expect(a['usage.read']).toBe('org');
  });

  it('limits keys to their scopes', () => {
    const key: Actor = {
      kind: 'key',
      keyId: 'k',
      orgId: 'o1',
      ownerUserId: null,
      departmentId: null,
      scopes: ['usage.read'],
    };
    expect(authorize(key, 'usage.read')).toBe('org');
    expect(() => authorize(key, 'key.manage')).toThrow(/lacks the scope "key.manage"/);
    expect(abilities(key)).toEqual({ 'usage.read': 'org' });
  });
});
