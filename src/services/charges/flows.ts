import type { Kysely } from 'kysely';
import { ChannelIoError, type ChannelOutcome } from '../../channels/port.js';
import { newSortableId } from '../../domain/ids.js';
import { type Charge, type ChargeFlow, type Database, updateFlow } from '../../store/index.js';

/** A charge's flows: one record per call to the channel (pay, query, cancel, close, void, refund). */

export function newFlow(
  charge: Charge,
  kind: ChargeFlow['kind'],
  amount: number,
  now: number,
  refundId: string | null = null,
): ChargeFlow {
  return {
    id: newSortableId('fl'),
    merchant_id: charge.merchant_id,
    charge_id: charge.id,
    kind,
    status: 'IN_PROG',
    biz_result: null,
    amount,
    refund_id: refundId,
    channel_trade_no: null,
    error_code: null,
    error_message: null,
    channel_error: null,
    created_at: now,
    updated_at: now,
  };
}

/** What a channel's answer changes in the flow that asked it. */
export function flowResultChanges(result: ChannelOutcome | ChannelIoError, now: number) {
  const outcome = result instanceof ChannelIoError ? undefined : result;
  return {
    status: result.flowStatus,
    biz_result: outcome?.bizResult ?? null,
    ...(outcome?.channelTradeNo ? { channel_trade_no: outcome.channelTradeNo } : {}),
    error_code: outcome?.error?.code ?? (result instanceof ChannelIoError ? result.code : null),
    error_message:
      outcome?.error?.channelError?.message ?? (result instanceof ChannelIoError ? result.message : null),
    channel_error: outcome?.error?.channelError ? JSON.stringify(outcome.error.channelError) : null,
    updated_at: now,
  };
}

export async function recordFlowResult(
  trx: Kysely<Database>,
  flowId: string,
  result: ChannelOutcome | ChannelIoError,
  now: number,
): Promise<void> {
  await updateFlow(trx, flowId, flowResultChanges(result, now));
}

export async function callChannel(
  fn: () => Promise<ChannelOutcome>,
): Promise<ChannelOutcome | ChannelIoError> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ChannelIoError) return error;
    throw error;
  }
}
