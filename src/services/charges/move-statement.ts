import { type Kysely, sql } from 'kysely';
import { type JournalInput, journalQueries } from '../../ledger/ledger.js';
import {
  type ChargeFlow,
  type ChargeUpdate,
  chargeUpdateQueries,
  combineStatements,
  type Database,
  type FlowResultWrite,
  refusalReason,
  StaleChargeError,
  type StatementPart,
} from '../../store/index.js';
import { endpointsSeen, endpointsSignature, rememberEndpoints } from '../endpoints-seen.js';
import {
  deliveryWrites,
  type EndpointSubscription,
  enabledEndpointsQuery,
  eventInsert,
  newEventRow,
  type RecordEventInput,
  scheduleDeliveries,
} from '../events.js';

/** What one status move of a charge writes: the charge (with a channel answer), its event, its journal. */
export interface ChargeMoveWrites {
  readonly chargeId: string;
  readonly update: ChargeUpdate;
  readonly expectedVersion?: number | undefined;
  readonly flowResult?: FlowResultWrite | undefined;
  readonly event?: RecordEventInput | undefined;
  readonly journal?: JournalInput | undefined;
  /**
   * The statement runs alone, without BEGIN/COMMIT (two round trips fewer): it then aborts itself
   * through polypay_refuse instead of leaving a transaction to roll back. A stale version throws
   * StaleChargeError as usual. The event's deliveries go in the statement, to the app's endpoints as
   * this process last saw them (endpoints-seen.ts); when the app's enabled endpoints are not exactly
   * those, it throws MoveNeedsTransaction: the transaction reads them, and its deliveries follow.
   */
  readonly standalone?: boolean | undefined;
  /** One more write that commits with the move, in its statement (the request's stored answer). */
  readonly joined?: StatementPart | undefined;
  /**
   * Standalone only: rows the move changes besides the charge (a refund that must still be pending),
   * each a named part that returns the rows it changed. One that changed none refuses the statement,
   * like a stale version (StaleChargeError).
   */
  readonly alongside?: readonly (readonly [name: string, part: StatementPart])[] | undefined;
}

/** A standalone move (ChargeMoveWrites.standalone) refused itself: the app's endpoints were not as seen. */
export class MoveNeedsTransaction extends Error {
  constructor(readonly appId: string) {
    super(`the webhook endpoints of app ${appId} are not those last seen: the move needs a transaction`);
    this.name = 'MoveNeedsTransaction';
  }
}

const STALE = 'stale charge version';
const ENDPOINTS_CHANGED = 'webhook endpoints other than those seen';

/**
 * PostgreSQL: a charge's move in one statement (writable CTEs), one round trip: the flow's result and
 * the dropped job, the charge, its event with the read of the app's endpoints, the journal's entries and
 * balances. A stale version moves no charge and throws StaleChargeError: the caller's transaction then
 * rolls back what the statement wrote besides. In a transaction the deliveries are scheduled after it,
 * only to endpoints that subscribe to the event; a standalone move writes them in the statement.
 */
export async function writeChargeMove(trx: Kysely<Database>, move: ChargeMoveWrites): Promise<void> {
  const charge = chargeUpdateQueries(trx, move.chargeId, move.update, move.expectedVersion, move.flowResult);
  const parts: [string, StatementPart][] = [];
  if (charge.flow) parts.push(['flow', charge.flow]);
  if (charge.job) parts.push(['job', charge.job]);
  parts.push(['moved', charge.charge]);
  if (move.alongside && !move.standalone) throw new Error('alongside parts need a standalone move');
  for (const [name, part] of move.alongside ?? []) parts.push([name, part]);
  const event = move.event ? newEventRow(move.event) : undefined;
  if (event) parts.push(['recorded', eventInsert(trx, event)]);
  const expected =
    move.standalone && move.event ? endpointsSeen(move.event.appId, move.event.now) : undefined;
  const deliveries =
    event && move.event && expected
      ? deliveryWrites(trx, { ...move.event, eventId: event.id }, expected)
      : undefined;
  if (deliveries) parts.push(['deliveries', deliveries.deliveries], ['delivery_jobs', deliveries.jobs]);
  if (move.joined) parts.push(['joined', move.joined]);
  // Merchant-wide rows (the balances) go in the same statement: PostgreSQL runs all its parts together
  // and the COMMIT follows at once, so their row locks are held only for that last round trip and one
  // merchant's charges do not queue behind each other.
  const journal = move.journal ? journalQueries(trx, move.journal).writes : undefined;
  if (journal) parts.push(['entries', journal.entries], ['balances', journal.balances]);
  const refusal = move.standalone ? standaloneRefusal(trx, move, expected) : sql`null`;
  const final =
    move.event && !move.standalone
      ? sql`select ${refusal} as refused, (select count(*) from moved) as moved, e.id, e.event_types
        from ${endpointsOf(trx, move.event)}`
      : sql`select ${refusal} as refused, count(*) as moved from moved`;
  let rows: readonly MoveRow[];
  try {
    ({ rows } = await trx.executeQuery(combineStatements<MoveRow>(parts, final.compile(trx))));
  } catch (error) {
    const reason = refusalReason(error);
    if (reason === STALE) throw new StaleChargeError(move.chargeId);
    if (reason === ENDPOINTS_CHANGED) throw new MoveNeedsTransaction(move.event?.appId ?? '');
    throw error;
  }
  if (move.expectedVersion !== undefined && Number(rows[0]?.moved ?? 0) === 0) {
    throw new StaleChargeError(move.chargeId);
  }
  if (event && move.event && !move.standalone) {
    const endpoints = rows.filter((row): row is MoveRow & EndpointSubscription => row.id !== null);
    rememberEndpoints(move.event.appId, endpoints, move.event.now);
    await scheduleDeliveries(trx, { ...move.event, eventId: event.id }, endpoints);
  }
}

/**
 * A standalone move's guard, evaluated after every part has run (the final select reads them): a stale
 * version, a row alongside that was not changed, or enabled endpoints other than those the statement
 * wrote deliveries for, aborts the whole statement.
 */
function standaloneRefusal(
  trx: Kysely<Database>,
  move: ChargeMoveWrites,
  expected: readonly EndpointSubscription[] | undefined,
) {
  const cases = [
    ...(move.expectedVersion === undefined
      ? []
      : [sql`when (select count(*) from moved) = 0 then polypay_refuse(${STALE})`]),
    ...(move.alongside ?? []).map(
      ([name]) => sql`when (select count(*) from ${sql.id(name)}) = 0 then polypay_refuse(${STALE})`,
    ),
    ...(move.event && expected
      ? [sql`when ${endpointsDiffer(trx, move.event, expected)} then polypay_refuse(${ENDPOINTS_CHANGED})`]
      : []),
  ];
  return cases.length === 0 ? sql`null` : sql`case ${sql.join(cases, sql` `)} end`;
}

/** True when the app's enabled endpoints (ids and event types) are not exactly `expected`. */
function endpointsDiffer(
  trx: Kysely<Database>,
  event: RecordEventInput,
  expected: readonly EndpointSubscription[],
) {
  const enabled = sql`select id || ' ' || event_types as seen
    from (${enabledEndpointsQuery(trx, event)}) as en`;
  return sql`coalesce((select array_agg(ep.seen order by ep.seen collate "C") from (${enabled}) as ep),
    '{}'::text[]) <> ${endpointsSignature(expected)}::text[]`;
}

/** The app's enabled endpoints, or one row of nulls when it has none (the count is read either way). */
function endpointsOf(trx: Kysely<Database>, event: RecordEventInput) {
  return sql`(select 1) as one left join (${enabledEndpointsQuery(trx, event)}) as e on true`;
}

/** The final select's rows: the charges moved (0 or 1), and one row per enabled endpoint (or none). */
interface MoveRow {
  readonly moved: string | number;
  readonly id: string | null;
  readonly event_types: string | null;
}

/** The charge's flows as they are once a channel answer's result is written to its flow. */
export function withFlowResult(flows: readonly ChargeFlow[], write?: FlowResultWrite): ChargeFlow[] {
  if (!write) return [...flows];
  return flows.map((flow) => (flow.id === write.flowId ? { ...flow, ...write.changes } : flow));
}
