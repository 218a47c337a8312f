import {
  autoPage,
  HttpClient,
  type Page,
  type PolypayOptions,
  type RequestOptions,
  type RequestSigner,
} from './client.js';
import type { components, operations } from './openapi.js';

type Schemas = components['schemas'];
export type Charge = Schemas['Charge'];
export type Refund = Schemas['Refund'];
export type Event = Schemas['Event'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type BalanceTransaction = Schemas['BalanceTransaction'];
export type Balance = Schemas['Balance'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
export type ErrorCode = Schemas['ErrorCode'];
export type Session = Schemas['Session'];
export type Summary = Schemas['Summary'];
export type ApiKey = Schemas['ApiKey'];
export type Transfer = Schemas['Transfer'];
export type RedEnvelope = Schemas['RedEnvelope'];
export type Agreement = Schemas['Agreement'];
export type Deduction = Schemas['Deduction'];
export type DeductionRefund = Schemas['DeductionRefund'];
export type EmulatorScenarios = Schemas['EmulatorScenarios'];

type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type QueryOf<Op extends keyof operations> = operations[Op] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
/** The `data` of an operation's 200 answer. */
export type DataOf<Op extends keyof operations> = operations[Op] extends {
  responses: { 200: { content: { 'application/json': { data: infer D } } } };
}
  ? D
  : never;

export type CreateChargeParams = Body<'createCharge'>;
export type ListChargesParams = Omit<QueryOf<'listCharges'>, 'starting_after'>;
export type CreateRefundParams = Body<'createChargeRefund'>;
export type CreateWebhookEndpointParams = Body<'createWebhookEndpoint'>;
export type UpdateWebhookEndpointParams = Body<'updateWebhookEndpoint'>;
export type UpdateAppParams = Body<'updateApp'>;

const enc = encodeURIComponent;
type Query = Record<string, string | number | boolean | undefined>;

/**
 * The resources, without anything that needs Node (signing, webhook verification): what a browser
 * bundle imports, through `@polypay/sdk/browser`.
 */
export class PolypayClient {
  readonly http: HttpClient;
  readonly charges: Charges;
  readonly refunds: Refunds;
  readonly events: Events;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly sessions: Sessions;
  readonly reports: Reports;
  readonly balance: BalanceResource;
  readonly apiKeys: ApiKeys;
  readonly app: AppSettings;
  readonly errors: Errors;
  readonly transfers: Payouts<'listTransfers', Transfer>;
  readonly redEnvelopes: Payouts<'listRedEnvelopes', RedEnvelope>;
  readonly agreements: Agreements;
  readonly emulatorScenarios: EmulatorScenarioControls;

  constructor(options: PolypayOptions, signer?: RequestSigner) {
    this.http = new HttpClient(options, signer);
    this.charges = new Charges(this.http);
    this.refunds = new Refunds(this.http);
    this.events = new Events(this.http);
    this.webhookEndpoints = new WebhookEndpoints(this.http);
    this.sessions = new Sessions(this.http);
    this.reports = new Reports(this.http);
    this.balance = new BalanceResource(this.http);
    this.apiKeys = new ApiKeys(this.http);
    this.app = new AppSettings(this.http);
    this.errors = new Errors(this.http);
    this.transfers = new Payouts(this.http, '/v1/transfers');
    this.redEnvelopes = new Payouts(this.http, '/v1/red_envelopes');
    this.agreements = new Agreements(this.http);
    this.emulatorScenarios = new EmulatorScenarioControls(this.http);
  }
}

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

  /** One page of the app's refunds, newest first. */
  listAllPage(
    params: { status?: string; limit?: number; starting_after?: string } = {},
  ): Promise<Page<Refund>> {
    return this.http.request('GET', '/v1/refunds', { query: params });
  }

  /** The refunds of one charge, one page. */
  listPage(chargeId: string): Promise<Page<Refund>> {
    return this.http.request('GET', `/v1/charges/${enc(chargeId)}/refunds`);
  }

  /** The refunds of one charge. */
  async *list(chargeId: string): AsyncGenerator<Refund, void, undefined> {
    yield* autoPage<Refund>(() => this.listPage(chargeId));
  }
}

class Events {
  constructor(private readonly http: HttpClient) {}

  retrieve(id: string): Promise<Event> {
    return this.http.request('GET', `/v1/events/${enc(id)}`);
  }

  listPage(
    params: {
      type?: string;
      object_id?: string;
      order?: 'asc' | 'desc';
      limit?: number;
      starting_after?: string;
    } = {},
  ): Promise<Page<Event>> {
    return this.http.request('GET', '/v1/events', { query: params });
  }

  /** Every event, oldest first (the order to replay them in). */
  list(
    params: { type?: string; object_id?: string; limit?: number } = {},
  ): AsyncGenerator<Event, void, undefined> {
    return autoPage((cursor) => this.listPage({ ...params, ...(cursor ? { starting_after: cursor } : {}) }));
  }

  /** The webhook deliveries of an event, each with its attempts. */
  deliveries(id: string): Promise<Page<WebhookDelivery>> {
    return this.http.request('GET', `/v1/events/${enc(id)}/deliveries`);
  }

  /** Delivers the event again, to one endpoint or to every subscribed one. */
  resend(
    id: string,
    params: { endpoint_id?: string } = {},
    options?: RequestOptions,
  ): Promise<DataOf<'resendEvent'>> {
    return this.http.request('POST', `/v1/events/${enc(id)}/resend`, { body: params }, options);
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

  /** Every endpoint, newest first, across pages. */
  list(params: { limit?: number } = {}): AsyncGenerator<WebhookEndpoint, void, undefined> {
    return autoPage((cursor) => this.listPage({ ...params, ...(cursor ? { starting_after: cursor } : {}) }));
  }

  /** Change the URL, the event types, or disable (`disabled: true`) and enable again. */
  update(
    id: string,
    params: UpdateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint> {
    return this.http.request('POST', `/v1/webhook_endpoints/${enc(id)}`, { body: params }, options);
  }

  /** A new secret, answered this once; the old one keeps signing for the grace period. */
  rotateSecret(
    id: string,
    params: Body<'rotateSecretWebhookEndpoint'> = {},
    options?: RequestOptions,
  ): Promise<DataOf<'rotateSecretWebhookEndpoint'>> {
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

/** Dashboard sign-in: an API key exchanged for a session cookie (browsers). */
class Sessions {
  constructor(private readonly http: HttpClient) {}

  /** Signs in; the answer's `csrf_token` must be sent as X-CSRF-Token on every write. */
  create(apiKey: string): Promise<Session> {
    return this.http.request('POST', '/v1/sessions', { body: { api_key: apiKey } });
  }

  current(): Promise<Session> {
    return this.http.request('GET', '/v1/sessions/current');
  }

  /** Signs out. */
  end(): Promise<DataOf<'deleteCurrentSession'>> {
    return this.http.request('DELETE', '/v1/sessions/current');
  }
}

class Reports {
  constructor(private readonly http: HttpClient) {}

  /** Today's figures and a series per day (7 or 30 days …) for one currency. */
  summary(params: { days?: number; currency?: string } = {}): Promise<Summary> {
    return this.http.request('GET', '/v1/reports/summary', { query: params });
  }
}

class BalanceResource {
  constructor(private readonly http: HttpClient) {}

  retrieve(): Promise<Balance> {
    return this.http.request('GET', '/v1/balance');
  }

  transactionsPage(
    params: { limit?: number; starting_after?: string } = {},
  ): Promise<Page<BalanceTransaction>> {
    return this.http.request('GET', '/v1/balance_transactions', { query: params });
  }
}

class ApiKeys {
  constructor(private readonly http: HttpClient) {}

  list(): Promise<Page<ApiKey>> {
    return this.http.request('GET', '/v1/api_keys');
  }

  /** A new restricted (read-only) key, shown only in this answer. */
  create(
    params: Body<'createApiKey'> = { kind: 'restricted' },
    options?: RequestOptions,
  ): Promise<DataOf<'createApiKey'>> {
    return this.http.request('POST', '/v1/api_keys', { body: params }, options);
  }

  roll(id: string, params: Body<'rollApiKey'> = {}, options?: RequestOptions): Promise<DataOf<'rollApiKey'>> {
    return this.http.request('POST', `/v1/api_keys/${enc(id)}/roll`, { body: params }, options);
  }

  revoke(id: string): Promise<DataOf<'deleteApiKey'>> {
    return this.http.request('DELETE', `/v1/api_keys/${enc(id)}`);
  }
}

class AppSettings {
  constructor(private readonly http: HttpClient) {}

  retrieve(): Promise<DataOf<'retrieveApp'>> {
    return this.http.request('GET', '/v1/app');
  }

  update(params: UpdateAppParams, options?: RequestOptions): Promise<DataOf<'updateApp'>> {
    return this.http.request('POST', '/v1/app', { body: params }, options);
  }
}

class Errors {
  constructor(private readonly http: HttpClient) {}

  list(): Promise<DataOf<'listErrors'>> {
    return this.http.request('GET', '/v1/errors');
  }

  retrieve(code: string): Promise<DataOf<'retrieveError'>> {
    return this.http.request('GET', `/v1/errors/${enc(code)}`);
  }

  /** The unified error a provider's code maps to. */
  lookup(params: QueryOf<'retrieveErrorLookup'>): Promise<DataOf<'retrieveErrorLookup'>> {
    return this.http.request('GET', '/v1/errors/lookup', { query: params as Query });
  }
}

class Payouts<Op extends 'listTransfers' | 'listRedEnvelopes', T> {
  constructor(
    private readonly http: HttpClient,
    private readonly path: string,
  ) {}

  listPage(params: QueryOf<Op> = {} as QueryOf<Op>): Promise<Page<T>> {
    return this.http.request('GET', this.path, { query: params as Query });
  }

  retrieve(id: string): Promise<T> {
    return this.http.request('GET', `${this.path}/${enc(id)}`);
  }
}

class Agreements {
  constructor(private readonly http: HttpClient) {}

  listPage(params: QueryOf<'listAgreements'> = {} as QueryOf<'listAgreements'>): Promise<Page<Agreement>> {
    return this.http.request('GET', '/v1/agreements', { query: params as Query });
  }

  retrieve(id: string): Promise<Agreement> {
    return this.http.request('GET', `/v1/agreements/${enc(id)}`);
  }

  /** One page of an agreement's deductions, oldest first. */
  deductions(
    id: string,
    params: Partial<QueryOf<'listDeductions'>> = {},
  ): Promise<Page<Schemas['Deduction']>> {
    return this.http.request('GET', `/v1/agreements/${enc(id)}/deductions`, { query: params as Query });
  }

  /** Every deduction of an agreement, oldest first, page after page. */
  allDeductions(
    id: string,
    params: { limit?: number } = {},
  ): AsyncGenerator<Schemas['Deduction'], void, undefined> {
    return autoPage((cursor) =>
      this.deductions(id, { ...params, ...(cursor ? { starting_after: cursor } : {}) }),
    );
  }

  deduction(id: string, deductionId: string): Promise<Schemas['Deduction']> {
    return this.http.request('GET', `/v1/agreements/${enc(id)}/deductions/${enc(deductionId)}`);
  }

  deductionRefunds(id: string, deductionId: string): Promise<Page<DeductionRefund>> {
    return this.http.request('GET', `/v1/agreements/${enc(id)}/deductions/${enc(deductionId)}/refunds`);
  }

  /** polypay refuses deductions until the agreement is resumed. */
  suspend(id: string, options?: RequestOptions): Promise<Agreement> {
    return this.http.request('POST', `/v1/agreements/${enc(id)}/suspend`, {}, options);
  }

  resume(id: string, options?: RequestOptions): Promise<Agreement> {
    return this.http.request('POST', `/v1/agreements/${enc(id)}/resume`, {}, options);
  }

  /** Ends the agreement at the channel: final. */
  unsign(id: string, options?: RequestOptions): Promise<Agreement> {
    return this.http.request('POST', `/v1/agreements/${enc(id)}/unsign`, {}, options);
  }
}

/** Test mode: the scenario queues of the provider emulators the gateway mounts. */
class EmulatorScenarioControls {
  constructor(private readonly http: HttpClient) {}

  list(): Promise<Page<EmulatorScenarios>> {
    return this.http.request('GET', '/v1/test/emulator_scenarios');
  }

  /** Queues the next answer or fault of one emulator. */
  create(
    provider: string,
    scenario: Body<'createEmulatorScenario'>,
    options?: RequestOptions,
  ): Promise<EmulatorScenarios> {
    return this.http.request(
      'POST',
      `/v1/test/emulator_scenarios/${enc(provider)}`,
      { body: scenario },
      options,
    );
  }

  clear(provider: string): Promise<EmulatorScenarios> {
    return this.http.request('DELETE', `/v1/test/emulator_scenarios/${enc(provider)}`);
  }
}
