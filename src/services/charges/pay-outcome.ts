import type { Kysely } from 'kysely';
import { ChannelIoError, type ChannelOutcome } from '../../channels/port.js';
import type { FlowStatus } from '../../domain/statuses.js';
import { getDefinition } from '../../errors/lookup.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { enqueueJob } from '../../jobs/queue.js';
import {
  type Charge,
  type ChargeFlow,
  type Database,
  isDeadlockVictim,
  lockCharge,
  recordFlowResult,
  StaleChargeError,
  type StatementPart,
  updateCharge,
} from '../../store/index.js';
import { CHARGE_RESOLVE_JOB, type ChargeDeps } from './deps.js';
import { flowResultChanges } from './flows.js';
import { emitChargeEvent, moveCharge, type SeenInTransaction } from './move-charge.js';
import { MoveNeedsTransaction } from './move-statement.js';

/** A channel answer, or the certainty that we do not know the answer. */
export type ChannelResult = ChannelOutcome | ChannelIoError;

/** What the payment looks like after an answer: settled one way or the other, or still unknown. */
export type PaymentVerdict = 'paid' | 'failed' | 'unknown' | 'uncertain_failure';

export function paymentVerdict(result: ChannelResult): PaymentVerdict {
  if (result instanceof ChannelIoError) return 'unknown';
  const { bizResult, orderStatus } = result;
  if (bizResult === 'PAY_SUCCESS' || (bizResult === 'SUCCESS' && orderStatus === 'PAID')) return 'paid';
  if (bizResult === 'PAY_FAIL' || bizResult === 'PRECREATE_FAIL') return 'failed';
  if (bizResult === 'SUCCESS' && orderStatus === 'PAY_CANCELED') return 'failed';
  if (
    bizResult === 'PAY_FAIL_ERROR' ||
    bizResult === 'PAY_FAIL_IN_PROGRESS' ||
    bizResult === 'PRECREATE_FAIL_ERROR'
  )
    return 'uncertain_failure';
  if (bizResult === 'SUCCESS' && orderStatus === 'PAY_ERROR') return 'uncertain_failure';
  return 'unknown';
}

export function flowStatusOf(result: ChannelResult): FlowStatus {
  return result.flowStatus;
}

/** The error a definite failure reports to the merchant, with the channel's own words. */
export function failureOf(result: ChannelResult, fallback = 'charge_unexpected_status'): PolypayError {
  if (result instanceof ChannelIoError) return new PolypayError(result.code, { message: result.message });
  const code = result.error?.code ?? fallback;
  return new PolypayError(getDefinition(code) ? code : fallback, {
    ...(result.error?.channelError ? { channelError: result.error.channelError } : {}),
  });
}

/**
 * Schedules the charge's resolution job, unless one is already waiting: one job per charge polls,
 * reverses and retries, so that the channel is not asked twice for the same thing.
 */
export async function scheduleResolve(
  trx: Kysely<Database>,
  charge: Charge,
  runAt: number,
  now: number,
  options: { unlessWaiting: boolean } = { unlessWaiting: true },
): Promise<string | undefined> {
  const payload = { chargeId: charge.id };
  if (!options.unlessWaiting) {
    return enqueueJob(trx, { merchantId: charge.merchant_id, kind: CHARGE_RESOLVE_JOB, payload, runAt, now });
  }
  const waiting = await trx
    .selectFrom('jobs')
    .select('id')
    .where('merchant_id', '=', charge.merchant_id)
    .where('kind', '=', CHARGE_RESOLVE_JOB)
    .where('payload', '=', JSON.stringify(payload))
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirst();
  if (waiting) return undefined;
  return enqueueJob(trx, { merchantId: charge.merchant_id, kind: CHARGE_RESOLVE_JOB, payload, runAt, now });
}

/** Writes that join the transaction applying an answer, given what it applied. */
type WritesWithOutcome = (trx: Kysely<Database>, applied: AppliedPayment) => Promise<void>;

/**
 * A write that joins the outcome when the outcome is one statement without BEGIN/COMMIT (PostgreSQL):
 * the request's stored answer, as a part of that statement.
 */
export interface StatementWithOutcome {
  /** The part, given the outcome the statement commits; undefined for none. */
  part(db: Kysely<Database>, applied: AppliedPayment): Promise<StatementPart | undefined>;
  /** The statement was not committed (it refused itself, or failed): its part was not written. */
  dropped(): void;
}

export interface AppliedPayment {
  readonly charge: Charge;
  readonly verdict: PaymentVerdict;
  /** Set when the payment definitely failed: the error the merchant is told. */
  readonly failure?: PolypayError;
  /** The charge's flows as the transaction read them for its event, when it did. */
  readonly flows?: ChargeFlow[];
}

/**
 * Applies the answer to a pay, precreate or query call of a charge whose payment is not settled yet,
 * in one transaction: the flow, the charge's status, its ledger postings and events. The charge's
 * resolution job (enqueued with the charge) asks again while the outcome is unknown. A charge that moved
 * on meanwhile (a cancel started) is left to the resolution that owns it.
 */
export async function applyPaymentResult(
  deps: ChargeDeps,
  chargeId: string,
  flowId: string,
  result: ChannelResult,
  options: {
    emitPending: boolean;
    /** The charge's resolution job, dropped in the same transaction when the outcome is final. */
    resolveJobId?: string;
    /**
     * The charge as this request wrote it: then it is not read again but updated at its version, and
     * read (locked) only when someone changed it meanwhile.
     */
    known?: Charge;
    /** The charge's flows as this request wrote them (with `known`): not read again for the event. */
    knownFlows?: readonly ChargeFlow[];
    /** More writes for the transaction, given what it applied (the request's stored answer). */
    inUnit?: WritesWithOutcome;
    /** A write for the outcome's statement when it is one statement alone (the request's stored answer). */
    inStatement?: StatementWithOutcome;
  },
): Promise<AppliedPayment> {
  const { inStatement, ...inTransaction } = options;
  if (options.known) {
    try {
      if (standaloneFits(deps, options.known, result, options)) {
        try {
          return await applyOnce(deps, options.known, flowId, result, {
            ...inTransaction,
            standalone: true,
            ...(inStatement ? { inStatement } : {}),
          });
        } catch (error) {
          inStatement?.dropped();
          if (!(error instanceof MoveNeedsTransaction)) throw error;
          // The app's endpoints are not those last seen: the transaction reads (and remembers) them.
        }
      }
      return await applyOnce(deps, options.known, flowId, result, inTransaction);
    } catch (error) {
      // Changed meanwhile, or (PostgreSQL) chosen as a deadlock's victim by a writer that locked the
      // charge first: both rolled back, so apply again on the locked charge.
      if (!(error instanceof StaleChargeError) && !isDeadlockVictim(error)) throw error;
    }
  }
  return applyOnce(deps, chargeId, flowId, result, inTransaction);
}

async function applyOnce(
  deps: ChargeDeps,
  chargeOrId: Charge | string,
  flowId: string,
  result: ChannelResult,
  options: {
    emitPending: boolean;
    resolveJobId?: string;
    knownFlows?: readonly ChargeFlow[];
    inUnit?: WritesWithOutcome;
    /** The move is the unit's only statement (standaloneFits), committed without BEGIN/COMMIT. */
    standalone?: boolean;
    /** A write that joins that statement (with `standalone` only). */
    inStatement?: StatementWithOutcome;
  },
): Promise<AppliedPayment> {
  const expectVersion = typeof chargeOrId !== 'string';
  // Known flows hold only while the charge is at the version this request wrote (else it is re-read).
  const flowChanges = flowResultChanges(result, deps.clock.now());
  const known =
    expectVersion && options.knownFlows
      ? options.knownFlows.map((flow) => (flow.id === flowId ? { ...flow, ...flowChanges } : flow))
      : undefined;
  const seen: SeenInTransaction = known ? { known } : {};
  const move = { seen, expectVersion, ...(options.standalone ? { standalone: true } : {}) };
  const joined = options.standalone ? options.inStatement : undefined;
  const work = async (trx: Kysely<Database>): Promise<AppliedPayment> => {
    const applied = await applyInTransaction(trx);
    await options.inUnit?.(trx, seen.flows ? { ...applied, flows: seen.flows } : applied);
    return applied;
  };
  const applied = await (options.standalone ? deps.store.writeAutocommit(work) : deps.store.write(work));
  return seen.flows ? { ...applied, flows: seen.flows } : applied;

  async function applyInTransaction(trx: Kysely<Database>): Promise<AppliedPayment> {
    const now = deps.clock.now();
    const charge = typeof chargeOrId === 'string' ? await lockCharge(trx, chargeOrId) : chargeOrId;
    if (!charge)
      throw new PolypayError('resource_not_found', {
        message: `no charge ${chargeOrId}`,
        messageZh: `订单 ${chargeOrId} 不存在`,
      });
    const outcome = result instanceof ChannelIoError ? undefined : result;
    const verdict = paymentVerdict(result);
    // Nothing is left to resolve: spare the job runner a query of a settled charge.
    const dropJob =
      charge.status === 'CREATED' && (verdict === 'paid' || verdict === 'failed')
        ? options.resolveJobId
        : undefined;
    // The flow's result goes with the charge's update (one statement on PostgreSQL), or alone.
    const flowResult = { flowId, changes: flowChanges, dropJobId: dropJob };
    if (charge.status !== 'CREATED') {
      await recordFlowResult(trx, flowResult);
      return { charge, verdict };
    }
    const moveWith = {
      ...move,
      flowResult,
      ...(joined
        ? {
            joinStatement: (next: Charge, flows: ChargeFlow[] | undefined) =>
              joined.part(trx, { charge: next, verdict, ...(flows ? { flows } : {}) }),
          }
        : {}),
    };
    const details = {
      ...(outcome?.channelTradeNo ? { channel_trade_no: outcome.channelTradeNo } : {}),
      ...(outcome?.buyerId ? { buyer_id: outcome.buyerId } : {}),
    };
    switch (verdict) {
      case 'paid':
        return { charge: await moveCharge(trx, deps, charge, 'PAID', details, moveWith), verdict };
      case 'failed': {
        const failure = failureOf(result, 'channel_response_code_fail');
        const failed = await moveCharge(
          trx,
          deps,
          charge,
          'PAY_CANCELED',
          {
            ...details,
            failure_code: failure.code,
            failure_message:
              failure.channelError?.message ?? getDefinition(failure.code)?.messages.en ?? null,
          },
          moveWith,
        );
        return { charge: failed, failure, verdict };
      }
      case 'uncertain_failure': {
        // The channel's own reversal failed: the buyer may have paid. Reverse until it is certain.
        const failure = failureOf(result, 'charge_unexpected_status');
        const moved = await moveCharge(
          trx,
          deps,
          charge,
          'PAY_ERROR',
          {
            ...details,
            failure_code: failure.code,
            failure_message: failure.channelError?.message ?? null,
          },
          moveWith,
        );
        return { charge: moved, verdict };
      }
      case 'unknown': {
        const changes = {
          ...details,
          ...(outcome?.qrCode ? { qr_code: outcome.qrCode } : {}),
          ...(outcome?.payUrl ? { pay_url: absoluteUrl(deps.settings.publicUrl, outcome.payUrl) } : {}),
          updated_at: now,
        };
        await updateCharge(trx, charge.id, changes, expectVersion ? charge.version : undefined, flowResult);
        const next = { ...charge, ...changes, version: charge.version + 1 } as Charge;
        if (options.emitPending && outcome?.bizResult !== 'PRECREATE_SUCCESS') {
          await emitChargeEvent(trx, deps, next, 'charge.pending', seen);
        }
        return { charge: next, verdict };
      }
    }
  }
}

/**
 * Whether a payment's outcome can be one statement without BEGIN/COMMIT (PostgreSQL, two round trips
 * fewer): a paid answer for the charge this request just wrote (its version known, nothing to release)
 * when no other write joins the unit.
 */
function standaloneFits(
  deps: ChargeDeps,
  known: Charge,
  result: ChannelResult,
  options: { inUnit?: WritesWithOutcome },
): boolean {
  if (deps.store.dialect !== 'postgres' || options.inUnit) return false;
  return known.status === 'CREATED' && paymentVerdict(result) === 'paid';
}

function absoluteUrl(base: string, url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url)
    ? url
    : `${base.replace(/\/$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
}
