import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HandPaycools, handSign, postForm } from '../../../../test/helpers/paycools-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { createPaycoolsEmulator, type PaycoolsEmulator } from './server.js';

/** The emulator on the wire: signed answers, the checkout page, callbacks signed and retried until acknowledged. */

const SECRET = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const APP = 'PCAPPWIRE000001';
const MORNING = Date.UTC(2026, 10, 30, 1, 0, 0);

let emulator: PaycoolsEmulator;
let running: StandaloneEmulator;
let pc: HandPaycools;
let receiver: Server;
let receiverUrl: string;
const received: Record<string, unknown>[] = [];
/** How many callbacks the receiver refuses before acknowledging. */
let refuse = 0;

beforeAll(async () => {
  emulator = createPaycoolsEmulator({ appId: APP, appSecret: SECRET });
  running = await startStandaloneEmulator(emulator);
  pc = new HandPaycools(running.url, APP, SECRET);
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      response.setHeader('content-type', 'application/json');
      if (refuse > 0) {
        refuse -= 1;
        response.end('{"code":0,"msg":"busy"}');
      } else response.end('{"code":1,"msg":"success","data":{}}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  await running.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  received.length = 0;
  refuse = 0;
  await pc.control('state', undefined, 'DELETE');
  await pc.control('clock', { now: MORNING });
});

async function until<T>(read: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PayCools emulator on the wire', () => {
  it('signs its answers over the data fields with the app secret', async () => {
    const answer = await pc.payout();
    expect(answer.json.code).toBe(10000);
    const data = answer.json.data!;
    expect(data.sign).toMatch(/^[0-9a-f]{40}$/);
    expect(handSign(data, SECRET)).toBe(data.sign);
    expect(data.transactionStatus).toBe('PENDING');
  });

  it('refuses a request signed with another secret and creates nothing', async () => {
    const wrong = pc.as(APP, 'not-the-secret');
    expect((await wrong.payout({ mchOrderId: 'WRONG1' })).json.code).toBe(21001);
    expect((await pc.call('/api/v1/payout/query', { mchOrderId: 'WRONG1' })).json.code).toBe(21006);
  });

  it('checks idempotencyId and mchOrderId separately', async () => {
    expect((await pc.payout({ mchOrderId: 'ORD1', idempotencyId: 'IDEM000001' })).json.code).toBe(10000);
    expect((await pc.payout({ mchOrderId: 'ORD1', idempotencyId: 'IDEM000002' })).json.code).toBe(21007);
    expect((await pc.payout({ mchOrderId: 'ORD2', idempotencyId: 'IDEM000001' })).json.code).toBe(21015);
    expect((await pc.payout({ mchOrderId: 'ORD2', idempotencyId: 'IDEM000002' })).json.code).toBe(10000);
  });

  it('serves a real checkout page whose form pays the collection and calls back signed', async () => {
    const created = await pc.payment({ notifyUrl: receiverUrl, amount: 25050 });
    const url = created.json.data!.redirectUrl as string;
    const page = await (await fetch(url)).text();
    expect(page).toContain('<form method="post"');
    expect(page).toContain('PHP 250.50');
    const after = await (await postForm(url, 'result=paid')).text();
    expect(after).toContain('COMPLETE');
    const note = await until(() => received.find((n) => n.eventName === 'h5.payment.success'));
    expect(handSign(note, SECRET)).toBe(note.sign);
    expect(note).toMatchObject({ amount: 25050, transactionStatus: 'COMPLETE' });
    const balance = await pc.call('/api/v1/balance', {});
    expect(balance.json.data!.balance).toBe(10_000_000 + 25050);
  });

  it('retries a payout callback until the merchant acknowledges it', async () => {
    refuse = 1;
    await pc.payout({ notifyUrl: receiverUrl, accountNo: '001234560000' });
    await pc.advance(5_000);
    await until(() => (received.length >= 1 ? true : undefined));
    await pc.control('notifications/retry');
    await until(() => (received.length >= 2 ? true : undefined));
    expect(received[0]).toEqual(received[1]);
    expect(received[0]).toMatchObject({
      eventName: 'disbursement.failed',
      failedCode: -10005,
      transactionStatus: 'FAILED',
    });
    const log = (await (await pc.control('notifications', undefined, 'GET')).json()) as {
      notifications: { delivered: boolean; attempts: number }[];
    };
    expect(log.notifications[0]).toMatchObject({ delivered: true, attempts: 2 });
  });

  it('takes money at execution and calls back disbursement.completed', async () => {
    await pc.payout({ notifyUrl: receiverUrl, amount: 12345 });
    await pc.advance(5_000);
    const note = await until(() => received.find((n) => n.eventName === 'disbursement.completed'));
    expect(note.transactionStatus).toBe('COMPLETED');
    expect((await pc.call('/api/v1/balance', {})).json.data!.balance).toBe(10_000_000 - 12345);
  });

  it('completes a refund and calls back payment.refund.success', async () => {
    const id = await pc.paid();
    const refund = await pc.call('/api/v1/refund', {
      originalTransactionId: id,
      refundAmount: 4000,
      mchRefundOrderId: 'RFW1',
      refundCallbackUrl: receiverUrl,
    });
    expect(refund.json.data!.refundStatus).toBe('PENDING');
    await pc.advance(5_000);
    const note = await until(() => received.find((n) => n.eventName === 'payment.refund.success'));
    expect(note).toMatchObject({ refundAmount: 4000, refundStatus: 'COMPLETE', originalTransactionId: id });
  });
});
