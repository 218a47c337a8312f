import type { Clock } from '../domain/clock.js';
import {
  type ChannelConfig,
  DEFAULT_READ_CACHE_TTL_MS,
  enabledChannelConfigs,
  getChannelConfigById,
  ReadCache,
  type SecretBox,
  type Store,
} from '../store/index.js';
import { DatabaseConnectorState, parseStringRecord } from './connector-state.js';
import type { ConnectorContext, ProviderConnector } from './kit/connector.js';
import { isPayoutChannel, type PayoutChannel, type PayoutRegistry, type PayoutRoute } from './payout-port.js';
import type { Channel, ChannelRegistry, ChargeRoute } from './port.js';
import { PROVIDERS, type ProviderTable } from './providers.js';
import { DatabaseSandboxAgreementBook } from './sandbox/agreement-book.js';
import { DatabaseSandboxOrderBook } from './sandbox/db-order-book.js';
import { SandboxAgreementChannel } from './sandbox/sandbox-agreements.js';
import { SandboxChannel } from './sandbox/sandbox-channel.js';
import { SandboxPayoutChannel } from './sandbox/sandbox-payouts.js';

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

/** The name a configuration's channel carries, recorded on its charges: `<provider>:<configId>`. */
export function channelNameOf(config: Pick<ChannelConfig, 'provider' | 'id'>): string {
  return `${config.provider}:${config.id}`;
}

/** Where a provider sends notifications for one configuration. */
export function notificationPath(config: Pick<ChannelConfig, 'provider' | 'id'>): string {
  return `/v1/channel_notifications/${config.provider}/${config.id}`;
}

/** A configuration with its connector, its built channel and the context it was built from. */
export interface ConfiguredChannel {
  readonly config: ChannelConfig;
  readonly connector: ProviderConnector;
  readonly context: ConnectorContext;
  readonly channel: Channel;
}

export interface Channels extends ChannelRegistry, PayoutRegistry {
  readonly sandbox: SandboxChannel;
  readonly sandboxPayouts: SandboxPayoutChannel;
  /** Agreements of test-mode apps with no agreement channel configured. */
  readonly sandboxAgreements: SandboxAgreementChannel;
  /** The providers a configuration may name. */
  readonly providers: ProviderTable;
  /** A configuration's channel, built once per process; undefined for an unknown id or provider. */
  configured(configId: string): Promise<ConfiguredChannel | undefined>;
}

export interface CreateChannelsOptions {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** The gateway's public base URL, to which providers send notifications. */
  readonly publicUrl: string;
  /** Default: every provider polypay ships with. */
  readonly providers?: ProviderTable;
  /** How long an app's enabled configurations are cached (default 2 s; 0: read for every charge). */
  readonly readCacheTtlMs?: number;
}

function includes(json: string, value: string): boolean {
  return (JSON.parse(json) as string[]).includes(value);
}

/**
 * Resolves channels. A new charge goes to the newest enabled configuration of its app that serves its
 * payway, sub_payway and currency; a test-mode app with none keeps the sandbox, a live app with none
 * gets no channel (payway_not_enabled). An existing charge keeps the channel named on it, even when its
 * configuration has since been disabled: its query, refund and reversal still need it.
 */
export function createChannels(options: CreateChannelsOptions): Channels {
  const { store, box, clock } = options;
  const providers = options.providers ?? PROVIDERS;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const sandbox = new SandboxChannel({ clock, orderBook: new DatabaseSandboxOrderBook(store.db) });
  const sandboxPayouts = new SandboxPayoutChannel(clock);
  const sandboxAgreements = new SandboxAgreementChannel({
    clock,
    book: new DatabaseSandboxAgreementBook(store.db),
    publicUrl,
  });
  // Configurations never change what they are built from (only their status), so a built channel stays
  // valid for the life of the process.
  const built = new Map<string, Promise<ConfiguredChannel | undefined>>();
  // Which configurations an app has enabled, read once per time to live instead of for every charge; a
  // configuration created or disabled in this process applies at once (src/store/read-cache.ts).
  const enabled = new ReadCache<string, ChannelConfig[]>({
    ttlMs: options.readCacheTtlMs ?? DEFAULT_READ_CACHE_TTL_MS,
    now: () => clock.now(),
  });
  const enabledConfigsOf = async (appId: string) =>
    (await enabled.get(appId, () => enabledChannelConfigs(store.db, appId))) ?? [];

  function build(config: ChannelConfig): ConfiguredChannel | undefined {
    const connector = providers[config.provider];
    if (!connector) return undefined;
    const context: ConnectorContext = {
      configId: config.id,
      channelName: channelNameOf(config),
      mode: config.mode,
      baseUrl: config.base_url.replace(/\/+$/, ''),
      credentials: parseStringRecord(box.decrypt(config.credentials_enc), `credentials of ${config.id}`),
      clock,
      state: new DatabaseConnectorState({
        db: store.db,
        box,
        config: { id: config.id, merchantId: config.merchant_id },
      }),
      notifyUrl: `${publicUrl}${notificationPath(config)}`,
    };
    return { config, connector, context, channel: connector.create(context) };
  }

  function cached(configId: string, load: () => Promise<ChannelConfig | undefined>) {
    let entry = built.get(configId);
    if (!entry) {
      entry = load().then((config) => (config ? build(config) : undefined));
      built.set(configId, entry);
      // An unknown id is not remembered: the configuration may be created later.
      const forget = () => built.delete(configId);
      entry.then((found) => {
        if (!found) forget();
      }, forget);
    }
    return entry;
  }

  const configured = (configId: string) => cached(configId, () => getChannelConfigById(store.db, configId));

  return {
    sandbox,
    sandboxPayouts,
    sandboxAgreements,
    providers,
    configured,
    /** The newest enabled configuration of the app whose channel pays out in the currency; test apps: the sandbox. */
    async forPayout(route: PayoutRoute): Promise<PayoutChannel | undefined> {
      const configs = await enabledConfigsOf(route.appId);
      for (const config of configs) {
        if (config.mode !== route.mode || !includes(config.currencies, route.currency)) continue;
        const found = await cached(config.id, async () => config);
        if (found && isPayoutChannel(found.channel)) return found.channel;
      }
      return route.mode === 'test' ? sandboxPayouts : undefined;
    },
    async payoutByName(name: string): Promise<PayoutChannel | undefined> {
      if (name === sandboxPayouts.name) return sandboxPayouts;
      const colon = name.indexOf(':');
      if (colon <= 0) return undefined;
      const found = await configured(name.slice(colon + 1));
      return found && channelNameOf(found.config) === name && isPayoutChannel(found.channel)
        ? found.channel
        : undefined;
    },
    async forCharge(route: ChargeRoute) {
      const configs = await enabledConfigsOf(route.appId);
      for (const config of configs) {
        if (
          config.mode === route.mode &&
          providers[config.provider] &&
          includes(config.payways, route.payway) &&
          includes(config.sub_payways, route.subPayway) &&
          includes(config.currencies, route.currency)
        ) {
          const found = await cached(config.id, async () => config);
          if (found) return found.channel;
        }
      }
      return route.mode === 'test' && SANDBOX_PAYWAYS.has(route.payway) ? sandbox : undefined;
    },
    async byName(name: string) {
      if (name === sandbox.name) return sandbox;
      const colon = name.indexOf(':');
      if (colon <= 0) return undefined;
      const found = await configured(name.slice(colon + 1));
      return found && channelNameOf(found.config) === name ? found.channel : undefined;
    },
  };
}
