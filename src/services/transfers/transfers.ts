import {
  type ChannelTransfer,
  hasRedEnvelopes,
  type PayoutChannel,
  type TransferDestination,
  type TransferOutcome,
} from '../../channels/payout-port.js';
import { ChannelIoError } from '../../channels/port.js';
import { newSortableId } from '../../domain/ids.js';
import {
  LEDGER_ACCOUNTS,
  postingsForPayoutHold,
  postingsForPayoutReleased,
  postingsForPayoutReturned,
  postingsForPayoutSent,
} from '../../domain/ledger-rules.js';
import type { Currency } from '../../domain/money.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import { getDefinition } from '../../errors/lookup.js';
import { type ChannelErrorDetail, PolypayError } from '../../errors/polypay-error.js';
import { enqueueJob } from '../../jobs/queue.js';
import { merchantBalanceForUpdate, postJournal } from '../../ledger/ledger.js';
import {
  getTransferByNo,
  insertTransfer,
  isUniqueViolation,
  lockTransfer,
  type PingppPayoutsTable,
  type Transfer,
  type TransferKind,
  updateTransfer,
} from '../../store/index.js';
import { recordPingppPayout } from '../../store/repositories/pingpp-payouts.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import { TRANSFER_FIRST_CHECK_MS, TRANSFER_RESOLVE_JOB, type TransferDeps } from './deps.js';
import { destinationOf, toTransferView } from './views.js';

/**
 * Payouts (transfers and red envelopes), funded from the merchant's available balance. The money is held
 * in the transaction that records the payout (refused, nothing held, when the balance is short); only
 * then is the channel called. The outcome — from the call, a callback-triggered query or the resolution
 * job, whichever comes first — is applied once: sent on success, released on failure.
 */

export interface CreatePayoutInput {
  readonly out_transfer_no: string;
  readonly amount: number;
  readonly currency: string;
  readonly destination: TransferDestination;
  readonly remark?: string;
}

export interface PayoutResult {
  readonly transfer: Transfer;
  /** Set when the payout did not go through (or waits for someone): the API answers this error. */
  readonly failure?: PolypayError;
}

/** The channel refused as busy: nothing was sent, and a retry with the same out_transfer_no sends it once. */
const BUSY: ReadonlySet<string> = new Set(['transfer_system_busy', 'red_system_busy']);

/** How long after a payout was sent a "not found" from the channel is still taken as "not yet". */
export const NOT_FOUND_GRACE_MS = 60_000;

const EVENT_PREFIX = { transfer: 'transfer', red_envelope: 'red_envelope' } as const;

export async function createPayout(
  deps: TransferDeps,
  caller: Caller,
  kind: TransferKind,
  input: CreatePayoutInput,
  options: {
    /** The Ping++ request's own fields (compat surface), written with the new payout. */
    readonly pingpp?: PingppPayoutsTable;
  } = {},
): Promise<PayoutResult> {
  const existing = await getTransferByNo(deps.store.db, caller.appId, kind, input.out_transfer_no);
  if (existing) return replay(deps, existing, input);
  const channel = await deps.payouts.forPayout({
    appId: caller.appId,
    mode: caller.mode,
    currency: input.currency,
  });
  const unsupported: UnifiedCode =
    kind === 'transfer' ? 'channel_not_support_transfer' : 'channel_not_support_red_envelope';
  if (!channel || (kind === 'red_envelope' && !hasRedEnvelopes(channel)))
    throw new PolypayError(unsupported, {
      message: `No channel of this app can send ${kind === 'transfer' ? 'transfers' : 'red envelopes'} in ${input.currency}.`,
      messageZh: `该应用没有能以 ${input.currency} 发送${kind === 'transfer' ? '转账' : '红包'}的渠道`,
    });
  let transfer: Transfer;
  try {
    transfer = await deps.store.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const available = await merchantBalanceForUpdate(
        trx,
        caller.merchantId,
        caller.mode,
        LEDGER_ACCOUNTS.available,
        input.currency,
      );
      if (available < input.amount)
        throw new PolypayError('merchant_balance_insufficient', {
          param: 'amount',
          message: `The payout needs ${input.amount} from the available balance, which holds ${available}.`,
          messageZh: `本次付款需从可用余额扣除 ${input.amount}，可用余额仅有 ${available}`,
        });
      const row: Transfer = {
        id: newSortableId(kind === 'transfer' ? 'tr' : 'red'),
        merchant_id: caller.merchantId,
        app_id: caller.appId,
        mode: caller.mode,
        kind,
        out_transfer_no: input.out_transfer_no,
        amount: input.amount,
        currency: input.currency,
        channel: channel.name,
        destination: JSON.stringify(input.destination),
        remark: input.remark ?? null,
        status: 'PENDING',
        submitted: 0,
        channel_transfer_no: null,
        pending_code: null,
        action_url: null,
        failure_code: null,
        failure_message: null,
        channel_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      };
      await insertTransfer(trx, row);
      if (options.pingpp) await recordPingppPayout(trx, options.pingpp);
      await postJournal(trx, {
        merchantId: caller.merchantId,
        mode: caller.mode,
        postings: postingsForPayoutHold(input.amount, input.currency as Currency),
        refType: kind,
        refId: row.id,
        now,
      });
      // The safety net: resolves the payout by query if no answer or callback settles it first.
      await enqueueJob(trx, {
        merchantId: caller.merchantId,
        kind: TRANSFER_RESOLVE_JOB,
        payload: { transferId: row.id },
        runAt: now + TRANSFER_FIRST_CHECK_MS,
        now,
      });
      return row;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await getTransferByNo(deps.store.db, caller.appId, kind, input.out_transfer_no);
    if (!winner) throw error;
    return replay(deps, winner, input);
  }
  return send(deps, transfer, channel);
}

/** The same out_transfer_no again: the same payout (sent now if the channel was busy), or a conflict. */
async function replay(
  deps: TransferDeps,
  existing: Transfer,
  input: CreatePayoutInput,
): Promise<PayoutResult> {
  const same =
    Number(existing.amount) === input.amount &&
    existing.currency === input.currency &&
    existing.destination === JSON.stringify(input.destination);
  if (!same)
    throw new PolypayError('transfer_no_used', {
      param: 'out_transfer_no',
      message: `out_transfer_no ${input.out_transfer_no} is payout ${existing.id}, with other parameters.`,
      messageZh: `out_transfer_no ${input.out_transfer_no} 已用于付款 ${existing.id}，且参数不同`,
    });
  if (existing.status === 'PENDING' && Number(existing.submitted) === 0) {
    const channel = await deps.payouts.payoutByName(existing.channel);
    if (channel) return send(deps, existing, channel);
  }
  return { transfer: existing, ...failureOf(existing) };
}

function failureOf(t: Transfer): { failure?: PolypayError } {
  if (t.status === 'FAILED' && t.failure_code)
    return {
      failure: new PolypayError(t.failure_code as UnifiedCode, {
        ...(t.failure_message ? { message: t.failure_message } : {}),
        ...(t.channel_error ? { channelError: JSON.parse(t.channel_error) as ChannelErrorDetail } : {}),
      }),
    };
  if (t.status === 'PENDING' && t.pending_code)
    return {
      failure: new PolypayError(t.pending_code as UnifiedCode, {
        message: t.action_url ? `Open ${t.action_url} to complete payout ${t.id}.` : undefined,
        messageZh: t.action_url ? `请打开 ${t.action_url} 完成付款 ${t.id}` : undefined,
      }),
    };
  return {};
}

export function toChannelTransfer(t: Transfer): ChannelTransfer {
  return {
    transferId: t.id,
    amount: Number(t.amount),
    currency: t.currency,
    destination: destinationOf(t),
    ...(t.remark ? { remark: t.remark } : {}),
    createdAt: Number(t.created_at),
  };
}

async function send(deps: TransferDeps, t: Transfer, channel: PayoutChannel): Promise<PayoutResult> {
  const payload = toChannelTransfer(t);
  let outcome: TransferOutcome;
  try {
    outcome =
      t.kind === 'red_envelope' && hasRedEnvelopes(channel)
        ? await channel.sendRedEnvelope(payload)
        : await channel.transfer(payload);
  } catch (error) {
    if (!(error instanceof ChannelIoError)) throw error;
    // The request may have arrived: only a query (callback or job) may settle it.
    await updateTransfer(deps.store.db, t.id, { submitted: 1, updated_at: deps.clock.now() });
    return { transfer: { ...t, submitted: 1 } };
  }
  const code = outcome.error?.code;
  if (outcome.status === 'FAILED' && code !== undefined && BUSY.has(code)) {
    return {
      transfer: t,
      failure: new PolypayError(code as UnifiedCode, {
        message: `Payout ${t.id} was not sent; retry with the same out_transfer_no.`,
        messageZh: `付款 ${t.id} 未发出，请使用相同的 out_transfer_no 重试`,
      }),
    };
  }
  if (
    outcome.status === 'FAILED' &&
    code !== undefined &&
    getDefinition(code)?.retryStrategy === 'query_first'
  ) {
    await updateTransfer(deps.store.db, t.id, { submitted: 1, updated_at: deps.clock.now() });
    return { transfer: { ...t, submitted: 1 } };
  }
  const applied = await applyPayoutOutcome(deps, t.id, outcome, { submitted: true });
  return { transfer: applied, ...failureOf(applied) };
}

/**
 * Applies what the channel said about a payout, exactly once: PENDING → PAID sends the held money,
 * PENDING → FAILED releases it, PAID → FAILED (returned by the receiving side) gives it back; anything
 * else (a duplicate or late answer) changes nothing.
 */
export async function applyPayoutOutcome(
  deps: TransferDeps,
  transferId: string,
  outcome: TransferOutcome,
  options: { submitted?: boolean } = {},
): Promise<Transfer> {
  return deps.store.db.transaction().execute(async (trx) => {
    const t = (await lockTransfer(trx, transferId))!;
    const now = deps.clock.now();
    const amount = Number(t.amount);
    const currency = t.currency as Currency;
    const prefix = EVENT_PREFIX[t.kind];
    const channelNo = outcome.channelTransferNo ?? t.channel_transfer_no;
    let next: Transfer = t;
    let postings: ReturnType<typeof postingsForPayoutSent> | undefined;
    let event: string | undefined;
    if (t.status === 'PENDING' && outcome.status === 'PAID') {
      next = {
        ...t,
        status: 'PAID',
        channel_transfer_no: channelNo,
        pending_code: null,
        action_url: null,
        finished_at: now,
      };
      postings = postingsForPayoutSent(amount, currency);
      event = `${prefix}.succeeded`;
    } else if (t.status === 'PENDING' && (outcome.status === 'FAILED' || outcome.status === 'CANCELED')) {
      next = {
        ...t,
        status: 'FAILED',
        channel_transfer_no: channelNo,
        pending_code: null,
        action_url: null,
        finished_at: now,
        ...failureFields(outcome),
      };
      postings = postingsForPayoutReleased(amount, currency);
      event = `${prefix}.failed`;
    } else if (
      t.status === 'PAID' &&
      outcome.status === 'FAILED' &&
      outcome.error?.code === 'transfer_reversed'
    ) {
      next = { ...t, status: 'FAILED', finished_at: now, ...failureFields(outcome) };
      postings = postingsForPayoutReturned(amount, currency);
      event = `${prefix}.reversed`;
    } else if (t.status === 'PENDING') {
      const pendingCode =
        outcome.error?.code === 'transfer_wait_operation' ? outcome.error.code : t.pending_code;
      const changed = options.submitted && Number(t.submitted) === 0;
      next = {
        ...t,
        submitted: options.submitted ? 1 : t.submitted,
        channel_transfer_no: channelNo,
        pending_code: pendingCode,
        action_url: outcome.actionUrl ?? t.action_url,
      };
      if (changed) event = `${prefix}.pending`;
    }
    if (next === t) return t;
    next = { ...next, updated_at: now };
    const { id: _id, ...update } = next;
    await updateTransfer(trx, t.id, update);
    if (postings)
      await postJournal(trx, {
        merchantId: t.merchant_id,
        mode: t.mode,
        postings,
        refType: t.kind,
        refId: t.id,
        now,
      });
    if (event)
      await recordEvent(trx, {
        merchantId: t.merchant_id,
        appId: t.app_id,
        type: event,
        objectId: t.id,
        object: toTransferView(next),
        now,
      });
    return next;
  });
}

function failureFields(
  outcome: TransferOutcome,
): Pick<Transfer, 'failure_code' | 'failure_message' | 'channel_error'> {
  const code = outcome.error?.code ?? 'channel_response_code_fail';
  const definition = getDefinition(code);
  const channelError = outcome.error?.channelError;
  return {
    failure_code: code,
    failure_message: channelError?.message || (definition ? definition.messages.en : code),
    channel_error: channelError ? JSON.stringify(channelError) : null,
  };
}

/** Asks the channel where a pending (or paid, for a return) payout stands and applies the answer. */
export async function refreshPayout(deps: TransferDeps, t: Transfer): Promise<Transfer> {
  if (t.status !== 'PENDING' && t.status !== 'PAID') return t;
  const channel = await deps.payouts.payoutByName(t.channel);
  if (!channel) return t;
  try {
    const payload = toChannelTransfer(t);
    const outcome =
      t.kind === 'red_envelope' && hasRedEnvelopes(channel)
        ? await channel.queryRedEnvelope(payload)
        : await channel.queryTransfer(payload);
    // "Not found" soon after sending may be a request still on its way: only later is it a payout that
    // never arrived (and whose money may be released).
    if (
      outcome.error?.code === 'trade_not_found' &&
      Number(t.submitted) === 1 &&
      deps.clock.now() - Number(t.created_at) < NOT_FOUND_GRACE_MS
    )
      return t;
    return await applyPayoutOutcome(deps, t.id, outcome);
  } catch (error) {
    if (error instanceof ChannelIoError) return t;
    throw error;
  }
}
