import type { AgreementChannel } from '../../channels/agreement-port.js';
import type { ProviderConnector } from '../../channels/kit/connector.js';
import type { Channels } from '../../channels/registry.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { enabledChannelConfigs, type Store } from '../../store/index.js';
import type { Caller } from '../caller.js';

/** A connector that can also hold agreements (Bybit recurring). */
interface AgreementConnector extends ProviderConnector {
  agreements(ctx: Parameters<ProviderConnector['create']>[0]): AgreementChannel;
}

function takesAgreements(connector: ProviderConnector): connector is AgreementConnector {
  return typeof (connector as Partial<AgreementConnector>).agreements === 'function';
}

const built = new WeakMap<object, AgreementChannel>();

async function channelOfConfig(channels: Channels, configId: string): Promise<AgreementChannel | undefined> {
  const found = await channels.configured(configId);
  if (found === undefined || !takesAgreements(found.connector)) return undefined;
  let channel = built.get(found);
  if (channel === undefined) {
    channel = found.connector.agreements(found.context);
    built.set(found, channel);
  }
  return channel;
}

/**
 * The channel for a new agreement: the app's newest enabled configuration whose provider holds agreements;
 * for a test-mode app with none, the sandbox.
 */
export async function agreementChannelFor(
  store: Store,
  channels: Channels,
  caller: Caller,
): Promise<{ name: string; channel: AgreementChannel }> {
  for (const config of await enabledChannelConfigs(store.db, caller.appId)) {
    const connector = channels.providers[config.provider];
    if (config.mode !== caller.mode || connector === undefined || !takesAgreements(connector)) continue;
    const channel = await channelOfConfig(channels, config.id);
    if (channel) return { name: channel.name, channel };
  }
  // A test-mode app with none keeps the sandbox, as for charges.
  if (caller.mode === 'test')
    return { name: channels.sandboxAgreements.name, channel: channels.sandboxAgreements };
  throw new PolypayError('payway_not_enabled', {
    param: 'channel',
    message: 'No channel configuration of this app takes agreements: configure provider bybit first.',
    messageZh: '该应用没有支持签约的渠道配置，请先配置 bybit 渠道',
  });
}

/** The channel recorded on an agreement (`<provider>:<configId>`), even when since disabled. */
export async function agreementChannelNamed(channels: Channels, name: string): Promise<AgreementChannel> {
  if (name === channels.sandboxAgreements.name) return channels.sandboxAgreements;
  const colon = name.indexOf(':');
  const channel = colon > 0 ? await channelOfConfig(channels, name.slice(colon + 1)) : undefined;
  if (channel === undefined) throw new Error(`agreement channel ${name} is gone`);
  return channel;
}
