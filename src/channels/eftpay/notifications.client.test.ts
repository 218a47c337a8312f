import { describe, expect, it } from 'vitest';
import { handSign } from '../../../test/helpers/vmp-hand.js';
import { eftpayConnector } from './client.js';
import { ctx, KEY, SECRET, useClientEmulator } from './client-harness.js';

/** Notifications as the connector checks them: signed JSON or form, tampered and unreadable ones. */

useClientEmulator();

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

  it('reads the same fields posted as a form', () => {
    const signed = JSON.parse(notification(sale).toString()) as Record<string, string>;
    const form = Buffer.from(new URLSearchParams(signed).toString());
    expect(eftpayConnector.checkNotification(ctx(), form, {})).toMatchObject({ ok: true, outTradeNo: 'N1' });
    const tampered = Buffer.from(new URLSearchParams({ ...signed, total_fee: '9.99' }).toString());
    expect(eftpayConnector.checkNotification(ctx(), tampered, {})).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
    });
  });

  it('refuses a tampered notification (channel_sign_error) and an unreadable one (channel_parse_error)', () => {
    const tampered = JSON.parse(notification(sale).toString()) as Record<string, string>;
    tampered.total_fee = '1000.00';
    const bad = eftpayConnector.checkNotification(ctx(), Buffer.from(JSON.stringify(tampered)), {});
    expect(bad).toMatchObject({ ok: false, code: 'channel_sign_error' });
    expect(JSON.parse(bad.ack.body).return_code).toBe('false');
    for (const garbage of ['{"out_trade_no": "N1",', 'success', '<xml><sign>1</sign></xml>', '[1,2]']) {
      const check = eftpayConnector.checkNotification(ctx(), Buffer.from(garbage), {});
      expect(check, garbage).toMatchObject({ ok: false, code: 'channel_parse_error' });
    }
  });
});
