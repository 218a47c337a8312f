import { createHash } from 'node:crypto';
import { request } from 'undici';
import type { Json } from './wire.js';

/**
 * A client written from sign.md alone, for the wire-level tests: it builds the body bytes and the
 * `Authorization: <sn> <MD5(body + key)>` header by hand, without the connector. Options bend the
 * request the way real clients do (pretty-printed bodies, lower/upper-case MD5, header variants).
 */

export interface HandCallOptions {
  /** The exact body bytes (default: compact JSON of `body`). */
  readonly raw?: string | Buffer;
  readonly upper?: boolean;
  /** Replaces the Authorization header (e.g. a malformed one); `null` leaves it out. */
  readonly authorization?: string | null;
  readonly contentType?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HandAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: Json;
}

export function md5Sign(raw: string | Buffer, key: string, upper = false): string {
  const hex = createHash('md5')
    .update(Buffer.concat([Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'), Buffer.from(key, 'utf8')]))
    .digest('hex');
  return upper ? hex.toUpperCase() : hex;
}

export async function handCall(
  baseUrl: string,
  path: string,
  body: unknown,
  sn: string,
  key: string,
  options: HandCallOptions = {},
): Promise<HandAnswer> {
  const raw = options.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.authorization !== null)
    headers.authorization = options.authorization ?? `${sn} ${md5Sign(raw, key, options.upper)}`;
  const answer = await request(`${baseUrl}${path}`, { method: 'POST', headers, body: raw });
  const text = await answer.body.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // Left empty: the caller checks `text` for non-JSON answers.
  }
  return { status: answer.statusCode, text, json };
}

/** biz_response of an answer, typed loosely for assertions. */
export function bizOf(answer: HandAnswer): {
  result_code?: string;
  error_code?: string;
  error_message?: string;
  data?: Record<string, string>;
  terminal_sn?: string;
  terminal_key?: string;
} {
  return (answer.json.biz_response ?? {}) as ReturnType<typeof bizOf>;
}
