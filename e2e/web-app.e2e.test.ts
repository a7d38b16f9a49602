import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, screenshot, useE2eWorld, VIEWPORTS } from './browser.ts';
import { apiAs, okJson, seedMockModels, tokenFor, type E2eWorld } from './e2e-gatehouse.ts';

const e2e = useE2eWorld();
const { newContext, signIn, settled, expectAccessible, signedIn } = e2e;
let world: E2eWorld;
beforeAll(() => {
  world = e2e.world;
});

describe.skipIf(!HAVE_CHROMIUM)('web app', () => {
  it('serves the app with cache headers and falls back to index.html for app routes', async () => {
    const html = await fetch(`${world.url}/admin/people`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const asset = (await html.text()).match(/\/assets\/index-[\w-]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const js = await fetch(`${world.url}${asset}`);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const api = await fetch(`${world.url}/api/unknown`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
  });

  it('lets an admin sign in and see the shell, the branding, My usage and the admin entries', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto('/');
    await settled(page, 'Sign in');
    await expectAccessible(page, 'sign-in');
    await signIn(page, world.admin.email);
    await page.waitForURL(/\/chat$/);
    await settled(page, 'Chat');
    await page.getByRole('link', { name: 'My usage' }).click();
    await settled(page, 'My usage');
    await expect.poll(() => page.getByTestId('brand').textContent()).toContain('Acme Legal Workspace');
    const brand = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand'));
    expect(brand.trim()).toBe('#0b6e4f');
    await expect.poll(() => page.getByTestId('nav-admin').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'People' }).isVisible()).toBe(true);
    await expectAccessible(page, 'usage (admin)');

    // People: server-side search, filters and pagination.
    await page.getByRole('link', { name: 'People' }).click();
    await settled(page, 'People');
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('1–25 of 34');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('26–34 of 34');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('1–25 of 34');
    await page.getByLabel('Role').selectOption('viewer');
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('1–4 of 4');
    await page.getByLabel('Role').selectOption('');
    await page.getByLabel('Search name or e-mail').fill('max');
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('1–1 of 1');
    expect(page.url()).toContain('q=max');
    await expectAccessible(page, 'people');

    // Sign out returns to the sign-in page, and the session is gone on reload.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await settled(page, 'Sign in');
    await page.reload();
    await settled(page, 'Sign in');
    await context.close();
  });

  it('shows a member their budgets but no admin entries, and the API refuses them', async () => {
    const { context, page } = await signedIn(world.member.email);
    await page.goto('/usage');
    await settled(page, 'My usage');
    await expect.poll(() => page.getByTestId('budget').count()).toBe(3);
    const monthly = page.getByTestId('budget').filter({ hasText: 'Spend per month' });
    await expect.poll(() => monthly.textContent()).toContain('€25.00');
    await expect.poll(() => monthly.textContent()).toMatch(/Resets .*CET|Resets .*CEST/);
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'People' }).count()).toBe(0);
    await page.goto('/admin/people');
    await settled(page, 'Page not found');
    const token = await tokenFor(world.url, world.member.email);
    expect((await apiAs(world.url, token, 'GET', '/people')).status).toBe(403);
    await context.close();
  });

  it('remembers German and the dark theme across reloads', async () => {
    const { context, page } = await signedIn(world.member.email);
    await page.goto('/usage');
    await settled(page, 'My usage');
    await page.getByTestId('language').first().selectOption('de');
    await settled(page, 'Mein Verbrauch');
    await page.getByTestId('theme').first().selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await settled(page, 'Mein Verbrauch');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dataset.theme])).toEqual([
      'de',
      'dark',
    ]);
    await expectAccessible(page, 'usage (German, dark)');
    await page.getByTestId('theme').first().selectOption('light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await context.close();
  });

  it('sets up two-factor authentication with a QR code and signs in with a recovery code', async () => {
    const { context, page } = await signedIn(world.mfaUser.email);
    await page.getByRole('link', { name: 'Security' }).click();
    await settled(page, 'Two-factor authentication');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByAltText('QR code for your authenticator app').waitFor();
    await expectAccessible(page, 'mfa setup');
    await screenshot(page, 'mfa-setup-desktop-light');
    const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    await page.getByLabel('Code from the app').fill(code);
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
    expect(codes.length).toBeGreaterThanOrEqual(8);
    await expectAccessible(page, 'recovery codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Two-factor authentication is on.');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, world.mfaUser.email);
    await settled(page, 'Two-factor authentication');
    await expectAccessible(page, 'mfa sign-in step');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill('not-a-code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That code is not valid. Try again.');
    await page.getByLabel('Recovery code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await settled(page, 'Chat');
    await context.close();
  });

  it('lets an invited person accept from the e-mailed link and land signed in', async () => {
    const token = await tokenFor(world.url, world.admin.email);
    const invited = await apiAs(world.url, token, 'POST', '/invitations', {
      email: 'ines@example.com',
      role: 'member',
    });
    expect(invited.status).toBe(201);
    const mail = await world.smtp.waitFor('ines@example.com', 15_000);
    const link = mail.text.match(/https?:\/\/\S+\/invite#token=[\w-]+/)?.[0];
    expect(link, mail.text).toBeTruthy();

    const context = await newContext();
    const page = await context.newPage();
    await page.goto(link!);
    await settled(page, 'Accept invitation');
    await page.getByLabel('Your name').fill('Ines Invited');
    await page.getByLabel('Password', { exact: true }).fill('a long and unusual passphrase 42');
    await page.getByLabel('Repeat password').fill('a long and unusual passphrase 4');
    await expect.poll(() => page.getByText('The passwords do not match.').isVisible()).toBe(true);
    await page.getByLabel('Repeat password').fill('a long and unusual passphrase 42');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await settled(page, 'Chat');
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await context.close();
  });

  it('resets a forgotten password from the e-mailed link', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await settled(page, 'Forgot password');
    await page.getByLabel('E-mail').fill(world.resetUser.email);
    await page.getByRole('button', { name: 'Send link' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Check your inbox');
    const mail = await world.smtp.waitFor(world.resetUser.email, 15_000);
    const link = mail.text.match(/https?:\/\/\S+\/reset-password#token=[\w-]+/)?.[0];
    expect(link, mail.text).toBeTruthy();

    await page.goto(link!);
    await settled(page, 'Set a new password');
    const fresh = 'an entirely new passphrase 2026';
    await page.getByLabel('New password', { exact: true }).fill(fresh);
    await page.getByLabel('Repeat new password').fill(fresh);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Your password is changed');

    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await settled(page, 'Sign in');
    await page.getByLabel('E-mail').fill(world.resetUser.email);
    await page.getByLabel('Password', { exact: true }).fill(fresh);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await settled(page, 'Chat');
    await context.close();
  });

  it('checks every main page with axe and screenshots it in light and dark, on desktop and phone', async () => {
    // Something on every page: a provider and model, a key, a conversation (and so a usage event).
    const token = await tokenFor(world.url, world.admin.email);
    await seedMockModels(world.url, token, [['mock-1', 'mock-1']]);
    await okJson(await apiAs(world.url, token, 'POST', '/keys', { name: 'Screenshots' }));
    const conversation = await okJson(
      await apiAs(world.url, token, 'POST', '/chat/conversations', { model: 'mock-1' }),
    );
    const answer = await apiAs(world.url, token, 'POST', `/chat/conversations/${conversation.id}/messages`, {
      content: 'What does Gatehouse do?',
    });
    expect(await answer.text()).toContain('event: done');

    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      const context = await newContext(viewport);
      const page = await context.newPage();
      const pages: Array<{ name: string; path: string; heading: string }> = [
        { name: 'sign-in', path: '/sign-in', heading: 'Sign in' },
        { name: 'forgot-password', path: '/forgot-password', heading: 'Forgot password' },
        { name: 'accept-invitation', path: '/invite#token=example', heading: 'Accept invitation' },
        { name: 'reset-password', path: '/reset-password#token=example', heading: 'Set a new password' },
      ];
      for (const theme of ['light', 'dark'] as const) {
        await page.goto('/sign-in');
        await page.evaluate((t) => localStorage.setItem('gh.theme', t), theme);
        for (const p of pages) {
          await page.goto(p.path);
          await settled(page, p.heading);
          await expectAccessible(page, `${p.name} ${device} ${theme}`);
          await screenshot(page, `${p.name}-${device}-${theme}`);
        }
      }
      await signIn(page, world.admin.email);
      await settled(page, 'Chat');
      // Every main page of the workspace and console: [name, path, h1, what shows its data arrived].
      const signedIn: Array<[string, string, string, string]> = [
        ['chat', '/chat', 'Chat', '[data-testid=conversation-list]'],
        ['usage', '/usage', 'My usage', '[data-testid=budget]'],
        ['security', '/security', 'Two-factor authentication', '[data-testid=mfa-state]'],
        ['dashboard', '/admin/dashboard', 'Dashboard', '[data-testid=insights-total-requests]'],
        ['people', '/admin/people', 'People', '[data-testid=people-count]'],
        ['departments', '/admin/departments', 'Departments', '[data-testid=department-tree]'],
        ['keys', '/admin/keys', 'API keys', '[data-testid=key-row]'],
        ['providers', '/admin/providers', 'Providers', '[data-testid=providers]'],
        ['models', '/admin/models', 'Models', '[data-testid=access-matrix]'],
        ['budgets', '/admin/budgets', 'Budgets and rate limits', '[data-testid=budget-row]'],
        ['credits', '/admin/credits', 'Credits', '[data-testid=credit-balance]'],
        ['privacy', '/admin/privacy', 'Privacy', '[data-testid=privacy-modes]'],
        ['usage-log', '/admin/usage', 'Usage log', '[data-testid=usage-table]'],
        ['audit', '/admin/audit', 'Audit log', '[data-testid=audit-row]'],
        ['settings', '/admin/settings', 'Organization settings', '[data-testid=branding-preview]'],
      ];
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((t) => localStorage.setItem('gh.theme', t), theme);
        for (const [name, path, heading, ready] of signedIn) {
          await page.goto(path);
          await settled(page, heading);
          await page.locator(ready).first().waitFor({ state: 'attached' });
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          // Responsive: nothing wider than the screen (wide tables scroll inside their own region).
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} width`).toBeLessThanOrEqual(
            viewport.width,
          );
          await expectAccessible(page, `${name} ${device} ${theme}`);
          await screenshot(page, `${name}-${device}-${theme}`);
        }
      }
      if (device === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('link', { name: 'People' }).waitFor();
        await screenshot(page, 'navigation-phone-dark');
        await page.getByRole('link', { name: 'People' }).click();
        await settled(page, 'People');
      }
      await context.close();
    }
  }, 360_000);
});
