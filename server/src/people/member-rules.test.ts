import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import type { Role } from '../identity/user-creator.ts';
import { placeChangeRefusal } from './member-rules.ts';

const user = (role: Role, departmentId: string | null = null): Actor => ({
  kind: 'user',
  userId: 'u-actor',
  email: 'a@example.com',
  orgId: 'org',
  role,
  departmentId,
  isPlatformAdmin: false,
  sessionId: 's',
});
const key: Actor = {
  kind: 'key',
  keyId: 'k',
  orgId: 'org',
  ownerUserId: null,
  departmentId: null,
  scopes: ['member.manage'],
};
const subtree = new Set(['sales', 'east']);
const none = new Set<string>();
const place = (role: Role, departmentId: string | null = null) => ({ role, departmentId });

describe('placeChangeRefusal', () => {
  it('lets owners do anything, admins anything but owners, keys likewise', () => {
    expect(placeChangeRefusal(user('owner'), 'org', none, place('owner'), place('admin'))).toBeNull();
    expect(placeChangeRefusal(user('owner'), 'org', none, null, place('owner'))).toBeNull();
    expect(placeChangeRefusal(user('admin'), 'org', none, place('member'), place('admin', 'hr'))).toBeNull();
    expect(placeChangeRefusal(user('admin'), 'org', none, null, place('owner'))?.message).toMatch(/^role: only owners/);
    expect(placeChangeRefusal(user('admin'), 'org', none, place('owner'), place('owner', 'hr'))?.status).toBe(403);
    expect(placeChangeRefusal(key, 'org', none, place('owner'), place('owner'))?.message).toMatch(/This API key/);
  });

  it('keeps managers to members and viewers of their subtree', () => {
    const m = user('manager', 'sales');
    expect(placeChangeRefusal(m, 'department', subtree, place('member', 'sales'), place('viewer', 'east'))).toBeNull();
    expect(placeChangeRefusal(m, 'department', subtree, null, place('member', 'east'))).toBeNull();
    expect(placeChangeRefusal(m, 'department', subtree, place('member', 'hr'), place('member', 'hr'))?.message).toMatch(
      /within your department subtree/,
    );
    expect(
      placeChangeRefusal(m, 'department', subtree, place('manager', 'east'), place('member', 'east'))?.message,
    ).toMatch(/whose role is manager/);
    expect(
      placeChangeRefusal(m, 'department', subtree, place('member', 'sales'), place('manager', 'sales'))?.message,
    ).toMatch(/^role: .*member and viewer/);
    expect(
      placeChangeRefusal(m, 'department', subtree, place('member', 'sales'), place('member', null))?.message,
    ).toMatch(/^departmentId: /);
    expect(placeChangeRefusal(m, 'department', subtree, null, place('member', null))).not.toBeNull();
  });
});
