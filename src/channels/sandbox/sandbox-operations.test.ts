import { describe, expect, it } from 'vitest';
import {
  ABORTED,
  CANCELED,
  charge,
  type Expected,
  expectOutcome,
  HOUR,
  IN_PROGRESS,
  PAID,
  payFail,
  qrCharge,
  refund,
  SECOND,
  setup,
  T0,
} from '../../../test/helpers/sandbox-outcomes.js';
import { lookupUpstream, mapUpstream } from '../../errors/lookup.js';
import { type ChannelCharge, ChannelIoError } from '../port.js';
import { magicBarcode } from './barcode.js';
import { type SandboxChannel, sandboxTradeNo } from './sandbox-channel.js';
import { SANDBOX_OPERATIONS, type SandboxOperation } from './scenarios.js';

describe('QR and wap charges', () => {
  it('precreate answers a QR code or a pay path', async () => {
    const { channel } = setup();
    const qr = await channel.precreate(qrCharge());
    expectOutcome(qr, { biz: 'PRECREATE_SUCCESS', flow: 'IN_PROG', order: 'CREATED' });
    expect(qr.qrCode).toBe('polypay-sandbox://pay/ch_000000000000000000000001');
    expect(qr.payUrl).toBeUndefined();
    expect(qr.channelTradeNo).toBe(sandboxTradeNo('ch_000000000000000000000001'));
    const wap = await channel.precreate(qrCharge({ subPayway: 'wap' }));
    expect(wap.payUrl).toBe('/v1/sandbox/charges/ch_000000000000000000000001/pay');
    expect(wap.qrCode).toBeUndefined();
  });

  it('precreate of a barcode charge and pay of a QR charge are INVALID_PARAMS', async () => {
    const { channel } = setup();
    expectOutcome(await channel.precreate(charge()), {
      biz: 'PRECREATE_FAIL',
      flow: 'FAIL_CANCELED',
      order: 'PAY_CANCELED',
      upstream: 'INVALID_PARAMS',
      code: 'channel_parameter_error',
    });
    expectOutcome(await channel.pay(qrCharge()), payFail('INVALID_PARAMS', 'channel_parameter_error'));
  });

  it('in progress until the buyer pays; then paid with the buyer id', async () => {
    const { channel, clock } = setup();
    const subject = qrCharge();
    clock.set(T0 + 30 * SECOND);
    expectOutcome(await channel.query(subject), IN_PROGRESS);
    const action = await channel.buyerAction(subject, 'pay', 'buyer-42');
    expect(action).toEqual({
      accepted: true,
      action: { kind: 'pay', at: T0 + 30 * SECOND, buyerId: 'buyer-42' },
    });
    const paid = await channel.query(subject);
    expectOutcome(paid, PAID);
    expect(paid.buyerId).toBe('buyer-42');
    expect(paid.channelTradeNo).toBe(sandboxTradeNo(subject.chargeId));
    clock.set(T0 + HOUR);
    expectOutcome(await channel.query(subject), PAID);
  });

  it('the buyer declines: PAY_FAIL, TRADE_FAILED', async () => {
    const { channel } = setup();
    const subject = qrCharge({ payway: 'wechat' });
    const action = await channel.buyerAction(subject, 'decline');
    expect(action.accepted && action.action.buyerId).toMatch(/^oSBX/);
    expectOutcome(await channel.query(subject), payFail('TRADE_FAILED', 'channel_response_code_fail'));
  });

  it('nobody acts for 240 s: PAY_FAIL with TRADE_TIMEOUT', async () => {
    const { channel, clock } = setup();
    clock.set(T0 + 239_999);
    expectOutcome(await channel.query(qrCharge()), IN_PROGRESS);
    clock.set(T0 + 240_000);
    expectOutcome(await channel.query(qrCharge()), payFail('TRADE_TIMEOUT', 'trade_timeout'));
    expect(await channel.buyerAction(qrCharge(), 'pay')).toEqual({ accepted: false, reason: 'expired' });
  });

  it('an action recorded after the QR expired does not count', async () => {
    const { channel, orderBook, clock } = setup();
    await orderBook.setBuyerAction(qrCharge().chargeId, { kind: 'pay', at: T0 + 240_000, buyerId: 'late' });
    clock.set(T0 + 300_000);
    expectOutcome(await channel.query(qrCharge()), payFail('TRADE_TIMEOUT', 'trade_timeout'));
  });

  it('the first action wins; barcode charges take none', async () => {
    const { channel } = setup();
    await channel.buyerAction(qrCharge(), 'pay', 'first');
    const second = await channel.buyerAction(qrCharge(), 'decline', 'second');
    expect(second).toMatchObject({
      accepted: false,
      reason: 'already_decided',
      action: { buyerId: 'first' },
    });
    expect(await channel.buyerAction(charge(), 'pay')).toEqual({ accepted: false, reason: 'not_qr' });
    const failed = qrCharge({ metadata: { sandbox_error: 'shouqianba:UPAY_STORE_OVER_DAILY_LIMIT' } });
    expect(await channel.buyerAction(failed, 'pay')).toEqual({ accepted: false, reason: 'not_payable' });
  });

  it('cancel aborts an unpaid QR charge and reverses a paid one', async () => {
    const { channel } = setup();
    expectOutcome(await channel.cancel(qrCharge()), ABORTED);
    await channel.buyerAction(qrCharge(), 'pay');
    expectOutcome(await channel.cancel(qrCharge()), CANCELED);
  });
});

describe('close and void', () => {
  const CLOSE_REFUSED = lookupUpstream('eftpay', '54')!;
  const VOID_REFUSED = lookupUpstream('paycools', '21500')!;

  it('close succeeds on an unpaid charge', async () => {
    const { channel, clock } = setup();
    const closed: Expected = { biz: 'SUCCESS', flow: 'SUCCESS', order: 'CLOSED' };
    expectOutcome(await channel.close(qrCharge()), closed);
    expectOutcome(await channel.close(charge({ authCode: magicBarcode('11') })), closed);
    expectOutcome(await channel.close(charge({ authCode: magicBarcode('01') })), closed);
    clock.set(T0 + 4 * SECOND);
    expectOutcome(await channel.close(charge({ authCode: magicBarcode('10') })), closed);
  });

  it('close of a paid charge is refused (close_refused_paid, the EFTPay 54 row under provider sandbox)', async () => {
    const { channel, clock } = setup();
    await channel.buyerAction(qrCharge(), 'pay');
    for (const subject of [charge(), qrCharge(), charge({ authCode: magicBarcode('40') })]) {
      const outcome = await channel.close(subject);
      expect(outcome).toMatchObject({
        bizResult: 'FAIL',
        flowStatus: 'FAIL_CANCELED',
        orderStatus: 'PAID',
        error: {
          code: mapUpstream('eftpay', '54'),
          channelError: { provider: 'sandbox', code: '54', message: CLOSE_REFUSED.upstream.message },
        },
      });
    }
    clock.set(T0 + 5 * SECOND);
    expect((await channel.close(charge({ authCode: magicBarcode('10') }))).error?.code).toBe(
      'close_refused_paid',
    );
  });

  it('void succeeds on a paid charge and is refused on any other', async () => {
    const { channel } = setup();
    expectOutcome(await channel.void(charge()), { biz: 'SUCCESS', flow: 'SUCCESS', order: 'VOIDED' });
    const refused = await channel.void(charge({ authCode: magicBarcode('11') }));
    expect(refused).toMatchObject({
      bizResult: 'FAIL',
      flowStatus: 'FAIL_CANCELED',
      orderStatus: 'CREATED',
      error: {
        code: 'void_not_success',
        channelError: { provider: 'sandbox', code: '21500', message: VOID_REFUSED.upstream.message },
      },
    });
    expect((await channel.void(qrCharge())).error?.code).toBe('void_not_success');
  });
});

describe('generic upstream-error injection', () => {
  const PER_PROVIDER: readonly (readonly [string, string])[] = [
    ['shouqianba', 'INVALID_PARAMS'],
    ['shouqianba', 'ILLEGAL_SIGN'],
    ['shouqianba', 'UPAY_STORE_OVER_DAILY_LIMIT'],
    ['shouqianba', 'CLIENT_SN_CONFLICT'],
    ['eftpay', '58'],
    ['eftpay', '54'],
    ['eftpay', '-55'],
    ['paycools', '21405'],
    ['paycools', '21001'],
    ['paycools', '21504'],
    ['bybit', '40000'],
    ['bybit', '40004'],
    ['bybit', '139001001'],
  ];

  const FAILURE: Readonly<Record<SandboxOperation, Pick<Expected, 'biz' | 'flow' | 'order'>>> = {
    pay: { biz: 'PAY_FAIL', flow: 'FAIL_CANCELED', order: 'PAY_CANCELED' },
    precreate: { biz: 'PRECREATE_FAIL', flow: 'FAIL_CANCELED', order: 'PAY_CANCELED' },
    query: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    cancel: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    close: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    void: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    refund: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    query_refund: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
  };

  const call = (channel: SandboxChannel, operation: SandboxOperation, subject: ChannelCharge) => {
    switch (operation) {
      case 'pay':
        return channel.pay(subject);
      case 'precreate':
        return channel.precreate({ ...subject, subPayway: 'qrcode' });
      case 'query':
        return channel.query(subject);
      case 'cancel':
        return channel.cancel(subject);
      case 'close':
        return channel.close(subject);
      case 'void':
        return channel.void(subject);
      case 'refund':
        return channel.refund(subject, refund());
      case 'query_refund':
        return channel.queryRefund(subject, refund());
    }
  };

  it.each(PER_PROVIDER)(
    '%s:%s answers the provider code, message and unified code verbatim',
    async (provider, code) => {
      const { channel } = setup();
      const outcome = await channel.pay(charge({ metadata: { sandbox_error: `${provider}:${code}` } }));
      expect(outcome).toEqual({
        bizResult: 'PAY_FAIL',
        flowStatus: 'FAIL_CANCELED',
        orderStatus: 'PAY_CANCELED',
        channelTradeNo: sandboxTradeNo('ch_000000000000000000000001'),
        error: {
          code: mapUpstream(provider, code),
          channelError: { provider, code, message: lookupUpstream(provider, code)!.upstream.message },
        },
      });
    },
  );

  it.each(SANDBOX_OPERATIONS)('sandbox_operation=%s fails that operation only', async (operation) => {
    const { channel } = setup();
    const subject = charge({ metadata: { sandbox_error: 'eftpay:58', sandbox_operation: operation } });
    const outcome = await call(channel, operation, subject);
    expect({ biz: outcome.bizResult, flow: outcome.flowStatus, order: outcome.orderStatus }).toEqual({
      order: undefined,
      ...FAILURE[operation],
    });
    expect(outcome.error).toEqual({
      code: 'channel_connection_error',
      channelError: {
        provider: 'eftpay',
        code: '58',
        message: lookupUpstream('eftpay', '58')!.upstream.message,
      },
    });
    // A failed creating call fails the charge for good (checked below); other targets leave the rest alone.
    if (operation === 'pay' || operation === 'precreate') return;
    for (const other of SANDBOX_OPERATIONS) {
      if (other === operation) continue;
      const answer = await call(channel, other, subject);
      expect(answer.error?.channelError?.provider).not.toBe('eftpay');
    }
  });

  it('a failed creating call stays failed for every later query', async () => {
    const { channel, clock } = setup();
    const subject = qrCharge({
      metadata: { sandbox_error: 'paycools:21405', sandbox_operation: 'precreate' },
    });
    expect((await channel.precreate(subject)).bizResult).toBe('PRECREATE_FAIL');
    clock.advance(HOUR);
    const query = await channel.query(subject);
    expect(query).toMatchObject({
      bizResult: 'PAY_FAIL',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'partial_refund_not_supported', channelError: { provider: 'paycools', code: '21405' } },
    });
  });

  it('injection wins over a magic barcode for its operation only', async () => {
    const { channel } = setup();
    const subject = charge({
      authCode: magicBarcode('20'),
      metadata: { sandbox_error: 'shouqianba:UPAY_CANCEL_ORDER_NOOP', sandbox_operation: 'cancel' },
    });
    await expect(channel.pay(subject)).rejects.toBeInstanceOf(ChannelIoError);
    expect((await channel.cancel(subject)).error).toMatchObject({
      code: 'cancel_already_done',
      channelError: {
        provider: 'shouqianba',
        code: 'UPAY_CANCEL_ORDER_NOOP',
        message: '无效操作，订单已经是撤单状态了',
      },
    });
  });

  it('unknown metadata answers channel_parameter_error naming the bad value', async () => {
    const { channel } = setup();
    const outcome = await channel.pay(charge({ metadata: { sandbox_error: 'stripe:card_declined' } }));
    expect(outcome).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      orderStatus: 'PAY_CANCELED',
    });
    expect(outcome.error?.code).toBe('channel_parameter_error');
    expect(outcome.error?.channelError).toMatchObject({ provider: 'sandbox', code: 'INVALID_PARAMS' });
    expect(outcome.error?.channelError?.message).toContain('stripe:card_declined');
    const badOperation = await channel.pay(
      charge({ metadata: { sandbox_error: 'eftpay:58', sandbox_operation: 'x' } }),
    );
    expect(badOperation.error?.channelError?.message).toContain('sandbox_operation="x"');
  });
});

describe('policies and limits', () => {
  it('refund policy per payway', () => {
    const { channel } = setup();
    expect(channel.refundPolicy('alipay')).toEqual({ windowDays: 60, allowPartial: true, allowFull: true });
    expect(channel.refundPolicy('wechat')).toEqual({ windowDays: 60, allowPartial: true, allowFull: true });
    expect(channel.refundPolicy('baifubao')).toEqual({
      windowDays: 60,
      allowPartial: false,
      allowFull: true,
    });
    expect(channel.refundPolicy('jdpay')).toEqual({ windowDays: 60, allowPartial: true, allowFull: false });
    expect(channel.refundPolicy('qqwallet')).toEqual({ windowDays: 30, allowPartial: true, allowFull: true });
  });

  it('limits', () => {
    const { channel } = setup();
    expect(channel.limits('alipay')).toEqual({
      buyerPerCharge: 500_000,
      buyerDaily: 2_000_000,
      sellerDaily: 100_000_000,
    });
  });

  it('latencyMs delays every answer', async () => {
    const { channel } = setup({ latencyMs: 30 });
    const started = performance.now();
    await channel.query(charge());
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
