import type { Kysely } from 'kysely';
import type { ChannelIoError, ChannelOutcome } from '../../channels/port.js';
import { assertTransition } from '../../domain/charge-state.js';
import {
  type Charge,
  type Database,
  isDeadlockVictim,
  pendingRefundSucceededQuery,
  type Refund,
  StaleChargeError,
  type StatementPart,
} from '../../store/index.js';
import type { ChargeDeps } from '../charges/deps.js';
import { flowResultChanges } from '../charges/flows.js';
import { MoveNeedsTransaction, writeChargeMove } from '../charges/move-statement.js';
import { toRefundView } from '../charges/views.js';
import type { RecordEventInput } from '../events.js';
import type { RefundResult } from './refund-charge.js';

/** What a refund's reservation left: the charge as it was locked then, the refund, its flow and its job. */
export interface ReservedRefund {
  readonly charge: Charge;
  readonly refund: Refund;
  readonly flowId: string;
  readonly jobId: string;
}

/** The request's stored answer, as a part of the refund's one statement. */
export interface RefundAnswerPart {
  part(db: Kysely<Database>, applied: RefundResult): Promise<StatementPart | undefined>;
  /** The statement was not committed: its part was not written. */
  dropped(): void;
}

export function refundEvent(refund: Refund, type: string, now: number): RecordEventInput {
  return {
    merchantId: refund.merchant_id,
    appId: refund.app_id,
    type,
    objectId: refund.id,
    object: toRefundView(refund),
    now,
  };
}

/**
 * PostgreSQL: a refund's success in one statement without BEGIN/COMMIT, one round trip where the
 * transaction took nine: the flow's result, the dropped resolution job, the charge's refunded amount and
 * status at the version the reservation locked, the refund (only while still PENDING), its event with its
 * webhook deliveries, and the request's stored answer. Undefined when it does not apply, with nothing
 * written: the charge changed since the reservation (another refund succeeded, a resolution ran), the
 * refund was settled meanwhile, or the app's webhook endpoints are not those last seen. The caller then
 * applies the answer in a transaction on the locked charge.
 */
export async function applyRefundSuccessAlone(
  deps: ChargeDeps,
  reserved: ReservedRefund,
  result: ChannelOutcome | ChannelIoError,
  answer?: RefundAnswerPart,
): Promise<RefundResult | undefined> {
  const { charge, refund } = reserved;
  const now = deps.clock.now();
  const refunded = charge.amount_refunded + refund.amount;
  const to = refunded >= charge.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
  if (!assertTransition(charge.status, to).ok) return undefined;
  const applied: RefundResult = {
    refund: { ...refund, status: 'SUCCEEDED', succeeded_at: now, updated_at: now },
  };
  try {
    await deps.store.writeAutocommit(async (db) =>
      writeChargeMove(db, {
        chargeId: charge.id,
        update: { amount_refunded: refunded, status: to, updated_at: now },
        expectedVersion: charge.version,
        flowResult: {
          flowId: reserved.flowId,
          changes: flowResultChanges(result, now),
          dropJobId: reserved.jobId,
        },
        alongside: [['refund_settled', pendingRefundSucceededQuery(db, refund.id, now)]],
        event: refundEvent(applied.refund, 'refund.succeeded', now),
        standalone: true,
        joined: await answer?.part(db, applied),
      }),
    );
  } catch (error) {
    answer?.dropped();
    // A deadlock's victim (a writer that locked the charge first) rolled back like a stale version.
    if (
      error instanceof StaleChargeError ||
      error instanceof MoveNeedsTransaction ||
      isDeadlockVictim(error)
    ) {
      return undefined;
    }
    throw error;
  }
  return applied;
}
