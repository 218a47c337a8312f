import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * A fresh test-mode app with no channel configuration holds agreements on the sandbox: signed on the
 * sandbox sign page or by the test endpoint, deducted within its quota, refused beyond, refunded
 * (at once, and PROCESSING then settled or failed by the job), unsigned. Over HTTP, on both dialects.
 */

interface Agreement {
  id: string;
  status: string;
  channel: string;
  sign_url: string;
  buyer_id: string | null;
  period_limits: Array<{ used: string; remaining: string }>;
}
interface Deduction {
  id: string;
  status: string;
  amount: string;
  refunded: string;
  failure_code: string | null;
  ledger_amount: number | null;
  crypto_payment: Record<string, string> | null;
}
interface DeductionRefund {
  id: string;
  status: string;
  deduction: Deduction;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: agreements on the sandbox`, () => {
    const shift = { ms: 0 };
    const clock = { now: () => Date.now() + shift.ms };
    let api: TestApi;
    beforeEach(async () => {
      shift.ms = 0;
      api = await startTestApi(dialect, { clock });
    });
    afterEach(() => api.close());

    const create = async (body: Record<string, unknown> = {}) => {
      const created = await api.request<{ data: Agreement }>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'ANY',
          currency: 'USD',
          single_limit: '5000',
          period_limits: [{ period_type: 'DAY', amount: '8000' }],
          time_zone: 'UTC',
          ...body,
        },
      });
      expect(created.status, created.text).toBe(200);
      return created.body.data;
    };
    const signByApi = async (agreement: Agreement, body: Record<string, unknown> = {}) =>
      api.request<{ data: Agreement; code?: string }>('POST', `/v1/sandbox/agreements/${agreement.id}/sign`, {
        body,
      });
    const deduct = (agreement: Agreement, amount: string) =>
      api.request<{ data: Deduction; code?: string; param?: string }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions`,
        { body: { amount, title: 'Plan' } },
      );
    const refund = (agreement: Agreement, deduction: Deduction, amount: string) =>
      api.request<{ data: DeductionRefund; code?: string }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions/${deduction.id}/refund`,
        { body: { amount } },
      );
    const used = async (agreement: Agreement) =>
      (await api.request<{ data: Agreement }>('GET', `/v1/agreements/${agreement.id}`)).body.data
        .period_limits[0]!.used;

    it('signs on the sandbox page, deducts within quota, refuses beyond, refunds, unsigns', async () => {
      const agreement = await create();
      expect(agreement).toMatchObject({ status: 'INIT', channel: 'sandbox' });
      // The sign URL is on the gateway's public URL; the test server listens on another port.
      const signUrl = `${api.url}${new URL(agreement.sign_url).pathname}`;
      const page = await fetch(signUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Agree and sign');
      const signed = await fetch(signUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=sign&buyer_id=buyer_42',
      });
      expect(await signed.text()).toContain('SIGNED');
      const read = await api.request<{ data: Agreement }>('GET', `/v1/agreements/${agreement.id}`);
      expect(read.body.data).toMatchObject({ status: 'SIGNED', buyer_id: 'buyer_42' });

      const first = await deduct(agreement, '5000');
      expect(first.body.data).toMatchObject({ status: 'succeeded', ledger_amount: 5000 });
      expect(first.body.data.crypto_payment).toMatchObject({ currency: 'USDT', chain: 'TRC20' });
      expect((await deduct(agreement, '5001')).body).toMatchObject({
        code: 'agreement_single_limit_exceeded',
        param: 'amount',
      });
      expect((await deduct(agreement, '3500')).body).toMatchObject({
        code: 'agreement_quota_exceeded',
        param: 'amount',
      });
      const back = await refund(agreement, first.body.data, '2000');
      expect(back.body.data).toMatchObject({ status: 'succeeded', deduction: { refunded: '2000' } });
      expect(await used(agreement)).toBe('3000');
      expect((await deduct(agreement, '3500')).body.data.status).toBe('succeeded');

      expect(
        (await api.request<{ data: Agreement }>('POST', `/v1/agreements/${agreement.id}/unsign`)).body.data
          .status,
      ).toBe('UNSIGNED');
      expect((await deduct(agreement, '100')).body.code).toBe('agreement_unsigned');
    });

    it("lists an agreement's deductions oldest first, a page at a time", async () => {
      const agreement = await create({ single_limit: undefined, period_limits: [] });
      await signByApi(agreement);
      const made: string[] = [];
      for (const amount of ['100', '200', '300', '400', '500']) {
        const deduction = await deduct(agreement, amount);
        expect(deduction.status, deduction.text).toBe(200);
        made.push(deduction.body.data.id);
      }
      type Page = { data: { items: Deduction[]; has_more: boolean; next_cursor: string | null } };
      const path = `/v1/agreements/${agreement.id}/deductions`;
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=2${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`;
        const page = await api.request<Page>('GET', `${path}${query}`);
        expect(page.status, page.text).toBe(200);
        expect(page.body.data.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.items.map((d) => d.id));
        cursor = page.body.data.has_more ? page.body.data.next_cursor : null;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(made);
      const bad = await api.request<{ code: string; param: string }>('GET', `${path}?starting_after=nope`);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'invalid_params', param: 'starting_after' });
      const tooMany = await api.request<{ code: string; param: string }>('GET', `${path}?limit=101`);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toMatchObject({ param: 'limit' });
    });

    it('answers the magic deduction amounts, and settles a processing one later', async () => {
      const agreement = await create({ single_limit: undefined, period_limits: [] });
      expect((await signByApi(agreement)).body.data).toMatchObject({
        status: 'SIGNED',
        buyer_id: 'sandbox_buyer',
      });
      const processing = await deduct(agreement, '1002');
      expect(processing.body.data.status).toBe('processing');
      expect((await deduct(agreement, '1003')).body.data).toMatchObject({
        status: 'failed',
        failure_code: 'insufficient_fund',
      });
      expect((await deduct(agreement, '1099')).body.code).toBe('risk_rejected');
      shift.ms += 5_000;
      const settled = await api.request<{ data: Deduction }>(
        'GET',
        `/v1/agreements/${agreement.id}/deductions/${processing.body.data.id}`,
      );
      expect(settled.body.data.status).toBe('succeeded');
    });

    it('settles a PROCESSING refund by the job, or fails it and keeps the quota used', async () => {
      const agreement = await create();
      await signByApi(agreement);
      const deduction = (await deduct(agreement, '5000')).body.data;
      const ok = await refund(agreement, deduction, '1002');
      expect(ok.body.data.status).toBe('pending');
      expect((await refund(agreement, deduction, '10')).body.code).toBe('refund_pending_exists');
      shift.ms += 5_000;
      await api.runtime.jobs.runUntilIdle();
      const done = await api.request<{ data: DeductionRefund }>(
        'GET',
        `/v1/agreements/${agreement.id}/deductions/${deduction.id}/refunds/${ok.body.data.id}`,
      );
      expect(done.body.data).toMatchObject({ status: 'succeeded', deduction: { refunded: '1002' } });
      expect(await used(agreement)).toBe('3998');

      const bad = await refund(agreement, deduction, '1003');
      expect(bad.body.data.status).toBe('pending');
      shift.ms += 5_000;
      await api.runtime.jobs.runUntilIdle();
      const failed = await api.request<{ data: DeductionRefund }>(
        'GET',
        `/v1/agreements/${agreement.id}/deductions/${deduction.id}/refunds/${bad.body.data.id}`,
      );
      expect(failed.body.data).toMatchObject({ status: 'failed', deduction: { refunded: '1002' } });
      expect(await used(agreement)).toBe('3998');
      // The failed refund's reservation is reversed: the deduction's receivable is 5000 - 1002.
      const entries = await api.store.db
        .selectFrom('ledger_entries')
        .select(['account', 'amount', 'currency'])
        .where('merchant_id', '=', api.merchant.merchant_id)
        .execute();
      const sum = (account?: string) =>
        entries
          .filter((e) => account === undefined || e.account === account)
          .reduce((s, e) => s + Number(e.amount), 0);
      expect(sum()).toBe(0);
      expect(sum('channel_receivable')).toBe(5000 - 1002);
      const events = (
        await api.request<{ data: { items: Array<{ type: string }> } }>('GET', '/v1/events?limit=100')
      ).body.data.items.map((e) => e.type);
      // The refund the sandbox refused at once (another was pending) is recorded failed too.
      expect(events.filter((t) => t.startsWith('deduction_refund.')).sort()).toEqual([
        'deduction_refund.failed',
        'deduction_refund.failed',
        'deduction_refund.pending',
        'deduction_refund.pending',
        'deduction_refund.succeeded',
      ]);
    });

    it('never refunds more than a deduction under parallel refunds; the ledger follows', async () => {
      const agreement = await create();
      await signByApi(agreement);
      const deduction = (await deduct(agreement, '5000')).body.data;
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => refund(agreement, deduction, '2000')),
      );
      const codes = answers.map((a) => a.body.data?.status ?? a.body.code).sort();
      expect(codes).toEqual([
        'refund_amount_exceeded',
        'refund_amount_exceeded',
        'refund_amount_exceeded',
        'refund_amount_exceeded',
        'succeeded',
        'succeeded',
      ]);
      const read = await api.request<{ data: Deduction }>(
        'GET',
        `/v1/agreements/${agreement.id}/deductions/${deduction.id}`,
      );
      expect(read.body.data.refunded).toBe('4000');
      const entries = await api.store.db
        .selectFrom('ledger_entries')
        .select(['account', 'amount'])
        .where('merchant_id', '=', api.merchant.merchant_id)
        .where('account', '=', 'channel_receivable')
        .execute();
      expect(entries.reduce((sum, e) => sum + Number(e.amount), 0)).toBe(1000);
    });

    it('pays a deduction at the rate of an unexpired quote, refuses an expired one', async () => {
      const agreement = await create();
      await signByApi(agreement);
      shift.ms += 60_000 - (clock.now() % 60_000); // the start of a rate minute
      const quote = await api.request<{ data: { id: string; rate: string; expires_at: number } }>(
        'POST',
        '/v1/fx/quotes',
        { body: { from_currency: 'USD', to_currency: 'USDT' } },
      );
      expect(quote.body.data.expires_at).toBe(clock.now() - (clock.now() % 60_000) + 60_000);
      const paid = await api.request<{ data: Deduction }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions`,
        {
          body: { amount: '1000', title: 'Plan', fx_quote_id: quote.body.data.id },
        },
      );
      expect(paid.body.data.crypto_payment).toMatchObject({ exchange_rate: quote.body.data.rate });
      shift.ms += 60_000;
      const late = await api.request<{ code: string; param: string }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions`,
        { body: { amount: '1000', title: 'Plan', fx_quote_id: quote.body.data.id } },
      );
      expect(late.body).toMatchObject({ code: 'exchange_rate_expired', param: 'fx_quote_id' });
      const unknown = await api.request<{ code: string; param: string }>('POST', '/v1/fx/quotes', {
        body: { from_currency: 'USD', to_currency: 'DOGE' },
      });
      expect(unknown.body).toMatchObject({ code: 'currency_not_supported', param: 'to_currency' });
    });

    it('refuses to sign a declined or expired sign link', async () => {
      const declined = await create();
      expect((await signByApi(declined, { outcome: 'decline' })).body.data.status).toBe('FAILED');
      expect((await signByApi(declined)).body.code).toBe('agreement_status_invalid');
      const late = await create({ sign_expire_minutes: 1 });
      shift.ms += 61_000;
      expect((await signByApi(late)).body.code).toBe('agreement_sign_url_expired');
      expect(
        (await api.request<{ data: Agreement }>('GET', `/v1/agreements/${late.id}`)).body.data.status,
      ).toBe('TIMEOUT');
    });
  });
}
