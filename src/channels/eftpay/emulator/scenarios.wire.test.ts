import { describe, expect, it } from 'vitest';
import { answerSignedBy, handSign, postJson } from '../../../../test/helpers/vmp-hand.js';
import {
  JSAPI,
  no,
  notifyUrl,
  preorderFields,
  received,
  running,
  SECRET,
  until,
  useWireEmulator,
  vmp,
} from './wire-harness.js';

/** The world behind VMP, from scenarios: WeChat and system faults, garbled and mis-signed answers. */

useWireEmulator();

describe('the world behind VMP, from scenarios', () => {
  it('a WeChat timeout (58) on a pre-order leaves the order created; a failed creation (09) leaves none', async () => {
    const out58 = no();
    await vmp.scenario({ operation: 'jsapi', code: '58' });
    expect(
      (
        await vmp.call(JSAPI, {
          ...preorderFields(out58),
          service: 'service.wechat.qrcode.PreOrder',
          paytype: 'WeChat',
          payment_type: 'WECHATHK',
        })
      ).json.return_status,
    ).toBe('58');
    expect((await vmp.query({ out_trade_no: out58 })).json.trade_status).toBe('TRADE_PROCESSING');
    const out09 = no();
    await vmp.scenario({ operation: 'jsapi', code: '09' });
    expect((await vmp.qrOrder(out09)).json.return_status).toBe('09');
    expect((await vmp.query({ out_trade_no: out09 })).json.return_status).toBe('31');
  });

  it('refuses a scenario code that only behaviour produces', async () => {
    const answer = await postJson(`${running.url}/_emulator/scenarios`, { operation: 'jsapi', code: '18' });
    expect(answer.status).toBe(400);
    expect(answer.json.field).toBe('code');
  });

  it('garbles or mis-signs an answer on request', async () => {
    await vmp.scenario({ operation: 'jsapi', fault: 'bad_signature' });
    const bad = await vmp.qrOrder(no());
    expect(bad.json.return_status).toBe('00');
    expect(answerSignedBy(bad.json, SECRET)).toBe(false);
    await vmp.scenario({ operation: 'jsapi', fault: 'garbled' });
    const garbled = await postJson(`${running.url}${JSAPI}`, vmp.signed(preorderFields(no())));
    expect(() => JSON.parse(garbled.text)).toThrow();
  });

  it('mis-signs a notification when a notify scenario asks', async () => {
    const order = (await vmp.qrOrder(no(), '2.00', { notify_url: notifyUrl })).json;
    await vmp.scenario({ operation: 'notify', fault: 'bad_signature' });
    await vmp.buyerPays(order.eft_trade_no!);
    const note = JSON.parse((await until(() => received[0])).body) as Record<string, string>;
    expect(note.sign).toMatch(/^[0-9a-f]{64}$/);
    expect(note.sign).not.toBe(handSign(note, SECRET));
  });
});
