import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answerSignedBy,
  HandVmp,
  handSign,
  hkTime,
  postJson,
  postRaw,
} from '../../../../test/helpers/vmp-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { createEftpayEmulator, type EftpayEmulator } from './server.js';

/**
 * The emulator on the wire, spoken to by hand from the documentation: how lenient it is (Content-Type,
 * pretty JSON, nulls) and how strict (signature, time, types), what its answers and notifications look
 * like, and its state machine and time rules.
 */

const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const KEY = 'EFTWIRETEST1';
const JSAPI = '/Servlet/JSAPIService.do';
const DAY = 86_400_000;

let emulator: EftpayEmulator;
let running: StandaloneEmulator;
let vmp: HandVmp;
let seq = 0;
const no = (prefix = 'w') => `${prefix}${++seq}`;

/** A merchant's notify endpoint: records what arrives, answers `reply`. */
let received: { headers: Record<string, unknown>; body: string }[] = [];
let reply = '{"return_code":"success"}';
let notifyServer: Server;
let notifyUrl: string;

beforeAll(async () => {
  emulator = createEftpayEmulator({ userConfirmKey: KEY, secretCode: SECRET });
  running = await startStandaloneEmulator(emulator);
  vmp = new HandVmp(running.url, KEY, SECRET, () => emulator.clock.now());
  notifyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end(reply);
    });
  });
  await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/eftpay/notify`;
});
afterAll(async () => {
  await running.close();
  await new Promise((resolve) => notifyServer.close(resolve));
});
beforeEach(() => {
  emulator.scenarios.clear();
  emulator.clock.reset();
  received = [];
  reply = '{"return_code":"success"}';
});

const preorderFields = (out: string, extra: Record<string, string> = {}) => ({
  service: 'service.alipay.qrcode.PreOrder',
  out_trade_no: out,
  transaction_amount: '12.30',
  paytype: 'Alipay',
  payment_type: 'ALIPAYHK',
  subject: 'Egg tart',
  ...extra,
});

async function until<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never met');
}

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
    expect(Math.abs(Number(json.time) - Number(hkTime(emulator.clock.now())))).toBeLessThan(100);
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

describe('state machine and time rules', () => {
  it('expires a WeChat QR code after 900 s by default: closed, no longer payable', async () => {
    const out = no();
    const order = (await vmp.wechatOrder(out)).json;
    emulator.clock.advance(899_000);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_PROCESSING');
    emulator.clock.advance(2_000);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_CLOSED');
    const late = await vmp.buyerPays(order.eft_trade_no!);
    expect(late.status).toBe(409);
    expect(late.json).toEqual({ error: 'expired' });
  });

  it('honours active_time (a multiple of 60) and refuses any other (06)', async () => {
    const out = no();
    await vmp.qrOrder(out, '3.00', { active_time: '120' });
    emulator.clock.advance(121_000);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_CLOSED');
    expect((await vmp.qrOrder(no(), '3.00', { active_time: '90' })).json.return_status).toBe('06');
  });

  it('pays on the buyer side and notifies the merchant, signed; a "false" reply is not taken', async () => {
    const out = no();
    const order = (await vmp.qrOrder(out, '12.30', { notify_url: notifyUrl, tid: 'T01' })).json;
    reply = '{"return_code":"false"}';
    expect((await vmp.buyerPays(order.eft_trade_no!)).json.trade_status).toBe('TRADE_SUCCESS');
    const note = await until(() => received[0]);
    const body = JSON.parse(note.body) as Record<string, string>;
    expect(body).toMatchObject({
      notify_type: 'trade_status_sync',
      trade_type: 'SALE',
      user_confirm_key: KEY,
      out_trade_no: out,
      eft_trade_no: order.eft_trade_no,
      eftpay_trade_no: order.eft_trade_no,
      total_fee: '12.30',
      currency: 'HKD',
      trade_status: 'TRADE_SUCCESS',
      payment_type: 'ALIPAYHK',
      tid: 'T01',
    });
    expect(body.gmt_payment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(body.transaction_id).toBe(body.trade_no);
    expect(answerSignedBy(body, SECRET)).toBe(true);
    expect(String(note.headers['content-type'])).toContain('application/json');
    const log = await until(() => {
      const entry = emulator.notifier.deliveries().find((d) => d.body === note.body);
      return entry?.lastAnswer === undefined ? undefined : entry;
    });
    expect(log).toMatchObject({ attempts: 1, delivered: false });
  });

  it('refunds up to the paid amount: partial TRADE_REFUND, full TRADE_CLOSED, then 18', async () => {
    const out = no();
    await vmp.paidOrder(out, '10.00');
    const first = await vmp.qrRefund(out, 'R-A', '3.33');
    expect(first.json).toMatchObject({
      return_status: '00',
      trade_type: 'REFUND',
      trade_status: 'TRADE_REFUND',
      refund_no: 'R-A',
      return_amount: '3.33',
    });
    expect(answerSignedBy(first.json, SECRET)).toBe(true);
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_REFUND');
    expect((await vmp.qrRefund(out, 'R-B', '6.68')).json.return_status).toBe('18');
    expect((await vmp.qrRefund(out, 'R-B', '6.67')).json.trade_status).toBe('TRADE_CLOSED');
    const sale = (await vmp.query({ out_trade_no: out })).json;
    expect(sale).toMatchObject({ trade_type: 'SALE', trade_status: 'TRADE_CLOSED' });
    expect(sale.transaction_id).toBeTruthy();
    const refund = (await vmp.query({ out_trade_no: out, refund_no: 'R-A' })).json;
    expect(refund).toMatchObject({
      return_status: '00',
      trade_type: 'REFUND',
      refund_no: 'R-A',
      return_amount: '3.33',
    });
    expect((await vmp.qrRefund(out, 'R-C', '0.01')).json.return_status).toBe('18');
  });

  it('treats a repeated refund_no as taken (14) without refunding twice', async () => {
    const out = no();
    await vmp.paidOrder(out, '10.00');
    expect((await vmp.qrRefund(out, 'R-SAME', '4.00')).json.return_status).toBe('00');
    expect((await vmp.qrRefund(out, 'R-SAME', '4.00')).json.return_status).toBe('14');
    expect((await vmp.qrRefund(out, 'R-NEXT', '6.00')).json.trade_status).toBe('TRADE_CLOSED');
  });

  it('cancels a paid sale once, the same day, never after a refund', async () => {
    const out = no();
    await vmp.paidOrder(out);
    const cancelled = await vmp.cancel(out);
    expect(cancelled.json).toMatchObject({
      return_status: '00',
      trade_type: 'CANCEL',
      trade_status: 'TRADE_CLOSED',
    });
    expect((await vmp.cancel(out)).json.return_status).toBe('-55');
    expect((await vmp.qrRefund(out, no('r'), '1.00')).json.return_status).toBe('-55');
    expect((await vmp.close(out)).json.return_status).toBe('54');

    const yesterday = no();
    await vmp.paidOrder(yesterday);
    emulator.clock.advance(DAY);
    expect((await vmp.cancel(yesterday)).json.return_status).toBe('40');
    expect((await vmp.qrRefund(yesterday, no('r'), '1.00')).json.return_status).toBe('00');
  });

  it('closes an unpaid order of today; the buyer can no longer pay it', async () => {
    const out = no();
    const order = (await vmp.qrOrder(out)).json;
    expect((await vmp.close(out)).json).toMatchObject({ return_status: '00', trade_status: 'TRADE_CLOSED' });
    expect((await vmp.buyerPays(order.eft_trade_no!)).status).toBe(409);
    expect((await vmp.cancel(out)).json.return_status).toBe('15');
  });

  it('settles an apply-refund later and notifies it; the money is held meanwhile', async () => {
    const out = no();
    await vmp.paidOrder(out, '10.00', 'wechat');
    const applied = await vmp.call('/Servlet/AppTradeApplyRefund.do', {
      out_trade_no: out,
      out_refund_no: 'AR-1',
      return_amount: '10.00',
      notify_url: notifyUrl,
    });
    expect(applied.json).toMatchObject({ return_status: '00', trade_status: 'APPLY_SUCCESS' });
    expect((await vmp.qrRefund(out, no('r'), '0.01', 'wechat')).json.return_status).toBe('18');
    expect((await vmp.query({ out_trade_no: out })).json.trade_status).toBe('TRADE_SUCCESS');
    emulator.clock.advance(61_000);
    expect((await vmp.query({ out_trade_no: out, refund_no: 'AR-1' })).json.trade_status).toBe(
      'TRADE_CLOSED',
    );
    const note = JSON.parse((await until(() => received[0])).body) as Record<string, string>;
    expect(note).toMatchObject({
      trade_type: 'REFUND',
      refund_no: 'AR-1',
      return_amount: '10.00',
      trade_status: 'TRADE_CLOSED',
    });
    expect(answerSignedBy(note, SECRET)).toBe(true);
  });

  it('finds an order by eft_trade_no before out_trade_no', async () => {
    const a = (await vmp.qrOrder(no())).json;
    const b = no();
    await vmp.qrOrder(b);
    const answer = await vmp.query({ eft_trade_no: a.eft_trade_no!, out_trade_no: b });
    expect(answer.json.out_trade_no).toBe(a.out_trade_no);
  });
});

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
