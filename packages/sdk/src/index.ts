import { autoPage, HttpClient, type Page, type PolypayOptions, type RequestOptions } from './client.js';
import type { components, operations } from './openapi.js';
import { constructEvent, generateTestHeader } from './webhooks.js';

export type { Page, PolypayOptions, RequestOptions } from './client.js';
export { type ChannelError, PolypayError } from './error.js';
export type { components, operations, paths } from './openapi.js';
export { signRequest } from './signing.js';
export { constructEvent, WebhookSignatureError, type WebhookSignatureFailure } from './webhooks.js';

type Schemas = components['schemas'];
export type Charge = Schemas['Charge'];
export type Refund = Schemas['Refund'];
export type Event = Schemas['Event'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type BalanceTransaction = Schemas['BalanceTransaction'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];

type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type QueryOf<Op extends keyof operations> = operations[Op] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

export type CreateChargeParams = Body<'createCharge'>;
export type ListChargesParams = Omit<QueryOf<'listCharges'>, 'starting_after'>;
export type CreateRefundParams = Body<'createChargeRefund'>;
export type CreateWebhookEndpointParams = Body<'createWebhookEndpoint'>;
export type UpdateWebhookEndpointParams = Body<'updateWebhookEndpoint'>;
export type RotateWebhookSecretParams = Body<'rotateSecretWebhookEndpoint'>;
export type ResendEventParams = Body<'resendEvent'>;

/**
 * The polypay client.
 * @example
 * const polypay = new Polypay({ apiKey: process.env.POLYPAY_API_KEY! });
 * const charge = await polypay.charges.create({ ... });
 * for await (const c of polypay.charges.list({ status: 'PAID' })) console.log(c.id);
 */
export class Polypay {
  readonly http: HttpClient;
  readonly charges: Charges;
  readonly refunds: Refunds;
  readonly events: Events;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly webhooks = { constructEvent, generateTestHeader };

  constructor(options: PolypayOptions) {
    this.http = new HttpClient(options);
    this.charges = new Charges(this.http);
    this.refunds = new Refunds(this.http);
    this.events = new Events(this.http);
    this.webhookEndpoints = new WebhookEndpoints(this.http);
  }
}

const enc = encodeURIComponent;

class Charges {
  constructor(private readonly http: HttpClient) {}

  create(params: CreateChargeParams, options?: RequestOptions): Promise<Charge> {
    return this.http.request('POST', '/v1/charges', { body: params }, options);
  }

  retrieve(id: string): Promise<Charge> {
    return this.http.request('GET', `/v1/charges/${enc(id)}`);
  }

  /** One page: `starting_after` is the previous page's `next_cursor`. */
  listPage(params: ListChargesParams & { starting_after?: string } = {}): Promise<Page<Charge>> {
    return this.http.request('GET', '/v1/charges', { query: params });
  }

  /** Every charge matching `params`, newest first, across pages. */
  list(params: ListChargesParams = {}): AsyncGenerator<Charge, void, undefined> {
    return autoPage((cursor) => this.listPage({ ...params, ...(cursor ? { starting_after: cursor } : {}) }));
  }

  cancel(id: string, options?: RequestOptions): Promise<Charge> {
    return this.http.request('POST', `/v1/charges/${enc(id)}/cancel`, {}, options);
  }

  close(id: string, options?: RequestOptions): Promise<Charge> {
    return this.http.request('POST', `/v1/charges/${enc(id)}/close`, {}, options);
  }

  void(id: string, options?: RequestOptions): Promise<Charge> {
    return this.http.request('POST', `/v1/charges/${enc(id)}/void`, {}, options);
  }
}

class Refunds {
  constructor(private readonly http: HttpClient) {}

  create(chargeId: string, params: CreateRefundParams, options?: RequestOptions): Promise<Refund> {
    return this.http.request('POST', `/v1/charges/${enc(chargeId)}/refunds`, { body: params }, options);
  }

  retrieve(id: string): Promise<Refund> {
    return this.http.request('GET', `/v1/refunds/${enc(id)}`);
  }

  /** The refunds of one charge. */
  async *list(chargeId: string): AsyncGenerator<Refund, void, undefined> {
    yield* autoPage<Refund>(() => this.http.request('GET', `/v1/charges/${enc(chargeId)}/refunds`));
  }
}

class Events {
  constructor(private readonly http: HttpClient) {}

  retrieve(id: string): Promise<Event> {
    return this.http.request('GET', `/v1/events/${enc(id)}`);
  }

  listPage(params: { type?: string; limit?: number; starting_after?: string } = {}): Promise<Page<Event>> {
    return this.http.request('GET', '/v1/events', { query: params });
  }

  /** Every event, oldest first (the order to replay them in). */
  list(params: { type?: string; limit?: number } = {}): AsyncGenerator<Event, void, undefined> {
    return autoPage((cursor) => this.listPage({ ...params, ...(cursor ? { starting_after: cursor } : {}) }));
  }

  /** Delivers the event again: to every enabled endpoint subscribed to it, or to `endpoint_id`. */
  resend(
    id: string,
    params: ResendEventParams = {},
    options?: RequestOptions,
  ): Promise<{ event_id: string; delivery_ids: string[] }> {
    return this.http.request('POST', `/v1/events/${enc(id)}/resend`, { body: params }, options);
  }

  /** The event's webhook deliveries, each with its attempts. */
  deliveries(id: string): Promise<Page<WebhookDelivery>> {
    return this.http.request('GET', `/v1/events/${enc(id)}/deliveries`);
  }
}

class WebhookEndpoints {
  constructor(private readonly http: HttpClient) {}

  /** The answer carries the endpoint's `secret` (whsec_…), shown this once. */
  create(
    params: CreateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint & { secret?: string }> {
    return this.http.request('POST', '/v1/webhook_endpoints', { body: params }, options);
  }

  retrieve(id: string): Promise<WebhookEndpoint> {
    return this.http.request('GET', `/v1/webhook_endpoints/${enc(id)}`);
  }

  listPage(params: { limit?: number; starting_after?: string } = {}): Promise<Page<WebhookEndpoint>> {
    return this.http.request('GET', '/v1/webhook_endpoints', { query: params });
  }

  /** Every endpoint of the app, newest first. */
  list(params: { limit?: number } = {}): AsyncGenerator<WebhookEndpoint, void, undefined> {
    return autoPage((cursor) => this.listPage({ ...params, ...(cursor ? { starting_after: cursor } : {}) }));
  }

  update(
    id: string,
    params: UpdateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint> {
    return this.http.request('POST', `/v1/webhook_endpoints/${enc(id)}`, { body: params }, options);
  }

  /** A new secret (shown this once); the old one keeps signing alongside it for `grace_period_seconds`. */
  rotateSecret(
    id: string,
    params: RotateWebhookSecretParams = {},
    options?: RequestOptions,
  ): Promise<WebhookEndpoint & { secret: string }> {
    return this.http.request(
      'POST',
      `/v1/webhook_endpoints/${enc(id)}/rotate_secret`,
      { body: params },
      options,
    );
  }

  delete(id: string): Promise<unknown> {
    return this.http.request('DELETE', `/v1/webhook_endpoints/${enc(id)}`);
  }
}
