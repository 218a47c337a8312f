import { describe, expect, it } from 'vitest';
import { bizOf } from './hand-client.js';
import { call, DAY, emulator, pay, useWireEmulator } from './wire-harness.js';

/** Refunds on the wire: partial and full, idempotent, within the order, three months and the day's takings. */

useWireEmulator();

describe('orders', () => {
  it('refunds partially and fully, idempotently by refund_request_no, never beyond the order', async () => {
    const paid = bizOf(await pay({ total_amount: '100' })).data!;
    const refund = (no: string, amount: string) =>
      call('/upay/v2/refund', { sn: paid.sn, refund_request_no: no, operator: 'o', refund_amount: amount });
    expect(bizOf(await refund('a', '30'))).toMatchObject({
      result_code: 'REFUND_SUCCESS',
      data: { order_status: 'PARTIAL_REFUNDED', net_amount: '70', client_tsn: `${paid.client_sn}-a` },
    });
    expect(bizOf(await refund('a', '30'))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_REFUND_ORDER_NOOP',
    });
    expect(bizOf(await refund('b', '71'))).toMatchObject({ error_code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH' });
    // Concurrent refunds of 30 on the 70 left: exactly two get through.
    const answers = await Promise.all(['c', 'd', 'e', 'f'].map((no) => refund(no, '30')));
    expect(answers.filter((a) => bizOf(a).result_code === 'REFUND_SUCCESS')).toHaveLength(2);
    expect(bizOf(await refund('g', '10'))).toMatchObject({
      data: { order_status: 'REFUNDED', net_amount: '0' },
    });
    expect(bizOf(await refund('h', '1'))).toMatchObject({
      error_code: 'UPAY_REFUND_INVALID_ORDER_STATE',
      error_message: '订单已全额退款,可退金额不足',
    });
  });

  it("refunds within three months, drawing on the day's takings", async () => {
    const old = bizOf(await pay({ total_amount: '500' })).data!;
    emulator.clock.advance(DAY);
    const refund = (sn: string, no: string, amount = '100') =>
      call('/upay/v2/refund', { sn, refund_request_no: no, operator: 'o', refund_amount: amount });
    // Yesterday's takings were settled: nothing today to refund from.
    expect(bizOf(await refund(old.sn!, 'w1'))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'ACCOUNT_BALANCE_NOT_ENOUGH',
    });
    await pay({ total_amount: '300' });
    expect(bizOf(await refund(old.sn!, 'w2'))).toMatchObject({ result_code: 'REFUND_SUCCESS' });
    emulator.clock.advance(90 * DAY);
    await pay({ total_amount: '300' });
    expect(bizOf(await refund(old.sn!, 'w3'))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_REFUND_INVALID_ORDER_STATE',
      error_message: '订单已超过可退款期限',
    });
  });
});
