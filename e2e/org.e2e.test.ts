import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, screenshot, useE2eWorld, VIEWPORTS } from './browser.ts';
import { apiAs, tokenFor, type E2eWorld } from './e2e-gatehouse.ts';

const e2e = useE2eWorld();
const { newContext, signIn, settled, expectAccessible, signedIn } = e2e;
let world: E2eWorld;
beforeAll(() => {
  world = e2e.world;
});

/** Sets the theme the way the app remembers it, and reloads so it applies. */
async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => localStorage.setItem('gh.theme', t), theme);
  await page.reload();
}

/** Runs axe on the page in the light and the dark theme (ending in light). */
async function accessibleInBothThemes(page: Page, heading: string, name: string, ready: () => Promise<unknown>) {
  for (const theme of ['dark', 'light'] as const) {
    await useTheme(page, theme);
    await settled(page, heading);
    await ready();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    await expectAccessible(page, `${name} ${theme}`);
  }
}

/** A person as GET /api/people shows them, looked up by e-mail. */
async function personByEmail(email: string) {
  const token = await tokenFor(world.url, world.admin.email);
  const res = await apiAs(world.url, token, 'GET', `/people?q=${encodeURIComponent(email)}`);
  const body = (await res.json()) as {
    items: Array<{ email: string; role: string; status: string; departmentName: string | null }>;
  };
  return body.items.find((p) => p.email === email);
}

describe.skipIf(!HAVE_CHROMIUM)('departments, people actions, keys, settings and per-person language', () => {
  it('builds a department, invites someone into it, and manages people one by one and in bulk', async () => {
    const { context, page } = await signedIn(world.admin.email);

    // Departments: create "Litigation" under Legal, rename it; the server's refusals show.
    await page.getByRole('link', { name: 'Departments' }).click();
    await settled(page, 'Departments');
    await page.getByTestId('department-tree').waitFor();
    await page.getByLabel('Department name').fill('Litigation');
    await page.getByLabel('Parent department').selectOption({ label: 'Legal' });
    await page.getByRole('button', { name: 'Create department' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Department “Litigation” created.');
    await page.locator('[data-testid=department][data-name="Litigation"]').waitFor();
    expect(await page.getByTestId('department').count()).toBe(2);

    await page.getByRole('button', { name: 'Collapse Legal' }).click();
    expect(await page.locator('[data-name="Litigation"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Expand Legal' }).click();
    await page.locator('[data-name="Litigation"]').waitFor();

    await page.getByRole('button', { name: 'Rename Litigation' }).click();
    const rename = page.getByRole('dialog');
    await rename.getByLabel('Department name').fill('Litigation Team');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await page.locator('[data-testid=department][data-name="Litigation Team"]').waitFor();

    await page.getByRole('button', { name: 'Move Legal' }).click();
    const move = page.getByRole('dialog');
    const below = await move.locator('option', { hasText: 'Litigation Team' }).getAttribute('value');
    await move.getByLabel('Parent department').selectOption(below!);
    await move.getByRole('button', { name: 'Move here' }).click();
    await expect.poll(() => move.textContent()).toContain('cannot move below itself');
    await move.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Delete Legal' }).click();
    const remove = page.getByRole('dialog');
    await remove.getByRole('button', { name: 'Delete department' }).click();
    await expect.poll(() => remove.getByRole('alert').textContent()).toContain('The department is not empty');
    await remove.getByRole('button', { name: 'Cancel' }).click();
    await accessibleInBothThemes(page, 'Departments', 'departments', () =>
      page.getByTestId('department-tree').waitFor(),
    );
    await screenshot(page, 'departments-desktop-light');

    // People: invite Lena into the new department through the dialog.
    await page.getByRole('link', { name: 'People' }).click();
    await settled(page, 'People');
    await page.getByRole('button', { name: 'Invite' }).click();
    const invite = page.getByRole('dialog');
    await invite.getByLabel('E-mail address').fill('lena@example.com');
    await invite.getByLabel('Role to give').selectOption('member');
    const litigation = await invite.locator('option', { hasText: 'Litigation Team' }).getAttribute('value');
    await invite.getByLabel('Department to join').selectOption(litigation!);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.locator('[data-testid=invitation][data-email="lena@example.com"]').waitFor();
    expect(await page.locator('[data-testid=invitation][data-email="lena@example.com"]').textContent()).toContain(
      'Litigation Team',
    );

    const mail = await world.smtp.waitFor('lena@example.com', 15_000);
    const link = mail.text.match(/https?:\/\/\S+\/invite#token=[\w-]+/)?.[0];
    expect(link, mail.text).toBeTruthy();
    const lenaContext = await newContext();
    const lena = await lenaContext.newPage();
    await lena.goto(link!);
    await settled(lena, 'Accept invitation');
    await lena.getByLabel('Your name').fill('Lena Litigator');
    await lena.getByLabel('Password', { exact: true }).fill('a long and unusual passphrase 77');
    await lena.getByLabel('Repeat password').fill('a long and unusual passphrase 77');
    await lena.getByRole('button', { name: 'Accept and sign in' }).click();
    await settled(lena, 'Chat');
    await lenaContext.close();
    expect(await personByEmail('lena@example.com')).toMatchObject({
      role: 'member',
      status: 'active',
      departmentName: 'Litigation Team',
    });

    // Change Lena's role from her row's dialog.
    await page.reload();
    await settled(page, 'People');
    await page.getByLabel('Search name or e-mail').fill('lena');
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('1–1 of 1');
    await page.getByRole('button', { name: 'Manage Lena Litigator' }).click();
    const manage = page.getByRole('dialog');
    await manage.getByLabel('Role in the organization').selectOption('viewer');
    await manage.getByRole('button', { name: 'Save role and department' }).click();
    await expect.poll(() => manage.getByRole('status').textContent()).toContain('Changes to Lena Litigator saved.');
    await manage.getByRole('button', { name: 'Close' }).click();
    expect(await personByEmail('lena@example.com')).toMatchObject({ role: 'viewer' });

    // Bulk: disable two colleagues in one go.
    await page.getByLabel('Search name or e-mail').fill('colleague0');
    await expect.poll(() => page.getByTestId('people-count').textContent()).toBe('1–9 of 9');
    await page.getByLabel('Select Colleague 1', { exact: true }).check();
    await page.getByLabel('Select Colleague 2', { exact: true }).check();
    await expect.poll(() => page.locator('.bulk-count').textContent()).toBe('2 selected');
    await expectAccessible(page, 'people with a selection');
    await page.getByLabel('Change', { exact: true }).selectOption('disable');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await expect.poll(() => page.locator('.org-notice').textContent()).toBe('2 people changed.');
    expect((await personByEmail('colleague01@example.com'))?.status).toBe('disabled');
    expect((await personByEmail('colleague02@example.com'))?.status).toBe('disabled');
    expect((await personByEmail('colleague03@example.com'))?.status).toBe('active');

    // CSV export of the current filters.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe(
      'userId,email,name,role,departmentId,departmentName,status,mfaEnabled,lastLoginAt,joinedAt',
    );
    expect(csv).toContain('colleague01@example.com');
    expect(csv).toContain('disabled');
    expect(csv).not.toContain('ada@example.com');
    await accessibleInBothThemes(page, 'People', 'people', () => page.getByTestId('people-count').waitFor());
    await context.close();
  });

  it('creates a key whose secret is shown once and works, rotates one and revokes one (then 401)', async () => {
    const context = await newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await signIn(page, world.admin.email);
    await settled(page, 'Chat');
    await page.getByRole('link', { name: 'API keys' }).click();
    await settled(page, 'API keys');

    const create = async (name: string) => {
      await page.getByRole('button', { name: 'Create key' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      await dialog.getByLabel('Expiry').selectOption('30');
      await dialog.getByRole('button', { name: 'Create key' }).click();
      const shown = page.getByRole('dialog', { name: `The secret of “${name}”` });
      await shown.getByText('Copy this secret now: it is shown only once.').waitFor();
      const secret = (await shown.getByTestId('key-secret').textContent())!;
      await shown.getByRole('button', { name: 'Copy secret' }).click();
      await shown.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await shown.getByRole('button', { name: 'I have stored it' }).click();
      await page.locator(`[data-testid=key-row][data-name="${name}"]`).waitFor();
      return secret;
    };
    const models = (secret: string) =>
      fetch(`${world.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);

    const secret = await create('CI bot');
    expect(secret.length).toBeGreaterThan(20);
    expect(await page.content()).not.toContain(secret);
    expect(await models(secret)).toBe(200);
    const row = page.locator('[data-testid=key-row][data-name="CI bot"]');
    expect(await row.textContent()).toContain('You');
    expect(await row.textContent()).toContain('Active');

    // Rotate: a new secret, shown once; the old one stops at once.
    const rotating = await create('Rotating bot');
    await page.getByRole('button', { name: 'Rotate Rotating bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate key' }).click();
    const rotated = page.getByRole('dialog', { name: 'The secret of “Rotating bot”' });
    const fresh = (await rotated.getByTestId('key-secret').textContent())!;
    await rotated.getByRole('button', { name: 'I have stored it' }).click();
    expect(fresh).not.toBe(rotating);
    await expect.poll(() => models(rotating)).toBe(401);
    expect(await models(fresh)).toBe(200);

    await accessibleInBothThemes(page, 'API keys', 'keys', () => page.getByTestId('key-row').first().waitFor());

    // Revoke "CI bot": it leaves the active list and the gateway refuses it.
    await page.getByRole('button', { name: 'Revoke CI bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => page.locator('[data-testid=key-row][data-name="CI bot"]').count()).toBe(0);
    await expect.poll(() => models(secret)).toBe(401);
    await page.getByLabel('Status').selectOption('revoked');
    await page.locator('[data-testid=key-row][data-name="CI bot"]').waitFor();
    expect(await page.locator('[data-testid=key-row][data-name="CI bot"]').textContent()).toContain('Revoked');
    await context.close();
  });

  it('changes the branding colour, warns about poor contrast, and applies it without a reload', async () => {
    const { context, page } = await signedIn(world.admin.email);
    await page.getByRole('link', { name: 'Settings' }).click();
    await settled(page, 'Organization settings');
    await accessibleInBothThemes(page, 'Organization settings', 'settings', () =>
      page.getByTestId('branding-preview').waitFor(),
    );
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    expect(await page.getByLabel('Time zone').locator('option').count()).toBeGreaterThan(100);
    expect(await page.getByLabel('Currency', { exact: true }).inputValue()).toBe('EUR');

    // A pale accent gets a warning; the preview follows what is typed.
    await page.getByLabel('Accent colour as hex code').fill('#ffee58');
    await page.getByTestId('contrast-warning').waitFor();
    await page.getByLabel('Accent colour as hex code').fill('#b45309');
    await expect.poll(() => page.getByTestId('contrast-warning').count()).toBe(0);

    await page.getByLabel('Primary colour as hex code').fill('#7a1f5c');
    const previewTop = page.locator('.brand-preview-top');
    await expect.poll(() => previewTop.evaluate((e) => getComputedStyle(e).borderTopColor)).toBe('rgb(122, 31, 92)');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Settings saved.' }).count()).toBe(1);
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()))
      .toBe('#7a1f5c');

    // A bad logo address: the server's reason shows beside the field and the typing stays.
    await page.getByLabel('Logo URL').fill('not a url');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('settings.branding.logoUrl');
    expect(await page.getByLabel('Logo URL').inputValue()).toBe('not a url');
    await context.close();
  });

  it("remembers a member's language on the server: German on a fresh browser after signing in", async () => {
    const { context, page } = await signedIn(world.member.email);
    // A member's keys page shows their own keys only.
    await page.getByRole('link', { name: 'API keys' }).click();
    await settled(page, 'API keys');
    await page.getByText('Your keys let your programs call the gateway on your behalf.').waitFor();
    await page.getByTestId('language').first().selectOption('de');
    await settled(page, 'API-Schlüssel');
    await expect
      .poll(
        async () =>
          (await (await apiAs(world.url, await tokenFor(world.url, world.member.email), 'GET', '/me')).json()).language,
      )
      .toBe('de');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await context.close();

    const { context: fresh, page: again } = await signedIn(world.member.email);
    await expect.poll(() => again.evaluate(() => document.documentElement.lang)).toBe('de');
    await again.getByRole('link', { name: 'Mein Verbrauch' }).click();
    await settled(again, 'Mein Verbrauch');
    await fresh.close();
  });

  it('fits a phone: no page is wider than the screen', async () => {
    const { context, page } = await signedIn(world.admin.email, VIEWPORTS.phone);
    const pages = [
      {
        path: '/admin/departments',
        heading: 'Departments',
        ready: () => page.getByTestId('department-tree').waitFor(),
      },
      { path: '/admin/keys', heading: 'API keys', ready: () => page.getByTestId('key-row').first().waitFor() },
      {
        path: '/admin/settings',
        heading: 'Organization settings',
        ready: () => page.getByTestId('branding-preview').waitFor(),
      },
      { path: '/admin/people', heading: 'People', ready: () => page.getByTestId('people-count').waitFor() },
    ];
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => localStorage.setItem('gh.theme', t), theme);
      for (const p of pages) {
        await page.goto(p.path);
        await settled(page, p.heading);
        await p.ready();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p.path} width`).toBeLessThanOrEqual(
          VIEWPORTS.phone.width,
        );
        await expectAccessible(page, `${p.path} phone ${theme}`);
        await screenshot(page, `${p.path.split('/').pop()}-phone-${theme}`);
      }
    }
    // Dialogs fit too.
    await page.goto('/admin/keys');
    await settled(page, 'API keys');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await expectAccessible(page, 'create key dialog phone');
    await context.close();
  });
});
