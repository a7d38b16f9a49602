import { describe, expect, it } from 'vitest';
import type { DepartmentRow } from '../../../api/org-types.ts';
import { departmentTree, flattenTree, indentedName, parentIds, subtreeMembers } from './department-tree.ts';
import { contrastProblems, expiryFrom, formatRatio, keyStatus, timeZoneOptions } from './org-helpers.ts';

const row = (id: string, name: string, parentId: string | null, members = 0): DepartmentRow => ({
  id,
  name,
  parentId,
  members,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('departmentTree', () => {
  const rows = [
    row('l', 'Legal', null, 2),
    row('t', 'Tax', 'l', 1),
    row('a', 'Litigation', 'l', 3),
    row('h', 'hr', null),
    row('x', 'Orphan', 'gone'),
  ];

  it('nests by parent id, sorts by name regardless of case, keeps orphans at the top', () => {
    const tree = departmentTree(rows);
    expect(tree.map((n) => n.name)).toEqual(['hr', 'Legal', 'Orphan']);
    expect(tree[1]!.children.map((n) => n.name)).toEqual(['Litigation', 'Tax']);
    expect(flattenTree(tree)).toEqual([
      { id: 'h', name: 'hr', depth: 0 },
      { id: 'l', name: 'Legal', depth: 0 },
      { id: 'a', name: 'Litigation', depth: 1 },
      { id: 't', name: 'Tax', depth: 1 },
      { id: 'x', name: 'Orphan', depth: 0 },
    ]);
    expect(parentIds(tree)).toEqual(['l']);
    expect(subtreeMembers(tree[1]!)).toBe(6);
  });

  it('survives a cycle in the data instead of losing or looping over departments', () => {
    const tree = departmentTree([row('a', 'A', 'b'), row('b', 'B', 'a')]);
    expect(
      flattenTree(tree)
        .map((n) => n.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('indents option names by depth', () => {
    expect(indentedName('Tax', 2)).toBe('\u2003\u2003Tax');
    expect(indentedName('Legal', 0)).toBe('Legal');
  });
});

describe('keys', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('tells active, revoked and expired keys apart (revoked wins)', () => {
    expect(keyStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(keyStatus({ revokedAt: null, expiresAt: '2026-03-02T00:00:00Z' }, now)).toBe('active');
    expect(keyStatus({ revokedAt: null, expiresAt: '2026-03-01T12:00:00Z' }, now)).toBe('expired');
    expect(keyStatus({ revokedAt: '2026-02-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' }, now)).toBe('revoked');
  });
  it('turns an expiry preset into an instant, or none', () => {
    expect(expiryFrom('30', now)).toBe('2026-03-31T12:00:00.000Z');
    expect(expiryFrom('', now)).toBeNull();
    expect(expiryFrom('-3', now)).toBeNull();
  });
});

describe('contrastProblems', () => {
  it('accepts dark primaries and mid-tone accents that work on both surfaces', () => {
    expect(contrastProblems('#0b6e4f', '#b45309')).toEqual([]);
  });
  it('flags a pale primary that buttons would barely show on the white surface', () => {
    const [problem] = contrastProblems('#ffee58', '#b45309');
    expect(problem).toMatchObject({ colour: 'primary', theme: 'light', needed: 3 });
    expect(problem!.ratio).toBeLessThan(3);
    expect(contrastProblems('#2f5bd3', '#2f5bd3')).toEqual([]);
  });
  it('flags an accent that disappears on the light or the dark surface', () => {
    expect(contrastProblems('#0b6e4f', '#ffee58').map((p) => [p.colour, p.theme])).toEqual([['accent', 'light']]);
    expect(contrastProblems('#0b6e4f', '#1a1a2e').map((p) => [p.colour, p.theme])).toEqual([['accent', 'dark']]);
  });
  it('ignores colours that are not #rrggbb', () => {
    expect(contrastProblems('red', '')).toEqual([]);
  });
  it('never rounds a failing ratio up to a passing one', () => {
    expect(formatRatio(4.49)).toBe('4.4:1');
    expect(formatRatio(3)).toBe('3.0:1');
  });
});

describe('timeZoneOptions', () => {
  it('keeps the current zone and UTC, sorted, without duplicates', () => {
    expect(timeZoneOptions('Mars/Olympus', ['Europe/Berlin', 'America/New_York', 'UTC'])).toEqual([
      'America/New_York',
      'Europe/Berlin',
      'Mars/Olympus',
      'UTC',
    ]);
  });
});
