import { createHmac } from 'node:crypto';

/**
 * A Bybit Pay client written from the documentation alone, for wire tests of the emulator: X-BAPI-* headers,
 * `hex(HMAC_SHA256(timestamp + api_key + recv_window + body_or_query, api_secret))`.
 */

export interface HandAnswer {
  readonly status: number;
  readonly json: { retCode: number; retMsg: string; result: Record<string, unknown> | null };
  readonly text: string;
}

export interface HandOptions {
  readonly timestamp?: number;
  readonly recvWindow?: string;
  readonly sign?: string;
  readonly headers?: Record<string, string>;
  readonly omit?: readonly string[];
}

export class HandBybit {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
    readonly apiSecret: string,
    readonly merchantId: string,
    /** The provider's clock as the caller believes it (tests that move the emulator clock follow it). */
    readonly now: () => number = Date.now,
  ) {}

  as(apiKey: string, apiSecret: string, merchantId = this.merchantId): HandBybit {
    return new HandBybit(this.baseUrl, apiKey, apiSecret, merchantId, this.now);
  }

  signature(timestamp: string, recvWindow: string, payload: string): string {
    return createHmac('sha256', this.apiSecret)
      .update(`${timestamp}${this.apiKey}${recvWindow}${payload}`)
      .digest('hex');
  }

  #headers(payload: string, options: HandOptions): Record<string, string> {
    const timestamp = String(options.timestamp ?? this.now());
    const recvWindow = options.recvWindow ?? '5000';
    const headers: Record<string, string> = {
      'X-BAPI-API-KEY': this.apiKey,
      'X-BAPI-TIMESTAMP': timestamp,
      'X-BAPI-RECV-WINDOW': recvWindow,
      'X-BAPI-SIGN': options.sign ?? this.signature(timestamp, recvWindow, payload),
      ...options.headers,
    };
    for (const name of options.omit ?? []) delete headers[name];
    return headers;
  }

  async post(path: string, body: Record<string, unknown>, options: HandOptions = {}): Promise<HandAnswer> {
    const text = JSON.stringify({ merchant_id: this.merchantId, ...body });
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...this.#headers(text, options) },
      body: text,
    });
    return answer(response);
  }

  async get(path: string, query: Record<string, string>, options: HandOptions = {}): Promise<HandAnswer> {
    const queryString = Object.entries({ merchant_id: this.merchantId, ...query })
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const response = await fetch(`${this.baseUrl}${path}?${queryString}`, {
      headers: this.#headers(queryString, options),
    });
    return answer(response);
  }
}

async function answer(response: Response): Promise<HandAnswer> {
  const text = await response.text();
  let json: HandAnswer['json'];
  try {
    json = JSON.parse(text) as HandAnswer['json'];
  } catch {
    json = { retCode: -1, retMsg: text, result: null };
  }
  return { status: response.status, json, text };
}
