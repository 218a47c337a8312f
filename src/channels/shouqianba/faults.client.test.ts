import { describe, expect, it } from 'vitest';
import {
  channel,
  charge,
  emulator,
  ioErrorOf,
  queue,
  refundOf,
  useClientEmulator,
} from './client-harness.js';

/** Transport faults and the world behind upay: the outcome unknown, never a wrong final state. */

useClientEmulator();

describe('faults: outcome unknown, never a wrong final state', () => {
  const cases = [
    { fault: 'reset', flow: 'FAIL_IO_1', code: 'channel_connection_error' },
    { fault: 'timeout', flow: 'FAIL_IO_2', code: 'channel_connection_error' },
    { fault: 'http_500', flow: 'FAIL_PROTOCOL_1', code: 'channel_connection_error' },
    { fault: 'garbled', flow: 'FAIL_PROTOCOL_2', code: 'channel_parse_error' },
  ] as const;

  for (const c of cases) {
    it(`pay meets ${c.fault}: ChannelIoError ${c.flow}; query finds it paid; cancel reverses it`, async () => {
      const ch = charge();
      await channel.query(charge()); // the terminal is ready before the fault is queued
      await queue({ operation: 'pay', fault: c.fault });
      const error = await ioErrorOf(channel.pay(ch));
      expect([error.flowStatus, error.code]).toEqual([c.flow, c.code]);
      expect(await channel.query(ch)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'PAID' });
      expect(await channel.cancel(ch)).toMatchObject({
        bizResult: 'CANCEL_SUCCESS',
        orderStatus: 'CANCELED',
      });
    });
  }

  it('a fault that was not applied: query finds no order, nothing was paid', async () => {
    const ch = charge();
    await channel.query(charge());
    await queue({ operation: 'pay', fault: 'reset', applied: false });
    await ioErrorOf(channel.pay(ch));
    expect(await channel.query(ch)).toMatchObject({ bizResult: 'FAIL', error: { code: 'trade_not_found' } });
    // The in-doubt procedure's reversal finds nothing to reverse: the charge ends unpaid.
    expect(await channel.cancel(ch)).toMatchObject({
      bizResult: 'FAIL',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'trade_not_found', channelError: { code: 'UPAY_ORDER_NOT_EXISTS' } },
    });
  });

  it('upay failing inside (UNKNOWN_SYSTEM_ERROR) is never a definite failure', async () => {
    await channel.query(charge());
    await queue({ operation: 'pay', code: 'UNKNOWN_SYSTEM_ERROR' });
    const paid = charge();
    expect(await channel.pay(paid)).toMatchObject({
      bizResult: 'FAIL',
      flowStatus: 'FAIL_PROTOCOL_1',
      error: { code: 'channel_unexpected_error' },
    });
    expect(await channel.query(paid)).toMatchObject({ orderStatus: 'PAID' });
    await queue({ operation: 'refund', code: 'UNKNOWN_SYSTEM_ERROR' });
    expect(await channel.refund(paid, refundOf(10))).toMatchObject({ bizResult: 'REFUND_ERROR' });
  });

  it('the world behind upay: PAY_FAIL_ERROR, CANCEL_ERROR, REFUND_ERROR and INVALID_STATUS_CODE', async () => {
    await channel.query(charge());
    const a = charge();
    await queue({ operation: 'pay', code: 'PAY_FAIL_ERROR' });
    expect(await channel.pay(a)).toMatchObject({
      bizResult: 'PAY_FAIL_ERROR',
      flowStatus: 'FAIL_ERROR',
      orderStatus: 'PAY_ERROR',
      error: { code: 'channel_unexpected_error', channelError: { code: 'PAY_FAIL_ERROR' } },
    });
    await queue({ operation: 'cancel', code: 'CANCEL_ERROR' });
    expect(await channel.cancel(a)).toMatchObject({
      bizResult: 'CANCEL_ERROR',
      orderStatus: 'CANCEL_ERROR',
      error: { code: 'cancel_failed' },
    });
    expect(await channel.cancel(a)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const b = charge();
    await channel.pay(b);
    await queue({ operation: 'refund', code: 'REFUND_ERROR' });
    const r = refundOf(100);
    expect(await channel.refund(b, r)).toMatchObject({
      bizResult: 'REFUND_ERROR',
      orderStatus: 'REFUND_ERROR',
    });
    expect(await channel.queryRefund(b, r)).toMatchObject({ bizResult: 'REFUND_ERROR' });
    emulator.clock.advance(60_000);
    expect(await channel.queryRefund(b, r)).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
    await queue({ operation: 'query', code: 'INVALID_STATUS_CODE' });
    const unreadable = await channel.query(b);
    expect(unreadable.orderStatus).toBeUndefined();
    expect(unreadable.error).toMatchObject({ code: 'charge_unexpected_status' });
  });
});
