import { createVerify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HandBybit } from '../../../../test/helpers/bybit-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { PROCESSING_MS } from './engine.js';
import { type BybitEmulator, createBybitEmulator, BYBIT_PATHS as P } from './server.js';
import { BUYERS } from './world.js';

/**
 * The emulator on the wire as the documentation describes it, requests signed by hand: the sign page,
 * limits and used quota across a period boundary, refunds giving quota back, PROCESSING settling, replays
 * answering the first result, rate limits, 18-decimal amounts, and webhooks signed with the platform key
 * and retried until acknowledged.
 */

const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00aa';
const KEY = 'BPWIRETEST000001';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let emulator: BybitEmulator;
let running: StandaloneEmulator;
let bybit: HandBybit;
let receiver: Server;
let hookUrl: string;
const received: Received[] = [];
/** Webhooks whose body holds `marker` are refused (HTTP 500) `count` times before acknowledged. */
const refuse = { marker: '', count: 0 };
let seq = 0;
const no = (prefix: string) => `${prefix}${++seq}`;

const signRequest = (overrides: Record<string, unknown> = {}) =>
  bybit.post(P.sign, {
    agreement_type: 'CYCLE',
    scene_code: 'CLOUD',
    product_code: 'BYBIT_RECURRING_STANDARD',
    external_agreement_no: no('ext'),
    notify_url: hookUrl,
    single_limit: { amount: '5000', currency: 'USD', currency_type: 'FIAT' },
    period_limits: [{ period_type: 'DAY', amount: '8000', currency: 'USD', currency_type: 'FIAT' }],
    ...overrides,
  });

async function sign(overrides: Record<string, unknown> = {}) {
  const request = await signRequest(overrides);
  expect(request.json.retCode, request.text).toBe(20000);
  const id = request.json.result!.sign_order_id as string;
  const confirm = await fetch(`${running.url}/agreement/sign/${id}/confirm`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: `user_id=${BUYERS.rich}`,
  });
  const json = (await confirm.json()) as { retCode: number; result: Record<string, string> };
  expect(json.retCode).toBe(20000);
  return json.result as { agreement_no: string; agreement_type: string; user_id: string };
}

const deduct = (
  a: { agreement_no: string; agreement_type: string; user_id: string },
  amount: Record<string, string>,
  outTradeNo = no('T'),
) =>
  bybit.post(P.pay, {
    user_id: a.user_id,
    agreement_type: a.agreement_type,
    agreement_no: a.agreement_no,
    out_trade_no: outTradeNo,
    scene_code: 'CLOUD',
    amount,
    order_info: { order_title: 'Storage' },
    notify_url: hookUrl,
  });
const usd = (total: string) => ({ total, currency: 'USD', currency_type: 'FIAT' });

async function until<T>(read: () => T | undefined): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      if (refuse.marker !== '' && body.includes(refuse.marker) && refuse.count > 0) {
        refuse.count -= 1;
        response.writeHead(500).end('busy');
      } else response.writeHead(200).end('SUCCESS');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address() as { port: number };
  hookUrl = `http://127.0.0.1:${address.port}/hooks`;
  emulator = createBybitEmulator({
    apiKey: KEY,
    apiSecret: SECRET,
    webhookRetryDelaysMs: [10, 10, 10, 10, 10],
  });
  running = await startStandaloneEmulator(emulator);
  bybit = new HandBybit(running.url, KEY, SECRET, emulator.world.main.merchantId, () => emulator.clock.now());
});

afterAll(async () => {
  await running.close();
  await new Promise((resolve) => receiver.close(resolve));
});

afterEach(() => {
  emulator.clock.reset();
});

describe('bybit emulator on the wire', () => {
  it('serves a real HTML sign page that marks the order PENDING, and signs from its form', async () => {
    const request = await signRequest();
    const url = request.json.result!.sign_url as string;
    expect(request.json.result!.expire_time).toMatch(/Z$/);
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('per DAY 8000 USD');
    const id = request.json.result!.sign_order_id as string;
    const listed = await bybit.get(P.list, { status: 'PENDING' });
    expect(
      (listed.json.result!.list as Array<{ sign_order_id: string }>).some((a) => a.sign_order_id === id),
    ).toBe(true);
    const form = await fetch(`${url}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `user_id=${BUYERS.rich}`,
    });
    expect(await form.text()).toContain('Agreement signed');
  });

  it('keeps used quota per day in UTC+8, rolls it over at midnight, and gives it back on refund', async () => {
    // 23:00 in UTC+8 on some day.
    emulator.clock.set(Date.UTC(2026, 10, 30, 15, 0, 0));
    const a = await sign();
    const first = await deduct(a, usd('5000'));
    expect(first.json.result).toMatchObject({ status: 'SUCCESS', crypto_payment: { currency: 'USDT' } });
    // 5000 US cents at the market of that minute (1.0002 USDT/USD moved +0.32 %), in USDT's 6 decimals.
    expect(first.json.result!.crypto_payment).toMatchObject({
      amount: '50170032',
      exchange_rate: '1.00340064',
    });
    const over = await deduct(a, usd('3500'));
    expect(over.json.retCode).toBe(139004006);
    const query = await bybit.get(P.query, { agreement_no: a.agreement_no });
    expect(query.json.result!.used_quota).toEqual([
      expect.objectContaining({ period_type: 'DAY', used_amount: '5000', currency: 'USD' }),
    ]);
    const refund = await bybit.post(P.refund, {
      user_id: a.user_id,
      agreement_type: a.agreement_type,
      out_trade_no: first.json.result!.out_trade_no,
      out_refund_no: no('R'),
      refund_amount: usd('2000'),
      notify_url: hookUrl,
    });
    expect(refund.json.result).toMatchObject({ status: 'SUCCESS' });
    expect((await deduct(a, usd('3500'))).json.result).toMatchObject({ status: 'SUCCESS' });
    expect((await deduct(a, usd('2000'))).json.retCode).toBe(139004006);
    emulator.clock.advance(3_600_000); // 00:00 in UTC+8: a new day.
    expect((await deduct(a, usd('5000'))).json.result).toMatchObject({ status: 'SUCCESS' });
  });

  it('answers a replay with the first result, and the same number with other parameters with 40004', async () => {
    const a = await sign();
    const first = await deduct(a, usd('1000'), 'replay-1');
    const again = await deduct(a, usd('1000'), 'replay-1');
    expect(again.json.result).toEqual(first.json.result);
    expect((await deduct(a, usd('1100'), 'replay-1')).json.retCode).toBe(40004);
  });

  it('settles a PROCESSING deduction later and a SINGLE agreement unsigns after its deduction', async () => {
    const a = await sign({ agreement_type: 'SINGLE' });
    const processing = await deduct(a, usd('1002'));
    expect(processing.json.result).toMatchObject({ status: 'PROCESSING' });
    emulator.clock.advance(PROCESSING_MS);
    const settled = await bybit.get(P.payQuery, { trade_no: processing.json.result!.trade_no as string });
    expect(settled.json.result).toMatchObject({ status: 'SUCCESS' });
    expect((await bybit.get(P.query, { agreement_no: a.agreement_no })).json.result).toMatchObject({
      status: 'UNSIGNED',
      unsign_type: 'SYSTEM',
    });
  });

  it('carries 18-decimal ETH amounts exactly and refuses more precision than Bybit keeps', async () => {
    const a = await sign({ single_limit: undefined, period_limits: undefined });
    const eth = { currency: 'ETH', currency_type: 'CRYPTO', chain: 'ERC20' };
    const paid = await deduct(a, { total: '1234567800000000000', ...eth });
    expect(paid.json.result).toMatchObject({ status: 'SUCCESS', amount: { total: '1234567800000000000' } });
    expect((await deduct(a, { total: '1234567890123456789', ...eth })).json.retCode).toBe(139004004);
  });

  it('signs GET requests over the raw query string', async () => {
    const good = await bybit.get(P.list, { page_size: '5' });
    expect(good.json.retCode).toBe(20000);
    const bad = await bybit.get(P.list, { page_size: '5' }, { sign: '0'.repeat(64) });
    expect(bad.json.retCode).toBe(139005002);
    expect((await bybit.post(P.list, {})).status).toBe(404);
  });

  it('limits deductions to 10 a second per agreement with 42900 and retry_after', async () => {
    const a = await sign({ single_limit: undefined, period_limits: undefined });
    // Every call at the same emulator instant, so that the one-second window holds all eleven.
    const frozen = emulator.clock.now();
    const answers = [];
    for (let i = 0; i < 11; i += 1) {
      emulator.clock.set(frozen);
      answers.push(await deduct(a, usd('100')));
    }
    const limited = answers.filter((x) => x.json.retCode === 42900);
    expect(limited.length).toBe(1);
    expect(answers[10]!.json.retCode).toBe(42900);
    expect(limited[0]!.status).toBe(429);
    expect(limited[0]!.json.result!.retry_after).toBeGreaterThan(0);
  });

  it('sends webhooks signed with the platform key, retried until acknowledged', async () => {
    const ext = no('ext-hook-');
    Object.assign(refuse, { marker: `"${ext}"`, count: 2 });
    const a = await sign({ external_agreement_no: ext });
    const mine = () => received.filter((h) => h.body.includes(refuse.marker));
    const hooks = await until(() => (mine().length >= 3 ? mine() : undefined));
    const bodies = hooks.map((h) => h.body);
    expect(new Set(bodies).size).toBe(1);
    const payload = JSON.parse(bodies[0]!) as { notifyType: string; data: Record<string, string> };
    expect(payload).toMatchObject({
      notifyType: 'AGREEMENT_STATUS',
      data: { eventType: 'SIGNED', agreementNo: a.agreement_no },
    });
    expect(payload.data.signTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    for (const hook of hooks) {
      const {
        'x-timestamp': ts,
        'x-nonce': nonce,
        'x-signature': signature,
      } = hook.headers as Record<string, string>;
      expect(hook.headers['x-sign-type']).toBe('RSA2');
      expect(Number(nonce)).toBeGreaterThanOrEqual(10_000);
      const ok = createVerify('RSA-SHA256')
        .update(`${ts}${nonce}${hook.body}`)
        .verify(emulator.platformPublicKey, signature!, 'base64');
      expect(ok).toBe(true);
    }
    const delivery = await until(() =>
      emulator.notifier.deliveries().find((d) => d.body === bodies[0] && d.delivered),
    );
    expect(delivery.attempts).toBe(3);
  });
});
