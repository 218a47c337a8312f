import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HandAnswer, HandBybit } from '../../../../test/helpers/bybit-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { type BybitEmulator, createBybitEmulator, BYBIT_PATHS as P } from './server.js';
import { BUYERS, SPECIAL_KEYS, specialSecret } from './world.js';

/**
 * Every seed-003 code (codes.tsv, bybit rows) with a request that produces it, over HTTP, signed by hand.
 * Only the world behind Bybit (50000–50002) comes from a scenario. A code may arrive as `retCode` or, for
 * a deduction that was taken and failed, as the trade's `failure_code` (retCode 20000, status FAILED). A row
 * of codes.tsv without a producer here fails the suite.
 */

const SECRET = 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8';
const KEY = 'BPTESTKEY0000001';
const HOOK = 'http://127.0.0.1:9/hooks/bybit';
const MINUTE = 60_000;

const seedRows = readFileSync(new URL('../../../../test/fixtures/seeds/codes.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t'))
  .filter((cols) => cols[1] === 'bybit')
  .map((cols) => cols[3]!);

let emulator: BybitEmulator;
let running: StandaloneEmulator;
let bybit: HandBybit;
let seq = 0;
const no = (prefix: string) => `${prefix}${++seq}`;
const special = (key: string) =>
  bybit.as(key, specialSecret(SECRET, key), emulator.world.keys.get(key)!.merchantId);

const LIMITS = {
  single_limit: { amount: '5000', currency: 'USD', currency_type: 'FIAT' },
  period_limits: [{ period_type: 'MONTH', amount: '10000', currency: 'USD', currency_type: 'FIAT' }],
};

interface Signed {
  agreement_no: string;
  agreement_type: string;
  user_id: string;
  scene_code: string;
}

const signRequest = (overrides: Record<string, unknown> = {}, client = bybit) =>
  client.post(P.sign, {
    agreement_type: 'CYCLE',
    scene_code: 'SUBSCRIPTION',
    product_code: 'BYBIT_RECURRING_STANDARD',
    external_agreement_no: no('ext'),
    notify_url: HOOK,
    ...LIMITS,
    ...overrides,
  });

const buyer = async (signOrderId: string, action: 'confirm' | 'decline', userId: string = BUYERS.rich) => {
  const response = await fetch(`${running.url}/agreement/sign/${signOrderId}/${action}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: `user_id=${userId}`,
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) } as HandAnswer;
};

const signed = async (
  overrides: Record<string, unknown> = {},
  userId: string = BUYERS.rich,
  client = bybit,
) => {
  const request = await signRequest(overrides, client);
  expect(request.json.retCode).toBe(20000);
  const confirmed = await buyer(request.json.result!.sign_order_id as string, 'confirm', userId);
  expect(confirmed.json.retCode).toBe(20000);
  return confirmed.json.result as unknown as Signed;
};

const deduct = (a: Signed, total: string, extra: Record<string, unknown> = {}, client = bybit) =>
  client.post(P.pay, {
    user_id: a.user_id,
    agreement_type: a.agreement_type,
    agreement_no: a.agreement_no,
    out_trade_no: no('T'),
    scene_code: a.scene_code,
    amount: { total, currency: 'USD', currency_type: 'FIAT' },
    order_info: { order_title: 'Monthly plan' },
    notify_url: HOOK,
    ...extra,
  });

const refund = (trade: Record<string, unknown>, a: Signed, total: string) =>
  bybit.post(P.refund, {
    user_id: a.user_id,
    agreement_type: a.agreement_type,
    trade_no: trade.trade_no,
    out_refund_no: no('R'),
    refund_amount: { total, currency: 'USD', currency_type: 'FIAT' },
    notify_url: HOOK,
  });

const world = async (operation: string, code: string, call: () => Promise<HandAnswer>) => {
  await fetch(`${running.url}/_emulator/scenarios`, {
    method: 'POST',
    body: JSON.stringify({ operation, code }),
  });
  return call();
};

const producers: Record<string, () => Promise<HandAnswer>> = {
  '20000': () => signRequest(),
  '40000': () => signRequest({ product_code: undefined }),
  '40001': () => signRequest({}, bybit).then(() => bybit.post(P.sign, {}, { omit: ['X-BAPI-API-KEY'] })),
  '40002': () => signRequest({}, special(SPECIAL_KEYS.noPermission)),
  '40003': () => bybit.post('/v5/bybitpay/agreement/cancel', {}),
  '40004': async () => {
    const a = await signed();
    const first = await deduct(a, '1000', { out_trade_no: 'dup-40004' });
    expect(first.json.retCode).toBe(20000);
    return deduct(a, '1200', { out_trade_no: 'dup-40004' });
  },
  '139001001': async () => deduct({ ...(await signed()), agreement_no: 'AG-unknown' }, '1000'),
  '139001002': async () => {
    const a = await signed({
      sign_valid_time: new Date(emulator.clock.now() + 25 * 3_600_000).toISOString(),
    });
    emulator.clock.advance(26 * 3_600_000);
    return deduct(a, '1000');
  },
  '139001003': async () => {
    const a = await signed();
    const unsign = await bybit.post(P.unsign, {
      user_id: a.user_id,
      agreement_type: a.agreement_type,
      agreement_no: a.agreement_no,
    });
    expect(unsign.json.result?.status).toBe('UNSIGNED');
    return deduct(a, '1000');
  },
  '139001004': async () => {
    const a = await signed();
    await fetch(`${running.url}/_emulator/agreements/${a.agreement_no}/suspend`, { method: 'POST' });
    return deduct(a, '1000');
  },
  '139001005': async () => {
    const ext = no('init');
    await signRequest({ external_agreement_no: ext });
    const query = await bybit.get(P.query, { external_agreement_no: ext });
    const agreementNo = query.json.result!.agreement_no as string;
    return deduct(
      {
        agreement_no: agreementNo,
        agreement_type: 'CYCLE',
        user_id: BUYERS.rich,
        scene_code: 'SUBSCRIPTION',
      },
      '1000',
    );
  },
  '139001006': () => signRequest({ product_code: 'NO_SUCH_TEMPLATE' }),
  '139001007': async () => {
    await signed({ merchant_user_id: 'member-7' });
    return signRequest({ merchant_user_id: 'member-7' });
  },
  '139001008': async () => {
    const strict = special(SPECIAL_KEYS.strict);
    const a = await signed({}, BUYERS.rich, strict);
    return deduct(a, '1000', { scene_code: 'FOOD' }, strict);
  },
  '139001009': async () => deduct(await signed(), '1000', {}, special(SPECIAL_KEYS.other)),
  '139001010': async () => deduct(await signed(), '1000', { user_id: BUYERS.poor }),
  '139001011': async () =>
    deduct(await signed({ merchant_user_id: 'member-11' }), '1000', { merchant_user_id: 'member-12' }),
  '139001012': async () => {
    const ext = no('late');
    const signParams = {
      scene_code: 'SUBSCRIPTION',
      product_code: 'BYBIT_RECURRING_STANDARD',
      external_agreement_no: ext,
      sign_notify_url: HOOK,
      sign_expire_minutes: 1,
    };
    const payParams = {
      out_trade_no: no('T'),
      scene_code: 'SUBSCRIPTION',
      amount: { total: '1000', currency: 'USD', currency_type: 'FIAT' },
      order_info: { order_title: 'First month' },
      pay_notify_url: HOOK,
    };
    const first = await bybit.post(P.payWithSign, {
      agreement_type: 'CYCLE',
      sign_params: signParams,
      pay_params: payParams,
    });
    expect(first.json.result?.sign_result).toMatchObject({ status: 'INIT' });
    emulator.clock.advance(2 * MINUTE);
    return bybit.post(P.payWithSign, {
      agreement_type: 'CYCLE',
      sign_params: signParams,
      pay_params: payParams,
    });
  },
  '139001013': async () => deduct(await signed(), '1000', { agreement_type: 'NON_CYCLE' }),
  '139002001': () => bybit.get(P.payQuery, { out_trade_no: 'never-sent' }),
  '139002002': async () => {
    const a = await signed({}, BUYERS.capped);
    expect((await deduct(a, '1500')).json.result?.status).toBe('SUCCESS');
    return deduct(a, '1500');
  },
  '139002003': async () => deduct(await signed({}, BUYERS.poor), '4000'),
  '139002004': async () => {
    const a = await signed({}, BUYERS.poor);
    const failed = await deduct(a, '4000');
    return refund(failed.json.result!, a, '100');
  },
  '139002005': async () => {
    const a = await signed();
    const first = await deduct(a, '1002', { out_trade_no: 'slow-1' });
    expect(first.json.result?.status).toBe('PROCESSING');
    return deduct(a, '1002', { out_trade_no: 'slow-1' });
  },
  '139003001': async () => {
    const a = await signed();
    const paid = await deduct(a, '1000');
    return refund(paid.json.result!, a, '1001');
  },
  '139003002': async () => {
    const a = await signed();
    const processing = await deduct(a, '1002');
    return refund(processing.json.result!, a, '100');
  },
  '139003003': async () => {
    const a = await signed();
    const paid = await deduct(a, '1000');
    expect((await refund(paid.json.result!, a, '102')).json.result?.status).toBe('PROCESSING');
    return refund(paid.json.result!, a, '100');
  },
  '139003004': () => bybit.get(P.payQuery, { record_type: 'REFUND', out_refund_no: 'never-sent' }),
  '139004001': async () =>
    deduct(await signed(), '1000', {
      amount: { total: '100000', currency: 'BTC', currency_type: 'CRYPTO', chain: 'TRC20' },
    }),
  '139004002': async () =>
    deduct(await signed(), '1000', { amount: { total: '1000', currency: 'XAU', currency_type: 'FIAT' } }),
  '139004003': async () => {
    const a = await signed();
    const processing = await deduct(a, '1002');
    emulator.clock.advance(2 * MINUTE);
    return bybit.get(P.payQuery, { trade_no: processing.json.result!.trade_no as string });
  },
  '139004004': async () => deduct(await signed(), '12.50'),
  '139004005': async () => deduct(await signed(), '6000'),
  '139004006': async () => {
    const a = await signed();
    expect((await deduct(a, '4000')).json.result?.status).toBe('SUCCESS');
    expect((await deduct(a, '4000')).json.result?.status).toBe('SUCCESS');
    return deduct(a, '4000');
  },
  '139004007': () =>
    signRequest({
      product_code: 'BYBIT_RECURRING_MICRO',
      single_limit: { amount: '20000', currency: 'USD', currency_type: 'FIAT' },
    }),
  '139004008': async () => {
    const low = special(SPECIAL_KEYS.lowQuota);
    const a = await signed({}, BUYERS.rich, low);
    expect((await deduct(a, '4000', {}, low)).json.result?.status).toBe('SUCCESS');
    return deduct(a, '2000', {}, low);
  },
  '139005001': async () => deduct(await signed(), '1099'),
  '139005002': () => signRequest({}, bybit.as(KEY, `${SECRET}x`)),
  '139005003': () => bybit.post(P.sign, {}, { timestamp: emulator.clock.now() - 10_000 }),
  '139005004': () => signRequest({}, special(SPECIAL_KEYS.unconfigured)),
  '139006001': () => signRequest({}, bybit.as(KEY, SECRET, '999999')),
  '139006002': async () => deduct(await signed(), '1000', { user_id: 'U99999' }),
  '139006004': async () =>
    deduct(await signed(), '1000', {
      amount: {
        total: '1000',
        currency: 'USD',
        currency_type: 'FIAT',
        chain: 'BEP20',
        chain_address: '0xabc',
      },
    }),
  '50000': () => world('sign', '50000', () => signRequest()),
  '50001': () => world('pay', '50001', async () => deduct(await signed(), '1000')),
  '50002': () => world('query', '50002', () => bybit.get(P.query, { agreement_no: 'AG-any' })),
};

beforeAll(async () => {
  emulator = createBybitEmulator({ apiKey: KEY, apiSecret: SECRET });
  running = await startStandaloneEmulator(emulator);
  bybit = new HandBybit(running.url, KEY, SECRET, emulator.world.main.merchantId, () => emulator.clock.now());
});

afterAll(async () => {
  await running.close();
});

afterEach(() => {
  emulator.clock.reset();
});

describe('bybit emulator: every seed-003 code', () => {
  it('has a producer for each bybit row of codes.tsv, and nothing else', () => {
    expect(seedRows.length).toBe(46);
    expect(Object.keys(producers).sort()).toEqual([...seedRows].sort());
  });

  it.each(seedRows)('produces %s', async (code) => {
    const answer = await producers[code]!();
    const failureCode = (answer.json.result as { failure_code?: string } | null)?.failure_code;
    expect(answer.json.retCode === Number(code) || failureCode === code, answer.text).toBe(true);
    if (failureCode === code) expect(answer.json.result).toMatchObject({ status: 'FAILED' });
  });
});
