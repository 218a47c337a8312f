import { describe, expect, it } from 'vitest';
import { bizOf, handCall } from './hand-client.js';
import { activate, base, call, creds, DAY, emulator, pay, term, useWireEmulator } from './wire-harness.js';

/** Activation by the vendor and daily check-in, on the wire (activate.md, checkin.md). */

useWireEmulator();

describe('terminal activation and check-in', () => {
  it('activates with the vendor key and answers the terminal sn and key', () => {
    expect(term.answer.json.result_code).toBe('200');
    expect(term.sn).toMatch(/^\d+$/);
    expect(term.key).toMatch(/^[0-9a-f]{32}$/);
    expect(bizOf(term.answer)).toMatchObject({
      merchant_sn: expect.any(String),
      store_sn: expect.any(String),
    });
  });

  it('refuses a bad vendor signature, a wrong app_id, an unknown code and a device already used', async () => {
    const body = { app_id: creds.app_id, code: creds.code, device_id: 'x1' };
    const badSign = await handCall(base, '/terminal/activate', body, creds.vendor_sn!, 'wrong');
    expect(badSign.json).toMatchObject({ result_code: '400', error_code: 'ILLEGAL_SIGN' });
    const badApp = await handCall(
      base,
      '/terminal/activate',
      { ...body, app_id: 'nope' },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(badApp.json).toMatchObject({ result_code: '400', error_code: 'INVALID_PARAMS' });
    const badCode = await handCall(
      base,
      '/terminal/activate',
      { ...body, code: '1' },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(badCode.json).toMatchObject({ error_code: 'INVALID_PARAMS', error_message: '激活码不存在' });
    const again = await handCall(
      base,
      '/terminal/activate',
      { ...body, device_id: term.deviceId },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(again.json).toMatchObject({ error_code: 'INVALID_PARAMS', error_message: '设备号重复' });
  });

  it('an activation code expires after 7 days', async () => {
    const code = emulator.upay.issueActivationCode();
    emulator.clock.advance(7 * DAY + 1);
    const answer = await handCall(
      base,
      '/terminal/activate',
      { app_id: creds.app_id, code, device_id: 'late' },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(answer.json).toMatchObject({ error_code: 'INVALID_PARAMS', error_message: '激活码已过期' });
  });

  it('check-in rotates the key: the old one is refused, except for a repeated check-in', async () => {
    const t = await activate();
    const first = await call('/terminal/checkin', { device_id: t.deviceId }, t);
    const k1 = bizOf(first).terminal_key!;
    expect(k1).not.toBe(t.key);
    expect(bizOf(first)).toMatchObject({ merchant_sn: '', store_sn: '' });
    // The old key no longer signs payments.
    expect((await pay({}, t)).json).toMatchObject({ result_code: '400', error_code: 'ILLEGAL_SIGN' });
    // The check-in answer was lost: check in again with the old key.
    const second = await call('/terminal/checkin', { device_id: t.deviceId }, t);
    const k2 = bizOf(second).terminal_key!;
    expect(k2).not.toBe(k1);
    expect(bizOf(await pay({}, { ...t, key: k2 }))).toMatchObject({ result_code: 'PAY_SUCCESS' });
    expect((await pay({}, { ...t, key: k1 })).json).toMatchObject({ error_code: 'ILLEGAL_SIGN' });
  });
});
