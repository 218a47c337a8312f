import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HandVmp, handSign, postJson } from '../../../test/helpers/vmp-hand.js';
import { mapUpstream } from '../../errors/lookup.js';
import type { ConnectorContext } from '../kit/connector.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../kit/emulator/index.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import { type Channel, type ChannelCharge, ChannelIoError, type ChannelRefund } from '../port.js';
import { EftpayChannel, eftpayConnector } from './client.js';
import { createEftpayEmulator, type EftpayEmulator } from './emulator/server.js';
import { WORLD_CODES } from './emulator/world-codes.js';
import { isUncertain } from './outcomes.js';

/**
 * The connector over real HTTP against the emulator on port 0: every operation, every scenario fault as
 * the right unified code, and never a final state the emulator's truth contradicts.
 */

const SECRET = '0123456789abcdef0123456789abcdef';
const KEY = 'EFTCONNECT01';

let emulator: EftpayEmulator;
let running: StandaloneEmulator;
let http: ChannelHttpClient;
let channel: Channel;
let vmp: HandVmp;
let seq = 0;

function ctx(): ConnectorContext {
  return {
    configId: 'cfg_eft',
    channelName: 'eftpay:cfg_eft',
    mode: 'test',
    baseUrl: running.url,
    credentials: { user_confirm_key: KEY, secret_code: SECRET },
    clock: emulator.clock,
    state: { load: async () => undefined, save: async () => {} },
    notifyUrl: 'http://127.0.0.1:9/notify',
  };
}

function charge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
  seq += 1;
  return {
    chargeId: `ch_${seq}`,
    merchantId: 'mer_1',
    outTradeNo: `ORDER${seq}`,
    amount: 10_000,
    currency: 'HKD',
    payway: 'alipay_hk',
    subPayway: 'qrcode',
    subject: 'Pineapple bun',
    createdAt: emulator.clock.now(),
    ...overrides,
  };
}

const refundOf = (refundNo: string, amount: number, refundedBefore = 0): ChannelRefund => ({
  refundId: `re_${refundNo}`,
  refundNo,
  amount,
  refundedBefore,
});

async function buyerPays(eftTradeNo: string): Promise<void> {
  const answer = await postJson(`${running.url}/_emulator/buyer/${eftTradeNo}`, { result: 'paid' });
  expect(answer.status).toBe(200);
}

async function paidCharge(overrides: Partial<ChannelCharge> = {}): Promise<ChannelCharge> {
  const c = charge(overrides);
  const created = await channel.precreate(c);
  expect(created.bizResult).toBe('PRECREATE_SUCCESS');
  await buyerPays(created.channelTradeNo!);
  return c;
}

async function scenario(body: Record<string, unknown>): Promise<void> {
  const answer = await postJson(`${running.url}/_emulator/scenarios`, body);
  expect(answer.status, answer.text).toBe(200);
}

async function ioErrorOf(call: Promise<unknown>): Promise<ChannelIoError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelIoError);
  return error as ChannelIoError;
}

beforeAll(async () => {
  emulator = createEftpayEmulator({ userConfirmKey: KEY, secretCode: SECRET });
  running = await startStandaloneEmulator(emulator);
  // Short answer timeouts so that a held connection (the timeout fault) ends the call quickly.
  http = new ChannelHttpClient({ timeouts: { connectMs: 2_000, answerMs: 500, totalMs: 2_000 } });
  channel = new EftpayChannel({
    name: 'eftpay:test',
    baseUrl: running.url,
    userConfirmKey: KEY,
    secretCode: SECRET,
    clock: emulator.clock,
    notifyUrl: 'http://127.0.0.1:9/notify',
    http,
  });
  vmp = new HandVmp(running.url, KEY, SECRET, () => emulator.clock.now());
});
afterAll(async () => {
  await http.close();
  await running.close();
});
beforeEach(() => {
  emulator.scenarios.clear();
  emulator.clock.reset();
});

describe('the connector contract', () => {
  it('names its credentials as EFTPay does and serves QR and pay pages in HKD and CNY', () => {
    expect(eftpayConnector.provider).toBe('eftpay');
    expect(eftpayConnector.credentialFields).toEqual(['user_confirm_key', 'secret_code']);
    expect(eftpayConnector.supports.subPayways).toEqual(['qrcode', 'wap']);
    expect(eftpayConnector.supports.currencies).toEqual(['HKD', 'CNY']);
    expect(eftpayConnector.create(ctx()).name).toBe('eftpay:cfg_eft');
  });

  it('works through connector.create against the emulator', async () => {
    const created = await eftpayConnector
      .create(ctx())
      .precreate(charge({ payway: 'wechat', currency: 'CNY' }));
    expect(created).toMatchObject({
      bizResult: 'PRECREATE_SUCCESS',
      flowStatus: 'IN_PROG',
      orderStatus: 'CREATED',
    });
  });
});

describe('payments', () => {
  it('precreates a QR code, reads it in progress, then paid with the buyer', async () => {
    const c = charge();
    const created = await channel.precreate(c);
    expect(created.qrCode).toBe(`${running.url}/_emulator/buyer/${created.channelTradeNo}`);
    expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CREATED' });
    await buyerPays(created.channelTradeNo!);
    const paid = await channel.query(c);
    expect(paid).toMatchObject({
      bizResult: 'SUCCESS',
      orderStatus: 'PAID',
      channelTradeNo: created.channelTradeNo,
    });
    expect(paid.buyerId).toBeTruthy();
  });

  it('precreates a pay page for wap (Alipay WAP, WeChat web)', async () => {
    for (const payway of ['alipay', 'wechat_hk']) {
      const created = await channel.precreate(charge({ payway, subPayway: 'wap' }));
      expect(created.bizResult).toBe('PRECREATE_SUCCESS');
      expect(created.payUrl).toContain('/_emulator/buyer/');
      expect(created.qrCode).toBeUndefined();
    }
  });

  it('refuses barcode payments locally: VMP has no B-scans-C scene', async () => {
    const outcome = await channel.pay(charge({ subPayway: 'barcode', authCode: '280000000000000000' }));
    expect(outcome).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      error: { code: 'payway_not_enabled' },
    });
  });

  it('maps refusals through the catalog with the upstream code verbatim', async () => {
    const usd = await channel.precreate(charge({ currency: 'USD' }));
    expect(usd).toMatchObject({
      bizResult: 'PRECREATE_FAIL',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'currency_not_supported', channelError: { provider: 'eftpay', code: '56' } },
    });
    const tiny = await channel.precreate(charge({ amount: 1 }));
    expect(tiny.error).toMatchObject({ code: 'amount_out_of_range', channelError: { code: '-23' } });
    const c = charge();
    await channel.precreate(c);
    const dup = await channel.precreate(c);
    expect(dup.error).toMatchObject({ code: 'charge_order_no_used', channelError: { code: '03' } });
  });

  it('reads an expired QR code as a failed payment', async () => {
    const c = charge({ payway: 'wechat_hk' });
    await channel.precreate(c);
    emulator.clock.advance(901_000);
    expect(await channel.query(c)).toMatchObject({
      bizResult: 'SUCCESS',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'trade_timeout' },
    });
  });
});

describe('cancel, close, void', () => {
  it('reverses a paid charge once: CANCEL_SUCCESS, then cancel_already_done', async () => {
    const c = await paidCharge();
    expect(await channel.cancel(c)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    expect(await channel.query(c)).toMatchObject({ orderStatus: 'CANCELED' });
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'cancel_already_done', channelError: { code: '-55' } },
    });
  });

  it('aborts a charge still waiting for the buyer by closing it', async () => {
    const c = charge();
    const created = await channel.precreate(c);
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'CANCEL_ABORT_SUCCESS',
      orderStatus: 'CANCELED',
    });
    expect((await postJson(`${running.url}/_emulator/buyer/${created.channelTradeNo}`, {})).status).toBe(409);
  });

  it('has nothing to undo on an expired charge or one VMP never created', async () => {
    const expired = charge();
    await channel.precreate(expired);
    emulator.clock.advance(1_801_000);
    expect(await channel.cancel(expired)).toMatchObject({ bizResult: 'CANCEL_ABORT_SUCCESS' });
    const never = charge();
    expect(await channel.cancel(never)).toMatchObject({
      bizResult: 'FAIL',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'trade_not_found' },
    });
  });

  it('closes an unpaid charge and refuses to close a paid one (54)', async () => {
    const c = charge();
    await channel.precreate(c);
    expect(await channel.close(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CLOSED' });
    const paid = await paidCharge();
    expect(await channel.close(paid)).toMatchObject({
      bizResult: 'FAIL',
      orderStatus: 'PAID',
      error: { code: 'close_refused_paid' },
    });
  });

  it('voids a paid charge the same day and not the next', async () => {
    const today = await paidCharge();
    expect(await channel.void(today)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'VOIDED' });
    const yesterday = await paidCharge();
    emulator.clock.advance(86_400_000);
    expect(await channel.void(yesterday)).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'void_not_same_day' },
    });
  });
});

describe('refunds', () => {
  it('refunds partly then fully, and reads each refund back', async () => {
    for (const subPayway of ['qrcode', 'wap'] as const) {
      const c = await paidCharge({ subPayway, payway: subPayway === 'wap' ? 'wechat_hk' : 'alipay_hk' });
      const first = refundOf(`${c.outTradeNo}-R1`, 2_500);
      expect(await channel.refund(c, first)).toMatchObject({
        bizResult: 'REFUND_SUCCESS',
        orderStatus: 'PARTIAL_REFUNDED',
      });
      expect(await channel.refund(c, refundOf(`${c.outTradeNo}-R2`, 7_501, 2_500))).toMatchObject({
        bizResult: 'FAIL',
        error: { code: 'refund_amount_exceeded', channelError: { provider: 'eftpay', code: '18' } },
      });
      expect(await channel.refund(c, refundOf(`${c.outTradeNo}-R3`, 7_500, 2_500))).toMatchObject({
        bizResult: 'REFUND_SUCCESS',
        orderStatus: 'REFUNDED',
      });
      expect(await channel.queryRefund(c, first)).toMatchObject({
        bizResult: 'SUCCESS',
        orderStatus: 'PARTIAL_REFUNDED',
      });
      expect(await channel.queryRefund(c, refundOf('never-sent', 1))).toMatchObject({
        bizResult: 'FAIL',
        error: { code: 'trade_not_found' },
      });
    }
  });

  it('resends a refund whose answer was lost with the same refund_no: VMP keeps one refund and the connector finds it', async () => {
    const c = await paidCharge();
    const r = refundOf(`${c.outTradeNo}-LOST`, 1_000);
    await scenario({ operation: 'jsapi', fault: 'reset' });
    await ioErrorOf(channel.refund(c, r));
    expect(await channel.refund(c, r)).toMatchObject({
      bizResult: 'SUCCESS',
      orderStatus: 'PARTIAL_REFUNDED',
    });
    expect((await vmp.query({ out_trade_no: c.outTradeNo })).json.trade_status).toBe('TRADE_REFUND');
    // Only one refund of 10.00 was taken: 90.00 remain refundable.
    expect(await channel.refund(c, refundOf(`${c.outTradeNo}-REST`, 9_000, 1_000))).toMatchObject({
      orderStatus: 'REFUNDED',
    });
  });
});

describe('transport faults are unknown outcomes, and the query tells the truth', () => {
  const faults = [
    ['timeout', 'channel_connection_error', 'FAIL_IO_2'],
    ['reset', 'channel_connection_error', 'FAIL_IO_1'],
    ['http_500', 'channel_connection_error', 'FAIL_PROTOCOL_1'],
    ['garbled', 'channel_parse_error', 'FAIL_PROTOCOL_2'],
    ['bad_signature', 'channel_sign_error', 'FAIL_PROTOCOL_3'],
  ] as const;
  for (const [fault, code, flowStatus] of faults) {
    it(`${fault} on a pre-order → ${code}; the order exists`, async () => {
      const c = charge();
      await scenario({ operation: 'jsapi', fault });
      const error = await ioErrorOf(channel.precreate(c));
      expect(error.code).toBe(code);
      expect(error.flowStatus).toBe(flowStatus);
      expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CREATED' });
    });
  }

  it('a fault that did not apply leaves no order: query answers not found, never a status', async () => {
    const c = charge();
    await scenario({ operation: 'jsapi', fault: 'reset', applied: false });
    await ioErrorOf(channel.precreate(c));
    const truth = await channel.query(c);
    expect(truth).toMatchObject({ bizResult: 'FAIL', error: { code: 'trade_not_found' } });
    expect(truth.orderStatus).toBeUndefined();
  });

  it('a lost cancel answer: the cancel took effect, the query says CANCELED', async () => {
    const c = await paidCharge();
    await scenario({ operation: 'cancel', fault: 'timeout' });
    await ioErrorOf(channel.cancel(c));
    expect(await channel.query(c)).toMatchObject({ orderStatus: 'CANCELED' });
  });
});

describe('world codes from scenarios → unified codes, uncertain only when they may have acted', () => {
  it('every world code of a pre-order maps to its catalog code; a definite failure left no order', async () => {
    for (const code of WORLD_CODES.preorder) {
      const c = charge();
      await scenario({ operation: 'jsapi', code });
      const outcome = await channel.precreate(c);
      const unified = mapUpstream('eftpay', code, code === '-99' ? 'System error' : undefined);
      expect(outcome.error?.code, code).toBe(unified);
      expect(outcome.error?.channelError).toMatchObject({ provider: 'eftpay', code });
      const truth = await channel.query(c);
      if (isUncertain(outcome.error!)) {
        expect(outcome, code).toMatchObject({ bizResult: 'PRECREATE_FAIL_ERROR', orderStatus: 'PAY_ERROR' });
      } else {
        expect(outcome, code).toMatchObject({ bizResult: 'PRECREATE_FAIL', orderStatus: 'PAY_CANCELED' });
        expect(truth.error?.code, `${code}: a definite failure must leave no order`).toBe('trade_not_found');
      }
    }
  });

  it('every world code of a refund maps to its catalog code; a definite failure refunded nothing', async () => {
    for (const code of WORLD_CODES.refund) {
      const c = await paidCharge();
      const r = refundOf(`${c.outTradeNo}-W`, 1_000);
      await scenario({ operation: 'jsapi', code });
      const outcome = await channel.refund(c, r);
      expect(outcome.error?.code, code).toBe(
        mapUpstream('eftpay', code, code === '-99' ? 'System error' : undefined),
      );
      const truth = await channel.queryRefund(c, r);
      if (isUncertain(outcome.error!)) {
        expect(outcome, code).toMatchObject({ bizResult: 'REFUND_ERROR' });
      } else {
        expect(outcome.bizResult, code).toBe('FAIL');
        expect(truth.error?.code, `${code}: a definite failure must refund nothing`).toBe('trade_not_found');
      }
    }
  });

  it('every world code of a cancel maps to its catalog code; a definite failure cancelled nothing', async () => {
    for (const code of WORLD_CODES.cancel) {
      const c = await paidCharge();
      await scenario({ operation: 'cancel', code });
      const outcome = await channel.cancel(c);
      expect(outcome.error?.code, code).toBe(
        mapUpstream('eftpay', code, code === '-99' ? 'System error' : undefined),
      );
      const truth = await channel.query(c);
      if (outcome.bizResult === 'FAIL') expect(truth.orderStatus, code).toBe('PAID');
      else expect(outcome.bizResult, code).toBe('CANCEL_ERROR');
    }
  });

  it('a refund whose notification failed (52) is pending; the refund query finds it done', async () => {
    const c = await paidCharge();
    const r = refundOf(`${c.outTradeNo}-52`, 10_000);
    await scenario({ operation: 'jsapi', code: '52' });
    expect(await channel.refund(c, r)).toMatchObject({
      bizResult: 'REFUND_ERROR',
      error: { code: 'refund_pending' },
    });
    expect(await channel.queryRefund(c, r)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'REFUNDED' });
  });
});

describe('notifications', () => {
  function notification(fields: Record<string, string>): Buffer {
    return Buffer.from(JSON.stringify({ ...fields, sign: handSign(fields, SECRET) }));
  }
  const sale = {
    notify_type: 'trade_status_sync',
    trade_type: 'SALE',
    user_confirm_key: KEY,
    out_trade_no: 'N1',
    eft_trade_no: 'EFT1',
    eftpay_trade_no: 'EFT1',
    total_fee: '1.00',
    trade_status: 'TRADE_SUCCESS',
    time: '20261130120000',
  };

  it('names the order of a signed notification and acknowledges it signed', () => {
    const check = eftpayConnector.checkNotification(ctx(), notification(sale), {});
    expect(check).toMatchObject({ ok: true, outTradeNo: 'N1', channelTradeNo: 'EFT1' });
    const ack = JSON.parse(check.ack.body) as Record<string, string>;
    expect(ack.return_code).toBe('success');
    expect(ack.sign).toBe(handSign(ack, SECRET));
    const refund = eftpayConnector.checkNotification(
      ctx(),
      notification({ ...sale, trade_type: 'REFUND', refund_no: 'RF1', trade_status: 'TRADE_REFUND' }),
      {},
    );
    expect(refund).toMatchObject({ ok: true, refundNo: 'RF1' });
  });

  it('refuses a tampered notification (channel_sign_error) and an unreadable one (channel_parse_error)', () => {
    const tampered = JSON.parse(notification(sale).toString()) as Record<string, string>;
    tampered.total_fee = '1000.00';
    const bad = eftpayConnector.checkNotification(ctx(), Buffer.from(JSON.stringify(tampered)), {});
    expect(bad).toMatchObject({ ok: false, code: 'channel_sign_error' });
    expect(JSON.parse(bad.ack.body).return_code).toBe('false');
    const garbage = eftpayConnector.checkNotification(ctx(), Buffer.from('return_code=success'), {});
    expect(garbage).toMatchObject({ ok: false, code: 'channel_parse_error' });
  });
});
