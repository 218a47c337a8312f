import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { HandVmp, postJson } from '../../../test/helpers/vmp-hand.js';
import type { ConnectorContext } from '../kit/connector.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../kit/emulator/index.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import type { Channel, ChannelCharge, ChannelRefund } from '../port.js';
import { EftpayChannel } from './client.js';
import { createEftpayEmulator, type EftpayEmulator } from './emulator/server.js';

export { ioErrorOf } from '../../../test/helpers/channel-io.js';

/**
 * The set-up the *.client.test.ts files share: the connector over real HTTP against the emulator on port 0.
 * `useClientEmulator()` registers the hooks; the `let` bindings below are live, so tests read the values
 * the hooks set; `vmp` is the hand-written VMP client (test/helpers/vmp-hand.ts) on the emulator's clock.
 * Harnesses are left out of the build (tsconfig.build.json), so this one may import from test/.
 */

export const SECRET = '0123456789abcdef0123456789abcdef';
export const KEY = 'EFTCONNECT01';

export let emulator: EftpayEmulator;
export let running: StandaloneEmulator;
let http: ChannelHttpClient;
export let channel: Channel;
export let vmp: HandVmp;
let seq = 0;

export function ctx(): ConnectorContext {
  return {
    configId: 'cfg_eft',
    channelName: 'eftpay:cfg_eft',
    mode: 'test',
    baseUrl: running.url,
    credentials: { user_confirm_key: KEY, secret_code: SECRET },
    clock: emulator.clock,
    state: { load: async () => undefined, save: async () => {} },
    notifyUrl: 'http://127.0.0.1:9/notify',
  };
}

export function charge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
  seq += 1;
  return {
    chargeId: `ch_${seq}`,
    merchantId: 'mer_1',
    outTradeNo: `ORDER${seq}`,
    amount: 10_000,
    currency: 'HKD',
    payway: 'alipay_hk',
    subPayway: 'qrcode',
    subject: 'Pineapple bun',
    createdAt: emulator.clock.now(),
    ...overrides,
  };
}

export const refundOf = (refundNo: string, amount: number, refundedBefore = 0): ChannelRefund => ({
  refundId: `re_${refundNo}`,
  refundNo,
  amount,
  refundedBefore,
});

export async function buyerPays(eftTradeNo: string): Promise<void> {
  const answer = await postJson(`${running.url}/_emulator/buyer/${eftTradeNo}`, { result: 'paid' });
  expect(answer.status).toBe(200);
}

export async function paidCharge(overrides: Partial<ChannelCharge> = {}): Promise<ChannelCharge> {
  const c = charge(overrides);
  const created = await channel.precreate(c);
  expect(created.bizResult).toBe('PRECREATE_SUCCESS');
  await buyerPays(created.channelTradeNo!);
  return c;
}

export async function scenario(body: Record<string, unknown>): Promise<void> {
  const answer = await postJson(`${running.url}/_emulator/scenarios`, body);
  expect(answer.status, answer.text).toBe(200);
}

export function useClientEmulator(): void {
  beforeAll(async () => {
    emulator = createEftpayEmulator({ userConfirmKey: KEY, secretCode: SECRET });
    running = await startStandaloneEmulator(emulator);
    // Short answer timeouts so that a held connection (the timeout fault) ends the call quickly.
    http = new ChannelHttpClient({ timeouts: { connectMs: 2_000, answerMs: 500, totalMs: 2_000 } });
    channel = new EftpayChannel({
      name: 'eftpay:test',
      baseUrl: running.url,
      userConfirmKey: KEY,
      secretCode: SECRET,
      clock: emulator.clock,
      notifyUrl: 'http://127.0.0.1:9/notify',
      http,
    });
    vmp = new HandVmp(running.url, KEY, SECRET, () => emulator.clock.now());
  });
  afterAll(async () => {
    await http.close();
    await running.close();
  });
  beforeEach(() => {
    emulator.scenarios.clear();
    emulator.clock.reset();
  });
}
