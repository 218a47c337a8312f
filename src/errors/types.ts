/** How a client should retry after an error. */
export type RetryStrategy = 'backoff' | 'query_first' | 'never';

/** Coarse class of an error; drives the HTTP status family and client handling. */
export type ErrorCategory =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'idempotency'
  | 'business'
  | 'channel'
  | 'server';

export type Provider = 'shouqianba' | 'eftpay' | 'bybit' | 'paycools';
export const PROVIDERS: readonly Provider[] = ['shouqianba', 'eftpay', 'bybit', 'paycools'];

export interface LocalizedText {
  readonly en: string;
  readonly zh: string;
}

/** One entry of the unified catalog, as data. */
export interface ErrorDefinition {
  readonly httpStatus: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503 | 504;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly retryStrategy: RetryStrategy;
  /** snake_case hint of what the caller should do next, e.g. `fix_request`, `query_charge`. */
  readonly nextAction: string;
  readonly messages: LocalizedText;
  readonly customerMessage: LocalizedText;
}

/** An upstream code of one provider and the unified code it maps to. */
export interface UpstreamMapping {
  readonly provider: Provider;
  readonly code: string;
  /** The upstream message, verbatim from the provider's documentation. */
  readonly message: string;
  readonly unified: string;
}
