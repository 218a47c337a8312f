import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { type Job, jobPayload } from '../../jobs/queue.js';
import type { JobHandler, JobOutcome } from '../../jobs/runner.js';
import {
  type AppMode,
  type Database,
  inTransaction,
  type SecretBox,
  type Store,
  type WebhookEndpoint,
} from '../../store/index.js';
import { type EventView, recordEvent, toEventView, WEBHOOK_DELIVER_JOB } from '../events.js';
import { toWebhookEndpointView } from './endpoints.js';
import { nextWebhookAttemptAt } from './retry-schedule.js';
import { rsaSignBody, webhookKeyPair } from './rsa-keys.js';
import { signWebhookPayload } from './signature.js';
import type { Resolver, WebhookTargetPolicy } from './target-policy.js';
import { type AttemptResult, post, WEBHOOK_USER_AGENT, WebhookSender } from './webhook-post.js';

/** An endpoint whose attempts time out this many times in a row is paused (and the merchant told). */
export const DEFAULT_PAUSE_AFTER_TIMEOUTS = 5;

export interface WebhookDeliveryDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** Deadline of one attempt, connection to last byte (default 10 s). */
  readonly timeoutMs?: number;
  /** Source of retry jitter in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Which addresses may be reached (default: public addresses only). */
  readonly targets?: WebhookTargetPolicy;
  /** Name resolution for delivery connections (default: the system's, as `dns.lookup`). */
  readonly resolver?: Resolver;
  /** Consecutive timed-out attempts after which an endpoint is paused (default 5). */
  readonly pauseAfterTimeouts?: number;
  /** Told of each recorded attempt's outcome (`succeeded`, `http_error` or an error category), for metrics. */
  readonly onAttempt?: (outcome: string) => void;
  /**
   * Renders an event as Ping++ writes it, for endpoints of format `pingpp` (given by the composition
   * root from the Ping++ compatibility layer; without it such endpoints get polypay's format).
   */
  readonly pingppEvent?: (
    db: Kysely<Database>,
    event: EventView,
    livemode: boolean,
    appId: string,
  ) => Promise<unknown>;
}

/** The signing secrets of an endpoint at `now`: its current one, plus the previous one during its grace period. */
export function signingSecrets(
  box: SecretBox,
  endpoint: {
    secret_enc: string;
    previous_secret_enc: string | null;
    previous_secret_expires_at: number | null;
  },
  now: number,
): string[] {
  const secrets = [box.decrypt(endpoint.secret_enc)];
  if (
    endpoint.previous_secret_enc !== null &&
    endpoint.previous_secret_expires_at !== null &&
    endpoint.previous_secret_expires_at > now
  ) {
    secrets.push(box.decrypt(endpoint.previous_secret_enc));
  }
  return secrets;
}

const senders = new WeakMap<WebhookDeliveryDeps, WebhookSender>();
function senderFor(deps: WebhookDeliveryDeps): WebhookSender {
  let sender = senders.get(deps);
  if (!sender) {
    sender = new WebhookSender(deps);
    senders.set(deps, sender);
  }
  return sender;
}

async function failDelivery(
  db: Kysely<Database>,
  deliveryId: string,
  error: string,
  now: number,
): Promise<JobOutcome> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null, last_error: error, updated_at: now })
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .execute();
  return { kind: 'failed', error };
}

/**
 * The body and signature headers of one attempt, in the endpoint's format: polypay's (HMAC with the
 * endpoint's secrets) or Ping++'s (RSA-SHA256 over the raw body with the app's webhook key pair).
 */
async function renderDelivery(
  deps: WebhookDeliveryDeps,
  endpoint: WebhookEndpoint & { mode: AppMode },
  event: EventView,
  sentAt: number,
): Promise<{ body: string; headers: Record<string, string> }> {
  if (endpoint.format === 'pingpp' && deps.pingppEvent) {
    const body = JSON.stringify(
      await deps.pingppEvent(deps.store.db, event, endpoint.mode === 'live', endpoint.app_id),
    );
    const keys = await webhookKeyPair(deps.store.db, deps.box, endpoint.app_id, sentAt);
    return { body, headers: { 'x-pingplusplus-signature': rsaSignBody(body, keys.privateKey) } };
  }
  const body = JSON.stringify(event);
  const signature = signWebhookPayload(
    body,
    signingSecrets(deps.box, endpoint, sentAt),
    Math.floor(sentAt / 1000),
  );
  return { body, headers: { 'polypay-signature': signature, 'polypay-event-id': event.id } };
}

/** Makes one attempt of a delivery, records it, and says when the outbox should run it again. */
export async function attemptDelivery(deps: WebhookDeliveryDeps, deliveryId: string): Promise<JobOutcome> {
  const db = deps.store.db;
  const delivery = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery) return { kind: 'failed', error: `delivery ${deliveryId} no longer exists` };
  if (delivery.status !== 'pending') return { kind: 'done' };
  const endpoint = await db
    .selectFrom('webhook_endpoints as e')
    .innerJoin('apps as a', 'a.id', 'e.app_id')
    .selectAll('e')
    .select('a.mode as mode')
    .where('e.id', '=', delivery.endpoint_id)
    .where('e.merchant_id', '=', delivery.merchant_id)
    .executeTakeFirst();
  if (!endpoint) return failDelivery(db, deliveryId, 'endpoint deleted', deps.clock.now());
  if (endpoint.status !== 'enabled')
    return failDelivery(db, deliveryId, `endpoint ${endpoint.status}`, deps.clock.now());
  const event = await db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', delivery.event_id)
    .where('merchant_id', '=', delivery.merchant_id)
    .executeTakeFirst();
  if (!event) return failDelivery(db, deliveryId, 'event not found', deps.clock.now());

  const sentAt = deps.clock.now();
  const { body, headers } = await renderDelivery(deps, endpoint, toEventView(event), sentAt);
  const sender = senderFor(deps);
  // Kept with the attempt as sent: the signature is the merchant's to see; the secret is never in it.
  const sentHeaders = { 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT, ...headers };
  const result = await post(endpoint.url, endpoint.mode, body, sentHeaders, sender);

  const now = deps.clock.now();
  const attempt = delivery.attempts + 1;
  const succeeded = result.error === null;
  const retryAt = succeeded ? null : nextWebhookAttemptAt(attempt, delivery.created_at, now, deps.random);
  const status = succeeded ? 'succeeded' : retryAt === null ? 'failed' : 'pending';
  const recorded = await inTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({
        status,
        attempts: attempt,
        next_attempt_at: retryAt,
        last_status_code: result.statusCode,
        last_error: result.error,
        updated_at: now,
      })
      .where('id', '=', deliveryId)
      .where('status', '=', 'pending')
      .where('attempts', '=', delivery.attempts)
      .executeTakeFirst();
    // The endpoint was deleted (with its deliveries), or another worker recorded this attempt.
    if (updated.numUpdatedRows === 0n) return false;
    await trx
      .insertInto('webhook_attempts')
      .values({
        id: newId('wha'),
        merchant_id: delivery.merchant_id,
        delivery_id: deliveryId,
        attempt,
        status_code: result.statusCode,
        error: result.error,
        duration_ms: result.durationMs,
        request_headers: JSON.stringify(sentHeaders),
        request_body: body,
        response_headers: result.response ? JSON.stringify(result.response.headers) : null,
        response_body: result.response?.body ?? null,
        response_body_truncated: result.response ? (result.response.truncated ? 1 : 0) : null,
        created_at: sentAt,
      })
      .execute();
    await countTimeouts(trx, deps, endpoint, result, now);
    return true;
  });
  if (!recorded) return { kind: 'done' };
  deps.onAttempt?.(attemptOutcome(result));
  if (succeeded) return { kind: 'done' };
  if (retryAt === null)
    return { kind: 'failed', error: `gave up after ${attempt} attempts: ${result.error}` };
  return { kind: 'retry', at: retryAt, error: result.error ?? undefined };
}

/** An attempt's outcome in a few words: `succeeded`, `http_error`, or the error's category. */
function attemptOutcome(result: AttemptResult): string {
  if (result.error === null) return 'succeeded';
  if (result.statusCode !== null) return 'http_error';
  return result.error.split(':')[0] ?? 'connection_error';
}

/**
 * Keeps the endpoint's count of timed-out attempts in a row: any answer resets it, a timeout adds one,
 * and reaching the limit pauses the endpoint and records `webhook_endpoint.paused` for the app, in the
 * same transaction (so the pause and the merchant's notice go together).
 */
async function countTimeouts(
  trx: Kysely<Database>,
  deps: WebhookDeliveryDeps,
  endpoint: WebhookEndpoint,
  result: AttemptResult,
  now: number,
): Promise<void> {
  if (result.statusCode !== null) {
    if (endpoint.consecutive_timeouts > 0) {
      await trx
        .updateTable('webhook_endpoints')
        .set({ consecutive_timeouts: 0 })
        .where('id', '=', endpoint.id)
        .execute();
    }
    return;
  }
  if (result.category !== 'timeout') return;
  const limit = deps.pauseAfterTimeouts ?? DEFAULT_PAUSE_AFTER_TIMEOUTS;
  const counted = await trx
    .updateTable('webhook_endpoints')
    .set((eb) => ({ consecutive_timeouts: eb('consecutive_timeouts', '+', 1) }))
    .where('id', '=', endpoint.id)
    .returning(['consecutive_timeouts', 'status'])
    .executeTakeFirst();
  if (counted?.status !== 'enabled' || counted.consecutive_timeouts < limit) return;
  const paused = await trx
    .updateTable('webhook_endpoints')
    .set({ status: 'paused', paused_at: now, pause_reason: 'consecutive_timeouts', updated_at: now })
    .where('id', '=', endpoint.id)
    .where('status', '=', 'enabled')
    .returningAll()
    .executeTakeFirst();
  if (!paused) return;
  await recordEvent(trx, {
    merchantId: paused.merchant_id,
    appId: paused.app_id,
    type: 'webhook_endpoint.paused',
    objectId: paused.id,
    object: toWebhookEndpointView(paused, now),
    now,
  });
}

/** The outbox handlers of webhook delivery, to give to a JobRunner. */
export function webhookJobHandlers(deps: WebhookDeliveryDeps): Record<string, JobHandler> {
  return {
    [WEBHOOK_DELIVER_JOB]: async (job: Job) => {
      const { deliveryId } = jobPayload<{ deliveryId?: unknown }>(job);
      if (typeof deliveryId !== 'string') return { kind: 'failed', error: 'job payload has no deliveryId' };
      return attemptDelivery(deps, deliveryId);
    },
  };
}
