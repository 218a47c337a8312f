import { describe, expect, it } from 'vitest';
import { postJson } from '../../../test/helpers/vmp-hand.js';
import { channel, charge, emulator, paidCharge, running, useClientEmulator } from './client-harness.js';

/** The connector's cancel, close and void against the emulator: once, unpaid only, the same day only. */

useClientEmulator();

describe('cancel, close, void', () => {
  it('reverses a paid charge once: CANCEL_SUCCESS, then cancel_already_done', async () => {
    const c = await paidCharge();
    expect(await channel.cancel(c)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    expect(await channel.query(c)).toMatchObject({ orderStatus: 'CANCELED' });
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'cancel_already_done', channelError: { code: '-55' } },
    });
  });

  it('aborts a charge still waiting for the buyer by closing it', async () => {
    const c = charge();
    const created = await channel.precreate(c);
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'CANCEL_ABORT_SUCCESS',
      orderStatus: 'CANCELED',
    });
    expect((await postJson(`${running.url}/_emulator/buyer/${created.channelTradeNo}`, {})).status).toBe(409);
  });

  it('has nothing to undo on an expired charge or one VMP never created', async () => {
    const expired = charge();
    await channel.precreate(expired);
    emulator.clock.advance(1_801_000);
    expect(await channel.cancel(expired)).toMatchObject({ bizResult: 'CANCEL_ABORT_SUCCESS' });
    const never = charge();
    expect(await channel.cancel(never)).toMatchObject({
      bizResult: 'FAIL',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'trade_not_found' },
    });
  });

  it('closes an unpaid charge and refuses to close a paid one (54)', async () => {
    const c = charge();
    await channel.precreate(c);
    expect(await channel.close(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CLOSED' });
    const paid = await paidCharge();
    expect(await channel.close(paid)).toMatchObject({
      bizResult: 'FAIL',
      orderStatus: 'PAID',
      error: { code: 'close_refused_paid' },
    });
  });

  it('voids a paid charge the same day and not the next', async () => {
    const today = await paidCharge();
    expect(await channel.void(today)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'VOIDED' });
    const yesterday = await paidCharge();
    emulator.clock.advance(86_400_000);
    expect(await channel.void(yesterday)).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'void_not_same_day' },
    });
  });
});
