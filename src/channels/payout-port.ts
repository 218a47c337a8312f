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
