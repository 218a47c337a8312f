import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementChannel } from '../agreement-port.js';
import type { ConnectorContext } from '../kit/connector.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../kit/emulator/index.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import { ChannelIoError } from '../port.js';
import { BybitAgreementChannel, bybitConnector } from './client.js';
import { fiatToCrypto, rateString, usdtPerFiatE8 } from './emulator/money.js';
import { type BybitEmulator, createBybitEmulator } from './emulator/server.js';
import { backoffMs } from './transport.js';

/**
 * The connector against the emulator over HTTP: sign, the buyer signing on the page, deductions mapped
 * through the catalog, retries of what Bybit says did nothing (50002, 42900), a deduction whose answer is
 * lost resolved by query and never taken twice, refunds, unsign, and webhooks verified with the platform key.
 */

let emulator: BybitEmulator;
let running: StandaloneEmulator;
let ctx: ConnectorContext;
let channel: AgreementChannel;
let receiver: Server;
const hooks: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
let seq = 0;
const no = (prefix: string) => `${prefix}${Date.now()}${++seq}`;
const usd = (total: string) => ({ total, currency: 'USD', currencyType: 'FIAT' as const });

async function signed(periodTotal = '10000') {
  const externalAgreementNo = no('ext');
  const order = await channel.sign({
    externalAgreementNo,
    agreementType: 'CYCLE',
    sceneCode: 'SUBSCRIPTION',
    productCode: 'BYBIT_RECURRING_STANDARD',
    singleLimit: usd('5000'),
    periodLimits: [{ periodType: 'MONTH', ...usd(periodTotal) }],
  });
  if (!order.ok) throw new Error(order.error.code);
  const page = await fetch(`${order.value.signUrl}/confirm`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'user_id=U10001',
  });
  expect(page.status).toBe(200);
  const agreement = await channel.query({ externalAgreementNo });
  if (!agreement.ok) throw new Error(agreement.error.code);
  return agreement.value;
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200).end('success');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  emulator = createBybitEmulator();
  running = await startStandaloneEmulator(emulator);
  const credentials = emulator.credentials();
  ctx = {
    configId: 'chc_test',
    channelName: 'bybit:chc_test',
    mode: 'test',
    baseUrl: running.url,
    credentials,
    clock: { now: () => emulator.clock.now() },
    state: { load: async () => undefined, save: async () => {} },
    notifyUrl: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`,
  };
  channel = new BybitAgreementChannel(ctx, {
    retry: { attempts: 3, baseMs: 1, maxMs: 5 },
    http: new ChannelHttpClient({ timeouts: { connectMs: 1_000, answerMs: 1_000, totalMs: 1_000 } }),
  });
});

afterAll(async () => {
  await running.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('bybit connector', () => {
  it('signs, deducts in fiat paid in USDT, refunds, and unsigns', async () => {
    const agreement = await signed();
    expect(agreement.status).toBe('SIGNED');
    const outTradeNo = no('T');
    const ref = { agreementType: 'CYCLE' as const, userId: agreement.userId!, outTradeNo };
    const deduction = await channel.deduct({
      ...ref,
      agreementNo: agreement.agreementNo,
      sceneCode: 'SUBSCRIPTION',
      amount: usd('2500'),
      title: 'Plan',
    });
    expect(deduction).toMatchObject({
      ok: true,
      value: {
        status: 'SUCCESS',
        cryptoPayment: { currency: 'USDT' },
      },
    });
    // Paid at the market rate of the deduction's rate_time (the emulator's rate moves each minute).
    const paid = deduction.ok ? deduction.value.cryptoPayment! : undefined;
    const rateE8 = usdtPerFiatE8('USD', paid!.rateTime)!;
    expect(paid).toMatchObject({
      exchangeRate: rateString(rateE8),
      amount: fiatToCrypto(2500n, 'USD', 'USDT', rateE8).toString(),
    });
    const refund = await channel.refund({ ...ref, outRefundNo: no('R'), amount: usd('500') });
    expect(refund).toMatchObject({ ok: true, value: { status: 'SUCCESS' } });
    const unsigned = await channel.unsign({
      agreementNo: agreement.agreementNo,
      agreementType: 'CYCLE',
      userId: 'U10001',
    });
    expect(unsigned).toMatchObject({ ok: true, value: { status: 'UNSIGNED' } });
    const after = await channel.deduct({
      ...ref,
      outTradeNo: no('T'),
      agreementNo: agreement.agreementNo,
      sceneCode: 'SUBSCRIPTION',
      amount: usd('100'),
      title: 'Plan',
    });
    expect(after).toMatchObject({
      ok: false,
      error: { code: 'agreement_unsigned', channelError: { code: '139001003' } },
    });
  });

  it('maps limits and failures through the catalog', async () => {
    const agreement = await signed('6000');
    const deduct = (total: string) =>
      channel.deduct({
        agreementNo: agreement.agreementNo,
        agreementType: 'CYCLE',
        userId: 'U10001',
        outTradeNo: no('T'),
        sceneCode: 'SUBSCRIPTION',
        amount: usd(total),
        title: 'Plan',
      });
    expect(await deduct('5001')).toMatchObject({
      ok: false,
      error: { code: 'agreement_single_limit_exceeded' },
    });
    expect(await deduct('5000')).toMatchObject({ ok: true, value: { status: 'SUCCESS' } });
    expect(await deduct('1100')).toMatchObject({ ok: false, error: { code: 'agreement_quota_exceeded' } });
    expect(await deduct('103')).toMatchObject({
      ok: true,
      value: {
        status: 'FAILED',
        failure: { code: 'insufficient_fund', channelError: { code: '139002003' } },
      },
    });
  });

  it('retries 50002 and HTTP 503 with backoff, then answers', async () => {
    await fetch(`${running.url}/_emulator/scenarios`, {
      method: 'POST',
      body: JSON.stringify([
        { operation: 'query', code: '50002' },
        { operation: 'query', code: '50001' },
      ]),
    });
    const agreement = await signed();
    expect(agreement.status).toBe('SIGNED');
    expect(emulator.scenarios.list()).toHaveLength(0);
  });

  it('backs off exponentially with jitter, never under retry_after', () => {
    const policy = { attempts: 5, baseMs: 100, maxMs: 1_000 };
    expect(backoffMs(3, policy, 0, () => 0.999)).toBe(799);
    expect(backoffMs(6, policy, 0, () => 0.999)).toBe(999);
    expect(backoffMs(0, policy, 2_500, () => 0.5)).toBe(2_500);
  });

  it('resolves a deduction whose answer was lost by query, and a replay never takes it twice', async () => {
    const agreement = await signed();
    await fetch(`${running.url}/_emulator/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'pay', fault: 'timeout' }),
    });
    const request = {
      agreementNo: agreement.agreementNo,
      agreementType: 'CYCLE' as const,
      userId: 'U10001',
      outTradeNo: no('T'),
      sceneCode: 'SUBSCRIPTION',
      amount: usd('1500'),
      title: 'Plan',
    };
    await expect(channel.deduct(request)).rejects.toBeInstanceOf(ChannelIoError);
    const queried = await channel.queryDeduction(request);
    expect(queried).toMatchObject({ ok: true, value: { status: 'SUCCESS', outTradeNo: request.outTradeNo } });
    const replay = await channel.deduct(request);
    expect(replay).toMatchObject({ ok: true, value: { tradeNo: queried.ok ? queried.value.tradeNo : '' } });
    const trades = [...emulator.engine.trades.values()].filter((t) => t.outTradeNo === request.outTradeNo);
    expect(trades).toHaveLength(1);
  });

  it('verifies webhooks with the platform key and refuses a forged one', async () => {
    const before = hooks.length;
    await signed();
    for (;;) {
      if (hooks.length > before) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const hook = hooks[before]!;
    const check = bybitConnector.checkNotification(ctx, hook.body, hook.headers);
    expect(check).toMatchObject({ ok: true, ack: { body: 'success' } });
    const forged = Buffer.from(hook.body.toString().replace('SIGNED', 'UNSIGNED'));
    expect(bybitConnector.checkNotification(ctx, forged, hook.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
    });
  });
});
