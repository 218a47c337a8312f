import type { Kysely } from 'kysely';
import { ChannelIoError, type ChannelOutcome } from '../../channels/port.js';
import {
  type ChargeSnapshot,
  canCancel,
  canClose,
  canVoid,
  type SubPayway,
} from '../../domain/charge-state.js';
import type { Currency } from '../../domain/money.js';
import type { Result } from '../../domain/refusal.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import { PolypayError } from '../../errors/polypay-error.js';
import {
  type Charge,
  chargeHistory,
  type Database,
  getCharge,
  insertFlow,
  lockCharge,
  type Refund,
  updateCharge,
} from '../../store/index.js';
import type { Caller } from '../caller.js';
import { notFound } from '../not-found.js';
import { toChannelCharge } from './create-charge.js';
import type { ChargeDeps } from './deps.js';
import { callChannel, newFlow, recordFlowResult } from './flows.js';
import { moveCharge } from './move-charge.js';
import { failureOf, scheduleResolve } from './pay-outcome.js';

/** What an operation on a locked charge checks, read once: its refunds and its reversal-type flows. */
export interface LockedChargeState {
  readonly snapshot: ChargeSnapshot;
  readonly refunds: readonly Refund[];
  /** A void, close or cancel of the charge still at the channel (see refuseWhileOperationInFlight). */
  readonly operationInFlight?: string;
}

/** Reads the state of a charge the caller holds (lockCharge): on PostgreSQL one statement. */
export async function lockedStateOf(
  db: Kysely<Database>,
  charge: Charge,
  now: number,
): Promise<LockedChargeState> {
  const { refunds, operations } = await chargeHistory(db, charge.id);
  const inFlight = operations.find(
    (flow) => flow.status === 'IN_PROG' && flow.created_at > now - OPERATION_IN_FLIGHT_MS,
  );
  return {
    snapshot: {
      status: charge.status,
      amount: charge.amount,
      amountRefunded: charge.amount_refunded,
      currency: charge.currency as Currency,
      subPayway: (charge.sub_payway ?? 'barcode') as SubPayway,
      createdAt: charge.created_at,
      ...(charge.paid_at !== null ? { paidAt: charge.paid_at } : {}),
      settled: charge.settled_at !== null,
      canceledOnce: operations.some((flow) => flow.kind === 'cancel'),
      hasRefund: refunds.some((r) => r.status !== 'FAILED'),
      hasPendingRefund: refunds.some((r) => r.status === 'PENDING' || r.status === 'REFUND_ERROR'),
    },
    refunds,
    ...(inFlight ? { operationInFlight: inFlight.kind } : {}),
  };
}

function orThrow<T>(result: Result<T>): T {
  if (!result.ok)
    throw new PolypayError(result.code, {
      message: result.message,
      messageZh: result.messageZh,
      ...(result.param ? { param: result.param } : {}),
    });
  return result.value;
}

export async function requireCharge(deps: ChargeDeps, auth: Caller, id: string): Promise<Charge> {
  const charge = await getCharge(deps.store.db, auth.appId, id);
  if (!charge) throw notFound('charge', id);
  return charge;
}

/** How long a void, close or cancel call counts as in flight; a call whose process died stops blocking after it. */
const OPERATION_IN_FLIGHT_MS = 5 * 60_000;

/**
 * Void and close do not hold the charge in a status of their own while the channel is called, so every
 * operation that changes a charge refuses to start while one of them (or a cancel) is still at the
 * channel: otherwise a void and a refund (or a cancel) of one charge could both reach the channel.
 * Checked on the state read in the transaction that holds the charge (lockedStateOf).
 */
export function refuseWhileOperationInFlight(state: LockedChargeState): void {
  const kind = state.operationInFlight;
  if (kind !== undefined) {
    throw new PolypayError('trade_processing', {
      message: `A ${kind} of this charge is in progress at the channel; query the charge, then retry.`,
      messageZh: `该订单的 ${kind} 正在渠道处理中，请先查询订单再重试`,
    });
  }
}

/** What a cancel (reversal) answer means for the charge. */
export function cancelVerdict(
  result: ChannelOutcome | ChannelIoError,
): 'done' | 'refused' | 'in_progress' | 'uncertain' {
  if (result instanceof ChannelIoError) return 'uncertain';
  switch (result.bizResult) {
    case 'CANCEL_SUCCESS':
    case 'CANCEL_ABORT_SUCCESS':
      return 'done';
    case 'CANCEL_IN_PROGRESS':
    case 'CANCEL_ABORT_IN_PROGRESS':
      return 'in_progress';
    case 'CANCEL_ERROR':
    case 'CANCEL_ABORT_ERROR':
      return 'uncertain';
    case 'SUCCESS':
      return result.orderStatus === 'CANCELED'
        ? 'done'
        : result.orderStatus === 'CANCEL_INPROGRESS'
          ? 'in_progress'
          : 'uncertain';
    default:
      return result.error?.code === 'cancel_already_done' ? 'done' : 'refused';
  }
}

export interface OperationResult {
  readonly charge: Charge;
  readonly failure?: PolypayError;
}

/**
 * 撤单 / reversal by the merchant: aborts a payment in progress, or reverses a paid charge the same day
 * (fee included). An uncertain answer leaves the charge CANCEL_INPROGRESS or CANCEL_ERROR, and its
 * resolution job finishes the reversal.
 */
export async function cancelCharge(deps: ChargeDeps, auth: Caller, id: string): Promise<OperationResult> {
  await requireCharge(deps, auth, id);
  const { charge, flow, before } = await deps.store.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const locked = (await lockCharge(trx, id))!;
    const state = await lockedStateOf(trx, locked, now);
    orThrow(canCancel(state.snapshot, now, auth.timeZone));
    refuseWhileOperationInFlight(state);
    const flow = newFlow(locked, 'cancel', locked.amount, now);
    await insertFlow(trx, flow);
    // A paid charge is held in CANCEL_INPROGRESS so that no refund can start while it is reversed; an
    // unpaid one stays as it is, so that a payment confirmed meanwhile is still booked (then reversed).
    const held = locked.status === 'PAID' ? await moveCharge(trx, deps, locked, 'CANCEL_INPROGRESS') : locked;
    return { charge: held, flow, before: locked.status };
  });
  const channel = await deps.channels.byName(charge.channel ?? '');
  if (!channel)
    throw new PolypayError('internal_error', {
      message: `channel ${charge.channel} is not configured`,
      messageZh: `渠道 ${charge.channel} 未配置`,
    });
  const result = await callChannel(() => channel.cancel(toChannelCharge(charge)));
  return applyCancelResult(deps, charge.id, flow.id, result, before);
}

const CANCELLABLE: readonly ChargeStatus[] = [
  'CREATED',
  'PAY_ERROR',
  'PAID',
  'CANCEL_INPROGRESS',
  'CANCEL_ERROR',
];

/** Applies a cancel answer; `restoreTo` is the status a definite refusal returns a held charge to. */
export async function applyCancelResult(
  deps: ChargeDeps,
  chargeId: string,
  flowId: string,
  result: ChannelOutcome | ChannelIoError,
  restoreTo: ChargeStatus,
): Promise<OperationResult> {
  return deps.store.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await recordFlowResult(trx, flowId, result, now);
    const charge = (await lockCharge(trx, chargeId))!;
    if (!CANCELLABLE.includes(charge.status)) return { charge };
    switch (cancelVerdict(result)) {
      case 'done':
        return { charge: await moveCharge(trx, deps, charge, 'CANCELED') };
      case 'refused': {
        const failure = failureOf(result, 'cancel_not_allowed');
        if (charge.status !== 'CANCEL_INPROGRESS') return { charge, failure };
        // Nothing happened: the held charge is back as it was, without a new event (no second charge.succeeded).
        await updateCharge(trx, charge.id, { status: restoreTo, updated_at: now });
        return {
          charge: { ...charge, status: restoreTo, updated_at: now, version: charge.version + 1 },
          failure,
        };
      }
      case 'in_progress': {
        const moved =
          charge.status === 'CANCEL_INPROGRESS'
            ? charge
            : await moveCharge(trx, deps, charge, 'CANCEL_INPROGRESS');
        await scheduleResolve(trx, moved, now + 3_000, now);
        return { charge: moved };
      }
      case 'uncertain': {
        const moved =
          charge.status === 'CANCEL_ERROR' ? charge : await moveCharge(trx, deps, charge, 'CANCEL_ERROR');
        await scheduleResolve(trx, moved, now + 3_000, now);
        return { charge: moved };
      }
    }
  });
}

/** Shared shape of close and void: a definite answer either way, no money in doubt. */
async function simpleOperation(
  deps: ChargeDeps,
  auth: Caller,
  id: string,
  kind: 'close' | 'void',
): Promise<OperationResult> {
  const target: ChargeStatus = kind === 'close' ? 'CLOSED' : 'VOIDED';
  const { charge, flow } = await deps.store.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const locked = await lockCharge(trx, id);
    if (!locked || locked.app_id !== auth.appId) throw notFound('charge', id);
    const state = await lockedStateOf(trx, locked, now);
    if (kind === 'close') orThrow(canClose(state.snapshot, now, auth.timeZone));
    else orThrow(canVoid(state.snapshot, now, auth.timeZone));
    refuseWhileOperationInFlight(state);
    const flow = newFlow(locked, kind, locked.amount, now);
    await insertFlow(trx, flow);
    return { charge: locked, flow };
  });
  const channel = await deps.channels.byName(charge.channel ?? '');
  if (!channel)
    throw new PolypayError('internal_error', {
      message: `channel ${charge.channel} is not configured`,
      messageZh: `渠道 ${charge.channel} 未配置`,
    });
  const channelCharge = toChannelCharge(charge);
  const result = await callChannel(() =>
    kind === 'close' ? channel.close(channelCharge) : channel.void(channelCharge),
  );
  return deps.store.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await recordFlowResult(trx, flow.id, result, now);
    const current = (await lockCharge(trx, id))!;
    if (result instanceof ChannelIoError) {
      // Nothing moved for certain: the merchant may retry the same operation.
      return { charge: current, failure: new PolypayError(result.code, { message: result.message }) };
    }
    if (result.bizResult !== 'SUCCESS' && result.bizResult !== 'CANCEL_SUCCESS') {
      return {
        charge: current,
        failure: failureOf(result, kind === 'close' ? 'charge_closed' : 'void_not_supported'),
      };
    }
    if (current.status !== charge.status) {
      return {
        charge: current,
        failure: new PolypayError('charge_unexpected_status', {
          message: `the charge became ${current.status} meanwhile`,
          messageZh: `订单在此期间已变为 ${current.status}`,
        }),
      };
    }
    // A pending resolution job of a closed charge finds it final and stops.
    return { charge: await moveCharge(trx, deps, current, target) };
  });
}

export const closeCharge = (deps: ChargeDeps, auth: Caller, id: string) =>
  simpleOperation(deps, auth, id, 'close');
export const voidCharge = (deps: ChargeDeps, auth: Caller, id: string) =>
  simpleOperation(deps, auth, id, 'void');
