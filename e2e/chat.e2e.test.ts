import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, screenshot, useE2eWorld, VIEWPORTS } from './browser.ts';
import { apiAs, okJson, seedMockModels, tokenFor, type E2eWorld } from './e2e-gatehouse.ts';

const e2e = useE2eWorld();
const { newContext, signIn, settled, expectAccessible } = e2e;
let world: E2eWorld;
let adminToken: string;

const MOCK = 'This is the Gatehouse mock. You said:';
const EMAIL_PROMPT = 'Please write to anna.schaefer@kanzlei-beispiel.de today';
const MARKDOWN_PROMPT = [
  'Our team:',
  '',
  '| Name | Role |',
  '| --- | --- |',
  '| Ada | Admin |',
  '| Max | Member |',
  '',
  '```ts',
  'const answer: number = 42;',
  '```',
].join('\n');

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  world = e2e.world;
  adminToken = await tokenFor(world.url, world.admin.email);
  // The world has no models: the built-in mock provider answers offline. `mock-slow` streams 300
  // pieces 60 ms apart (about 18 s), long enough to stop it half-way.
  await seedMockModels(world.url, adminToken, [
    ['mock-1', 'mock-1'],
    ['mock-slow', 'mock-1@c300t0i60'],
  ]);
});

/** A signed-in chat page of `email`, on a fresh conversation. */
async function chatAs(email: string, viewport: { width: number; height: number } = VIEWPORTS.desktop) {
  const context = await newContext(viewport);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.url });
  const page = await context.newPage();
  await signIn(page, email);
  await page.waitForURL(/\/chat$/);
  await settled(page, 'Chat');
  await page.getByLabel('Model', { exact: true }).waitFor();
  return { context, page };
}

const answers = (page: Page) => page.getByTestId('message-assistant');
const lastAnswer = (page: Page) => answers(page).last();

/** Types a message and sends it with Enter. */
async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** Waits until the last answer has ended in `status` (complete, stopped, error). */
async function answerEnded(page: Page, status: string): Promise<void> {
  await expect.poll(() => lastAnswer(page).getAttribute('data-status'), { timeout: 15_000 }).toBe(status);
}

/** The conversation id in the URL. */
function conversationIdOf(page: Page): string {
  const id = /\/chat\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no conversation in ${page.url()}`);
  return id;
}

/** GET of the API as `email`. */
async function apiGet(email: string, path: string) {
  const res = await apiAs(world.url, await tokenFor(world.url, email), 'GET', path);
  expect(res.status).toBe(200);
  return res.json() as Promise<{ messages: Array<{ feedback: unknown; role: string; content: string }> }>;
}

async function inTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((value) => localStorage.setItem('gh.theme', value), theme);
  await page.reload();
  await settled(page, 'Chat');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

describe.skipIf(!HAVE_CHROMIUM)('chat', () => {
  it('streams an answer and renders it as Markdown: a table, highlighted code with Copy', async () => {
    const { context, page } = await chatAs(world.member.email);
    await expect.poll(() => page.getByTestId('conversations-empty').textContent()).toBe('No conversations yet.');
    await expectAccessible(page, 'chat (empty)');
    await page.getByLabel('Model', { exact: true }).selectOption('mock-1');
    await send(page, MARKDOWN_PROMPT);
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await answerEnded(page, 'complete');
    await expect.poll(() => page.getByTestId('chat-announcer').textContent()).toBe('The answer is complete.');

    const answer = lastAnswer(page);
    expect(await answer.locator('.chat-markdown p').first().textContent()).toBe(`${MOCK} Our team:`);
    const table = answer.getByRole('region', { name: 'Table' }).locator('table');
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('th').allTextContents()).toEqual(['Name', 'Role']);
    const code = answer.getByRole('region', { name: 'Code (ts)' });
    expect(await code.textContent()).toBe('const answer: number = 42;');
    expect(await code.locator('.hljs-keyword').first().textContent()).toBe('const');
    // The person's own message is shown as written, never interpreted.
    expect(await page.getByTestId('message-user').locator('table').count()).toBe(0);

    await answer.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => answer.getByRole('status').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('const answer: number = 42;');

    // The list shows the conversation under its first line; the quota follows the answer.
    await expect.poll(() => page.getByTestId('conversation-list').textContent()).toContain('Our team:');
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toBe('Our team:');
    await page.getByTestId('quota').locator('summary').click();
    await expect.poll(() => page.getByTestId('quota-budget').count()).toBe(3);
    const monthly = page.getByTestId('quota-budget').filter({ hasText: 'Spend per month' });
    await expect.poll(() => monthly.textContent()).toMatch(/Resets .*(CET|CEST)/);
    expect(await monthly.textContent()).toMatch(/€0\.\d+ used · €2\d\.\d\d left/);

    for (const theme of ['light', 'dark'] as const) {
      await inTheme(page, theme);
      await answerEnded(page, 'complete');
      await expectAccessible(page, `chat with an answer (${theme})`);
      await screenshot(page, `chat-desktop-${theme}`);
    }
    await context.close();
  });

  it('stops a streaming answer, regenerates it with another model, edits and resends a message', async () => {
    const { context, page } = await chatAs(world.member.email);
    await page.getByLabel('Model', { exact: true }).selectOption('mock-slow');
    await send(page, 'Tell me a long story');
    await expect.poll(() => lastAnswer(page).getAttribute('data-status')).toBe('streaming');
    // Token by token: text shows while the answer is still streaming; sending waits.
    await expect.poll(async () => ((await lastAnswer(page).textContent()) ?? '').includes('Gatehouse')).toBe(true);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).click();
    await answerEnded(page, 'stopped');
    await expect.poll(() => page.getByTestId('chat-announcer').textContent()).toBe('The answer was stopped.');
    const partial = (await lastAnswer(page).locator('.chat-markdown').textContent()) ?? '';
    expect(partial.startsWith('This is the')).toBe(true);

    // Stored as stopped with what was produced; the conversation remembers its model.
    const id = conversationIdOf(page);
    await page.reload();
    await settled(page, 'Chat');
    await answerEnded(page, 'stopped');
    expect(await lastAnswer(page).getByText('Stopped', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('mock-slow');
    await page.getByLabel('Model', { exact: true }).selectOption('mock-1');
    await expect
      .poll(async () => ((await apiGet(world.member.email, `/chat/conversations/${id}`)) as { model?: string }).model)
      .toBe('mock-1');

    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).click();
    await answerEnded(page, 'complete');
    expect(await answers(page).count()).toBe(1);
    expect(await lastAnswer(page).locator('.chat-markdown').textContent()).toBe(`${MOCK} Tell me a long story`);
    expect(await lastAnswer(page).locator('.badge').first().textContent()).toBe('mock-1');

    await send(page, 'And a second question');
    await expect.poll(() => answers(page).count()).toBe(2);
    await answerEnded(page, 'complete');
    await page.getByTestId('message-user').first().getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Edit your message').fill('Tell me a short story');
    await page.getByRole('button', { name: 'Save and send' }).click();
    await expect.poll(() => answers(page).count()).toBe(1);
    await answerEnded(page, 'complete');
    expect(await page.getByTestId('message-user').allTextContents()).toEqual([
      expect.stringContaining('Tell me a short story'),
    ]);
    expect(await lastAnswer(page).locator('.chat-markdown').textContent()).toBe(`${MOCK} Tell me a short story`);
    const stored = await apiGet(world.member.email, `/chat/conversations/${id}`);
    expect(stored.messages.map((m) => m.content)).toEqual(['Tell me a short story', `${MOCK} Tell me a short story`]);

    // Thumbs down with a reason, kept by the API; pressing it again takes it back.
    await lastAnswer(page).getByRole('button', { name: 'Bad answer' }).click();
    await page.getByLabel('What was wrong? (optional)').fill('Too short');
    await page.getByRole('button', { name: 'Send reason' }).click();
    await expect.poll(() => page.getByTestId('feedback-state').textContent()).toContain('Reason: Too short');
    expect(await lastAnswer(page).getByRole('button', { name: 'Bad answer' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect((await apiGet(world.member.email, `/chat/conversations/${id}`)).messages[1]!.feedback).toEqual({
      rating: 'down',
      reason: 'Too short',
    });
    await lastAnswer(page).getByRole('button', { name: 'Bad answer' }).click();
    await expect.poll(() => page.getByTestId('feedback-state').count()).toBe(0);
    expect((await apiGet(world.member.email, `/chat/conversations/${id}`)).messages[1]!.feedback).toBeNull();
    await lastAnswer(page).getByRole('button', { name: 'Good answer' }).click();
    await expect.poll(() => page.getByTestId('feedback-state').textContent()).toBe('You rated this answer good.');
    await context.close();
  });

  it('exports a conversation as Markdown and as JSON', async () => {
    const { context, page } = await chatAs(world.member.email);
    await send(page, 'Export this please');
    await answerEnded(page, 'complete');
    const id = conversationIdOf(page);

    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    expect(markdown.suggestedFilename()).toBe('Export-this-please.md');
    const md = readFileSync((await markdown.path())!, 'utf8');
    expect(md).toMatch(/^# Export this please\n/);
    expect(md).toContain('## You\n\nExport this please\n');
    expect(md).toContain(`## Assistant (mock-1)\n\n${MOCK} Export this please\n`);

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(json.suggestedFilename()).toBe('Export-this-please.json');
    const doc = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
      format: string;
      conversation: { id: string };
      messages: Array<{ role: string }>;
    };
    expect(doc.format).toBe('gatehouse.conversation.v1');
    expect(doc.conversation.id).toBe(id);
    expect(doc.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    await context.close();
  });

  it('renames, searches and deletes conversations', async () => {
    const { context, page } = await chatAs(world.member.email);
    await send(page, 'Notes about the Meyer contract');
    await answerEnded(page, 'complete');
    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename conversation' });
    await dialog.getByLabel('Title').fill('Meyer: indemnity clause');
    await expectAccessible(page, 'chat rename dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toBe('Meyer: indemnity clause');
    const list = page.getByTestId('conversation-list');
    await expect.poll(() => list.textContent()).toContain('Meyer: indemnity clause');

    // Search finds titles and message text, on the server.
    const search = page.getByLabel('Search conversations');
    await search.fill('indemnity');
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
    await search.fill('Export this');
    await expect
      .poll(() => list.getByRole('link').allTextContents())
      .toEqual([expect.stringContaining('Export this please')]);
    await search.fill('no such words anywhere');
    await expect
      .poll(() => page.getByTestId('conversations-empty').textContent())
      .toBe('No conversation matches this search.');
    await search.fill('');
    await expect.poll(() => list.getByRole('link').count()).toBeGreaterThan(1);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete conversation?' });
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL(/\/chat$/);
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toBe('New chat');
    await expect.poll(() => list.textContent()).not.toContain('Meyer');
    await context.close();
  });

  it('tells the person what the privacy shield pseudonymized before the prompt left', async () => {
    const { context, page } = await chatAs(world.member.email);
    await send(page, EMAIL_PROMPT);
    await answerEnded(page, 'complete');
    const note = 'item of personal data was pseudonymized before leaving (e-mail).';
    await expect.poll(() => lastAnswer(page).getByTestId('privacy-note').textContent()).toBe(`1 ${note}`);
    // The model saw a placeholder; the person sees the original again.
    expect(await lastAnswer(page).locator('.chat-markdown').textContent()).toBe(`${MOCK} ${EMAIL_PROMPT}`);
    await page.reload();
    await settled(page, 'Chat');
    await expect.poll(() => lastAnswer(page).getByTestId('privacy-note').textContent()).toBe(`1 ${note}`);
    await context.close();
  });

  it('shows a budget stop clearly, in the conversation, with the limit and when it resets', async () => {
    const rita = world.resetUser;
    await okJson(
      await apiAs(world.url, adminToken, 'POST', '/budgets', {
        name: 'Rita tiny',
        scopeType: 'user',
        scopeId: rita.userId,
        metric: 'requests',
        period: 'day',
        limit: 1,
      }),
    );
    const { context, page } = await chatAs(rita.email);
    await send(page, 'First question');
    await answerEnded(page, 'complete');
    await send(page, 'Second question');
    await answerEnded(page, 'error');
    const stop = lastAnswer(page).getByRole('alert');
    await expect.poll(() => stop.textContent()).toContain('Budget limit reached');
    expect(await stop.textContent()).toMatch(/daily requests budget 1 request would be exceeded.*resets/);
    expect(await stop.getByRole('link', { name: 'See your limits' }).getAttribute('href')).toBe('/usage');
    await expect.poll(() => page.getByTestId('chat-announcer').textContent()).toMatch(/^No answer: Personal limit/);
    await expect.poll(() => page.getByTestId('quota').locator('summary').textContent()).toBe('Quota: 100% used');
    for (const theme of ['light', 'dark'] as const) {
      await inTheme(page, theme);
      await answerEnded(page, 'error');
      await expectAccessible(page, `chat with a budget stop (${theme})`);
      await screenshot(page, `chat-budget-stop-${theme}`);
    }
    await context.close();
  });

  it('counts down to the end of a rate limit', async () => {
    const mara = world.mfaUser;
    await okJson(
      await apiAs(world.url, adminToken, 'PUT', '/rate-limits', {
        scopeType: 'user',
        scopeId: mara.userId,
        requestsPerMinute: 1,
      }),
    );
    const { context, page } = await chatAs(mara.email);
    await send(page, 'One');
    await answerEnded(page, 'complete');
    await send(page, 'Two');
    await answerEnded(page, 'error');
    await expect.poll(() => lastAnswer(page).getByRole('alert').textContent()).toContain('Rate limit reached');
    const countdown = page.getByTestId('chat-countdown');
    await expect.poll(() => countdown.textContent()).toMatch(/^You can send again in [01]:\d\d\.$/);
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    await context.close();
  });

  it('explains a privacy block in the conversation, naming what was found', async () => {
    // Org-wide: IBANs block (no other test sends one); restored to the default afterwards.
    const policy = { mode: { default: 'pseudonymize', byType: { IBAN: 'block' } } };
    expect((await apiAs(world.url, adminToken, 'PUT', '/privacy/policy', policy)).status).toBe(200);
    try {
      const { context, page } = await chatAs(world.member.email);
      await send(page, 'Please pay the invoice to DE89 3704 0044 0532 0130 00 today');
      await answerEnded(page, 'error');
      const stop = lastAnswer(page).getByRole('alert');
      await expect.poll(() => stop.textContent()).toContain('Stopped by the privacy policy');
      expect(await stop.textContent()).toMatch(/IBAN/);
      await expectAccessible(page, 'chat with a privacy block');
      await context.close();
    } finally {
      expect((await apiAs(world.url, adminToken, 'PUT', '/privacy/policy', {})).status).toBe(200);
    }
  });

  it('fits a phone: the conversation list is a drawer, nothing is wider than the screen', async () => {
    const { context, page } = await chatAs(world.member.email, VIEWPORTS.phone);
    const toggle = page.locator('button[aria-controls=chat-conversations]');
    expect(await toggle.textContent()).toBe('Conversations');
    expect(await page.getByLabel('Search conversations').isVisible()).toBe(false);
    await toggle.click();
    expect(await page.getByRole('button', { name: 'Hide conversations' }).getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('conversation-list').getByRole('link').filter({ hasText: 'Our team:' }).click();
    await answerEnded(page, 'complete');
    expect(await page.getByLabel('Search conversations').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('quota').locator('summary').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const theme of ['light', 'dark'] as const) {
      await inTheme(page, theme);
      await answerEnded(page, 'complete');
      await expectAccessible(page, `chat on a phone (${theme})`);
      await screenshot(page, `chat-phone-${theme}`);
    }
    await context.close();
  });
});
