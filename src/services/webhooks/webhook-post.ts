import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { AppMode } from '../../store/index.js';
import {
  addressAllowed,
  literalAddress,
  pinnedLookup,
  type Resolver,
  STRICT_TARGET_POLICY,
  type WebhookTargetPolicy,
} from './target-policy.js';

/*
 * One webhook attempt over HTTP: the connection (only to addresses the policy allows), the deadline, how
 * much of the receiver's answer is read and kept, and the coarse error categories an attempt reports.
 */

export const WEBHOOK_USER_AGENT = 'polypay-webhooks/1';
/** Total time one attempt may take: connecting, sending, the answer's headers and its body. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** At most this much of a receiver's answer is read; past it the connection is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** The first this-many bytes of a receiver's answer are kept with the attempt, for the merchant to see. */
export const WEBHOOK_RESPONSE_BODY_CAP = 4 * 1024;
/** Answer headers kept per attempt (each value cut to 256 characters), so a receiver cannot bloat the row. */
const MAX_RESPONSE_HEADERS = 50;
const MAX_HEADER_VALUE = 256;

/**
 * What an attempt reports. Errors are coarse categories, never the socket's own message, so that the
 * deliveries API cannot be used to probe a network (which port answers, which host exists).
 */
export type AttemptErrorCategory =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns_error'
  | 'tls_error'
  | 'address_not_allowed'
  | 'connection_error';

const ERROR_TEXT: Record<AttemptErrorCategory, string> = {
  timeout: 'timeout: no complete answer in time',
  connection_refused: 'connection_refused: the receiver refused the connection',
  connection_reset: 'connection_reset: the connection was reset',
  dns_error: 'dns_error: the host name could not be resolved',
  tls_error: 'tls_error: the TLS handshake failed',
  address_not_allowed: 'address_not_allowed: the host is not a public address',
  connection_error: 'connection_error: the receiver could not be reached',
};

export interface AttemptResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly category: AttemptErrorCategory | null;
  readonly durationMs: number;
  /** The answer, when one came in full: its headers and its first bytes as text. */
  readonly response?: { headers: Record<string, string>; body: string; truncated: boolean };
}

/** The answer's headers as one string each, at most MAX_RESPONSE_HEADERS of them. */
function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers).slice(0, MAX_RESPONSE_HEADERS)) {
    if (value === undefined) continue;
    kept[name] = (Array.isArray(value) ? value.join(', ') : value).slice(0, MAX_HEADER_VALUE);
  }
  return kept;
}

/**
 * Bytes of an answer as text: invalid UTF-8 becomes U+FFFD (as does a character cut at the cap), and so
 * does NUL, which PostgreSQL text cannot hold. Never throws, whatever the receiver sent.
 */
export function answerText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replaceAll('\u0000', '\uFFFD');
}

/** The category of a failed attempt, from the error undici or the socket raised. */
export function categorize(error: unknown): AttemptErrorCategory {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_ABORTED':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'POLYPAY_BLOCKED_TARGET':
      return 'address_not_allowed';
    case 'ECONNREFUSED':
      return 'connection_refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'connection_reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return 'dns_error';
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'))
  )
    return 'tls_error';
  if (cause !== undefined && cause !== error) {
    const inner = categorize(cause);
    if (inner !== 'connection_error') return inner;
  }
  return 'connection_error';
}

/** Where and how long a sender may connect (a subset of the delivery's dependencies). */
export interface WebhookSenderOptions {
  readonly targets?: WebhookTargetPolicy | undefined;
  readonly resolver?: Resolver | undefined;
  readonly timeoutMs?: number | undefined;
}

/** One undici Agent per app mode, each connecting only to addresses its policy allows. */
export class WebhookSender {
  readonly #agents = new Map<AppMode, Agent>();
  readonly #policy: WebhookTargetPolicy;
  readonly #resolver: Resolver | undefined;
  readonly #timeoutMs: number;

  constructor(options: WebhookSenderOptions) {
    this.#policy = options.targets ?? STRICT_TARGET_POLICY;
    this.#resolver = options.resolver;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  }

  get policy(): WebhookTargetPolicy {
    return this.#policy;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  agentFor(mode: AppMode): Agent {
    let agent = this.#agents.get(mode);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: this.#timeoutMs, lookup: pinnedLookup(mode, this.#policy, this.#resolver) },
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        keepAliveTimeout: 4_000,
      });
      this.#agents.set(mode, agent);
    }
    return agent;
  }
}

function failure(category: AttemptErrorCategory, durationMs: number): AttemptResult {
  return { statusCode: null, error: ERROR_TEXT[category], category, durationMs };
}

/**
 * One POST under one deadline: connecting, sending, the answer's headers and all of its body (read up
 * to 64 KiB) must fit in `timeoutMs`, so a receiver that trickles its answer cannot hold a worker.
 */
export async function post(
  url: string,
  mode: AppMode,
  body: string,
  headers: Record<string, string>,
  sender: WebhookSender,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return failure('connection_error', 0);
  }
  // Names are checked as they are resolved (pinnedLookup); addresses written in the URL, here.
  const literal = literalAddress(target.hostname);
  if (literal !== undefined && !addressAllowed(literal, mode, sender.policy)) {
    return failure('address_not_allowed', 0);
  }
  const signal = AbortSignal.timeout(sender.timeoutMs);
  try {
    const response = await request(target, {
      method: 'POST',
      headers,
      body,
      signal,
      dispatcher: sender.agentFor(mode),
    });
    // The answer's first bytes are kept; the rest is read (up to 64 KiB, within the deadline) and dropped.
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer;
      total += bytes.length;
      if (keptBytes < WEBHOOK_RESPONSE_BODY_CAP) {
        const part = bytes.subarray(0, WEBHOOK_RESPONSE_BODY_CAP - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      if (total > MAX_RESPONSE_BYTES) {
        response.body.destroy();
        break;
      }
    }
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return {
      statusCode: response.statusCode,
      error: ok ? null : `HTTP ${response.statusCode}`,
      category: null,
      durationMs: elapsed(),
      response: {
        headers: keptHeaders(response.headers),
        body: answerText(Buffer.concat(kept)),
        truncated: total > keptBytes,
      },
    };
  } catch (error) {
    return failure(signal.aborted ? 'timeout' : categorize(error), elapsed());
  }
}
