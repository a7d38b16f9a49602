import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberCreator } from '../server/src/identity/user-creator.ts';
import { HAVE_CHROMIUM, screenshot, useE2eWorld, VIEWPORTS } from './browser.ts';
import { apiAs, PASSWORD, tokenFor, type E2eWorld } from './e2e-gatehouse.ts';

const e2e = useE2eWorld();
const { settled, expectAccessible, signedIn } = e2e;
let world: E2eWorld;
beforeAll(() => {
  world = e2e.world;
});

/** A dialog of the page by its title. */
const dialog = (page: Page, title: string | RegExp) => page.getByRole('dialog', { name: title });

/** The aliases a person's token (or key) may use: the chat picker or the gateway's /v1/models. */
async function visibleModels(url: string, token: string, path: '/api/chat/models' | '/v1/models'): Promise<string[]> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { items?: Array<{ id: string }>; data?: Array<{ id: string }> };
  return (body.items ?? body.data ?? []).map((m) => m.id);
}

describe.skipIf(!HAVE_CHROMIUM)('providers, models and privacy', () => {
  it('connects providers and tests them: a clear failure for an unreachable server, the SSRF refusal, the mock OK', async () => {
    const { context, page } = await signedIn(world.admin.email);
    await page.goto('/admin/providers');
    await settled(page, 'Providers');
    await page.getByText('No provider is connected yet.').waitFor();

    // An address the SSRF guard refuses: the reason shows at the Base URL field, nothing is lost.
    await page.getByRole('button', { name: 'Add provider' }).click();
    const add = dialog(page, 'Add a provider');
    await add.getByLabel('Kind').selectOption('openai-compatible');
    await add.getByLabel('Name').fill('Local LLM');
    await add.getByLabel('Base URL').fill('http://169.254.169.254/v1');
    await add.getByLabel('API key').fill('sk-local-test-key-1234');
    await add.getByRole('button', { name: 'Add provider' }).click();
    const baseUrl = add.getByLabel('Base URL');
    await expect.poll(() => baseUrl.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => add.textContent()).toContain('link-local');
    expect(await add.getByLabel('Name').inputValue()).toBe('Local LLM');
    await expectAccessible(page, 'provider form with an error');

    // An unreachable local server is accepted (private addresses are allowed) and fails its test clearly.
    await baseUrl.fill('http://127.0.0.1:9/v1');
    await add.getByRole('button', { name: 'Add provider' }).click();
    await page.getByText('Provider "Local LLM" added.').waitFor();
    const row = page.getByTestId('providers').locator('li', { hasText: 'Local LLM' });
    await expect.poll(() => row.textContent()).toContain('Stored');
    expect(await page.content()).not.toContain('sk-local-test-key-1234');
    await page.getByRole('button', { name: 'Test connection of Local LLM' }).click();
    const test = dialog(page, 'Test Local LLM');
    await test.getByLabel('Model to ask').fill('llama3');
    await test.getByRole('button', { name: 'Run test' }).click();
    await test.getByTestId('test-failed').waitFor();
    await expect.poll(() => test.textContent()).toMatch(/upstream_unreachable|could not be reached/);
    await expectAccessible(page, 'connection test failed');
    await test.getByRole('button', { name: 'Close', exact: true }).first().click();

    // The mock provider answers.
    await page.getByRole('button', { name: 'Add provider' }).click();
    await add.getByLabel('Kind').selectOption('mock');
    await add.getByLabel('Name').fill('Mock');
    await add.getByRole('button', { name: 'Add provider' }).click();
    await page.getByText('Provider "Mock" added.').waitFor();
    await page.getByRole('button', { name: 'Test connection of Mock' }).click();
    const mockTest = dialog(page, 'Test Mock');
    await mockTest.getByLabel('Model to ask').fill('gpt-4o-mini');
    await mockTest.getByRole('button', { name: 'Run test' }).click();
    await mockTest.getByTestId('test-ok').waitFor();
    await expect.poll(() => mockTest.textContent()).toMatch(/after \d+ ms/);
    await mockTest.getByRole('button', { name: 'Close', exact: true }).first().click();

    // Editing keeps the stored key; rotating replaces it.
    await page.getByRole('button', { name: 'Edit Local LLM' }).click();
    const edit = dialog(page, 'Edit Local LLM');
    await edit.getByLabel('Extra headers').fill('X-Route: eu-central');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Provider "Local LLM" saved.').waitFor();
    await page.getByRole('button', { name: 'Rotate key of Local LLM' }).click();
    const rotate = dialog(page, 'New API key for Local LLM');
    await rotate.getByLabel('New API key').fill('sk-local-rotated-5678');
    await rotate.getByRole('button', { name: 'Replace key' }).click();
    await page.getByText('The key of "Local LLM" was replaced.').waitFor();
    await context.close();
  });

  it('adds a model on the mock with the catalog price, edits it, and its access follows the matrix', async () => {
    const token = await tokenFor(world.url, world.admin.email);
    // A second department with a member: the matrix denies the model there.
    const deptRes = await apiAs(world.url, token, 'POST', '/departments', { name: 'Sales' });
    expect(deptRes.status).toBe(201);
    const sales = (await deptRes.json()) as { id: string };
    const me = (await (await apiAs(world.url, token, 'GET', '/me')).json()) as { orgId: string };
    const seller = await memberCreator(world.gh.db, me.orgId, {
      email: 'sam@example.com',
      name: 'Sam Sales',
      role: 'member',
      password: PASSWORD,
      departmentId: sales.id,
    });
    const keyRes = await apiAs(world.url, token, 'POST', '/keys', { name: 'Sam’s key', ownerUserId: seller.userId });
    expect(keyRes.status).toBe(201);
    const samKey = ((await keyRes.json()) as { secret: string }).secret;

    const { context, page } = await signedIn(world.admin.email);
    await page.goto('/admin/models');
    await settled(page, 'Models');
    await page.getByText('No models match.').waitFor();
    await page.getByRole('button', { name: 'Add model' }).click();
    const add = dialog(page, 'Add a model');
    await add.getByLabel('Alias').fill('kanzlei-mini');
    await add.getByLabel('Provider').selectOption({ label: 'Mock (Mock (for tests))' });
    await add.getByLabel('Upstream model').fill('gpt-4o-mini');
    await add.getByRole('button', { name: 'Use catalog price' }).click();
    expect(await add.getByLabel('Input (EUR)', { exact: true }).inputValue()).toBe('0.15');
    expect(await add.getByLabel('Output (EUR)').inputValue()).toBe('0.60');
    await expect.poll(() => add.textContent()).toContain('your organization counts in EUR');
    await add.getByLabel('Context window (tokens)').fill('128000');
    await expectAccessible(page, 'model form');
    await add.getByRole('button', { name: 'Add model' }).click();
    await page.getByText('Model "kanzlei-mini" added.').waitFor();
    const row = page.getByTestId('models').getByRole('row', { name: /kanzlei-mini/ });
    await expect.poll(() => row.textContent()).toContain('€0.15');

    await page.getByRole('button', { name: 'Edit kanzlei-mini' }).click();
    const edit = dialog(page, 'Edit kanzlei-mini');
    await edit.getByLabel('Output (EUR)').fill('0,75');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Model "kanzlei-mini" saved.').waitFor();
    await expect.poll(() => row.textContent()).toContain('€0.75');

    // The provider in use cannot be deleted: the server's refusal shows as it says.
    await page.goto('/admin/providers');
    await settled(page, 'Providers');
    await page.getByRole('button', { name: 'Delete Mock' }).click();
    const del = dialog(page, 'Delete Mock?');
    await del.getByRole('button', { name: 'Delete provider' }).click();
    await expect.poll(() => del.getByRole('alert').textContent()).toContain('is used by 1 model(s) ("kanzlei-mini")');
    await del.getByRole('button', { name: 'Cancel' }).click();

    // Both members see the model until the matrix denies it for Sales.
    const samToken = await tokenFor(world.url, 'sam@example.com');
    const maxToken = await tokenFor(world.url, world.member.email);
    await expect.poll(() => visibleModels(world.url, samToken, '/api/chat/models')).toContain('kanzlei-mini');
    await page.goto('/admin/models');
    await settled(page, 'Models');
    const cell = page.getByRole('checkbox', { name: 'kanzlei-mini for Sales' });
    expect(await cell.evaluate((e) => (e as HTMLInputElement).indeterminate)).toBe(true);
    await cell.click();
    await cell.click();
    expect(await cell.isChecked()).toBe(false);
    expect(await cell.evaluate((e) => (e as HTMLInputElement).indeterminate)).toBe(false);
    await expect
      .poll(() => page.getByTestId('access-changes').textContent())
      .toContain('kanzlei-mini · Sales: No rule → Denied');
    await expectAccessible(page, 'access matrix with changes');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Access saved.').waitFor();
    await expect.poll(() => visibleModels(world.url, samToken, '/api/chat/models')).not.toContain('kanzlei-mini');
    await expect.poll(() => visibleModels(world.url, samKey, '/v1/models')).not.toContain('kanzlei-mini');
    await expect.poll(() => visibleModels(world.url, maxToken, '/api/chat/models')).toContain('kanzlei-mini');
    await context.close();
  });

  it('exports the models as JSON, shows an invalid entry of an import in place, and applies the fixed one', async () => {
    const { context, page } = await signedIn(world.admin.email);
    await page.goto('/admin/models');
    await settled(page, 'Models');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('gatehouse-models.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      version: number;
      models: Array<Record<string, unknown>>;
      providers: Array<{ name: string }>;
    };
    expect(exported.models.map((m) => m.alias)).toEqual(['kanzlei-mini']);
    expect(JSON.stringify(exported)).not.toContain('sk-local');

    const doc = {
      ...exported,
      models: [...exported.models, { ...exported.models[0], alias: 'kanzlei-import', priceInput: -5 }],
    };
    const area = page.getByLabel('Document');
    await area.fill(JSON.stringify(doc, null, 2));
    await page.getByRole('button', { name: 'Check' }).click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    await expect.poll(() => problems.textContent()).toContain('models[1].priceInput');
    await expect.poll(() => problems.textContent()).toContain('"alias": "kanzlei-import"');
    expect(await page.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'import with a problem');

    doc.models[1]!.priceInput = 200_000;
    await area.fill(JSON.stringify(doc, null, 2));
    await page.getByRole('button', { name: 'Check' }).click();
    const plan = page.getByTestId('import-plan');
    await expect.poll(() => plan.textContent()).toContain('New: kanzlei-import');
    await page.getByRole('button', { name: 'Apply import' }).click();
    await page.getByText('Import applied.').waitFor();
    await page
      .getByTestId('models')
      .getByRole('row', { name: /kanzlei-import/ })
      .waitFor();
    await context.close();
  });

  it('sets e-mail to block and shows it highlighted in "Try it"; a bad custom pattern is named at its field', async () => {
    const { context, page } = await signedIn(world.admin.email);
    await page.goto('/admin/privacy');
    await settled(page, 'Privacy');
    await page.getByLabel('E-mail address', { exact: true }).selectOption('block');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Privacy policy saved.').waitFor();

    await page.getByRole('button', { name: 'German example' }).click();
    await page.getByRole('button', { name: 'Check text' }).click();
    const marked = page.getByTestId('privacy-marked');
    const email = marked.locator('mark', { hasText: 'anna.schmidt@kanzlei-mueller.de' });
    await expect.poll(() => email.textContent()).toContain('E-mail address · Block');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('E-mail address');
    await page.getByRole('button', { name: 'English example' }).click();
    await page.getByRole('button', { name: 'Check text' }).click();
    await marked.locator('mark', { hasText: 'john.miller@example.co.uk' }).waitFor();
    await expectAccessible(page, 'privacy try it');

    await page.getByRole('button', { name: 'Add pattern' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Aktenzeichen');
    const regex = page.getByLabel('Regular expression');
    await regex.fill('(?<=Az\\. )\\d+');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => regex.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await regex.getAttribute('aria-describedby')) ?? '';
    const fieldError = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(fieldError).toContain('Invalid regular expression');
    await regex.fill('\\d+ O \\d+/\\d{2}');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Privacy policy saved.').waitFor();
    await page.getByRole('button', { name: 'German example' }).click();
    await page.getByRole('button', { name: 'Check text' }).click();
    await expect.poll(() => marked.locator('mark', { hasText: '12 O 345/24' }).textContent()).toContain('AKTENZEICHEN');
    await context.close();
  });

  it('shows "Page not found" to a member on the three pages', async () => {
    const { context, page } = await signedIn(world.member.email);
    for (const path of ['/admin/providers', '/admin/models', '/admin/privacy']) {
      await page.goto(path);
      await settled(page, 'Page not found');
    }
    await context.close();
  });

  it('passes axe in light and dark and fits a phone', async () => {
    const pages = [
      { name: 'providers', path: '/admin/providers', heading: 'Providers', ready: '[data-testid=providers]' },
      { name: 'models', path: '/admin/models', heading: 'Models', ready: '[data-testid=access-matrix]' },
      { name: 'privacy', path: '/admin/privacy', heading: 'Privacy', ready: '[data-testid=privacy-modes]' },
    ];
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      const { context, page } = await signedIn(world.admin.email, viewport);
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((t) => localStorage.setItem('gh.theme', t), theme);
        for (const p of pages) {
          await page.goto(p.path);
          await settled(page, p.heading);
          await page.locator(p.ready).waitFor();
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          await expectAccessible(page, `${p.name} ${device} ${theme}`);
          if (device === 'phone')
            expect(
              await page.evaluate(() => document.documentElement.scrollWidth),
              `${p.name} ${theme}`,
            ).toBeLessThanOrEqual(390);
          await screenshot(page, `catalog-${p.name}-${device}-${theme}`);
        }
      }
      await context.close();
    }
  });
});
