import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The digests and canonical forms upstream providers sign with. Every function takes the exact bytes (or
 * string, hashed as UTF-8) that were sent or received: signatures are over raw bytes, never over a
 * re-serialised object.
 */

export type Signable = string | Buffer | Uint8Array;

export function md5Hex(data: Signable, options: { upper?: boolean } = {}): string {
  const hex = createHash('md5').update(data).digest('hex');
  return options.upper ? hex.toUpperCase() : hex;
}

export function sha1Hex(data: Signable, options: { upper?: boolean } = {}): string {
  const hex = createHash('sha1').update(data).digest('hex');
  return options.upper ? hex.toUpperCase() : hex;
}

export function sha256Hex(data: Signable, options: { upper?: boolean } = {}): string {
  const hex = createHash('sha256').update(data).digest('hex');
  return options.upper ? hex.toUpperCase() : hex;
}

export function hmacSha256Hex(key: Signable, data: Signable, options: { upper?: boolean } = {}): string {
  const hex = createHmac('sha256', key).update(data).digest('hex');
  return options.upper ? hex.toUpperCase() : hex;
}

/** Bytes of `parts` one after the other (e.g. MD5(body + key) over the raw body). */
export function concatBytes(...parts: Signable[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

export interface SortedFormOptions {
  /** Keys left out of the form (typically the signature field itself). */
  readonly exclude?: readonly string[];
  /** Leave out keys whose value is null, undefined or '' (most Chinese acquirers do). Default true. */
  readonly skipEmpty?: boolean;
}

/**
 * The `k1=v1&k2=v2…` form over keys sorted by code point, values as given (not URL-encoded). Objects and
 * arrays are written as their JSON.
 */
export function sortedForm(
  params: Readonly<Record<string, unknown>>,
  options: SortedFormOptions = {},
): string {
  const exclude = new Set(options.exclude ?? []);
  const skipEmpty = options.skipEmpty ?? true;
  const pairs: string[] = [];
  for (const key of Object.keys(params).sort()) {
    if (exclude.has(key)) continue;
    const value = params[key];
    if (skipEmpty && (value === undefined || value === null || value === '')) continue;
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
    pairs.push(`${key}=${text}`);
  }
  return pairs.join('&');
}

/**
 * Constant-time comparison of two signatures. `caseInsensitive` for hex digests a provider accepts in
 * either case. Different lengths compare false (the length is not secret).
 */
export function signaturesEqual(
  expected: string,
  given: string,
  options: { caseInsensitive?: boolean } = {},
): boolean {
  const a = Buffer.from(options.caseInsensitive ? expected.toLowerCase() : expected, 'utf8');
  const b = Buffer.from(options.caseInsensitive ? given.toLowerCase() : given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
