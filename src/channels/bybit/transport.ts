import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../domain/clock.js';
import { type ChannelHttpClient, channelFaults, parseJsonBody } from '../kit/http-client.js';
import { hmacSha256Hex } from '../kit/signing.js';
import { ChannelIoError } from '../port.js';

/**
 * One Bybit Pay call over the kit's HTTP client: X-BAPI-* headers signed with
 * `hex(HMAC_SHA256(timestamp + api_key + recv_window + body|query))`, the `{retCode, retMsg, result}`
 * envelope read. Bybit's writes are idempotent by the merchant's numbers (external_agreement_no,
 * out_trade_no, out_refund_no), so an answer that says nothing was done (HTTP 5xx: 50000, 50001; retCode
 * 50002; 42900) is retried with exponential backoff and full jitter, waiting at least `retry_after`. A
 * call whose outcome is unknown (timeout, reset) is not retried here: the caller resolves it by query.
 */

export interface BybitCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly merchantId: string;
}

export interface BybitEnvelope {
  readonly retCode: number;
  readonly retMsg: string;
  readonly result: Record<string, unknown> | null;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 200, maxMs: 5_000 };
const RECV_WINDOW = '5000';
const RETRYABLE_CODES = new Set([42900, 50000, 50001, 50002]);

/** Full jitter: a random wait up to base·2^attempt (capped), never below what the provider asked. */
export function backoffMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs = 0,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.max(retryAfterMs, Math.floor(random() * ceiling));
}

export class BybitTransport {
  readonly #http: ChannelHttpClient;
  readonly #baseUrl: string;
  readonly #credentials: BybitCredentials;
  readonly #clock: Clock;
  readonly #retry: RetryPolicy;

  constructor(
    http: ChannelHttpClient,
    baseUrl: string,
    credentials: BybitCredentials,
    clock: Clock,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.#http = http;
    this.#baseUrl = baseUrl;
    this.#credentials = credentials;
    this.#clock = clock;
    this.#retry = retry;
  }

  /** The X-BAPI-* headers for a payload (the raw body, or the query string as sent). */
  headers(payload: string): Record<string, string> {
    const timestamp = String(this.#clock.now());
    const { apiKey, apiSecret } = this.#credentials;
    return {
      'x-bapi-api-key': apiKey,
      'x-bapi-timestamp': timestamp,
      'x-bapi-recv-window': RECV_WINDOW,
      'x-bapi-sign': hmacSha256Hex(apiSecret, `${timestamp}${apiKey}${RECV_WINDOW}${payload}`),
    };
  }

  async post(path: string, fields: Record<string, unknown>, timeoutMs = 30_000): Promise<BybitEnvelope> {
    const body = JSON.stringify({ merchant_id: this.#credentials.merchantId, ...fields });
    return this.#withRetry(() =>
      this.#http.send(this.#baseUrl, {
        path,
        headers: { 'content-type': 'application/json', ...this.headers(body) },
        body,
        timeouts: { totalMs: timeoutMs },
      }),
    );
  }

  async get(
    path: string,
    query: Record<string, string | undefined>,
    timeoutMs = 10_000,
  ): Promise<BybitEnvelope> {
    const params = new URLSearchParams({ merchant_id: this.#credentials.merchantId });
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    const queryString = params.toString();
    return this.#withRetry(() =>
      this.#http.send(this.#baseUrl, {
        method: 'GET',
        path: `${path}?${queryString}`,
        headers: this.headers(queryString),
        timeouts: { totalMs: timeoutMs },
      }),
    );
  }

  async #withRetry(send: () => ReturnType<ChannelHttpClient['send']>): Promise<BybitEnvelope> {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt + 1 >= this.#retry.attempts;
      let envelope: BybitEnvelope;
      try {
        envelope = readEnvelope((await send()).body);
      } catch (error) {
        // An HTTP 5xx (Bybit's 50000 and 50001) did nothing upstream: safe to send again.
        if (!last && error instanceof ChannelIoError && error.flowStatus === 'FAIL_PROTOCOL_1') {
          await sleep(backoffMs(attempt, this.#retry));
          continue;
        }
        throw error;
      }
      if (last || !RETRYABLE_CODES.has(envelope.retCode)) return envelope;
      const retryAfter = Number((envelope.result as { retry_after?: unknown } | null)?.retry_after ?? 0);
      await sleep(backoffMs(attempt, this.#retry, Number.isFinite(retryAfter) ? retryAfter : 0));
    }
  }
}

/** The envelope of any answer the client returned (4xx included: Bybit puts its retCode there too). */
export function readEnvelope(raw: Buffer): BybitEnvelope {
  const json = parseJsonBody(raw) as Partial<BybitEnvelope> | undefined;
  if (json === null || typeof json !== 'object' || typeof json.retCode !== 'number')
    throw channelFaults.parse('Bybit answered without a retCode');
  const result =
    json.result !== null && typeof json.result === 'object' ? (json.result as Record<string, unknown>) : null;
  return { retCode: json.retCode, retMsg: typeof json.retMsg === 'string' ? json.retMsg : '', result };
}
