import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, screenshot, useE2eWorld, VIEWPORTS } from './browser.ts';
import { apiAs, okJson, seedMockModels, tokenFor, type E2eWorld } from './e2e-gatehouse.ts';

const e2e = useE2eWorld();
const { settled, expectAccessible, signedIn } = e2e;
let world: E2eWorld;

/** Sends one chat request through the gateway with an API key; resolves with its status. */
async function chat(secret: string, model: string, text: string): Promise<number> {
  const res = await fetch(`${world.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: text }] }),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Checks a page with axe in the light and the dark theme (set as the app stores it, then reloaded)
 * and saves a screenshot of each as web/screenshots/<label>-<theme>.png.
 */
async function accessibleInBothThemes(page: Page, heading: string, label: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => localStorage.setItem('gh.theme', t), theme);
    await page.reload();
    await settled(page, heading);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    await expectAccessible(page, `${label} ${theme}`);
    await screenshot(page, `insights-${label.replace(/\W+/g, '-').replace(/^-|-$/g, '')}-${theme}`);
  }
}

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  world = e2e.world;
  // Usage to look at: a mock provider, a priced model and one that fails, keys of Ada and Max,
  // and seven requests through /v1 (one of them refused upstream with a 400).
  const token = await tokenFor(world.url, world.admin.email);
  // Dear enough that a handful of mock requests shows as cents, not as €0.0000.
  await seedMockModels(
    world.url,
    token,
    [
      ['mock-chat', 'mock-1'],
      ['mock-broken', 'mock-1@error400'],
    ],
    { priceInput: 50_000_000, priceOutput: 200_000_000 },
  );
  const adaKey = String(
    (await okJson<Record<string, unknown>>(await apiAs(world.url, token, 'POST', '/keys', { name: 'Ada laptop' })))
      .secret,
  );
  const maxKey = String(
    (
      await okJson<Record<string, unknown>>(
        await apiAs(world.url, token, 'POST', '/keys', { name: 'Max contracts', ownerUserId: world.member.userId }),
      )
    ).secret,
  );
  // New models and keys reach the gateway's caches within a moment.
  for (let i = 0; i < 100 && (await chat(adaKey, 'mock-chat', 'warm up')) !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < 100 && (await chat(maxKey, 'mock-chat', 'warm up')) !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(await chat(adaKey, 'mock-chat', 'Summarise the lease')).toBe(200);
  expect(await chat(adaKey, 'mock-chat', 'Draft a reply')).toBe(200);
  expect(await chat(maxKey, 'mock-chat', 'Check clause 7')).toBe(200);
  expect(await chat(adaKey, 'mock-broken', 'This one fails')).toBe(400);
  expect(await chat(adaKey, 'mock-chat', 'One more')).toBe(200);
  // What the pages must show, as the API reads it (a warm-up refused before the caches had the new
  // model may have been recorded too).
  const res = await apiAs(world.url, token, 'GET', '/usage?limit=200');
  const events = ((await res.json()) as { data: Array<{ userId: string; status: number; model: string }> }).data;
  expected = {
    requests: events.length,
    errors: events.filter((e) => e.status >= 400).length,
    max: events.filter((e) => e.userId === world.member.userId).length,
    brokenErrors: events.filter((e) => e.status >= 400 && e.model === 'mock-broken').length,
  };
  expect(expected.requests).toBeGreaterThanOrEqual(7);
  expect(expected.brokenErrors).toBe(1);
});

/** The recorded usage the pages must show: counts read back from the API after seeding. */
let expected: { requests: number; errors: number; max: number; brokenErrors: number };

describe.skipIf(!HAVE_CHROMIUM)('dashboard and usage log', () => {
  it('shows an admin the spend, requests, charts and top lists of the last 30 days', async () => {
    const { context, page } = await signedIn(world.admin.email);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await settled(page, 'Dashboard');
    await expect.poll(() => page.getByTestId('insights-total-requests').textContent()).toBe(String(expected.requests));
    expect(await page.getByTestId('insights-total-errors').textContent()).toBe(String(expected.errors));
    expect(await page.getByTestId('insights-total-spend').textContent()).toMatch(/^€0\.\d{2,4}$/);
    const requestsChart = page.getByTestId('insights-chart-requests').getByRole('img');
    expect(await requestsChart.getAttribute('aria-label')).toMatch(
      new RegExp(`^Requests per day, .* to .*: ${expected.requests} in total, highest \\d+ \\(`),
    );
    // The numbers behind the chart, for everybody.
    await page.getByTestId('insights-chart-requests').getByText('Show the numbers').click();
    await expect.poll(() => page.getByTestId('insights-chart-requests').getByRole('row').count()).toBe(31); // a header and 30 days
    const people = page.getByTestId('insights-top-people');
    await expect.poll(() => people.getByRole('row').nth(1).textContent()).toContain('Ada Admin');
    expect(await people.textContent()).toContain('Max Member');
    expect(await page.getByTestId('insights-top-models').textContent()).toContain('mock-chat');
    expect(await page.getByTestId('insights-top-departments').textContent()).toContain('Legal');
    // Acme has no prepaid credits: no credits section.
    expect(await page.getByTestId('insights-credits').count()).toBe(0);

    // Per week, then a custom range that starts from the dates shown; both land in the URL.
    await page.getByLabel('Show per').selectOption('week');
    await expect.poll(() => page.url()).toContain('by=week');
    await expect.poll(() => page.getByTestId('insights-total-requests').textContent()).toBe(String(expected.requests));
    await page.getByLabel('Range').selectOption('custom');
    await expect.poll(() => page.getByLabel('From').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.url()).toContain('range=custom');
    await page.getByLabel('From').fill('2020-01-01');
    await expect.poll(() => page.getByText('Choose a range of at most two years.').count()).toBe(1);
    await page.getByLabel('Range').selectOption('7d');
    await expect.poll(() => page.getByTestId('insights-total-requests').textContent()).toBe(String(expected.requests));

    // The top list links into the usage log, filtered to that person.
    await page.getByTestId('insights-top-people').getByRole('link', { name: 'Max Member' }).click();
    await settled(page, 'Usage log');
    await expect.poll(() => page.getByTestId('usage-count').textContent()).toBe(`Requests 1–${expected.max}`);
    expect(page.url()).toContain(`userId=${world.member.userId}`);
    await context.close();
  });

  it('lists, filters, exports and opens requests in the usage log', async () => {
    const { context, page } = await signedIn(world.admin.email);
    await page.getByRole('link', { name: 'Usage log' }).click();
    await settled(page, 'Usage log');
    await expect.poll(() => page.getByTestId('usage-count').textContent()).toBe(`Requests 1–${expected.requests}`);
    await expect.poll(() => page.getByTestId('usage-table').getByRole('row').count()).toBe(expected.requests + 1);

    // Filters narrow the list and stay in the URL.
    await page.getByLabel('Person').selectOption({ label: 'Max Member' });
    await expect.poll(() => page.getByTestId('usage-count').textContent()).toBe(`Requests 1–${expected.max}`);
    expect(page.url()).toContain(`userId=${world.member.userId}`);
    await page.getByLabel('Status').selectOption('error');
    await expect.poll(() => page.getByTestId('usage-count').textContent()).toBe('No requests match these filters.');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.getByLabel('Status').selectOption('error');
    await expect.poll(() => page.getByTestId('usage-count').textContent()).toBe(`Requests 1–${expected.errors}`);
    await page.getByLabel('Model').selectOption('mock-broken');
    await expect.poll(() => page.getByTestId('usage-count').textContent()).toBe('Requests 1–1');

    // The CSV holds exactly the filtered rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^usage-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]).toMatch(/^createdAt,requestId,/);
    expect(csv[1]).toContain(',mock-broken,');
    expect(csv[1]).toContain(',400,');
    await accessibleInBothThemes(page, 'Usage log', 'usage log');

    // The failed request's details.
    await page.getByTestId('usage-row-link').first().click();
    await settled(page, 'Request details');
    await expect.poll(() => page.getByTestId('detail-overview').textContent()).toContain('400');
    expect(await page.getByTestId('detail-overview').textContent()).toContain('mock-broken');
    expect(await page.getByTestId('detail-overview').textContent()).toContain('Ada laptop');
    expect(await page.getByTestId('detail-timing').textContent()).toMatch(/Latency\d+ ms/);
    await accessibleInBothThemes(page, 'Request details', 'usage detail');
    // Back to the log keeps its filters.
    await page.getByRole('link', { name: 'Back to the usage log' }).click();
    await settled(page, 'Usage log');
    expect(page.url()).toContain('status=error');
    await context.close();
  });

  it('passes axe in light and dark and fits a phone screen', async () => {
    const { context, page } = await signedIn(world.admin.email, VIEWPORTS.phone);
    for (const [path, heading] of [
      ['/admin/dashboard', 'Dashboard'],
      ['/admin/usage', 'Usage log'],
    ] as const) {
      await page.goto(path);
      await settled(page, heading);
      await accessibleInBothThemes(page, heading, `${path} phone`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.getByTestId('usage-row-link').first().click();
    await settled(page, 'Request details');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();

    const { context: desktop, page: dash } = await signedIn(world.admin.email);
    await dash.goto('/admin/dashboard');
    await settled(dash, 'Dashboard');
    await accessibleInBothThemes(dash, 'Dashboard', 'dashboard desktop');
    await desktop.close();
  });

  it('keeps members out: "Page not found", and the API shows them only their own usage', async () => {
    const { context, page } = await signedIn(world.member.email);
    for (const path of ['/admin/dashboard', '/admin/usage']) {
      await page.goto(path);
      await settled(page, 'Page not found');
    }
    const token = await tokenFor(world.url, world.member.email);
    expect((await apiAs(world.url, token, 'GET', '/credits')).status).toBe(403);
    const own = (await (await apiAs(world.url, token, 'GET', '/usage')).json()) as { data: Array<{ userId: string }> };
    expect(own.data.length).toBe(expected.max);
    expect(own.data.every((e) => e.userId === world.member.userId)).toBe(true);
    await context.close();
  });
});
