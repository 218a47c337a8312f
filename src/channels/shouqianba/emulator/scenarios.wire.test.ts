import { describe, expect, it } from 'vitest';
import { handCall } from './hand-client.js';
import { base, call, pay, useWireEmulator } from './wire-harness.js';

/** The kit's scenario faults and outer codes, as upay's clients meet them on the wire. */

useWireEmulator();

describe('scenarios on the wire', () => {
  it('reset, http_500, garbled and delay', async () => {
    const queue = (scenario: unknown) =>
      handCall(base, '/_emulator/scenarios', scenario, '', '', { authorization: null });
    await queue({ operation: 'pay', fault: 'reset' });
    await expect(pay()).rejects.toThrow();
    await queue({ operation: 'query', fault: 'http_500' });
    expect((await call('/upay/v2/query', { client_sn: 'x' })).status).toBe(500);
    await queue({ operation: 'query', fault: 'garbled' });
    const garbled = await call('/upay/v2/query', { client_sn: 'x' });
    expect(garbled.status).toBe(200);
    expect(() => JSON.parse(garbled.text)).toThrow();
    await queue({ operation: 'query', code: 'UNKNOWN_SYSTEM_ERROR' });
    expect((await call('/upay/v2/query', { client_sn: 'x' })).json).toMatchObject({
      result_code: '500',
      error_code: 'UNKNOWN_SYSTEM_ERROR',
    });
    const refused = await queue({ operation: 'pay', code: 'UPAY_ORDER_NOT_EXISTS' });
    expect(refused.status).toBe(400);
  });
});
