import { describe, expect, it } from 'vitest';
import { answerSignedBy } from '../../../../test/helpers/vmp-hand.js';
import {
  DAY,
  emulator,
  no,
  notifyUrl,
  received,
  SECRET,
  until,
  useWireEmulator,
  vmp,
} from './wire-harness.js';

/** Refunds and cancels on the wire: amounts, refund numbers, the same-day rule, a refund settled later. */

useWireEmulator();

describe('state machine and time rules', () => {
  it('refunds up to the paid amount: partial TRADE_REFUND, full TRADE_CLOSED, then 18', async () => {
    const out = no();
    await vmp.paidOrder(out, '10.00');
    const first = await vmp.qrRefund(out, 'R-A', '3.33');
    expect(first.json).toMatchObject({
      return_status: '00',
      trade_type: 'REFUND',
      trade_status: 'TRADE_REFUND',
      refund_no: 'R-A',
      return_amount: '3.33',
    });
    expect(answerSignedBy(first.json, SECRET)).toBe(true);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_REFUND');
    expect((await vmp.qrRefund(out, 'R-B', '6.68')).json.return_status).toBe('18');
    expect((await vmp.qrRefund(out, 'R-B', '6.67')).json.trade_status).toBe('TRADE_CLOSED');
    const sale = (await vmp.query({ out_trade_no: out })).json;
    expect(sale).toMatchObject({ trade_type: 'SALE', trade_status: 'TRADE_CLOSED' });
    expect(sale.transaction_id).toBeTruthy();
    const refund = (await vmp.query({ out_trade_no: out, refund_no: 'R-A' })).json;
    expect(refund).toMatchObject({
      return_status: '00',
      trade_type: 'REFUND',
      refund_no: 'R-A',
      return_amount: '3.33',
    });
    expect((await vmp.qrRefund(out, 'R-C', '0.01')).json.return_status).toBe('18');
  });

  it('treats a repeated refund_no as taken (14) without refunding twice', async () => {
    const out = no();
    await vmp.paidOrder(out, '10.00');
    expect((await vmp.qrRefund(out, 'R-SAME', '4.00')).json.return_status).toBe('00');
    expect((await vmp.qrRefund(out, 'R-SAME', '4.00')).json.return_status).toBe('14');
    expect((await vmp.qrRefund(out, 'R-NEXT', '6.00')).json.trade_status).toBe('TRADE_CLOSED');
  });

  it('cancels a paid sale once, the same day, never after a refund', async () => {
    const out = no();
    await vmp.paidOrder(out);
    const cancelled = await vmp.cancel(out);
    expect(cancelled.json).toMatchObject({
      return_status: '00',
      trade_type: 'CANCEL',
      trade_status: 'TRADE_CLOSED',
    });
    expect((await vmp.cancel(out)).json.return_status).toBe('-55');
    expect((await vmp.qrRefund(out, no('r'), '1.00')).json.return_status).toBe('-55');
    expect((await vmp.close(out)).json.return_status).toBe('54');

    const yesterday = no();
    await vmp.paidOrder(yesterday);
    emulator.clock.advance(DAY);
    expect((await vmp.cancel(yesterday)).json.return_status).toBe('40');
    expect((await vmp.qrRefund(yesterday, no('r'), '1.00')).json.return_status).toBe('00');
  });

  it('settles an apply-refund later and notifies it; the money is held meanwhile', async () => {
    const out = no();
    await vmp.paidOrder(out, '10.00', 'wechat');
    const applied = await vmp.call('/Servlet/AppTradeApplyRefund.do', {
      out_trade_no: out,
      out_refund_no: 'AR-1',
      return_amount: '10.00',
      notify_url: notifyUrl,
    });
    expect(applied.json).toMatchObject({ return_status: '00', trade_status: 'APPLY_SUCCESS' });
    expect((await vmp.qrRefund(out, no('r'), '0.01', 'wechat')).json.return_status).toBe('18');
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_SUCCESS');
    emulator.clock.advance(61_000);
    expect((await vmp.query({ out_trade_no: out, refund_no: 'AR-1' })).json.trade_status).toBe(
      'TRADE_CLOSED',
    );
    const note = JSON.parse((await until(() => received[0])).body) as Record<string, string>;
    expect(note).toMatchObject({
      trade_type: 'REFUND',
      refund_no: 'AR-1',
      return_amount: '10.00',
      trade_status: 'TRADE_CLOSED',
    });
    expect(answerSignedBy(note, SECRET)).toBe(true);
  });
});
