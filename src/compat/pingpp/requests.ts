import type { Kysely } from 'kysely';
import type { EventView } from '../../services/events.js';
import type { Database } from '../../store/index.js';
import { type PingppChargeRow, pingppChargesOf } from '../../store/repositories/pingpp-charges.js';
import { type PingppRequestFields, toPingppEvent } from './views.js';

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

/**
 * An event as Ping++ writes it, with what the charge's Ping++ request carried (for `GET /v1/events/{id}`
 * and webhooks of format `pingpp`).
 */
export async function pingppEventOf(
  db: Kysely<Database>,
  event: EventView,
  livemode: boolean,
  appId: string,
): Promise<Record<string, unknown>> {
  const object = event.data.object as { object?: string; out_trade_no?: string } | null;
  const orderNo = object?.object === 'charge' ? object.out_trade_no : undefined;
  const request = orderNo ? (await requestFieldsByOrderNo(db, appId, [orderNo])).get(orderNo) : undefined;
  return toPingppEvent(event, livemode, appId, request);
}
