import { describe, expect, it } from 'vitest';
import { channel, charge, ioErrorOf, paidCharge, scenario, useClientEmulator } from './client-harness.js';

/** Transport faults are unknown outcomes: the connector never decides, the query tells the truth. */

useClientEmulator();

describe('transport faults are unknown outcomes, and the query tells the truth', () => {
  const faults = [
    ['timeout', 'channel_connection_error', 'FAIL_IO_2'],
    ['reset', 'channel_connection_error', 'FAIL_IO_1'],
    ['http_500', 'channel_connection_error', 'FAIL_PROTOCOL_1'],
    ['garbled', 'channel_parse_error', 'FAIL_PROTOCOL_2'],
    ['bad_signature', 'channel_sign_error', 'FAIL_PROTOCOL_3'],
  ] as const;
  for (const [fault, code, flowStatus] of faults) {
    it(`${fault} on a pre-order → ${code}; the order exists`, async () => {
      const c = charge();
      await scenario({ operation: 'jsapi', fault });
      const error = await ioErrorOf(channel.precreate(c));
      expect(error.code).toBe(code);
      expect(error.flowStatus).toBe(flowStatus);
      expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CREATED' });
    });
  }

  it('a fault that did not apply leaves no order: query answers not found, never a status', async () => {
    const c = charge();
    await scenario({ operation: 'jsapi', fault: 'reset', applied: false });
    await ioErrorOf(channel.precreate(c));
    const truth = await channel.query(c);
    expect(truth).toMatchObject({ bizResult: 'FAIL', error: { code: 'trade_not_found' } });
    expect(truth.orderStatus).toBeUndefined();
  });

  it('a lost cancel answer: the cancel took effect, the query says CANCELED', async () => {
    const c = await paidCharge();
    await scenario({ operation: 'cancel', fault: 'timeout' });
    await ioErrorOf(channel.cancel(c));
    expect(await channel.query(c)).toMatchObject({ orderStatus: 'CANCELED' });
  });
});
