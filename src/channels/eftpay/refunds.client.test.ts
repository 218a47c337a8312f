import { describe, expect, it } from 'vitest';
import {
  channel,
  ioErrorOf,
  paidCharge,
  refundOf,
  scenario,
  useClientEmulator,
  vmp,
} from './client-harness.js';

/** The connector's refunds against the emulator: partial and full, read back, resent, refund numbers. */

useClientEmulator();

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

  it('refuses a refund number VMP holds for another refund (refund_no_used)', async () => {
    const c = await paidCharge();
    const taken = `${c.outTradeNo}-TAKEN`;
    expect((await channel.refund(c, refundOf(taken, 1_000))).bizResult).toBe('REFUND_SUCCESS');
    expect(await channel.refund(c, refundOf(taken, 2_000, 1_000))).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'refund_no_used', channelError: { code: '14' } },
    });
  });
});
