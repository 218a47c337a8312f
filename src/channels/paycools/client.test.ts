import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HandPaycools, handSign } from '../../../test/helpers/paycools-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../kit/emulator/index.js';
import type { ChannelTransfer } from '../payout-port.js';
import { type ChannelCharge, ChannelIoError } from '../port.js';
import { orderIdOf, PaycoolsChannel, paycoolsConnector } from './client.js';
import { createPaycoolsEmulator, type PaycoolsEmulator } from './emulator/server.js';

/** The connector against the emulator over HTTP: collections, refunds, voids, payouts, callbacks. */

const SECRET = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const APP = 'PCAPPCLIENT0001';
const MORNING = Date.UTC(2026, 10, 30, 1, 0, 0);

let emulator: PaycoolsEmulator;
let running: StandaloneEmulator;
let hand: HandPaycools;
let channel: PaycoolsChannel;
let seq = 0;

const charge = (fields: Partial<ChannelCharge> = {}): ChannelCharge => ({
  chargeId: `ch_client${String(++seq).padStart(16, '0')}`,
  merchantId: 'mch_1',
  outTradeNo: `o${seq}`,
  amount: 10_000,
  currency: 'PHP',
  payway: 'ewallet',
  subPayway: 'wap',
  subject: 'Tea',
  createdAt: Date.now(),
  ...fields,
});
const transfer = (fields: Partial<ChannelTransfer> = {}): ChannelTransfer => ({
  transferId: `tr_client${String(++seq).padStart(16, '0')}`,
  amount: 5_000,
  currency: 'PHP',
  destination: {
    type: 'bank_account',
    bankCode: 'BDO',
    accountNo: '001234567891',
    accountName: 'Juan Dela Cruz',
  },
  createdAt: Date.now(),
  ...fields,
});

async function pay(c: ChannelCharge): Promise<void> {
  const created = await channel.precreate(c);
  expect(created.bizResult).toBe('PRECREATE_SUCCESS');
  await fetch(created.payUrl!, {
    method: 'POST',
    body: 'result=paid',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

beforeAll(async () => {
  emulator = createPaycoolsEmulator({ appId: APP, appSecret: SECRET });
  running = await startStandaloneEmulator(emulator);
  hand = new HandPaycools(running.url, APP, SECRET);
  channel = new PaycoolsChannel({
    name: 'paycools:chc_t',
    baseUrl: running.url,
    appId: APP,
    appSecret: SECRET,
    clock: emulator.clock,
  });
});
afterAll(async () => {
  await running.close();
});
beforeEach(async () => {
  await hand.control('scenarios', undefined, 'DELETE');
  await hand.control('clock', { now: MORNING });
});

describe('PayCools connector', () => {
  it('collects through the checkout page and reads PAID', async () => {
    const c = charge();
    expect((await channel.query(c)).error?.code).toBe('trade_not_found');
    await pay(c);
    const after = await channel.query(c);
    expect(after).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'PAID' });
    expect(after.channelTradeNo).toMatch(/^[0-9a-f]{36}$/);
  });

  it('refuses a payway PayCools does not have without calling it', async () => {
    expect((await channel.precreate(charge({ payway: 'alipay' }))).error?.code).toBe('payway_not_enabled');
    expect((await channel.pay(charge({ subPayway: 'barcode' }))).bizResult).toBe('PAY_FAIL');
  });

  it('refunds partly, in progress then done, and reads the refund back', async () => {
    const c = charge();
    await pay(c);
    const refund = { refundId: 're_x1', refundNo: `RN${seq}`, amount: 4_000, refundedBefore: 0 };
    expect((await channel.refund(c, refund)).bizResult).toBe('REFUND_IN_PROGRESS');
    await hand.advance(5_000);
    expect(await channel.queryRefund(c, refund)).toMatchObject({
      bizResult: 'SUCCESS',
      orderStatus: 'PARTIAL_REFUNDED',
    });
    // Sent again (answer lost): PayCools says 21407, the query finds it is ours.
    expect((await channel.refund(c, refund)).bizResult).toBe('SUCCESS');
    expect((await channel.query(c)).orderStatus).toBe('PARTIAL_REFUNDED');
  });

  it('maps refund refusals: partial on a bank virtual account, above refundable', async () => {
    const bank = charge({ payway: 'bank' });
    await pay(bank);
    const partial = await channel.refund(bank, {
      refundId: 're_x2',
      refundNo: `RN${seq}a`,
      amount: 100,
      refundedBefore: 0,
    });
    expect(partial.error).toMatchObject({
      code: 'partial_refund_not_supported',
      channelError: { code: '21405' },
    });
    const over = await channel.refund(bank, {
      refundId: 're_x3',
      refundNo: `RN${seq}b`,
      amount: 10_001,
      refundedBefore: 0,
    });
    expect(over.error?.channelError?.code).toBe('21406');
  });

  it('voids the same day, and refuses a second void', async () => {
    const c = charge();
    await pay(c);
    expect((await channel.void(c)).orderStatus).toBe('VOIDED');
    expect((await channel.void(c)).orderStatus).toBe('VOIDED');
    expect((await channel.query(c)).orderStatus).toBe('VOIDED');
    const late = charge();
    await pay(late);
    await hand.advance(86_400_000);
    expect((await channel.void(late)).error?.code).toBe('void_not_same_day');
  });

  it('pays out: pending, then paid by query; a resend does not pay twice', async () => {
    const t = transfer();
    const first = await channel.transfer(t);
    expect(first.status).toBe('PENDING');
    expect(await channel.transfer(t)).toMatchObject({
      status: 'PENDING',
      channelTransferNo: first.channelTransferNo,
    });
    await hand.advance(5_000);
    expect(await channel.queryTransfer(t)).toMatchObject({ status: 'PAID' });
    const payouts = [...emulator.engine.payouts.values()].filter(
      (p) => p.mchOrderId === orderIdOf(t.transferId),
    );
    expect(payouts).toHaveLength(1);
  });

  it('maps a failed payout: failedCode to its unified code', async () => {
    const t = transfer({
      destination: {
        type: 'ewallet',
        walletCode: 'GCASH',
        accountNo: '09171239999',
        accountName: 'Ana Santos',
      },
    });
    expect((await channel.transfer(t)).status).toBe('PENDING');
    await hand.advance(5_000);
    expect(await channel.queryTransfer(t)).toMatchObject({
      status: 'FAILED',
      error: { code: 'recipient_account_blocked', channelError: { provider: 'paycools', code: '-10009' } },
    });
  });

  it('refuses synchronously: unknown bank, balance short', async () => {
    const bank = transfer({
      destination: { type: 'bank_account', bankCode: 'ZZZ', accountNo: '1', accountName: 'A B' },
    });
    expect((await channel.transfer(bank)).error?.code).toBe('destination_not_supported');
    expect((await channel.transfer(transfer({ amount: 400_000_000 }))).error?.code).toBe(
      'merchant_balance_insufficient',
    );
    expect(
      (await channel.transfer(transfer({ destination: { type: 'wallet_user', userId: 'u1' } }))).error?.code,
    ).toBe('channel_not_support_transfer');
  });

  it('throws a sign fault on an answer that does not verify', async () => {
    const t = transfer();
    expect((await channel.transfer(t)).status).toBe('PENDING');
    await hand.control('scenarios', { operation: 'payout_query', fault: 'bad_signature' });
    const error = await channel.queryTransfer(t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelIoError);
    expect((error as ChannelIoError).code).toBe('channel_sign_error');
  });

  it('checks callbacks: a good one names the charge; a bad signature or garbage is refused', () => {
    const ctx = { credentials: { app_id: APP, app_secret: SECRET } } as never;
    const body = {
      eventName: 'h5.payment.success',
      mchOrderId: 'chabc',
      transactionId: 'f00',
      amount: 1,
      transactionStatus: 'COMPLETE',
    };
    const good = paycoolsConnector.checkNotification(
      ctx,
      Buffer.from(JSON.stringify({ ...body, sign: handSign(body, SECRET) })),
      {},
    );
    expect(good).toMatchObject({ ok: true, chargeId: 'ch_abc' });
    const bad = paycoolsConnector.checkNotification(
      ctx,
      Buffer.from(JSON.stringify({ ...body, sign: 'a'.repeat(40) })),
      {},
    );
    expect(bad).toMatchObject({ ok: false, code: 'channel_sign_error' });
    expect(paycoolsConnector.checkNotification(ctx, Buffer.from('{"eventName":'), {})).toMatchObject({
      ok: false,
      code: 'channel_parse_error',
    });
  });
});
