import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { PolypayError } from '../../errors/polypay-error.js';
import {
  type AppMode,
  type Database,
  dialectOf,
  inTransaction,
  lockForUpdate,
  pastPosition,
  randomBase62,
  type SecretBox,
  type Store,
  type WebhookEndpoint,
  type WebhookEndpointStatus,
  type WebhookFormat,
} from '../../store/index.js';
import { notFound } from '../not-found.js';
import { decodeCursor, toPage } from '../pagination.js';
import { isWebhookEventType } from './event-types.js';
import { DEFAULT_GRACE_PERIOD_SECONDS, MAX_GRACE_PERIOD_SECONDS } from './grace-period.js';
import {
  addressAllowed,
  classifyAddress,
  literalAddress,
  STRICT_TARGET_POLICY,
  type WebhookTargetPolicy,
} from './target-policy.js';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const MAX_ENDPOINT_URL_LENGTH = 2048;
/** Endpoints one app may have: each is delivered every event, so each costs the shared workers. */
export const MAX_ENDPOINTS_PER_APP = 16;

export interface WebhookServiceDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** Which webhook targets are allowed (default: public addresses only). */
  readonly webhookTargets?: WebhookTargetPolicy;
}

/** The app that owns the endpoints: the caller of the API. */
export interface EndpointOwner {
  readonly merchantId: string;
  readonly appId: string;
  readonly mode: AppMode;
}

export interface WebhookEndpointView {
  readonly id: string;
  readonly object: 'webhook_endpoint';
  readonly url: string;
  readonly enabled_events: string[];
  /** `polypay` (polypay's events, Polypay-Signature) or `pingpp` (Ping++'s, x-pingplusplus-signature). */
  readonly format: WebhookFormat;
  readonly status: WebhookEndpointStatus;
  /** While paused by the gateway: why (`consecutive_timeouts`) and since when. */
  readonly pause_reason: string | null;
  readonly paused_at: number | null;
  /** While a rotated-out secret still signs alongside the new one: when it stops. */
  readonly previous_secret_expires_at: number | null;
  readonly created_at: number;
  readonly updated_at: number;
}

export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBase62(32)}`;
}

export function toWebhookEndpointView(row: WebhookEndpoint, now: number): WebhookEndpointView {
  const graceEnds = row.previous_secret_expires_at;
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    enabled_events: JSON.parse(row.event_types) as string[],
    format: row.format,
    status: row.status,
    pause_reason: row.status === 'paused' ? row.pause_reason : null,
    paused_at: row.status === 'paused' ? row.paused_at : null,
    previous_secret_expires_at:
      row.previous_secret_enc !== null && graceEnds !== null && graceEnds > now ? graceEnds : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * http(s) only, at most 2048 characters, no credentials; https for live-mode apps; a host written as an
 * address must be one webhooks may reach (names are checked when each delivery resolves them).
 */
export function validateEndpointUrl(
  url: string,
  mode: AppMode,
  param = 'url',
  targets: WebhookTargetPolicy = STRICT_TARGET_POLICY,
): string {
  const fail = (message: string, messageZh: string): never => {
    throw new PolypayError('invalid_params', { param, message, messageZh });
  };
  if (url.length > MAX_ENDPOINT_URL_LENGTH)
    fail(
      `${param} must be at most ${MAX_ENDPOINT_URL_LENGTH} characters.`,
      `${param} 最长 ${MAX_ENDPOINT_URL_LENGTH} 个字符`,
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`${param} must be an absolute http or https URL.`, `${param} 须为完整的 http 或 https 地址`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    fail(`${param} must be an http or https URL.`, `${param} 须为 http 或 https 地址`);
  if (parsed.hostname === '') fail(`${param} must name a host.`, `${param} 须包含主机名`);
  if (parsed.username !== '' || parsed.password !== '')
    fail(`${param} must not contain credentials.`, `${param} 不能包含用户名或密码`);
  if (mode === 'live' && parsed.protocol !== 'https:')
    fail(`${param} must use https for a live-mode app.`, `生产模式的应用 ${param} 须使用 https`);
  const literal = literalAddress(parsed.hostname);
  if (literal !== undefined && !addressAllowed(literal, mode, targets)) {
    fail(
      `${param} must name a public address; loopback, private, link-local and reserved addresses are refused` +
        (mode === 'test' && classifyAddress(literal) === 'private'
          ? ' (the operator has not allowed private targets for test mode).'
          : '.'),
      `${param} 须为公网地址，不接受回环、私有、链路本地及保留地址` +
        (mode === 'test' && classifyAddress(literal) === 'private'
          ? '（运营方未允许测试模式使用私有地址）'
          : ''),
    );
  }
  return url;
}

export function validateEnabledEvents(events: readonly string[], param = 'enabled_events'): string[] {
  if (events.length === 0)
    throw new PolypayError('invalid_params', {
      param,
      message: `${param} must not be empty.`,
      messageZh: `${param} 不能为空`,
    });
  events.forEach((type, i) => {
    if (!isWebhookEventType(type)) {
      throw new PolypayError('invalid_params', {
        param: `${param}[${i}]`,
        message: `${param}[${i}] is not a known event type: ${JSON.stringify(type).slice(0, 80)}.`,
        messageZh: `${param}[${i}] 不是已知的事件类型：${JSON.stringify(type).slice(0, 80)}`,
      });
    }
  });
  return [...new Set(events)];
}

/** The endpoint with this id of this app, or 404. */
export async function findWebhookEndpoint(
  db: Kysely<Database>,
  owner: Pick<EndpointOwner, 'merchantId' | 'appId'>,
  id: string,
  param = 'id',
): Promise<WebhookEndpoint> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .executeTakeFirst();
  if (!row) throw notFound('webhook_endpoint', id, { param });
  return row;
}

export async function createWebhookEndpoint(
  deps: WebhookServiceDeps,
  owner: EndpointOwner,
  input: { url: string; enabledEvents: readonly string[]; format?: WebhookFormat | undefined },
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const url = validateEndpointUrl(input.url, owner.mode, 'url', deps.webhookTargets);
  const events = validateEnabledEvents(input.enabledEvents);
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  const row = await inTransaction(deps.store.db, async (trx) => {
    // The app row is locked so that two creations at once cannot both pass the cap.
    await lockForUpdate(
      trx
        .selectFrom('apps')
        .select('id')
        .where('id', '=', owner.appId)
        .where('merchant_id', '=', owner.merchantId),
      dialectOf(trx),
    ).executeTakeFirst();
    const { count } = await trx
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('app_id', '=', owner.appId)
      .where('merchant_id', '=', owner.merchantId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_ENDPOINTS_PER_APP) {
      throw new PolypayError('resource_limit_exceeded', {
        param: 'url',
        message: `An app may have at most ${MAX_ENDPOINTS_PER_APP} webhook endpoints; delete one first.`,
        messageZh: `每个应用最多 ${MAX_ENDPOINTS_PER_APP} 个 Webhook 端点，请先删除一个`,
      });
    }
    return trx
      .insertInto('webhook_endpoints')
      .values({
        id: newId('we'),
        merchant_id: owner.merchantId,
        app_id: owner.appId,
        url,
        secret_enc: deps.box.encrypt(secret),
        previous_secret_enc: null,
        previous_secret_expires_at: null,
        event_types: JSON.stringify(events),
        ...(input.format ? { format: input.format } : {}),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { endpoint: toWebhookEndpointView(row, now), secret };
}

export async function listWebhookEndpoints(
  deps: WebhookServiceDeps,
  owner: EndpointOwner,
  page: { limit: number; startingAfter?: string | undefined },
) {
  const after = page.startingAfter === undefined ? undefined : decodeCursor(page.startingAfter);
  const rows = await deps.store.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .$if(after !== undefined, (qb) => qb.where((eb) => pastPosition(eb, after!, '<')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const now = deps.clock.now();
  return toPage(rows, page.limit, (row) => toWebhookEndpointView(row, now));
}

export async function updateWebhookEndpoint(
  deps: WebhookServiceDeps,
  owner: EndpointOwner,
  id: string,
  input: {
    url?: string | undefined;
    enabledEvents?: readonly string[] | undefined;
    disabled?: boolean | undefined;
    format?: WebhookFormat | undefined;
  },
): Promise<WebhookEndpointView> {
  const db = deps.store.db;
  await findWebhookEndpoint(db, owner, id);
  const now = deps.clock.now();
  const row = await db
    .updateTable('webhook_endpoints')
    .set({
      ...(input.url !== undefined
        ? { url: validateEndpointUrl(input.url, owner.mode, 'url', deps.webhookTargets) }
        : {}),
      ...(input.enabledEvents !== undefined
        ? { event_types: JSON.stringify(validateEnabledEvents(input.enabledEvents)) }
        : {}),
      ...(input.format !== undefined ? { format: input.format } : {}),
      // Enabling (also a paused endpoint) starts its timeout count afresh.
      ...(input.disabled !== undefined
        ? input.disabled
          ? { status: 'disabled' as const, paused_at: null, pause_reason: null }
          : { status: 'enabled' as const, paused_at: null, pause_reason: null, consecutive_timeouts: 0 }
        : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('app_id', '=', owner.appId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWebhookEndpointView(row, now);
}

/**
 * Deletes an endpoint with its deliveries and their attempts (the schema keeps no endpoint-less
 * delivery). Outbox jobs of its pending deliveries find nothing left and end.
 */
export async function deleteWebhookEndpoint(deps: WebhookServiceDeps, owner: EndpointOwner, id: string) {
  await inTransaction(deps.store.db, async (trx) => {
    await findWebhookEndpoint(trx, owner, id);
    const deliveries = trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('endpoint_id', '=', id)
      .where('merchant_id', '=', owner.merchantId);
    await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
    await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await trx
      .deleteFrom('webhook_endpoints')
      .where('id', '=', id)
      .where('app_id', '=', owner.appId)
      .execute();
  });
  return { id, object: 'webhook_endpoint' as const, deleted: true as const };
}

/**
 * Gives the endpoint a new secret. The old one keeps signing alongside it (a second `v1=`) for
 * `graceSeconds`; 0 retires it at once. A secret rotated out earlier and still in grace is retired.
 */
export async function rotateWebhookEndpointSecret(
  deps: WebhookServiceDeps,
  owner: EndpointOwner,
  id: string,
  graceSeconds: number = DEFAULT_GRACE_PERIOD_SECONDS,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_PERIOD_SECONDS) {
    throw new PolypayError('invalid_params', {
      param: 'grace_period_seconds',
      message: `grace_period_seconds must be an integer from 0 to ${MAX_GRACE_PERIOD_SECONDS}.`,
      messageZh: `grace_period_seconds 须为 0 到 ${MAX_GRACE_PERIOD_SECONDS} 之间的整数`,
    });
  }
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  const row = await inTransaction(deps.store.db, async (trx) => {
    // Locked, so that of two rotations at once the second retires the first's secret, not the original.
    const current = await lockForUpdate(
      trx
        .selectFrom('webhook_endpoints')
        .select('secret_enc')
        .where('id', '=', id)
        .where('app_id', '=', owner.appId)
        .where('merchant_id', '=', owner.merchantId),
      dialectOf(trx),
    ).executeTakeFirst();
    if (!current) throw notFound('webhook_endpoint', id);
    return trx
      .updateTable('webhook_endpoints')
      .set({
        secret_enc: deps.box.encrypt(secret),
        previous_secret_enc: graceSeconds > 0 ? current.secret_enc : null,
        previous_secret_expires_at: graceSeconds > 0 ? now + graceSeconds * 1000 : null,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { endpoint: toWebhookEndpointView(row, now), secret };
}
