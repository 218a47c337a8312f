import { type Charge, flowsOf, type Refund } from '../../store/index.js';
import { toChannelCharge } from '../charges/create-charge.js';
import type { ChargeDeps } from '../charges/deps.js';
import { callChannel } from '../charges/flows.js';
import { applyRefundResult, toChannelRefund } from './refund-charge.js';

/**
 * Asks the channel about a refund still open (PENDING or REFUND_ERROR) and applies the answer, as the
 * refund's resolution job would: a provider's refund notification only prompts this query.
 */
export async function refreshRefund(deps: ChargeDeps, refund: Refund, charge: Charge): Promise<Refund> {
  if (refund.status !== 'PENDING' && refund.status !== 'REFUND_ERROR') return refund;
  const channel = await deps.channels.byName(charge.channel ?? '');
  const flow = (await flowsOf(deps.store.db, charge.id))
    .filter((f) => f.kind === 'refund' && f.refund_id === refund.id)
    .at(-1);
  if (!channel || !flow) return refund;
  const result = await callChannel(() =>
    channel.queryRefund(toChannelCharge(charge), toChannelRefund(refund, charge.amount_refunded)),
  );
  return (await applyRefundResult(deps, refund.id, flow.id, result)).refund;
}
