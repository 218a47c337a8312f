import type { TransferStatus } from '../domain/statuses.js';
import type { ChannelErrorDetail } from '../errors/polypay-error.js';

/**
 * The port of a channel that pays money out (transfers; red envelopes where the wallet has them). Calls
 * may throw `ChannelIoError` (port.ts) when the outcome is unknown; a refusal is an outcome.
 */

export type TransferDestination =
  | {
      readonly type: 'bank_account';
      readonly bankCode: string;
      readonly accountNo: string;
      readonly accountName: string;
    }
  | {
      readonly type: 'ewallet';
      readonly walletCode: string;
      readonly accountNo: string;
      readonly accountName: string;
    }
  | { readonly type: 'wallet_user'; readonly userId: string; readonly name?: string };

export interface ChannelTransfer {
  /** polypay's transfer id (tr_…): the channel's merchant order number is derived from it. */
  readonly transferId: string;
  readonly amount: number;
  readonly currency: string;
  readonly destination: TransferDestination;
  readonly remark?: string;
  readonly createdAt: number;
}

export interface TransferOutcome {
  /** PENDING: accepted, the result comes later (callback or query). */
  readonly status: TransferStatus;
  readonly channelTransferNo?: string;
  /** Where the payee (or payer) must go for a PENDING payout to proceed (transfer_wait_operation). */
  readonly actionUrl?: string;
  /** Set when FAILED (or refused before acceptance), with the unified code and the upstream answer. */
  readonly error?: { readonly code: string; readonly channelError?: ChannelErrorDetail };
}

export interface PayoutChannel {
  readonly name: string;
  /** What it can pay out to. */
  readonly destinations: readonly TransferDestination['type'][];
  transfer(transfer: ChannelTransfer): Promise<TransferOutcome>;
  /** The transfer's state upstream; a transfer the channel never took is FAILED with trade_not_found. */
  queryTransfer(transfer: ChannelTransfer): Promise<TransferOutcome>;
}

/** What decides which channel serves a new payout. */
export interface PayoutRoute {
  readonly appId: string;
  readonly mode: 'test' | 'live';
  readonly currency: string;
}

/** A channel that pays out, optionally with red envelopes (a wallet feature; bank/e-wallet rails lack it). */
export interface RedEnvelopeChannel {
  sendRedEnvelope(envelope: ChannelTransfer): Promise<TransferOutcome>;
  queryRedEnvelope(envelope: ChannelTransfer): Promise<TransferOutcome>;
}

export interface PayoutRegistry {
  /** The channel for a new payout; undefined when none of the app's channels pays out. */
  forPayout(route: PayoutRoute): Promise<PayoutChannel | undefined>;
  /** The channel named on an existing payout. */
  payoutByName(name: string): Promise<PayoutChannel | undefined>;
}

export function isPayoutChannel(channel: unknown): channel is PayoutChannel {
  return typeof (channel as Partial<PayoutChannel> | undefined)?.transfer === 'function';
}

export function hasRedEnvelopes(channel: PayoutChannel): channel is PayoutChannel & RedEnvelopeChannel {
  return typeof (channel as Partial<RedEnvelopeChannel>).sendRedEnvelope === 'function';
}
