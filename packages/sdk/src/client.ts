import { PolypayError } from './error.js';

/** Signs one request (Node only: the signing secret never belongs in a browser). */
export type RequestSigner = (input: {
  readonly secret: string;
  readonly method: string;
  readonly path: string;
  readonly body: string;
}) => Record<string, string>;

export interface PolypayOptions {
  /** sk_test_… / sk_live_… (or rk_… for reads). Not needed with `credentials` (a dashboard session). */
  readonly apiKey?: string;
  /**
   * A browser signed in with POST /v1/sessions: `same-origin` (or `include`) sends the session cookie
   * instead of an API key; writes then need the session's CSRF token in `headers`.
   */
  readonly credentials?: 'same-origin' | 'include';
  /** Headers sent with every request (e.g. `X-CSRF-Token`); may be changed later with `setHeader`. */
  readonly headers?: Record<string, string>;
  /** Where the API is, e.g. http://127.0.0.1:3000 (default: $POLYPAY_BASE_URL or that; '' for same origin). */
  readonly baseUrl?: string;
  /** The app's signing secret: every request is then signed (X-Polypay-Signature). */
  readonly signingSecret?: string;
  /** Retries of a retryable error (default 2). */
  readonly maxRetries?: number;
  /** Base of the exponential backoff in ms (default 500); the wait is never below `retry_after_ms`. */
  readonly retryBaseMs?: number;
  /** Longest wait between two attempts (default 20 s). */
  readonly retryMaxMs?: number;
  /** Deadline of one attempt in ms (default 60 s). */
  readonly timeoutMs?: number;
  /** `en` or `zh`: the language of error messages. */
  readonly language?: string;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Sent as Idempotency-Key; a POST without one gets a fresh key, kept for its retries. */
  readonly idempotencyKey?: string;
  readonly headers?: Record<string, string>;
}

type Query = Record<string, string | number | boolean | undefined>;

/** The transport: JSON over fetch, envelope unwrapping, idempotency keys, signing and retries. */
export class HttpClient {
  readonly #options: PolypayOptions;
  readonly #baseUrl: string;
  readonly #signer: RequestSigner | undefined;
  readonly #headers: Record<string, string>;

  constructor(options: PolypayOptions, signer?: RequestSigner) {
    if (!options.apiKey && !options.credentials) throw new TypeError('apiKey is required');
    if (options.signingSecret && !signer) {
      throw new TypeError('signingSecret needs the Node entry point of @polypay/sdk');
    }
    this.#options = options;
    this.#signer = signer;
    this.#headers = { ...options.headers };
    // `process` is Node's; a browser bundle has none.
    const node = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    const fromEnv = node?.env?.POLYPAY_BASE_URL;
    this.#baseUrl = (options.baseUrl ?? fromEnv ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  }

  /** Sets (or with `undefined` removes) a header sent with every later request. */
  setHeader(name: string, value: string | undefined): void {
    if (value === undefined) delete this.#headers[name];
    else this.#headers[name] = value;
  }

  async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params?: { body?: unknown; query?: Query },
    options: RequestOptions = {},
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params?.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const pathWithQuery = search.size > 0 ? `${path}?${search}` : path;
    const body = params?.body === undefined ? undefined : JSON.stringify(params.body);
    // One key for every attempt: the server answers a retry with the first attempt's result.
    // Web Crypto's randomUUID: in Node 20 and every current browser, with no import.
    const idempotencyKey = options.idempotencyKey ?? (method === 'POST' ? crypto.randomUUID() : undefined);
    const maxRetries = this.#options.maxRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        ...(this.#options.apiKey ? { authorization: `Bearer ${this.#options.apiKey}` } : {}),
        ...this.#headers,
        accept: 'application/json',
        ...(this.#options.language ? { 'accept-language': this.#options.language } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...options.headers,
      };
      // Signed afresh each attempt: a nonce is accepted once.
      if (this.#options.signingSecret && this.#signer) {
        Object.assign(
          headers,
          this.#signer({
            secret: this.#options.signingSecret,
            method,
            path: pathWithQuery,
            body: body ?? '',
          }),
        );
      }
      let error: PolypayError;
      try {
        const response = await (this.#options.fetch ?? fetch)(`${this.#baseUrl}${pathWithQuery}`, {
          method,
          headers,
          ...(this.#options.credentials ? { credentials: this.#options.credentials } : {}),
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(this.#options.timeoutMs ?? 60_000),
        });
        const text = await response.text();
        const parsed = parseJson(text);
        if (response.ok && parsed && parsed.code === 0) return parsed.data as T;
        error = new PolypayError(
          response.status,
          parsed ?? { code: 'invalid_response', message: `HTTP ${response.status}: ${text.slice(0, 200)}` },
        );
      } catch (cause) {
        // No answer at all. Retrying is safe only when a repeat cannot act twice: a read, or a POST
        // carrying an idempotency key (always, unless the caller removed it).
        error = new PolypayError(
          0,
          {
            code: 'connection_error',
            message: `Could not reach polypay at ${this.#baseUrl}: ${(cause as Error).message}`,
            retryable: method === 'GET' || idempotencyKey !== undefined,
          },
          { cause },
        );
      }
      if (!error.retryable || attempt >= maxRetries) throw error;
      await sleep(this.retryDelay(attempt, error.retry_after_ms));
    }
  }

  /** Exponential backoff with full jitter, never shorter than what the server asked for. */
  retryDelay(attempt: number, retryAfterMs: number | undefined): number {
    const base = this.#options.retryBaseMs ?? 500;
    const cap = this.#options.retryMaxMs ?? 20_000;
    const backoff = Math.min(cap, base * 2 ** attempt);
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    return Math.min(cap, Math.max(retryAfterMs ?? 0, jittered));
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A page of a list, as the API answers it. */
export interface Page<T> {
  readonly items: T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;
}

/** Every item of a list across pages, fetched page by page as the loop advances. */
export async function* autoPage<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items;
    if (!page.has_more || page.next_cursor === null) return;
    cursor = page.next_cursor;
  }
}
