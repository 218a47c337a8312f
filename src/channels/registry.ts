import type { Clock } from '../domain/clock.js';
import type { ChannelRegistry } from '../services/charges/deps.js';
import type { Store } from '../store/index.js';
import { DatabaseSandboxOrderBook } from './sandbox/db-order-book.js';
import { SandboxChannel } from './sandbox/sandbox-channel.js';

/** Payways the sandbox answers for (every wallet-style payway of the API). */
const SANDBOX_PAYWAYS = new Set([
  'alipay',
  'wechat',
  'baifubao',
  'jdpay',
  'qqwallet',
  'alipay_hk',
  'wechat_hk',
]);

export interface Channels extends ChannelRegistry {
  readonly sandbox: SandboxChannel;
}

/**
 * Test-mode apps are served by the sandbox. Live apps need a channel configuration for the payway;
 * until a provider connector serves it, a live charge is refused with payway_not_enabled.
 */
export function createChannels(options: { store: Store; clock: Clock }): Channels {
  const sandbox = new SandboxChannel({
    clock: options.clock,
    orderBook: new DatabaseSandboxOrderBook(options.store.db),
  });
  return {
    sandbox,
    forCharge: (mode, payway) => (mode === 'test' && SANDBOX_PAYWAYS.has(payway) ? sandbox : undefined),
    byName: (name) => (name === sandbox.name ? sandbox : undefined),
  };
}
