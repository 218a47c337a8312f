import type { Kysely } from 'kysely';
import { newSortableId } from '../domain/ids.js';
import { enqueueJob } from '../jobs/queue.js';
import { type Database, dialectOf } from '../store/index.js';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

export interface RecordEventInput {
  readonly merchantId: string;
  readonly appId: string;
  /** e.g. `charge.succeeded`, `refund.failed`. */
  readonly type: string;
  readonly objectId: string;
  /** The object as the API shows it, at the time of the event. */
  readonly object: unknown;
  readonly now: number;
}

/** The event as the API and webhooks show it. */
export interface EventView {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  readonly data: { readonly object: unknown };
}

/**
 * Records an event and schedules its delivery to every enabled endpoint of the app that subscribes to
 * its type. Called inside the transaction of the state change, so that events are neither lost nor
 * invented (DESIGN invariant 2).
 */
export async function recordEvent(db: Kysely<Database>, input: RecordEventInput): Promise<string> {
  const id = newSortableId('evt');
  const event = {
    id,
    merchant_id: input.merchantId,
    app_id: input.appId,
    type: input.type,
    object_id: input.objectId,
    data: JSON.stringify({ object: input.object }),
    created_at: input.now,
  };
  let endpoints: { id: string; event_types: string }[];
  if (dialectOf(db) === 'postgres') {
    // One round trip: the insert runs as a writable CTE of the endpoints' read.
    endpoints = await db
      .with('recorded', (qb) => qb.insertInto('events').values(event))
      .selectFrom('webhook_endpoints')
      .select(['id', 'event_types'])
      .where('app_id', '=', input.appId)
      .where('merchant_id', '=', input.merchantId)
      .where('status', '=', 'enabled')
      .execute();
  } else {
    await db.insertInto('events').values(event).execute();
    endpoints = await db
      .selectFrom('webhook_endpoints')
      .select(['id', 'event_types'])
      .where('app_id', '=', input.appId)
      .where('merchant_id', '=', input.merchantId)
      .where('status', '=', 'enabled')
      .execute();
  }
  for (const endpoint of endpoints) {
    const types = JSON.parse(endpoint.event_types) as string[];
    if (!types.includes('*') && !types.includes(input.type)) continue;
    await scheduleDelivery(db, {
      merchantId: input.merchantId,
      eventId: id,
      endpointId: endpoint.id,
      now: input.now,
    });
  }
  return id;
}

export async function scheduleDelivery(
  db: Kysely<Database>,
  input: { merchantId: string; eventId: string; endpointId: string; now: number },
): Promise<string> {
  const deliveryId = newSortableId('whd');
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: deliveryId,
      merchant_id: input.merchantId,
      event_id: input.eventId,
      endpoint_id: input.endpointId,
      next_attempt_at: input.now,
      last_status_code: null,
      last_error: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  await enqueueJob(db, {
    merchantId: input.merchantId,
    kind: WEBHOOK_DELIVER_JOB,
    payload: { deliveryId },
    runAt: input.now,
    now: input.now,
    maxAttempts: 1000,
  });
  return deliveryId;
}

export function toEventView(row: { id: string; type: string; created_at: number; data: string }): EventView {
  return {
    id: row.id,
    type: row.type,
    created: row.created_at,
    data: JSON.parse(row.data) as { object: unknown },
  };
}
