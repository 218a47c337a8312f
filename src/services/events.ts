import type { Kysely } from 'kysely';
import { newSortableId } from '../domain/ids.js';
import { newJobRow } from '../jobs/queue.js';
import {
  combineStatements,
  type Database,
  dialectOf,
  insertInChunks,
  type NewEvent,
  type NewJob,
  precompiled,
  precompiledQuery,
} from '../store/index.js';
import { rememberEndpoints } from './endpoints-seen.js';

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

/** An enabled endpoint of the app, with the event types it subscribes to (a JSON list). */
export interface EndpointSubscription {
  readonly id: string;
  readonly event_types: string;
}

/** The event's row with a new id: built, not written. */
export function newEventRow(input: RecordEventInput): NewEvent & { id: string } {
  return {
    id: newSortableId('evt'),
    merchant_id: input.merchantId,
    app_id: input.appId,
    type: input.type,
    object_id: input.objectId,
    data: JSON.stringify({ object: input.object }),
    created_at: input.now,
  };
}

/** The read of the app's enabled endpoints, built but not run (a combined statement may take it). */
export function enabledEndpointsQuery(db: Kysely<Database>, input: { merchantId: string; appId: string }) {
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types'])
    .where('app_id', '=', input.appId)
    .where('merchant_id', '=', input.merchantId)
    .where('status', '=', 'enabled');
}

/** The insert of an event's row, compiled once per shape (a combined statement may take it). */
export const eventInsert = precompiledQuery((db, event: NewEvent) => db.insertInto('events').values(event));
const deliveriesInsert = precompiledQuery((db, input: { rows: NewDelivery[] }) =>
  db.insertInto('webhook_deliveries').values(input.rows),
);
const jobsInsert = precompiledQuery((db, input: { rows: NewJob[] }) =>
  db.insertInto('jobs').values(input.rows),
);
const readEndpoints = precompiled(enabledEndpointsQuery);

/**
 * Records an event and schedules its delivery to every enabled endpoint of the app that subscribes to
 * its type. Called inside the transaction of the state change, so that events are neither lost nor
 * invented (DESIGN invariant 2).
 */
export async function recordEvent(db: Kysely<Database>, input: RecordEventInput): Promise<string> {
  const event = newEventRow(input);
  let endpoints: EndpointSubscription[];
  if (dialectOf(db) === 'postgres') {
    // One round trip: the insert runs as a writable CTE of the endpoints' read.
    const combined = combineStatements<EndpointSubscription>(
      [['recorded', eventInsert(db, event)]],
      enabledEndpointsQuery(db, input),
    );
    endpoints = (await db.executeQuery(combined)).rows;
    rememberEndpoints(input.appId, endpoints, input.now);
  } else {
    await db.executeQuery(eventInsert(db, event));
    endpoints = (await readEndpoints(db, { merchantId: input.merchantId, appId: input.appId })).rows;
  }
  await scheduleDeliveries(db, { ...input, eventId: event.id }, endpoints);
  return event.id;
}

/**
 * Records many events in the caller's transaction (a settlement's) with their deliveries: the events in
 * multi-row inserts, each app's enabled endpoints read once, every delivery and its job in multi-row
 * inserts. What recordEvent does for one, in a fixed number of statements for the lot.
 */
export async function recordEvents(db: Kysely<Database>, inputs: readonly RecordEventInput[]): Promise<void> {
  const events = inputs.map((input) => ({ input, row: newEventRow(input) }));
  await insertInChunks(
    events.map((event) => event.row),
    (rows) => db.insertInto('events').values(rows).execute(),
  );
  const endpointsOfApp = new Map<string, EndpointSubscription[]>();
  const deliveries: NewDelivery[] = [];
  for (const { input, row } of events) {
    let endpoints = endpointsOfApp.get(input.appId);
    if (!endpoints) {
      endpoints = await enabledEndpointsQuery(db, input).execute();
      endpointsOfApp.set(input.appId, endpoints);
      if (dialectOf(db) === 'postgres') rememberEndpoints(input.appId, endpoints, input.now);
    }
    for (const endpoint of subscribedTo(endpoints, input.type)) {
      deliveries.push(newDeliveryRow({ ...input, eventId: row.id, endpointId: endpoint.id }));
    }
  }
  await insertInChunks(deliveries, (rows) => db.insertInto('webhook_deliveries').values(rows).execute());
  const jobs = deliveries.map((delivery) =>
    deliveryJobRow(delivery.merchant_id, delivery.id, delivery.created_at),
  );
  await insertInChunks(jobs, (rows) => db.insertInto('jobs').values(rows).execute());
}

function subscribedTo(endpoints: readonly EndpointSubscription[], type: string): EndpointSubscription[] {
  return endpoints.filter((endpoint) => {
    const types = JSON.parse(endpoint.event_types) as string[];
    return types.includes('*') || types.includes(type);
  });
}

/**
 * Schedules an event's delivery to each of `endpoints` that subscribes to its type: every delivery and
 * its job in two multi-row inserts, on PostgreSQL one statement (none: no statement).
 */
export async function scheduleDeliveries(
  db: Kysely<Database>,
  event: DeliveredEvent,
  endpoints: readonly EndpointSubscription[],
): Promise<void> {
  const writes = deliveryWrites(db, event, endpoints);
  if (!writes) return;
  if (dialectOf(db) === 'postgres') {
    await db.executeQuery(combineStatements([['deliveries', writes.deliveries]], writes.jobs));
    return;
  }
  await db.executeQuery(writes.deliveries);
  await db.executeQuery(writes.jobs);
}

/** An event as its deliveries need it. */
export interface DeliveredEvent {
  readonly merchantId: string;
  readonly eventId: string;
  readonly type: string;
  readonly now: number;
}

/**
 * The inserts of the event's deliveries to each of `endpoints` that subscribes to its type, and of their
 * jobs, built but not run (a combined statement may take them); undefined when none subscribes.
 */
export function deliveryWrites(
  db: Kysely<Database>,
  event: DeliveredEvent,
  endpoints: readonly EndpointSubscription[],
) {
  const subscribed = subscribedTo(endpoints, event.type);
  if (subscribed.length === 0) return undefined;
  const deliveries = subscribed.map((endpoint) => newDeliveryRow({ ...event, endpointId: endpoint.id }));
  const jobs = deliveries.map((delivery) => deliveryJobRow(event.merchantId, delivery.id, event.now));
  return { deliveries: deliveriesInsert(db, { rows: deliveries }), jobs: jobsInsert(db, { rows: jobs }) };
}

type NewDelivery = ReturnType<typeof newDeliveryRow>;

function newDeliveryRow(input: { merchantId: string; eventId: string; endpointId: string; now: number }) {
  return {
    id: newSortableId('whd'),
    merchant_id: input.merchantId,
    event_id: input.eventId,
    endpoint_id: input.endpointId,
    next_attempt_at: input.now,
    last_status_code: null,
    last_error: null,
    created_at: input.now,
    updated_at: input.now,
  };
}

/** A delivery's job: run at once, retried (with the delivery's own schedule) for a long time. */
function deliveryJobRow(merchantId: string, deliveryId: string, now: number) {
  return newJobRow({
    merchantId,
    kind: WEBHOOK_DELIVER_JOB,
    payload: { deliveryId },
    runAt: now,
    now,
    maxAttempts: 1000,
  });
}

export async function scheduleDelivery(
  db: Kysely<Database>,
  input: { merchantId: string; eventId: string; endpointId: string; now: number },
): Promise<string> {
  const delivery = newDeliveryRow(input);
  await db.insertInto('webhook_deliveries').values(delivery).execute();
  await db
    .insertInto('jobs')
    .values(deliveryJobRow(input.merchantId, delivery.id, input.now))
    .execute();
  return delivery.id;
}

export function toEventView(row: { id: string; type: string; created_at: number; data: string }): EventView {
  return {
    id: row.id,
    type: row.type,
    created: row.created_at,
    data: JSON.parse(row.data) as { object: unknown },
  };
}
