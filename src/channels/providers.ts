import type { Provider } from '../errors/types.js';
import { bybitConnector } from './bybit/client.js';
import { eftpayConnector } from './eftpay/client.js';
import type { ProviderConnector } from './kit/connector.js';
import { paycoolsConnector } from './paycools/client.js';
import { shouqianbaConnector } from './shouqianba/client.js';

/** Provider name → its connector: the providers a channel configuration may name. */
export type ProviderTable = Readonly<Record<string, ProviderConnector>>;

/** The providers polypay ships with (one line per connector). */
export const PROVIDERS: ProviderTable = {
  shouqianba: shouqianbaConnector,
  eftpay: eftpayConnector,
  bybit: bybitConnector,
  paycools: paycoolsConnector,
  // One connector for each provider of errors/types.ts, whose light list the CLI's help names.
} satisfies Record<Provider, ProviderConnector>;
