import type { Provider } from './types.js';

export interface ChannelErrorDetail {
  readonly provider: Provider | 'sandbox';
  readonly code: string;
  readonly message: string;
}

export interface PolypayErrorOptions {
  /** The request field at fault, e.g. `amount` or `metadata.order`. */
  readonly param?: string;
  /** A more specific English message than the catalog's. */
  readonly message?: string;
  /** The same specific message in Chinese; without it a Chinese reader gets the English one. */
  readonly messageZh?: string | undefined;
  readonly channelError?: ChannelErrorDetail;
  /** Milliseconds the caller should wait before retrying, when retryable. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * The one error type that crosses layers. `code` is a unified catalog code; the API renders it into the
 * envelope with the catalog's status, retry semantics and next action.
 */
export class PolypayError extends Error {
  readonly code: string;
  readonly param: string | undefined;
  readonly channelError: ChannelErrorDetail | undefined;
  readonly retryAfterMs: number | undefined;
  readonly messageZh: string | undefined;

  constructor(code: string, options: PolypayErrorOptions = {}) {
    super(options.message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolypayError';
    this.code = code;
    this.param = options.param;
    this.channelError = options.channelError;
    this.retryAfterMs = options.retryAfterMs;
    this.messageZh = options.messageZh;
    this.hasCustomMessage = options.message !== undefined;
  }

  /** True when the message was given by the thrower rather than taken from the catalog. */
  readonly hasCustomMessage: boolean;
}

export function isPolypayError(value: unknown): value is PolypayError {
  return value instanceof PolypayError;
}
