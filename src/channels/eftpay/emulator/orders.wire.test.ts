import { describe, expect, it } from 'vitest';
import { answerSignedBy } from '../../../../test/helpers/vmp-hand.js';
import {
  emulator,
  KEY,
  no,
  notifyUrl,
  received,
  replyWith,
  SECRET,
  until,
  useWireEmulator,
  vmp,
} from './wire-harness.js';

/** An order's life on the wire: QR expiry, the buyer paying and the notification, close, lookup. */

useWireEmulator();

describe('state machine and time rules', () => {
  it('expires a WeChat QR code after 900 s by default: closed, no longer payable', async () => {
    const out = no();
    const order = (await vmp.wechatOrder(out)).json;
    emulator.clock.advance(899_000);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_PROCESSING');
    emulator.clock.advance(2_000);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_CLOSED');
    const late = await vmp.buyerPays(order.eft_trade_no!);
    expect(late.status).toBe(409);
    expect(late.json).toEqual({ error: 'expired' });
  });

  it('honours active_time (a multiple of 60) and refuses any other (06)', async () => {
    const out = no();
    await vmp.qrOrder(out, '3.00', { active_time: '120' });
    emulator.clock.advance(121_000);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_CLOSED');
    expect((await vmp.qrOrder(no(), '3.00', { active_time: '90' })).json.return_status).toBe('06');
  });

  it('pays on the buyer side and notifies the merchant, signed; a "false" reply is not taken', async () => {
    const out = no();
    const order = (await vmp.qrOrder(out, '12.30', { notify_url: notifyUrl, tid: 'T01' })).json;
    replyWith('{"return_code":"false"}');
    expect((await vmp.buyerPays(order.eft_trade_no!)).json.trade_status).toBe('TRADE_SUCCESS');
    const note = await until(() => received[0]);
    const body = JSON.parse(note.body) as Record<string, string>;
    expect(body).toMatchObject({
      notify_type: 'trade_status_sync',
      trade_type: 'SALE',
      user_confirm_key: KEY,
      out_trade_no: out,
      eft_trade_no: order.eft_trade_no,
      eftpay_trade_no: order.eft_trade_no,
      total_fee: '12.30',
      currency: 'HKD',
      trade_status: 'TRADE_SUCCESS',
      payment_type: 'ALIPAYHK',
      tid: 'T01',
    });
    expect(body.gmt_payment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(body.transaction_id).toBe(body.trade_no);
    expect(answerSignedBy(body, SECRET)).toBe(true);
    expect(String(note.headers['content-type'])).toContain('application/json');
    const log = await until(() => {
      const entry = emulator.notifier.deliveries().find((d) => d.body === note.body);
      return entry?.lastAnswer === undefined ? undefined : entry;
    });
    expect(log).toMatchObject({ attempts: 1, delivered: false });
  });

  it('closes an unpaid order of today; the buyer can no longer pay it', async () => {
    const out = no();
    const order = (await vmp.qrOrder(out)).json;
    expect((await vmp.close(out)).json).toMatchObject({ return_status: '00', trade_status: 'TRADE_CLOSED' });
    expect((await vmp.buyerPays(order.eft_trade_no!)).status).toBe(409);
    expect((await vmp.cancel(out)).json.return_status).toBe('15');
  });

  it('finds an order by eft_trade_no before out_trade_no', async () => {
    const a = (await vmp.qrOrder(no())).json;
    const b = no();
    await vmp.qrOrder(b);
    const answer = await vmp.query({ eft_trade_no: a.eft_trade_no!, out_trade_no: b });
    expect(answer.json.out_trade_no).toBe(a.out_trade_no);
  });
});
