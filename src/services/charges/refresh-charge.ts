import { type Charge, insertFlow } from '../../store/index.js';
import { toChannelCharge } from './create-charge.js';
import { type ChargeDeps, payDeadline } from './deps.js';
import { callChannel, newFlow } from './flows.js';
import { applyPaymentResult } from './pay-outcome.js';

/**
 * A query of a charge whose payment is still in progress asks the channel first (Shouqianba: polling
 * is the primary way to learn the outcome). Reversal past the deadline stays with the resolution job.
 */
export async function refreshCharge(deps: ChargeDeps, charge: Charge): Promise<Charge> {
  if (charge.status !== 'CREATED') return charge;
  const now = deps.clock.now();
  if (now >= payDeadline(deps.settings, charge)) return charge;
  const channel = await deps.channels.byName(charge.channel ?? '');
  if (!channel) return charge;
  const flow = newFlow(charge, 'query', charge.amount, now);
  await insertFlow(deps.store.db, flow);
  const result = await callChannel(() => channel.query(toChannelCharge(charge)));
  return (await applyPaymentResult(deps, charge.id, flow.id, result, { emitPending: false })).charge;
}
