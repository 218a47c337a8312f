/**
 * The database as Kysely sees it. Conventions (both dialects):
 * - ids are TEXT, prefixed random ids made by the caller (`mer_…`, `app_…`, `ch_…`);
 * - timestamps are integers of epoch milliseconds (INTEGER in SQLite, BIGINT in PostgreSQL);
 * - amounts are integers of minor units (BIGINT in PostgreSQL); int8 is parsed to a JS number;
 * - booleans are INTEGER 0/1 in both dialects;
 * - JSON is TEXT (the caller stringifies and parses);
 * - every row carries `merchant_id` (DESIGN invariant 7), except `merchants` itself;
 * - `Generated<T>` marks a column with a database default (optional on insert).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  BizResult,
  ChargeStatus,
  FlowStatus,
  RefundStatus,
  TransferStatus,
} from '../domain/statuses.js';

/** Epoch milliseconds. */
export type EpochMs = number;
/** An integer amount in minor units of its currency (may be negative in the ledger). */
export type MinorUnits = number;
/** A boolean stored as INTEGER 0/1. */
export type IntBool = 0 | 1;
/** A JSON document stored as TEXT. */
export type JsonText = string;
/** A value encrypted with the SecretBox (`v1:…`). */
export type Encrypted = string;

export type MerchantStatus = 'active' | 'disabled';
export type AppMode = 'test' | 'live';
/** `restricted` keys (`rk_…`) may read (GET) but change nothing. */
export type ApiKeyKind = 'secret' | 'restricted' | 'operator';
export type ApiKeyStatus = 'active' | 'revoked';
export type TerminalStatus = 'inactive' | 'active' | 'disabled';
export type ChannelConfigStatus = 'enabled' | 'disabled';
export type ChargeFlowKind = 'pay' | 'query' | 'cancel' | 'close' | 'void' | 'refund';
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';
export type IdempotencyStatus = 'in_flight' | 'done';
/** `paused`: stopped by the gateway after repeated timeouts, until the merchant enables it again. */
export type WebhookEndpointStatus = 'enabled' | 'disabled' | 'paused';
export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface MerchantsTable {
  id: string;
  name: string;
  status: Generated<MerchantStatus>;
  /** IANA zone that defines the merchant's business day (void window, daily limits, settlement). */
  time_zone: Generated<string>;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface AppsTable {
  id: string;
  merchant_id: string;
  name: string;
  mode: AppMode;
  require_signature: Generated<IntBool>;
  signing_secret_enc: Encrypted;
  /** The rolled-out signing secret, still accepted until `previous_signing_secret_expires_at`. */
  previous_signing_secret_enc: Encrypted | null;
  previous_signing_secret_expires_at: EpochMs | null;
  /** JSON array of IPs/CIDRs, or null for no restriction. */
  ip_allowlist: JsonText | null;
  concurrency_limit: number | null;
  /** PEM of the RSA public key that verifies the app's Ping++ request signatures. */
  pingpp_public_key: string | null;
  /** Whether the Ping++-compatible API refuses requests without Pingplusplus-Signature. */
  pingpp_require_signature: Generated<IntBool>;
  /** PEM of the RSA key pair that signs the app's Ping++-format webhooks (made on first use). */
  pingpp_webhook_public_key: string | null;
  pingpp_webhook_private_key_enc: Encrypted | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface ApiKeysTable {
  id: string;
  merchant_id: string;
  app_id: string;
  kind: ApiKeyKind;
  /** sha256 hex of the full key; the key itself is never stored. */
  key_hash: string;
  /** First 12 characters, for display (`sk_test_AbCd`). */
  key_prefix: string;
  status: Generated<ApiKeyStatus>;
  created_at: EpochMs;
  revoked_at: EpochMs | null;
}

/** A dashboard sign-in: an API key exchanged for a cookie (see migration 014). */
export interface DashboardSessionsTable {
  id: string;
  /** sha256 hex of the session token; the token itself is never stored. */
  token_hash: string;
  api_key_id: string;
  merchant_id: string;
  app_id: string;
  created_at: EpochMs;
  expires_at: EpochMs;
  ended_at: EpochMs | null;
}

export interface StoresTable {
  id: string;
  merchant_id: string;
  /** The mode of the app that created it: only apps of that mode may use it or its terminals. */
  mode: AppMode;
  name: string;
  daily_limit: MinorUnits | null;
  created_at: EpochMs;
}

export interface TerminalsTable {
  id: string;
  merchant_id: string;
  store_id: string;
  sn: string;
  device_id: string | null;
  /** HMAC-SHA256 hex of the activation code, under a key derived from the master key. */
  activation_code: string | null;
  activation_expires_at: EpochMs | null;
  terminal_key_enc: Encrypted | null;
  previous_key_enc: Encrypted | null;
  key_rotated_at: EpochMs | null;
  status: Generated<TerminalStatus>;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface ChannelConfigsTable {
  id: string;
  merchant_id: string;
  app_id: string;
  /** The mode of the app, copied so that the registry need not join apps. */
  mode: AppMode;
  provider: string;
  /** JSON arrays of the payways, sub_payways and currencies the configuration serves. */
  payways: JsonText;
  sub_payways: JsonText;
  currencies: JsonText;
  /** The provider's base URL, without a trailing slash. */
  base_url: string;
  /** JSON object of the credentials, named as the provider names them. */
  credentials_enc: Encrypted;
  /** JSON object the connector keeps between calls (ConnectorStateStore), or null before it saves any. */
  state_enc: Encrypted | null;
  status: Generated<ChannelConfigStatus>;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface ChargesTable {
  id: string;
  merchant_id: string;
  app_id: string;
  out_trade_no: string;
  request_hash: string;
  amount: MinorUnits;
  currency: string;
  amount_refunded: Generated<MinorUnits>;
  fee: Generated<MinorUnits>;
  status: ChargeStatus;
  payway: string;
  sub_payway: string | null;
  subject: string;
  description: string | null;
  auth_code_masked: string | null;
  buyer_id: string | null;
  terminal_sn: string | null;
  store_id: string | null;
  channel: string | null;
  channel_trade_no: string | null;
  qr_code: string | null;
  pay_url: string | null;
  notify_url: string | null;
  metadata: JsonText | null;
  failure_code: string | null;
  failure_message: string | null;
  paid_at: EpochMs | null;
  settled_at: EpochMs | null;
  canceled_at: EpochMs | null;
  closed_at: EpochMs | null;
  voided_at: EpochMs | null;
  expires_at: EpochMs | null;
  /** The local day whose daily totals count this charge, while they do (null once released). */
  limit_day: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  /** Optimistic-concurrency counter, bumped on every update. */
  version: Generated<number>;
}

export interface ChargeFlowsTable {
  id: string;
  merchant_id: string;
  charge_id: string;
  kind: ChargeFlowKind;
  status: FlowStatus;
  biz_result: BizResult | null;
  amount: MinorUnits;
  refund_id: string | null;
  channel_trade_no: string | null;
  error_code: string | null;
  error_message: string | null;
  /** JSON `{provider, code, message}` of the upstream answer, verbatim. */
  channel_error: JsonText | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface RefundsTable {
  id: string;
  merchant_id: string;
  app_id: string;
  charge_id: string;
  refund_no: string;
  amount: MinorUnits;
  /** The charge's currency. */
  currency: string;
  status: RefundStatus;
  reason: string | null;
  funded_from_pending: Generated<MinorUnits>;
  funded_from_available: Generated<MinorUnits>;
  failure_code: string | null;
  failure_message: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  succeeded_at: EpochMs | null;
}

export interface TransfersTable {
  id: string;
  merchant_id: string;
  app_id: string;
  mode: 'test' | 'live';
  kind: 'transfer' | 'red_envelope';
  out_transfer_no: string;
  amount: MinorUnits;
  currency: string;
  channel: string;
  /** JSON of the destination (bank account, e-wallet or wallet user). */
  destination: JsonText;
  remark: string | null;
  status: TransferStatus;
  submitted: Generated<number>;
  channel_transfer_no: string | null;
  /** Why a PENDING payout waits (transfer_wait_operation), with the URL the payer must open. */
  pending_code: string | null;
  action_url: string | null;
  failure_code: string | null;
  failure_message: string | null;
  channel_error: JsonText | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  finished_at: EpochMs | null;
}

export interface LedgerEntriesTable {
  id: string;
  merchant_id: string;
  /** The mode of the app whose charge or refund moved the money: test and live money never mix. */
  mode: AppMode;
  journal_id: string;
  account: string;
  currency: string;
  /** Signed: debits and credits of one journal sum to zero per currency. */
  amount: MinorUnits;
  ref_type: string;
  ref_id: string;
  created_at: EpochMs;
}

export interface LedgerBalancesTable {
  merchant_id: string;
  mode: AppMode;
  account: string;
  currency: string;
  balance: Generated<MinorUnits>;
  updated_at: EpochMs;
}

export interface JobsTable {
  id: string;
  /** The merchant whose rows the job touches; null only for platform maintenance (e.g. purges). */
  merchant_id: string | null;
  kind: string;
  payload: JsonText;
  status: Generated<JobStatus>;
  run_at: EpochMs;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: EpochMs | null;
  last_error: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface IdempotencyRecordsTable {
  merchant_id: string;
  app_id: string;
  idem_key: string;
  request_hash: string;
  status: IdempotencyStatus;
  response_status: number | null;
  /** JSON object of the response headers to replay. */
  response_headers: JsonText | null;
  response_body: string | null;
  /** While in flight: after this instant the request is presumed crashed and may be taken over. */
  locked_until: EpochMs | null;
  created_at: EpochMs;
  expires_at: EpochMs;
}

export interface RequestNoncesTable {
  merchant_id: string;
  app_id: string;
  nonce: string;
  expires_at: EpochMs;
}

export interface EventsTable {
  id: string;
  merchant_id: string;
  app_id: string;
  type: string;
  object_id: string;
  data: JsonText;
  created_at: EpochMs;
}

export interface WebhookEndpointsTable {
  id: string;
  merchant_id: string;
  app_id: string;
  url: string;
  secret_enc: Encrypted;
  previous_secret_enc: Encrypted | null;
  previous_secret_expires_at: EpochMs | null;
  /** JSON array of event types, `["*"]` for all. */
  event_types: JsonText;
  status: Generated<WebhookEndpointStatus>;
  /** Attempts in a row that got no complete answer in time; reset by any answer. */
  consecutive_timeouts: Generated<number>;
  paused_at: EpochMs | null;
  /** Why the gateway paused the endpoint (`consecutive_timeouts`), while it is paused. */
  pause_reason: string | null;
  /** What the endpoint receives: polypay's events, or Ping++'s (`pingpp`). */
  format: Generated<WebhookFormat>;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export type WebhookFormat = 'polypay' | 'pingpp';

export interface WebhookDeliveriesTable {
  id: string;
  merchant_id: string;
  event_id: string;
  endpoint_id: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: EpochMs | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface WebhookAttemptsTable {
  id: string;
  merchant_id: string;
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  /** JSON object of the headers sent (null before migration 016, as the four below). */
  request_headers: JsonText | null;
  request_body: string | null;
  /** JSON object of the answer's headers; null when no answer came. */
  response_headers: JsonText | null;
  /** The answer's first bytes as text (see WEBHOOK_RESPONSE_BODY_CAP). */
  response_body: string | null;
  response_body_truncated: IntBool | null;
  created_at: EpochMs;
}

/** Running totals of amounts collected per local day, for daily limits. */
export interface DailyTotalsTable {
  merchant_id: string;
  /** `merchant`, `store` or `buyer`. */
  scope: string;
  /** The merchant, store or buyer id. */
  scope_id: string;
  /** Local date `YYYY-MM-DD` in the merchant's time zone. */
  day: string;
  amount: Generated<MinorUnits>;
}

export interface SandboxBuyerActionsTable {
  charge_id: string;
  merchant_id: string;
  kind: 'pay' | 'decline';
  buyer_id: string;
  at: EpochMs;
}

/**
 * One value sealed with the master key, decrypted at start-up to prove the key is the database's.
 * A platform row (no merchant): it belongs to the deployment, like the key itself.
 */
export interface MasterKeyCheckTable {
  id: string;
  sealed: Encrypted;
  created_at: EpochMs;
}

/** A recurring agreement: a buyer signs once, the merchant deducts later within its limits. */
export interface AgreementsTable {
  id: string;
  merchant_id: string;
  app_id: string;
  mode: AppMode;
  /** The channel that holds it (`bybit:<configId>`). */
  channel: string;
  merchant_agreement_no: string | null;
  provider_agreement_no: string | null;
  agreement_type: string;
  scene_code: string;
  product_code: string;
  buyer_id: string | null;
  status: string;
  currency: string;
  currency_type: string;
  /** Minimum units, or null for none. */
  single_limit: string | null;
  /** JSON array of `{period_type, amount}`. */
  period_limits: JsonText;
  /** IANA zone whose calendar bounds the periods. */
  time_zone: string;
  sign_url: string;
  qr_code: string;
  sign_url_expires_at: EpochMs;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface AgreementDeductionsTable {
  id: string;
  agreement_id: string;
  merchant_id: string;
  app_id: string;
  mode: AppMode;
  /** Minimum units. */
  amount: string;
  currency: string;
  /** processing, succeeded, failed. */
  status: string;
  /** Minimum units refunded (successful refunds), which give the quota back. */
  refunded: string;
  provider_trade_no: string | null;
  /** JSON of the provider's crypto payment (currency, amount, chain, exchange_rate, rate_time). */
  crypto_payment: JsonText | null;
  failure_code: string | null;
  /** What the ledger booked, in fiat minor units (crypto-priced deductions: at the rate of their time). */
  ledger_amount: number | null;
  ledger_currency: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A refund of a deduction: pending while the channel processes it, then succeeded or failed once. */
export interface AgreementDeductionRefundsTable {
  id: string;
  deduction_id: string;
  agreement_id: string;
  merchant_id: string;
  app_id: string;
  mode: AppMode;
  /** Minimum units of the deduction's currency. */
  amount: string;
  currency: string;
  /** pending, succeeded, failed. */
  status: string;
  /** The fiat minor units its ledger reservation holds (null: nothing booked). */
  ledger_amount: number | null;
  ledger_currency: string | null;
  reason: string | null;
  provider_refund_no: string | null;
  failure_code: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** What the sandbox channel holds of an agreement, a deduction or a refund (JSON by key). */
export interface SandboxAgreementRecordsTable {
  key: string;
  body: JsonText;
  updated_at: EpochMs;
}

export interface FxQuotesTable {
  id: string;
  merchant_id: string;
  app_id: string;
  from_currency: string;
  to_currency: string;
  /** Decimal string: units of to_currency per unit of from_currency. */
  rate: string;
  expires_at: EpochMs;
  created_at: EpochMs;
}

export interface Database {
  agreements: AgreementsTable;
  agreement_deductions: AgreementDeductionsTable;
  agreement_deduction_refunds: AgreementDeductionRefundsTable;
  sandbox_agreement_records: SandboxAgreementRecordsTable;
  fx_quotes: FxQuotesTable;
  merchants: MerchantsTable;
  apps: AppsTable;
  api_keys: ApiKeysTable;
  stores: StoresTable;
  terminals: TerminalsTable;
  channel_configs: ChannelConfigsTable;
  charges: ChargesTable;
  charge_flows: ChargeFlowsTable;
  refunds: RefundsTable;
  transfers: TransfersTable;
  ledger_entries: LedgerEntriesTable;
  ledger_balances: LedgerBalancesTable;
  jobs: JobsTable;
  idempotency_records: IdempotencyRecordsTable;
  request_nonces: RequestNoncesTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  sandbox_buyer_actions: SandboxBuyerActionsTable;
  daily_totals: DailyTotalsTable;
  master_key_check: MasterKeyCheckTable;
  pingpp_charges: PingppChargesTable;
  pingpp_payouts: PingppPayoutsTable;
  dashboard_sessions: DashboardSessionsTable;
}

/** What a Ping++ charge request carried beyond polypay's charge fields (the Ping++-compatible API). */
export interface PingppChargesTable {
  app_id: string;
  /** The charge's out_trade_no. */
  order_no: string;
  merchant_id: string;
  client_ip: string;
  description: string | null;
  /** JSON object: the request's `extra`, without the buyer's `scan_code` (never kept). */
  extra: JsonText;
  created_at: EpochMs;
}

/**
 * What a Ping++ transfer or red envelope request carried beyond polypay's payout fields (the
 * Ping++-compatible API), by the payout's kind and order number (its out_transfer_no).
 */
export interface PingppPayoutsTable {
  app_id: string;
  kind: 'transfer' | 'red_envelope';
  order_no: string;
  merchant_id: string;
  /** The Ping++ channel asked for (`wx`, `wx_pub`, `wx_lite`, `alipay`, `unionpay`). */
  channel: string;
  /** JSON object of text values: the request's `metadata` (`{}` when it had none). */
  metadata: JsonText;
  /** JSON object: the request's `extra`, without the fields the payout's destination holds. */
  extra: JsonText;
  /** A red envelope's `body` (null for transfers). */
  body: string | null;
  created_at: EpochMs;
}

export type Merchant = Selectable<MerchantsTable>;
export type NewMerchant = Insertable<MerchantsTable>;
export type App = Selectable<AppsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type StoreRow = Selectable<StoresTable>;
export type Terminal = Selectable<TerminalsTable>;
export type ChannelConfig = Selectable<ChannelConfigsTable>;
export type NewChannelConfig = Insertable<ChannelConfigsTable>;
export type Charge = Selectable<ChargesTable>;
export type NewCharge = Insertable<ChargesTable>;
export type ChargeUpdate = Updateable<ChargesTable>;
export type ChargeFlow = Selectable<ChargeFlowsTable>;
export type NewChargeFlow = Insertable<ChargeFlowsTable>;
export type Refund = Selectable<RefundsTable>;
export type Transfer = Selectable<TransfersTable>;
export type NewTransfer = Insertable<TransfersTable>;
export type TransferUpdate = Updateable<TransfersTable>;
export type NewRefund = Insertable<RefundsTable>;
export type LedgerEntry = Selectable<LedgerEntriesTable>;
export type NewLedgerEntry = Insertable<LedgerEntriesTable>;
export type LedgerBalance = Selectable<LedgerBalancesTable>;
export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type IdempotencyRecord = Selectable<IdempotencyRecordsTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookAttempt = Selectable<WebhookAttemptsTable>;
