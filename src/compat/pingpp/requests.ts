import type { Kysely } from 'kysely';
import type { EventView } from '../../services/events.js';
import type { Database, TransferKind } from '../../store/index.js';
import { type PingppChargeRow, pingppChargesOf } from '../../store/repositories/pingpp-charges.js';
import {
  type PingppPayoutRow,
  pingppPayoutKey,
  pingppPayoutsOf,
} from '../../store/repositories/pingpp-payouts.js';
import {
  type PingppObjectFields,
  type PingppPayoutFields,
  type PingppRequestFields,
  toPingppEvent,
} from './views.js';

export function requestFieldsOf(row: PingppChargeRow | undefined): PingppRequestFields | undefined {
  if (!row) return undefined;
  return {
    client_ip: row.client_ip,
    description: row.description,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
  };
}

/** The Ping++ request fields of charges, by order number. */
export async function requestFieldsByOrderNo(
  db: Kysely<Database>,
  appId: string,
  orderNos: readonly string[],
): Promise<Map<string, PingppRequestFields>> {
  const rows = await pingppChargesOf(db, appId, orderNos);
  return new Map([...rows].map(([orderNo, row]) => [orderNo, requestFieldsOf(row)!]));
}

export function payoutFieldsOf(row: PingppPayoutRow): PingppPayoutFields {
  return {
    channel: row.channel,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
    body: row.body,
  };
}

/** A payout's Ping++ request fields, from what `payoutFieldsByOrderNo` read. */
export interface PayoutFieldsLookup {
  get(kind: TransferKind, orderNo: string): PingppPayoutFields | undefined;
}

/** The Ping++ request fields of transfers and red envelopes, in one read for all of them. */
export async function payoutFieldsByOrderNo(
  db: Kysely<Database>,
  appId: string,
  payouts: readonly { readonly kind: TransferKind; readonly orderNo: string }[],
): Promise<PayoutFieldsLookup> {
  const rows = await pingppPayoutsOf(db, appId, payouts);
  const fields = new Map([...rows].map(([key, row]) => [key, payoutFieldsOf(row)]));
  return { get: (kind, orderNo) => fields.get(pingppPayoutKey(kind, orderNo)) };
}

/** What an event's object names its Ping++ request by. */
function requestOf(
  event: EventView,
): { charge: string } | { payout: { kind: TransferKind; orderNo: string } } | undefined {
  const object = event.data.object as {
    object?: string;
    out_trade_no?: string;
    out_transfer_no?: string;
  } | null;
  if (object?.object === 'charge' && object.out_trade_no) return { charge: object.out_trade_no };
  if ((object?.object === 'transfer' || object?.object === 'red_envelope') && object.out_transfer_no)
    return { payout: { kind: object.object, orderNo: object.out_transfer_no } };
  return undefined;
}

/**
 * What the Ping++ requests of events' objects carried (charges', transfers' and red envelopes'), in at
 * most one read of each table for all the events.
 */
export async function eventRequestFields(
  db: Kysely<Database>,
  appId: string,
  events: readonly EventView[],
): Promise<(event: EventView) => PingppObjectFields> {
  const requests = events.map(requestOf);
  const orderNos = requests.flatMap((r) => (r && 'charge' in r ? [r.charge] : []));
  const payouts = requests.flatMap((r) => (r && 'payout' in r ? [r.payout] : []));
  const [charges, payoutFields] = await Promise.all([
    requestFieldsByOrderNo(db, appId, orderNos),
    payoutFieldsByOrderNo(db, appId, payouts),
  ]);
  return (event) => {
    const request = requestOf(event);
    if (!request) return {};
    if ('charge' in request) return { charge: charges.get(request.charge) };
    return { payout: payoutFields.get(request.payout.kind, request.payout.orderNo) };
  };
}

/**
 * An event as Ping++ writes it, with what its object's Ping++ request carried (for `GET /v1/events/{id}`
 * and webhooks of format `pingpp`).
 */
export async function pingppEventOf(
  db: Kysely<Database>,
  event: EventView,
  livemode: boolean,
  appId: string,
): Promise<Record<string, unknown>> {
  const fields = await eventRequestFields(db, appId, [event]);
  return toPingppEvent(event, livemode, appId, fields(event));
}
