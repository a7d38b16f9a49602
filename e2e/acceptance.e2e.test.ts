// The web workspace's acceptance story in one run, through the browser only (the mock provider and
// its model are the one thing seeded through the API): an admin creates a department and invites a
// person, who accepts from the captured mail, chats (streamed, stopped, regenerated, exported),
// sees the privacy shield at work and hits a budget the admin set; the admin sees it all on the
// dashboard and in the usage log; and the person cannot reach the console.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, useE2eWorld } from './browser.ts';
import { apiAs, seedMockModels, tokenFor, type E2eWorld } from './e2e-gatehouse.ts';

const e2e = useE2eWorld();
const { newContext, settled, expectAccessible, signedIn } = e2e;
let world: E2eWorld;

const NEWCOMER = 'tomas@example.com';
const NEWCOMER_PASSWORD = 'a long and unusual passphrase 88';

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  world = e2e.world;
  // `mock-slow` streams for ~18 s, long enough to stop it.
  await seedMockModels(world.url, await tokenFor(world.url, world.admin.email), [
    ['mock-1', 'mock-1'],
    ['mock-slow', 'mock-1@c300t0i60'],
  ]);
});

const lastAnswer = (page: Page) => page.getByTestId('message-assistant').last();

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

async function answerEnded(page: Page, status: 'complete' | 'stopped' | 'error'): Promise<void> {
  await expect.poll(() => lastAnswer(page).getAttribute('data-status'), { timeout: 20_000 }).toBe(status);
}

describe.skipIf(!HAVE_CHROMIUM)('acceptance: the workspace and console end to end', () => {
  it('runs the story from department and invitation to budget stop, dashboard and usage log', async () => {
    const { context: adminContext, page: admin } = await signedIn(world.admin.email);

    // The admin creates a department and invites a person into it.
    await admin.getByRole('link', { name: 'Departments' }).click();
    await settled(admin, 'Departments');
    await admin.getByLabel('Department name').fill('Tax');
    await admin.getByRole('button', { name: 'Create department' }).click();
    await admin.locator('[data-testid=department][data-name="Tax"]').waitFor();

    await admin.getByRole('link', { name: 'People' }).click();
    await settled(admin, 'People');
    await admin.getByRole('button', { name: 'Invite' }).click();
    const invite = admin.getByRole('dialog');
    await invite.getByLabel('E-mail address').fill(NEWCOMER);
    await invite.getByLabel('Role to give').selectOption('member');
    const tax = await invite.locator('option', { hasText: 'Tax' }).getAttribute('value');
    await invite.getByLabel('Department to join').selectOption(tax!);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await admin.locator(`[data-testid=invitation][data-email="${NEWCOMER}"]`).waitFor();

    // The person accepts from the e-mail and lands in the chat.
    const mail = await world.smtp.waitFor(NEWCOMER, 15_000);
    const link = mail.text.match(/https?:\/\/\S+\/invite#token=[\w-]+/)?.[0];
    expect(link, mail.text).toBeTruthy();
    const personContext = await newContext();
    const person = await personContext.newPage();
    await person.goto(link!);
    await settled(person, 'Accept invitation');
    await person.getByLabel('Your name').fill('Tomas Tax');
    await person.getByLabel('Password', { exact: true }).fill(NEWCOMER_PASSWORD);
    await person.getByLabel('Repeat password').fill(NEWCOMER_PASSWORD);
    await person.getByRole('button', { name: 'Accept and sign in' }).click();
    await settled(person, 'Chat');

    // A streamed answer from the mock provider.
    await person.getByLabel('Model', { exact: true }).selectOption('mock-1');
    await send(person, 'Summarise the new VAT rules');
    await person.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await answerEnded(person, 'complete');
    await expect.poll(() => lastAnswer(person).textContent()).toContain('Summarise the new VAT rules');

    // Stop a long answer half-way; the part produced stays, marked stopped.
    await person.getByLabel('Model', { exact: true }).selectOption('mock-slow');
    await send(person, 'Explain every paragraph of the tax code');
    await expect.poll(() => lastAnswer(person).getAttribute('data-status')).toBe('streaming');
    await expect.poll(async () => ((await lastAnswer(person).textContent()) ?? '').length).toBeGreaterThan(20);
    await person.getByRole('button', { name: 'Stop' }).click();
    await answerEnded(person, 'stopped');

    // Regenerate it with the fast model.
    await person.getByLabel('Model', { exact: true }).selectOption('mock-1');
    await lastAnswer(person).getByRole('button', { name: 'Regenerate' }).click();
    await answerEnded(person, 'complete');

    // Export the conversation.
    const [download] = await Promise.all([
      person.waitForEvent('download'),
      person.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toContain('Summarise the new VAT rules');
    expect(markdown).toContain('Explain every paragraph of the tax code');

    // A prompt with personal data: the shield pseudonymizes it and the chat says so.
    await send(person, 'Draft a reply to anna.schmidt@kanzlei-beispiel.de about her return');
    await answerEnded(person, 'complete');
    await expect
      .poll(() => lastAnswer(person).getByTestId('privacy-note').textContent())
      .toContain('pseudonymized before leaving (e-mail)');

    // The admin sets a small budget on the person: the requests they made so far.
    await admin.getByRole('link', { name: 'Budgets' }).click();
    await settled(admin, 'Budgets and rate limits');
    await admin.getByRole('button', { name: 'New budget' }).click();
    const budget = admin.getByRole('dialog');
    await budget.getByLabel('Applies to').selectOption('user');
    await budget.getByRole('combobox', { name: 'Person' }).fill('Tomas');
    await budget.getByRole('option', { name: /Tomas Tax/ }).click();
    await budget.getByLabel('Counts').selectOption('requests');
    await budget.getByLabel('Period').selectOption('day');
    await budget.getByLabel('Limit', { exact: true }).fill('4');
    await budget.getByLabel('Name (optional)').fill('Tomas daily');
    await budget.getByRole('button', { name: 'Save' }).click();
    await budget.waitFor({ state: 'detached' });
    await admin.getByTestId('budget-row').filter({ hasText: 'Tomas daily' }).waitFor();

    // The person's next message is refused with a message naming the limit and its reset.
    await send(person, 'One more question');
    await answerEnded(person, 'error');
    const stop = lastAnswer(person).getByRole('alert');
    await expect.poll(() => stop.textContent()).toContain('Budget limit reached');
    expect(await stop.textContent()).toMatch(/daily requests budget 4 requests.*resets/);
    await expectAccessible(person, 'chat with a budget stop');

    // The admin sees the usage on the dashboard and in the usage log.
    await admin.getByRole('link', { name: 'Dashboard' }).click();
    await settled(admin, 'Dashboard');
    await expect.poll(() => admin.getByTestId('insights-top-people').textContent()).toContain('Tomas Tax');
    expect(Number(await admin.getByTestId('insights-total-requests').textContent())).toBeGreaterThanOrEqual(5);
    // From the dashboard to the person's requests in the usage log.
    await admin.getByTestId('insights-top-people').getByRole('link', { name: 'Tomas Tax' }).click();
    await settled(admin, 'Usage log');
    // Four answered (one stopped) and the refused one, with its reason.
    await expect.poll(() => admin.getByTestId('usage-count').textContent()).toBe('Requests 1–5');
    expect(await admin.getByTestId('usage-table').textContent()).toMatch(/budget/i);

    // The person cannot reach the console: no admin entries, "not found" pages, 403 from the API.
    expect(await person.getByTestId('nav-admin').count()).toBe(0);
    for (const path of ['/admin/dashboard', '/admin/usage', '/admin/people', '/admin/budgets']) {
      await person.goto(path);
      await settled(person, 'Page not found');
    }
    const token = await tokenFor(world.url, NEWCOMER, NEWCOMER_PASSWORD);
    expect((await apiAs(world.url, token, 'GET', '/people')).status).toBe(403);
    expect((await apiAs(world.url, token, 'GET', '/audit')).status).toBe(403);
    expect(
      (
        await apiAs(world.url, token, 'POST', '/budgets', {
          scopeType: 'org',
          metric: 'requests',
          period: 'day',
          limit: 1,
        })
      ).status,
    ).toBe(403);

    await personContext.close();
    await adminContext.close();
  });
});
