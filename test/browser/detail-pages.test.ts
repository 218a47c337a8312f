/**
 * The detail pages of refunds, payouts, agreements and deductions in a real browser: Debian's chromium
 * driven by playwright-core, against one polypay on SQLite serving a fresh Vite build of web/. Every step
 * fails on a console error, an uncaught page error or a visible error banner. What a page shows is
 * compared with what the API answers for the same object. Screenshots go to test-artifacts/dashboard/
 * (not committed).
 */
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAll } from '../../src/services/settlement.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import {
  ARTIFACTS,
  buildDashboard,
  launchChromium,
  poll,
  signIn as signInAs,
  startEventReceiver,
} from '../helpers/browser.js';
import { barcodeBody, nextShanghaiMidnight, uniqueNo } from '../helpers/charges.js';

interface Envelope<T> {
  data: T;
}

describe('detail pages in chromium', () => {
  // The clock moves forward only, past a settlement cut-off, so that a paid charge funds a payout.
  const shift = { ms: 0 };
  const clock = { now: () => Date.now() + shift.ms };
  let api: TestApi;
  let browser: Browser;
  let receiver: Server;
  const received: { type: string; id: string }[] = [];
  let webDir: string;
  let base: string;
  const made = {
    chargeId: '',
    refundId: '',
    transferId: '',
    redEnvelopeId: '',
    agreementId: '',
    deductionId: '',
    deductionRefundId: '',
  };

  /** The event ids and types the API holds about an object, oldest first. */
  async function eventsOf(...objectIds: string[]) {
    const items: { id: string; type: string; created: number }[] = [];
    for (const objectId of objectIds) {
      const page = await api.request<Envelope<{ items: typeof items }>>(
        'GET',
        `/v1/events?object_id=${objectId}&limit=100`,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.data.items);
    }
    return items.sort((a, b) => a.created - b.created).map((e) => `${e.id} ${e.type}`);
  }

  /** The events a detail page lists, as `id type`, in its order. */
  async function eventsShown(page: Page) {
    const items = page.locator('.timeline li.event');
    const shown: string[] = [];
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      shown.push(`${await item.getAttribute('data-event')} ${await item.locator('strong').textContent()}`);
    }
    return shown;
  }

  const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"]`);

  /** A sandbox agreement, signed by the sandbox buyer; its id. */
  async function createSignedAgreement(): Promise<string> {
    const agreement = await api.request<Envelope<{ id: string; status: string; channel: string }>>(
      'POST',
      '/v1/agreements',
      {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'ANY',
          currency: 'USD',
          single_limit: '5000',
          period_limits: [{ period_type: 'DAY', amount: '8000' }],
          time_zone: 'UTC',
        },
      },
    );
    expect(agreement.body.data, agreement.text).toMatchObject({ status: 'INIT', channel: 'sandbox' });
    const signed = await api.request<Envelope<{ status: string }>>(
      'POST',
      `/v1/sandbox/agreements/${agreement.body.data.id}/sign`,
      { body: {} },
    );
    expect(signed.body.data.status, signed.text).toBe('SIGNED');
    return agreement.body.data.id;
  }

  beforeAll(async () => {
    webDir = await buildDashboard('polypay-detail-pages-');
    receiver = await startEventReceiver(received);
    api = await startTestApi('sqlite', {
      clock,
      dashboardDir: webDir,
      webhookTargets: PRIVATE_TARGETS_FOR_TESTS,
    });
    base = `${api.url}/dashboard/`;

    // Through the public API: an endpoint for the events, a paid charge settled overnight (so that it
    // funds a payout), a partial refund of it, a transfer paid by the sandbox, and a sandbox agreement
    // signed by the sandbox buyer with one deduction.
    const endpoint = await api.request('POST', '/v1/webhook_endpoints', {
      body: {
        url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`,
        enabled_events: ['*'],
      },
    });
    expect(endpoint.status, endpoint.text).toBe(200);
    const charge = await api.request<Envelope<{ id: string; status: string }>>('POST', '/v1/charges', {
      body: barcodeBody({ amount: 100_000 }),
    });
    expect(charge.body.data.status, charge.text).toBe('PAID');
    made.chargeId = charge.body.data.id;
    shift.ms = nextShanghaiMidnight(Date.now(), 60_000) - Date.now();
    expect(await settleAll(api.runtime.charges)).toBeGreaterThan(0);
    const refund = await api.request<Envelope<{ id: string; status: string }>>(
      'POST',
      `/v1/charges/${made.chargeId}/refunds`,
      { body: { refund_no: uniqueNo('rf'), amount: 300 } },
    );
    expect(refund.body.data.status, refund.text).toBe('SUCCEEDED');
    made.refundId = refund.body.data.id;
    const transfer = await api.request<Envelope<{ id: string; status: string }>>('POST', '/v1/transfers', {
      body: {
        out_transfer_no: uniqueNo('po'),
        currency: 'CNY',
        amount: 10_000,
        destination: { type: 'wallet_user', user_id: 'u_2088' },
      },
    });
    expect(transfer.body.data.status, transfer.text).toBe('PENDING');
    made.transferId = transfer.body.data.id;
    shift.ms += 60_000;
    await api.runtime.jobs.runUntilIdle();
    const paid = await api.request<Envelope<{ status: string }>>('GET', `/v1/transfers/${made.transferId}`);
    expect(paid.body.data.status).toBe('PAID');
    made.agreementId = await createSignedAgreement();
    const deduction = await api.request<Envelope<{ id: string; status: string }>>(
      'POST',
      `/v1/agreements/${made.agreementId}/deductions`,
      { body: { amount: '1500', title: 'Plan' } },
    );
    expect(deduction.body.data.status, deduction.text).toBe('succeeded');
    made.deductionId = deduction.body.data.id;
    const deductionRefund = await api.request<Envelope<{ id: string; status: string }>>(
      'POST',
      `/v1/agreements/${made.agreementId}/deductions/${made.deductionId}/refund`,
      { body: { amount: '500' } },
    );
    expect(deductionRefund.body.data.status, deductionRefund.text).toBe('succeeded');
    made.deductionRefundId = deductionRefund.body.data.id;
    const envelope = await api.request<Envelope<{ id: string }>>('POST', '/v1/red_envelopes', {
      body: {
        out_transfer_no: uniqueNo('re'),
        currency: 'CNY',
        amount: 888,
        destination: { type: 'wallet_user', user_id: 'u_2088' },
      },
    });
    expect(envelope.status, envelope.text).toBe(200);
    made.redEnvelopeId = envelope.body.data.id;
    // Every event delivered, so that each page has deliveries to show.
    const missing = () =>
      ['refund.succeeded', 'transfer.succeeded', 'deduction.succeeded', 'deduction_refund.succeeded'].filter(
        (type) => !received.some((e) => e.type === type),
      );
    // expect.poll belongs to tests; here, a bounded loop of the job runner.
    for (let round = 0; round < 100 && missing().length > 0; round++) {
      await api.runtime.jobs.runUntilIdle();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(missing()).toEqual([]);

    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  const signIn = (context: BrowserContext, key = api.merchant.secret_key) => signInAs(context, base, key);

  /** Waits until the page has loaded its facts and its events, which match the API's. */
  async function factsAndEvents(page: Page, ...objectIds: string[]) {
    await fact(page, 'status').waitFor();
    await poll(() => page.getByText(/^(Loading…|加载中…)$/).count()).toBe(0);
    const expected = await eventsOf(...objectIds);
    expect(expected.length).toBeGreaterThan(0);
    await poll(() => eventsShown(page)).toEqual(expected);
  }

  it('shows a refund, a transfer, an agreement and its deduction as facts with their events; suspends and resumes the agreement', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const { page, guard } = await signIn(context);

      // The refund, from its list: its amount in its charge's currency, a link to the charge, its events.
      await page.getByRole('link', { name: 'Refunds' }).click();
      const listed = page.locator('tr').filter({ has: page.getByRole('link', { name: made.refundId }) });
      await poll(() => listed.textContent()).toContain('3.00 CNY');
      await page.getByRole('link', { name: made.refundId }).click();
      await page.getByRole('heading', { level: 1, name: `Refund ${made.refundId}` }).waitFor();
      await factsAndEvents(page, made.refundId);
      expect(await fact(page, 'status').textContent()).toBe('SUCCEEDED');
      expect(await fact(page, 'amount').textContent()).toBe('3.00 CNY');
      expect(await fact(page, 'charge').locator('a').getAttribute('href')).toBe(
        `#/payments/${made.chargeId}`,
      );
      const refunded = page.locator('.timeline li.event').filter({ hasText: 'refund.succeeded' });
      await poll(() => refunded.locator('.delivery').textContent()).toContain('succeeded');
      await guard.clean('the refund page');
      await page.screenshot({ path: join(ARTIFACTS, 'refund-1440-en.png'), fullPage: true });
      await fact(page, 'charge').locator('a').click();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      await poll(() => page.locator('[data-fact="status"]').textContent()).toBe('PARTIAL_REFUNDED');
      await guard.clean('the refund’s charge');

      // The transfer, from the payouts list.
      await page.getByRole('link', { name: 'Payouts' }).click();
      await page.getByRole('link', { name: made.transferId }).click();
      await page.getByRole('heading', { name: `Transfer ${made.transferId}` }).waitFor();
      await factsAndEvents(page, made.transferId);
      expect(await fact(page, 'status').textContent()).toBe('PAID');
      expect(await fact(page, 'amount').textContent()).toBe('100.00 CNY');
      expect(await fact(page, 'destination').textContent()).toContain('u_2088');
      expect(await eventsShown(page)).toEqual(
        expect.arrayContaining([expect.stringMatching(/ transfer\.succeeded$/)]),
      );
      // Its webhook sent again from the page: one more delivery, shown at once.
      const succeeded = page.locator('.timeline li.event').filter({ hasText: 'transfer.succeeded' });
      await poll(() => succeeded.locator('.delivery').count()).toBe(1);
      await succeeded.getByRole('button', { name: 'Resend' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await succeeded.getByRole('status').filter({ hasText: 'Sent again.' }).waitFor();
      await poll(() => succeeded.locator('.delivery').count()).toBe(2);
      await guard.clean('the transfer page');

      // A red envelope, from its tab.
      await page.getByRole('link', { name: 'Red envelopes' }).click();
      await page.getByRole('link', { name: made.redEnvelopeId }).click();
      await page.getByRole('heading', { name: `Red envelope ${made.redEnvelopeId}` }).waitFor();
      await factsAndEvents(page, made.redEnvelopeId);
      expect(await fact(page, 'amount').textContent()).toBe('8.88 CNY');
      const envelope = await api.request<Envelope<{ status: string }>>(
        'GET',
        `/v1/red_envelopes/${made.redEnvelopeId}`,
      );
      expect(await fact(page, 'status').textContent()).toBe(envelope.body.data.status);
      await guard.clean('the red envelope page');
      await page.screenshot({ path: join(ARTIFACTS, 'transfer-1440-en.png'), fullPage: true });

      // The agreement, from its list: its facts, its deduction, its events.
      await page.getByRole('link', { name: 'Agreements' }).click();
      await page.getByRole('link', { name: made.agreementId }).click();
      await page.getByRole('heading', { level: 1, name: `Agreement ${made.agreementId}` }).waitFor();
      await factsAndEvents(page, made.agreementId);
      expect(await fact(page, 'status').textContent()).toBe('SIGNED');
      expect(await fact(page, 'single_limit').textContent()).toBe('50.00 USD');
      expect(await fact(page, 'buyer_id').textContent()).toBe('sandbox_buyer');
      expect(await fact(page, 'period_limits').textContent()).toContain('80.00 USD');
      const deductionRow = page.locator(`tr[data-deduction="${made.deductionId}"]`);
      expect(await deductionRow.textContent()).toContain('15.00 USD');
      await guard.clean('the agreement page');
      await page.screenshot({ path: join(ARTIFACTS, 'agreement-1440-en.png'), fullPage: true });

      // Suspended, then resumed, from the page, each behind a confirmation.
      const button = (name: string) => page.getByRole('button', { name, exact: true });
      expect(await button('Resume').isDisabled()).toBe(true);
      await button('Suspend').click();
      const dialog = page.getByRole('dialog');
      await poll(() => dialog.textContent()).toContain(made.agreementId);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor();
      await poll(() => fact(page, 'status').textContent()).toBe('SUSPENDED');
      await poll(() => button('Suspend').isDisabled()).toBe(true);
      await poll(() => eventsShown(page)).toContainEqual(expect.stringMatching(/ agreement\.suspended$/));
      await guard.clean('the agreement suspended');
      await button('Resume').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => fact(page, 'status').textContent()).toBe('SIGNED');
      await poll(() => eventsShown(page)).toContainEqual(expect.stringMatching(/ agreement\.resumed$/));
      expect(await eventsShown(page)).toEqual(await eventsOf(made.agreementId));
      const read = await api.request<Envelope<{ status: string }>>(
        'GET',
        `/v1/agreements/${made.agreementId}`,
      );
      expect(read.body.data.status).toBe('SIGNED');
      await guard.clean('the agreement resumed');

      // The deduction: its amount in the agreement's currency, and a link back to the agreement.
      await deductionRow.getByRole('link', { name: made.deductionId }).click();
      await page.getByRole('heading', { level: 1, name: `Deduction ${made.deductionId}` }).waitFor();
      // Its events and its refund's.
      await factsAndEvents(page, made.deductionId, made.deductionRefundId);
      expect(await fact(page, 'status').textContent()).toBe('succeeded');
      expect(await fact(page, 'amount').textContent()).toBe('15.00 USD');
      expect(await fact(page, 'refunded').textContent()).toBe('5.00 USD');
      expect(
        await page.locator(`tr[data-deduction-refund="${made.deductionRefundId}"]`).textContent(),
      ).toContain('5.00 USD');
      expect(await fact(page, 'agreement').locator('a').getAttribute('href')).toBe(
        `#/agreements/${made.agreementId}`,
      );
      await guard.clean('the deduction page');
      await page.screenshot({ path: join(ARTIFACTS, 'deduction-1440-en.png'), fullPage: true });
      await fact(page, 'agreement').locator('a').click();
      await page.getByRole('heading', { level: 1, name: `Agreement ${made.agreementId}` }).waitFor();

      // In Chinese: the labels and the actions.
      await page.getByLabel('Language').first().selectOption('zh');
      await page.getByRole('heading', { level: 1, name: `代扣协议 ${made.agreementId}` }).waitFor();
      await poll(() => page.getByRole('button', { name: '暂停', exact: true }).isEnabled()).toBe(true);
      await poll(() => page.locator('dl.facts').textContent()).toContain('单笔限额');
      await page.screenshot({ path: join(ARTIFACTS, 'agreement-1440-zh.png'), fullPage: true });
      await page.goto(`${base}#/refunds/${made.refundId}`);
      await page.getByRole('heading', { level: 1, name: `退款 ${made.refundId}` }).waitFor();
      await factsAndEvents(page, made.refundId);
      await poll(() => page.locator('dl.facts').textContent()).toContain('退款单号');
      await guard.clean('detail pages in Chinese');
      await page.getByLabel('语言').first().selectOption('en');

      // A third agreement unsigned from its page: final, so every action is then disabled.
      const third = await createSignedAgreement();
      await page.goto(`${base}#/agreements/${third}`);
      await factsAndEvents(page, third);
      await button('Unsign').click();
      await poll(() => page.getByRole('dialog').textContent()).toContain('This is final.');
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await poll(() => fact(page, 'status').textContent()).toBe('UNSIGNED');
      await poll(() => eventsShown(page)).toContainEqual(expect.stringMatching(/ agreement\.unsigned$/));
      for (const name of ['Suspend', 'Resume', 'Unsign']) expect(await button(name).isDisabled()).toBe(true);
      await guard.clean('an agreement unsigned from its page');

      // Another agreement, unsigned elsewhere while its page still shows it SIGNED: the page's Suspend is
      // refused with the unified error, and the page then shows the agreement as it now is.
      const other = await createSignedAgreement();
      await page.goto(`${base}#/agreements/${other}`);
      await factsAndEvents(page, other);
      expect(await fact(page, 'status').textContent()).toBe('SIGNED');
      const unsigned = await api.request<Envelope<{ status: string }>>(
        'POST',
        `/v1/agreements/${other}/unsign`,
      );
      expect(unsigned.body.data.status, unsigned.text).toBe('UNSIGNED');
      await guard.expectingErrors(async () => {
        await button('Suspend').click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.locator('.error-banner').waitFor();
      });
      const refused = await page.locator('.error-banner').textContent();
      expect(refused).toContain('agreement_unsigned');
      expect(refused).toMatch(/request_id: req_/);
      await poll(() => fact(page, 'status').textContent()).toBe('UNSIGNED');
      expect(await fact(page, 'status').locator('.status').getAttribute('class')).toBe('status bad');
      expect(await button('Suspend').isDisabled()).toBe(true);
      expect(await button('Unsign').isDisabled()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'agreement-1440-refused.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 240_000);

  it('a read-only key sees the pages without actions, and the agreements and payouts lists page', async () => {
    // More than one page of agreements and of transfers: 21 of each.
    const agreements = await api.request<Envelope<{ items: unknown[] }>>('GET', '/v1/agreements?limit=100');
    const transfers = await api.request<Envelope<{ items: unknown[] }>>('GET', '/v1/transfers?limit=100');
    for (let i = agreements.body.data.items.length; i < 21; i++) {
      const agreement = await api.request('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'ANY',
          currency: 'USD',
          time_zone: 'UTC',
        },
      });
      expect(agreement.status, agreement.text).toBe(200);
    }
    for (let i = transfers.body.data.items.length; i < 21; i++) {
      const transfer = await api.request('POST', '/v1/transfers', {
        body: {
          out_transfer_no: uniqueNo('po'),
          currency: 'CNY',
          amount: 100,
          destination: { type: 'wallet_user', user_id: 'u_2088' },
        },
      });
      expect(transfer.status, transfer.text).toBe(200);
    }
    const key = await api.request<Envelope<{ key: string }>>('POST', '/v1/api_keys', {
      body: { kind: 'restricted' },
    });
    expect(key.status, key.text).toBe(200);
    // On a phone: the pages must fit its width as well.
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const { page, guard } = await signIn(context, key.body.data.key);
      await poll(() => page.locator('.mode-bar').textContent()).toContain('Read-only key');

      for (const [path, heading] of [
        [`refunds/${made.refundId}`, `Refund ${made.refundId}`],
        [`payouts/transfers/${made.transferId}`, `Transfer ${made.transferId}`],
        [`agreements/${made.agreementId}`, `Agreement ${made.agreementId}`],
        [`agreements/${made.agreementId}/deductions/${made.deductionId}`, `Deduction ${made.deductionId}`],
      ] as const) {
        await page.goto(`${base}#/${path}`);
        await page.getByRole('heading', { name: heading }).waitFor();
        const id = path.split('/').at(-1)!;
        await factsAndEvents(page, ...(id === made.deductionId ? [id, made.deductionRefundId] : [id]));
        // No resend; the agreement's actions are there, but none can be used.
        expect(await page.getByRole('button', { name: 'Resend' }).count()).toBe(0);
        const actions = page.getByRole('button', { name: /^(Suspend|Resume|Unsign)$/ });
        for (let i = 0; i < (await actions.count()); i++)
          expect(await actions.nth(i).isDisabled()).toBe(true);
        if (path === `agreements/${made.agreementId}`) {
          expect(await actions.count()).toBe(3);
          expect(await page.getByText('A read-only key cannot change this.').count()).toBe(1);
        }
        // Nothing wider than the screen: long ids wrap, tables scroll inside their own box.
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
        await guard.clean(`read-only /${path}`);
        await page.screenshot({
          path: join(ARTIFACTS, `${path.split('/').at(-2)}-375-readonly.png`),
          fullPage: true,
        });
      }

      // Paging: 20 a page, then the rest on the next one.
      for (const [path, row] of [
        ['agreements', 'tr[data-agreement]'],
        ['payouts/transfers', 'tr[data-payout]'],
      ] as const) {
        await page.goto(`${base}#/${path}`);
        await poll(() => page.locator(row).count()).toBe(20);
        const first = await page.locator(row).first().getAttribute(row.slice(3, -1));
        await page.getByRole('button', { name: 'Next page' }).click();
        await poll(() => page.locator(row).count()).toBe(1);
        expect(await page.locator(row).first().getAttribute(row.slice(3, -1))).not.toBe(first);
        expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
        await page.getByRole('button', { name: 'First page' }).click();
        await poll(() => page.locator(row).first().getAttribute(row.slice(3, -1))).toBe(first);
        await guard.clean(`paging /${path}`);
      }
    } finally {
      await context.close();
    }
  }, 240_000);
});
