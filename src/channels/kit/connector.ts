import type { Clock } from '../../domain/clock.js';
import type { Channel, SubPayway } from '../port.js';

/**
 * What a provider connector keeps between calls and across restarts (Shouqianba: the terminal's sn and
 * key, the day of its last check-in). Stored encrypted beside the channel configuration.
 */
export interface ConnectorStateStore {
  load(): Promise<Readonly<Record<string, string>> | undefined>;
  save(state: Readonly<Record<string, string>>): Promise<void>;
}

/** Everything a connector instance is built from: one channel configuration of one app. */
export interface ConnectorContext {
  readonly configId: string;
  /** The name the Channel must carry (recorded on charges; the registry finds the channel by it). */
  readonly channelName: string;
  readonly mode: 'test' | 'live';
  /** The provider's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** Decrypted credentials, named as the provider names them (Shouqianba `vendor_sn`, EFTPay `secret_code`…). */
  readonly credentials: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly state: ConnectorStateStore;
  /** Where the provider is told to send notifications for this configuration. */
  readonly notifyUrl: string;
}

/** The answer the gateway sends back to the provider for a notification, in the provider's own form. */
export interface NotificationAck {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * A notification checked over its raw bytes. It only says which order it concerns: the gateway then
 * queries the provider, because the query, not the notification, is the truth.
 */
export type NotificationCheck =
  | {
      readonly ok: true;
      readonly outTradeNo?: string;
      readonly channelTradeNo?: string;
      readonly refundNo?: string;
      /** polypay's own charge id, for providers that carry it (Shouqianba's client_sn). */
      readonly chargeId?: string;
      /** polypay's refund id (re_…), for providers that carry it in place of the merchant's refund_no. */
      readonly refundId?: string;
      /** polypay's payout id (tr_…, red_…), for a notification about a transfer or red envelope. */
      readonly transferId?: string;
      readonly ack: NotificationAck;
      /**
       * What to answer, in the provider's form, when the gateway cannot use a well-signed notification
       * (it names no order of this configuration: channel_notify_id_error). Without it the gateway answers
       * its own error envelope.
       */
      readonly reject?: NotificationAck;
    }
  | {
      readonly ok: false;
      readonly code: 'channel_sign_error' | 'channel_parse_error';
      readonly message: string;
      readonly ack: NotificationAck;
    };

export type NotificationHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** One upstream provider: how to build its Channel for a configuration and how to read its notifications. */
export interface ProviderConnector {
  readonly provider: 'shouqianba' | 'eftpay' | 'paycools' | 'bybit';
  /** Credential names a configuration of this provider must carry. */
  readonly credentialFields: readonly string[];
  /** Credential names a configuration may carry (Shouqianba `sqb_public_key`, to verify notifications). */
  readonly optionalCredentialFields?: readonly string[];
  /** What the provider can serve. */
  readonly supports: {
    readonly payways: readonly string[];
    readonly subPayways: readonly SubPayway[];
    readonly currencies: readonly string[];
  };
  create(ctx: ConnectorContext): Channel;
  checkNotification(ctx: ConnectorContext, raw: Buffer, headers: NotificationHeaders): NotificationCheck;
}
