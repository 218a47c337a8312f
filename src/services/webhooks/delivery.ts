import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { Agent, request } from 'undici';
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
import {
  addressAllowed,
  literalAddress,
  pinnedLookup,
  type Resolver,
  STRICT_TARGET_POLICY,
  type WebhookTargetPolicy,
} from './target-policy.js';

export const WEBHOOK_USER_AGENT = 'polypay-webhooks/1';
/** Total time one attempt may take: connecting, sending, the answer's headers and its body. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** An endpoint whose attempts time out this many times in a row is paused (and the merchant told). */
export const DEFAULT_PAUSE_AFTER_TIMEOUTS = 5;
/** At most this much of a receiver's answer is read; past it the connection is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** The first this-many bytes of a receiver's answer are kept with the attempt, for the merchant to see. */
export const WEBHOOK_RESPONSE_BODY_CAP = 4 * 1024;
/** Answer headers kept per attempt (each value cut to 256 characters), so a receiver cannot bloat the row. */
const MAX_RESPONSE_HEADERS = 50;
const MAX_HEADER_VALUE = 256;

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

/**
 * What an attempt reports. Errors are coarse categories, never the socket's own message, so that the
 * deliveries API cannot be used to probe a network (which port answers, which host exists).
 */
export type AttemptErrorCategory =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns_error'
  | 'tls_error'
  | 'address_not_allowed'
  | 'connection_error';

const ERROR_TEXT: Record<AttemptErrorCategory, string> = {
  timeout: 'timeout: no complete answer in time',
  connection_refused: 'connection_refused: the receiver refused the connection',
  connection_reset: 'connection_reset: the connection was reset',
  dns_error: 'dns_error: the host name could not be resolved',
  tls_error: 'tls_error: the TLS handshake failed',
  address_not_allowed: 'address_not_allowed: the host is not a public address',
  connection_error: 'connection_error: the receiver could not be reached',
};

interface AttemptResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly category: AttemptErrorCategory | null;
  readonly durationMs: number;
  /** The answer, when one came in full: its headers and its first bytes as text. */
  readonly response?: { headers: Record<string, string>; body: string; truncated: boolean };
}

/** The answer's headers as one string each, at most MAX_RESPONSE_HEADERS of them. */
function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers).slice(0, MAX_RESPONSE_HEADERS)) {
    if (value === undefined) continue;
    kept[name] = (Array.isArray(value) ? value.join(', ') : value).slice(0, MAX_HEADER_VALUE);
  }
  return kept;
}

/**
 * Bytes of an answer as text: invalid UTF-8 becomes U+FFFD (as does a character cut at the cap), and so
 * does NUL, which PostgreSQL text cannot hold. Never throws, whatever the receiver sent.
 */
export function answerText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replaceAll('\u0000', '\uFFFD');
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

/** The category of a failed attempt, from the error undici or the socket raised. */
export function categorize(error: unknown): AttemptErrorCategory {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_ABORTED':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'POLYPAY_BLOCKED_TARGET':
      return 'address_not_allowed';
    case 'ECONNREFUSED':
      return 'connection_refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'connection_reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return 'dns_error';
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'))
  )
    return 'tls_error';
  if (cause !== undefined && cause !== error) {
    const inner = categorize(cause);
    if (inner !== 'connection_error') return inner;
  }
  return 'connection_error';
}

/** One undici Agent per app mode, each connecting only to addresses its policy allows. */
class WebhookSender {
  readonly #agents = new Map<AppMode, Agent>();
  readonly #policy: WebhookTargetPolicy;
  readonly #resolver: Resolver | undefined;
  readonly #timeoutMs: number;

  constructor(deps: WebhookDeliveryDeps) {
    this.#policy = deps.targets ?? STRICT_TARGET_POLICY;
    this.#resolver = deps.resolver;
    this.#timeoutMs = deps.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  }

  get policy(): WebhookTargetPolicy {
    return this.#policy;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  agentFor(mode: AppMode): Agent {
    let agent = this.#agents.get(mode);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: this.#timeoutMs, lookup: pinnedLookup(mode, this.#policy, this.#resolver) },
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        keepAliveTimeout: 4_000,
      });
      this.#agents.set(mode, agent);
    }
    return agent;
  }
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

function failure(category: AttemptErrorCategory, durationMs: number): AttemptResult {
  return { statusCode: null, error: ERROR_TEXT[category], category, durationMs };
}

/**
 * One POST under one deadline: connecting, sending, the answer's headers and all of its body (read up
 * to 64 KiB) must fit in `timeoutMs`, so a receiver that trickles its answer cannot hold a worker.
 */
async function post(
  url: string,
  mode: AppMode,
  body: string,
  headers: Record<string, string>,
  sender: WebhookSender,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return failure('connection_error', 0);
  }
  // Names are checked as they are resolved (pinnedLookup); addresses written in the URL, here.
  const literal = literalAddress(target.hostname);
  if (literal !== undefined && !addressAllowed(literal, mode, sender.policy)) {
    return failure('address_not_allowed', 0);
  }
  const signal = AbortSignal.timeout(sender.timeoutMs);
  try {
    const response = await request(target, {
      method: 'POST',
      headers,
      body,
      signal,
      dispatcher: sender.agentFor(mode),
    });
    // The answer's first bytes are kept; the rest is read (up to 64 KiB, within the deadline) and dropped.
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer;
      total += bytes.length;
      if (keptBytes < WEBHOOK_RESPONSE_BODY_CAP) {
        const part = bytes.subarray(0, WEBHOOK_RESPONSE_BODY_CAP - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      if (total > MAX_RESPONSE_BYTES) {
        response.body.destroy();
        break;
      }
    }
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return {
      statusCode: response.statusCode,
      error: ok ? null : `HTTP ${response.statusCode}`,
      category: null,
      durationMs: elapsed(),
      response: {
        headers: keptHeaders(response.headers),
        body: answerText(Buffer.concat(kept)),
        truncated: total > keptBytes,
      },
    };
  } catch (error) {
    return failure(signal.aborted ? 'timeout' : categorize(error), elapsed());
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
