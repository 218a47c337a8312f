import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../../domain/clock.js';
import { headerValue } from '../../kit/emulator/index.js';
import { hmacSha256Hex, signaturesEqual } from '../../kit/signing.js';
import { BybitRefusal } from './errors.js';
import type { ApiKey, World } from './world.js';

/**
 * The X-BAPI-* checks (reference §3) in the order a gateway makes them: the key header, the key, its
 * permission and IP whitelist, the timestamp against the receive window, then the signature over
 * `timestamp + api_key + recv_window + (raw body | raw query string)`.
 */

const DEFAULT_RECV_WINDOW = 5_000;
const MAX_RECV_WINDOW = 60_000;

export function authenticate(request: FastifyRequest, raw: Buffer, world: World, clock: Clock): ApiKey {
  const apiKey = headerValue(request, 'x-bapi-api-key');
  const timestamp = headerValue(request, 'x-bapi-timestamp');
  const sign = headerValue(request, 'x-bapi-sign');
  if (apiKey === undefined || apiKey === '' || sign === undefined || timestamp === undefined)
    throw new BybitRefusal(40001, 'X-BAPI-API-KEY, X-BAPI-TIMESTAMP and X-BAPI-SIGN are required');
  const key = world.keys.get(apiKey);
  if (key === undefined) throw new BybitRefusal(40001, 'unknown api key');
  if (key.apiSecret === undefined) throw new BybitRefusal(139005004);
  if (key.noPayPermission) throw new BybitRefusal(40002, 'the key has no Bybit Pay permission');
  if (key.ipWhitelist !== undefined && !key.ipWhitelist.includes(request.ip))
    throw new BybitRefusal(40002, `${request.ip} is not whitelisted for this key`);
  const windowText = headerValue(request, 'x-bapi-recv-window') ?? String(DEFAULT_RECV_WINDOW);
  if (!/^[0-9]{1,6}$/.test(windowText) || Number(windowText) < 1 || Number(windowText) > MAX_RECV_WINDOW)
    throw new BybitRefusal(40000, `X-BAPI-RECV-WINDOW must be from 1 to ${MAX_RECV_WINDOW}`);
  const now = clock.now();
  const ts = /^[0-9]{13}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!(ts >= now - Number(windowText) && ts < now + 1_000))
    throw new BybitRefusal(139005003, `server time ${now}, recv_window ${windowText}`);
  const url = request.raw.url ?? '';
  const payload = request.method === 'GET' ? (url.includes('?') ? url.slice(url.indexOf('?') + 1) : '') : raw;
  const headerWindow = headerValue(request, 'x-bapi-recv-window') ?? '';
  const expected = hmacSha256Hex(
    key.apiSecret,
    Buffer.concat([Buffer.from(`${timestamp}${apiKey}${headerWindow}`), Buffer.from(payload)]),
  );
  if (!signaturesEqual(expected, sign, { caseInsensitive: true })) throw new BybitRefusal(139005002);
  return key;
}

/** Sliding one-window counters on the emulator clock (reference §6 rate limits). */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

  /** Undefined when allowed; else the milliseconds until the next call would be. */
  take(key: string, limit: number, windowMs: number, now: number): number | undefined {
    // Hits more than a window ahead of `now` (the clock was moved back) no longer count.
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > now - windowMs && t <= now + windowMs);
    if (hits.length >= limit) {
      this.#hits.set(key, hits);
      return Math.min(windowMs, Math.max(1, hits[0]! + windowMs - now));
    }
    hits.push(now);
    this.#hits.set(key, hits);
    return undefined;
  }

  clear(): void {
    this.#hits.clear();
  }
}
