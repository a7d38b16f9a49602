import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types.ts';
import { brandingVariables, contrast, readableOn, safeLogoUrl } from './branding.ts';
import { formatDateTime, formatMetric, formatMoney, percentUsed } from './format.ts';
import { mfaEnrolmentPending, navigation, safeNext } from './navigation.ts';
import { asThemePreference, resolveTheme } from './theme.ts';

const me = (role: string, abilities: Me['abilities'], mfa: Me['mfa'] = { enabled: false, required: false }): Me => ({
  actor: { kind: 'user', userId: 'u', email: 'a@example.com', role, departmentId: null, isPlatformAdmin: false },
  orgId: 'o',
  abilities,
  mfa,
});

describe('navigation', () => {
  it('shows a member the workspace only, with their own keys there', () => {
    // The member role's real abilities: model.read reaches the org (to list models), the rest their own.
    const sections = navigation(
      me('member', {
        'org.read': 'org',
        'model.read': 'org',
        'key.read': 'own',
        'key.manage': 'own',
        'usage.read': 'own',
      }),
    );
    expect(sections.map((s) => s.id)).toEqual(['workspace']);
    expect(sections[0]!.items.map((i) => i.path)).toEqual(['/chat', '/usage', '/security', '/keys']);
  });

  it('shows operators the platform section', () => {
    const sections = navigation(me('admin', { 'platform.manage': 'org', 'usage.read': 'org', 'key.read': 'org' }));
    expect(sections.map((s) => s.id)).toEqual(['workspace', 'admin', 'platform']);
    expect(sections[1]!.items.map((i) => i.path)).toEqual([
      '/admin/dashboard',
      '/admin/keys',
      '/admin/credits',
      '/admin/usage',
    ]);
    expect(sections[2]!.items.map((i) => i.path)).toEqual(['/platform/orgs']);
  });

  it('adds the admin entries an ability allows', () => {
    const sections = navigation(me('manager', { 'member.read': 'department' }));
    expect(sections[1]).toMatchObject({ id: 'admin', items: [{ path: '/admin/people' }] });
  });

  it("shows the org's credits only to those who read the whole org's usage", () => {
    const paths = (m: Me) => navigation(m).flatMap((s) => s.items.map((i) => i.path));
    expect(paths(me('manager', { 'usage.read': 'department' }))).not.toContain('/admin/credits');
    expect(paths(me('admin', { 'usage.read': 'org' }))).toContain('/admin/credits');
  });

  it('sends a person who must enrol in MFA to the setup first', () => {
    expect(mfaEnrolmentPending(me('admin', {}, { enabled: false, required: true }))).toBe(true);
    expect(mfaEnrolmentPending(me('admin', {}, { enabled: true, required: true }))).toBe(false);
  });
});

describe('format', () => {
  it('shows micro-units as money, small amounts with more decimals', () => {
    expect(formatMoney(1_500_000, 'USD', 'en')).toBe('US$1.50');
    expect(formatMoney(1_234, 'EUR', 'de')).toBe('0,0012\u00a0€');
    expect(formatMetric('tokens', 1234567, 'USD', 'de')).toBe('1.234.567');
  });

  it('shows times in the org time zone with its name', () => {
    expect(formatDateTime('2026-12-01T00:00:00.000Z', 'Europe/Berlin', 'en')).toBe('1 Dec 2026, 01:00 CET');
  });

  it('caps the share used', () => {
    expect(percentUsed(5, 10)).toBe(50);
    expect(percentUsed(15, 10)).toBe(100);
    expect(percentUsed(0, 0)).toBe(100);
  });
});

describe('branding', () => {
  it('picks readable text on the primary colour and ignores bad colours', () => {
    expect(readableOn('#ffdd00')).toBe('#000000');
    expect(readableOn('#1a237e')).toBe('#ffffff');
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21);
    expect(brandingVariables({ primaryColor: '#1a237e', accentColor: 'red' })).toEqual({
      '--brand': '#1a237e',
      '--brand-contrast': '#ffffff',
    });
  });

  it('allows only https logos', () => {
    expect(safeLogoUrl('javascript:alert(1)')).toBeNull();
    expect(safeLogoUrl('http://example.com/logo.svg')).toBeNull();
    expect(safeLogoUrl('https://example.com/logo.svg')).toBe('https://example.com/logo.svg');
  });
});

describe('theme', () => {
  it('follows the system unless told otherwise', () => {
    expect(resolveTheme(asThemePreference(null), true)).toBe('dark');
    expect(resolveTheme(asThemePreference('light'), true)).toBe('light');
  });
});

describe('safeNext', () => {
  it('keeps same-app paths only', () => {
    expect(safeNext('/admin/people?q=a')).toBe('/admin/people?q=a');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
