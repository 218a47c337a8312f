/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core, against one polypay on
 * SQLite serving a fresh Vite build of web/. One browser; one context per viewport (1440 and 375 px).
 * Every step fails on a console error, an uncaught page error or a visible error banner, unless the
 * step expects one. Screenshots go to test-artifacts/dashboard/ (not committed).
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountEmulators } from '../../src/channels/emulators.js';
import { createMerchantWithApp } from '../../src/store/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import {
  ARTIFACTS,
  buildDashboard,
  launchChromium,
  type PageGuard,
  poll,
  signIn as signInAs,
  startEventReceiver,
  watch,
} from '../helpers/browser.js';
import { barcodeBody } from '../helpers/charges.js';

const PAGES = ['', 'payments', 'refunds', 'payouts', 'agreements', 'balance', 'webhooks', 'developers'];

describe('the dashboard in chromium', () => {
  let api: TestApi;
  let browser: Browser;
  let receiver: Server;
  const received: { type: string; id: string }[] = [];
  let webDir: string;
  let base: string;

  beforeAll(async () => {
    webDir = await buildDashboard('polypay-dashboard-');
    receiver = await startEventReceiver(received);
    api = await startTestApi('sqlite', {
      dashboardDir: webDir,
      webhookTargets: PRIVATE_TARGETS_FOR_TESTS,
      // The emulators mounted as `npm start` mounts them, for the scenario controls.
      beforeListen: async (app) => void (await mountEmulators(app)),
    });
    base = `${api.url}/dashboard/`;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  const signIn = (context: BrowserContext, key = api.merchant.secret_key) => signInAs(context, base, key);

  /** Visits every page and writes its screenshot at this width. */
  async function screenshotEveryPage(page: Page, guard: PageGuard, width: number, lang: string) {
    for (const path of PAGES) {
      await page.goto(`${base}#/${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await poll(() => page.getByText(/^(Loading…|加载中…)$/).count()).toBe(0);
      await guard.clean(`page /${path} at ${width} px`);
      await page.screenshot({
        path: join(ARTIFACTS, `${path || 'home'}-${width}-${lang}.png`),
        fullPage: true,
      });
    }
  }

  it('signs in, finds a sandbox charge, refunds it, resends a webhook, speaks Chinese, and refuses a write without CSRF', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      // Signing in: the form first (its screenshot too), then the session.
      const first = await context.newPage();
      const firstGuard = watch(first);
      await first.goto(base);
      await first.getByRole('heading', { name: 'Sign in' }).waitFor();
      await first.screenshot({ path: join(ARTIFACTS, 'sign-in-1440-en.png') });
      await firstGuard.clean('the sign-in form');
      // A wrong key: the unified error, and still the form.
      await firstGuard.expectingErrors(async () => {
        await first.getByLabel('API key').fill('sk_test_wrong');
        await first.getByRole('button', { name: 'Sign in' }).click();
        await first.locator('.error-banner').waitFor();
      });
      expect(await first.locator('.error-banner').textContent()).toContain('invalid_api_key');
      await first.close();

      const { page, guard } = await signIn(context);
      await poll(() => page.locator('.mode-bar').textContent()).toContain('Test mode');
      expect(await page.locator('.shell').getAttribute('data-mode')).toBe('test');
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'polypay_session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
      });
      await poll(() => page.locator('[data-stat="count"]').textContent()).toBe('0');
      const chartBefore = Number(await page.locator('figure.chart').first().getAttribute('data-total'));
      await guard.clean('home, before any charge');

      // A sandbox charge made through the API, with an endpoint to receive its events.
      const endpoint = await api.request<{ data: { id: string } }>('POST', '/v1/webhook_endpoints', {
        body: {
          url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`,
          enabled_events: ['*'],
        },
      });
      expect(endpoint.status).toBe(200);
      const body = barcodeBody({ amount: 1000 });
      const created = await api.request<{ data: { id: string; status: string } }>('POST', '/v1/charges', {
        body,
      });
      expect(created.body.data.status).toBe('PAID');
      const chargeId = created.body.data.id;
      await poll(async () => {
        await api.runtime.jobs.runUntilIdle();
        return received.map((e) => e.type);
      }).toContain('charge.succeeded');

      // Found in the list by its order number.
      await page.getByRole('link', { name: 'Payments' }).click();
      await page.getByLabel('Order number').fill(String(body.out_trade_no));
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.locator(`tr[data-charge="${chargeId}"]`).waitFor();
      await poll(() => page.locator('tbody tr[data-charge]').count()).toBe(1);
      await guard.clean('the payments list');

      // Its timeline: the pay flow with its result and the event with its webhook attempt.
      await page.getByRole('link', { name: chargeId }).click();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      const flow = page.locator('.timeline li.flow').first();
      await poll(() => flow.textContent()).toContain('PAY_SUCCESS');
      const event = page.locator('.timeline li.event').filter({ hasText: 'charge.succeeded' });
      await poll(() => event.locator('.delivery').textContent()).toContain('succeeded');
      await guard.clean('the charge timeline');

      // A partial refund from the page, behind a confirmation.
      await page.getByLabel('Amount (CNY)').fill('3.00');
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await poll(() => dialog.textContent()).toContain('3.00 CNY');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Refund re_\w+ created/ })
        .waitFor();
      await poll(() => page.locator('[data-fact="status"]').textContent()).toBe('PARTIAL_REFUNDED');
      await poll(() => page.locator('[data-fact="refundable"]').textContent()).toBe('7.00 CNY');
      await guard.clean('after the refund');

      // Resending the charge's webhook: one more delivery of the same event.
      const eventId = await event.getAttribute('data-event');
      const before = received.filter((e) => e.id === eventId).length;
      await event.getByRole('button', { name: 'Resend' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await event.getByRole('status').filter({ hasText: 'Sent again.' }).waitFor();
      // What the page shows of the event, with any alert, so that a failure says what was on screen.
      const eventOnScreen = async () => ({
        deliveries: await event.locator('.delivery').count(),
        alerts: await page.getByRole('alert').allTextContents(),
      });
      // The timeline reloads itself: the new delivery is there before it is sent.
      await poll(eventOnScreen).toEqual({ deliveries: 2, alerts: [] });
      await poll(async () => {
        await api.runtime.jobs.runUntilIdle();
        return received.filter((e) => e.id === eventId).length;
      }).toBe(before + 1);
      await guard.clean('after the resend');
      await page.reload();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      await poll(eventOnScreen).toEqual({ deliveries: 2, alerts: [] });
      await poll(() => event.locator('.delivery').last().textContent()).toContain('succeeded');
      await page.screenshot({ path: join(ARTIFACTS, 'charge-1440-en.png'), fullPage: true });
      await page.screenshot({ path: join(ARTIFACTS, 'readme.png') });

      // Home: the figures, the chart and the balance moved.
      await page.getByRole('link', { name: 'Home' }).click();
      await poll(() => page.locator('[data-stat="count"]').textContent()).toBe('1');
      expect(await page.locator('[data-stat="volume"]').textContent()).toBe('10.00 CNY');
      expect(await page.locator('[data-stat="refunded"]').textContent()).toBe('3.00 CNY');
      expect(await page.locator('[data-stat="success_rate"]').textContent()).toBe('100.00%');
      await poll(async () =>
        Number(await page.locator('figure.chart').first().getAttribute('data-total')),
      ).toBeGreaterThan(chartBefore);
      await poll(() => page.locator('[data-balance="CNY"] [data-stat="pending"]').textContent()).toMatch(
        /CNY$/,
      );
      const balance = await api.request<{ data: { balances: { currency: string; pending: number }[] } }>(
        'GET',
        '/v1/balance',
      );
      const pending = balance.body.data.balances.find((b) => b.currency === 'CNY')!.pending;
      expect(pending).toBeGreaterThan(0);
      expect(await page.locator('[data-balance="CNY"] [data-stat="pending"]').textContent()).toBe(
        `${(pending / 100).toFixed(2)} CNY`,
      );
      await guard.clean('home after the refund');

      await screenshotEveryPage(page, guard, 1440, 'en');

      // The payments list filtered by status, amount and date from the form.
      await page.goto(`${base}#/payments`);
      await page.locator('select[name="status"]').selectOption('PARTIAL_REFUNDED');
      await page.getByLabel('Amount from').fill('10.00');
      await page.getByLabel('Amount to').fill('10');
      const today = new Date();
      const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
      await page.getByLabel('From date').fill(day);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await poll(() => page.locator('tbody tr[data-charge]').count()).toBe(1);
      expect(await page.locator('tbody tr[data-charge]').getAttribute('data-charge')).toBe(chargeId);
      await page.locator('select[name="status"]').selectOption('VOIDED');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await poll(() => page.locator('tbody tr[data-charge]').count()).toBe(0);
      await guard.clean('payments filtered');

      // Balance transactions of the charge, exported as CSV.
      await page.goto(`${base}#/balance`);
      await page.getByLabel('Source').fill(chargeId);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      // The filtered page, not the unfiltered one still on screen: every row is the charge's.
      await poll(async () => {
        const rows = await page.locator('tbody tr[data-txn]').allTextContents();
        return rows.length > 0 && rows.every((row) => row.includes(chargeId));
      }).toBe(true);
      const shown = await page.locator('tbody tr[data-txn]').count();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const csvPath = join(ARTIFACTS, 'balance-transactions.csv');
      await download.saveAs(csvPath);
      const lines = readFileSync(csvPath, 'utf8').trim().split('\r\n');
      expect(lines[0]).toBe('id,created_at,account,type,source,currency,amount_minor,journal_id');
      expect(lines).toHaveLength(shown + 1);
      expect(lines.slice(1).every((line) => line.includes(`,${chargeId},CNY,`))).toBe(true);
      await guard.clean('balance export');

      // Webhooks: create an endpoint (its secret shown once), rotate its secret, disable it; an event's
      // request and the receiver's answer.
      const port = (receiver.address() as { port: number }).port;
      await page.goto(`${base}#/webhooks`);
      await page.getByLabel('New endpoint · URL').fill(`http://127.0.0.1:${port}/second`);
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      const firstSecret = await page.locator('.notice code.secret').textContent();
      expect(firstSecret).toMatch(/^whsec_/);
      const second = page.locator('tr[data-endpoint]').filter({ hasText: '/second' });
      await second.getByRole('button', { name: 'Rotate secret' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => page.locator('.notice code.secret').textContent()).not.toBe(firstSecret);
      expect(await page.locator('.notice code.secret').textContent()).toMatch(/^whsec_/);
      await second.getByRole('button', { name: 'Disable' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => second.locator('.status').textContent()).toBe('disabled');
      const row = page.locator(`li[data-event="${eventId}"]`);
      await row.locator('summary').click();
      await poll(() => row.textContent()).toContain('HTTP 200');
      expect(await row.locator('pre.json').textContent()).toContain('"charge.succeeded"');
      // An attempt opened: the headers and body sent, and the receiver's answer with its body.
      const attempt = row.locator('li[data-attempt]').first();
      await attempt.locator('summary').click();
      await poll(() => attempt.locator('pre.response').textContent()).toContain(`thanks for ${eventId}`);
      expect(await attempt.locator('pre.response').textContent()).toMatch(/^HTTP 200\n/);
      expect(await attempt.locator('pre.request').textContent()).toMatch(/polypay-signature: t=\d+,v1=/);
      await guard.clean('webhook endpoint actions');

      // Developers: a read-only key created and revoked, the catalog searched by a provider's code, and
      // a test scenario: a sandbox payment the channel refuses with Shouqianba's ILLEGAL_SIGN.
      await page.goto(`${base}#/developers`);
      await page.getByRole('button', { name: 'Create rk_…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      expect(await page.locator('.notice code.secret').textContent()).toMatch(/^rk_test_/);
      const restricted = page.locator('tr[data-key]').filter({ hasText: 'restricted' });
      await restricted.getByRole('button', { name: 'Revoke' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => restricted.locator('.status').textContent()).toBe('revoked');
      await page.getByLabel('Unified code, or a provider’s code').fill('ILLEGAL_SIGN');
      await page.locator('select[name="provider"]').selectOption('shouqianba');
      await page.getByRole('button', { name: 'Search' }).click();
      await poll(() => page.locator('.notice').last().textContent()).toMatch(/\w+_\w+/);
      expect(await page.locator('tr[data-error-code]').count()).toBeGreaterThan(0);
      await page.locator('input[name="scenario_code"]').fill('ILLEGAL_SIGN');
      // The declined charge is answered 402, which the browser logs: expected here.
      await guard.expectingErrors(async () => {
        await page.getByRole('button', { name: 'Create test payment' }).click();
        await page.locator('.notice a[href^="#/payments/ch_"]').waitFor();
      });
      await page.locator('.notice a[href^="#/payments/ch_"]').click();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      await poll(() => page.locator('.timeline .channel-error').first().textContent()).toContain(
        'ILLEGAL_SIGN',
      );
      await guard.clean('developer actions and a test scenario');

      // An emulator scenario queued from the page, seen by the emulator itself, then cleared.
      await page.goto(`${base}#/developers`);
      await page.locator('select[name="emulator_provider"]').selectOption('eftpay');
      await page.locator('select[name="emulator_fault"]').selectOption('timeout');
      await page.locator('input[name="emulator_times"]').fill('2');
      await page.getByRole('button', { name: 'Queue scenario' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => page.locator('[data-emulator="eftpay"]').textContent()).toContain('timeout ×2');
      const queued = await fetch(`${api.url}/_emulators/eftpay/_emulator/scenarios`);
      expect(await queued.json()).toMatchObject({ scenarios: [{ fault: 'timeout', remaining: 2 }] });
      await page.locator('[data-emulator="eftpay"]').getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => page.locator('[data-emulator="eftpay"]').count()).toBe(0);
      await guard.clean('emulator scenarios');

      // Chinese: the interface, and the unified error of a refused refund, in the operator's language.
      await page.goto(`${base}#/payments/${chargeId}`);
      await page.getByLabel('Language').first().selectOption('zh');
      await page.getByRole('heading', { name: '时间线' }).waitFor();
      expect(await page.locator('nav#nav').textContent()).toContain('支付');
      expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
      await guard.clean('the charge page in Chinese');
      await page.getByLabel('金额 (CNY)').fill('100.00');
      await guard.expectingErrors(async () => {
        await page.getByRole('button', { name: '退款', exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
        await page.locator('.error-banner').waitFor();
      });
      const banner = await page.locator('.error-banner').textContent();
      expect(banner).toMatch(/[\u4e00-\u9fff]/);
      expect(banner).toMatch(/request_id: req_/);
      await page.screenshot({ path: join(ARTIFACTS, 'charge-1440-zh.png'), fullPage: true });
      await page.goto(`${base}#/`);
      await page.getByRole('heading', { level: 1, name: '首页' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(ARTIFACTS, 'home-1440-zh.png') });
      await guard.clean('home in Chinese');

      // A write without the CSRF token, from the signed-in page itself: refused.
      const refused = await guard.expectingErrors(() =>
        page.evaluate(async () => {
          const response = await fetch('/v1/webhook_endpoints', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ url: 'https://example.com/hook', enabled_events: ['*'] }),
          });
          return {
            status: response.status,
            body: (await response.json()) as { code: string; param: string },
          };
        }),
      );
      expect(refused).toMatchObject({
        status: 403,
        body: { code: 'permission_denied', param: 'X-CSRF-Token' },
      });

      // Signing out ends the session.
      await page.getByLabel('语言').first().selectOption('en');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const after = await api.request('GET', '/v1/sessions/current', {
        key: null,
        headers: { cookie: `polypay_session=${cookies.find((c) => c.name === 'polypay_session')!.value}` },
      });
      expect(after.status).toBe(401);
      await guard.clean('signed out');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('works at 375 px: a read-only key (menu from the keyboard, paging, no writes offered), then live mode', async () => {
    // More than one page of charges, and a read-only key to sign in with.
    for (let i = 0; i < 21; i++) {
      const made = await api.request('POST', '/v1/charges', { body: barcodeBody({ amount: 100 + i }) });
      expect(made.status).toBe(200);
    }
    const key = await api.request<{ data: { key: string } }>('POST', '/v1/api_keys', {
      body: { kind: 'restricted' },
    });
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const { page, guard } = await signIn(context, key.body.data.key);
      await poll(() => page.locator('.mode-bar').textContent()).toContain('Read-only key');
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await page.locator('nav#nav').isVisible()).toBe(false);
      await menu.focus();
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('link', { name: 'Payments' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      await poll(() => page.locator('tbody tr[data-charge]').count()).toBe(20);
      const firstPage = await page.locator('tbody tr[data-charge]').first().getAttribute('data-charge');
      await page.getByRole('button', { name: 'Next page' }).click();
      await poll(() => page.locator('tbody tr[data-charge]').first().getAttribute('data-charge')).not.toBe(
        firstPage,
      );
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      // Nothing wider than the screen: tables scroll inside their own box.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      // A charge's page offers no refund, cancel or resend to a read-only key.
      await page.locator('tbody tr[data-charge] a').first().click();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      expect(await page.getByRole('button', { name: /^(Refund|Cancel|Void|Resend)$/ }).count()).toBe(0);
      await guard.clean('read-only at 375 px');
      await screenshotEveryPage(page, guard, 375, 'en');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

      // A live-mode app looks different: a green bar that says so, and no test-mode note.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.goto(base);
      const live = await createMerchantWithApp(api.store.db, api.box, {
        name: 'Live shop',
        mode: 'live',
        now: Date.now(),
      });
      await page.getByLabel('API key').fill(live.secret_key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      expect(await page.locator('.shell').getAttribute('data-mode')).toBe('live');
      expect(await page.locator('.mode-bar').textContent()).toBe('Live mode');
      const colour = await page.evaluate<string>(
        "getComputedStyle(document.querySelector('.mode-bar')).backgroundColor",
      );
      expect(colour).toBe('rgb(4, 120, 87)');
      await page.waitForLoadState('networkidle');
      await guard.clean('live mode');
      await page.screenshot({ path: join(ARTIFACTS, 'home-375-live.png') });
    } finally {
      await context.close();
    }
  }, 240_000);
});
