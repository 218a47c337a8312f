import { afterEach, describe, expect, it } from 'vitest';
import { type BybitEmulator, createBybitEmulator } from '../../src/channels/bybit/emulator/server.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../src/channels/kit/emulator/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { configureBybit } from '../helpers/bybit-config.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * A deduction refund the channel answers PROCESSING (the emulator's amounts ending in 02) is stored
 * pending with its ledger reservation, and settles later exactly once: by the provider's webhook, or,
 * when the webhook is lost, by the query job.
 */

interface Deduction {
  id: string;
  status: string;
  amount: string;
  refunded: string;
  ledger_amount: number | null;
}
interface DeductionRefund {
  id: string;
  status: string;
  amount: string;
  ledger_amount: number | null;
  deduction: Deduction;
}
interface Agreement {
  id: string;
  sign_url: string;
  period_limits: Array<{ used: string; remaining: string }>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: deduction refunds that settle later`, () => {
    const shift = { ms: 0 };
    const clock = { now: () => Date.now() + shift.ms };
    let api: TestApi;
    let emulator: BybitEmulator;
    let running: StandaloneEmulator;

    async function setUp(withWebhooks: boolean) {
      shift.ms = 0;
      emulator = createBybitEmulator({ clock });
      running = await startStandaloneEmulator(emulator);
      const port = withWebhooks ? await freePort() : undefined;
      api = await startTestApi(dialect, {
        clock,
        ...(port === undefined ? {} : { port, settings: { publicUrl: `http://127.0.0.1:${port}` } }),
      });
      await configureBybit(api, running.url, emulator.credentials());
    }
    afterEach(async () => {
      await api.close();
      await running.close();
    });

    async function signedDeduction(amount: string) {
      const created = await api.request<{ data: Agreement }>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'CLOUD',
          product_code: 'BYBIT_RECURRING_STANDARD',
          currency: 'USD',
          period_limits: [{ period_type: 'DAY', amount: '8000' }],
        },
      });
      expect(created.status, created.text).toBe(200);
      const agreement = created.body.data;
      const signed = await fetch(`${agreement.sign_url}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'user_id=U10001',
      });
      expect(signed.status).toBe(200);
      const deduction = await api.request<{ data: Deduction }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions`,
        {
          body: { amount, title: 'Plan' },
        },
      );
      expect(deduction.body.data).toMatchObject({ status: 'succeeded', ledger_amount: Number(amount) });
      return { agreement, deduction: deduction.body.data };
    }
    const refundPath = (agreementId: string, deductionId: string) =>
      `/v1/agreements/${agreementId}/deductions/${deductionId}`;
    const used = async (agreementId: string) =>
      (await api.request<{ data: Agreement }>('GET', `/v1/agreements/${agreementId}`)).body.data
        .period_limits[0]!.used;
    const events = async (type: string) =>
      (
        await api.request<{ data: { items: Array<{ type: string; data: { object: { id: string } } }> } }>(
          'GET',
          '/v1/events?limit=100',
        )
      ).body.data.items.filter((e) => e.type === type);
    /** Every journal of the merchant sums to zero, per currency. */
    const ledgerBalances = async () => {
      const rows = await api.store.db
        .selectFrom('ledger_entries')
        .select(['currency', 'amount', 'ref_type', 'ref_id', 'account'])
        .where('merchant_id', '=', api.merchant.merchant_id)
        .execute();
      const byCurrency = new Map<string, number>();
      for (const r of rows) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + Number(r.amount));
      for (const total of byCurrency.values()) expect(total).toBe(0);
      return rows;
    };
    const receivable = (rows: Awaited<ReturnType<typeof ledgerBalances>>) =>
      rows.filter((r) => r.account === 'channel_receivable').reduce((s, r) => s + Number(r.amount), 0);

    it('settles a PROCESSING refund by the query job when no webhook arrives, once', async () => {
      await setUp(false);
      const { agreement, deduction } = await signedDeduction('5000');
      const path = refundPath(agreement.id, deduction.id);
      const answer = await api.request<{ data: DeductionRefund }>('POST', `${path}/refund`, {
        body: { amount: '1002', reason: 'late' },
      });
      expect(answer.status, answer.text).toBe(200);
      const pending = answer.body.data;
      expect(pending).toMatchObject({ status: 'pending', amount: '1002', ledger_amount: 1002 });
      expect(pending.deduction.refunded).toBe('0');
      // The reservation is booked now; the quota is not given back while pending.
      expect(receivable(await ledgerBalances())).toBe(5000 - 1002);
      expect(await used(agreement.id)).toBe('5000');
      // A pending refund counts against what is left to refund.
      const over = await api.request<{ code: string; param: string }>('POST', `${path}/refund`, {
        body: { amount: '3999' },
      });
      expect(over.body).toMatchObject({ code: 'refund_amount_exceeded', param: 'amount' });
      // In Chinese the detail is Chinese too, with the same figures.
      const overZh = await api.request<{ message: string }>('POST', `${path}/refund`, {
        body: { amount: '3999' },
        headers: { 'accept-language': 'zh-CN' },
      });
      const figures = (over.body as { message?: string }).message?.match(/\d+/g) ?? [];
      expect(figures.length).toBeGreaterThan(0);
      for (const figure of figures) expect(overZh.body.message).toContain(figure);
      expect(overZh.body.message).not.toMatch(/[A-Za-z]{2,}\s+[A-Za-z]{2,}/);
      expect((await events('deduction_refund.pending')).map((e) => e.data.object.id)).toEqual([pending.id]);

      // Not yet due, and still processing at the channel: nothing moves.
      await api.runtime.jobs.runUntilIdle();
      expect(
        (await api.request<{ data: DeductionRefund }>('GET', `${path}/refunds/${pending.id}`)).body.data
          .status,
      ).toBe('pending');

      shift.ms += 6_000;
      await api.runtime.jobs.runUntilIdle();
      const stored = await api.store.db
        .selectFrom('agreement_deduction_refunds')
        .selectAll()
        .where('id', '=', pending.id)
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('succeeded');
      const read = await api.request<{ data: DeductionRefund }>('GET', `${path}/refunds/${pending.id}`);
      expect(read.body.data).toMatchObject({ status: 'succeeded', deduction: { refunded: '1002' } });
      expect(await used(agreement.id)).toBe(String(5000 - 1002));

      // Settled once: reading again and running jobs again book nothing more.
      await Promise.all([
        api.request('GET', `${path}/refunds/${pending.id}`),
        api.request('GET', `${path}/refunds`),
        api.runtime.jobs.runUntilIdle(),
      ]);
      expect(await events('deduction_refund.succeeded')).toHaveLength(1);
      expect(await events('deduction.refunded')).toHaveLength(1);
      expect(receivable(await ledgerBalances())).toBe(5000 - 1002);
      const list = await api.request<{ data: { items: DeductionRefund[] } }>('GET', `${path}/refunds`);
      expect(list.body.data.items.map((r) => [r.id, r.status])).toEqual([[pending.id, 'succeeded']]);
    });

    it('settles a PROCESSING refund from the provider webhook alone', async () => {
      await setUp(true);
      const { agreement, deduction } = await signedDeduction('3000');
      const path = refundPath(agreement.id, deduction.id);
      const answer = await api.request<{ data: DeductionRefund }>('POST', `${path}/refund`, {
        body: { amount: '2002' },
      });
      expect(answer.body.data.status).toBe('pending');
      // The emulator settles it about 5 s later (its clock) and sends TRANSACTION_RESULT with eventType REFUND.
      shift.ms += 6_000;
      for (;;) {
        if ((await events('deduction_refund.succeeded')).length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const stored = await api.store.db
        .selectFrom('agreement_deduction_refunds')
        .select('status')
        .where('id', '=', answer.body.data.id)
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('succeeded');
      expect(await used(agreement.id)).toBe('998');
      expect(receivable(await ledgerBalances())).toBe(998);
      // The job that was queued as a safety net finds it final.
      await api.runtime.jobs.runUntilIdle();
      expect(await events('deduction_refund.succeeded')).toHaveLength(1);
    });
  });
}
