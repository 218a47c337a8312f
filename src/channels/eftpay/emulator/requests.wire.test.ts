import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { hkTime, postJson, postRaw } from '../../../../test/helpers/vmp-hand.js';
import {
  emulator,
  JSAPI,
  KEY,
  no,
  preorderFields,
  running,
  SECRET,
  useWireEmulator,
  vmp,
} from './wire-harness.js';

/**
 * Requests on the wire, spoken by hand from the documentation: how lenient the emulator is (Content-Type,
 * pretty JSON, nulls) and how strict (signature, time, types).
 */

useWireEmulator();

describe('lenient like VMP', () => {
  it('reads a JSON body sent with no Content-Type at all', async () => {
    const body = JSON.stringify(vmp.signed(preorderFields(no())));
    const response = await request(`${running.url}${JSAPI}`, { method: 'POST', body });
    const answer = JSON.parse(await response.body.text());
    expect(answer.return_status).toBe('00');
  });

  it.each([
    'APPLICATION/JSON; CHARSET=UTF-8',
    'application/json;charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
  ])('reads JSON whatever the Content-Type says (%s)', async (contentType) => {
    const body = JSON.stringify(vmp.signed(preorderFields(no())));
    const answer = await postRaw(`${running.url}${JSAPI}`, body, { 'content-type': contentType });
    expect(answer.json.return_status).toBe('00');
  });

  it('reads pretty-printed JSON with a byte-order mark', async () => {
    const body = `\uFEFF${JSON.stringify(vmp.signed(preorderFields(no())), null, 4)}\n`;
    const answer = await postRaw(`${running.url}${JSAPI}`, body, { 'content-type': 'application/json' });
    expect(answer.json.return_status).toBe('00');
  });

  it('takes null and empty values as not sent, and leaves them out of the signature', async () => {
    const fields = vmp.signed(preorderFields(no()));
    const body = JSON.stringify({ ...fields, tid: null, body: '', notify_url: '' });
    const answer = await postRaw(`${running.url}${JSAPI}`, body);
    expect(answer.json.return_status).toBe('00');
  });

  it('compares paytype without regard to case', async () => {
    const answer = await vmp.call(JSAPI, preorderFields(no(), { paytype: 'ALIPAY' }));
    expect(answer.json.return_status).toBe('00');
    expect(answer.json.paytype).toBe('Alipay');
  });
});

describe('strict like VMP', () => {
  const signedWith = (fields: Record<string, string>, sign: string) => ({ ...fields, sign });

  it('refuses an uppercase hex signature (10)', async () => {
    const fields = vmp.signed(preorderFields(no()));
    const answer = await postJson(`${running.url}${JSAPI}`, signedWith(fields, fields.sign!.toUpperCase()));
    expect(answer.json.return_status).toBe('10');
  });

  it('refuses a signature that counted an empty value as k= (10)', async () => {
    const fields: Record<string, string> = {
      ...preorderFields(no()),
      user_confirm_key: KEY,
      time: hkTime(emulator.clock.now()),
      tid: '',
    };
    const plain = Object.keys(fields)
      .sort()
      .map((k) => `${k}=${fields[k]}`)
      .join('&');
    const { createHash } = await import('node:crypto');
    const sign = createHash('sha256')
      .update(SECRET + plain)
      .digest('hex');
    expect((await postJson(`${running.url}${JSAPI}`, { ...fields, sign })).json.return_status).toBe('10');
  });

  it('refuses a missing sign (10) and a sign by another secret (10)', async () => {
    const { sign: _sign, ...unsigned } = vmp.signed(preorderFields(no()));
    expect((await postJson(`${running.url}${JSAPI}`, unsigned)).json.return_status).toBe('10');
    const other = vmp.as(KEY, 'not-the-secret');
    expect((await other.call(JSAPI, preorderFields(no()))).json.return_status).toBe('10');
  });

  it('refuses values that are not strings (-13): VMP fields are all String', async () => {
    const fields = vmp.signed(preorderFields(no()));
    const answer = await postJson(`${running.url}${JSAPI}`, { ...fields, transaction_amount: 12.3 });
    expect(answer.json.return_status).toBe('-13');
    expect(answer.json.sign).toBeUndefined();
  });

  it('refuses an unknown service (-13 Invalid service) and a JSON array (-13)', async () => {
    const answer = await vmp.call(JSAPI, { service: 'service.alipay.qrcode.Pay' });
    expect(answer.json).toEqual({ return_status: '-13', return_char: 'Invalid service' });
    expect((await postRaw(`${running.url}${JSAPI}`, '[]')).json.return_status).toBe('-13');
  });

  it('checks time against its clock: 4 minutes off passes, 6 minutes off is 12, a non-date is 13', async () => {
    const now = emulator.clock.now();
    expect((await vmp.call(JSAPI, preorderFields(no()), hkTime(now - 4 * 60_000))).json.return_status).toBe(
      '00',
    );
    expect((await vmp.call(JSAPI, preorderFields(no()), hkTime(now + 6 * 60_000))).json.return_status).toBe(
      '12',
    );
    expect((await vmp.call(JSAPI, preorderFields(no()), '20261131120000')).json.return_status).toBe('13');
    // The time is Hong Kong time: a UTC wall clock is eight hours off.
    const utc = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
    expect((await vmp.call(JSAPI, preorderFields(no()), utc)).json.return_status).toBe('12');
  });

  it('keeps each scene to its own spelling: a web refund needs out_refund_no, not refund_no (-13)', async () => {
    const out = no();
    await vmp.paidOrder(out);
    const answer = await vmp.call(JSAPI, {
      service: 'service.alipay.web.Refund',
      out_trade_no: out,
      payType: 'Alipay',
      wallet: 'ALIPAYHK',
      refund_no: no('r'),
      return_amount: '1.00',
    });
    expect(answer.json.return_status).toBe('-13');
  });
});
