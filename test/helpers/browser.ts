/**
 * What the browser suites share: Debian's chromium driven by playwright-core, a fresh Vite build of
 * web/, a webhook receiver, a guard that fails a step on any console error, page error or error banner,
 * and signing in.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots of the suites (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard');

/** Waits for the page to catch up: vitest's default of one second is short on a busy machine. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

/** What went wrong on a page since the last check: console errors, page errors. */
export function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    /** Asserts the page is clean: nothing logged, no error banner shown. */
    async clean(step: string) {
      const banners = await page.locator('.error-banner:visible').allTextContents();
      expect({ step, problems, banners }).toEqual({ step, problems: [], banners: [] });
    },
    /** Runs a step that is expected to produce errors, then forgets them. */
    async expectingErrors<T>(run: () => Promise<T>): Promise<T> {
      const result = await run();
      problems.length = 0;
      return result;
    },
  };
}

export type PageGuard = ReturnType<typeof watch>;

/** The current web/ sources built into a new temporary folder (not whatever dist/ holds). */
export async function buildDashboard(prefix: string): Promise<string> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (.ci/run does)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await build({
    configFile: join(ROOT, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  return dir;
}

/** A webhook receiver on 127.0.0.1 that records each event's type and id and answers 200. */
export async function startEventReceiver(received: { type: string; id: string }[]): Promise<Server> {
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const event = JSON.parse(body) as { type: string; id: string };
      received.push({ type: event.type, id: event.id });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`thanks for ${event.id}`);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return receiver;
}

/** Headless chromium; playwright gives it a fresh --user-data-dir of its own, removed when it closes. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in on the dashboard at `base` with an API key, and waits for Home. */
export async function signIn(
  context: BrowserContext,
  base: string,
  key: string,
): Promise<{ page: Page; guard: PageGuard }> {
  const page = await context.newPage();
  const guard = watch(page);
  await page.goto(base);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  return { page, guard };
}
