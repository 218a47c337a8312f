import type { Kysely } from 'kysely';
import { PolypayError } from '../../errors/polypay-error.js';
import {
  type Database,
  type EventRow,
  inTransaction,
  pastPosition,
  type WebhookAttempt,
  type WebhookDeliveryStatus,
} from '../../store/index.js';
import { type EventView, scheduleDelivery, toEventView } from '../events.js';
import { notFound } from '../not-found.js';
import { decodeCursor, toPage } from '../pagination.js';
import type { EndpointOwner, WebhookServiceDeps } from './endpoints.js';
import { findWebhookEndpoint } from './endpoints.js';
import { subscribesTo } from './event-types.js';

export interface WebhookAttemptView {
  readonly attempt: number;
  readonly status_code: number | null;
  readonly error: string | null;
  readonly duration_ms: number;
  readonly created: number;
  /** What was sent; null on attempts recorded before requests were kept. */
  readonly request: { readonly headers: Record<string, string>; readonly body: string } | null;
  /** What came back; null when no answer came (or before answers were kept). */
  readonly response: {
    readonly status_code: number;
    readonly headers: Record<string, string>;
    readonly body: string;
    readonly body_truncated: boolean;
  } | null;
}

function toAttemptView(attempt: WebhookAttempt): WebhookAttemptView {
  return {
    attempt: attempt.attempt,
    status_code: attempt.status_code,
    error: attempt.error,
    duration_ms: attempt.duration_ms,
    created: attempt.created_at,
    request:
      attempt.request_headers === null
        ? null
        : { headers: JSON.parse(attempt.request_headers), body: attempt.request_body ?? '' },
    response:
      attempt.status_code === null || attempt.response_body === null
        ? null
        : {
            status_code: attempt.status_code,
            headers: JSON.parse(attempt.response_headers ?? '{}'),
            body: attempt.response_body,
            body_truncated: Boolean(attempt.response_body_truncated),
          },
  };
}

export interface WebhookDeliveryView {
  readonly id: string;
  readonly object: 'webhook_delivery';
  readonly event_id: string;
  readonly endpoint_id: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempt_count: number;
  readonly next_attempt_at: number | null;
  readonly last_status_code: number | null;
  readonly last_error: string | null;
  readonly created: number;
  readonly updated: number;
  readonly attempts: WebhookAttemptView[];
}

type Owner = Pick<EndpointOwner, 'merchantId' | 'appId'>;

/**
 * Deliveries one event may have in all (first sends and resends): resends are work for the shared
 * delivery workers, so they are bounded.
 */
export const MAX_DELIVERIES_PER_EVENT = 40;

/**
 * The app's events, oldest first, after the cursor. Keyset pagination on `(created_at, id)`: events
 * added while a client pages appear after the ones it has seen, none twice and none skipped. `desc`
 * pages newest first instead (what a dashboard shows), each page continuing further back.
 */
export async function listEvents(
  db: Kysely<Database>,
  owner: Owner,
  query: {
    limit: number;
    startingAfter?: string | undefined;
    type?: string | undefined;
    objectId?: string | undefined;
    order?: 'asc' | 'desc' | undefined;
  },
) {
  const desc = query.order === 'desc';
  const after = query.startingAfter === undefined ? undefined : decodeCursor(query.startingAfter);
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .$if(query.type !== undefined, (qb) => qb.where('type', '=', query.type!))
    .$if(query.objectId !== undefined, (qb) => qb.where('object_id', '=', query.objectId!))
    .$if(after !== undefined, (qb) => qb.where((eb) => pastPosition(eb, after!, desc ? '<' : '>')))
    .orderBy('created_at', desc ? 'desc' : 'asc')
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, toEventView);
}

/** The event with this id of this app, or 404. */
export async function findEvent(db: Kysely<Database>, owner: Owner, id: string): Promise<EventRow> {
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .executeTakeFirst();
  if (!row) throw notFound('event', id);
  return row;
}

export async function getEvent(db: Kysely<Database>, owner: Owner, id: string): Promise<EventView> {
  return toEventView(await findEvent(db, owner, id));
}

/**
 * Sends an event again, as a new delivery with its own retries: to the given endpoint (even one that
 * does not subscribe to the type, since the merchant asked by name), or else to every enabled endpoint
 * of the app that subscribes to it. An event has at most MAX_DELIVERIES_PER_EVENT deliveries in all.
 */
export async function resendEvent(
  deps: WebhookServiceDeps,
  owner: Owner,
  eventId: string,
  endpointId?: string,
): Promise<{ event_id: string; delivery_ids: string[] }> {
  const now = deps.clock.now();
  const deliveryIds = await inTransaction(deps.store.db, async (trx) => {
    const event = await findEvent(trx, owner, eventId);
    let endpointIds: string[];
    if (endpointId !== undefined) {
      const endpoint = await findWebhookEndpoint(trx, owner, endpointId, 'endpoint_id');
      if (endpoint.status !== 'enabled') {
        throw new PolypayError('invalid_params', {
          param: 'endpoint_id',
          message: `Webhook endpoint ${endpointId} is disabled; enable it before resending.`,
          messageZh: `Webhook 端点 ${endpointId} 已停用，请先启用再重发`,
        });
      }
      endpointIds = [endpoint.id];
    } else {
      const endpoints = await trx
        .selectFrom('webhook_endpoints')
        .select(['id', 'event_types'])
        .where('app_id', '=', owner.appId)
        .where('merchant_id', '=', owner.merchantId)
        .where('status', '=', 'enabled')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      endpointIds = endpoints
        .filter((endpoint) => subscribesTo(JSON.parse(endpoint.event_types) as string[], event.type))
        .map((endpoint) => endpoint.id);
    }
    const { count } = await trx
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('event_id', '=', event.id)
      .where('merchant_id', '=', owner.merchantId)
      .executeTakeFirstOrThrow();
    if (Number(count) + endpointIds.length > MAX_DELIVERIES_PER_EVENT) {
      throw new PolypayError('resource_limit_exceeded', {
        param: 'id',
        message: `Event ${eventId} has ${Number(count)} deliveries; at most ${MAX_DELIVERIES_PER_EVENT} are allowed.`,
        messageZh: `事件 ${eventId} 已投递 ${Number(count)} 次，最多允许 ${MAX_DELIVERIES_PER_EVENT} 次`,
      });
    }
    const ids: string[] = [];
    for (const id of endpointIds) {
      ids.push(
        await scheduleDelivery(trx, { merchantId: owner.merchantId, eventId: event.id, endpointId: id, now }),
      );
    }
    return ids;
  });
  return { event_id: eventId, delivery_ids: deliveryIds };
}

/** Every delivery of an event (first scheduled first), each with its attempts. */
export async function listEventDeliveries(
  db: Kysely<Database>,
  owner: Owner,
  eventId: string,
): Promise<WebhookDeliveryView[]> {
  const event = await findEvent(db, owner, eventId);
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('event_id', '=', event.id)
    .where('merchant_id', '=', owner.merchantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (deliveries.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      deliveries.map((delivery) => delivery.id),
    )
    .where('merchant_id', '=', owner.merchantId)
    .orderBy('attempt')
    .execute();
  return deliveries.map((delivery) => ({
    id: delivery.id,
    object: 'webhook_delivery',
    event_id: delivery.event_id,
    endpoint_id: delivery.endpoint_id,
    status: delivery.status,
    attempt_count: delivery.attempts,
    next_attempt_at: delivery.next_attempt_at,
    last_status_code: delivery.last_status_code,
    last_error: delivery.last_error,
    created: delivery.created_at,
    updated: delivery.updated_at,
    attempts: attempts.filter((attempt) => attempt.delivery_id === delivery.id).map(toAttemptView),
  }));
}
