import type { ChannelErrorDetail } from '../errors/polypay-error.js';

/** The content type of every JSON answer. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** Body of every successful response (seed 000's envelope). */
export interface SuccessEnvelope<T> {
  readonly code: 0;
  readonly message: 'success';
  readonly data: T;
}

/** Body of every failed response. */
export interface ErrorEnvelope {
  readonly code: string;
  readonly message: string;
  /** A message to show the buyer, in the request's language. */
  readonly customer_message: string;
  /** Where the code is documented: GET it for the catalog entry. */
  readonly doc_url: string;
  readonly request_id: string;
  readonly retryable: boolean;
  readonly retry_after_ms?: number;
  readonly next_action: string;
  readonly param?: string;
  readonly channel_error?: ChannelErrorDetail;
  /** The charge a failed charge operation stored (a declined charge is kept). */
  readonly charge_id?: string;
}

export function ok<T>(data: T): SuccessEnvelope<T> {
  return { code: 0, message: 'success', data };
}

/** A page of a cursor-paginated list. */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;
}
