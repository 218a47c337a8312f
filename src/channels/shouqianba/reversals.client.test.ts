import { describe, expect, it } from 'vitest';
import { magicBarcode } from '../sandbox/barcode.js';
import { refundRequestNoOf } from './client.js';
import { channel, charge, DAY, emulator, refundOf, useClientEmulator } from './client-harness.js';

/** The connector's cancel, void and refund against the emulator: same day only, never beyond the charge. */

useClientEmulator();

describe('operations', () => {
  it('cancels (reversal) and voids (revoke) paid charges the same day only', async () => {
    const a = charge();
    await channel.pay(a);
    expect(await channel.cancel(a)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const b = charge();
    await channel.pay(b);
    expect(await channel.void(b)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const c = charge();
    await channel.pay(c);
    emulator.clock.advance(DAY);
    expect(await channel.void(c)).toMatchObject({ bizResult: 'FAIL', error: { code: 'cancel_not_allowed' } });
  });

  it('refunds: partial, retried (same refund_request_no), queried, never beyond the charge', async () => {
    const c = charge({ amount: 1000 });
    await channel.pay(c);
    const r = refundOf(300);
    expect(await channel.refund(c, r)).toMatchObject({
      bizResult: 'REFUND_SUCCESS',
      orderStatus: 'PARTIAL_REFUNDED',
    });
    expect(refundRequestNoOf(r)).toHaveLength(20);
    expect(await channel.refund(c, r)).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
    expect(await channel.queryRefund(c, r)).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
    expect(await channel.queryRefund(c, refundOf(1))).toMatchObject({ bizResult: 'FAIL' });
    expect(await channel.refund(c, refundOf(701))).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'refund_amount_exceeded', channelError: { code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH' } },
    });
    expect(await channel.refund(c, refundOf(700))).toMatchObject({ orderStatus: 'REFUNDED' });
  });

  it('a promotion order cannot be cancelled: a definite refusal', async () => {
    const c = charge({ authCode: magicBarcode('32') });
    await channel.pay(c);
    expect(await channel.cancel(c)).toMatchObject({ bizResult: 'FAIL', error: { code: 'refund_refused' } });
  });
});
