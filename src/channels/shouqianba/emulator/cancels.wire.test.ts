import { describe, expect, it } from 'vitest';
import { bizOf } from './hand-client.js';
import { call, clientSn, DAY, emulator, pay, useWireEmulator } from './wire-harness.js';

/** Cancel and revoke on the wire: once, the same day, never after a refund; cancel also stops a QR order. */

useWireEmulator();

describe('orders', () => {
  it('cancels once, the same day, and not after a refund', async () => {
    const paid = bizOf(await pay()).data!;
    expect(bizOf(await call('/upay/v2/cancel', { sn: paid.sn }))).toMatchObject({
      result_code: 'CANCEL_SUCCESS',
      data: { order_status: 'CANCELED', net_amount: '0' },
    });
    expect(bizOf(await call('/upay/v2/cancel', { sn: paid.sn }))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_CANCEL_ORDER_NOOP',
    });
    const refunded = bizOf(await pay()).data!;
    await call('/upay/v2/refund', {
      sn: refunded.sn,
      refund_request_no: 'r1',
      operator: 'o',
      refund_amount: '10',
    });
    expect(bizOf(await call('/upay/v2/revoke', { sn: refunded.sn }))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    });
    const yesterday = bizOf(await pay()).data!;
    emulator.clock.advance(DAY);
    expect(bizOf(await call('/upay/v2/cancel', { sn: yesterday.sn }))).toMatchObject({
      error_code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    });
  });

  it('revoke is for paid orders; cancel also stops an unpaid QR order', async () => {
    const qr = bizOf(
      await call('/upay/v2/precreate', {
        client_sn: clientSn(),
        total_amount: '5',
        payway: '1',
        subject: 's',
        operator: 'o',
      }),
    ).data!;
    expect(bizOf(await call('/upay/v2/revoke', { sn: qr.sn }))).toMatchObject({
      error_code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    });
    expect(bizOf(await call('/upay/v2/cancel', { sn: qr.sn }))).toMatchObject({
      result_code: 'CANCEL_SUCCESS',
      data: { order_status: 'CANCELED' },
    });
  });
});
