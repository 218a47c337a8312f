import { describe, expect, it } from 'vitest';
import { eftpayConnector } from './client.js';
import { charge, ctx, useClientEmulator } from './client-harness.js';

/** The connector's contract: its credentials and what it supports, and creation from a context. */

useClientEmulator();

describe('the connector contract', () => {
  it('names its credentials as EFTPay does and serves QR and pay pages in HKD and CNY', () => {
    expect(eftpayConnector.provider).toBe('eftpay');
    expect(eftpayConnector.credentialFields).toEqual(['user_confirm_key', 'secret_code']);
    expect(eftpayConnector.supports.subPayways).toEqual(['qrcode', 'wap']);
    expect(eftpayConnector.supports.currencies).toEqual(['HKD', 'CNY']);
    expect(eftpayConnector.create(ctx()).name).toBe('eftpay:cfg_eft');
  });

  it('works through connector.create against the emulator', async () => {
    const created = await eftpayConnector
      .create(ctx())
      .precreate(charge({ payway: 'wechat', currency: 'CNY' }));
    expect(created).toMatchObject({
      bizResult: 'PRECREATE_SUCCESS',
      flowStatus: 'IN_PROG',
      orderStatus: 'CREATED',
    });
  });
});
