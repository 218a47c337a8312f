import type { TransferDestination } from '../../channels/payout-port.js';
import type { Transfer } from '../../store/index.js';

/** A transfer or red envelope as the API shows it. */
export interface TransferView {
  readonly id: string;
  readonly object: 'transfer' | 'red_envelope';
  readonly out_transfer_no: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: Transfer['status'];
  readonly destination: Record<string, unknown>;
  readonly remark: string | null;
  readonly channel: string;
  readonly channel_transfer_no: string | null;
  /** Why a PENDING payout waits, e.g. transfer_wait_operation, with the URL to open. */
  readonly pending_code: string | null;
  readonly action_url: string | null;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly created_at: number;
  readonly finished: number | null;
}

export function destinationOf(transfer: Pick<Transfer, 'destination'>): TransferDestination {
  return JSON.parse(transfer.destination) as TransferDestination;
}

/** The destination in the API's snake_case. */
export function destinationView(destination: TransferDestination): Record<string, unknown> {
  switch (destination.type) {
    case 'bank_account':
      return {
        type: 'bank_account',
        bank_code: destination.bankCode,
        account_no: destination.accountNo,
        account_name: destination.accountName,
      };
    case 'ewallet':
      return {
        type: 'ewallet',
        wallet_code: destination.walletCode,
        account_no: destination.accountNo,
        account_name: destination.accountName,
      };
    default:
      return {
        type: 'wallet_user',
        user_id: destination.userId,
        ...(destination.name ? { name: destination.name } : {}),
      };
  }
}

export function toTransferView(t: Transfer): TransferView {
  return {
    id: t.id,
    object: t.kind,
    out_transfer_no: t.out_transfer_no,
    amount: Number(t.amount),
    currency: t.currency,
    status: t.status,
    destination: destinationView(destinationOf(t)),
    remark: t.remark,
    channel: t.channel,
    channel_transfer_no: t.channel_transfer_no,
    pending_code: t.pending_code,
    action_url: t.action_url,
    failure_code: t.failure_code,
    failure_message: t.failure_message,
    created_at: Number(t.created_at),
    finished: t.finished_at === null ? null : Number(t.finished_at),
  };
}
