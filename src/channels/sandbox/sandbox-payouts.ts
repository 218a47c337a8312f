import type { Clock } from '../../domain/clock.js';
import type {
  ChannelTransfer,
  PayoutChannel,
  RedEnvelopeChannel,
  TransferDestination,
  TransferOutcome,
} from '../payout-port.js';

/**
 * The sandbox's payouts: transfers to any destination and red envelopes to wallet users, with magic
 * values (docs/sandbox.md) that make it behave as a real wallet channel sometimes does. A payout is
 * accepted PENDING and reads PAID from its first query on; state is kept in memory per process.
 */

export const SANDBOX_PAYOUT_MAGIC = {
  /** First attempt refused as busy (transfer_system_busy / red_system_busy); the retry is accepted. */
  busyOnce: 1111,
  /** The payee must confirm at a URL (transfer_wait_operation); PAID 60 s (clock) later. */
  waitOperation: 2222,
  /** Accepted, then fails: the recipient account is invalid (recipient_account_invalid). */
  failsAfterPending: 4004,
  /** A wallet user behind a channel too old for payouts (channel_not_support_transfer / _red_envelope). */
  legacyUser: 'legacy_channel',
} as const;

const WAIT_MS = 60_000;

interface Held {
  readonly outcome: 'paid' | 'failed' | 'wait';
  readonly acceptedAt: number;
}

export class SandboxPayoutChannel implements PayoutChannel, RedEnvelopeChannel {
  readonly name = 'sandbox';
  readonly destinations: readonly TransferDestination['type'][] = ['bank_account', 'ewallet', 'wallet_user'];
  readonly #clock: Clock;
  readonly #accepted = new Map<string, Held>();
  readonly #busySeen = new Set<string>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  transfer(transfer: ChannelTransfer): Promise<TransferOutcome> {
    return Promise.resolve(this.#send(transfer, 'transfer'));
  }

  queryTransfer(transfer: ChannelTransfer): Promise<TransferOutcome> {
    return Promise.resolve(this.#query(transfer));
  }

  sendRedEnvelope(envelope: ChannelTransfer): Promise<TransferOutcome> {
    return Promise.resolve(this.#send(envelope, 'red_envelope'));
  }

  queryRedEnvelope(envelope: ChannelTransfer): Promise<TransferOutcome> {
    return Promise.resolve(this.#query(envelope));
  }

  #send(t: ChannelTransfer, kind: 'transfer' | 'red_envelope'): TransferOutcome {
    const known = this.#accepted.get(t.transferId);
    if (known) return this.#query(t);
    if (t.destination.type === 'wallet_user' && t.destination.userId === SANDBOX_PAYOUT_MAGIC.legacyUser)
      return {
        status: 'FAILED',
        error: {
          code: kind === 'transfer' ? 'channel_not_support_transfer' : 'channel_not_support_red_envelope',
        },
      };
    if (kind === 'red_envelope' && t.destination.type !== 'wallet_user')
      return { status: 'FAILED', error: { code: 'destination_not_supported' } };
    if (t.amount === SANDBOX_PAYOUT_MAGIC.busyOnce && !this.#busySeen.has(t.transferId)) {
      this.#busySeen.add(t.transferId);
      return {
        status: 'FAILED',
        error: { code: kind === 'transfer' ? 'transfer_system_busy' : 'red_system_busy' },
      };
    }
    const outcome =
      t.amount === SANDBOX_PAYOUT_MAGIC.failsAfterPending
        ? 'failed'
        : t.amount === SANDBOX_PAYOUT_MAGIC.waitOperation
          ? 'wait'
          : 'paid';
    this.#accepted.set(t.transferId, { outcome, acceptedAt: this.#clock.now() });
    return {
      status: 'PENDING',
      channelTransferNo: `sbx_${t.transferId}`,
      ...(outcome === 'wait' ? waiting(t) : {}),
    };
  }

  #query(t: ChannelTransfer): TransferOutcome {
    const held = this.#accepted.get(t.transferId);
    if (!held) return { status: 'FAILED', error: { code: 'trade_not_found' } };
    const no = { channelTransferNo: `sbx_${t.transferId}` };
    if (held.outcome === 'failed')
      return { status: 'FAILED', ...no, error: { code: 'recipient_account_invalid' } };
    if (held.outcome === 'wait' && this.#clock.now() < held.acceptedAt + WAIT_MS)
      return { status: 'PENDING', ...no, ...waiting(t) };
    return { status: 'PAID', ...no };
  }
}

function waiting(t: ChannelTransfer): Pick<TransferOutcome, 'actionUrl' | 'error'> {
  return {
    actionUrl: `https://sandbox.polypay.invalid/payouts/${t.transferId}/confirm`,
    error: { code: 'transfer_wait_operation' },
  };
}
