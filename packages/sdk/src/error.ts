/** The `channel_error` of an error envelope: what the payment channel itself answered. */
export interface ChannelError {
  readonly provider: string;
  readonly code: string;
  readonly message: string;
}

/** The one error class the SDK raises: an error envelope of the API, or a failure to reach it. */
export class PolypayError extends Error {
  /** Unified error code (see GET /v1/errors), or `connection_error` when no answer came. */
  readonly code: string;
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly param: string | undefined;
  readonly request_id: string | undefined;
  readonly retryable: boolean;
  readonly retry_after_ms: number | undefined;
  readonly next_action: string | undefined;
  readonly channel_error: ChannelError | undefined;
  /** The charge a failed charge operation stored (a declined charge is kept: retrieve it by this id). */
  readonly charge_id: string | undefined;
  /** The whole error envelope as received. */
  readonly raw: Readonly<Record<string, unknown>>;

  constructor(status: number, body: Record<string, unknown>, options?: { cause?: unknown }) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`, options);
    this.name = 'PolypayError';
    this.status = status;
    this.raw = body;
    this.code = typeof body.code === 'string' ? body.code : 'unknown_error';
    this.param = typeof body.param === 'string' ? body.param : undefined;
    this.request_id = typeof body.request_id === 'string' ? body.request_id : undefined;
    this.retryable = body.retryable === true;
    this.retry_after_ms = typeof body.retry_after_ms === 'number' ? body.retry_after_ms : undefined;
    this.next_action = typeof body.next_action === 'string' ? body.next_action : undefined;
    const channel = body.channel_error as ChannelError | undefined;
    this.channel_error = channel && typeof channel === 'object' ? channel : undefined;
    this.charge_id = typeof body.charge_id === 'string' ? body.charge_id : undefined;
  }
}
