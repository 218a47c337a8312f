import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../domain/clock.js';
import type { ConnectorContext, ConnectorStateStore } from '../kit/connector.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../kit/emulator/index.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import { type Channel, type ChannelCharge, ChannelIoError, type ChannelRefund } from '../port.js';
import { magicBarcode } from '../sandbox/barcode.js';
import { createShouqianbaConnector, refundRequestNoOf } from './client.js';
import { createShouqianbaEmulator, type ShouqianbaEmulator } from './emulator/emulator.js';

/** The connector over real HTTP against the emulator, started on port 0. */

const DAY = 86_400_000;
let emulator: ShouqianbaEmulator;
let server: StandaloneEmulator;
let http: ChannelHttpClient;
let creds: Readonly<Record<string, string>>;
const connector = () =>
  createShouqianbaConnector({
    http,
    timeouts: { connectMs: 1_000, answerMs: 400, totalMs: 2_000 },
    payTimeouts: { answerMs: 400, totalMs: 2_000 },
  });

class MemoryState implements ConnectorStateStore {
  value: Readonly<Record<string, string>> | undefined;
  saves = 0;
  async load() {
    return this.value;
  }
  async save(state: Readonly<Record<string, string>>) {
    this.value = state;
    this.saves += 1;
  }
}

function context(
  overrides: Partial<ConnectorContext> & { state?: ConnectorStateStore; clock?: ManualClock } = {},
): ConnectorContext {
  return {
    configId: `chc_${randomBytes(4).toString('hex')}`,
    channelName: 'shouqianba',
    mode: 'test',
    baseUrl: server.url,
    credentials: creds,
    clock: manualClock(Date.now()),
    state: new MemoryState(),
    notifyUrl: '',
    ...overrides,
  };
}

let seq = 0;
function charge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
  seq += 1;
  return {
    chargeId: `ch_${randomBytes(12).toString('hex')}`,
    merchantId: 'mch_1',
    outTradeNo: `o-${seq}`,
    amount: 1000,
    currency: 'CNY',
    payway: 'alipay',
    subPayway: 'barcode',
    subject: 'Tea',
    authCode: `28${String(randomInt(0, 1e8)).padStart(8, '0')}${String(randomInt(0, 1e8)).padStart(8, '0')}`,
    createdAt: Date.now(),
    ...overrides,
  };
}

function refundOf(amount: number): ChannelRefund {
  return {
    refundId: `re_${randomBytes(12).toString('hex')}`,
    refundNo: `rf-${++seq}`,
    amount,
    refundedBefore: 0,
  };
}

async function ioError(promise: Promise<unknown>): Promise<ChannelIoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelIoError);
  return error as ChannelIoError;
}

const queue = (scenario: Record<string, unknown>) =>
  http.send(server.url, { path: '/_emulator/scenarios', body: JSON.stringify(scenario) });

let channel: Channel;

beforeAll(async () => {
  http = new ChannelHttpClient();
  emulator = createShouqianbaEmulator({ notifyDelaysMs: [20, 50, 100, 200] });
  server = await startStandaloneEmulator(emulator);
  creds = emulator.credentials();
  channel = connector().create(context());
});

afterAll(async () => {
  await http.close();
  await server.close();
});

beforeEach(() => {
  emulator.scenarios.clear();
  emulator.clock.reset();
});

describe('the terminal', () => {
  it('activates once, keeps its sn and key in the connector state, and checks in each new day', async () => {
    const state = new MemoryState();
    const clock = manualClock(Date.now());
    const ctx = context({ state, clock });
    const first = connector().create(ctx);
    await first.pay(charge());
    const activated = state.value!;
    expect(activated).toMatchObject({ terminal_sn: expect.any(String), terminal_key: expect.any(String) });
    // Another instance on the same configuration (another process) uses the stored terminal.
    await connector().create(ctx).query(charge());
    expect(state.value!.terminal_key).toBe(activated.terminal_key);
    clock.advance(DAY);
    expect((await first.pay(charge())).bizResult).toBe('PAY_SUCCESS');
    expect(state.value!.terminal_sn).toBe(activated.terminal_sn);
    expect(state.value!.terminal_key).not.toBe(activated.terminal_key);
    expect(state.value!.checkin_day).not.toBe(activated.checkin_day);
  });

  it('recovers once when the key was rotated under it (a lost check-in answer)', async () => {
    const state = new MemoryState();
    const ch = connector().create(context({ state }));
    await ch.pay(charge());
    const terminal = emulator.upay.terminal(state.value!.terminal_sn!)!;
    emulator.upay.checkin(terminal);
    expect((await ch.pay(charge())).bizResult).toBe('PAY_SUCCESS');
    expect(state.value!.terminal_key).toBe(terminal.key);
  });

  it('an activation code that does not work: the call fails definitely, nothing is sent', async () => {
    const ch = connector().create(context({ credentials: { ...creds, code: '00000000' } }));
    const outcome = await ch.pay(charge());
    expect(outcome).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      error: {
        code: 'channel_parameter_error',
        channelError: { code: 'INVALID_PARAMS', message: '激活码不存在' },
      },
    });
  });

  it('a terminal disabled in the back office: terminal_not_activated', async () => {
    const state = new MemoryState();
    const ch = connector().create(context({ state }));
    await ch.query(charge());
    await http.send(server.url, {
      path: `/_emulator/terminals/${state.value!.terminal_sn}/disable`,
      body: '{}',
    });
    expect(await ch.pay(charge())).toMatchObject({
      bizResult: 'PAY_FAIL',
      error: { code: 'terminal_not_activated', channelError: { code: 'UPAY_TERMINAL_STATUS_ABNORMAL' } },
    });
  });
});

describe('operations', () => {
  it('pays a barcode: PAY_SUCCESS, PAID, the upay sn and the buyer', async () => {
    const outcome = await channel.pay(charge({ payway: 'wechat', authCode: `13${'4'.repeat(16)}` }));
    expect(outcome).toMatchObject({ bizResult: 'PAY_SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'PAID' });
    expect(outcome.channelTradeNo).toMatch(/^789\d{13}$/);
    expect(outcome.buyerId).toMatch(/^oSBX/);
  });

  it('maps a refusal to its unified code with the upstream answer verbatim', async () => {
    expect(await channel.pay(charge({ authCode: magicBarcode('01') }))).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      orderStatus: 'PAY_CANCELED',
      error: {
        code: 'insufficient_fund',
        channelError: { provider: 'shouqianba', code: 'INSUFFICIENT_FUND', message: '账户金额不足' },
      },
    });
    expect(await channel.pay(charge({ amount: 500_001 }))).toMatchObject({
      error: { code: 'buyer_over_transaction_limit' },
    });
    expect(await channel.pay(charge({ payway: 'jdpay' }))).toMatchObject({
      bizResult: 'PAY_FAIL',
      error: { code: 'payway_not_enabled' },
    });
  });

  it('a payment in progress is settled by query', async () => {
    const c = charge({ authCode: magicBarcode('10') });
    expect(await channel.pay(c)).toMatchObject({ bizResult: 'PAY_IN_PROGRESS', orderStatus: 'CREATED' });
    expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'CREATED' });
    emulator.clock.advance(5_000);
    expect(await channel.query(c)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'PAID' });
  });

  it('a buyer who never confirms: cancel aborts the payment', async () => {
    const c = charge({ authCode: magicBarcode('11') });
    await channel.pay(c);
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'CANCEL_ABORT_SUCCESS',
      orderStatus: 'CANCELED',
    });
    expect(await channel.cancel(c)).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'cancel_already_done' },
    });
  });

  it('precreates a QR code, closes an unpaid one', async () => {
    const c = charge({ subPayway: 'qrcode', authCode: undefined });
    const created = await channel.precreate(c);
    expect(created).toMatchObject({ bizResult: 'PRECREATE_SUCCESS', orderStatus: 'CREATED' });
    expect(created.qrCode).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(await channel.close(c)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const expired = charge({ subPayway: 'qrcode', authCode: undefined });
    await channel.precreate(expired);
    emulator.clock.advance(240_001);
    expect(await channel.query(expired)).toMatchObject({
      orderStatus: 'PAY_CANCELED',
      error: { code: 'trade_timeout', channelError: { code: 'TRADE_TIMEOUT' } },
    });
  });

  it('cancels (reversal) and voids (revoke) paid charges the same day only', async () => {
    const a = charge();
    await channel.pay(a);
    expect(await channel.cancel(a)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const b = charge();
    await channel.pay(b);
    expect(await channel.void(b)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const c = charge();
    await channel.pay(c);
    emulator.clock.advance(DAY);
    expect(await channel.void(c)).toMatchObject({ bizResult: 'FAIL', error: { code: 'cancel_not_allowed' } });
  });

  it('refunds: partial, retried (same refund_request_no), queried, never beyond the charge', async () => {
    const c = charge({ amount: 1000 });
    await channel.pay(c);
    const r = refundOf(300);
    expect(await channel.refund(c, r)).toMatchObject({
      bizResult: 'REFUND_SUCCESS',
      orderStatus: 'PARTIAL_REFUNDED',
    });
    expect(refundRequestNoOf(r)).toHaveLength(20);
    expect(await channel.refund(c, r)).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
    expect(await channel.queryRefund(c, r)).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
    expect(await channel.queryRefund(c, refundOf(1))).toMatchObject({ bizResult: 'FAIL' });
    expect(await channel.refund(c, refundOf(701))).toMatchObject({
      bizResult: 'FAIL',
      error: { code: 'refund_amount_exceeded', channelError: { code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH' } },
    });
    expect(await channel.refund(c, refundOf(700))).toMatchObject({ orderStatus: 'REFUNDED' });
  });

  it('a promotion order cannot be cancelled: a definite refusal', async () => {
    const c = charge({ authCode: magicBarcode('32') });
    await channel.pay(c);
    expect(await channel.cancel(c)).toMatchObject({ bizResult: 'FAIL', error: { code: 'refund_refused' } });
  });
});

describe('faults: outcome unknown, never a wrong final state', () => {
  const cases = [
    { fault: 'reset', flow: 'FAIL_IO_1', code: 'channel_connection_error' },
    { fault: 'timeout', flow: 'FAIL_IO_2', code: 'channel_connection_error' },
    { fault: 'http_500', flow: 'FAIL_PROTOCOL_1', code: 'channel_connection_error' },
    { fault: 'garbled', flow: 'FAIL_PROTOCOL_2', code: 'channel_parse_error' },
  ] as const;

  for (const c of cases) {
    it(`pay meets ${c.fault}: ChannelIoError ${c.flow}; query finds it paid; cancel reverses it`, async () => {
      const ch = charge();
      await channel.query(charge()); // the terminal is ready before the fault is queued
      await queue({ operation: 'pay', fault: c.fault });
      const error = await ioError(channel.pay(ch));
      expect([error.flowStatus, error.code]).toEqual([c.flow, c.code]);
      expect(await channel.query(ch)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'PAID' });
      expect(await channel.cancel(ch)).toMatchObject({
        bizResult: 'CANCEL_SUCCESS',
        orderStatus: 'CANCELED',
      });
    });
  }

  it('a fault that was not applied: query finds no order, nothing was paid', async () => {
    const ch = charge();
    await channel.query(charge());
    await queue({ operation: 'pay', fault: 'reset', applied: false });
    await ioError(channel.pay(ch));
    expect(await channel.query(ch)).toMatchObject({ bizResult: 'FAIL', error: { code: 'trade_not_found' } });
  });

  it('upay failing inside (UNKNOWN_SYSTEM_ERROR) is never a definite failure', async () => {
    await channel.query(charge());
    await queue({ operation: 'pay', code: 'UNKNOWN_SYSTEM_ERROR' });
    const paid = charge();
    expect(await channel.pay(paid)).toMatchObject({
      bizResult: 'FAIL',
      flowStatus: 'FAIL_PROTOCOL_1',
      error: { code: 'channel_unexpected_error' },
    });
    expect(await channel.query(paid)).toMatchObject({ orderStatus: 'PAID' });
    await queue({ operation: 'refund', code: 'UNKNOWN_SYSTEM_ERROR' });
    expect(await channel.refund(paid, refundOf(10))).toMatchObject({ bizResult: 'REFUND_ERROR' });
  });

  it('the world behind upay: PAY_FAIL_ERROR, CANCEL_ERROR, REFUND_ERROR and INVALID_STATUS_CODE', async () => {
    await channel.query(charge());
    const a = charge();
    await queue({ operation: 'pay', code: 'PAY_FAIL_ERROR' });
    expect(await channel.pay(a)).toMatchObject({
      bizResult: 'PAY_FAIL_ERROR',
      flowStatus: 'FAIL_ERROR',
      orderStatus: 'PAY_ERROR',
    });
    await queue({ operation: 'cancel', code: 'CANCEL_ERROR' });
    expect(await channel.cancel(a)).toMatchObject({ bizResult: 'CANCEL_ERROR', orderStatus: 'CANCEL_ERROR' });
    expect(await channel.cancel(a)).toMatchObject({ bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' });
    const b = charge();
    await channel.pay(b);
    await queue({ operation: 'refund', code: 'REFUND_ERROR' });
    const r = refundOf(100);
    expect(await channel.refund(b, r)).toMatchObject({
      bizResult: 'REFUND_ERROR',
      orderStatus: 'REFUND_ERROR',
    });
    expect(await channel.queryRefund(b, r)).toMatchObject({ bizResult: 'REFUND_ERROR' });
    emulator.clock.advance(60_000);
    expect(await channel.queryRefund(b, r)).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
    await queue({ operation: 'query', code: 'INVALID_STATUS_CODE' });
    const unreadable = await channel.query(b);
    expect(unreadable.orderStatus).toBeUndefined();
    expect(unreadable.error).toMatchObject({ code: 'charge_unexpected_status' });
  });
});

describe('notifications', () => {
  let notifyServer: Server;
  let notifyUrl: string;
  const received: { raw: Buffer; headers: Record<string, string | string[] | undefined> }[] = [];

  beforeAll(async () => {
    notifyServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), headers: req.headers });
        res.end('success');
      });
    });
    await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
    const address = notifyServer.address();
    notifyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/n`;
  });
  afterAll(async () => {
    await new Promise((resolve) => notifyServer.close(resolve));
  });

  it('checks the signature over the raw bytes; a tampered, badly signed or unreadable one changes nothing', async () => {
    const sqb = connector();
    const ctx = context({ notifyUrl });
    received.length = 0;
    const c = charge();
    const paid = await sqb.create(ctx).pay(c);
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const note = received[0]!;
    const check = sqb.checkNotification(ctx, note.raw, note.headers);
    expect(check).toMatchObject({
      ok: true,
      channelTradeNo: paid.channelTradeNo,
      chargeId: c.chargeId,
      ack: { status: 200, body: 'success' },
    });
    const tampered = Buffer.from(note.raw.toString('utf8').replace('"PAID"', '"PAID" '));
    expect(sqb.checkNotification(ctx, tampered, note.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
    });
    expect(sqb.checkNotification(ctx, note.raw, {})).toMatchObject({ ok: false, code: 'channel_sign_error' });
    const noKey = context({ credentials: { ...creds, sqb_public_key: '' } });
    expect(sqb.checkNotification(noKey, note.raw, note.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
    });
    const garbage = Buffer.from('order=1&status=PAID');
    expect(
      sqb.checkNotification(ctx, garbage, { authorization: emulator.notifier.sign(garbage) }),
    ).toMatchObject({ ok: false, code: 'channel_parse_error' });

    received.length = 0;
    await queue({ operation: 'notify', fault: 'bad_signature' });
    await sqb.create(ctx).pay(charge());
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(sqb.checkNotification(ctx, received[0]!.raw, received[0]!.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
      ack: { status: 400 },
    });
  });
});
