import type { ProviderConnector } from './kit/connector.js';

/** Provider name → its connector: the providers a channel configuration may name. */
export type ProviderTable = Readonly<Record<string, ProviderConnector>>;

/** The providers polypay ships with (one line per connector). */
export const PROVIDERS: ProviderTable = {};
