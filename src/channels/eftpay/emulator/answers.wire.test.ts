import { describe, expect, it } from 'vitest';
import { answerSignedBy, hkTime } from '../../../../test/helpers/vmp-hand.js';
import {
  emulator,
  JSAPI,
  no,
  preorderFields,
  running,
  SECRET,
  useWireEmulator,
  vmp,
} from './wire-harness.js';

/** What the emulator's answers look like on the wire, through every servlet and spelling. */

useWireEmulator();

describe('answers', () => {
  it('are flat JSON strings, amounts as decimals, time in Hong Kong, signed by the merchant secret', async () => {
    const out = no();
    const answer = await vmp.call(JSAPI, preorderFields(out, { fee_type: 'CNY' }));
    expect(answer.status).toBe(200);
    const json = answer.json;
    for (const value of Object.values(json)) expect(typeof value).toBe('string');
    expect(json).toMatchObject({
      return_status: '00',
      out_trade_no: out,
      trade_status: 'TRADE_PROCESSING',
      transaction_amount: '12.30',
      fee_type: 'CNY',
      payment_type: 'ALIPAYHK',
    });
    expect(json.eft_trade_no).toBe(json.eftpay_trade_no);
    expect(json.qr_code).toBe(`${running.url}/_emulator/buyer/${json.eft_trade_no}`);
    const now = emulator.clock.now();
    const recent = Array.from({ length: 6 }, (_, k) => hkTime(now - k * 1000));
    expect(recent).toContain(json.time);
    expect(answerSignedBy(json, SECRET)).toBe(true);
  });

  it('leave front errors unsigned', async () => {
    const answer = await vmp.call(JSAPI, preorderFields(no(), { transaction_amount: 'twelve' }));
    expect(answer.json).toEqual({
      return_status: '-22',
      return_char: 'Amount format error: Please check the request parameter transaction_amount',
    });
  });

  it('read the same through every servlet and spelling: web, wap, app and the legacy query', async () => {
    const web = await vmp.call(JSAPI, {
      service: 'service.wechat.web.PreOrder',
      out_trade_no: no(),
      transaction_amount: '5',
      payType: 'WeChat',
      wallet: 'WECHATCN',
      subject: 'Bun',
      pay_scene: 'WEB',
      lang: 'en',
      return_url: 'https://shop.example/back',
    });
    expect(web.json).toMatchObject({
      return_status: '00',
      payType: 'WeChat',
      wallet: 'WECHATCN',
      transaction_amount: '5.00',
    });
    expect(web.json.pay_url).toContain('/_emulator/buyer/');
    const withQuery = await vmp.call(JSAPI, {
      service: 'service.alipay.wap.PreOrder',
      out_trade_no: no(),
      transaction_amount: '5',
      payType: 'Alipay',
      wallet: 'ALIPAYCN',
      subject: 'Bun',
      pay_scene: 'WAP',
      return_url: 'https://shop.example/back?x=1',
    });
    expect(withQuery.json.return_status).toBe('06');
    const app = await vmp.call('/Servlet/AppTradePay.do', {
      out_trade_no: no(),
      transaction_amount: '5',
      payType: 'Alipay',
      wallet: 'ALIPAYHK',
      subject: 'Bun',
      pay_scene: 'WEB',
    });
    expect(app.json.return_status).toBe('06');
    const byLegacy = await vmp.call('/Servlet/CommonTradeQuery.do', {
      querytype: 'OUT_TRADE',
      eft_trade_no: web.json.eft_trade_no!,
    });
    expect(byLegacy.json).toMatchObject({
      return_status: '00',
      trade_type: 'SALE',
      trade_status: 'TRADE_PROCESSING',
    });
  });
});
