import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { createShouqianbaEmulator, type ShouqianbaEmulator } from './emulator.js';
import { bizOf, handCall } from './hand-client.js';

/**
 * The set-up the *.wire.test.ts files share: the emulator served on port 0, one terminal activated by hand,
 * and calls signed with it. `useWireEmulator()` registers the hooks; the `let` bindings below are live, so
 * tests read the values the hooks set.
 */

export const DAY = 86_400_000;

export let emulator: ShouqianbaEmulator;
export let base: string;
export let creds: Readonly<Record<string, string>>;
export let term: Term;
let server: StandaloneEmulator;

/** A fresh ordinary (single-use) Alipay barcode. */
export function barcode(prefix = '28'): string {
  return `${prefix}${String(randomInt(0, 1e8)).padStart(8, '0')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}
let seq = 0;
export const clientSn = () => `wire-${Date.now()}-${++seq}`;

export async function activate(deviceId = `dev-${++seq}`) {
  const answer = await handCall(
    base,
    '/terminal/activate',
    { app_id: creds.app_id, code: creds.code, device_id: deviceId },
    creds.vendor_sn!,
    creds.vendor_key!,
  );
  const biz = bizOf(answer);
  return { sn: biz.terminal_sn!, key: biz.terminal_key!, deviceId, answer };
}

export type Term = Awaited<ReturnType<typeof activate>>;

export const call = (path: string, body: Record<string, unknown>, t: Term = term, options = {}) =>
  handCall(base, path, { terminal_sn: t.sn, ...body }, t.sn, t.key, options);

export const pay = (body: Record<string, unknown> = {}, t: Term = term) =>
  call(
    '/upay/v2/pay',
    {
      client_sn: clientSn(),
      total_amount: '100',
      dynamic_id: barcode(),
      subject: 'tea',
      operator: 'op1',
      ...body,
    },
    t,
  );

export function useWireEmulator(): void {
  beforeAll(async () => {
    emulator = createShouqianbaEmulator({ notifyDelaysMs: [20, 50, 100, 200] });
    server = await startStandaloneEmulator(emulator);
    base = server.url;
    creds = emulator.credentials();
    term = await activate();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    emulator.scenarios.clear();
    emulator.clock.reset();
  });
}
