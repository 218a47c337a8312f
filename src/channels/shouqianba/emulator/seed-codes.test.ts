import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { magicBarcode } from '../../sandbox/barcode.js';
import { createShouqianbaEmulator, type ShouqianbaEmulator } from './emulator.js';
import { bizOf, type HandAnswer, handCall } from './hand-client.js';

/**
 * Every seed-001 row of codes.tsv (error codes, biz results, order statuses, flow statuses, payways,
 * sub-payways) with the request that produces it. Rules produce them; a scenario only stands for the world
 * behind upay (the wallet or bank answering an error, losing a trade, an internal fault).
 */

const SEEDS = new URL('../../../../test/fixtures/seeds/codes.tsv', import.meta.url);

interface Row {
  readonly kind: string;
  readonly code: string;
}

function seedRows(): Row[] {
  return readFileSync(SEEDS, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cols) => cols[1] === 'shouqianba')
    .map((cols) => ({ kind: cols[2]!, code: cols[3]! }));
}

const DAY = 86_400_000;
let emulator: ShouqianbaEmulator;
let server: StandaloneEmulator;
let term: { sn: string; key: string };
let seq = 0;

const barcode = (prefix = '28', buyer?: string) =>
  `${prefix}${buyer ?? String(randomInt(0, 1e8)).padStart(8, '0')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
const magic = (nn: string) => magicBarcode(nn);
const clientSn = () => `seed-${++seq}`;

const call = (path: string, body: Record<string, unknown>, t = term) =>
  handCall(server.url, path, { terminal_sn: t.sn, ...body }, t.sn, t.key);
const control = (path: string, body: unknown) =>
  handCall(server.url, path, body, '', '', { authorization: null });
const scenario = (operation: string, code: string) => control('/_emulator/scenarios', { operation, code });

const pay = (body: Record<string, unknown> = {}) =>
  call('/upay/v2/pay', {
    client_sn: clientSn(),
    total_amount: '100',
    dynamic_id: barcode(),
    subject: 'seed',
    operator: 'op',
    ...body,
  });
const precreate = (body: Record<string, unknown> = {}) =>
  call('/upay/v2/precreate', {
    client_sn: clientSn(),
    total_amount: '100',
    payway: '1',
    subject: 'seed',
    operator: 'op',
    ...body,
  });
const snOf = (answer: HandAnswer) => bizOf(answer).data!.sn!;
const cancel = (sn: string) => call('/upay/v2/cancel', { sn });
const refund = (sn: string, amount: string, no = `r${++seq}`) =>
  call('/upay/v2/refund', { sn, refund_request_no: no, operator: 'op', refund_amount: amount });
const query = (body: Record<string, unknown>) => call('/upay/v2/query', body);

type Recipe = () => Promise<HandAnswer>;

/** `kind:code` → the request that produces it. */
const RECIPES: Readonly<Record<string, Recipe>> = {
  // Communication layer.
  'error:INVALID_PARAMS': () => pay({ total_amount: '0' }),
  'error:INVALID_TERMINAL': () => handCall(server.url, '/upay/v2/query', { client_sn: 'x' }, '123', 'k'),
  'error:ILLEGAL_SIGN': () => call('/upay/v2/query', { client_sn: 'x' }, { sn: term.sn, key: 'stale' }),
  // upay's own internal fault cannot be provoked from outside: a scenario.
  'error:UNKNOWN_SYSTEM_ERROR': async () => (
    await scenario('query', 'UNKNOWN_SYSTEM_ERROR'), query({ client_sn: 'x' })
  ),
  // Business layer.
  'error:INVALID_BARCODE': () => pay({ dynamic_id: barcode('99') }),
  'error:INSUFFICIENT_FUND': () => pay({ dynamic_id: magic('01') }),
  'error:EXPIRED_BARCODE': async () => {
    const code = barcode();
    await pay({ dynamic_id: code });
    emulator.clock.advance(61_000);
    return pay({ dynamic_id: code });
  },
  'error:BUYER_OVER_DAILY_LIMIT': async () => {
    await control('/_emulator/config', { limits: { buyerDaily: 300 } });
    await pay({ total_amount: '200', dynamic_id: barcode('28', '12345678') });
    return pay({ total_amount: '200', dynamic_id: barcode('28', '12345678') });
  },
  'error:BUYER_OVER_TRANSACTION_LIMIT': () => pay({ total_amount: '500001' }),
  'error:SELLER_OVER_DAILY_LIMIT': async () => {
    await control('/_emulator/config', { limits: { sellerDaily: 1000 } });
    await pay({ total_amount: '600', dynamic_id: barcode('13') });
    return pay({ total_amount: '600', dynamic_id: barcode('13') });
  },
  'error:TRADE_NOT_EXIST': async () => {
    const sn = snOf(await pay());
    await scenario('query', 'TRADE_NOT_EXIST');
    return query({ sn });
  },
  'error:TRADE_HAS_SUCCESS': async () => {
    const code = barcode();
    await pay({ dynamic_id: code });
    return pay({ dynamic_id: code });
  },
  'error:SELLER_BALANCE_NOT_ENOUGH': async () => {
    const sn = snOf(await pay());
    await scenario('refund', 'SELLER_BALANCE_NOT_ENOUGH');
    return refund(sn, '10');
  },
  'error:REFUND_AMT_NOT_EQUAL_TOTAL': async () => refund(snOf(await pay({ payway: '4' })), '10'),
  'error:TRADE_FAILED': () => pay({ dynamic_id: magic('06') }),
  'error:UNEXPECTED_PROVIDER_ERROR': () => pay({ payway: '5' }),
  'error:TRADE_TIMEOUT': async () => {
    const sn = snOf(await precreate());
    emulator.clock.advance(240_001);
    return query({ sn });
  },
  'error:ACCOUNT_BALANCE_NOT_ENOUGH': async () => {
    const sn = snOf(await pay());
    emulator.clock.advance(DAY);
    return refund(sn, '100');
  },
  'error:CLIENT_SN_CONFLICT': async () => {
    const sn = clientSn();
    await pay({ client_sn: sn });
    return pay({ client_sn: sn });
  },
  'error:UPAY_ORDER_NOT_EXISTS': () => query({ client_sn: 'never-used' }),
  'error:REFUNDABLE_AMOUNT_NOT_ENOUGH': async () => refund(snOf(await pay()), '101'),
  'error:UPAY_TERMINAL_NOT_EXISTS': () =>
    handCall(server.url, '/upay/v2/query', { terminal_sn: '404404', client_sn: 'x' }, term.sn, term.key),
  'error:UPAY_TERMINAL_STATUS_ABNORMAL': async () => {
    await control(`/_emulator/terminals/${term.sn}/disable`, {});
    return pay();
  },
  'error:UPAY_CANCEL_ORDER_NOOP': async () => {
    const sn = snOf(await pay());
    await cancel(sn);
    return cancel(sn);
  },
  'error:UPAY_CANCEL_INVALID_ORDER_STATE': async () => {
    const sn = snOf(await pay());
    await refund(sn, '10');
    return cancel(sn);
  },
  'error:UPAY_REFUND_ORDER_NOOP': async () => {
    const sn = snOf(await pay());
    await refund(sn, '10', 'same');
    return refund(sn, '10', 'same');
  },
  'error:UPAY_REFUND_INVALID_ORDER_STATE': async () => {
    const sn = snOf(await pay());
    await cancel(sn);
    return refund(sn, '10');
  },
  'error:UPAY_STORE_OVER_DAILY_LIMIT': async () => {
    await control('/_emulator/config', { limits: { storeDaily: 100 } });
    await pay({ total_amount: '100' });
    return pay({ total_amount: '1' });
  },
  'error:UPAY_TCP_ORDER_NOT_REFUNDABLE': async () => cancel(snOf(await pay({ dynamic_id: magic('32') }))),

  // Biz results.
  'biz_result:PAY_SUCCESS': () => pay(),
  'biz_result:PAY_FAIL': () => pay({ dynamic_id: magic('01') }),
  'biz_result:PAY_IN_PROGRESS': () => pay({ dynamic_id: magic('10') }),
  'biz_result:PAY_FAIL_ERROR': async () => (await scenario('pay', 'PAY_FAIL_ERROR'), pay()),
  'biz_result:PAY_FAIL_IN_PROGRESS': async () => (await scenario('pay', 'PAY_FAIL_IN_PROGRESS'), pay()),
  'biz_result:CANCEL_SUCCESS': async () => cancel(snOf(await pay())),
  'biz_result:CANCEL_ERROR': async () => {
    const sn = snOf(await pay());
    await scenario('cancel', 'CANCEL_ERROR');
    return cancel(sn);
  },
  'biz_result:CANCEL_ABORT_ERROR': async () => {
    const sn = snOf(await pay({ dynamic_id: magic('11') }));
    await scenario('cancel', 'CANCEL_ABORT_ERROR');
    return cancel(sn);
  },
  'biz_result:CANCEL_ABORT_SUCCESS': async () => cancel(snOf(await pay({ dynamic_id: magic('11') }))),
  'biz_result:CANCEL_IN_PROGRESS': async () => {
    const sn = snOf(await pay());
    await scenario('cancel', 'CANCEL_IN_PROGRESS');
    return cancel(sn);
  },
  'biz_result:CANCEL_ABORT_IN_PROGRESS': async () => {
    const sn = snOf(await pay({ dynamic_id: magic('11') }));
    await scenario('cancel', 'CANCEL_ABORT_IN_PROGRESS');
    return cancel(sn);
  },
  'biz_result:REFUND_SUCCESS': async () => refund(snOf(await pay()), '10'),
  'biz_result:REFUND_ERROR': async () => {
    const sn = snOf(await pay());
    await scenario('refund', 'REFUND_ERROR');
    return refund(sn, '10');
  },
  'biz_result:REFUND_IN_PROGRESS': async () => {
    const sn = snOf(await pay());
    await scenario('refund', 'REFUND_IN_PROGRESS');
    return refund(sn, '10');
  },
  'biz_result:PRECREATE_SUCCESS': () => precreate(),
  'biz_result:PRECREATE_FAIL': () => precreate({ payway: '6' }),
  'biz_result:PRECREATE_FAIL_ERROR': async () => (
    await scenario('precreate', 'PRECREATE_FAIL_ERROR'), precreate()
  ),
  'biz_result:PRECREATE_FAIL_IN_PROGRESS': async () => (
    await scenario('precreate', 'PRECREATE_FAIL_IN_PROGRESS'), precreate()
  ),
  'biz_result:SUCCESS': async () => query({ sn: snOf(await pay()) }),
  'biz_result:FAIL': () => query({ client_sn: 'never-used' }),

  // Order statuses.
  'order_status:CREATED': () => precreate(),
  'order_status:PAID': () => pay(),
  'order_status:PAY_CANCELED': () => pay({ dynamic_id: magic('01') }),
  'order_status:PAY_ERROR': async () => (await scenario('pay', 'PAY_FAIL_ERROR'), pay()),
  'order_status:REFUNDED': async () => refund(snOf(await pay()), '100'),
  'order_status:PARTIAL_REFUNDED': async () => refund(snOf(await pay()), '1'),
  'order_status:REFUND_ERROR': async () => {
    const sn = snOf(await pay());
    await scenario('refund', 'REFUND_ERROR');
    return refund(sn, '10');
  },
  'order_status:CANCELED': async () => cancel(snOf(await pay())),
  'order_status:CANCEL_ERROR': async () => {
    const sn = snOf(await pay());
    await scenario('cancel', 'CANCEL_ERROR');
    return cancel(sn);
  },
  'order_status:CANCEL_INPROGRESS': async () => {
    const sn = snOf(await pay());
    await scenario('cancel', 'CANCEL_IN_PROGRESS');
    return cancel(sn);
  },
  // The wallet answered a status upay cannot name: only the world does that.
  'order_status:INVALID_STATUS_CODE': async () => {
    const sn = snOf(await pay());
    await scenario('query', 'INVALID_STATUS_CODE');
    return query({ sn });
  },

  // Flow (transaction) statuses.
  'txn_status:SUCCESS': () => pay(),
  'txn_status:FAIL_CANCELED': () => pay({ dynamic_id: magic('01') }),
  'txn_status:FAIL_PROTOCOL_1': async () => (await scenario('pay', 'FAIL_PROTOCOL_1'), pay()),
  'txn_status:FAIL_IO_1': async () => (await scenario('pay', 'FAIL_IO_1'), pay()),
  'txn_status:FAIL_PROTOCOL_2': async () => (await scenario('pay', 'FAIL_PROTOCOL_2'), pay()),
  'txn_status:FAIL_IO_2': async () => (await scenario('pay', 'FAIL_IO_2'), pay()),
  'txn_status:FAIL_PROTOCOL_3': async () => (await scenario('pay', 'FAIL_PROTOCOL_3'), pay()),
  'txn_status:FAIL_ERROR': async () => (await scenario('pay', 'PAY_FAIL_ERROR'), pay()),
  'txn_status:CANCEL_ERROR': async () => {
    const sn = snOf(await pay());
    await scenario('cancel', 'CANCEL_ERROR');
    return cancel(sn);
  },
  'txn_status:REFUND_ERROR': async () => {
    const sn = snOf(await pay());
    await scenario('refund', 'REFUND_ERROR');
    return refund(sn, '10');
  },

  // Payways and sub-payways, as answers carry them.
  'payway:1': () => pay({ dynamic_id: barcode('28') }),
  'payway:3': () => pay({ dynamic_id: barcode('13') }),
  'payway:4': () => pay({ payway: '4' }),
  'payway:5': () => pay({ payway: '5' }),
  'payway:6': () => pay({ payway: '6' }),
  'sub_payway:1': () => pay(),
  'sub_payway:2': () => precreate({ sub_payway: '2' }),
  'sub_payway:3': () =>
    precreate({ payway: '3', sub_payway: '3', payer_uid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }),
};

/** Where each kind of code shows in an answer. */
function observed(kind: string, answer: HandAnswer): (string | undefined)[] {
  const biz = bizOf(answer);
  switch (kind) {
    case 'error':
      return [answer.json.error_code as string | undefined, biz.error_code];
    case 'biz_result':
      return [biz.result_code];
    case 'order_status':
      return [biz.data?.order_status];
    case 'txn_status':
      return [biz.data?.status];
    case 'payway':
      return [biz.data?.payway];
    case 'sub_payway':
      return [biz.data?.sub_payway];
    default:
      return [];
  }
}

beforeEach(async () => {
  emulator = createShouqianbaEmulator();
  server = await startStandaloneEmulator(emulator);
  const upay = emulator.upay;
  const activated = await handCall(
    server.url,
    '/terminal/activate',
    { app_id: upay.appId, code: upay.issueActivationCode(), device_id: 'seed-device' },
    upay.vendorSn,
    upay.vendorKey,
  );
  term = { sn: bizOf(activated).terminal_sn!, key: bizOf(activated).terminal_key! };
});

afterEach(async () => {
  await server.close();
});

describe('every seed-001 code is produced by the behaviour that causes it', () => {
  const rows = seedRows();

  it('reads the seed table, and lists no request for a code it lacks', () => {
    expect(rows).toHaveLength(78);
    const listed = new Set(rows.map((row) => `${row.kind}:${row.code}`));
    expect(Object.keys(RECIPES).filter((key) => !listed.has(key))).toEqual([]);
  });

  it.each(rows)('$kind $code', async ({ kind, code }) => {
    const recipe = RECIPES[`${kind}:${code}`];
    expect(recipe, `no request produces ${kind} ${code}`).toBeDefined();
    const answer = await recipe!();
    expect(observed(kind, answer)).toContain(code);
  });
});
