import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { type Dispatcher, request } from 'undici';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { type Job, jobPayload } from '../../jobs/queue.js';
import type { JobHandler, JobOutcome } from '../../jobs/runner.js';
import { type Database, inTransaction, type SecretBox, type Store } from '../../store/index.js';
import { toEventView, WEBHOOK_DELIVER_JOB } from '../events.js';
import { nextWebhookAttemptAt } from './retry-schedule.js';
import { signWebhookPayload } from './signature.js';

export const WEBHOOK_USER_AGENT = 'polypay-webhooks/1';
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** At most this much of a receiver's answer is read (and thrown away). */
const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_ERROR_LENGTH = 500;

export interface WebhookDeliveryDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** Limit for the receiver's response headers, and again for its body (default 10 s). */
  readonly timeoutMs?: number;
  /** Source of retry jitter in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** undici dispatcher to send through (default: the global one). */
  readonly dispatcher?: Dispatcher;
}

interface AttemptResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
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

function describeError(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  let text: string;
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      text = `timeout: no response within ${timeoutMs} ms`;
      break;
    case 'UND_ERR_BODY_TIMEOUT':
      text = `timeout: response body not received within ${timeoutMs} ms`;
      break;
    case 'UND_ERR_CONNECT_TIMEOUT':
      text = 'timeout: could not connect';
      break;
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
      text = `connection reset: ${message}`;
      break;
    default:
      text = typeof code === 'string' ? `${code}: ${message}` : message;
  }
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  deps: WebhookDeliveryDeps,
): Promise<AttemptResult> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  try {
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
    // The answer's body is not kept, but it is read so that the connection can be reused.
    await response.body.dump({ limit: MAX_RESPONSE_BYTES }).catch(() => undefined);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return {
      statusCode: response.statusCode,
      error: ok ? null : `HTTP ${response.statusCode}`,
      durationMs: elapsed(),
    };
  } catch (error) {
    return { statusCode: null, error: describeError(error, timeoutMs), durationMs: elapsed() };
  }
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
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', delivery.endpoint_id)
    .where('merchant_id', '=', delivery.merchant_id)
    .executeTakeFirst();
  if (!endpoint) return failDelivery(db, deliveryId, 'endpoint deleted', deps.clock.now());
  if (endpoint.status !== 'enabled')
    return failDelivery(db, deliveryId, 'endpoint disabled', deps.clock.now());
  const event = await db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', delivery.event_id)
    .where('merchant_id', '=', delivery.merchant_id)
    .executeTakeFirst();
  if (!event) return failDelivery(db, deliveryId, 'event not found', deps.clock.now());

  const sentAt = deps.clock.now();
  const body = JSON.stringify(toEventView(event));
  const signature = signWebhookPayload(
    body,
    signingSecrets(deps.box, endpoint, sentAt),
    Math.floor(sentAt / 1000),
  );
  const result = await post(
    endpoint.url,
    body,
    {
      'content-type': 'application/json',
      'polypay-signature': signature,
      'polypay-event-id': event.id,
      'user-agent': WEBHOOK_USER_AGENT,
    },
    deps,
  );

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
        created_at: sentAt,
      })
      .execute();
    return true;
  });
  if (!recorded) return { kind: 'done' };
  if (succeeded) return { kind: 'done' };
  if (retryAt === null)
    return { kind: 'failed', error: `gave up after ${attempt} attempts: ${result.error}` };
  return { kind: 'retry', at: retryAt, error: result.error ?? undefined };
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
