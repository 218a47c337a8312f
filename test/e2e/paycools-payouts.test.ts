import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../src/channels/kit/emulator/index.js';
import {
  createPaycoolsEmulator,
  type PaycoolsEmulator,
} from '../../src/channels/paycools/emulator/server.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { settleAll } from '../../src/services/settlement.js';
import { type Credentials, startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  type Envelope,
  nextShanghai10am,
  nextShanghaiMidnight,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * A merchant tops up with PayCools collections (paid on the emulator's checkout page, learnt from its
 * callback), then pays out through polypay to PayCools: outcomes by callback or by query, exactly once.
 */

interface PayoutView {
  id: string;
  status: string;
  failure_code: string | null;
  channel_transfer_no: string | null;
}
interface ChargeView {
  id: string;
  status: string;
  pay_url: string | null;
}

const BANK = {
  type: 'bank_account',
  bank_code: 'BDO',
  account_no: '001234567891',
  account_name: 'Juan Dela Cruz',
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: payouts to the PayCools emulator`, () => {
    let api: TestApi;
    let emulator: PaycoolsEmulator;
    let running: StandaloneEmulator;
    let seller: Credentials;
    let notifyUrl: string;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);

    beforeAll(async () => {
      const port = await freePort();
      api = await startTestApi(dialect, { clock, port, settings: { publicUrl: `http://127.0.0.1:${port}` } });
      // The emulator keeps the gateway's time, so that request timestamps agree.
      emulator = createPaycoolsEmulator({ clock });
      running = await startStandaloneEmulator(emulator);
    });
    afterAll(async () => {
      await running?.close();
      await api?.close();
    });

    const key = () => seller.secret_key;
    const balance = () => balanceOf(api, 'PHP', key());
    const control = (path: string, body: unknown = {}) =>
      fetch(`${running.url}/_emulator/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const read = async (id: string) =>
      (await api.request<Envelope<PayoutView>>('GET', `/v1/transfers/${id}`, { key: key() })).body.data;
    const transfer = async (amount: number, destination: Record<string, unknown> = BANK) => {
      const sent = await api.request<Envelope<PayoutView>>('POST', '/v1/transfers', {
        key: key(),
        body: { out_transfer_no: uniqueNo('pc'), amount, currency: 'PHP', destination },
      });
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.data.status).toBe('PENDING');
      return sent.body.data;
    };
    /** The channel executes what is due (3 s after acceptance on its clock) and calls back. */
    const execute = async () => {
      clock.advance(5_000);
      await control('settle');
    };

    /** A new merchant with PayCools configured and `amount` collected, settled overnight. */
    beforeEach(async () => {
      clock.set(nextShanghai10am(clock.now()));
      seller = await api.createMerchant('PayCools merchant');
      const config = await api.request<{ data: { id: string } }>('POST', '/v1/channel_configs', {
        key: key(),
        body: {
          provider: 'paycools',
          payways: ['ewallet', 'bank'],
          sub_payways: ['wap', 'qrcode'],
          currencies: ['PHP'],
          base_url: running.url,
          credentials: emulator.credentials(),
        },
      });
      expect(config.status, config.text).toBe(200);
      notifyUrl = `/v1/channel_notifications/paycools/${config.body.data.id}`;
      const charge = await api.request<Envelope<ChargeView>>('POST', '/v1/charges', {
        key: key(),
        body: {
          out_trade_no: uniqueNo('top'),
          amount: 100_000,
          currency: 'PHP',
          subject: 'Top-up',
          payway: 'ewallet',
          sub_payway: 'wap',
        },
      });
      expect(charge.status, charge.text).toBe(200);
      const page = await fetch(charge.body.data.pay_url!);
      expect(await page.text()).toContain('<form');
      await fetch(charge.body.data.pay_url!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'result=paid',
      });
      // The collection callback makes the gateway query PayCools: PAID without anyone polling.
      await eventually(async () => {
        const c = await api.request<Envelope<ChargeView>>('GET', `/v1/charges/${charge.body.data.id}`, {
          key: key(),
        });
        return c.body.data.status === 'PAID';
      });
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      expect((await balance()).available).toBeGreaterThan(90_000);
    });

    it('pays out to a bank account: held while pending, sent on the completed callback', async () => {
      const start = (await balance()).available;
      const t = await transfer(12_345);
      expect((await balance()).available).toBe(start - 12_345);
      await execute();
      await eventually(async () => (await read(t.id)).status === 'PAID');
      expect((await balance()).available).toBe(start - 12_345);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('a payout failing after pending gives the balance back exactly, with the unified code', async () => {
      const start = (await balance()).available;
      const t = await transfer(7_000, { ...BANK, account_no: '001234560000' });
      await execute();
      await eventually(async () => (await read(t.id)).status === 'FAILED');
      expect((await read(t.id)).failure_code).toBe('recipient_account_invalid');
      expect((await balance()).available).toBe(start);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('a lost callback is recovered by the resolution job’s query', async () => {
      const start = (await balance()).available;
      await control('scenarios', { operation: 'notify', fault: 'garbled' });
      const t = await transfer(5_000);
      await execute();
      await eventually(async () => {
        const log = (await (await fetch(`${running.url}/_emulator/notifications`)).json()) as {
          notifications: { attempts: number; lastStatus?: number }[];
        };
        return (
          log.notifications.some(
            (n) => n.attempts >= 1 && n.lastStatus !== undefined && n.lastStatus !== 200,
          ) || log.notifications.length > 0
        );
      });
      expect((await read(t.id)).status).toBe('PENDING');
      clock.advance(20_000);
      await api.runtime.jobs.runUntilIdle();
      expect((await read(t.id)).status).toBe('PAID');
      expect((await balance()).available).toBe(start - 5_000);
    });

    it('an answer lost on the way back: pending, then settled by the callback', async () => {
      const start = (await balance()).available;
      await control('scenarios', { operation: 'payout', fault: 'reset', applied: true });
      const t = await transfer(4_000);
      await execute();
      await eventually(async () => (await read(t.id)).status === 'PAID');
      expect((await balance()).available).toBe(start - 4_000);
    });

    it('a request that never arrived: not found is "not yet" for a minute, then failed and released', async () => {
      const start = (await balance()).available;
      await control('scenarios', { operation: 'payout', fault: 'reset', applied: false });
      const t = await transfer(4_500);
      clock.advance(20_000);
      await api.runtime.jobs.runUntilIdle();
      expect((await read(t.id)).status).toBe('PENDING');
      expect((await balance()).available).toBe(start - 4_500);
      clock.advance(61_000);
      await api.runtime.jobs.runUntilIdle();
      expect(await read(t.id)).toMatchObject({ status: 'FAILED', failure_code: 'trade_not_found' });
      expect((await balance()).available).toBe(start);
    });

    it('a duplicated and a reordered callback change nothing more', async () => {
      const start = (await balance()).available;
      await control('scenarios', { operation: 'payout_execution', code: '-10010' });
      const t = await transfer(3_000);
      await execute();
      await eventually(async () => (await read(t.id)).status === 'PAID');
      // The receiving bank sends the money back a minute later: the payout turns FAILED, money returned.
      clock.advance(61_000);
      await control('settle');
      await eventually(async () => (await read(t.id)).status === 'FAILED');
      expect((await read(t.id)).failure_code).toBe('transfer_reversed');
      expect((await balance()).available).toBe(start);
      const log = (await (await fetch(`${running.url}/_emulator/notifications`)).json()) as {
        notifications: { body: string; eventName: string }[];
      };
      const mine = log.notifications.filter((n) =>
        n.body.includes(t.channel_transfer_no ?? t.id.replace('_', '')),
      );
      const completed = mine.find((n) => n.eventName === 'disbursement.completed')!;
      const failed = mine.find((n) => n.eventName === 'disbursement.failed')!;
      // Replayed twice each, in the wrong order.
      for (const body of [failed.body, completed.body, failed.body, completed.body]) {
        const answer = await fetch(`${api.url}${notifyUrl}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(answer.status).toBe(200);
      }
      expect((await read(t.id)).status).toBe('FAILED');
      expect((await balance()).available).toBe(start);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('a callback with a bad signature or an unknown payout changes nothing', async () => {
      const start = (await balance()).available;
      const t = await transfer(2_000);
      const forged = JSON.stringify({
        eventName: 'disbursement.failed',
        mchOrderId: t.id.replace('_', ''),
        transactionStatus: 'FAILED',
        failedCode: -10005,
        sign: 'a'.repeat(40),
      });
      const bad = await fetch(`${api.url}${notifyUrl}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: forged,
      });
      expect(await bad.json()).toMatchObject({ code: 0 });
      expect((await read(t.id)).status).toBe('PENDING');
      expect((await balance()).available).toBe(start - 2_000);
    });

    it('pays out to an e-wallet', async () => {
      const t = await transfer(60_000, {
        type: 'ewallet',
        wallet_code: 'GCASH',
        account_no: '09171234567',
        account_name: 'Ana Santos',
      });
      await execute();
      await eventually(async () => (await read(t.id)).status === 'PAID');
    });

    it('red envelopes: PayCools has none', async () => {
      const sent = await api.request<{ code: string }>('POST', '/v1/red_envelopes', {
        key: key(),
        body: {
          out_transfer_no: uniqueNo('red'),
          amount: 100,
          currency: 'PHP',
          destination: { type: 'wallet_user', user_id: 'u1' },
        },
      });
      expect(sent.body.code).toBe('channel_not_support_red_envelope');
    });
  });
}
