import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HandPost, HandVmp, hkTime, postRaw } from '../../../../test/helpers/vmp-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { SPECIAL_MERCHANT_KEYS, specialSecret } from './merchants.js';
import { createEftpayEmulator, type EftpayEmulator } from './server.js';

/**
 * Every seed-002 code (codes.tsv, eftpay rows) with a request that produces it, over HTTP, requests signed
 * by hand. Codes of the world behind VMP come from a scenario; every other one from the behaviour that
 * causes it. A row of codes.tsv without a producer here fails the suite.
 */

const SECRET = 'a7c3e1f09b2d4c6e8f0a1b2c3d4e5f60';
const KEY = 'EFTTESTKEY01';
const JSAPI = '/Servlet/JSAPIService.do';
const DAY = 86_400_000;

const seedRows = readFileSync(new URL('../../../../test/fixtures/seeds/codes.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t'))
  .filter((cols) => cols[1] === 'eftpay')
  .map((cols) => ({ code: cols[3]!, message: cols[5]! }));

let emulator: EftpayEmulator;
let running: StandaloneEmulator;
let vmp: HandVmp;
let seq = 0;
const no = (prefix: string) => `${prefix}${++seq}`;
const special = (role: keyof typeof SPECIAL_MERCHANT_KEYS) =>
  vmp.as(SPECIAL_MERCHANT_KEYS[role], specialSecret(SECRET, SPECIAL_MERCHANT_KEYS[role]));

/** A world-behind code on the next call of that servlet. */
const world = async (operation: string, code: string, call: () => Promise<HandPost>) => {
  await vmp.scenario({ operation, code });
  return call();
};

const producers: Record<string, () => Promise<HandPost>> = {
  '00': () => vmp.qrOrder(no('ok')),
  '-1': () => world('jsapi', '-1', () => vmp.qrOrder(no('m1'))),
  '-11': () => vmp.as(SPECIAL_MERCHANT_KEYS.noSecret, 'anything').qrOrder(no('m11')),
  '-12': () => vmp.as('SHORTKEY', SECRET).qrOrder(no('m12')),
  '-13': () => postRaw(`${vmp.baseUrl}${JSAPI}`, '{"service": "service.alipay.qrcode.PreOrder",', {}),
  '-22': () => vmp.qrOrder(no('m22'), '12.345'),
  '-23': () => vmp.qrOrder(no('m23'), '0.01'),
  '-53': async () => {
    const sweeper = special('sweepsSales');
    const out = no('m53');
    await sweeper.paidOrder(out);
    return sweeper.qrRefund(out, no('r'), '10.00');
  },
  '-54': async () => {
    const out = no('m54');
    await vmp.paidOrder(out);
    return vmp.qrRefund(out, no('r'), '0.00');
  },
  '-55': async () => {
    const out = no('m55');
    await vmp.paidOrder(out);
    expect((await vmp.cancel(out)).json.return_status).toBe('00');
    return vmp.cancel(out);
  },
  '-99 System error': () => world('jsapi', '-99', () => vmp.qrOrder(no('m99'))),
  '-99 out_trade_no/refund_no must be unique': async () => {
    const app = {
      out_trade_no: no('app'),
      transaction_amount: '8.00',
      payType: 'WeChat',
      wallet: 'WECHATHK',
      subject: 'Tea',
      pay_scene: 'APP',
      buyerType: 'ios',
    };
    expect((await vmp.call('/Servlet/AppTradePay.do', app)).json.return_status).toBe('00');
    return vmp.call('/Servlet/AppTradePay.do', app);
  },
  '01': () => special('notifyRequired').qrOrder(no('n01')),
  '02': () => vmp.qrOrder(no('n02'), '1.00', { payment_type: 'WECHATHK' }),
  '03': async () => {
    const out = no('n03');
    await vmp.qrOrder(out);
    return vmp.qrOrder(out);
  },
  '04': async () => {
    const out = no('n04');
    await vmp.qrOrder(out);
    return vmp.query({ out_trade_no: out, paytype: 'WeChat' });
  },
  '05': () => vmp.qrRefund(no('missing'), no('r'), '1.00'),
  '06': () => vmp.qrOrder(no('n06'), '1.00', { buyertype: 'windows' }),
  '09': () => world('jsapi', '09', () => vmp.qrOrder(no('n09'))),
  '10': () => {
    const body = vmp.signed({ service: 'service.alipay.qrcode.PreOrder', out_trade_no: no('n10') });
    return postRaw(`${vmp.baseUrl}${JSAPI}`, JSON.stringify({ ...body, subject: 'tampered' }));
  },
  '11': () => vmp.as('EFTNOSUCHKEY', SECRET).qrOrder(no('n11')),
  '12': () =>
    vmp.call(
      JSAPI,
      { service: 'service.alipay.qrcode.PreOrder' },
      hkTime(emulator.clock.now() - 10 * 60_000),
    ),
  '13': () => vmp.call(JSAPI, { service: 'service.alipay.qrcode.PreOrder' }, '2026-11-30 10:00:00'),
  '14': async () => {
    const out = no('n14');
    await vmp.paidOrder(out);
    const refundNo = no('r');
    expect((await vmp.qrRefund(out, refundNo, '1.00')).json.return_status).toBe('00');
    return vmp.qrRefund(out, refundNo, '1.00');
  },
  '15': async () => {
    const out = no('n15');
    await vmp.qrOrder(out);
    expect((await vmp.close(out)).json.return_status).toBe('00');
    return vmp.qrRefund(out, no('r'), '1.00');
  },
  '16': async () => {
    const out = no('n16');
    await vmp.qrOrder(out);
    return vmp.qrRefund(out, no('r'), '1.00');
  },
  '17': async () => {
    const out = no('n17');
    await vmp.paidOrder(out, '100.00');
    return vmp.call(JSAPI, {
      service: 'service.alipay.web.Refund',
      out_trade_no: out,
      payType: 'Alipay',
      wallet: 'ALIPAYHK',
      out_refund_no: no('r'),
      return_amount: '10.00',
      total_fee: '99.00',
    });
  },
  '18': async () => {
    const out = no('n18');
    await vmp.paidOrder(out, '100.00');
    expect((await vmp.qrRefund(out, no('r'), '60.00')).json.return_status).toBe('00');
    return vmp.qrRefund(out, no('r'), '40.01');
  },
  '19': () => vmp.call('/Servlet/QRcodeTradeQuery.do', { querytype: 'IN_TRADE', out_trade_no: 'x' }),
  '20': () => vmp.qrOrder(no('n20'), '1.00', { paytype: 'UnionPay' }),
  '21': () => world('jsapi', '21', () => vmp.qrOrder(no('n21'))),
  '22': () => special('userDisabled').qrOrder(no('n22')),
  '23': () => special('merchantDisabled').qrOrder(no('n23')),
  '24': () => world('jsapi', '24', () => vmp.qrOrder(no('n24'))),
  '25': () => world('jsapi', '25', () => vmp.qrOrder(no('n25'))),
  '29': () => world('jsapi', '29', () => vmp.qrOrder(no('n29'))),
  '30': () => special('noWalletAccounts').qrOrder(no('n30')),
  '31': () => vmp.query({ out_trade_no: no('never') }),
  '40': async () => {
    const out = no('n40');
    await vmp.paidOrder(out);
    expect((await vmp.qrRefund(out, no('r'), '1.00')).json.return_status).toBe('00');
    return vmp.cancel(out);
  },
  ...Object.fromEntries(
    ['41', '42', '43', '44', '45'].map((code) => [
      code,
      async () => {
        const out = no(`n${code}`);
        await vmp.paidOrder(out);
        return world('cancel', code, () => vmp.cancel(out));
      },
    ]),
  ),
  '46': async () => {
    const out = no('n46');
    await vmp.paidOrder(out);
    emulator.clock.advance(366 * DAY);
    try {
      return await vmp.qrRefund(out, no('r'), '1.00');
    } finally {
      emulator.clock.reset();
    }
  },
  ...Object.fromEntries(
    ['47', '48', '49', '50', '51', '52'].map((code) => [
      code,
      async () => {
        const out = no(`n${code}`);
        await vmp.paidOrder(out);
        return world('jsapi', code, () => vmp.qrRefund(out, no('r'), '1.00'));
      },
    ]),
  ),
  '53': async () => {
    const a = await vmp.paidOrder(no('n53a'));
    const b = no('n53b');
    await vmp.paidOrder(b);
    return vmp.qrRefund(b, no('r'), '1.00').then(() =>
      vmp.call(JSAPI, {
        service: 'service.alipay.qrcode.Refund',
        eft_trade_no: a.eft_trade_no,
        out_trade_no: b,
        paytype: 'Alipay',
        payment_type: 'ALIPAYHK',
        refund_no: no('r'),
        transaction_amount: '1.00',
      }),
    );
  },
  '54': async () => {
    const out = no('n54');
    await vmp.paidOrder(out);
    return vmp.close(out);
  },
  '55': async () => {
    const out = no('n55');
    await vmp.qrOrder(out);
    emulator.clock.advance(DAY);
    try {
      return await vmp.close(out);
    } finally {
      emulator.clock.reset();
    }
  },
  '56': () => vmp.qrOrder(no('n56'), '1.00', { fee_type: 'USD' }),
  ...Object.fromEntries(
    ['57', '58', '59', '60', '61', '62', '80'].map((code) => [
      code,
      () => world('jsapi', code, () => vmp.qrOrder(no(`n${code}`))),
    ]),
  ),
  '64': async () => {
    const sweeper = special('sweepsSales');
    const out = no('n64');
    await sweeper.paidOrder(out, '20.00', 'wechat');
    return sweeper.qrRefund(out, no('r'), '20.00', 'wechat');
  },
};

function producerKey(row: { code: string; message: string }): string {
  return row.code === '-99' ? `-99 ${row.message}` : row.code;
}

beforeAll(async () => {
  emulator = createEftpayEmulator({ userConfirmKey: KEY, secretCode: SECRET });
  running = await startStandaloneEmulator(emulator);
  vmp = new HandVmp(running.url, KEY, SECRET, () => emulator.clock.now());
});
afterAll(async () => {
  await running.close();
});
beforeEach(async () => {
  emulator.scenarios.clear();
  emulator.clock.reset();
});

describe('every seed-002 return_status is produced by a request', () => {
  it('has a producer for each eftpay row of codes.tsv, and none for a code the seed lacks', () => {
    expect(seedRows).toHaveLength(63);
    const keys = seedRows.map(producerKey);
    expect(keys.filter((k) => producers[k] === undefined)).toEqual([]);
    expect(Object.keys(producers).filter((k) => !keys.includes(k))).toEqual([]);
  });

  for (const row of seedRows) {
    it(`${row.code} ${row.message}`, async () => {
      const producer = producers[producerKey(row)];
      expect(producer, `no request produces ${row.code}`).toBeDefined();
      const answer = await producer!();
      expect(answer.status).toBe(200);
      expect(answer.json.return_status).toBe(row.code);
      if (row.code === '-99') expect(answer.json.return_char).toBe(row.message);
      if (!['22', '23'].includes(row.code)) expect(answer.json.return_char).toBe(row.message);
      // Front (negative) statuses are unsigned; the others carry time and a sign by the merchant's secret.
      if (row.code.startsWith('-') || row.code === '11') {
        expect(answer.json.sign).toBeUndefined();
      } else {
        expect(answer.json.time).toMatch(/^\d{14}$/);
        expect(typeof answer.json.sign).toBe('string');
      }
    });
  }
});
