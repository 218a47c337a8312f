import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type ManualClock, manualClock } from '../../domain/clock.js';
import type { ConnectorContext, ConnectorStateStore } from '../kit/connector.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../kit/emulator/index.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import type { Channel, ChannelCharge, ChannelRefund } from '../port.js';
import { createShouqianbaConnector } from './client.js';
import { createShouqianbaEmulator, type ShouqianbaEmulator } from './emulator/emulator.js';

export { ioErrorOf } from '../../../test/helpers/channel-io.js';

/**
 * The set-up the *.client.test.ts files share: the connector over real HTTP against the emulator, started
 * on port 0. `useClientEmulator()` registers the hooks; the `let` bindings below are live, so tests read
 * the values the hooks set.
 */

export const DAY = 86_400_000;
export let emulator: ShouqianbaEmulator;
export let server: StandaloneEmulator;
export let http: ChannelHttpClient;
export let creds: Readonly<Record<string, string>>;
export const connector = () =>
  createShouqianbaConnector({
    http,
    timeouts: { connectMs: 1_000, answerMs: 400, totalMs: 2_000 },
    payTimeouts: { answerMs: 400, totalMs: 2_000 },
  });

export class MemoryState implements ConnectorStateStore {
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

export function context(
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
export function charge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
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

export function refundOf(amount: number): ChannelRefund {
  return {
    refundId: `re_${randomBytes(12).toString('hex')}`,
    refundNo: `rf-${++seq}`,
    amount,
    refundedBefore: 0,
  };
}

export const queue = (scenario: Record<string, unknown>) =>
  http.send(server.url, { path: '/_emulator/scenarios', body: JSON.stringify(scenario) });

export let channel: Channel;

export function useClientEmulator(): void {
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
}
