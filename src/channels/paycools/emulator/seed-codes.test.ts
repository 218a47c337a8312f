import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HandAnswer, HandPaycools } from '../../../../test/helpers/paycools-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { SPECIAL_APPS, specialSecret } from './merchants.js';
import { createPaycoolsEmulator, type PaycoolsEmulator } from './server.js';

/**
 * Every seed-004 code (codes.tsv, paycools rows) with a request that produces it, over HTTP, signed by
 * hand. Only the world's faults (21000, 21011, −10000, −10004, −10006, −10010) come from a scenario; every
 * other code from the behaviour that causes it. A row of codes.tsv without a producer fails the suite.
 */

const SECRET = '5f0c2b7e9a1d4c3b8e6f0a2d4c6e8b10';
const APP = 'PCAPPTESTMAIN01';
/** 2026-11-30 09:00 Manila: a morning, before the 18:00 settlement and outside LandBank's maintenance. */
const MORNING = Date.UTC(2026, 10, 30, 1, 0, 0);
const HOUR = 3_600_000;
const DAY = 86_400_000;

const seedRows = readFileSync(new URL('../../../../test/fixtures/seeds/codes.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t'))
  .filter((cols) => cols[1] === 'paycools')
  .map((cols) => ({ kind: cols[2]!, code: cols[3]!, message: cols[5]! }));

let emulator: PaycoolsEmulator;
let running: StandaloneEmulator;
let pc: HandPaycools;

const special = (role: keyof typeof SPECIAL_APPS) =>
  pc.as(SPECIAL_APPS[role], specialSecret(SECRET, SPECIAL_APPS[role]));

/** What one producer observed: the code and the message it came with. */
interface Seen {
  readonly code: string;
  readonly message: string;
}
const sync = (answer: HandAnswer): Seen => ({ code: String(answer.json.code), message: answer.json.message });

/** A payout accepted, executed by the channel, and read back by query. */
async function executed(fields: Record<string, unknown>, before?: () => Promise<void>) {
  const accepted = await pc.payout(fields);
  expect(accepted.json.code).toBe(10000);
  await before?.();
  await pc.advance(5_000);
  const queried = await pc.call('/api/v1/payout/query', { transactionId: accepted.json.data!.transactionId });
  return queried.json.data!;
}
const failed = async (fields: Record<string, unknown>, before?: () => Promise<void>): Promise<Seen> => {
  const data = await executed(fields, before);
  expect(data.transactionStatus).toBe('FAILED');
  return { code: String(data.failedCode), message: String(data.failedMessage) };
};
const world = async (code: string) => {
  await pc.control('scenarios', { operation: 'payout_execution', code });
  return failed({});
};

const producers: Record<string, () => Promise<Seen>> = {
  '10000': async () => sync(await pc.payout()),
  '21000': async () => {
    await pc.control('scenarios', { operation: 'payout', code: '21000' });
    return sync(await pc.payout());
  },
  '21001': async () => sync(await pc.call('/api/v1/payout', { mchOrderId: 'A1' }, { sign: 'a'.repeat(40) })),
  '21002': async () => sync(await pc.payout({ accountName: 'R2D2' })),
  '21003': async () => sync(await pc.as('PCAPPUNKNOWN', SECRET).payout()),
  '21004': async () => sync(await special('frozen').payout()),
  '21005': async () =>
    sync(await pc.payout({ payMethodCode: 'EWALLET', ewalletCode: 'SHOPEEPAY', accountNo: '09171234567' })),
  '21006': async () => sync(await pc.call('/api/v1/payout/query', { mchOrderId: 'NOSUCHORDER' })),
  '21007': async () => {
    expect((await pc.payout({ mchOrderId: 'DUP7' })).json.code).toBe(10000);
    return sync(await pc.payout({ mchOrderId: 'DUP7' }));
  },
  '21008': async () => sync(await pc.call('/api/v1/payout', { timestamp: '2026-11-30' })),
  '21009': async () => sync(await pc.call('/api/v1/payout', { timestamp: (await pc.now()) - 10 * 60_000 })),
  '21010': async () => sync(await pc.payout({ amount: 99 })),
  '21011': async () => {
    await pc.control('scenarios', { operation: 'payout', code: '21011' });
    return sync(await pc.payout());
  },
  '21012': async () => sync(await pc.payout({ bankCode: 'NOBANK' })),
  '21013': async () => sync(await pc.payout({ payMethodCode: 'EWALLET', ewalletCode: 'NOWALLET' })),
  '21014': async () => sync(await pc.payout({ amount: 20_000_000 })),
  '21015': async () => {
    expect((await pc.payout({ idempotencyId: 'IDEMPOTENT15' })).json.code).toBe(10000);
    return sync(await pc.payout({ idempotencyId: 'IDEMPOTENT15' }));
  },
  '21016': async () => sync(await special('ipLocked').payout()),
  '21401': async () => {
    const id = await pc.paid();
    expect((await pc.refund(id, 100, 'RF401')).json.code).toBe(10000);
    return sync(await pc.refund(id, 100, 'RF401'));
  },
  '21402': async () => sync(await pc.refund(await pc.paid({ channelCode: 'QRPH_DYNAMIC_QR' }), 100)),
  '21403': async () => {
    const id = await pc.paid();
    await pc.advance(61 * DAY);
    return sync(await pc.refund(id, 100));
  },
  '21404': async () => sync(await pc.refund(await pc.paid({ channelCode: 'PAYMAYA_URL' }), 10000)),
  '21405': async () => sync(await pc.refund(await pc.paid({ channelCode: 'BANK_VA' }), 100)),
  '21406': async () => sync(await pc.refund(await pc.paid(), 10001)),
  '21407': async () => {
    const id = await pc.paid();
    expect((await pc.refund(id, 100, 'RF407')).json.code).toBe(10000);
    await pc.advance(5_000);
    return sync(await pc.refund(id, 100, 'RF407'));
  },
  '21408': async () => {
    const created = await pc.payment();
    return sync(await pc.refund(created.json.data!.transactionId as string, 100));
  },
  '21409': async () => {
    const id = await pc.paid();
    expect((await pc.refund(id, 100)).json.code).toBe(10000);
    return sync(await pc.refund(id, 100));
  },
  '21500': async () => sync(await pc.void((await pc.payment()).json.data!.transactionId as string)),
  '21501': async () => sync(await pc.void(await pc.paid({ channelCode: 'BANK_VA' }))),
  '21502': async () => {
    const id = await pc.paid();
    await pc.advance(10 * HOUR);
    return sync(await pc.void(id));
  },
  '21503': async () => {
    const id = await pc.paid();
    await pc.advance(DAY);
    return sync(await pc.void(id));
  },
  '21504': async () => {
    const id = await pc.paid();
    expect((await pc.void(id)).json.code).toBe(10000);
    return sync(await pc.void(id));
  },
  '21505': async () => {
    expect((await pc.void(await pc.paid(), 'VOID505')).json.code).toBe(10000);
    return sync(await pc.void(await pc.paid(), 'VOID505'));
  },
  '-10000': () => world('-10000'),
  '-10001': () =>
    failed({ payMethodCode: 'EWALLET', ewalletCode: 'GCASH', accountNo: '09171234567', amount: 6_000_000 }),
  '-10002': () => failed({ payMethodCode: 'EWALLET', ewalletCode: 'GCASH', accountNo: '12345' }),
  '-10003': async () => {
    expect((await pc.payout({ amount: 6_000_000 })).json.code).toBe(10000);
    return failed({ amount: 6_000_000 });
  },
  '-10004': () => world('-10004'),
  '-10005': () => failed({ accountNo: '001234560000' }),
  '-10006': () => world('-10006'),
  '-10007': async () => {
    await pc.control('clock', { now: MORNING - 8.5 * HOUR }); // 00:30 Manila
    return failed({ bankCode: 'LBP' });
  },
  '-10008': async () => {
    // Frozen between acceptance and execution; thawed again so the query is answered.
    const accepted = await pc.payout();
    await pc.control(`merchants/${APP}`, { active: false });
    await pc.advance(5_000);
    await pc.control(`merchants/${APP}`, { active: true });
    const query = await pc.call('/api/v1/payout/query', { transactionId: accepted.json.data!.transactionId });
    return { code: String(query.json.data!.failedCode), message: String(query.json.data!.failedMessage) };
  },
  '-10009': () => failed({ accountNo: '001234569999' }),
  '-10010': async () => {
    await pc.control('scenarios', { operation: 'payout_execution', code: '-10010' });
    const accepted = await pc.payout();
    await pc.advance(5_000);
    const query = () => pc.call('/api/v1/payout/query', { transactionId: accepted.json.data!.transactionId });
    expect((await query()).json.data!.transactionStatus).toBe('COMPLETED');
    await pc.advance(61_000);
    const data = (await query()).json.data!;
    return { code: String(data.failedCode), message: String(data.failedMessage) };
  },
  PENDING: async () => {
    const accepted = await pc.payout();
    const data = (await pc.call('/api/v1/payout/query', { mchOrderId: accepted.json.data!.mchOrderId })).json
      .data!;
    return { code: String(data.transactionStatus), message: 'pending' };
  },
  COMPLETED: async () => ({
    code: String((await executed({})).transactionStatus),
    message: 'transaction completed',
  }),
  FAILED: async () => ({
    code: String((await executed({ accountNo: '001234560000' })).transactionStatus),
    message: 'transaction failed',
  }),
};

beforeAll(async () => {
  emulator = createPaycoolsEmulator({ appId: APP, appSecret: SECRET });
  running = await startStandaloneEmulator(emulator);
  pc = new HandPaycools(running.url, APP, SECRET);
});
afterAll(async () => {
  await running.close();
});
beforeEach(async () => {
  await pc.control('state', undefined, 'DELETE');
  await pc.control('scenarios', undefined, 'DELETE');
  await pc.control('clock', { now: MORNING });
});

describe('PayCools emulator: every seed-004 code from the request that causes it', () => {
  it('has a producer for every paycools row of codes.tsv', () => {
    expect(seedRows.length).toBeGreaterThan(40);
    expect(seedRows.map((row) => row.code).filter((code) => !(code in producers))).toEqual([]);
  });

  it.each(seedRows)('$kind $code', async ({ kind, code, message }) => {
    const seen = await producers[code]!();
    expect(seen.code).toBe(code);
    if (kind === 'error' || kind === 'failed_code' || kind === 'success') expect(seen.message).toBe(message);
  });
});
