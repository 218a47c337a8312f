import { describe, expect, it } from 'vitest';
import { bizOf, handCall } from './hand-client.js';
import { barcode, base, call, clientSn, emulator, pay, useWireEmulator } from './wire-harness.js';

/** Payments on the wire: the answer's shape, client_sn, queries and a QR order from precreate to expiry. */

useWireEmulator();

describe('orders', () => {
  it('answers a payment as upay does: strings, fen, 13-digit ms timestamps, a 16-digit sn', async () => {
    const answer = await pay({ total_amount: '2501', reflect: 'r-1' });
    expect(answer.json.result_code).toBe('200');
    const data = bizOf(answer).data!;
    for (const value of Object.values(data)) if (!Array.isArray(value)) expect(typeof value).toBe('string');
    expect(data).toMatchObject({
      status: 'SUCCESS',
      order_status: 'PAID',
      total_amount: '2501',
      net_amount: '2501',
      payway: '1',
      sub_payway: '1',
      reflect: 'r-1',
    });
    expect(data.sn).toMatch(/^789\d{13}$/);
    expect(data.finish_time).toMatch(/^\d{13}$/);
    expect(data.ctime).toMatch(/^\d{13}$/);
    const wechat = bizOf(await pay({ dynamic_id: barcode('13') })).data!;
    expect(wechat.payway).toBe('3');
  });

  it('never reuses a client_sn, not even after a failed payment', async () => {
    const sn = clientSn();
    expect(bizOf(await pay({ client_sn: sn, dynamic_id: '2800000000000000' + '01' })).result_code).toBe(
      'PAY_FAIL',
    );
    const again = bizOf(await pay({ client_sn: sn }));
    expect(again).toMatchObject({ result_code: 'PAY_FAIL', error_code: 'CLIENT_SN_CONFLICT' });
  });

  it('queries by sn or client_sn', async () => {
    const paid = bizOf(await pay()).data!;
    for (const ref of [{ sn: paid.sn }, { client_sn: paid.client_sn }]) {
      expect(bizOf(await call('/upay/v2/query', ref))).toMatchObject({
        result_code: 'SUCCESS',
        data: { order_status: 'PAID', sn: paid.sn },
      });
    }
  });

  it('a QR order: precreate, the buyer pays, query says PAID; an unpaid one expires after 4 minutes', async () => {
    const created = bizOf(
      await call('/upay/v2/precreate', {
        client_sn: clientSn(),
        total_amount: '88',
        payway: '3',
        subject: 's',
        operator: 'o',
      }),
    );
    expect(created).toMatchObject({
      result_code: 'PRECREATE_SUCCESS',
      data: { order_status: 'CREATED', status: 'IN_PROG' },
    });
    expect(created.data!.qr_code).toMatch(/^weixin:\/\//);
    const scanned = await handCall(base, '/_emulator/buyer/pay', { sn: created.data!.sn }, '', '', {
      authorization: null,
    });
    expect(scanned.status).toBe(200);
    expect(bizOf(await call('/upay/v2/query', { sn: created.data!.sn })).data).toMatchObject({
      order_status: 'PAID',
    });

    const idle = bizOf(
      await call('/upay/v2/precreate', {
        client_sn: clientSn(),
        total_amount: '1',
        payway: '1',
        subject: 's',
        operator: 'o',
      }),
    ).data!;
    emulator.clock.advance(240_001);
    expect(bizOf(await call('/upay/v2/query', { sn: idle.sn }))).toMatchObject({
      result_code: 'SUCCESS',
      error_code: 'TRADE_TIMEOUT',
      data: { order_status: 'PAY_CANCELED', status: 'FAIL_CANCELED' },
    });
    const late = await handCall(base, '/_emulator/buyer/pay', { sn: idle.sn }, '', '', {
      authorization: null,
    });
    expect(late.status).toBe(409);
  });
});
