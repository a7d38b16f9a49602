import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { PASSWORD, startE2eWorld, type E2eWorld } from './e2e-gatehouse.ts';

/** Debian's chromium (`apt-get install -y chromium`); Playwright's own download cannot work here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether chromium is here: CI installs it (.ci/run) and must run the e2e tests; elsewhere they skip, loudly. */
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
if (!HAVE_CHROMIUM) console.warn(`e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** Where screenshots go (git-ignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../web/screenshots/', import.meta.url));

/** Viewports of the screenshot matrix. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Launches headless chromium with the flags these machines need. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility problem, short enough to read in a failed assertion. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page; returns the serious and critical violations (WCAG 2.x A/AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the app's CSP forbids inline scripts and eval.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe;
    return axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Saves a full-page screenshot as web/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/**
 * One e2e file's world: a fresh Gatehouse (see startE2eWorld) and a browser, started before the
 * file's tests and stopped after them; console errors of any page (a CSP violation, an uncaught
 * error) fail the file. Call at the top level of a test file.
 */
export function useE2eWorld() {
  let world: E2eWorld | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    [world, browser] = await Promise.all([startE2eWorld(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
    expect(pageErrors).toEqual([]);
  });
  const started = () => {
    if (!world || !browser) throw new Error('the e2e world is not started (chromium missing?)');
    return { world, browser };
  };
  const e2e = {
    /** The running server and its seed (available inside tests and hooks). */
    get world(): E2eWorld {
      return started().world;
    },
    /** A fresh browser profile (no cookies, no stored preferences), English, desktop unless given. */
    async newContext(viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<BrowserContext> {
      const { world: w, browser: b } = started();
      const context = await b.newContext({ baseURL: w.url, viewport, locale: 'en-GB', acceptDownloads: true });
      context.on('page', (page) => {
        page.on('pageerror', (error) => pageErrors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text()))
            pageErrors.push(message.text());
        });
      });
      return context;
    },
    /**
     * A fresh browser profile (desktop unless given) with `email` signed in through the form and
     * the chat, where sign-in lands, shown.
     */
    async signedIn(email: string, viewport: { width: number; height: number } = VIEWPORTS.desktop) {
      // Not through `this`: test files destructure these functions.
      const context = await e2e.newContext(viewport);
      const page = await context.newPage();
      await e2e.signIn(page, email);
      await e2e.settled(page, 'Chat');
      return { context, page };
    },
    /** Fills the sign-in form (seeded password) and submits it. */
    async signIn(page: Page, email: string): Promise<void> {
      await page.goto('/');
      await page.waitForURL(/\/sign-in/);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    /** Waits until a page's heading shows and nothing is loading. */
    async settled(page: Page, heading: string | RegExp): Promise<void> {
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForFunction(
        () =>
          ![...document.querySelectorAll('[role=status]')].some((e) =>
            /Loading|Wird geladen/.test(e.textContent ?? ''),
          ),
      );
    },
    /** Asserts axe-core finds no serious or critical problem on the page. */
    async expectAccessible(page: Page, label: string): Promise<void> {
      expect(await seriousViolations(page), label).toEqual([]);
    },
  };
  return e2e;
}
