import { describe, expect, it } from 'vitest';
import { buyerPays, channel, charge, emulator, running, useClientEmulator } from './client-harness.js';

/** The connector's payments against the emulator: QR codes and pay pages, refusals, expiry. */

useClientEmulator();

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
