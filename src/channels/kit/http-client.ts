import { Pool } from 'undici';
import type { FlowStatus } from '../../domain/statuses.js';
import { ChannelIoError } from '../port.js';

/**
 * The HTTP side every connector shares: one keep-alive undici Pool per upstream origin, connect and answer
 * timeouts and a total deadline per call, and every transport fault turned into a ChannelIoError, because
 * once a request may have left, its outcome upstream is unknown and only a query can tell.
 *
 * Flow statuses (Shouqianba's vocabulary, seed 001) given to each fault:
 * - FAIL_IO_1: the connection was refused or reset (the request may have been carried);
 * - FAIL_IO_2: no answer in time (connect, headers, body or the total deadline);
 * - FAIL_PROTOCOL_1: HTTP 5xx, the provider failed while handling it;
 * - FAIL_PROTOCOL_2: an answer that cannot be read (parse error);
 * - FAIL_PROTOCOL_3: an answer whose signature does not verify.
 */

export interface HttpTimeouts {
  /** Time to establish the TCP (and TLS) connection. */
  readonly connectMs: number;
  /** Time to receive the answer's headers, and the longest pause while its body streams. */
  readonly answerMs: number;
  /** Deadline for the whole call, connection to last byte. */
  readonly totalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { connectMs: 3_000, answerMs: 15_000, totalMs: 20_000 };

export interface ChannelHttpRequest {
  readonly method?: 'POST' | 'GET' | 'PUT' | 'DELETE';
  /** Path under the base URL, starting with '/'. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  readonly timeouts?: Partial<HttpTimeouts>;
}

export interface ChannelHttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw bytes, for signature checks over exactly what was received. */
  readonly body: Buffer;
}

export interface ChannelHttpClientOptions {
  readonly timeouts?: Partial<HttpTimeouts>;
  /** Connections per origin (default 16). */
  readonly connections?: number;
  /** How long an idle connection is kept open (default 30 s). */
  readonly keepAliveMs?: number;
}

/** Faults as ChannelIoError, so connectors can raise the same ones for what they read and verify. */
export const channelFaults = {
  parse: (message: string) => new ChannelIoError('FAIL_PROTOCOL_2', 'channel_parse_error', message),
  sign: (message: string) => new ChannelIoError('FAIL_PROTOCOL_3', 'channel_sign_error', message),
  server: (status: number) =>
    new ChannelIoError('FAIL_PROTOCOL_1', 'channel_connection_error', `the channel answered HTTP ${status}`),
  io: (flowStatus: Extract<FlowStatus, 'FAIL_IO_1' | 'FAIL_IO_2'>, message: string) =>
    new ChannelIoError(flowStatus, 'channel_connection_error', message),
};

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);

/** A transport failure of undici or the socket as the ChannelIoError it means. */
export function classifyTransportError(error: unknown, deadlineHit: boolean): ChannelIoError {
  if (error instanceof ChannelIoError) return error;
  const err = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const detail = `${code || err.name || 'error'}: ${err.message ?? String(error)}`;
  if (deadlineHit || TIMEOUT_CODES.has(code) || err.name === 'TimeoutError') {
    return channelFaults.io('FAIL_IO_2', `no answer from the channel in time (${detail})`);
  }
  return channelFaults.io('FAIL_IO_1', `the connection to the channel failed (${detail})`);
}

/**
 * One client per process is enough: pools are keyed by origin, so every configuration that talks to the
 * same upstream host shares its keep-alive connections.
 */
export class ChannelHttpClient {
  readonly #pools = new Map<string, Pool>();
  readonly #timeouts: HttpTimeouts;
  readonly #connections: number;
  readonly #keepAliveMs: number;

  constructor(options: ChannelHttpClientOptions = {}) {
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#connections = options.connections ?? 16;
    this.#keepAliveMs = options.keepAliveMs ?? 30_000;
  }

  /**
   * Sends one request to `baseUrl` + `request.path` and reads the whole answer. Throws ChannelIoError for
   * a transport fault or an HTTP 5xx; any other status is returned for the connector to read.
   */
  async send(baseUrl: string, request: ChannelHttpRequest): Promise<ChannelHttpAnswer> {
    const timeouts = { ...this.#timeouts, ...request.timeouts };
    const url = new URL(baseUrl);
    const pool = this.#pool(url.origin, timeouts.connectMs);
    const path = `${url.pathname.replace(/\/+$/, '')}${request.path}`;
    const deadline = AbortSignal.timeout(timeouts.totalMs);
    let answer: ChannelHttpAnswer;
    try {
      const response = await pool.request({
        method: request.method ?? 'POST',
        path,
        headers: request.headers ?? {},
        body: request.body ?? null,
        headersTimeout: timeouts.answerMs,
        bodyTimeout: timeouts.answerMs,
        signal: deadline,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      answer = { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
    } catch (error) {
      throw classifyTransportError(error, deadline.aborted);
    }
    if (answer.status >= 500) throw channelFaults.server(answer.status);
    return answer;
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  #pool(origin: string, connectMs: number): Pool {
    const key = `${origin}#${connectMs}`;
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.#connections,
        keepAliveTimeout: this.#keepAliveMs,
        connect: { timeout: connectMs },
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }
}

/** The process-wide client connectors use unless given their own. */
let shared: ChannelHttpClient | undefined;
export function sharedHttpClient(): ChannelHttpClient {
  shared ??= new ChannelHttpClient();
  return shared;
}

/** Reads a JSON answer body, or throws channel_parse_error. Strips a UTF-8 BOM. */
export function parseJsonBody(body: Buffer, what = 'answer'): unknown {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch {
    throw channelFaults.parse(`the channel's ${what} is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}
