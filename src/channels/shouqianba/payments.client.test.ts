import { describe, expect, it } from 'vitest';
import { magicBarcode } from '../sandbox/barcode.js';
import { channel, charge, emulator, useClientEmulator } from './client-harness.js';

/** The connector's payments against the emulator: barcode, refusals, in progress, QR codes and close. */

useClientEmulator();

describe('operations', () => {
  it('pays a barcode: PAY_SUCCESS, PAID, the upay sn and the buyer', async () => {
    const outcome = await channel.pay(charge({ payway: 'wechat', authCode: `13${'4'.repeat(16)}` }));
    expect(outcome).toMatchObject({ bizResult: 'PAY_SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'PAID' });
    expect(outcome.channelTradeNo).toMatch(/^789\d{13}$/);
    expect(outcome.buyerId).toMatch(/^oSBX/);
  });

  it('maps a refusal to its unified code with the upstream answer verbatim', async () => {
    expect(await channel.pay(charge({ authCode: magicBarcode('01') }))).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      orderStatus: 'PAY_CANCELED',
      error: {
        code: 'insufficient_fund',
        channelError: { provider: 'shouqianba', code: 'INSUFFICIENT_FUND', message: '账户金额不足' },
      },
    });
    expect(await channel.pay(charge({ amount: 500_001 }))).toMatchObject({
      error: { code: 'buyer_over_transaction_limit' },
    });
    expect(await channel.pay(charge({ payway: 'jdpay' }))).toMatchObject({
      bizResult: 'PAY_FAIL',
      error: { code: 'payway_not_enabled' },
    });
  });

  it('a payment in progress is settled by query', async () => {
    const c = charge({ authCode: magicBarcode('10') });
    expect(await channel.pay(c)).toMatchObject({ bizResult: 'PAY_IN_PROGRESS', orderStatus: 'CREATED' });
    expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CREATED' });
    emulator.clock.advance(5_000);
    expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'PAID' });
  });

  it('a buyer who never confirms: cancel aborts the payment', async () => {
    const c = charge({ authCode: magicBarcode('11') });
    await channel.pay(c);
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'CANCEL_ABORT_SUCCESS',
      orderStatus: 'CANCELED',
    });
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'cancel_already_done' },
    });
  });

  it('precreates a QR code, closes an unpaid one', async () => {
    const c = charge({ subPayway: 'qrcode', authCode: undefined });
    const created = await channel.precreate(c);
    expect(created).toMatchObject({ bizResult: 'PRECREATE_SUCCESS', orderStatus: 'CREATED' });
    expect(created.qrCode).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(await channel.close(c)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    // Close never reverses money: a paid order is refused, one that never reached upay is closed at once.
    const paid = charge();
    await channel.pay(paid);
    expect(await channel.close(paid)).toMatchObject({
      bizResult: 'FAIL',
      orderStatus: 'PAID',
      error: { code: 'close_refused_paid' },
    });
    expect(await channel.close(charge())).toMatchObject({ bizResult: 'SUCCESS' });
    const stalled = charge({ authCode: magicBarcode('11') });
    await channel.pay(stalled);
    expect(await channel.close(stalled)).toMatchObject({
      bizResult: 'CANCEL_SUCCESS',
      orderStatus: 'CANCELED',
    });
    const expired = charge({ subPayway: 'qrcode', authCode: undefined });
    await channel.precreate(expired);
    emulator.clock.advance(240_001);
    expect(await channel.query(expired)).toMatchObject({
      orderStatus: 'PAY_CANCELED',
      error: { code: 'trade_timeout', channelError: { code: 'TRADE_TIMEOUT' } },
    });
  });
});
