import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { HandVmp } from '../../../../test/helpers/vmp-hand.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { createEftpayEmulator, type EftpayEmulator } from './server.js';

/**
 * The set-up the *.wire.test.ts files share: the emulator on port 0 and a merchant's notify endpoint.
 * `useWireEmulator()` registers the hooks; the `let` bindings below are live, so tests read the values the
 * hooks set: `vmp` is the hand-written VMP client (test/helpers/vmp-hand.ts) on the emulator's clock.
 * Harnesses are left out of the build (tsconfig.build.json), so this one may import from test/.
 */

export const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
export const KEY = 'EFTWIRETEST1';
export const JSAPI = '/Servlet/JSAPIService.do';
export const DAY = 86_400_000;

export let emulator: EftpayEmulator;
export let vmp: HandVmp;
export let running: StandaloneEmulator;
let seq = 0;
export const no = (prefix = 'w') => `${prefix}${++seq}`;

/** A merchant's notify endpoint: records what arrives, answers `reply`. */
export let received: { headers: Record<string, unknown>; body: string }[] = [];
let reply = '{"return_code":"success"}';
let notifyServer: Server;
export let notifyUrl: string;

/** The notify endpoint answers `body` until the next test. */
export function replyWith(body: string): void {
  reply = body;
}

export const preorderFields = (out: string, extra: Record<string, string> = {}) => ({
  service: 'service.alipay.qrcode.PreOrder',
  out_trade_no: out,
  transaction_amount: '12.30',
  paytype: 'Alipay',
  payment_type: 'ALIPAYHK',
  subject: 'Egg tart',
  ...extra,
});

/** Waits for `read` to give a value (a notification arriving), checking every 10 ms for 2 s. */
export async function until<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never met');
}

export function useWireEmulator(): void {
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
}
